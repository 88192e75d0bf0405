"""bootorder.bootstrap.prebuild: the stage as emerge sees it once packages are pre-built
into / (satisfied edges, what only they pulled in gone, a build that fails an atom on it
built again), and the fewest packages to pre-build, checked by brute force over every
subset on generated graphs."""
from __future__ import annotations

import itertools

from bootstrap_strategies import dep_graphs
from hypothesis import given, settings

from bootorder.bootstrap.prebuild import (
    Stage,
    choosable,
    meets,
    minimum_prebuilt,
    shortest_hard_cycle,
)
from bootorder.bootstrap.reduced import ReducedBuild
from bootorder.graph.depgraph import DepGraph

H, T = "host", "target"


def reduced_all(g: DepGraph, use=None) -> dict:
    return {k: ReducedBuild(k, (use or {}).get(k.cpv, g.node(k)["use"]))
            for k in g.nodes() if choosable(g, k)}


def xz_graph() -> DepGraph:
    """top (target) builds with xz-utils and elt-patches, which build each other; gmp
    is pulled in by elt-patches only."""
    g = DepGraph()
    top = g.add_package("app-misc/top-1", T, target=True)
    xz = g.add_package("app-arch/xz-utils-5.8", H)
    elt = g.add_package("app-portage/elt-patches-2025", H)
    gmp = g.add_package("dev-libs/gmp-6", H)
    g.add_dep(top, xz, "BDEPEND", atom="app-arch/xz-utils")
    g.add_dep(top, elt, "BDEPEND", atom="app-portage/elt-patches")
    g.add_dep(xz, elt, "BDEPEND", atom="app-portage/elt-patches")
    g.add_dep(elt, xz, "BDEPEND", atom="app-arch/xz-utils")
    g.add_dep(elt, gmp, "BDEPEND", atom="dev-libs/gmp")
    return g


def test_a_pre_built_package_is_installed_and_what_only_it_pulled_in_leaves():
    g = xz_graph()
    stage = Stage(g, reduced_all(g))
    assert [k.cpv for k in stage.hard_cycle(stage.state(()))] == [
        "app-arch/xz-utils-5.8", "app-portage/elt-patches-2025"]
    state = stage.state([g.find("elt-patches")[0]])
    assert state.complete and stage.hard_cycle(state) is None
    assert sorted(k.cpv for k in state.alive - state.installed) == [
        "app-arch/xz-utils-5.8", "app-misc/top-1"]          # gmp came with elt-patches only


def test_packages_chosen_for_their_own_cycles_cut_off_another():
    """h1's own cycle needs no package of its own: h0 (for h0 <-> h2) and h3 (for its
    own cycle) are the only ways to h1, so pre-built they leave it out of the stage (a
    search that branched on h1's members and dominators alone took three packages,
    calling it minimum)."""
    g = DepGraph()
    t0 = g.add_package("c/t0-1", T, target=True)
    h0, h1, h2, h3 = (g.add_package(f"c/h{i}-1", H) for i in range(4))
    for u, v in ((t0, h0), (t0, h3), (h0, h1), (h0, h2), (h2, h0), (h1, h1), (h3, h1),
                 (h3, h3)):
        g.add_dep(u, v, "BDEPEND", atom=v.cpv.rsplit("-", 1)[0])
    stage = Stage(g, reduced_all(g))
    found = minimum_prebuilt(stage)
    assert [k.cpv for k in found.nodes] == ["c/h0-1", "c/h3-1"] and found.exact
    assert brute_force(stage) == 2


def test_a_reduced_build_that_fails_an_atom_is_built_again():
    """A C-only gcc does not meet gcc[cxx]: emerge builds gcc again in /, its cycle stays."""
    g = DepGraph()
    top = g.add_package("app-misc/top-1", T, target=True)
    gcc = g.add_package("sys-devel/gcc-15", H, use=frozenset({"cxx"}))
    libc = g.add_package("sys-libs/glibc-2.42", H)
    g.add_dep(top, gcc, "BDEPEND", atom="sys-devel/gcc[cxx]")
    g.add_dep(gcc, libc, "DEPEND", atom="sys-libs/glibc")
    g.add_dep(libc, gcc, "BDEPEND", atom="sys-devel/gcc")
    c_only = reduced_all(g, {"sys-devel/gcc-15": frozenset()})
    from_top, from_libc = g.in_edges(gcc)
    assert not meets(g, from_top, c_only[gcc]) and meets(g, from_libc, c_only[gcc])
    stage = Stage(g, c_only)
    state = stage.state([gcc])
    assert not state.complete and gcc in state.alive
    assert stage.hard_cycle(state) is None        # glibc's edge is satisfied: soft
    assert [k.cpv for k in minimum_prebuilt(stage).nodes] == ["sys-libs/glibc-2.42"]
    whole = Stage(g, reduced_all(g))
    assert [k.cpv for k in minimum_prebuilt(whole).nodes] == ["sys-devel/gcc-15"]


def test_a_dominator_cuts_a_cycle_off_the_targets():
    """a (only a) pulls in the b <-> c cycle: pre-building a leaves it out."""
    g = DepGraph()
    top = g.add_package("x/top-1", T, target=True)
    a, b, c = (g.add_package(f"x/{n}-1", H) for n in "abc")
    g.add_dep(top, a, "BDEPEND", atom="x/a")
    g.add_dep(a, b, "BDEPEND", atom="x/b")
    g.add_dep(b, c, "BDEPEND", atom="x/c")
    g.add_dep(c, b, "BDEPEND", atom="x/b")
    stage = Stage(g, reduced_all(g))
    state = stage.state(())
    cycle = stage.hard_cycle(state)
    assert stage.dominators(state, cycle) == [a, top]          # nearest first
    found = minimum_prebuilt(stage, prefer=lambda nodes: (nodes != {a}, sorted(nodes)))
    assert found.nodes == (a,) and found.exact


def test_no_virtual_and_no_target_package_is_chosen():
    g = DepGraph()
    top = g.add_package("x/top-1", T, target=True)
    v = g.add_package("virtual/libc-1", H)
    libc = g.add_package("sys-libs/glibc-2", H)
    g.add_dep(top, v, "DEPEND", atom="virtual/libc")
    g.add_dep(v, libc, "RDEPEND", atom="sys-libs/glibc")
    g.add_dep(libc, v, "BDEPEND", atom="virtual/libc")
    assert [choosable(g, k) for k in (top, v, libc)] == [False, False, True]
    assert minimum_prebuilt(Stage(g, reduced_all(g))).nodes == (libc,)


def test_shortest_hard_cycle_skips_soft_cycles():
    import networkx as nx
    b = nx.DiGraph()
    b.add_edge(1, 2, hard=False)
    b.add_edge(2, 1, hard=False)
    b.add_edge(3, 4, hard=True)
    b.add_edge(4, 5, hard=False)
    b.add_edge(5, 3, hard=False)
    assert shortest_hard_cycle(b) == [4, 5, 3]


def brute_force(stage: Stage) -> int | None:
    """The size of the smallest set every member of which ends installed and that
    leaves no hard cycle in the host root (every subset tried)."""
    nodes = sorted(stage.reduced)
    for k in range(len(nodes) + 1):
        for subset in itertools.combinations(nodes, k):
            state = stage.state(subset)
            if state.complete and stage.hard_cycle(state) is None:
                return k
    return None


@settings(max_examples=150, deadline=None)
@given(dep_graphs())
def test_the_search_is_minimum_against_every_subset(g):
    roots = [k for k in g.nodes() if k.root == T or not g.nx.in_degree(k)] or g.nodes()[:1]
    for k in roots:
        g.nx.nodes[k]["target"] = True
    stage = Stage(g, reduced_all(g))
    found = minimum_prebuilt(stage)
    best = brute_force(stage)
    state = stage.state(found.nodes)
    if found.exact:
        assert best is not None and len(found.nodes) == best
        assert state.complete and stage.hard_cycle(state) is None
    else:
        assert best is None or len(found.nodes) >= best
