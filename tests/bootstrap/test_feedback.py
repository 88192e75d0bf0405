"""bootorder.bootstrap.feedback: minimum feedback vertex sets (a hand-checked table,
brute force on generated digraphs) and subset feedback vertex sets (only the cycles
through a hard edge)."""
from __future__ import annotations

import itertools

import networkx as nx
import pytest
from bootstrap_strategies import brute_force_minimum
from hypothesis import given, settings, strategies as st

from bootorder.bootstrap.feedback import is_feedback_vertex_set, minimum_feedback_vertex_set

# --- minimum feedback vertex set: hand-checked table --------------------------------

FVS_TABLE = [
    # (edges, minimum size, the set chosen with the default preference = sorted nodes)
    ([], 0, ()),
    ([(1, 2), (2, 3)], 0, ()),
    ([(1, 1)], 1, (1,)),
    ([(1, 2), (2, 1)], 1, (1,)),
    ([(1, 2), (2, 1), (3, 4), (4, 3)], 2, (1, 3)),
    ([(a, b) for a in range(4) for b in range(4) if a != b], 3, (0, 1, 2)),
    ([(1, 2), (2, 3), (3, 1), (3, 4), (4, 3)], 1, (3,)),
    ([(1, 2), (2, 1), (2, 3), (3, 2), (3, 3)], 2, (1, 3)),
]


@pytest.mark.parametrize("edges,size,chosen", FVS_TABLE)
def test_minimum_fvs_table(edges, size, chosen):
    g = nx.DiGraph(edges)
    nodes, exact, lower = minimum_feedback_vertex_set(g)
    assert (len(nodes), nodes, exact, lower) == (size, chosen, True, size)
    assert is_feedback_vertex_set(g, nodes)


def test_fvs_heuristic_when_budget_exhausted():
    g = nx.DiGraph([(a, b) for a in range(5) for b in range(5) if a != b])
    nodes, exact, lower = minimum_feedback_vertex_set(g, budget=0)
    assert not exact and is_feedback_vertex_set(g, nodes) and lower <= 4 <= len(nodes)


@st.composite
def digraphs(draw, max_nodes=7):
    n = draw(st.integers(1, max_nodes))
    pairs = [(a, b) for a in range(n) for b in range(n)]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=min(len(pairs), 16), unique=True))
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(chosen)
    return g


@settings(max_examples=150, deadline=None)
@given(digraphs())
def test_fvs_is_valid_and_minimum(g):
    nodes, exact, lower = minimum_feedback_vertex_set(g)
    assert exact and is_feedback_vertex_set(g, nodes)
    assert len(nodes) == lower == brute_force_minimum(g)


@settings(max_examples=80, deadline=None)
@given(digraphs())
def test_fvs_heuristic_is_valid_and_bounded(g):
    nodes, exact, lower = minimum_feedback_vertex_set(g, budget=1)
    assert is_feedback_vertex_set(g, nodes)
    assert lower <= brute_force_minimum(g) <= len(nodes)


# --- subset feedback vertex sets: only cycles through a hard edge -------------------

@st.composite
def labelled_digraphs(draw):
    """A small digraph and a random set of its edges called hard."""
    g = draw(digraphs())
    edges = sorted(g.edges)
    hard = set(draw(st.lists(st.sampled_from(edges), unique=True))) if edges else set()
    return g, hard


def hard_cycles(g: nx.DiGraph, hard: set) -> list[list]:
    """Every simple cycle of ``g`` holding an edge of ``hard`` (self-loops included)."""
    return [c for c in nx.simple_cycles(g)
            if any(step in hard for step in zip(c, c[1:] + c[:1]))]


def brute_force_subset_minimum(g: nx.DiGraph, hard: set) -> int:
    """The size of a minimum set hitting every hard cycle, by trying every subset."""
    cycles = [set(c) for c in hard_cycles(g, hard)]
    nodes = sorted(g)
    for k in range(len(nodes) + 1):
        if any(all(c & set(subset) for c in cycles)
               for subset in itertools.combinations(nodes, k)):
            return k
    raise AssertionError("unreachable")


@settings(max_examples=200, deadline=None)
@given(labelled_digraphs())
def test_subset_fvs_is_valid_and_minimum(labelled):
    g, hard = labelled
    is_hard = lambda u, v: (u, v) in hard  # noqa: E731
    nodes, exact, lower = minimum_feedback_vertex_set(g, hard=is_hard)
    cycles = [set(c) for c in hard_cycles(g, hard)]
    assert exact and all(c & set(nodes) for c in cycles)
    assert is_feedback_vertex_set(g, nodes, hard=is_hard)
    assert len(nodes) == lower == brute_force_subset_minimum(g, hard)
    for k in range(len(nodes)):                 # no smaller set hits every hard cycle
        for subset in itertools.combinations(sorted(g), k):
            assert not is_feedback_vertex_set(g, subset, hard=is_hard)
            assert not all(c & set(subset) for c in cycles)


@settings(max_examples=100, deadline=None)
@given(labelled_digraphs())
def test_subset_fvs_heuristic_is_valid_and_bounded(labelled):
    g, hard = labelled
    is_hard = lambda u, v: (u, v) in hard  # noqa: E731
    nodes, exact, lower = minimum_feedback_vertex_set(g, budget=1, hard=is_hard)
    assert all(set(c) & set(nodes) for c in hard_cycles(g, hard))
    assert lower <= brute_force_subset_minimum(g, hard) <= len(nodes)


@settings(max_examples=200, deadline=None)
@given(digraphs())
def test_every_edge_hard_is_the_plain_search(g):
    """Calling every edge hard asks for the plain feedback vertex set: the same minimum
    sets (test_fvs_is_valid_and_minimum checks those against brute force)."""
    nodes, exact, _ = minimum_feedback_vertex_set(g, hard=lambda u, v: True)
    assert (nodes, exact) == minimum_feedback_vertex_set(g)[:2]


def test_subset_fvs_soft_cycles_need_nothing():
    g = nx.DiGraph([(1, 2), (2, 1), (3, 3), (4, 5), (5, 6), (6, 4)])
    assert minimum_feedback_vertex_set(g, hard=lambda u, v: False) == ((), True, 0)
    # a soft self-loop is no cycle to break; a hard one forces its node
    assert minimum_feedback_vertex_set(g, hard=lambda u, v: (u, v) in {(3, 3), (6, 4)}) \
        == ((3, 4), True, 2)
