"""bootorder.bootstrap.binding: which pairs bind a build by emerge's rule and which a
bootstrap copy takes over: hard cycles through runtime edges (``:=``, virtual/libc's
RDEPEND), strong ``IDEPEND`` edges served by a copy, soft ones left alone; checked on
hand-written ebuild sets and by brute force on generated graphs with ``:=`` edges."""
from __future__ import annotations

import itertools

import networkx as nx
import pytest
from bootstrap_strategies import (
    LOCALE_GEN_EBUILDS,
    RUNTIME_EBUILDS,
    H,
    T,
    assert_only_install_edges_redirected,
    breaks_build_hard_cycles,
    dep_graphs,
    graph_of,
)
from hypothesis import given, settings, strategies as st

from bootorder.bootstrap.binding import binding_graph
from bootorder.bootstrap.synthesis import (
    bootstrap_dependents,
    hard_build_graph,
    never,
    plan_schedule,
    remaining_hard_cycles,
    synthesize_bootstrap,
)
from bootorder.graph.depgraph import DepGraph
from bootorder.order.schedule import build_order
from bootorder.render.bootstrap import format_plan

# --- emerge's hardness (bootorder.order.priority) on the plans of an empty host -----

def test_runtime_edge_cycle_gets_its_own_copy():
    """Step 1 pre-builds elt-patches (xz-utils is linked); the hard cycle through
    virtual/libc's RDEPEND is left to a second, minimum set (checked by emerge below)."""
    plan = synthesize_bootstrap(graph_of(RUNTIME_EBUILDS), scope="all")
    assert [[k.cpv for k in fs.nodes] for fs in plan.feedback] == [
        ["app-portage/elt-patches-20250718"]]
    assert [([k.cpv for k in fs.nodes], fs.exact) for fs in plan.through_runtime] == [
        (["app-arch/xz-utils-5.8.3"], True)]
    (p,) = [p for p in plan.packages if p.real.cpv == "app-arch/xz-utils-5.8.3"]
    assert [k.cpv for k in p.cycle] == ["app-arch/xz-utils-5.8.3", "virtual/libc-1",
                                        "sys-libs/glibc-2.42"]
    assert build_order(synthesize_bootstrap(graph_of(RUNTIME_EBUILDS), scope="all",
                                            budget=0).graph).hard is False
    assert build_order(graph_of(RUNTIME_EBUILDS)).hard and not build_order(plan.graph).hard
    assert remaining_hard_cycles(plan) == 0 and bootstrap_dependents(plan) == []


# --- IDEPEND edges taken over by bootstrap copies -----------------------------------

def test_idepend_cycle_gets_a_copy_of_locale_gen():
    """The corpus's perl := libcrypt ... glibc IDEPEND locale-gen RDEPEND perl: no build
    edge, hard through perl's := RDEPEND; bootstrap-locale-gen serves glibc's IDEPEND."""
    g = graph_of(LOCALE_GEN_EBUILDS)
    assert build_order(g).hard and hard_build_graph(g).number_of_edges() == 1
    plan = synthesize_bootstrap(g)
    assert plan.feedback == ()
    assert [p.key.cpv for p in plan.packages] == ["sys-apps/bootstrap-locale-gen-3.9"]
    (fs,) = plan.through_runtime
    assert ([k.cpv for k in fs.nodes], fs.exact) == (["sys-apps/locale-gen-3.9"], True)
    assert [(e.source.cpv, e.dep.cpv, e.cls) for e in plan.redirected] == [
        ("sys-libs/glibc-2.43-r2", "sys-apps/locale-gen-3.9", "IDEPEND")]
    glibc = plan.graph.find("sys-libs/glibc")[0]
    assert [(e.dep.cpv, e.cls) for e in plan.graph.edges(glibc)] == [
        ("sys-apps/bootstrap-locale-gen-3.9", "IDEPEND")]
    (p,) = plan.packages
    assert [k.cpv for k in p.cycle] == ["sys-apps/locale-gen-3.9", "dev-lang/perl-5.42.2",
                                        "virtual/libcrypt-2-r1", "sys-libs/libxcrypt-4.5.2",
                                        "sys-libs/glibc-2.43-r2"]
    assert p.used_by == (glibc,) and plan.graph.edges(p.key) == []
    assert remaining_hard_cycles(plan) == 0 and not build_order(plan.graph).hard
    assert bootstrap_dependents(plan) == []
    text = format_plan(plan)
    assert "build_order finds no hard cycle in the plan" in text
    assert "    used to install sys-libs/glibc-2.43-r2" in text and "used to build" not in text


def test_idepend_copy_only_from_the_host_root():
    """A target-root package's IDEPEND is never strong (cross root): nothing to take over."""
    g = graph_of(LOCALE_GEN_EBUILDS)
    t = g.add_package("sys-apps/t-1", T)
    g.add_dep(t, g.find("sys-apps/locale-gen")[0], "IDEPEND", atom="sys-apps/locale-gen")
    plan = synthesize_bootstrap(g)
    assert [(e.source.cpv, e.dep.cpv) for e in plan.graph.edges(t)] == [
        ("sys-apps/t-1", "sys-apps/locale-gen-3.9")]
    assert bootstrap_dependents(plan) == []


def soft_idepend_graph(slot_op: bool) -> DepGraph:
    """A hard build cycle aa <-> bb and a cycle bb RDEPEND cc IDEPEND bb sharing bb."""
    g = DepGraph()
    aa, bb, cc = (g.add_package(f"a/{n}-1", H) for n in ("aa", "bb", "cc"))
    g.add_dep(aa, bb, "BDEPEND", atom="a/bb")
    g.add_dep(bb, aa, "BDEPEND", atom="a/aa")
    g.add_dep(bb, cc, "RDEPEND", atom="a/cc")
    g.add_dep(cc, bb, "IDEPEND", atom="a/bb:=" if slot_op else "a/bb",
              slot_operator="=" if slot_op else None)
    return g


def test_soft_idepend_cycle_gets_no_copy():
    """Step 1 pre-builds aa; bb RDEPEND cc IDEPEND bb is soft (emerge merges it as a
    group): no copy for it, nothing redirected; with := on the IDEPEND it is hard and
    bb gets a copy serving cc's IDEPEND."""
    plan = synthesize_bootstrap(soft_idepend_graph(slot_op=False), scope="all")
    assert [p.key.cpv for p in plan.packages] == ["a/bootstrap-aa-1"]
    assert plan.through_runtime == ()
    assert [e.cls for e in plan.redirected] == ["BDEPEND"]
    assert remaining_hard_cycles(plan) == 0 and bootstrap_dependents(plan) == []
    hard = synthesize_bootstrap(soft_idepend_graph(slot_op=True), scope="all")
    assert [p.key.cpv for p in hard.packages] == ["a/bootstrap-aa-1", "a/bootstrap-bb-1"]
    assert [[k.cpv for k in fs.nodes] for fs in hard.through_runtime] == [["a/bb-1"]]
    assert [(e.source.cpv, e.cls) for e in hard.redirected
            if e.dep.cpv == "a/bb-1"] == [("a/cc-1", "IDEPEND")]
    assert remaining_hard_cycles(hard) == 0 and bootstrap_dependents(hard) == []


def test_pure_soft_idepend_cycle_is_left_alone():
    g = DepGraph()
    a, b = g.add_package("x/a-1", H), g.add_package("x/b-1", H)
    g.add_dep(a, b, "RDEPEND", atom="x/b")
    g.add_dep(b, a, "IDEPEND", atom="x/a")
    plan = synthesize_bootstrap(g, scope="all")
    assert plan.packages == () and plan.redirected == () and remaining_hard_cycles(plan) == 0


# --- := runtime edges on generated graphs -------------------------------------------

@settings(max_examples=150, deadline=None)
@given(dep_graphs(slot_ops=True))
def test_synthesis_with_slot_op_runtime_edges(g):
    """With := runtime edges: every hard cycle left holds no pair a copy could take over,
    and the copies for the hard cycles through runtime edges are minimum unless a hard
    cycle of runtime pairs only is left anyway (see test_walk_borrowing_a_hard_cycle)."""
    plan = synthesize_bootstrap(g, scope="all")
    order, left = plan_schedule(plan)
    assert left == [] and bootstrap_dependents(plan) == []
    assert_only_install_edges_redirected(g, plan)
    assert breaks_build_hard_cycles(binding_graph(plan.graph, never), ())
    first = {k for fs in plan.feedback for k in fs.nodes}
    binding = binding_graph(g, never)
    for fs in plan.through_runtime:
        sub = binding.subgraph(fs.component)
        assert fs.exact and breaks_build_hard_cycles(sub, first | set(fs.nodes))
        if not rest_only_hard_cycle(sub):
            assert not any(breaks_build_hard_cycles(sub, first | set(c))
                           for c in itertools.combinations(sorted(sub), len(fs.nodes) - 1))


def rest_only_hard_cycle(sub) -> bool:
    """Whether ``sub`` has a hard cycle of ``rest`` pairs only (no copy breaks it)."""
    rest = nx.DiGraph([(u, v, d) for u, v, d in sub.edges(data=True) if d["rest"]])
    return any(any(rest.edges[u, v]["rest_hard"] for u, v in zip(c, c[1:] + c[:1]))
               for c in nx.simple_cycles(rest))


@pytest.mark.xfail(strict=True, reason="entry_graph labels walks: a soft IDEPEND cycle "
                   "touching a hard cycle of runtime pairs only borrows its hardness")
def test_walk_borrowing_a_hard_cycle():
    """a RDEPEND b:= RDEPEND a is hard and left (no copy breaks it); a RDEPEND u IDEPEND
    x RDEPEND a is soft, yet its walk through a -> b -> a is called hard: x gets a copy
    it does not need (the component stays hard either way)."""
    g = DepGraph()
    a, b, u, x = (g.add_package(f"x/{n}-1", H) for n in "abux")
    g.add_dep(a, b, "RDEPEND", atom="x/b:=", slot_operator="=")
    g.add_dep(b, a, "RDEPEND", atom="x/a")
    g.add_dep(a, u, "RDEPEND", atom="x/u")
    g.add_dep(u, x, "IDEPEND", atom="x/x")
    g.add_dep(x, a, "RDEPEND", atom="x/a")
    plan = synthesize_bootstrap(g, scope="all")
    assert remaining_hard_cycles(plan) == 1
    assert plan.packages == ()


# --- the plan graph's binding pairs kept up to date (PlanBinding) ---------------------

@settings(max_examples=150, deadline=None)
@given(dep_graphs(slot_ops=True), st.data())
def test_refreshed_pairs_are_the_pairs_computed_anew(g, data):
    """Moving edges and adding edges, then refreshing only their sources, gives the
    binding graph computed from scratch (what PlanBinding stands in for)."""
    from bootorder.bootstrap.binding import Overlay, PlanBinding
    from bootorder.bootstrap.copies import add_bootstrap_node, move_edge
    from bootorder.order.priority import installed_index
    out = g.copy()
    state = PlanBinding(out, never, nx.DiGraph(binding_graph(out, never)), installed_index(g))
    edges = out.edges()
    if edges:
        moved = data.draw(st.lists(st.sampled_from(edges), max_size=3, unique=True))
        copies = {e.dep: add_bootstrap_node(g, out, e.dep, "c/h0") for e in moved}
        state.binding.add_nodes_from(copies.values())
        for e in moved:
            move_edge(out, e, copies[e.dep])
        for b in copies.values():
            out.add_dep(b, data.draw(st.sampled_from(out.nodes())), "DEPEND", atom="x/y")
        state.changed([e.source for e in moved] + list(copies.values()))
    fresh = binding_graph(out, never)
    assert sorted(state.binding.edges(data=True)) == sorted(fresh.edges(data=True))
    assert set(state.binding.nodes) == set(fresh.nodes)
    overlay = Overlay(state.binding)
    for u, v in itertools.product(sorted(fresh)[:4], repeat=2):
        assert overlay.has_path(u, v) == nx.has_path(fresh, u, v)
