"""A resolved graph as a step's merge list: what emerge merges (arguments and what they
reach, not what the root already holds; only the arguments with --nodeps; an installed
argument again unless selective options find its USE unchanged; everything with
--emptytree; with --update --deep --newuse what is missing or built with other USE, build
dependencies of what stays looked at only with bdeps), in an order that puts
dependencies first, with USE as portage records it. The hand-checked tables below are
replayed by emerge in tests/plan/test_stage3.py and test_stage4.py."""
from __future__ import annotations

import pytest

from bootorder.graph.depgraph import DepGraph
from bootorder.plan.model import Installed
from bootorder.plan.steps import deep_update_builds, merges_of, reachable_builds


class NoTree:                           # package_of finds nothing: the node's own USE
    tree = type("T", (), {"has_repo": staticmethod(lambda name: False),
                          "versions": staticmethod(lambda cp: ())})()


def graph():
    g = DepGraph()
    a = g.add_package("a/a-1", "target", target=True, use=frozenset({"x"}))
    b = g.add_package("b/b-1", "target")
    c = g.add_package("c/c-1", "target")
    seed = g.add_package("s/s-1", "host", installed=True)
    g.add_dep(a, b, "RDEPEND", atom="b/b")
    g.add_dep(b, c, "RDEPEND", atom="c/c")
    g.add_dep(a, seed, "BDEPEND", atom="s/s")
    return g


@pytest.mark.parametrize("installed, selective, nodeps, expected", [
    ({}, False, False, ["a/a-1", "b/b-1", "c/c-1"]),
    ({}, False, True, ["a/a-1"]),
    ({"b/b-1": ()}, False, False, ["a/a-1"]),              # emerge does not look behind b
    ({"a/a-1": ("x",)}, False, False, ["a/a-1", "b/b-1", "c/c-1"]),   # --oneshot re-merges
    ({"a/a-1": ("x",)}, True, False, []),                  # --newuse: same USE, nothing
    ({"a/a-1": ()}, True, False, ["a/a-1", "b/b-1", "c/c-1"]),        # USE changed
])
def test_reachable_builds(installed, selective, nodeps, expected):
    found = reachable_builds(graph(), installed, selective=selective, nodeps=nodeps)
    assert [k.cpv for k in found] == expected


def test_merges_of_orders_dependencies_first_and_names_roots():
    merge = merges_of(graph(), NoTree(), ("--oneshot",))
    assert [(m.cpv, m.root, m.use) for m in merge] == [
        ("c/c-1", "target", ()), ("b/b-1", "target", ()), ("a/a-1", "target", ("x",))]
    held = (Installed("a/a-1", ("x",)),)
    assert merges_of(graph(), NoTree(), ("--newuse",), held) == ()


def slash_graph():
    """A step run in / (ROOT=/): a -> b (RDEPEND), a -> t (BDEPEND), t -> u (RDEPEND)."""
    g = DepGraph()
    a = g.add_package("a/a-1", "host", target=True, use=frozenset({"x"}))
    b = g.add_package("b/b-1", "host")
    t = g.add_package("t/t-1", "host")
    u = g.add_package("u/u-1", "host")
    g.add_dep(a, b, "RDEPEND", atom="b/b")
    g.add_dep(a, t, "BDEPEND", atom="t/t")
    g.add_dep(t, u, "RDEPEND", atom="u/u")
    return g


@pytest.mark.parametrize("installed, bdeps, expected", [
    ({}, True, ["a/a-1", "b/b-1", "t/t-1", "u/u-1"]),
    ({"a/a-1": ("x",), "b/b-1": (), "t/t-1": (), "u/u-1": ()}, True, []),
    ({"a/a-1": ("x",), "b/b-1": (), "t/t-1": ()}, True, ["u/u-1"]),    # deep: behind t
    ({"a/a-1": ("x",), "b/b-1": (), "t/t-1": ()}, False, []),         # t only a build dep
    ({"a/a-1": (), "b/b-1": (), "t/t-1": ()}, False, ["a/a-1", "u/u-1"]),  # a rebuilt: all
])
def test_deep_update_builds(installed, bdeps, expected):
    def use(key):
        return tuple(sorted(slash_graph().node(key)["use"]))
    found = deep_update_builds(slash_graph(), installed, use=use, bdeps=bdeps)
    assert [k.cpv for k in found] == expected


def test_merges_in_slash_and_emptytree():
    held = (Installed("b/b-1"), Installed("t/t-1"))
    merged = merges_of(slash_graph(), NoTree(), ("--oneshot",), held, root="host")
    assert [(m.cpv, m.root) for m in merged] == [("a/a-1", "/")]
    rebuilt = merges_of(slash_graph(), NoTree(), ("--emptytree",), held, root="host")
    assert sorted(m.cpv for m in rebuilt) == ["a/a-1", "b/b-1", "t/t-1", "u/u-1"]


def test_deep_newuse_rebuilds_a_held_package_whose_use_changed():
    """A board's second pass (--deep --newuse): b, held from the first pass without x,
    is built again behind a held argument; c, held with the same USE, is not."""
    g = DepGraph()
    a = g.add_package("a/a-1", "target", target=True)
    b = g.add_package("b/b-1", "target", use=frozenset({"x"}))
    c = g.add_package("c/c-1", "target")
    g.add_dep(a, b, "RDEPEND", atom="b/b")
    g.add_dep(b, c, "RDEPEND", atom="c/c")
    held = {"a/a-1": (), "b/b-1": (), "c/c-1": ()}
    assert [k.cpv for k in reachable_builds(g, held, selective=True, nodeps=False,
                                            deep_newuse=True)] == ["b/b-1"]
    assert reachable_builds(g, held, selective=True, nodeps=False) == []
    options = ("--update", "--deep", "--newuse")
    assert [m.cpv for m in merges_of(g, NoTree(), options, [Installed(k, ()) for k in held])] \
        == ["b/b-1"]
