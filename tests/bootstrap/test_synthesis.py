"""bootorder.bootstrap.synthesis: synthesized ``bootstrap-*`` packages. The founding
chain (bootstrap-binutils, bootstrap-gcc, binutils, gcc) hand-checked, scopes and USE
changes, properties and determinism on generated two-root graphs, the embedded
example on an empty host."""
from __future__ import annotations

import itertools
import json
import random

import networkx as nx
import pytest
from bootstrap_strategies import (
    H,
    assert_only_install_edges_redirected,
    breaks_build_hard_cycles,
    brute_force_minimum,
    dep_graphs,
)
from hypothesis import given, settings, strategies as st

from bootorder.bootstrap.binding import binding_graph, hard_components
from bootorder.bootstrap.synthesis import (
    applied_graph,
    bootstrap_dependents,
    hard_build_graph,
    never,
    plan_schedule,
    remaining_hard_cycles,
    scope_predicate,
    synthesize_bootstrap,
)
from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.order.schedule import build_order

# --- the founding chain, hand-checked -----------------------------------------------

def founding_graph() -> DepGraph:
    """binutils, gcc, glibc, gmp on an empty host (edges as in the corpus + implicit)."""
    g = DepGraph()
    bu = g.add_package("sys-devel/binutils-2.45", H, use=frozenset({"nls"}))
    gcc = g.add_package("sys-devel/gcc-15.2.0", H, use=frozenset({"cxx"}))
    libc = g.add_package("sys-libs/glibc-2.42", H)
    gmp = g.add_package("dev-libs/gmp-6.3.0", H)
    gettext = g.add_package("sys-devel/gettext-0.23", H)
    g.add_dep(gcc, bu, "BDEPEND", atom="sys-devel/binutils:*")
    g.add_dep(bu, gcc, "BDEPEND", atom="sys-devel/gcc", implicit=True)
    g.add_dep(bu, libc, "DEPEND", atom="virtual/libc", implicit=True)
    g.add_dep(bu, gettext, "BDEPEND", atom="sys-devel/gettext", use=("nls",))
    g.add_dep(libc, gcc, "BDEPEND", atom=">=sys-devel/gcc-6.2")
    g.add_dep(libc, bu, "BDEPEND", atom=">=sys-devel/binutils-2.27")
    g.add_dep(gcc, libc, "DEPEND", atom="sys-libs/glibc")
    g.add_dep(gcc, gmp, "DEPEND", atom=">=dev-libs/gmp-4.3.2:0=")
    g.add_dep(gmp, gcc, "BDEPEND", atom="sys-devel/gcc", implicit=True)
    g.add_dep(gmp, bu, "BDEPEND", atom="sys-devel/binutils", implicit=True)
    g.add_dep(gmp, libc, "DEPEND", atom="virtual/libc", implicit=True)
    return g


def test_founding_chain():
    plan = synthesize_bootstrap(founding_graph(), scope="all")
    (fs,) = plan.feedback
    # {gcc, glibc} is as small, but glibc is linked (DEPEND) by three packages
    assert [k.cpv for k in fs.nodes] == ["sys-devel/binutils-2.45", "sys-devel/gcc-15.2.0"]
    assert fs.exact and fs.lower_bound == 2
    order, left = plan_schedule(plan)
    assert [k.cpv for k in order] == [
        "sys-devel/bootstrap-binutils-2.45", "sys-devel/bootstrap-gcc-15.2.0",
        "sys-devel/gettext-0.23", "sys-libs/glibc-2.42", "sys-devel/binutils-2.45",
        "dev-libs/gmp-6.3.0", "sys-devel/gcc-15.2.0"]
    assert left == []
    g = plan.graph
    deps = lambda cpv: sorted((e.dep.cpv, e.cls) for e in g.edges(NodeKey(cpv, H)))  # noqa: E731
    # bootstrap-gcc: host tools + bootstrap-binutils; binutils: built by bootstrap-gcc;
    # gcc: built with the new binutils
    assert deps("sys-devel/bootstrap-gcc-15.2.0") == [
        ("sys-devel/bootstrap-binutils-2.45", "BDEPEND")]
    assert deps("sys-devel/bootstrap-binutils-2.45") == []
    assert ("sys-devel/bootstrap-gcc-15.2.0", "BDEPEND") in deps("sys-devel/binutils-2.45")
    assert ("sys-devel/binutils-2.45", "BDEPEND") in deps("sys-devel/gcc-15.2.0")
    boot = {p.key.cpv: p for p in plan.packages}
    gcc = boot["sys-devel/bootstrap-gcc-15.2.0"]
    assert "C only (no C++ or other languages)" in gcc.differs
    assert 'USE="-* build": turns off cxx' in gcc.differs
    binutils = boot["sys-devel/bootstrap-binutils-2.45"]
    assert [e.dep.cpv for e in binutils.dropped] == [
        "sys-devel/gcc-15.2.0", "sys-devel/gettext-0.23", "sys-libs/glibc-2.42"]
    assert g.node(binutils.key)["synthetic"].startswith("bootstrap copy of sys-devel/binutils")
    assert bootstrap_dependents(plan) == []


def test_unbreakable_scope_leaves_use_conditional_cycles():
    g = DepGraph()
    a, b = g.add_package("x/a-1", H, use=frozenset({"doc"})), g.add_package("x/b-1", H)
    g.add_dep(a, b, "BDEPEND", atom="x/b", use=("doc",))
    g.add_dep(b, a, "BDEPEND", atom="x/a")
    assert synthesize_bootstrap(g).packages == ()
    order, left = plan_schedule(synthesize_bootstrap(g))
    assert [(e.source.cpv, e.dep.cpv) for e in left] == [("x/a-1", "x/b-1")]
    assert [p.key.cpv for p in synthesize_bootstrap(g, scope="all").packages] == ["x/bootstrap-a-1"]


def test_use_changes_decide_what_is_unbreakable():
    """With the flips applied first, only the cycle no flip breaks gets a bootstrap."""
    from bootorder.core.usechange import UseChange
    g = DepGraph()
    a = g.add_package("x/a-1", H, use=frozenset({"doc"}))
    b, c, d = (g.add_package(f"x/{n}-1", H) for n in "bcd")
    g.add_dep(a, b, "BDEPEND", atom="x/b", use=("doc",))
    g.add_dep(b, a, "BDEPEND", atom="x/a")
    g.add_dep(c, d, "BDEPEND", atom="x/d", use=("elibc_glibc",))   # not in IUSE
    g.add_dep(d, c, "BDEPEND", atom="x/c")
    plan = synthesize_bootstrap(g, use_changes=[UseChange("x/a-1", "doc", False)])
    assert [p.real.cpv for p in plan.packages] == ["x/c-1"]
    order, left = plan_schedule(plan)
    assert [(e.source.cpv, e.dep.cpv) for e in left] == [("x/a-1", "x/b-1")]
    assert plan.to_json()["use_changes"] == ["x/a-1 -doc"]
    # no flips at all: the doc cycle is hard too
    assert [p.real.cpv for p in synthesize_bootstrap(g, use_changes=[]).packages] == \
        ["x/a-1", "x/c-1"]


def test_installed_dependency_breaks_nothing():
    g = DepGraph()
    a, b = g.add_package("x/a-1", H), g.add_package("x/b-1", H, installed=True)
    g.add_dep(a, b, "BDEPEND", atom="x/b")
    g.add_dep(b, a, "BDEPEND", atom="x/a")
    assert synthesize_bootstrap(g, scope="all").packages == ()


def test_unknown_scope():
    with pytest.raises(ValueError, match="unknown bootstrap scope"):
        synthesize_bootstrap(DepGraph(), scope="some")


# --- properties on generated two-root graphs ----------------------------------------

@settings(max_examples=150, deadline=None)
@given(dep_graphs(), st.sampled_from(["all", "unbreakable"]))
def test_synthesis_properties(g, scope):
    before = json.dumps(g.to_json(), sort_keys=True)
    plan = synthesize_bootstrap(g, scope=scope)
    assert json.dumps(g.to_json(), sort_keys=True) == before          # input untouched
    order, left = plan_schedule(plan)                                 # raises on a hard cycle
    assert sorted(order) == plan.graph.nodes()
    if scope == "all":
        assert left == []
        assert nx.is_directed_acyclic_graph(hard_build_graph(plan.graph, never))
        # emerge's hardness (bootorder.order.priority): no generated edge is a := runtime edge,
        # so every hard cycle holds a build edge, and the plan has none left
        assert not build_order(plan.graph).hard
        assert remaining_hard_cycles(plan) == 0
    else:   # only cycles through an edge a USE change could remove are left
        assert hard_components(binding_graph(plan.graph, scope_predicate(scope))) == []
    assert bootstrap_dependents(plan) == []
    assert_only_install_edges_redirected(g, plan)
    for p in plan.packages:
        assert p.real in plan.graph.nx and p.real in p.cycle
        assert order.index(p.key) < order.index(p.real)
    for fs in plan.feedback:
        sub = hard_build_graph(g, scope_predicate(scope)).subgraph(fs.component)
        assert len(fs.nodes) == brute_force_minimum(sub)
    first = {k for fs in plan.feedback for k in fs.nodes}
    binding = binding_graph(g, scope_predicate(scope))
    for fs in plan.through_runtime:       # no smaller set of copies breaks what step 1 left
        sub = binding.subgraph(fs.component)
        assert fs.exact and breaks_build_hard_cycles(sub, first | set(fs.nodes))
        assert not any(breaks_build_hard_cycles(sub, first | set(c))
                       for c in itertools.combinations(sorted(sub), len(fs.nodes) - 1))


@settings(max_examples=80, deadline=None)
@given(dep_graphs(), st.data())
def test_synthesis_with_use_changes(g, data):
    from bootorder.bootstrap.synthesis import removed_by
    from bootorder.core.usechange import UseChange
    nodes = [k for k in g.nodes() if "nls" in g.node(k)["use"]]
    flips = data.draw(st.lists(st.sampled_from(nodes), unique=True)) if nodes else []
    flips = [UseChange(k.cpv, "nls", False) for k in flips]
    plan = synthesize_bootstrap(g, use_changes=flips)
    order, left = plan_schedule(plan)
    assert all(removed_by(flips)(plan.graph, e) for e in left)
    assert bootstrap_dependents(plan) == []
    rest = hard_build_graph(plan.graph, removed_by(flips))
    assert nx.is_directed_acyclic_graph(rest)
    assert not build_order(applied_graph(plan)).hard      # emerge's hardness, flips applied


@settings(max_examples=40, deadline=None)
@given(dep_graphs(), st.integers(0, 1000))
def test_synthesis_is_deterministic(g, seed):
    shuffled = DepGraph()
    nodes = list(g.nx.nodes(data=True))
    edges = g.edges()
    rng = random.Random(seed)
    rng.shuffle(nodes)
    rng.shuffle(edges)
    for k, d in nodes:
        shuffled.add_package(k.cpv, k.root, **{a: v for a, v in d.items() if a not in ("cpv", "root")})
    for e in edges:
        shuffled.add_dep(e.source, e.dep, e.cls, atom=e.atom, use=e.use, implicit=e.implicit)
    a = synthesize_bootstrap(g, scope="all").to_json()
    b = synthesize_bootstrap(shuffled, scope="all").to_json()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


# --- the embedded example on an empty host ------------------------------------------

def test_example_empty_host_plan_has_no_hard_cycle(example_dir):
    import bootorder
    from bootorder.bootstrap.synthesis import bootstrap_for
    tree = bootorder.Tree.open([example_dir / "repo"])
    config = bootorder.Config.stage1(
        tree, bootorder.Profile.load(tree, "bootorder-example:default/linux/amd64"))
    plan = bootstrap_for(config, ["@stage1"], host="empty")
    before = build_order(plan.graph)
    assert not before.hard and before.hard_cycles == ()
    assert remaining_hard_cycles(plan) == 0 and plan.to_json()["remaining_hard_cycles"] == 0
    assert plan.to_json()["final_depends_on_bootstrap"] == []
    (p,) = [p for p in plan.packages if p.real.cpv.startswith("app-arch/xz-utils-")]
    assert p.key.cpv.startswith("app-arch/bootstrap-xz-utils-")
    assert {k.cpv.rsplit("-", 1)[0] for k in p.cycle} == {"app-arch/xz-utils",
                                                          "app-portage/elt-patches"}
    # the cycle of the issue: xz-utils DEPEND virtual/libc RDEPEND glibc BDEPEND xz-utils;
    # glibc now builds with the bootstrap copy
    (glibc,) = [k for k in plan.graph.find("sys-libs/glibc") if k.root == p.key.root]
    assert p.key in {e.dep for e in plan.graph.edges(glibc) if e.cls == "BDEPEND"}
    assert glibc in p.used_by
