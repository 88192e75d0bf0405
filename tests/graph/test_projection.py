"""bootorder.graph.projection: a DepGraph seen by package name, every edge resolved
through virtuals to concrete packages (hand-checked tables: nested virtuals, virtual
loops, both roots), the text of a link, and an edge order that ignores insertion."""
from __future__ import annotations

import random

import pytest

from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.graph.projection import (
    Link,
    concrete_links,
    cp_of_node,
    edge_key,
    is_virtual,
    through_virtuals,
)

T, H = "target", "host"

EDGES = [  # (dependent, root, dependency, root, class, atom, implicit)
    ("sys-libs/glibc-2.42", T, "virtual/os-headers-0", T, "DEPEND", "virtual/os-headers", False),
    ("virtual/os-headers-0", T, "sys-kernel/linux-headers-6.12", T, "RDEPEND",
     "sys-kernel/linux-headers:0", False),
    ("dev-libs/gmp-6.3.0", T, "virtual/libc-1", T, "DEPEND", "virtual/libc", True),
    ("virtual/libc-1", T, "sys-libs/glibc-2.42", T, "RDEPEND", "sys-libs/glibc:2.2", False),
    ("sys-devel/gcc-15", T, "virtual/zlib-1", T, "DEPEND", "virtual/zlib:=", False),
    ("virtual/zlib-1", T, "virtual/zlib-ng-1", T, "RDEPEND", "virtual/zlib-ng", False),
    ("virtual/zlib-ng-1", T, "sys-libs/zlib-ng-2", T, "RDEPEND", "sys-libs/zlib-ng", False),
    ("virtual/zlib-ng-1", T, "virtual/zlib-1", T, "RDEPEND", "virtual/zlib", False),  # loop
    ("sys-devel/gcc-15", T, "sys-devel/binutils-2.45", H, "BDEPEND", "sys-devel/binutils",
     False),
    ("dev-libs/gmp-6.3.0", T, "sys-devel/gcc-15", H, "BDEPEND", "sys-devel/gcc", True),
]


def build(edges=EDGES) -> DepGraph:
    g = DepGraph()
    for src, sroot, dep, droot, cls, atom, implicit in edges:
        g.add_dep(g.add_package(src, sroot), g.add_package(dep, droot), cls, atom=atom,
                  implicit=implicit)
    return g


def test_concrete_links():
    links = concrete_links(build())
    assert [(k.source, k.dep, k.edge.cls, k.via, k.text()) for k in links] == [
        ("dev-libs/gmp", "sys-devel/gcc", "BDEPEND", (), "implicit BDEPEND sys-devel/gcc"),
        ("dev-libs/gmp", "sys-libs/glibc", "DEPEND", ("virtual/libc",),
         "implicit DEPEND virtual/libc"),
        ("sys-devel/gcc", "sys-devel/binutils", "BDEPEND", (), "BDEPEND sys-devel/binutils"),
        ("sys-devel/gcc", "sys-libs/zlib-ng", "DEPEND", ("virtual/zlib", "virtual/zlib-ng"),
         "DEPEND virtual/zlib:= via virtual/zlib-ng"),          # the loop back adds nothing
        ("sys-libs/glibc", "sys-kernel/linux-headers", "DEPEND", ("virtual/os-headers",),
         "DEPEND virtual/os-headers"),
    ]


def test_a_link_names_virtuals_its_atom_does_not():
    g = build()
    (edge,) = g.edges(NodeKey("sys-libs/glibc-2.42", T))
    assert Link("sys-libs/glibc", "x/y", edge, ("virtual/a", "virtual/b")).text() == \
        "DEPEND virtual/os-headers via virtual/a → virtual/b"


def test_through_virtuals():
    g = build()
    zlib = NodeKey("virtual/zlib-1", T)
    assert through_virtuals(g, zlib) == [(NodeKey("sys-libs/zlib-ng-2", T),
                                          ("virtual/zlib", "virtual/zlib-ng"))]
    gmp = NodeKey("dev-libs/gmp-6.3.0", T)
    assert through_virtuals(g, gmp, ("virtual/x",)) == [(gmp, ("virtual/x",))]


@pytest.mark.parametrize("cpv, root, cp, virtual", [
    ("virtual/libc-1", T, "virtual/libc", True),
    ("sys-libs/glibc-2.42", T, "sys-libs/glibc", False),
    ("sys-devel/gcc-15", H, "sys-devel/gcc", False),
])
def test_node_names(cpv, root, cp, virtual):
    g = build()
    assert (cp_of_node(g, NodeKey(cpv, root)), is_virtual(g, NodeKey(cpv, root))) == (cp, virtual)


@pytest.mark.parametrize("seed", range(5))
def test_links_and_edge_keys_ignore_insertion_order(seed):
    edges = list(EDGES)
    random.Random(seed).shuffle(edges)
    shuffled, g = build(edges), build()
    assert concrete_links(shuffled) == concrete_links(g)
    assert sorted(shuffled.edges(), key=edge_key) == sorted(g.edges(), key=edge_key)
    keys = [edge_key(e) for e in sorted(g.edges(), key=edge_key)]
    assert len(set(keys)) == len(keys)          # no two different edges tie
