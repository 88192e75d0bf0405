"""The cycles :mod:`bootorder.usechange.suggestion` must break, generated lazily per component.

A component is a strongly connected component of the considered links (those sharing
a package merged: a flip serves every instance). Its cycles start from those given and
grow while solving: after each :func:`bootorder.usechange.cover.solve_cover` the residual graph
is checked and, per still-present breakable link inside a cycle, the shortest cycle
through it (or, when that one has no hard link, the first cycle through it and a hard
link of its component) is added; solving stops when nothing is left to add.

The *problem* object is :mod:`bootorder.usechange.suggestion`'s: ``options[link]`` (minimal flip
sets removing a link), ``hard`` (links with a hard edge), ``link_broken(link, flips)``,
``cost(flips)``, ``package_cost(flips)`` and ``applied(flips)``.
"""
from __future__ import annotations

from typing import Callable, Protocol

import networkx as nx

from ..core.usechange import UseChange
from ..graph.depgraph import NodeKey
from .cover import solve_cover

Link = tuple[NodeKey, NodeKey]


class FlipProblem(Protocol):
    """What the lazy cycle generation asks of :mod:`bootorder.usechange.suggestion`'s
    problem (see the module docstring)."""

    links: dict[Link, list]
    hard: set[Link]
    options: dict[Link, tuple[frozenset, ...]]
    cost: Callable[[frozenset], int]
    package_cost: Callable[[frozenset], int]
    link_broken: Callable[[Link, frozenset], bool]
    applied: Callable[[frozenset], object]


def set_key(flips: frozenset[UseChange]) -> tuple:
    return (len(flips), sorted(flips))


def canonical(cycle: list[NodeKey]) -> tuple[NodeKey, ...]:
    i = cycle.index(min(cycle))
    return tuple(cycle[i:] + cycle[:i])


def cycle_links(cycle: tuple[NodeKey, ...]):
    return [(cycle[i], cycle[(i + 1) % len(cycle)]) for i in range(len(cycle))]


class Component:
    """One strongly connected component: its cycles (lazily grown) and its answer."""

    def __init__(self, problem: FlipProblem, links: list[tuple[NodeKey, NodeKey]]):
        self.problem = problem
        self.digraph = nx.DiGraph()
        self.digraph.add_edges_from(links)
        self.cycles: dict[tuple[NodeKey, ...], tuple[frozenset[UseChange], ...]] = {}
        self.unbreakable: set[tuple[NodeKey, ...]] = set()
        self.exact = True
        self.lower_bound = 0
        self.chosen: frozenset[UseChange] = frozenset()

    def add_cycle(self, cycle: tuple[NodeKey, ...]) -> bool:
        cycle = canonical(list(cycle))
        if cycle in self.cycles or cycle in self.unbreakable or \
                not any(link in self.problem.hard for link in cycle_links(cycle)):
            return False
        options = {o for link in cycle_links(cycle) for o in self.problem.options[link]
                   if self.problem.cost(o) < float("inf")}
        minimal = sorted((o for o in options if not any(p < o for p in options)), key=set_key)
        if minimal:
            self.cycles[cycle] = tuple(minimal)
        else:
            self.unbreakable.add(cycle)
        return bool(minimal)

    def residual(self, applied: frozenset[UseChange]) -> nx.DiGraph:
        """The component's links that ``applied`` leaves."""
        residual = nx.DiGraph()
        residual.add_nodes_from(self.digraph)
        residual.add_edges_from(link for link in self.digraph.edges
                                if not self.problem.link_broken(link, applied))
        return residual

    def violations(self, applied: frozenset[UseChange]) -> list[tuple[NodeKey, ...]]:
        """Cycles with a hard link that the flips leave and a flip could break: per
        remaining breakable link, the shortest cycle through it, or (when that has no
        hard link) the first cycle through it and a hard link inside its component (a hard
        link leaving the component lies on no cycle)."""
        residual = self.residual(applied)
        scc = {n: i for i, comp in enumerate(nx.strongly_connected_components(residual))
               for n in comp}
        hard = sorted(link for link in residual.edges if link in self.problem.hard)
        found = []
        for u, v in sorted(residual.edges):
            if self.problem.options[(u, v)] and scc[u] == scc[v]:
                inside = [h for h in hard if scc[h[0]] == scc[h[1]] == scc[u]]
                cycle = self._through(residual, (u, v), inside)
                if cycle:
                    found.append(cycle)
        return found

    def _through(self, residual, link, hard) -> tuple[NodeKey, ...] | None:
        u, v = link
        back = nx.shortest_path(residual, v, u)
        if link in self.problem.hard or any(h in self.problem.hard for h in
                                           zip(back, back[1:])):
            return tuple(back)
        for x, y in hard:
            first = nx.shortest_path(residual, v, x)
            second = nx.shortest_path(residual, y, u)
            if not set(first) & set(second):
                return tuple(first + second)
        return None

    def leftover(self, applied: frozenset[UseChange]) -> list[tuple[NodeKey, ...]]:
        """Cycles with a hard link the flips leave: the unbreakable ones seen, plus the
        shortest cycle through the first hard link of each residual strongly connected
        component none of them lies in."""
        residual = self.residual(applied)
        found = set(self.unbreakable)
        covered = {n for c in found for n in c}
        for comp in sorted(map(sorted, nx.strongly_connected_components(residual))):
            hard = sorted(link for link in residual.subgraph(comp).edges
                          if link in self.problem.hard)
            if hard and not covered & set(comp):
                u, v = hard[0]
                found.add(canonical(list(nx.shortest_path(residual, v, u))))
        return sorted(found)

    def solve(self, exact_max_flips: int, node_budget: int) -> None:
        """Solve, add the cycles the answer leaves, repeat until none is left
        (:func:`bootorder.usechange.cover.solve_cover` with these limits)."""
        while True:
            cover = solve_cover([self.cycles[c] for c in sorted(self.cycles)],
                                lambda flip: flip.package, self.problem.package_cost,
                                exact_max_items=exact_max_flips, node_budget=node_budget)
            self.chosen, self.exact, self.lower_bound = cover
            applied = self.problem.applied(self.chosen) or self.chosen
            if not [c for c in self.violations(applied) if self.add_cycle(c)]:
                return


def components(problem: FlipProblem) -> list[Component]:
    """Strongly connected components with a link, those sharing a package merged (a
    flip changes every instance of its package, so they are solved together)."""
    digraph = nx.DiGraph()
    digraph.add_edges_from(sorted(problem.links))
    scc = {n: i for i, comp in enumerate(nx.strongly_connected_components(digraph))
           for n in comp}
    merged = nx.Graph()
    for u, v in problem.links:
        if scc[u] == scc[v]:
            merged.add_edge(("scc", scc[u]), ("cpv", u.cpv))
    groups = {i: n for n, comp in enumerate(nx.connected_components(merged))
              for kind, i in comp if kind == "scc"}
    links: dict[int, list] = {}
    for u, v in sorted(problem.links):
        if scc[u] == scc[v]:
            links.setdefault(groups[scc[u]], []).append((u, v))
    return sorted((Component(problem, found) for found in links.values()),
                  key=lambda c: min(c.digraph))
