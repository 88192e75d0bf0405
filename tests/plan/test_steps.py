"""A resolved graph as a step's merge list: what emerge merges (arguments and what they
reach, not what the root already holds; only the arguments with --nodeps; an installed
argument again unless selective options find its USE unchanged), in an order that puts
dependencies first, with USE as portage records it."""
from __future__ import annotations

import pytest

from bootorder.graph.depgraph import DepGraph
from bootorder.plan.model import Installed
from bootorder.plan.steps import merges_of, reachable_builds


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
