"""bootorder.order.priority: edge priorities against portage's own classes (every
flag combination) and a hand-checked table of edges."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings

from bootstrap_strategies import dep_graphs
from bootorder.graph.depgraph import DepGraph, edge_value
from bootorder.order.priority import (IGNORE_LEVELS, Priority, built_links, edge_priority,
                                      installed_index, scheduled_edges, scheduled_links,
                                      scheduled_priority, stored_priority)
from bootorder.order.priority import _matches_installed as satisfied_by_installed

FLAGS = ("buildtime", "buildtime_slot_op", "runtime", "runtime_slot_op", "runtime_post",
         "satisfied", "optional", "cross")


def _all_priorities():
    for bits in itertools.product((False, True), repeat=len(FLAGS)):
        yield dict(zip(FLAGS, bits))


def test_priorities_agree_with_portage_on_every_flag_combination():
    dep_priority = pytest.importorskip("_emerge.DepPriority").DepPriority
    srange = pytest.importorskip("_emerge.DepPrioritySatisfiedRange").DepPrioritySatisfiedRange
    for flags in _all_priorities():
        ours, theirs = Priority(**flags), dep_priority(**flags)
        assert ours.label == str(theirs), flags
        assert ours.hardness == int(theirs), flags
        for level in range(1, len(IGNORE_LEVELS)):
            assert bool(IGNORE_LEVELS[level][1](ours)) == \
                bool(srange.ignore_priority[level](theirs)), (level, flags)


@pytest.mark.parametrize("cls, slot_op, source_root, label, hard, reason", [
    ("DEPEND", None, "host", "buildtime", True, "hard"),
    ("BDEPEND", "=", "host", "buildtime_slot_op", True, "hard"),
    ("HOSTDEPEND", None, "target", "buildtime", True, "hard"),
    ("RDEPEND", None, "host", "runtime", False, "runtime not yet satisfied"),
    ("IDEPEND", None, "host", "runtime", False, "runtime not yet satisfied"),
    # emerge cannot break an unsatisfied := runtime cycle in / but can in another ROOT
    ("RDEPEND", "=", "host", "runtime_slot_op", True, "hard"),
    ("RDEPEND", "=", "target", "runtime_slot_op", False, "runtime not yet satisfied"),
    ("PDEPEND", None, "host", "runtime_post", False, "PDEPEND"),
    ("PDEPEND", "=", "host", "runtime_post", False, "PDEPEND"),
])
def test_edge_priority_table(cls, slot_op, source_root, label, hard, reason):
    g = DepGraph()
    a, b = g.add_package("x/a-1", source_root), g.add_package("x/b-1", source_root)
    g.add_dep(a, b, cls, atom="x/b:=" if slot_op else "x/b", slot_operator=slot_op)
    priority = edge_priority(g, g.edges()[0])
    assert (priority.label, priority.hard, priority.reason()) == (label, hard, reason)


def test_runtime_edges_in_the_target_bind_builds_when_sysroot_is_target():
    """SYSROOT=/: a target package is never run during a build, its runtime edge is not
    strong; SYSROOT=ROOT: it is built against, so the edge binds as emerge's does."""
    g = DepGraph()
    e, d = g.add_package("x/e-1", "target"), g.add_package("x/d-1", "target")
    g.add_dep(e, d, "RDEPEND", atom="x/d")
    assert not edge_priority(g, g.edges()[0]).strong
    g.sysroot = "target"
    assert edge_priority(g, g.edges()[0]).strong and g.sysroot == "target"


@settings(max_examples=300, deadline=None)
@given(dep_graphs(slot_ops=True))
def test_scheduled_links_are_the_scheduled_edges(g):
    """The raw pass keeps the same edges with the same priorities (installed packages,
    self-edges, ``:=`` and both roots included)."""
    links = sorted((u, v, repr(p)) for u, v, p in scheduled_links(g))
    assert links == sorted((e.source, e.dep, repr(p)) for e, p in scheduled_edges(g))


@settings(max_examples=200, deadline=None)
@given(dep_graphs(slot_ops=True))
def test_built_links_are_every_edge_among_built_packages(g):
    """Every edge between two packages not installed, once, with the priority
    scheduled_priority gives it (None for a self-edge it leaves out)."""
    index = installed_index(g)
    links = sorted(((edge_value(u, v, k, d), repr(p)) for u, v, k, d, p in built_links(g)),
                   key=lambda pair: pair[0].sort_key())
    assert links == [(e, repr(scheduled_priority(g, e, index))) for e in g.edges()
                     if not g.node(e.source)["installed"] and not g.node(e.dep)["installed"]]


@settings(max_examples=300, deadline=None)
@given(dep_graphs(slot_ops=True))
def test_stored_priority_is_the_edge_priority(g):
    """From the stored attributes, with the graph's installed index and with none given
    (an installed dependent's edges are optional either way)."""
    for index in (installed_index(g), {}):
        for e in g.edges():
            data = g.out_raw(e.source)[e.dep][e.key]
            assert stored_priority(g, e.source, data, index) == edge_priority(g, e, index)


def test_an_installed_index_keeps_its_answers_per_root_and_atom():
    """The index remembers whether an installed package matches an atom: the same atom
    asked in the other root, or another version of it, gets its own answer."""
    g = DepGraph()
    g.add_package("x/b-1", "host", installed=True)
    index = installed_index(g)
    asked = [("host", "x/b"), ("target", "x/b"), ("host", ">=x/b-2"), ("host", "x/b")]
    for root, atom in asked + asked[::-1]:
        expected = root == "host" and atom == "x/b"
        assert satisfied_by_installed(g, index, root, atom) is expected, (root, atom)
