"""Build orders and parallel waves, breaking cycles the way emerge does.

What is ordered
---------------
Every package that will be built (``installed=False``). An edge to an installed package
is already satisfied and an edge from one constrains nothing (it is never built).
Every other edge ``u -> v`` asks for ``v`` before ``u``: build-time edges because
``u`` cannot build without ``v``; RDEPEND/IDEPEND and even PDEPEND edges because emerge
also merges runtime and post dependencies first whenever no cycle prevents it (its
``_serialize_tasks`` only ignores them to get out of a cycle). So in the answer a
runtime dependency comes before its dependent unless the edge is listed as ignored.

Breaking cycles
---------------
Packages whose dependencies are all placed are placed in sorted order (Kahn). When
none is left, the remaining packages contain cycles, and bootorder looks at the *sink*
strongly connected components (packages that only wait on each other), as emerge's
``_serialize_tasks`` does with ``DepPrioritySatisfiedRange``:

1. trying levels 1..6 in order (optional; PDEPEND already satisfied; PDEPEND; runtime
   already satisfied; build-time already satisfied by an installed package, plain then
   ``:=``), it places the one package whose remaining edges that level all ignores
   (lowest level, then fewest edges, then name);
2. else level 7, "runtime not yet satisfied": the smallest *group* closed under the
   edges that levels 3..6 keep, whose packages wait on runtime edges only, is placed
   together (emerge's ``gather_deps``: a runtime cycle is merged as a group, and a
   package somebody builds with is never placed before its runtime dependencies);
3. else a package whose remaining edges are not strong (a runtime edge of the cross
   root: see :mod:`bootorder.order.priority`), preferring one that no remaining package builds
   with (so ``glibc RDEPEND libidn2`` is ignored rather than ``virtual/libc RDEPEND
   glibc`` when libidn2 builds against virtual/libc), then fewest edges;
4. else the component holds a hard cycle (see :mod:`bootorder.order.priority`): the package
   with the fewest hard edges is placed anyway and ``BuildOrder.hard_cycles`` lists
   the cycles (emerge stops there).

Every edge whose dependency ends up after its dependent is reported as an
:class:`IgnoredEdge`, with its reason: the first level that ignores it, or ``"hard"``.

Differences from emerge: emerge first tries its "normal" range (which never looks at
"satisfied") and only then the satisfied range; bootorder uses the satisfied range,
the order the issue asks for, and restricts every break to a sink component so that it
never ignores an edge that lies on no cycle.
"""
from __future__ import annotations

import functools
import heapq
import operator
from dataclasses import dataclass

import networkx as nx

from ..core.display import HtmlDisplay
from ..core.reporter import NULL_REPORTER, Reporter
from ..graph.depgraph import DepGraph, Edge, NodeKey
from .cycles import DEFAULT_MAX_CYCLES, DEFAULT_MAX_LENGTH, Cycle, find_cycles
from .priority import IGNORE_LEVELS, Priority, scheduled_edges, scheduled_nodes

HARD_LEVEL = len(IGNORE_LEVELS)
"""Number of portage levels (0..7); hard edges are ignored only inside a hard cycle."""

CROSS_LEVEL = HARD_LEVEL
"""Pseudo-level 8: ignores every edge that is not strong (soft, or a cross-root runtime
edge, see :mod:`bootorder.order.priority`): tried after emerge's runtime groups."""


@dataclass(frozen=True, slots=True)
class IgnoredEdge:
    """An edge the order does not respect: ``edge.dep`` comes after ``edge.source``."""

    edge: Edge
    priority: Priority
    reason: str

    def to_json(self) -> dict:
        return {**self.edge.to_json(), "priority": self.priority.label, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class BuildOrder(HtmlDisplay):
    """The answer of :func:`build_order`."""

    order: tuple[NodeKey, ...]
    waves: tuple[tuple[NodeKey, ...], ...]
    ignored: tuple[IgnoredEdge, ...]
    hard_cycles: tuple[Cycle, ...]
    hard_truncated: bool
    hard_components: tuple[tuple[NodeKey, ...], ...] = ()

    @property
    def hard(self) -> bool:
        """True when a hard cycle remains (nothing can break it unchanged), even one
        longer than the enumeration caps let into ``hard_cycles``."""
        return bool(self.hard_components)

    def to_json(self, waves: bool = True) -> dict:
        key = lambda k: {"cpv": k.cpv, "root": k.root}  # noqa: E731
        result = {"order": [key(k) for k in self.order]}
        if waves:
            result["waves"] = [[key(k) for k in wave] for wave in self.waves]
        result["ignored"] = [e.to_json() for e in self.ignored]
        result["hard"] = self.hard
        result["hard_cycles"] = [c.to_json() for c in self.hard_cycles]
        result["hard_cycles_truncated"] = self.hard_truncated
        return result


def build_order(graph: DepGraph, *, reporter: Reporter = NULL_REPORTER,
                max_length: int = DEFAULT_MAX_LENGTH,
                max_cycles: int = DEFAULT_MAX_CYCLES, priority=None) -> BuildOrder:
    """An order of every package to build, its parallel waves and the edges ignored.

    Parameters
    ----------
    graph : DepGraph
        Not modified.
    reporter : Reporter
        Gets ``progress("order", ...)``, ``edge_dropped(IgnoredEdge, reason)`` and
        ``cycle_found(Cycle)`` for every hard cycle.
    max_length, max_cycles : int
        Caps of the hard-cycle enumeration (see :mod:`bootorder.order.cycles`).
    priority : callable, optional
        ``priority(edge) -> Priority`` for the order when the graph's installed nodes do
        not say what is satisfied (a step that rebuilds what is installed); the hard
        cycles listed are the graph's own.

    Returns
    -------
    BuildOrder
        ``order`` respects every edge not in ``ignored``; ``waves`` partitions the order
        so that no edge (ignored or not) joins two packages of one wave, and each wave
        only needs earlier ones.

    Notes
    -----
    O(V log V + E) without cycles; each cycle break costs a strongly-connected-component
    pass over the remaining packages, O(V + E). Deterministic: ties break on the sorted
    node keys, never on insertion order.

    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    >>> g.add_dep(a, b, "DEPEND", atom="x/b"); g.add_dep(b, a, "PDEPEND", atom="x/a")
    >>> result = build_order(g)
    >>> [k.cpv for k in result.order], [i.reason for i in result.ignored]
    (['x/b-1', 'x/a-1'], ['PDEPEND'])
    """
    items = scheduled_edges(graph, priority)
    scheduler = _Scheduler(scheduled_nodes(graph), items)
    order, ignored = scheduler.run(reporter)
    for item in ignored:
        reporter.edge_dropped(item, item.reason)
    hard = find_cycles(graph, scope="hard", max_length=max_length, max_cycles=max_cycles,
                       reporter=reporter)
    return BuildOrder(tuple(order), _waves(order, items, ignored), tuple(ignored),
                      hard.cycles, hard.truncated, hard.hard_components)


class _Scheduler:
    """Kahn's algorithm with portage's levels for getting out of cycles (one run)."""

    def __init__(self, nodes: list[NodeKey], items: list[tuple[Edge, Priority]]):
        self.remaining = set(nodes)
        self.total = len(nodes)
        self.items = [(e, p, p.ignore_mask | (0 if p.strong else 1 << CROSS_LEVEL))
                      for e, p in items]
        self.out: dict[NodeKey, list[int]] = {n: [] for n in nodes}
        self.inc: dict[NodeKey, list[int]] = {n: [] for n in nodes}
        self.alive = [True] * len(self.items)
        # blocking[n][L]: remaining out-edges of n that level L does not ignore
        self.blocking = {n: [0] * (CROSS_LEVEL + 1) for n in nodes}
        self.hard_count = dict.fromkeys(nodes, 0)
        for i, (edge, _, mask) in enumerate(self.items):
            self.out[edge.source].append(i)
            self.inc[edge.dep].append(i)
            self._count(edge.source, mask, +1)
        self.ready = [n for n in nodes if self.blocking[n][0] == 0]
        heapq.heapify(self.ready)

    def _count(self, node: NodeKey, mask: int, step: int) -> None:
        counts = self.blocking[node]
        for level in range(CROSS_LEVEL + 1):
            if not mask >> level & 1:
                counts[level] += step
        if mask == 0:
            self.hard_count[node] += step

    def run(self, reporter: Reporter) -> tuple[list[NodeKey], list[IgnoredEdge]]:
        order: list[NodeKey] = []
        ignored: list[IgnoredEdge] = []
        while self.remaining:
            while self.ready and self.ready[0] not in self.remaining:
                heapq.heappop(self.ready)  # placed meanwhile as part of a group
            batch = [heapq.heappop(self.ready)] if self.ready else self._break_cycle()
            for node in batch:
                ignored.extend(self._place(node))
                order.append(node)
            reporter.progress("order", len(order), self.total)
        return order, ignored

    def _place(self, node: NodeKey) -> list[IgnoredEdge]:
        self.remaining.discard(node)
        dropped = []
        for i in self.out[node]:
            if self.alive[i]:
                self.alive[i] = False
                edge, priority, _ = self.items[i]
                dropped.append(IgnoredEdge(edge, priority, priority.reason()))
        for i in self.inc[node]:
            if self.alive[i]:
                self.alive[i] = False
                edge, _, mask = self.items[i]
                self._count(edge.source, mask, -1)
                if self.blocking[edge.source][0] == 0 and edge.source in self.remaining:
                    heapq.heappush(self.ready, edge.source)
        return dropped

    def _break_cycle(self) -> list[NodeKey]:
        """What to place when every remaining package waits on another: one package
        freed at the lowest level 1..6, else the smallest runtime group, else (a hard
        cycle) the package with the fewest hard edges."""
        sinks = self._sink_components()
        single = [self._single(c) for c in sinks]
        single = [choice for choice in single if choice]
        if single:
            return [min(single)[-1]]
        groups = [g for g in (self._group(c) for c in sinks) if g]
        if groups:
            return self._group_order(min(groups)[-1])
        cross = [(self._built_against(n), self.blocking[n][0], n) for c in sinks for n in c
                 if self.blocking[n][CROSS_LEVEL] == 0]
        if cross:
            return [min(cross)[-1]]
        return [min(self._forced(c) for c in sinks)[-1]]

    def _single(self, component: list[NodeKey]) -> tuple | None:
        for level in range(1, HARD_LEVEL - 1):
            free = [n for n in component if self.blocking[n][level] == 0]
            if free:
                return min((level, self.blocking[n][0], n) for n in free)
        return None

    def _group(self, component: list[NodeKey]) -> tuple | None:
        """emerge's ``gather_deps``: the smallest set closed under the edges level L
        keeps (L = 3..6), all of whose packages wait on runtime edges only."""
        mergeable = {n for n in component if self.blocking[n][HARD_LEVEL - 1] == 0}
        for level in range(3, HARD_LEVEL - 1):
            found = [g for g in (self._gather(n, level, mergeable) for n in sorted(mergeable))
                     if g]
            if found:
                return min((level, len(g), g) for g in found)
        return None

    def _gather(self, start: NodeKey, level: int, mergeable: set) -> tuple | None:
        seen, todo = {start}, [start]
        while todo:
            for i in self.out[todo.pop()]:
                edge, _, mask = self.items[i]
                if self.alive[i] and not mask >> level & 1 and edge.dep not in seen:
                    if edge.dep not in mergeable:
                        return None
                    seen.add(edge.dep)
                    todo.append(edge.dep)
        return tuple(sorted(seen))

    def _group_order(self, group: tuple[NodeKey, ...]) -> list[NodeKey]:
        """Inside a group, repeatedly the package whose edges into the rest of the
        group are ignored at the lowest level (portage harvests cycle leaves so)."""
        left, placed = set(group), []
        while left:
            placed.append(min(self._inner_level(n, left) for n in left)[-1])
            left.discard(placed[-1])
        return placed

    def _inner_level(self, node: NodeKey, left: set) -> tuple:
        masks = [self.items[i][2] for i in self.out[node]
                 if self.alive[i] and self.items[i][0].dep in left]
        if not masks:
            return (0, 0, node)
        common = functools.reduce(operator.and_, masks)
        level = next((lv for lv in range(1, HARD_LEVEL) if common >> lv & 1), HARD_LEVEL)
        return (level, len(masks), node)

    def _built_against(self, node: NodeKey) -> bool:
        """True when a remaining package has a hard edge to ``node`` (builds with it):
        placing it early would leave that build without ``node``'s runtime deps."""
        return any(self.alive[i] and self.items[i][2] == 0 for i in self.inc[node])

    def _forced(self, component: list[NodeKey]) -> tuple:
        mixed = [n for n in component if self.hard_count[n] == 0]
        if mixed:
            return min((0, 0, self.blocking[n][0], n) for n in mixed)
        return min((1, self.hard_count[n], self.blocking[n][0], n) for n in component)

    def _sink_components(self) -> list[list[NodeKey]]:
        sub = nx.DiGraph()
        sub.add_nodes_from(sorted(self.remaining))
        sub.add_edges_from(sorted((self.items[i][0].source, self.items[i][0].dep)
                                  for n in self.remaining for i in self.out[n]
                                  if self.alive[i]))
        condensed = nx.condensation(sub)
        members = condensed.graph["mapping"]
        sinks = {c for c in condensed if condensed.out_degree(c) == 0}
        groups: dict[int, list[NodeKey]] = {}
        for node, comp in members.items():
            if comp in sinks:
                groups.setdefault(comp, []).append(node)
        return sorted(sorted(g) for g in groups.values())


def _waves(order: list[NodeKey], items: list[tuple[Edge, Priority]],
           ignored: list[IgnoredEdge]) -> tuple[tuple[NodeKey, ...], ...]:
    """Longest-path layers of the order: no edge, respected or ignored, inside a wave."""
    dropped = {(i.edge.source, i.edge.dep, i.edge.key) for i in ignored}
    before: dict[NodeKey, list[NodeKey]] = {n: [] for n in order}
    for edge, _ in items:
        if edge.source == edge.dep:
            continue
        if (edge.source, edge.dep, edge.key) in dropped:
            before[edge.dep].append(edge.source)
        else:
            before[edge.source].append(edge.dep)
    level: dict[NodeKey, int] = {}
    for node in order:
        level[node] = 1 + max((level[p] for p in before[node]), default=-1)
    waves: list[list[NodeKey]] = [[] for _ in range(max(level.values(), default=-1) + 1)]
    for node in order:
        waves[level[node]].append(node)
    return tuple(tuple(sorted(w)) for w in waves)


