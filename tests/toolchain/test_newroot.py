"""bootorder.toolchain.newroot: ordering builds into a new root on package names. Hard
constraints through support packages, cycles of them cut (implicit, then RDEPEND), tool
constraints honoured or left to the seed (hand-checked tables), Kahn's order against
networkx's lexicographical topological sort, and support packages inserted."""
from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings, strategies as st

from bootorder.graph.depgraph import DepGraph
from bootorder.graph.projection import concrete_links
from bootorder.toolchain.newroot import (
    acyclic_hard,
    constraint_graph,
    hard_constraints,
    kahn,
    plan_with_support,
    soft_constraints,
)

T = "target"


def links(*edges):
    """Concrete links of a one-root graph: ``(dependent, class, dependency[, implicit])``
    on bare names (``gcc`` stands for ``x/gcc-1``)."""
    g = DepGraph()
    for src, cls, dep, *implicit in edges:
        g.add_dep(g.add_package(f"x/{src}-1", T), g.add_package(f"x/{dep}-1", T), cls,
                  atom=f"x/{dep}", implicit=bool(implicit and implicit[0]))
    return concrete_links(g)


def members(*names):
    return {f"x/{n}": None for n in names}


def short(cp: str) -> str:
    return cp.removeprefix("x/")


def test_hard_constraints_cross_support_packages():
    found, support = hard_constraints(links(
        ("gcc", "DEPEND", "zlib"), ("zlib", "RDEPEND", "glibc"),       # through zlib
        ("gcc", "BDEPEND", "binutils"),                                # a tool: not hard
        ("binutils", "DEPEND", "glibc"), ("binutils", "DEPEND", "binutils"),
        ("glibc", "DEPEND", "headers"), ("headers", "DEPEND", "perl")),
        members("gcc", "glibc", "binutils"))
    assert [(short(c.dependent), short(c.dependency), c.link.edge.cls,
             tuple(map(short, c.through)), c.honoured) for c in found] == [
        ("binutils", "glibc", "DEPEND", (), True),
        ("gcc", "glibc", "RDEPEND", ("zlib",), True)]
    assert {short(s): sorted(map(short, by)) for s, by in support.items()} == {
        "zlib": ["gcc"], "headers": ["glibc"], "perl": ["glibc"]}


def test_acyclic_hard_cuts_implicit_then_rdepend():
    found, _ = hard_constraints(links(
        ("gcc", "DEPEND", "glibc"), ("glibc", "RDEPEND", "gcc"),
        ("a", "DEPEND", "b"), ("b", "DEPEND", "a", True)),
        members("gcc", "glibc", "a", "b"))
    assert [(short(c.dependent), short(c.dependency), c.honoured, c.why)
            for c in acyclic_hard(found)] == [
        ("a", "b", True, ""),
        ("b", "a", False, "cut: it closes a cycle of hard constraints"),     # implicit
        ("gcc", "glibc", True, ""),
        ("glibc", "gcc", False, "cut: it closes a cycle of hard constraints")]  # RDEPEND


def test_soft_constraints_honoured_unless_the_tool_needs_its_dependent_first():
    ls = links(("gcc", "DEPEND", "glibc"), ("glibc", "BDEPEND", "gcc"),
               ("gcc", "BDEPEND", "binutils"), ("binutils", "DEPEND", "glibc"))
    ms = members("gcc", "glibc", "binutils")
    hard = acyclic_hard(hard_constraints(ls, ms)[0])
    assert [(short(c.dependent), short(c.dependency), c.honoured, c.why)
            for c in soft_constraints(ls, ms, hard)] == [
        ("gcc", "binutils", True, "the new x/binutils builds x/gcc"),
        ("glibc", "gcc", False, "the seed's x/gcc builds x/glibc: x/gcc needs x/glibc first "
                                "(x/gcc → x/glibc)")]
    dag = constraint_graph(ms, hard + soft_constraints(ls, ms, hard))
    assert sorted(dag.edges) == [("x/binutils", "x/glibc"), ("x/gcc", "x/binutils"),
                                 ("x/gcc", "x/glibc")]


@pytest.mark.parametrize("edges, order, ties", [
    ([("mpfr", "gmp"), ("gcc", "mpfr"), ("gcc", "binutils")],
     ["gmp", "binutils", "mpfr", "gcc"], {"gmp": ["binutils"], "binutils": ["mpfr"]}),
    ([("b", "a"), ("c", "a")], ["a", "b", "c"], {"b": ["c"]}),       # equal waits: by name
    ([], [], {}),
])
def test_kahn(edges, order, ties):
    assert kahn(nx.DiGraph(edges)) == (order, ties)


@st.composite
def dags(draw):
    n = draw(st.integers(1, 8))
    names = [f"p{i}" for i in range(n)]
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                          max_size=15))
    g = nx.DiGraph()
    g.add_nodes_from(names)
    g.add_edges_from((names[a], names[b]) for a, b in edges if a > b)     # acyclic
    return g


@settings(max_examples=200, deadline=None)
@given(dags())
def test_kahn_is_networkx_lexicographical_sort_by_waiting_dependents(dag):
    waiting = {cp: len(nx.ancestors(dag, cp)) for cp in dag}
    order, ties = kahn(dag)
    assert order == list(nx.lexicographical_topological_sort(
        dag.reverse(), key=lambda cp: (-waiting[cp], cp)))
    assert all(order.index(cp) < min(order.index(o) for o in others)
               for cp, others in ties.items())


def test_plan_with_support_inserts_what_each_member_needs_first():
    """headers and perl before glibc, zlib before binutils; glibc RDEPEND libidn2
    closes a cycle (libidn2 links glibc): cut, so libidn2 comes last."""
    ls = links(("glibc", "DEPEND", "headers"), ("headers", "DEPEND", "perl"),
               ("binutils", "DEPEND", "zlib"), ("zlib", "DEPEND", "glibc"),
               ("glibc", "RDEPEND", "libidn2"), ("libidn2", "DEPEND", "glibc"))
    support = {"x/headers": {}, "x/perl": {}, "x/zlib": {}, "x/libidn2": {}}
    assert [short(cp) for cp in plan_with_support(["x/glibc", "x/binutils"], support, ls)] \
        == ["perl", "headers", "glibc", "zlib", "binutils", "libidn2"]
