"""Reference: :mod:`bootorder.feedback` as it was before the subset search (``hard``).

Kept verbatim below this docstring (from commit 0c6e4b9): ``minimum_feedback_vertex_set(g,
hard=None)`` must answer exactly as this one does (tests/test_bootstrap.py).
"""
from __future__ import annotations

from collections import deque
from typing import Callable, Iterable

import networkx as nx

DEFAULT_BUDGET = 200_000
"""Search steps of the exact search before the heuristic takes over."""


def minimum_feedback_vertex_set(g: nx.DiGraph, prefer: Callable[[frozenset], tuple] | None = None,
                                budget: int = DEFAULT_BUDGET) -> tuple[tuple, bool, int]:
    """A minimum set of nodes whose removal leaves ``g`` acyclic.

    Parameters
    ----------
    g
        A directed graph (not changed). Self-loops count as cycles.
    prefer
        ``frozenset -> sortable``; among minimum sets the smallest wins (default: the
        sorted nodes). The heuristic picks by ``prefer({node})`` on ties.
    budget
        Branching steps before giving up exactness.

    Returns
    -------
    (nodes, exact, lower_bound)
        ``nodes`` sorted; ``exact`` False when the budget ran out and the
        greedy heuristic answered; ``lower_bound`` a proven lower bound.

    Notes
    -----
    Exact search: forced nodes (self-loops) first, then iterative deepening on ``k``
    from the disjoint-cycle lower bound, branching on the nodes of a shortest cycle
    (one of them must be in any feedback set), pruning with the lower bound; all
    minimum sets found are compared by ``prefer``. Time ``O(c^k · n·m)`` for shortest
    cycle length ``c``. Heuristic: repeatedly drop nodes on no cycle, take self-loop
    nodes, else the node with the largest ``in·out`` degree (ties by cost).

    >>> g = nx.DiGraph([(1, 2), (2, 1), (2, 3), (3, 2), (3, 3)])
    >>> minimum_feedback_vertex_set(g)
    ((1, 3), True, 2)
    """
    prefer = prefer or (lambda nodes: sorted(nodes, key=_sort_key))
    core = _reduce(g)
    lower = _disjoint_cycles(core)
    found, exact = _exact(core, prefer, lower, budget)
    if not exact:
        found = _greedy(core, lambda n: prefer(frozenset([n])))
    return tuple(sorted(found, key=_sort_key)), exact, (len(found) if exact else lower)


def _reduce(g: nx.DiGraph) -> nx.DiGraph:
    """The union of ``g``'s cyclic components (nodes on no cycle removed)."""
    keep = set()
    for comp in nx.strongly_connected_components(g):
        node = next(iter(comp))
        if len(comp) > 1 or g.has_edge(node, node):
            keep |= comp
    return g.subgraph(keep).copy()


def _disjoint_cycles(g: nx.DiGraph) -> int:
    """A lower bound: the number of vertex-disjoint cycles found greedily (shortest first)."""
    rest, count = g.copy(), 0
    while True:
        cycle = _shortest_cycle(rest)
        if cycle is None:
            return count
        rest.remove_nodes_from(cycle)
        count += 1


def _shortest_cycle(g: nx.DiGraph) -> list | None:
    """A shortest cycle of ``g`` as a node list (deterministic), or None."""
    loops = sorted((n for n in g if g.has_edge(n, n)), key=_sort_key)
    if loops:
        return [loops[0]]
    best = None
    for start in sorted(g, key=_sort_key):
        cycle = _cycle_through(g, start, len(best) if best else None)
        if cycle and (best is None or len(cycle) < len(best)):
            best = cycle
            if len(best) == 2:
                break
    return best


def _cycle_through(g: nx.DiGraph, start, limit: int | None) -> list | None:
    """The shortest cycle through ``start`` (BFS), or None (or none shorter than limit)."""
    parent = {start: None}
    queue = deque([(start, 0)])
    while queue:
        node, depth = queue.popleft()
        if limit is not None and depth + 1 >= limit:
            return None
        for nxt in sorted(g.successors(node), key=_sort_key):
            if nxt == start:
                path = [node]
                while parent[path[-1]] is not None:
                    path.append(parent[path[-1]])
                return path[::-1]
            if nxt not in parent:
                parent[nxt] = node
                queue.append((nxt, depth + 1))
    return None


def _sort_key(node) -> tuple:
    return (type(node).__name__, node)


class _Budget:
    """A countdown shared by one exact search."""

    def __init__(self, steps: int):
        self.left = steps

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _exact(g: nx.DiGraph, prefer, lower: int, budget: int) -> tuple[set, bool]:
    """Iterative deepening; returns (best minimum set, True) or (set(), False)."""
    steps = _Budget(budget)
    for k in range(lower, g.number_of_nodes() + 1):
        found: list[frozenset] = []
        if not _branch(g, k, frozenset(), found, steps):
            return set(), False
        if found:
            return set(min(found, key=prefer)), True
    return set(g.nodes), True


def _branch(g: nx.DiGraph, k: int, chosen: frozenset, found: list, steps: _Budget) -> bool:
    """Collect every feedback set of size ``k`` extending ``chosen``; False if out of budget."""
    if not steps.spend():
        return False
    rest = _reduce(g)
    if rest.number_of_nodes() == 0:
        if chosen not in found:
            found.append(chosen)
        return True
    if k == 0 or _disjoint_cycles(rest) > k:
        return True
    for node in _shortest_cycle(rest):
        smaller = rest.copy()
        smaller.remove_node(node)
        if not _branch(smaller, k - 1, chosen | {node}, found, steps):
            return False
    return True


def _greedy(g: nx.DiGraph, cost) -> set:
    """The heuristic feedback set (see :func:`minimum_feedback_vertex_set`)."""
    rest, chosen = _reduce(g), set()
    while rest.number_of_nodes():
        loops = [n for n in rest if rest.has_edge(n, n)]
        pick = min(loops, key=cost) if loops else min(
            rest, key=lambda n: (-rest.in_degree(n) * rest.out_degree(n), cost(n)))
        chosen.add(pick)
        rest.remove_node(pick)
        rest = _reduce(rest)
    return chosen


def is_feedback_vertex_set(g: nx.DiGraph, nodes: Iterable) -> bool:
    """Whether removing ``nodes`` leaves ``g`` acyclic.

    >>> is_feedback_vertex_set(nx.DiGraph([(1, 2), (2, 1)]), [2])
    True
    """
    rest = g.copy()
    rest.remove_nodes_from(nodes)
    return nx.is_directed_acyclic_graph(rest)


def shortest_cycle_through(g: nx.DiGraph, start) -> list | None:
    """A shortest cycle through ``start`` as a node list starting there, or None.

    >>> shortest_cycle_through(nx.DiGraph([(1, 2), (2, 3), (3, 1), (2, 1)]), 1)
    [1, 2]
    """
    return _cycle_through(g, start, None)
