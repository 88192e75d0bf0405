"""toolchain: which packages are the toolchain, their order into a new root, and why.

Most tests ask about the corpus's toolchain as a hand-built graph
(``tests/toolchain_graph.py``: every edge copied from the corpus's md5-cache, with the
USE conditionals that hold on amd64 and the implicit model's edges; build-time tools
resolve to the seed, as with ``--host seed``).
"""
from __future__ import annotations

import contextlib
import io
import json

import networkx as nx
import pytest
from hypothesis import given, settings, strategies as st
from toolchain_graph import T, corpus_toolchain_graph

from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.render.toolchain import format_toolchain
from bootorder.toolchain.ordering import ToolchainSpec, toolchain_members, toolchain_order

FOUNDING = ["sys-kernel/linux-headers", "sys-libs/glibc", "sys-devel/binutils", "dev-libs/gmp",
            "dev-libs/mpfr", "dev-libs/mpc", "sys-devel/gcc"]
PARTIAL = [("sys-kernel/linux-headers", "sys-libs/glibc"), ("sys-libs/glibc", "sys-devel/binutils"),
           ("sys-libs/glibc", "dev-libs/gmp"), ("dev-libs/gmp", "dev-libs/mpfr"),
           ("dev-libs/mpfr", "dev-libs/mpc"), ("dev-libs/mpc", "sys-devel/gcc"),
           ("sys-devel/binutils", "sys-devel/gcc")]


def test_members_on_the_hand_graph():
    members = toolchain_members(corpus_toolchain_graph())
    assert sorted(members) == sorted(FOUNDING)
    assert members["sys-libs/glibc"].role == "libc"
    assert members["sys-libs/glibc"].why == "the C library (virtual/libc resolves to it)"
    assert members["dev-libs/gmp"].role == "prerequisite"
    assert members["dev-libs/gmp"].why == ("a prerequisite of sys-devel/gcc: it names it in "
                                           "DEPEND (>=dev-libs/gmp-4.3.2:0=), unconditionally")
    assert members["sys-kernel/linux-headers"].role == "headers"
    assert {m.role for m in members.values()} == {"libc", "compiler", "binutils", "headers",
                                                  "prerequisite"}


def test_founding_order_on_the_hand_graph():
    result = toolchain_order(corpus_toolchain_graph())
    assert [e.cp for e in result.entries] == FOUNDING
    assert result.forced                       # the constraints alone give it
    assert [e.cpv for e in result.entries][1] == "sys-libs/glibc-2.42-r7"
    assert [e.cp for e in result.support] == ["app-arch/zstd", "sys-devel/binutils-config",
                                              "sys-libs/zlib"]
    assert result.plan == ("sys-kernel/linux-headers", "sys-libs/glibc",
                           "sys-devel/binutils-config", "sys-libs/zlib", "sys-devel/binutils",
                           "dev-libs/gmp", "dev-libs/mpfr", "dev-libs/mpc", "app-arch/zstd",
                           "sys-devel/gcc")
    assert [(s.tool, s.builds) for s in result.seed_uses] == [
        ("sys-devel/binutils", ("sys-kernel/linux-headers", "sys-libs/glibc")),
        ("sys-devel/gcc", ("dev-libs/gmp", "dev-libs/mpc", "dev-libs/mpfr", "sys-devel/binutils",
                           "sys-kernel/linux-headers", "sys-libs/glibc"))]


# hand-checked: which soft (BDEPEND) edges the new root's own tools satisfy
SOFT_TABLE = [
    ("sys-devel/gcc", "sys-devel/binutils", True),       # explicit BDEPEND binutils:*
    ("dev-libs/gmp", "sys-devel/binutils", True),        # implicit
    ("dev-libs/mpfr", "sys-devel/binutils", True),
    ("dev-libs/mpc", "sys-devel/binutils", True),
    ("sys-libs/glibc", "sys-devel/binutils", False),     # binutils links glibc
    ("sys-libs/glibc", "sys-devel/gcc", False),          # gcc DEPENDs glibc
    ("sys-devel/binutils", "sys-devel/gcc", False),      # gcc is built with the new binutils
    ("sys-kernel/linux-headers", "sys-devel/gcc", False),
    ("dev-libs/gmp", "sys-devel/gcc", False),
]


@pytest.mark.parametrize("dependent,tool,honoured", SOFT_TABLE)
def test_soft_constraints_table(dependent, tool, honoured):
    result = toolchain_order(corpus_toolchain_graph())
    (c,) = [c for c in result.constraints
            if (c.dependent, c.dependency, c.kind) == (dependent, tool, "soft")]
    assert c.honoured is honoured


def test_support_reasons():
    support = {e.cp: e.reason.split("; not part of the toolchain: ")[1]
               for e in toolchain_order(corpus_toolchain_graph()).support}
    assert support == {
        "app-arch/zstd": "needed only with USE zstd?",
        "sys-devel/binutils-config": "a prerequisite of sys-devel/binutils, which is neither "
                                     "the compiler nor the C library",
        "sys-libs/zlib": "reached through virtual/zlib"}


def test_reasons_name_the_edges():
    entries = {e.cp: e for e in toolchain_order(corpus_toolchain_graph()).entries}
    assert entries["sys-libs/glibc"].reason == (
        "after sys-kernel/linux-headers (DEPEND virtual/os-headers); "
        "built with the seed's sys-devel/binutils, sys-devel/gcc")
    assert "sys-devel/binutils (BDEPEND sys-devel/binutils:*) (the new one builds it)" in \
        entries["sys-devel/gcc"].reason
    assert entries["sys-kernel/linux-headers"].reason.startswith("needs nothing else")


def test_tie_break_when_constraints_leave_a_choice():
    """Without gmp's implicit binutils edge, binutils and gmp are both ready after glibc.

    Both have three toolchain packages waiting on them (binutils: mpfr, mpc, gcc through
    their BDEPEND; gmp: mpfr, mpc, gcc through DEPEND), so the name decides: dev-libs/gmp.
    """
    g = corpus_toolchain_graph()
    for u, v, k, d in list(g.nx.edges(keys=True, data=True)):
        if u.cpv.startswith("dev-libs/gmp") and v.cpv.startswith("sys-devel/binutils"):
            g.nx.remove_edge(u, v, k)
    result = toolchain_order(g)
    assert [e.cp for e in result.entries] == [
        "sys-kernel/linux-headers", "sys-libs/glibc", "dev-libs/gmp", "sys-devel/binutils",
        "dev-libs/mpfr", "dev-libs/mpc", "sys-devel/gcc"]
    assert not result.forced
    gmp = result.entries[2]
    assert "placed before sys-devel/binutils (tie-break" in gmp.reason


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_insertion_order_changes_nothing(seed):
    a = toolchain_order(corpus_toolchain_graph()).to_json()
    b = toolchain_order(corpus_toolchain_graph(seed)).to_json()
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_input_not_mutated_and_text():
    g = corpus_toolchain_graph()
    before = json.dumps(g.to_json(), sort_keys=True)
    text = format_toolchain(toolchain_order(g))
    assert json.dumps(g.to_json(), sort_keys=True) == before
    assert text.splitlines()[0] == "Toolchain order for the new root (fixed by the constraints alone):"
    assert "  2. sys-libs/glibc-2.42-r7" in text.splitlines()


def test_custom_spec_musl_like():
    g = DepGraph()
    libc = g.add_package("sys-libs/musl-1.2", T)
    cc = g.add_package("sys-devel/gcc-15", T)
    g.add_dep(cc, libc, "DEPEND", atom="sys-libs/musl")
    spec = ToolchainSpec(libc="sys-libs/musl")
    assert [e.cp for e in toolchain_order(g, spec).entries] == ["sys-libs/musl", "sys-devel/gcc"]


# --- properties on generated graphs ---------------------------------------------------

NAMES = ["sys-libs/glibc", "sys-devel/gcc", "sys-devel/binutils", "sys-kernel/linux-headers",
         "dev-libs/a", "dev-libs/b", "dev-libs/c", "virtual/libc"]


@st.composite
def toolchain_graphs(draw):
    g = DepGraph()
    keys = {cp: g.add_package(f"{cp}-1", T) for cp in NAMES}
    g.add_dep(keys["virtual/libc"], keys["sys-libs/glibc"], "RDEPEND", atom="sys-libs/glibc")
    for _ in range(draw(st.integers(0, 20))):
        src = draw(st.sampled_from(NAMES[:-1]))
        dep = draw(st.sampled_from(NAMES))
        cls = draw(st.sampled_from(["DEPEND", "RDEPEND", "BDEPEND", "PDEPEND"]))
        g.add_dep(keys[src], keys[dep], cls, atom=dep, implicit=draw(st.booleans()),
                  use=draw(st.sampled_from([(), ("x",)])))
    return g


@settings(max_examples=150, deadline=None)
@given(toolchain_graphs())
def test_order_respects_every_honoured_constraint(g):
    result = toolchain_order(g, bootstrap=False)
    order = [e.cp for e in result.entries]
    assert sorted(order) == sorted(toolchain_members(g)) and len(set(order)) == len(order)
    pos = {cp: i for i, cp in enumerate(order)}
    for c in result.constraints:
        if c.honoured:
            assert pos[c.dependency] < pos[c.dependent]
        elif c.kind == "soft":   # cut only because the tool needs its dependent first
            dag = nx.DiGraph((x.dependent, x.dependency) for x in result.constraints if x.honoured)
            assert nx.has_path(dag, c.dependency, c.dependent)
    if result.forced:
        assert all(any(c.honoured and (c.dependent, c.dependency) == (b, a)
                       for c in result.constraints) for a, b in zip(order, order[1:]))
    assert set(result.plan) >= set(order)


# --- the corpus ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_result(corpus_dir):
    from bootorder.config.configuration import Config
    from bootorder.config.profile import Profile
    from bootorder.resolver.resolution import resolve
    from bootorder.tree.repository import Tree
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    config = Config(tree, Profile.load(tree, "coreos-overlay:coreos/amd64/sdk"))
    spec = ToolchainSpec()
    graph = resolve(config, [spec.libc, spec.compiler, spec.binutils], host="empty")
    return toolchain_order(graph, spec)


def test_corpus_partial_order(corpus_result):
    pos = {e.cp: i for i, e in enumerate(corpus_result.entries)}
    for before, after in PARTIAL:
        assert pos[before] < pos[after], (before, after)


def test_corpus_exact_founding_order(corpus_result):
    assert [e.cp for e in corpus_result.entries] == FOUNDING
    assert corpus_result.forced


def test_corpus_glibc_built_twice(corpus_result):
    inf = corpus_result.influence
    assert "sys-libs/glibc" in inf.built_twice
    first, final = inf.first("sys-libs/glibc"), inf.final("sys-libs/glibc")
    assert (first.generation, final.generation, final.influenced) == (1, 2, False)
    assert {i.cp for i in first.inputs if i.provider == "seed"} >= {"sys-devel/gcc",
                                                                     "sys-devel/binutils"}


def test_corpus_founding_bootstrap_chain(corpus_result):
    names = [p.key.cpv for p in corpus_result.bootstrap.packages]
    assert any(n.startswith("sys-devel/bootstrap-binutils-") for n in names)
    assert any(n.startswith("sys-devel/bootstrap-gcc-") for n in names)


def run_cli(argv: list[str]) -> tuple[int, str]:
    """Run the CLI in-process: (exit code, stdout)."""
    from bootorder.cli import main
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(argv)
    return code, out.getvalue()


def test_cli_toolchain_json_on_corpus(corpus_dir):
    code, out = run_cli(["toolchain", "--repo", str(corpus_dir / "portage-stable"),
                         "--repo", str(corpus_dir / "coreos-overlay"),
                         "--profile", "coreos-overlay:coreos/amd64/sdk", "--json"])
    assert code == 0
    data = json.loads(out)
    assert [e["cp"] for e in data["order"]] == FOUNDING
    assert all(set(e) >= {"cp", "cpv", "reason"} for e in data["order"])
    kinds = {b["kind"] for b in data["bootstrap"]}
    assert {"seed-tool", "pass", "bootstrap-package"} <= kinds


def test_cli_toolchain_on_the_example():
    """The README's first command: no arguments, the embedded example."""
    code, text = run_cli(["toolchain"])
    assert code == 0
    assert text.startswith("Toolchain order for the new root")
    for cp in ("sys-libs/glibc", "sys-devel/gcc", "sys-devel/binutils"):
        assert cp in text


def test_notes_when_the_headers_are_missing():
    g = corpus_toolchain_graph()
    g.nx.remove_node(NodeKey("sys-kernel/linux-headers-6.12", T))
    result = toolchain_order(g, bootstrap=False)
    assert "sys-kernel/linux-headers" not in [e.cp for e in result.entries]
    assert len(result.notes) == 1 and result.notes[0].startswith(
        "no C library headers (sys-kernel/linux-headers) in the graph")
    assert toolchain_order(corpus_toolchain_graph(), bootstrap=False).notes == ()


def test_glibc_question_on_the_hand_graph():
    result = toolchain_order(corpus_toolchain_graph(), bootstrap=False)
    (answer,) = result.to_json()["libc_built_twice"]
    assert answer["cp"] == "sys-libs/glibc" and answer["answer"] is True
    assert "the seed's sys-devel/gcc builds sys-libs/glibc: sys-devel/gcc needs " \
           "sys-libs/glibc first (sys-devel/gcc → sys-libs/glibc)" in answer["why"]
    assert answer["why"].endswith("would keep the seed's mark: app-arch/zstd, dev-libs/gmp, "
                                  "dev-libs/mpc, dev-libs/mpfr, sys-devel/binutils, "
                                  "sys-devel/binutils-config, sys-devel/gcc, sys-libs/zlib")


def test_glibc_question_with_the_founding_chain():
    result = toolchain_order(corpus_toolchain_graph(), bootstrap=False)
    (answer,) = result.to_json()["libc_built_twice"]
    chain = answer["with_bootstrap_chain"]
    assert chain["steps"] == ["sys-devel/bootstrap-binutils", "sys-devel/bootstrap-gcc"]
    assert chain["answer"] is False
    assert chain["why"].startswith("its first build is free of the seed")
    assert result.influence_chain.built_twice == ()
    first = result.influence_chain.first("sys-libs/glibc")
    assert sorted(i.provider for i in first.inputs) == [
        "sys-devel/bootstrap-binutils#1", "sys-devel/bootstrap-gcc#1",
        "sys-kernel/linux-headers#1"]


def test_corpus_plain_gentoo_profile_differs_for_a_reason(corpus_dir):
    """Not a fixed list: on Gentoo's own amd64 profile binutils has USE=debuginfod, and
    elfutils[debuginfod] -> libmicrohttpd -> gnutls links gmp, so gmp comes first."""
    from bootorder.config.configuration import Config
    from bootorder.config.profile import Profile
    from bootorder.tree.repository import Tree
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    config = Config(tree, Profile.load(tree, "portage-stable:default/linux/amd64/23.0"))
    from bootorder.toolchain.ordering import toolchain_for
    result = toolchain_for(config)
    assert [e.cp for e in result.entries] == [
        "sys-kernel/linux-headers", "sys-libs/glibc", "dev-libs/gmp", "sys-devel/binutils",
        "dev-libs/mpfr", "dev-libs/mpc", "sys-devel/gcc"]
    (c,) = [c for c in result.constraints
            if (c.dependent, c.dependency) == ("sys-devel/binutils", "dev-libs/gmp")]
    assert c.kind == "hard" and "dev-libs/elfutils" in c.through
