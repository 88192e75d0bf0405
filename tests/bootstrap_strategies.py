"""Graphs, strategies and brute-force oracles shared by ``tests/bootstrap/``.

``dep_graphs`` draws resolver-shaped two-root graphs; ``graph_of`` turns a dict of
plain-atom ebuilds (the ``*_EBUILDS`` sets, also handed to emerge) into the graph emerge
sees on an empty ``/``; ``brute_force_minimum``, ``breaks_build_hard_cycles`` and
``assert_only_install_edges_redirected`` check a plan by brute force.
"""
from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import strategies as st

from bootorder.bootstrap.feedback import is_feedback_vertex_set
from bootorder.core.depclass import BUILD_TIME
from bootorder.graph.depgraph import DepGraph, NodeKey

H, T = "host", "target"


def brute_force_minimum(g: nx.DiGraph) -> int:
    """The size of a minimum feedback vertex set, by trying every subset."""
    nodes = sorted(g)
    for k in range(len(nodes) + 1):
        if any(is_feedback_vertex_set(g, subset) for subset in itertools.combinations(nodes, k)):
            return k
    raise AssertionError("unreachable")


# --- generated two-root graphs, and brute-force checks of their plans ---------------

CLASSES = ["BDEPEND", "DEPEND", "HOSTDEPEND", "RDEPEND", "PDEPEND", "IDEPEND"]


@st.composite
def dep_graphs(draw, slot_ops=False):
    """Resolver-shaped graphs: build edges into the host root, runtime edges in-root
    (``IDEPEND`` into the host root); with ``slot_ops``, runtime edges may be ``:=``."""
    n_host, n_target = draw(st.integers(1, 6)), draw(st.integers(0, 3))
    nodes = [NodeKey(f"c/h{i}-1", H) for i in range(n_host)] + \
        [NodeKey(f"c/t{i}-1", T) for i in range(n_target)]
    g = DepGraph()
    for k in nodes:
        iuse = draw(st.sampled_from([{}, {"use": frozenset({"nls"})},
                                     {"use_disabled": frozenset({"nls"})}]))
        g.add_package(k.cpv, k.root, installed=draw(st.booleans()) and draw(st.booleans()), **iuse)
    for _ in range(draw(st.integers(0, 18))):
        src, cls = draw(st.sampled_from(nodes)), draw(st.sampled_from(CLASSES))
        pool = [k for k in nodes if (k.root == H if cls in BUILD_TIME | {"IDEPEND"}
                                     else k.root == src.root)]
        dep = draw(st.sampled_from(pool))
        slot_op = "=" if slot_ops and cls not in BUILD_TIME and draw(st.booleans()) else None
        g.add_dep(src, dep, cls, atom=dep.cpv[:-2] + (":=" if slot_op else ""),
                  use=draw(st.sampled_from([(), ("nls",)])), implicit=draw(st.booleans()),
                  slot_operator=slot_op)
    return g


def runtime_edges(g: DepGraph) -> list:
    return sorted((e.source, e.dep, e.cls, e.atom) for e in g.edges()
                  if e.cls not in BUILD_TIME)


def assert_only_install_edges_redirected(g, plan) -> None:
    """RDEPEND/PDEPEND edges are never redirected; an IDEPEND edge into a bootstrap copy
    is a redirected one of a host-root package (an install-time need on the build host)."""
    real_of = {p.key: p.real for p in plan.packages}
    real_edges = [r for r in runtime_edges(plan.graph) if r[0] not in real_of]
    assert [r for r in real_edges if r[1] in real_of
            and (r[2] != "IDEPEND" or r[0].root != H)] == []
    assert sorted((u, real_of.get(v, v), cls, atom) for u, v, cls, atom in real_edges) == \
        runtime_edges(g)
    moved = {(e.source, e.dep, e.cls, e.atom) for e in plan.redirected}
    assert {(u, real_of[v], cls, atom) for u, v, cls, atom in real_edges
            if v in real_of} <= moved


def breaks_build_hard_cycles(sub, copies) -> bool:
    """No hard cycle holding a takeover pair (build or install) is left once ``copies``
    take over those pairs into them (brute force over the simple cycles)."""
    from bootorder.bootstrap.binding import HARD_FLAGS, without_build_into
    rest = without_build_into(sub, sorted(set(copies) & set(sub)))
    for cycle in nx.simple_cycles(rest):
        pairs = [rest.edges[u, v] for u, v in zip(cycle, cycle[1:] + cycle[:1])]
        if any(d[f] for d in pairs for f in HARD_FLAGS) and \
                any(d["build"] or d["install"] for d in pairs):
            return False
    return True


# --- plain-atom ebuild sets (emerge is the oracle for them) -------------------------

FOUNDING_EBUILDS = {
    "sys-devel/binutils-2.45": {"BDEPEND": "sys-devel/gcc", "DEPEND": "sys-libs/glibc"},
    "sys-devel/gcc-15.2.0": {"BDEPEND": "sys-devel/binutils",
                             "DEPEND": "sys-libs/glibc dev-libs/gmp"},
    "sys-libs/glibc-2.42": {"BDEPEND": "sys-devel/gcc sys-devel/binutils"},
    "dev-libs/gmp-6.3.0": {"BDEPEND": "sys-devel/gcc sys-devel/binutils",
                           "DEPEND": "sys-libs/glibc"},
}


XZ_EBUILDS = {
    "app-arch/xz-utils-5.8.3": {"BDEPEND": "app-portage/elt-patches"},
    "app-portage/elt-patches-20250718": {"BDEPEND": "app-arch/xz-utils"},
    "dev-libs/gmp-6.3.0": {"BDEPEND": "app-arch/xz-utils app-portage/elt-patches"},
}


RUNTIME_EBUILDS = {      # the shape: a hard cycle through virtual/libc's RDEPEND
    "app-arch/xz-utils-5.8.3": {"BDEPEND": "app-portage/elt-patches", "DEPEND": "virtual/libc"},
    "app-portage/elt-patches-20250718": {"DEPEND": "app-arch/xz-utils"},
    "virtual/libc-1": {"RDEPEND": "sys-libs/glibc"},
    "sys-libs/glibc-2.42": {"BDEPEND": "app-arch/xz-utils"},
    "app-misc/world-1": {"RDEPEND": "app-arch/xz-utils app-portage/elt-patches sys-libs/glibc"},
}


LOCALE_GEN_EBUILDS = {   # the corpus's cycle: no build edge, hard through perl's :=
    "dev-lang/perl-5.42.2": {"RDEPEND": "virtual/libcrypt:="},
    "virtual/libcrypt-2-r1": {"RDEPEND": "sys-libs/libxcrypt"},
    "sys-libs/libxcrypt-4.5.2": {"RDEPEND": "sys-libs/glibc"},
    "sys-libs/glibc-2.43-r2": {"IDEPEND": "sys-apps/locale-gen"},
    "sys-apps/locale-gen-3.9": {"RDEPEND": "dev-lang/perl"},
    "app-misc/world-1": {"DEPEND": "sys-libs/glibc",
                         "RDEPEND": "dev-lang/perl sys-apps/locale-gen"},
}


def graph_of(ebuilds: dict) -> DepGraph:
    """The one-root graph of plain-atom ebuilds (what emerge sees on an empty ``/``);
    an atom may end in ``:=``."""
    from bootorder.syntax.version import split_cpv
    g = DepGraph()
    by_cp = {split_cpv(cpv)[0]: g.add_package(cpv, H) for cpv in ebuilds}
    for cpv, meta in ebuilds.items():
        for cls, text in meta.items():
            for atom in text.split():
                cp, slot_op = atom.removesuffix(":="), atom.endswith(":=")
                g.add_dep(NodeKey(cpv, H), by_cp[cp], cls, atom=atom,
                          slot_operator="=" if slot_op else None)
    return g
