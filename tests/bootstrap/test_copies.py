"""bootorder.bootstrap.copies: what one ``bootstrap-*`` copy is. Its name and node
(``USE="-* build"``, C only for the compiler), its dependencies under that USE with the
other copies in place of the cycle's members (hand-checked on binutils and gcc), the
lines saying how it differs, and on generated components: the copies never form a cycle
and every dependency of a member is either kept by its copy or reported dropped."""
from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings, strategies as st

from bootorder.bootstrap.binding import Overlay
from bootorder.bootstrap.copies import (
    add_bootstrap_node,
    bootstrap_cpv,
    differs,
    edge_rank,
    move_edge,
    wire_bootstraps,
)
from bootorder.core.depclass import HOLDS_MERGE
from bootorder.graph.depgraph import DepGraph

H = "host"


@pytest.mark.parametrize("cpv, copy", [
    ("sys-libs/glibc-2.43-r2", "sys-libs/bootstrap-glibc-2.43-r2"),
    ("sys-devel/gcc-15.2.0", "sys-devel/bootstrap-gcc-15.2.0"),
    ("app-arch/xz-utils-5.8.3", "app-arch/bootstrap-xz-utils-5.8.3"),
])
def test_bootstrap_cpv(cpv, copy):
    assert bootstrap_cpv(cpv) == copy


def toolchain() -> tuple[DepGraph, dict]:
    """binutils and gcc in one cycle, with glibc and gettext outside it."""
    g = DepGraph()
    k = {"bu": g.add_package("sys-devel/binutils-2.45", H, use=frozenset({"nls"}),
                             use_disabled=frozenset({"gold"}), slot="0", subslot="2.45",
                             repo="gentoo"),
         "gcc": g.add_package("sys-devel/gcc-15.2.0", H, slot="15", repo="gentoo",
                              use=frozenset({"cxx", "nls", "openmp"})),
         "libc": g.add_package("sys-libs/glibc-2.42", H),
         "gettext": g.add_package("sys-devel/gettext-0.23", H)}
    for src, dep, cls, atom, use, implicit in [
            ("gcc", "bu", "BDEPEND", "sys-devel/binutils:*", (), False),
            ("bu", "gcc", "BDEPEND", "sys-devel/gcc", (), True),
            ("bu", "libc", "DEPEND", "virtual/libc", (), True),
            ("bu", "gettext", "BDEPEND", "sys-devel/gettext", ("nls",), False),
            ("gcc", "libc", "DEPEND", "sys-libs/glibc", ("!nls",), False),
            ("gcc", "gettext", "DEPEND", "sys-devel/gettext", ("openmp",), False),
            ("gcc", "gcc", "BDEPEND", "sys-devel/gcc", (), False)]:
        g.add_dep(k[src], k[dep], cls, atom=atom, use=use, implicit=implicit)
    return g, k


def copy_of(graph: DepGraph) -> DepGraph:
    out = DepGraph()
    for key in graph.nodes():
        attrs = {a: v for a, v in graph.node(key).items() if a not in ("cpv", "root")}
        out.add_package(key.cpv, key.root, **attrs)
    return out


@pytest.mark.parametrize("member, cpv, use_disabled, synthetic", [
    ("bu", "sys-devel/bootstrap-binutils-2.45", {"gold", "nls"},
     'bootstrap copy of sys-devel/binutils-2.45: built by the host\'s tools with '
     'USE="-* build"'),
    ("gcc", "sys-devel/bootstrap-gcc-15.2.0", {"cxx", "nls", "openmp"},
     'bootstrap copy of sys-devel/gcc-15.2.0: built by the host\'s tools with '
     'USE="-* build", C only'),                                      # the compiler
])
def test_the_copys_node(member, cpv, use_disabled, synthetic):
    g, k = toolchain()
    out = copy_of(g)
    key = add_bootstrap_node(g, out, k[member], "sys-devel/gcc")
    node = out.node(key)
    real = g.node(k[member])
    assert (key.cpv, key.root) == (cpv, H)
    assert (node["slot"], node["subslot"], node["repo"]) == (real["slot"], real["subslot"],
                                                            real["repo"])
    assert (node["use"], node["use_disabled"], node["synthetic"]) == (
        {"build"}, use_disabled, synthetic)
    assert out.edges(key) == [] and not node["installed"]


def wired():
    g, k = toolchain()
    out = copy_of(g)
    boot = {k[m]: add_bootstrap_node(g, out, k[m], "sys-devel/gcc") for m in ("bu", "gcc")}
    acyclic = Overlay(nx.DiGraph())
    dropped = wire_bootstraps(g, out, acyclic, boot, {k["bu"], k["gcc"]},
                              {k["gcc"]: frozenset({"openmp"})})
    return g, k, out, boot, dropped


def test_wire_bootstraps():
    g, k, out, boot, dropped = wired()
    deps = {m: [(e.dep.cpv, e.cls, e.use) for e in out.edges(boot[k[m]])] for m in ("bu", "gcc")}
    assert deps == {
        # gcc's copy is built with binutils' copy; gettext stays (openmp is forced), and
        # glibc (!nls holds under -* build); its BDEPEND on itself goes
        "gcc": [("sys-devel/bootstrap-binutils-2.45", "BDEPEND", ()),
                ("sys-devel/gettext-0.23", "DEPEND", ("openmp",)),
                ("sys-libs/glibc-2.42", "DEPEND", ("!nls",))],
        # binutils' copy keeps glibc; gcc's copy would close a cycle of copies, and nls
        # is off under -* build
        "bu": [("sys-libs/glibc-2.42", "DEPEND", ())]}
    assert {m: [(e.dep.cpv, e.cls) for e in dropped[k[m]]] for m in ("bu", "gcc")} == {
        "bu": [("sys-devel/gettext-0.23", "BDEPEND"), ("sys-devel/gcc-15.2.0", "BDEPEND")],
        "gcc": [("sys-devel/gcc-15.2.0", "BDEPEND")]}


@pytest.mark.parametrize("member, c_only, forced, lines", [
    ("gcc", True, {"openmp", "cxx"}, (
        "built by the host's (seed's) tools, before the cycle",
        'USE="-* build": turns off cxx nls; forced by the profile, kept: openmp',
        "C only (no C++ or other languages)")),                      # cxx forced, yet off
    ("bu", False, set(), (
        "built by the host's (seed's) tools, before the cycle",
        'USE="-* build": turns off nls',
        "without its in-cycle dependencies (the host provides them): sys-devel/gcc-15.2.0",
        'without dependencies USE="-* build" turns off: sys-devel/gettext-0.23')),
])
def test_differs(member, c_only, forced, lines):
    g, k, out, boot, dropped = wired()
    assert differs(g, k[member], c_only, dropped[k[member]], {k["bu"], k["gcc"]},
                   frozenset(forced)) == lines


def test_differs_with_nothing_to_turn_off():
    g = DepGraph()
    a = g.add_package("x/a-1", H)
    assert differs(g, a, False, [], {a}, frozenset())[1] == \
        'USE="-* build" (no flag of its resolved USE to turn off)'


def test_edge_rank_puts_metadata_build_edges_first():
    g = DepGraph()
    a, b = g.add_package("x/a-1", H), g.add_package("x/b-1", H)
    for cls, implicit in [("DEPEND", True), ("BDEPEND", True), ("DEPEND", False),
                          ("HOSTDEPEND", False), ("BDEPEND", False)]:
        g.add_dep(a, b, cls, atom="x/b", implicit=implicit)
    assert [(e.cls, e.implicit) for e in sorted(g.edges(), key=edge_rank)] == [
        ("BDEPEND", False), ("HOSTDEPEND", False), ("DEPEND", False),
        ("BDEPEND", True), ("DEPEND", True)]


def test_move_edge_keeps_everything_but_the_dependency():
    g = DepGraph()
    a, b, c = (g.add_package(f"x/{n}-1", H) for n in "abc")
    g.add_dep(a, b, "IDEPEND", atom="x/b:=", use=("x",), any_of=("x/b", "x/c"),
              not_taken=("x/c",), slot_operator="=", implicit=False)
    (edge,) = g.edges(a)
    move_edge(g, edge, c)
    (moved,) = g.edges(a)
    assert moved.dep == c and g.in_edges(b) == []
    assert (moved.cls, moved.atom, moved.use, moved.any_of, moved.not_taken,
            moved.slot_operator, moved.implicit) == (
        "IDEPEND", "x/b:=", ("x",), ("x/b", "x/c"), ("x/c",), "=", False)


@st.composite
def components(draw):
    """A few packages, all members of one cycle component, with random edges."""
    n = draw(st.integers(2, 5))
    g = DepGraph()
    keys = [g.add_package(f"x/p{i}-1", H, use=frozenset({"nls"}) if draw(st.booleans())
                          else frozenset()) for i in range(n)]
    outside = g.add_package("x/out-1", H)
    for _ in range(draw(st.integers(1, 12))):
        g.add_dep(draw(st.sampled_from(keys)), dep := draw(st.sampled_from(keys + [outside])),
                  draw(st.sampled_from(["BDEPEND", "DEPEND", "RDEPEND", "PDEPEND", "IDEPEND"])),
                  atom=dep.cpv[:-2], use=draw(st.sampled_from([(), ("nls",), ("!nls",)])),
                  implicit=draw(st.booleans()))
    return g, keys


@settings(max_examples=150, deadline=None)
@given(components())
def test_copies_form_no_cycle_and_account_for_every_edge(component):
    g, members = component
    out = copy_of(g)
    boot = {v: add_bootstrap_node(g, out, v, "x/p0") for v in members}
    acyclic = Overlay(nx.DiGraph())
    dropped = wire_bootstraps(g, out, acyclic, boot, set(members), {})
    copies = set(boot.values())
    merged = nx.DiGraph((e.source, e.dep) for b in copies for e in out.edges(b)
                        if e.dep in copies and e.cls in HOLDS_MERGE)
    assert nx.is_directed_acyclic_graph(merged)
    for v, b in boot.items():
        kept = out.edges(b)
        assert not any(e.dep in members for e in kept)      # never a real member
        assert len(kept) + len(dropped[v]) == len(g.edges(v))
        if "nls" in g.node(v)["use"]:                       # in IUSE: off under -* build
            assert all("nls" not in e.use for e in kept)
