"""Minimum feedback vertex sets of directed graphs (which nodes to remove to break every cycle).

Exact for small instances by iterative deepening with branching on a shortest cycle,
a greedy heuristic with a proven lower bound beyond a search budget. Used by
:mod:`bootorder.bootstrap.synthesis` to choose the packages to pre-build. With an edge predicate
``hard``, only the cycles through a hard edge must be broken (a *subset* feedback
vertex set): :func:`bootorder.bootstrap.binding.runtime_feedback` leaves soft cycles, which
emerge merges as a group, alone.

>>> minimum_feedback_vertex_set(nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "b")]))
(('b',), True, 1)
"""
from __future__ import annotations

from collections import deque
from typing import Callable, Hashable, Iterable, Mapping

import networkx as nx

from ..order.components import strong_components

DEFAULT_BUDGET = 200_000
"""Search steps of the exact search before the heuristic takes over."""

HardEdge = Callable[[Hashable, Hashable], bool]
"""``hard(u, v)``: whether the edge ``u -> v`` makes a cycle through it one to break."""


def minimum_feedback_vertex_set(g: nx.DiGraph, prefer: Callable[[frozenset], tuple] | None = None,
                                budget: int = DEFAULT_BUDGET, hard: HardEdge | None = None
                                ) -> tuple[tuple, bool, int]:
    """A minimum set of nodes whose removal leaves ``g`` acyclic (or, with ``hard``,
    without a cycle through a hard edge).

    Parameters
    ----------
    g
        A directed graph (not changed). Self-loops count as cycles.
    prefer
        ``frozenset -> sortable``; among minimum sets the smallest wins (default: the
        sorted nodes). The heuristic picks by ``prefer({node})`` on ties.
    budget
        Branching steps before giving up exactness.
    hard
        ``hard(u, v)`` for an edge of ``g``: only cycles holding at least one edge it
        calls hard must be hit (a subset feedback vertex set); a hard self-loop is
        such a cycle, a soft one is not. ``None`` (default): every cycle.

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

    With ``hard`` the same search runs on hard cycles only: the graph is reduced to
    the strongly connected components holding a hard edge (every edge of a component
    lies on a cycle of it, so those are exactly the nodes on a hard cycle, ``O(n + m)``);
    the branching cycle is a shortest one entering a node by a hard edge (one BFS
    from the head of each hard edge, ``O(n·(n + m))``), and so are the cycles of the
    lower bound; the heuristic forces hard self-loops only. Time ``O(c^k · n·(n + m))``.

    >>> g = nx.DiGraph([(1, 2), (2, 1), (2, 3), (3, 2), (3, 3)])
    >>> minimum_feedback_vertex_set(g)
    ((1, 3), True, 2)
    >>> g = nx.DiGraph([(1, 2), (2, 1), (3, 4), (4, 3)])     # only 4 -> 3 is hard
    >>> minimum_feedback_vertex_set(g, hard=lambda u, v: (u, v) == (4, 3))
    ((3,), True, 1)
    """
    prefer = prefer or (lambda nodes: sorted(nodes, key=_sort_key))
    cycles = _EVERY_CYCLE if hard is None else _HardCycles(hard)
    core = cycles.reduce(g)
    lower = _disjoint_cycles(core, cycles)
    found, exact = _exact(core, prefer, lower, budget, cycles)
    if not exact:
        found = _greedy(core, lambda n: prefer(frozenset([n])), cycles)
    return tuple(sorted(found, key=_sort_key)), exact, (len(found) if exact else lower)


def _reduce(g: nx.DiGraph) -> nx.DiGraph:
    """The union of ``g``'s cyclic components (nodes on no cycle removed)."""
    keep = set()
    for comp in nx.strongly_connected_components(g):
        node = next(iter(comp))
        if len(comp) > 1 or g.has_edge(node, node):
            keep |= comp
    return g.subgraph(keep).copy()


def _disjoint_cycles(g: nx.DiGraph, cycles=None) -> int:
    """A lower bound: the number of vertex-disjoint cycles found greedily (shortest
    first), of the cycles that count (``cycles``, default every one)."""
    shortest = (cycles or _EVERY_CYCLE).shortest
    rest, count = g.copy(), 0
    while True:
        cycle = shortest(rest)
        if cycle is None:
            return count
        rest.remove_nodes_from(cycle)
        count += 1


def _shortest_cycle(g: nx.DiGraph, hard: HardEdge | None = None) -> list | None:
    """A shortest cycle of ``g`` (with ``hard``: entering a node by a hard edge) as a
    node list (deterministic), or None."""
    loops = sorted((n for n in g if g.has_edge(n, n) and (hard is None or hard(n, n))),
                   key=_sort_key)
    if loops:
        return [loops[0]]
    heads = g if hard is None else {v for u, v in g.edges if hard(u, v)}
    best = None
    for start in sorted(heads, key=_sort_key):
        cycle = _cycle_through(g, start, len(best) if best else None, hard)
        if cycle and (best is None or len(cycle) < len(best)):
            best = cycle
            if len(best) == 2:
                break
    return best


def _cycle_through(g: nx.DiGraph, start, limit: int | None,
                   hard: HardEdge | None = None) -> list | None:
    """The shortest cycle through ``start`` (with ``hard``: entering it by a hard edge),
    by BFS, or None (or none shorter than ``limit``)."""
    parent = {start: None}
    queue = deque([(start, 0)])
    while queue:
        node, depth = queue.popleft()
        if limit is not None and depth + 1 >= limit:
            return None
        if g.has_edge(node, start) and (hard is None or hard(node, start)):
            return tree_path(parent, node)
        for nxt in sorted(g.successors(node), key=_sort_key):
            if nxt not in parent:
                parent[nxt] = node
                queue.append((nxt, depth + 1))
    return None


def tree_path(parent: dict, node) -> list:
    """The path from the root of a search tree (``parent[child]``, None at the root)
    to ``node``.

    >>> tree_path({"a": None, "b": "a", "c": "b"}, "c")
    ['a', 'b', 'c']
    """
    path = [node]
    while parent[path[-1]] is not None:
        path.append(parent[path[-1]])
    return path[::-1]


def _sort_key(node) -> tuple:
    return (type(node).__name__, node)


class _EveryCycle:
    """Every cycle must be hit: the plain feedback vertex set."""

    reduce = staticmethod(_reduce)
    shortest = staticmethod(_shortest_cycle)

    @staticmethod
    def loops(g: nx.DiGraph) -> list:
        return [n for n in g if g.has_edge(n, n)]


_EVERY_CYCLE = _EveryCycle()


class _HardCycles:
    """Only the cycles holding an edge ``hard(u, v)`` calls hard must be hit."""

    def __init__(self, hard: HardEdge):
        self.hard = hard

    def reduce(self, g: nx.DiGraph) -> nx.DiGraph:
        """The union of the strongly connected components that hold a hard edge."""
        comp_of = {n: i for i, comp in enumerate(nx.strongly_connected_components(g))
                   for n in comp}
        hard_comps = {comp_of[u] for u, v in g.edges if comp_of[u] == comp_of[v]
                      and self.hard(u, v)}
        return g.subgraph(n for n in g if comp_of[n] in hard_comps).copy()

    def loops(self, g: nx.DiGraph) -> list:
        return [n for n in g if g.has_edge(n, n) and self.hard(n, n)]

    def shortest(self, g: nx.DiGraph) -> list | None:
        """A shortest cycle holding a hard edge (deterministic), or None."""
        return _shortest_cycle(g, self.hard)


class _Budget:
    """A countdown shared by one exact search."""

    def __init__(self, steps: int):
        self.left = steps

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _exact(g: nx.DiGraph, prefer, lower: int, budget: int, cycles) -> tuple[set, bool]:
    """Iterative deepening; returns (best minimum set, True) or (set(), False)."""
    steps = _Budget(budget)
    for k in range(lower, g.number_of_nodes() + 1):
        found: list[frozenset] = []
        if not _branch(g, k, frozenset(), found, steps, cycles):
            return set(), False
        if found:
            return set(min(found, key=prefer)), True
    return set(g.nodes), True


def _branch(g: nx.DiGraph, k: int, chosen: frozenset, found: list, steps: _Budget,
            cycles) -> bool:
    """Collect every feedback set of size ``k`` extending ``chosen``; False if out of budget."""
    if not steps.spend():
        return False
    rest = cycles.reduce(g)
    if rest.number_of_nodes() == 0:
        if chosen not in found:
            found.append(chosen)
        return True
    if k == 0 or _disjoint_cycles(rest, cycles) > k:
        return True
    for node in cycles.shortest(rest):
        smaller = rest.copy()
        smaller.remove_node(node)
        if not _branch(smaller, k - 1, chosen | {node}, found, steps, cycles):
            return False
    return True


def _greedy(g: nx.DiGraph, cost, cycles) -> set:
    """The heuristic feedback set (see :func:`minimum_feedback_vertex_set`)."""
    rest, chosen = cycles.reduce(g), set()
    while rest.number_of_nodes():
        loops = cycles.loops(rest)
        pick = min(loops, key=cost) if loops else min(
            rest, key=lambda n: (-rest.in_degree(n) * rest.out_degree(n), cost(n)))
        chosen.add(pick)
        rest.remove_node(pick)
        rest = cycles.reduce(rest)
    return chosen


def is_feedback_vertex_set(g: nx.DiGraph, nodes: Iterable,
                           hard: HardEdge | None = None) -> bool:
    """Whether removing ``nodes`` leaves ``g`` acyclic (with ``hard``: without a cycle
    through a hard edge, see :func:`minimum_feedback_vertex_set`).

    >>> is_feedback_vertex_set(nx.DiGraph([(1, 2), (2, 1)]), [2])
    True
    >>> is_feedback_vertex_set(nx.DiGraph([(1, 2), (2, 1)]), [], hard=lambda u, v: False)
    True
    """
    rest = g.copy()
    rest.remove_nodes_from(nodes)
    if hard is None:
        return nx.is_directed_acyclic_graph(rest)
    return _HardCycles(hard).reduce(rest).number_of_nodes() == 0


def shortest_cycle_through(g: nx.DiGraph, start) -> list | None:
    """A shortest cycle through ``start`` as a node list starting there, or None.

    >>> shortest_cycle_through(nx.DiGraph([(1, 2), (2, 3), (3, 1), (2, 1)]), 1)
    [1, 2]
    """
    return _cycle_through(g, start, None)


def rotated(cycle: list, start) -> list:
    """``cycle`` starting at ``start`` (unchanged when ``start`` is not on it).

    >>> rotated([1, 2, 3], 2), rotated([1, 2], 5)
    ([2, 3, 1], [1, 2])
    """
    if start not in cycle:
        return cycle
    i = cycle.index(start)
    return cycle[i:] + cycle[:i]


def shortest_hard_cycle(binding: nx.DiGraph) -> list | None:
    """A shortest cycle of ``binding`` holding an edge with ``hard`` set, or None
    (one BFS from the head of each hard edge on a cycle, sorted: deterministic)."""
    return shortest_hard_cycle_in({n: {v: bool(out[v]["hard"]) for v in sorted(out)}
                                   for n, out in binding.adj.items()})


def shortest_hard_cycle_in(succ: Mapping[Hashable, Mapping[Hashable, bool]]) -> list | None:
    """:func:`shortest_hard_cycle` of ``{u: {v: hard}}``, each ``u``'s successors
    sorted (the order the search tries them in).

    >>> shortest_hard_cycle_in({1: {2: False}, 2: {1: True, 3: True}, 3: {1: False}})
    [1, 2]
    """
    comp_of = {n: i for i, comp in enumerate(strong_components(succ, succ.__getitem__))
               for n in comp}
    heads = sorted({v for u, out in succ.items() for v, hard in out.items()
                    if hard and comp_of[u] == comp_of[v]})
    best = None
    for start in heads:
        # parent and depth (nodes on the path to it) of each node reached
        parent, depth = {start: None}, {start: 1}
        here = comp_of[start]
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if best is not None and depth[node] >= len(best):
                break
            if succ[node].get(start):
                best = [node]
                while parent[best[-1]] is not None:
                    best.append(parent[best[-1]])
                best.reverse()
                break
            below = depth[node] + 1
            for nxt in succ[node]:
                if nxt not in parent and comp_of[nxt] == here:
                    parent[nxt] = node
                    depth[nxt] = below
                    queue.append(nxt)
    return best
