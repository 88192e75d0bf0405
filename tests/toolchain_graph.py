"""The corpus's toolchain as a hand-built graph, for ``tests/toolchain``.

:func:`corpus_toolchain_graph` copies every edge from the corpus's md5-cache
(``../shared/corpus/flatcar/portage-stable/metadata/md5-cache``: sys-libs/glibc-2.42-r7,
sys-devel/binutils-2.45.1, dev-libs/gmp-6.3.0-r2, dev-libs/mpfr-4.2.2,
dev-libs/mpc-1.3.1, sys-devel/gcc-15.2.1_p20260605, sys-kernel/linux-headers-6.12,
virtual/{libc,os-headers,zlib,libiconv}) with the USE conditionals that hold on amd64
(``elibc_glibc``, ``kernel_linux``, gcc's ``zstd``), plus the implicit model's edges
(``DEPEND virtual/libc``, ``BDEPEND`` gcc and binutils for compiled packages, none to
itself, no libc for linux-headers). Build-time tools resolve to the seed (host root,
installed), as with ``--host seed``.
"""
from __future__ import annotations

import random

from bootorder.graph.depgraph import DepGraph, NodeKey

T, H = "target", "host"

PACKAGES = {
    "virtual/libc-1-r1": T, "sys-libs/glibc-2.42-r7": T, "virtual/os-headers-0-r2": T,
    "sys-kernel/linux-headers-6.12": T, "sys-devel/binutils-2.45.1": T,
    "sys-devel/binutils-config-5.6": T, "virtual/zlib-1.3.1-r1": T, "sys-libs/zlib-1.3.2-r1": T,
    "dev-libs/gmp-6.3.0-r2": T, "dev-libs/mpfr-4.2.2": T, "dev-libs/mpc-1.3.1": T,
    "sys-devel/gcc-15.2.1_p20260605": T, "virtual/libiconv-0-r2": T, "app-arch/zstd-1.5.7-r1": T,
    "sys-devel/gcc-config-2.12.2": T, "sys-libs/timezone-data-2026b": T,
}
SEED = ["sys-devel/gcc-15.2.1_p20260605", "sys-devel/binutils-2.45.1", "app-arch/xz-utils-5.8.3",
        "dev-lang/perl-5.42.2", "sys-devel/bison-3.8.2-r3", "app-portage/elt-patches-20250718",
        "sys-devel/m4-1.4.21", "sys-devel/flex-2.6.4-r6", "sys-apps/texinfo-7.3"]

# (dependent, class, dependency, root of the dependency, atom, use, implicit)
EDGES = [
    ("virtual/libc-1-r1", "RDEPEND", "sys-libs/glibc-2.42-r7", T, "sys-libs/glibc:2.2",
     ("!prefix-guest", "elibc_glibc"), False),
    ("sys-libs/glibc-2.42-r7", "DEPEND", "virtual/os-headers-0-r2", T, "virtual/os-headers", (), False),
    ("sys-libs/glibc-2.42-r7", "BDEPEND", "sys-devel/bison-3.8.2-r3", H, "sys-devel/bison", (), False),
    ("sys-libs/glibc-2.42-r7", "BDEPEND", "sys-devel/binutils-2.45.1", H, ">=sys-devel/binutils-2.27",
     (), False),
    ("sys-libs/glibc-2.42-r7", "BDEPEND", "sys-devel/gcc-15.2.1_p20260605", H, ">=sys-devel/gcc-6.2",
     (), False),
    ("sys-libs/glibc-2.42-r7", "PDEPEND", "sys-libs/timezone-data-2026b", T, "sys-libs/timezone-data",
     ("!vanilla",), False),
    ("virtual/os-headers-0-r2", "RDEPEND", "sys-kernel/linux-headers-6.12", T,
     "sys-kernel/linux-headers:0", ("!prefix-guest", "kernel_linux"), False),
    ("sys-kernel/linux-headers-6.12", "BDEPEND", "app-arch/xz-utils-5.8.3", H, "app-arch/xz-utils", (), False),
    ("sys-kernel/linux-headers-6.12", "BDEPEND", "dev-lang/perl-5.42.2", H, "dev-lang/perl", (), False),
    ("sys-devel/binutils-2.45.1", "DEPEND", "sys-devel/binutils-config-5.6", T,
     ">=sys-devel/binutils-config-3", (), False),
    ("sys-devel/binutils-2.45.1", "DEPEND", "virtual/zlib-1.3.1-r1", T, "virtual/zlib:=", (), False),
    ("sys-devel/binutils-2.45.1", "RDEPEND", "sys-devel/binutils-config-5.6", T,
     ">=sys-devel/binutils-config-3", (), False),
    ("sys-devel/binutils-2.45.1", "RDEPEND", "virtual/zlib-1.3.1-r1", T, "virtual/zlib:=", (), False),
    ("sys-devel/binutils-2.45.1", "BDEPEND", "app-portage/elt-patches-20250718", H,
     ">=app-portage/elt-patches-20250306", (), False),
    ("virtual/zlib-1.3.1-r1", "RDEPEND", "sys-libs/zlib-1.3.2-r1", T, ">=sys-libs/zlib-1.3.1", (), False),
    ("dev-libs/gmp-6.3.0-r2", "BDEPEND", "app-arch/xz-utils-5.8.3", H, "app-arch/xz-utils", (), False),
    ("dev-libs/gmp-6.3.0-r2", "BDEPEND", "sys-devel/m4-1.4.21", H, "sys-devel/m4", (), False),
    ("dev-libs/mpfr-4.2.2", "DEPEND", "dev-libs/gmp-6.3.0-r2", T, ">=dev-libs/gmp-5.0.0:=", (), False),
    ("dev-libs/mpfr-4.2.2", "RDEPEND", "dev-libs/gmp-6.3.0-r2", T, ">=dev-libs/gmp-5.0.0:=", (), False),
    ("dev-libs/mpc-1.3.1", "DEPEND", "dev-libs/gmp-6.3.0-r2", T, ">=dev-libs/gmp-5.0.0:=", (), False),
    ("dev-libs/mpc-1.3.1", "DEPEND", "dev-libs/mpfr-4.2.2", T, ">=dev-libs/mpfr-4.1.0:=", (), False),
    ("dev-libs/mpc-1.3.1", "RDEPEND", "dev-libs/gmp-6.3.0-r2", T, ">=dev-libs/gmp-5.0.0:=", (), False),
    ("dev-libs/mpc-1.3.1", "RDEPEND", "dev-libs/mpfr-4.2.2", T, ">=dev-libs/mpfr-4.1.0:=", (), False),
    ("sys-devel/gcc-15.2.1_p20260605", "DEPEND", "sys-libs/glibc-2.42-r7", T, "sys-libs/glibc[cet(-)?]",
     ("elibc_glibc",), False),
    ("sys-devel/gcc-15.2.1_p20260605", "DEPEND", "virtual/zlib-1.3.1-r1", T, "virtual/zlib:=", (), False),
    ("sys-devel/gcc-15.2.1_p20260605", "DEPEND", "virtual/libiconv-0-r2", T, "virtual/libiconv", (), False),
    ("sys-devel/gcc-15.2.1_p20260605", "DEPEND", "dev-libs/gmp-6.3.0-r2", T, ">=dev-libs/gmp-4.3.2:0=",
     (), False),
    ("sys-devel/gcc-15.2.1_p20260605", "DEPEND", "dev-libs/mpfr-4.2.2", T, ">=dev-libs/mpfr-2.4.2:0=",
     (), False),
    ("sys-devel/gcc-15.2.1_p20260605", "DEPEND", "dev-libs/mpc-1.3.1", T, ">=dev-libs/mpc-0.8.1:0=",
     (), False),
    ("sys-devel/gcc-15.2.1_p20260605", "DEPEND", "app-arch/zstd-1.5.7-r1", T, "app-arch/zstd:=",
     ("zstd",), False),
    ("sys-devel/gcc-15.2.1_p20260605", "RDEPEND", "sys-libs/glibc-2.42-r7", T,
     "sys-libs/glibc[cet(-)?]", ("elibc_glibc",), False),
    ("sys-devel/gcc-15.2.1_p20260605", "RDEPEND", "dev-libs/gmp-6.3.0-r2", T, ">=dev-libs/gmp-4.3.2:0=",
     (), False),
    ("sys-devel/gcc-15.2.1_p20260605", "BDEPEND", "sys-devel/binutils-2.45.1", H, "sys-devel/binutils:*",
     (), False),
    ("sys-devel/gcc-15.2.1_p20260605", "BDEPEND", "sys-devel/flex-2.6.4-r6", H, ">=sys-devel/flex-2.5.4",
     (), False),
    ("sys-devel/gcc-15.2.1_p20260605", "BDEPEND", "sys-apps/texinfo-7.3", H, "sys-apps/texinfo", (), False),
    ("sys-devel/gcc-15.2.1_p20260605", "PDEPEND", "sys-devel/gcc-config-2.12.2", T,
     ">=sys-devel/gcc-config-2.11", (), False),
]
COMPILED = ["sys-kernel/linux-headers-6.12", "sys-devel/binutils-2.45.1",
            "sys-devel/binutils-config-5.6", "sys-libs/zlib-1.3.2-r1", "dev-libs/gmp-6.3.0-r2",
            "dev-libs/mpfr-4.2.2", "dev-libs/mpc-1.3.1", "sys-devel/gcc-15.2.1_p20260605",
            "app-arch/zstd-1.5.7-r1", "sys-devel/gcc-config-2.12.2"]
NO_LIBC = {"sys-kernel/linux-headers-6.12"}


def implicit_edges() -> list[tuple]:
    """The implicit model's edges for :data:`COMPILED` (rules of bootorder.resolver.implicit)."""
    out = []
    for cpv in COMPILED:
        if cpv not in NO_LIBC:
            out.append((cpv, "DEPEND", "virtual/libc-1-r1", T, "virtual/libc", (), True))
        for tool, atom in (("sys-devel/gcc-15.2.1_p20260605", "sys-devel/gcc"),
                           ("sys-devel/binutils-2.45.1", "sys-devel/binutils")):
            if tool != cpv and not any(e[0] == cpv and e[1] == "BDEPEND" and e[2] == tool
                                       for e in EDGES):
                out.append((cpv, "BDEPEND", tool, H, atom, (), True))
    return out


def corpus_toolchain_graph(seed: int | None = None) -> DepGraph:
    """The graph; ``seed`` shuffles the insertion order (same graph, other order)."""
    nodes = [(cpv, root, False) for cpv, root in PACKAGES.items()] + \
        [(cpv, H, True) for cpv in SEED]
    edges = EDGES + implicit_edges()
    if seed is not None:
        rng = random.Random(seed)
        rng.shuffle(nodes)
        edges = list(edges)
        rng.shuffle(edges)
    g = DepGraph()
    for cpv, root, installed in nodes:
        g.add_package(cpv, root, installed=installed)
    for src, cls, dep, root, atom, use, implicit in edges:
        g.add_dep(NodeKey(src, PACKAGES.get(src, H)), NodeKey(dep, root), cls,
                  atom=atom, use=use, implicit=implicit)
    return g
