"""bootorder.order.cycles on hand-checked graphs (hard scope, rotation, caps, installed
packages, cross-root runtime edges, the shortest scope) and generated ones."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from bootorder.graph.depgraph import DepGraph
from bootorder.order.cycles import find_cycles
from bootorder.render.cycles import format_report


def _ring(classes, root="host"):
    g = DepGraph()
    keys = [g.add_package(f"x/p{i}-1", root) for i in range(len(classes))]
    for i, cls in enumerate(classes):
        g.add_dep(keys[i], keys[(i + 1) % len(keys)], cls, atom=f"x/p{(i + 1) % len(keys)}")
    return g


def test_hard_scope_keeps_only_cycles_emerge_stops_on():
    g = _ring(["DEPEND", "BDEPEND", "DEPEND"])
    g.add_dep(g.find("x/p0-1")[0], g.find("x/p1-1")[0], "RDEPEND", atom="x/p1")
    assert [len(c.edges) for c in find_cycles(g).cycles] == [3]
    assert find_cycles(g).hard
    # a build edge closed by a runtime edge is hard (emerge: build_runtime_cycle case)
    assert [c.hard for c in find_cycles(_ring(["DEPEND", "RDEPEND"])).cycles] == [True]
    for soft in (["DEPEND", "PDEPEND"], ["RDEPEND", "RDEPEND"], ["RDEPEND", "IDEPEND"]):
        assert find_cycles(_ring(soft)).cycles == ()
        assert [c.hard for c in find_cycles(_ring(soft), scope="all").cycles] == [False]


def test_strongest_edge_per_step_and_rotation():
    g = _ring(["RDEPEND", "DEPEND"])
    p0, p1 = g.find("x/p0-1")[0], g.find("x/p1-1")[0]
    g.add_dep(p0, p1, "DEPEND", atom=">=x/p1-1", use=("nls",))
    cycle = find_cycles(g).cycles[0]
    assert [(e.edge.source.cpv, e.edge.cls, e.edge.atom) for e in cycle.edges] == [
        ("x/p0-1", "DEPEND", ">=x/p1-1"), ("x/p1-1", "DEPEND", "x/p0")]


def test_two_cycles_sharing_a_node_and_the_caps():
    g = _ring(["DEPEND", "DEPEND", "DEPEND"])
    p0, p1 = g.find("x/p0-1")[0], g.find("x/p1-1")[0]
    g.add_dep(p1, p0, "DEPEND", atom="x/p0")
    report = find_cycles(g)
    assert [[k.cpv for k in c.nodes] for c in report.cycles] == [
        ["x/p0-1", "x/p1-1"], ["x/p0-1", "x/p1-1", "x/p2-1"]]
    assert len(report.components) == 1 and not report.truncated
    capped = find_cycles(g, max_cycles=1)
    assert len(capped.cycles) == 1 and capped.truncated
    short = find_cycles(g, max_length=2)
    assert [len(c.edges) for c in short.cycles] == [2] and short.truncated


def test_installed_packages_break_nothing_and_are_not_in_cycles():
    g = _ring(["DEPEND", "DEPEND"])
    g.add_package("x/p1-1", "host", installed=True)
    assert find_cycles(g, scope="all").cycles == ()


def test_self_dependency_only_when_hard():
    g = DepGraph()
    a = g.add_package("x/a-1", "host")
    g.add_dep(a, a, "RDEPEND", atom="x/a")
    assert find_cycles(g, scope="all").cycles == ()
    g.add_dep(a, a, "BDEPEND", atom="x/a")
    assert [len(c.edges) for c in find_cycles(g).cycles] == [1]


def test_json_shape_and_text():
    g = DepGraph()
    xz = g.add_package("app-arch/xz-utils-5.8.1", "host", repo="portage-stable")
    elt = g.add_package("app-portage/elt-patches-20250306", "host", repo="portage-stable")
    g.add_dep(xz, elt, "BDEPEND", atom=">=app-portage/elt-patches-20250306")
    g.add_dep(elt, xz, "BDEPEND", atom="app-arch/xz-utils", use=("!static",))
    report = find_cycles(g)
    edges = report.to_json()["cycles"][0]["edges"]
    assert [(e["from"], e["to"], e["class"], e["root"], e["use"], e["atom"]) for e in edges] == [
        ("app-arch/xz-utils-5.8.1", "app-portage/elt-patches-20250306", "BDEPEND", "host", "",
         ">=app-portage/elt-patches-20250306"),
        ("app-portage/elt-patches-20250306", "app-arch/xz-utils-5.8.1", "BDEPEND", "host",
         "!static?", "app-arch/xz-utils")]
    json.dumps(report.to_json())
    assert format_report(g, report) == (
        " * Error: circular dependencies:\n\n"
        "(app-arch/xz-utils-5.8.1:0/0::portage-stable, ebuild scheduled for merge to host)"
        " depends on\n"
        " (app-portage/elt-patches-20250306:0/0::portage-stable, ebuild scheduled for merge"
        " to host) (buildtime)  [BDEPEND >=app-portage/elt-patches-20250306]\n"
        "  (app-arch/xz-utils-5.8.1:0/0::portage-stable, ebuild scheduled for merge to host)"
        " (buildtime, USE=-static)  [BDEPEND app-arch/xz-utils]\n\n"
        "1 cycle(s) (1 hard) in 1 strongly connected component(s)\n")


def test_unknown_scope_and_bad_caps_are_errors():
    with pytest.raises(ValueError, match="unknown cycle scope"):
        find_cycles(DepGraph(), scope="soft")
    with pytest.raises(ValueError, match="cycle caps must be >= 1"):
        find_cycles(DepGraph(), max_length=0)


def test_runtime_edges_of_the_cross_root_are_not_strong():
    g = DepGraph()
    lib = g.add_package("net-dns/libidn2-2.3.8", "target")
    virt = g.add_package("virtual/libc-1", "target")
    libc = g.add_package("sys-libs/glibc-2.43", "target")
    g.add_dep(lib, virt, "DEPEND", atom="virtual/libc", implicit=True)
    g.add_dep(virt, libc, "RDEPEND", atom="sys-libs/glibc")
    g.add_dep(libc, lib, "RDEPEND", atom="net-dns/libidn2")
    assert find_cycles(g).cycles == () and not find_cycles(g).hard
    assert [c.hard for c in find_cycles(g, scope="all").cycles] == [False]
    # the same packages in / (they may run during a build): emerge could not order them
    host = DepGraph()
    keys = [host.add_package(k.cpv, "host") for k in (lib, virt, libc)]
    for e in g.edges():
        host.add_dep(keys[[lib, virt, libc].index(e.source)],
                     keys[[lib, virt, libc].index(e.dep)], e.cls, atom=e.atom)
    assert find_cycles(host).hard


def _two_hard_components():
    g = _ring(["DEPEND", "DEPEND", "DEPEND"])
    p = {n: g.find(f"x/p{n}-1")[0] for n in range(3)}
    g.add_dep(p[0], p[2], "BDEPEND", atom="x/p2", implicit=True)
    q = [g.add_package(f"y/q{i}-1", "host") for i in range(2)]
    g.add_dep(q[0], q[1], "RDEPEND", atom="y/q1")
    g.add_dep(q[1], q[0], "DEPEND", atom="y/q0")
    return g


def test_shortest_scope_gives_one_cycle_per_hard_component_preferring_metadata_edges():
    g = _two_hard_components()
    report = find_cycles(g, scope="shortest")
    assert [[k.cpv for k in c.nodes] for c in report.cycles] == [
        ["y/q0-1", "y/q1-1"], ["x/p0-1", "x/p1-1", "x/p2-1"]]
    assert len(report.components) == 2 and report.hard
    # with metadata edges only the 2-cycle through the implicit edge would not be chosen
    hard = find_cycles(g, scope="hard")
    assert [len(c.edges) for c in hard.cycles] == [2, 2, 3]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6),
                          st.sampled_from(("DEPEND", "BDEPEND", "RDEPEND", "PDEPEND"))),
                max_size=20))
def test_shortest_scope_is_a_shortest_hard_cycle_of_each_hard_component(edges):
    g = DepGraph()
    keys = [g.add_package(f"x/p{i}-1", "host") for i in range(7)]
    for u, v, cls in edges:
        g.add_dep(keys[u], keys[v], cls, atom=f"x/p{v}")
    every = find_cycles(g, scope="hard", max_length=7, max_cycles=10**6)
    shortest = find_cycles(g, scope="shortest")
    assert shortest.components == every.components == shortest.hard_components
    assert len(shortest.cycles) == len(shortest.components)
    for comp in shortest.components:
        mine = [c for c in shortest.cycles if set(c.nodes) <= set(comp)]
        theirs = [len(c.edges) for c in every.cycles if set(c.nodes) <= set(comp)]
        assert len(mine) == 1 and mine[0].hard and len(mine[0].edges) == min(theirs)
