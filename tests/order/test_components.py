"""bootorder.order.components: Tarjan's components and components kept while nodes are
removed, both against networkx on generated graphs (the oracle: a condensation computed
from scratch after every removal)."""
from __future__ import annotations

import networkx as nx
from hypothesis import given, settings, strategies as st

from bootorder.order.components import ShrinkingComponents, strong_components


@st.composite
def digraphs(draw):
    count = draw(st.integers(1, 14))
    edges = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1)),
                          max_size=40))
    graph = nx.DiGraph()
    graph.add_nodes_from(range(count))
    graph.add_edges_from(edges)
    return graph


def components_of(graph: nx.DiGraph) -> set[frozenset]:
    return {frozenset(c) for c in nx.strongly_connected_components(graph)}


def sinks_of(graph: nx.DiGraph) -> set[frozenset]:
    condensed = nx.condensation(graph)
    members = condensed.graph["mapping"]
    return {frozenset(n for n, c in members.items() if c == comp)
            for comp in condensed if condensed.out_degree(comp) == 0}


@settings(max_examples=200, deadline=None)
@given(digraphs())
def test_strong_components_are_networkx_components_in_reverse_topological_order(graph):
    found = strong_components(sorted(graph), lambda v: sorted(graph.successors(v)))
    assert {frozenset(c) for c in found} == components_of(graph)
    position = {v: i for i, comp in enumerate(found) for v in comp}
    assert all(position[u] >= position[v] for u, v in graph.edges)


@settings(max_examples=200, deadline=None)
@given(digraphs(), st.data())
def test_components_and_sinks_stay_those_of_what_is_left(graph, data):
    left = graph.copy()
    comps = ShrinkingComponents(len(graph), lambda v: sorted(left.successors(v)))
    sinks: set[int] = set()
    for node in data.draw(st.permutations(sorted(graph))):
        sinks.update(comps.new_sinks(left.__contains__))
        sinks = {c for c in sinks if c in comps.members}
        assert {frozenset(comps.members[c]) for c in comps.members} == components_of(left)
        assert {frozenset(comps.members[c]) for c in sinks} == sinks_of(left)
        dependents = [u for u in left.predecessors(node) if u != node]
        left.remove_node(node)
        comps.remove(node, dependents)
