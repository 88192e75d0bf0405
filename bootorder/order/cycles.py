"""Dependency cycles, labelled the way portage labels them.

Which edges take part and how each is labelled (portage's priorities, *hard* and
*strong* edges, hard cycles) is :mod:`bootorder.order.priority`; its names are re-exported
here.

Bounds
------
Elementary cycles can be exponentially many, so their enumeration is bounded, as Debian's
botch bounds its cycle search: at most ``max_length`` packages per cycle (default
:data:`DEFAULT_MAX_LENGTH`) and ``max_cycles`` cycles in all (default
:data:`DEFAULT_MAX_CYCLES`). The shortest cycle through every edge (portage's
``digraph.get_cycles`` takes one per package) is found first by breadth-first search,
then networkx's bounded Johnson / Gupta-Suzumura search adds the rest, per strongly
connected component. ``CycleReport.truncated`` says that more cycles may exist (the
count cap was hit, or a component has more packages than ``max_length``). Components,
and ``CycleReport.hard``, are always complete.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Iterable, Mapping

import networkx as nx

from ..core.depclass import NAMES
from ..core.display import HtmlDisplay
from ..core.gcpause import paused_gc
from ..core.reporter import NULL_REPORTER, Reporter
from ..graph.depgraph import DepGraph, Edge, NodeKey
from .choices import DEFAULT_MAX_CYCLES, DEFAULT_MAX_LENGTH, SCOPES
from .components import strong_components
from .priority import Priority, is_hard_cycle, scheduled_edges


@dataclass(frozen=True, slots=True)
class CycleEdge:
    """One edge of a cycle with its portage priority."""

    edge: Edge
    priority: Priority

    def to_json(self) -> dict:
        return {**self.edge.to_json(), "priority": self.priority.label,
                "hard": self.priority.hard}


@dataclass(frozen=True, slots=True)
class Cycle:
    """An elementary cycle: ``edges[i].to == edges[i+1].from``, starting at its least node."""

    edges: tuple[CycleEdge, ...]

    @property
    def nodes(self) -> tuple[NodeKey, ...]:
        return tuple(e.edge.source for e in self.edges)

    @property
    def hard(self) -> bool:
        """True when emerge cannot break it: strong edges only, at least one hard."""
        return is_hard_cycle(e.priority for e in self.edges)

    def to_json(self) -> dict:
        return {"hard": self.hard, "edges": [e.to_json() for e in self.edges]}


@dataclass(frozen=True, slots=True)
class CycleReport(HtmlDisplay):
    """Strongly connected components and their elementary cycles (see module Bounds)."""

    scope: str
    components: tuple[tuple[NodeKey, ...], ...]
    cycles: tuple[Cycle, ...]
    truncated: bool
    max_length: int
    max_cycles: int
    hard_components: tuple[tuple[NodeKey, ...], ...] = ()

    @property
    def hard(self) -> bool:
        """True when a hard cycle exists (even one longer than the caps let through):
        some strongly connected component of strong edges holds a hard edge."""
        return bool(self.hard_components)

    def to_json(self) -> dict:
        return {"scope": self.scope, "hard": self.hard, "truncated": self.truncated,
                "max_length": self.max_length, "max_cycles": self.max_cycles,
                "components": [[{"cpv": k.cpv, "root": k.root} for k in comp]
                               for comp in self.components],
                "cycles": [c.to_json() for c in self.cycles]}


def _strongest(pairs: Iterable[tuple[Edge, Priority]]) -> tuple[Edge, Priority]:
    """The edge that binds most: hard, then strong, then portage's hardness."""
    return min(pairs, key=lambda p: (not p[1].hard, not p[1].strong, -p[1].hardness,
                                     p[0].sort_key()))


def find_cycles(graph: DepGraph, *, scope: str = "hard",
                max_length: int = DEFAULT_MAX_LENGTH, max_cycles: int = DEFAULT_MAX_CYCLES,
                reporter: Reporter = NULL_REPORTER) -> CycleReport:
    """Strongly connected components and elementary cycles of the built packages.

    Parameters
    ----------
    graph : DepGraph
    scope : {"hard", "shortest", "all"}
        ``"hard"``: every hard cycle (what emerge stops on: strong edges, at least one
        hard, see :mod:`bootorder.order.priority`); ``"shortest"``: one per hard component, its
        shortest hard cycle (preferring cycles of metadata edges, which emerge sees, to
        cycles through implicit edges; ties: sorted packages), as emerge's report shows
        the shortest cycle of what blocks it; ``"all"``: every cycle between built
        packages. Each step shows the strongest edge between the two packages (emerge
        shows the hardest priority too).
    max_length, max_cycles : int
        The enumeration caps (module Bounds). The shortest cycle through every package
        (``"all"``) or every hard edge (``"hard"``) is always found first, so the caps
        only drop longer cycles.

    Notes
    -----
    Components: Tarjan, O(V + E). Shortest cycles: one BFS per package or hard edge,
    O(V (V + E)). Further cycles: O((V + E)(C + 1)) for C cycles, bounded by the caps.
    Output is sorted and independent of insertion order.

    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    >>> g.add_dep(a, b, "DEPEND", atom="x/b"); g.add_dep(b, a, "BDEPEND", atom="x/a")
    >>> [e["atom"] for e in find_cycles(g).to_json()["cycles"][0]["edges"]]
    ['x/b', 'x/a']
    """
    with paused_gc():  # many long-lived values, next to no garbage: see core.gcpause
        return cycles_of(scheduled_edges(graph), scope=scope, max_length=max_length,
                         max_cycles=max_cycles, reporter=reporter)


def cycles_of(items: Iterable[tuple[Edge, Priority]], *, scope: str,
              max_length: int, max_cycles: int,
              reporter: Reporter = NULL_REPORTER) -> CycleReport:
    """:func:`find_cycles` on a graph's :func:`~bootorder.order.priority.scheduled_edges`
    already computed (:func:`bootorder.order.schedule.build_order` has them)."""
    if scope not in SCOPES:
        raise ValueError(f"unknown cycle scope {scope!r}; expected one of {SCOPES}")
    if max_length < 1 or max_cycles < 1:
        raise ValueError(f"cycle caps must be >= 1 (max_length={max_length}, "
                         f"max_cycles={max_cycles})")
    pairs: dict[tuple[NodeKey, NodeKey], list[tuple[Edge, Priority]]] = {}
    for edge, priority in items:
        pairs.setdefault((edge.source, edge.dep), []).append((edge, priority))
    strong = _keep(pairs, lambda e, p: p.strong)
    hard_components = _hard_of(strong)
    if scope == "all":
        components = _components(_simple(pairs))
        cycles, truncated = _enumerate(pairs, components, max_length, max_cycles,
                                       lambda nodes: True, reporter)
    else:
        pairs, components = strong, hard_components
        if scope == "shortest":
            cycles, truncated = _shortest_per_component(strong, components), False
        else:
            cycles, truncated = _enumerate(strong, components, max_length, max_cycles,
                                           lambda nodes: _cycle(nodes, strong).hard,
                                           reporter)
    found = tuple(sorted((_cycle(nodes, pairs) for nodes in cycles), key=_cycle_key))
    for cycle in found:
        reporter.cycle_found(cycle)
    return CycleReport(scope, components, found, truncated, max_length, max_cycles,
                       hard_components)


def hard_components(links: Iterable[tuple[NodeKey, NodeKey, Priority]]
                    ) -> tuple[tuple[NodeKey, ...], ...]:
    """The hard components of :func:`find_cycles` (its ``hard_components``) from a graph's
    :func:`~bootorder.order.priority.scheduled_links`, without finding any cycle.

    >>> from bootorder.order.priority import scheduled_links
    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    >>> g.add_dep(a, b, "DEPEND", atom="x/b"); g.add_dep(b, a, "BDEPEND", atom="x/a")
    >>> [[k.cpv for k in comp] for comp in hard_components(scheduled_links(g))]
    [['x/a-1', 'x/b-1']]
    """
    succ: dict[NodeKey, dict[NodeKey, bool]] = {}
    for source, dep, priority in links:
        if priority.strong:
            out = succ.setdefault(source, {})
            out[dep] = out.get(dep, False) or priority.hard
            succ.setdefault(dep, {})
    return hard_components_in(succ)


def _hard_of(strong) -> tuple[tuple[NodeKey, ...], ...]:
    """The strongly connected components of ``strong`` (pairs of strong edges) with a
    hard edge between two of their packages, each sorted, in sorted order."""
    succ: dict[NodeKey, dict[NodeKey, bool]] = {}
    for (u, v), items in strong.items():
        out = succ.setdefault(u, {})
        out[v] = out.get(v, False) or any(p.hard for _, p in items)
        succ.setdefault(v, {})
    return hard_components_in(succ)


def hard_components_in(succ: Mapping[NodeKey, Mapping[NodeKey, bool]]
                       ) -> tuple[tuple[NodeKey, ...], ...]:
    """The strongly connected components of ``{u: {v: hard}}`` (every successor a key)
    with a hard edge between two of their members, each sorted, in sorted order
    (components are sets: any visiting order finds them).

    >>> hard_components_in({1: {2: True}, 2: {1: False}, 3: {4: False}, 4: {3: False}})
    ((1, 2),)
    """
    found = []
    for members in strong_components(succ, succ.__getitem__):
        inside = set(members)
        if any(hard for u in members for v, hard in succ[u].items() if v in inside):
            found.append(tuple(sorted(members)))
    return tuple(sorted(found))


def _keep(pairs, test) -> dict:
    return {step: kept for step, items in pairs.items()
            if (kept := [(e, p) for e, p in items if test(e, p)])}


def _simple(pairs) -> nx.DiGraph:
    simple = nx.DiGraph()
    simple.add_edges_from(sorted(pairs))
    return simple


def _components(simple: nx.DiGraph) -> tuple[tuple[NodeKey, ...], ...]:
    comps = (tuple(sorted(c)) for c in nx.strongly_connected_components(simple))
    return tuple(sorted(c for c in comps if len(c) > 1 or simple.has_edge(c[0], c[0])))


def _inside(pairs, components) -> list[dict]:
    """Per component, the pairs (steps) between two of its packages, in sorted order."""
    where = {node: i for i, comp in enumerate(components) for node in comp}
    inside: list[dict] = [{} for _ in components]
    for step in sorted(pairs):
        i = where.get(step[0])
        if i is not None and where.get(step[1]) == i:
            inside[i][step] = pairs[step]
    return inside


def _path(simple: nx.DiGraph, start: NodeKey, goal: NodeKey, members: set):
    """A shortest path ``start .. goal`` inside ``members`` (BFS, sorted successors)."""
    parent = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = []
            while node is not None:
                path.append(node)
                node = parent[node]
            return tuple(reversed(path))
        for nxt in sorted(simple.successors(node)):
            if nxt in members and nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return None


def _through_edges(pairs, members: set, steps) -> list[tuple[NodeKey, ...]]:
    """For each step ``(u, v)``: the shortest cycle ``u -> v .. u`` inside ``members``
    (``pairs``: those between members, at least)."""
    simple = _simple(pairs)
    found = set()
    for u, v in steps:
        path = (u,) if u == v else _path(simple, v, u, members)
        if path:
            found.add(_rotate((u,) + path[:-1] if u != v else path))
    return sorted(found, key=lambda c: (len(c), c))


def _hard_steps(inner: dict):
    return [step for step, items in inner.items() if any(p.hard for _, p in items)]


def _shortest_per_component(strong, components) -> list[tuple[NodeKey, ...]]:
    explicit = _inside(_keep(strong, lambda e, p: not e.implicit), components)
    chosen = []
    for comp, inner_explicit, inner in zip(components, explicit, _inside(strong, components)):
        members = set(comp)
        cycles = _through_edges(inner_explicit, members, _hard_steps(inner_explicit)) or \
            _through_edges(inner, members, _hard_steps(inner))
        chosen.append(cycles[0])
    return chosen


def _enumerate(pairs, components, max_length: int, max_cycles: int, keep,
               reporter: Reporter = NULL_REPORTER):
    """The shortest cycles first (one per package or hard edge), then Johnson's; the
    count found so far goes to ``reporter.progress("cycles found", n, None)`` as it grows."""
    cycles: dict[tuple[NodeKey, ...], None] = {}
    for comp, inner in zip(components, _inside(pairs, components)):
        for nodes in _through_edges(inner, set(comp), list(inner)):
            if keep(nodes) and len(nodes) <= max_length:
                cycles.setdefault(nodes)
    if len(cycles) > max_cycles:
        return sorted(cycles, key=lambda c: (len(c), c))[:max_cycles], True
    reporter.progress("cycles found", len(cycles), None)
    more, truncated = _elementary(_simple(pairs), components, max_length,
                                  max_cycles - len(cycles), keep, cycles, reporter)
    return list(cycles) + more, truncated


def _elementary(simple: nx.DiGraph, components, max_length: int, room: int, keep, known,
                reporter: Reporter):
    cycles: list[tuple[NodeKey, ...]] = []
    for comp in components:
        # Integer labels in sorted order: networkx walks sets of nodes, and integers
        # hash the same in every process, so a capped enumeration is reproducible.
        index = {node: i for i, node in enumerate(comp)}
        sub = nx.DiGraph()
        sub.add_nodes_from(range(len(comp)))
        sub.add_edges_from(sorted((index[u], index[v])
                                  for u, v in simple.subgraph(comp).edges))
        for labels in nx.simple_cycles(sub, length_bound=max_length):
            nodes = _rotate(tuple(comp[i] for i in labels))
            if nodes in known or not keep(nodes):
                continue
            if len(cycles) == room:
                return cycles, True
            cycles.append(nodes)
            reporter.progress("cycles found", len(known) + len(cycles), None)
    return cycles, _longer_exists(simple, components, max_length)


def _longer_exists(simple: nx.DiGraph, components, max_length: int) -> bool:
    """True when some component may hold a cycle longer than ``max_length``."""
    return any(len(comp) > max_length for comp in components)


def _rotate(nodes: tuple[NodeKey, ...]) -> tuple[NodeKey, ...]:
    start = nodes.index(min(nodes))
    return nodes[start:] + nodes[:start]


def _cycle(nodes: tuple[NodeKey, ...], pairs) -> Cycle:
    steps = zip(nodes, nodes[1:] + nodes[:1])
    return Cycle(tuple(CycleEdge(*_strongest(pairs[step])) for step in steps))


def _cycle_key(cycle: Cycle) -> tuple:
    return (not cycle.hard, len(cycle.edges), cycle.nodes,
            tuple(NAMES.index(e.edge.cls) for e in cycle.edges))


