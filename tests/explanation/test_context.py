"""bootorder.explanation.context: the cycles through a package (a hand-checked table:
hardest edge per step, shortest and hard first, what breaks each with and without a
build order; against networkx's simple_cycles on generated graphs), the edges taking
part, and where packages are built."""
from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings, strategies as st

from bootorder.explanation.context import build_positions, cycles_through, edge_pairs
from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.order.schedule import build_order


def graph() -> DepGraph:
    """a DEPEND b, b RDEPEND+PDEPEND a (soft), b BDEPEND c, c DEPEND a (hard with a -> b);
    i installed, a DEPEND i DEPEND a; a DEPEND a."""
    g = DepGraph()
    a, b, c = (g.add_package(f"x/{n}-1", "host") for n in "abc")
    i = g.add_package("x/i-1", "host", installed=True)
    for src, dep, cls in [(a, b, "DEPEND"), (b, a, "RDEPEND"), (b, a, "PDEPEND"),
                          (b, c, "BDEPEND"), (c, a, "DEPEND"), (a, i, "DEPEND"),
                          (i, a, "DEPEND"), (a, a, "DEPEND")]:
        g.add_dep(src, dep, cls, atom=dep.cpv[:-2])
    return g


A, B, C = (NodeKey(f"x/{n}-1", "host") for n in "abc")
SOFT = ["x/a-1", "x/b-1", "x/a-1"]
HARD = ["x/a-1", "x/b-1", "x/c-1", "x/a-1"]


def summary(cycles) -> list[tuple]:
    return [(c["packages"], c["hard"], [(e["class"], e["priority"]) for e in c["edges"]],
             c["broken_by"]) for c in cycles]


@pytest.mark.parametrize("key, with_order, expected", [
    (A, False, [
        (SOFT, False, [("DEPEND", "buildtime"), ("RDEPEND", "runtime")],
         ["x/b-1 -> x/a-1 (PDEPEND x/a): PDEPEND"]),       # what portage ignores first
        (HARD, True, [("DEPEND", "buildtime"), ("BDEPEND", "buildtime"),
                      ("DEPEND", "buildtime")],
         ["nothing: a hard cycle (a change must break it)"])]),
    (A, True, [                                       # the edges the build order ignored
        (SOFT, False, [("DEPEND", "buildtime"), ("RDEPEND", "runtime")],
         ["x/b-1 -> x/a-1 (RDEPEND x/a): runtime not yet satisfied",
          "x/b-1 -> x/a-1 (PDEPEND x/a): PDEPEND"]),
        (HARD, True, [("DEPEND", "buildtime"), ("BDEPEND", "buildtime"),
                      ("DEPEND", "buildtime")],
         ["x/c-1 -> x/a-1 (DEPEND x/a): hard"])]),
    (C, False, [(["x/c-1", "x/a-1", "x/b-1", "x/c-1"], True,
                 [("DEPEND", "buildtime"), ("DEPEND", "buildtime"), ("BDEPEND", "buildtime")],
                 ["nothing: a hard cycle (a change must break it)"])]),
    (NodeKey("x/i-1", "host"), False, []),                 # installed: in no cycle
    (NodeKey("x/none-1", "host"), False, []),
])
def test_cycles_through(key, with_order, expected):
    g = graph()
    order = build_order(g) if with_order else None
    assert summary(cycles_through(g, key, order)) == expected


@pytest.mark.parametrize("limits, packages", [
    ({"max_length": 2}, [SOFT]),
    ({"max_cycles": 1}, [SOFT]),
    ({"max_length": 3, "max_cycles": 5}, [SOFT, HARD]),
])
def test_limits(limits, packages):
    assert [c["packages"] for c in cycles_through(graph(), A, **limits)] == packages


def test_edge_pairs_leave_out_installed_packages_and_self_dependencies():
    g = graph()
    pairs = edge_pairs(g)
    assert sorted((u.cpv, v.cpv, [e.cls for e in es]) for (u, v), es in pairs.edges.items()) == [
        ("x/a-1", "x/b-1", ["DEPEND"]), ("x/b-1", "x/a-1", ["RDEPEND", "PDEPEND"]),
        ("x/b-1", "x/c-1", ["BDEPEND"]), ("x/c-1", "x/a-1", ["DEPEND"])]
    priced = pairs.priced((B, A))
    assert [(e.cls, p.label, p.hard) for e, p in priced] == [
        ("RDEPEND", "runtime", False), ("PDEPEND", "runtime_post", False)]
    assert pairs.priced((B, A)) is priced                    # computed once
    assert [c["packages"] for c in cycles_through(g, A, pairs=pairs)] == [SOFT, HARD]


def test_build_positions():
    """The build order of graph() ignores c DEPEND a: c, b, a, one per wave."""
    g = graph()
    positions = build_positions(g, [A, B, C, NodeKey("x/i-1", "host")], build_order(g))
    assert [(p["cpv"], p["position"], p["of"], p["wave"], p["waves"], p["installed"])
            for p in positions] == [
        ("x/a-1", 3, 3, 3, 3, False), ("x/b-1", 2, 3, 2, 3, False),
        ("x/c-1", 1, 3, 1, 3, False), ("x/i-1", None, 3, None, 3, True)]


@st.composite
def graphs(draw):
    n = draw(st.integers(1, 6))
    g = DepGraph()
    keys = [g.add_package(f"x/p{i}-1", "host", installed=draw(st.booleans()) and i > 0)
            for i in range(n)]
    for _ in range(draw(st.integers(0, 14))):
        g.add_dep(draw(st.sampled_from(keys)), dep := draw(st.sampled_from(keys)),
                  draw(st.sampled_from(["DEPEND", "BDEPEND", "RDEPEND", "PDEPEND"])),
                  atom=dep.cpv[:-2])
    return g


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_every_simple_cycle_through_the_package_as_networkx_finds_them(g):
    key = NodeKey("x/p0-1", "host")
    built = [k for k in g.nodes() if not g.node(k)["installed"]]
    simple = nx.DiGraph((e.source, e.dep) for e in g.edges()
                        if e.source in built and e.dep in built and e.source != e.dep)
    expected = []
    for cycle in (nx.simple_cycles(simple) if key in simple else ()):
        if key in cycle:
            i = cycle.index(key)
            expected.append([k.cpv for k in cycle[i:] + cycle[:i]] + [key.cpv])
    found = cycles_through(g, key, max_cycles=1000, max_length=10)
    assert sorted(c["packages"] for c in found) == sorted(expected)
    assert [len(c["edges"]) for c in found] == sorted(len(c["edges"]) for c in found)
