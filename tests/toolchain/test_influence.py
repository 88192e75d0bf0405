"""influence: generations from the seed's tools, seed influence, what to build twice."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from bootorder.render.toolchain import format_influence
from bootorder.toolchain.influence import SEED, analyse

GLIBC, GCC, BINUTILS, ZLIB, HEADERS = ("sys-libs/glibc", "sys-devel/gcc", "sys-devel/binutils",
                                       "sys-libs/zlib", "sys-kernel/linux-headers")

# (order, tools, libs) -> [(cp, pass, generation, influenced)] and built twice; by hand
TABLE = [
    # the compiler alone: built by its seed copy, then by itself
    ([GCC], {GCC: {GCC}}, {},
     [(GCC, 1, 1, True), (GCC, 2, 2, False)], (GCC,)),
    # a package built after the compiler, with no library: once is enough (generation 2)
    ([GCC, ZLIB], {GCC: {GCC}, ZLIB: {GCC}}, {},
     [(GCC, 1, 1, True), (ZLIB, 1, 2, False), (GCC, 2, 2, False)], (GCC,)),
    # ... but linking an influenced library makes it influenced (library channel)
    ([GCC, GLIBC, ZLIB], {GCC: {GCC}, GLIBC: {GCC}, ZLIB: {GCC}}, {ZLIB: {GLIBC}},
     [(GCC, 1, 1, True), (GLIBC, 1, 2, False), (ZLIB, 1, 2, False), (GCC, 2, 2, False)], (GCC,)),
    # the founding case: glibc before gcc (gcc links it), built by the seed's gcc
    ([GLIBC, GCC], {GLIBC: {GCC}, GCC: {GCC}}, {GCC: {GLIBC}},
     [(GLIBC, 1, 1, True), (GCC, 1, 1, True), (GLIBC, 2, 2, False), (GCC, 2, 2, False)],
     (GLIBC, GCC)),
    # a tool built in the plan passes on its behaviour only: binutils is built by the
    # seed's gcc (influenced), zlib by the new binutils alone (clean, generation 2)
    ([BINUTILS, ZLIB], {BINUTILS: {GCC, BINUTILS}, ZLIB: {BINUTILS}}, {},
     [(BINUTILS, 1, 1, True), (ZLIB, 1, 2, False), (BINUTILS, 2, 2, False)], (BINUTILS,)),
    # inputs outside the plan are the environment, not the seed's copies of planned ones
    ([HEADERS], {HEADERS: {"dev-lang/perl"}}, {}, [(HEADERS, 1, 1, False)], ()),
]


def test_stand_ins_of_the_founding_chain():
    """bootstrap-gcc (built by the seed) builds glibc: glibc is clean, built once."""
    boot = "sys-devel/bootstrap-gcc"
    report = analyse([boot, GLIBC, GCC], tools={boot: {GCC}, GLIBC: {GCC}, GCC: {GCC}},
                     libs={GCC: {GLIBC}}, provides={boot: GCC}, temporary=[boot])
    assert [(b.cp, b.pass_no, b.generation, b.influenced) for b in report.builds] == [
        (boot, 1, 1, True), (GLIBC, 1, 2, False), (GCC, 1, 2, False)]
    assert report.built_twice == () and report.temporary == {boot}
    assert [i.provider for i in report.first(GLIBC).inputs] == ["sys-devel/bootstrap-gcc#1"]


@pytest.mark.parametrize("order,tools,libs,builds,twice", TABLE)
def test_hand_checked_table(order, tools, libs, builds, twice):
    report = analyse(order, tools, libs)
    assert [(b.cp, b.pass_no, b.generation, b.influenced) for b in report.builds] == builds
    assert report.built_twice == twice


def test_why_names_the_seed_inputs_and_tainted_libraries():
    report = analyse([HEADERS, GLIBC, GCC], {HEADERS: {GCC}, GLIBC: {GCC, BINUTILS}, GCC: {GCC}},
                     {GLIBC: {HEADERS}, GCC: {GLIBC}})
    assert report.first(GLIBC).why() == ("uses the seed's sys-devel/gcc (not built yet); "
                                         "links sys-kernel/linux-headers#1, itself influenced")
    assert report.final(GLIBC).why().startswith("is free of the seed: every input was built")
    assert [i.provider for i in report.final(GLIBC).inputs] == ["sys-devel/gcc#1",
                                                                 "sys-kernel/linux-headers#2"]
    text = format_influence(report)
    assert text.splitlines()[0] == ("3 packages, 2 pass(es); built twice: "
                                    "sys-kernel/linux-headers, sys-libs/glibc, sys-devel/gcc")


def test_corpus_hand_graph_answers_glibc():
    from toolchain_graph import corpus_toolchain_graph

    from bootorder.toolchain.ordering import toolchain_order
    inf = toolchain_order(corpus_toolchain_graph()).influence
    first = inf.first(GLIBC)
    assert first.influenced and {i.cp for i in first.inputs if i.provider == SEED} == {GCC, BINUTILS}
    assert [b.generation for b in inf.builds if b.cp == GLIBC] == [1, 2]
    assert inf.passes == 2 and not inf.final(GCC).influenced


@st.composite
def plans(draw):
    n = draw(st.integers(1, 7))
    order = [f"c/p{i}" for i in range(n)]
    tools, libs = {}, {}
    for i, cp in enumerate(order):
        tools[cp] = set(draw(st.lists(st.sampled_from(order), max_size=3)))
        # libraries come before their users, as in any order that respects DEPEND
        libs[cp] = set(draw(st.lists(st.sampled_from(order[:i]), max_size=3))) if i else set()
    return order, tools, libs


@settings(max_examples=200, deadline=None)
@given(plans())
def test_properties(plan):
    order, tools, libs = plan
    report = analyse(order, tools, libs)
    # every package's last build is free of the seed, after at most two passes
    assert all(not report.final(cp).influenced for cp in order)
    assert report.passes <= 2
    # exactly the packages whose first build is influenced are built twice (necessary:
    # otherwise their last build is that influenced one; sufficient: checked above)
    assert set(report.built_twice) == {cp for cp in order if report.first(cp).influenced}
    # generation = 1 + the smallest generation among the inputs of the plan
    for b in report.builds:
        assert b.generation == 1 + min((i.generation for i in b.inputs), default=0)


def test_stage_influence_on_a_hand_graph():
    """A three-package stage given as a graph; the order decides what is built twice."""
    from bootorder.graph.depgraph import DepGraph
    from bootorder.toolchain.influence import stage_influence
    g = DepGraph()
    libc = g.add_package("sys-libs/glibc-2.42", "target")
    cc = g.add_package("sys-devel/gcc-15", "target")
    z = g.add_package("sys-libs/zlib-1.3", "target")
    g.add_dep(cc, libc, "DEPEND", atom="sys-libs/glibc")
    g.add_dep(libc, cc, "BDEPEND", atom="sys-devel/gcc")
    g.add_dep(z, libc, "DEPEND", atom="virtual/libc", implicit=True)
    g.add_dep(z, cc, "BDEPEND", atom="sys-devel/gcc", implicit=True)
    # glibc first (the new-root order): the seed's gcc builds it, zlib links it -> all
    new_root = stage_influence(g, [GLIBC, GCC, ZLIB])
    assert new_root.built_twice == (GLIBC, GCC, ZLIB)
    # gcc first, against the seed's glibc: only gcc carries the seed
    gcc_first = stage_influence(g, [GCC, GLIBC, ZLIB])
    assert gcc_first.built_twice == (GCC,)
    assert gcc_first.first(GCC).why() == "uses the seed's sys-devel/gcc, sys-libs/glibc (not built yet)"
    default = stage_influence(g)                  # bootorder.order.schedule.build_order's order
    assert sorted(default.order) == sorted([GLIBC, GCC, ZLIB])
    assert all(not default.final(cp).influenced for cp in default.order)


def test_stage_influence_on_the_corpus_stage1(corpus_dir):
    from bootorder.config.configuration import Config
    from bootorder.config.profile import Profile
    from bootorder.resolver.resolution import resolve
    from bootorder.toolchain.influence import stage_influence
    from bootorder.tree.repository import Tree
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    profile = Profile.load(tree, "coreos-overlay:coreos/amd64/sdk/transition")
    graph = resolve(Config.stage1(tree, profile), ["@stage1"], host="seed")
    report = stage_influence(graph)
    assert report.passes == 2
    assert {"sys-libs/glibc", "sys-devel/gcc", "sys-devel/binutils"} <= set(report.built_twice)
    assert report.final("sys-libs/glibc").generation == 2
    # data-only packages (accounts) use nothing of the plan: built once, generation 1
    assert report.builds_of("acct-group/root") == 1
