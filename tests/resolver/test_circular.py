"""CircularMap: an any-of alternative naming a package of the dependent's circular map is
taken last (dep_zapdeps after emerge's restart), in each of its roots, and only for that
dependent."""
from __future__ import annotations

import pytest
from minirepo import write_repo

from bootorder.config.configuration import Config
from bootorder.config.profile import Profile
from bootorder.graph.depgraph import NodeKey
from bootorder.resolver.circular import CircularMap
from bootorder.resolver.resolution import resolve
from bootorder.tree.repository import Tree

EBUILDS = {
    "x/top-1": {"RDEPEND": "|| ( x/a x/b )", "BDEPEND": "|| ( x/a x/b )"},
    "x/other-1": {"RDEPEND": "|| ( x/a x/b )"},
    "x/a-1": {}, "x/b-1": {},
}


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    tree = Tree.open([write_repo(tmp_path_factory.mktemp("circular"), EBUILDS)])
    return Config(tree, Profile.load(tree, "mini:default"))


def chosen(graph, source: str, root: str) -> list[str]:
    return sorted(e.dep.cpv for e in graph.edges(NodeKey(source, root)))


@pytest.mark.parametrize("root", ["target", "host"])
def test_an_alternative_in_the_map_is_taken_last(config, root):
    plain = resolve(config, ["x/top", "x/other"], host="empty", implicit=False)
    assert chosen(plain, "x/top-1", "target") == ["x/a-1", "x/a-1"]
    circular = {NodeKey("x/top-1", "target"): frozenset({NodeKey("x/a-1", root)})}
    graph = resolve(config, ["x/top", "x/other"], host="empty", implicit=False,
                    circular=circular)
    # the map names a package: its alternatives lose in both of top's roots
    assert chosen(graph, "x/top-1", "target") == ["x/b-1", "x/b-1"]
    alone = resolve(config, ["x/other"], host="empty", implicit=False, circular=circular)
    assert chosen(alone, "x/other-1", "target") == ["x/a-1"]  # not in the map: as before


def test_the_walk_uses_the_mixin():
    from bootorder.resolver import resolution
    assert issubclass(resolution._Resolver, CircularMap)
