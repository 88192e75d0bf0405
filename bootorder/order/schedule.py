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

from ..core.display import HtmlDisplay
from ..core.gcpause import paused_gc
from ..core.reporter import NULL_REPORTER, Reporter
from ..graph.depgraph import DepGraph, Edge, NodeKey
from .components import ShrinkingComponents
from .cycles import DEFAULT_MAX_CYCLES, DEFAULT_MAX_LENGTH, Cycle, cycles_of
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
    O(V log V + E) without cycles. Strongly connected components are kept as packages
    are placed (:mod:`bootorder.order.components`): a cycle break re-splits only the
    component that lost a package since the last break, O(V_c + E_c) for its size, and
    judges only the sink components that are new. Deterministic: ties break on the sorted
    node keys, never on insertion order.

    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    >>> g.add_dep(a, b, "DEPEND", atom="x/b"); g.add_dep(b, a, "PDEPEND", atom="x/a")
    >>> result = build_order(g)
    >>> [k.cpv for k in result.order], [i.reason for i in result.ignored]
    (['x/b-1', 'x/a-1'], ['PDEPEND'])
    """
    with paused_gc():  # many long-lived values, next to no garbage: see core.gcpause
        items = scheduled_edges(graph, priority)
        scheduler = _Scheduler(scheduled_nodes(graph), items)
        order, ignored = scheduler.run(reporter)
        for item in ignored:
            reporter.edge_dropped(item, item.reason)
        hard = cycles_of(items, scope="hard", max_length=max_length, max_cycles=max_cycles,
                         reporter=reporter)
    return BuildOrder(tuple(order), _waves(order, items, ignored), tuple(ignored),
                      hard.cycles, hard.truncated, hard.hard_components)


def merge_order(graph: DepGraph, priority=None) -> tuple[NodeKey, ...]:
    """``build_order(graph, priority=priority).order`` alone, without the waves and the
    hard cycles (for a plan that only lists what to merge, in order).

    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    >>> g.add_dep(a, b, "DEPEND", atom="x/b"); g.add_dep(b, a, "PDEPEND", atom="x/a")
    >>> [k.cpv for k in merge_order(g)]
    ['x/b-1', 'x/a-1']
    """
    with paused_gc():  # many long-lived values, next to no garbage: see core.gcpause
        items = scheduled_edges(graph, priority)
        return tuple(_Scheduler(scheduled_nodes(graph), items).run(NULL_REPORTER)[0])


class _Scheduler:
    """Kahn's algorithm with portage's levels for getting out of cycles (one run).

    Packages are integers in sorted key order (so comparing them compares the keys) and
    edges are indices into ``items``. The sink components of what is left are kept by
    :class:`~bootorder.order.components.ShrinkingComponents`; each sink's candidates
    (:meth:`_single`, :meth:`_group`, :meth:`_cross`, :meth:`_forced`) are computed
    when first needed and stay valid while the sink keeps all its members: its
    packages only wait on each other, and nobody outside it is placed before it."""

    def __init__(self, nodes: list[NodeKey], items: list[tuple[Edge, Priority]]):
        self.keys = nodes
        index = {n: i for i, n in enumerate(nodes)}
        count = len(nodes)
        self.remaining = bytearray(b"\1") * count
        self.left = count
        self.items = items
        self.masks = [_mask(p) for _, p in items]
        self.source = [index[e.source] for e, _ in items]
        self.dep = [index[e.dep] for e, _ in items]
        self.out: list[list[int]] = [[] for _ in range(count)]
        self.inc: list[list[int]] = [[] for _ in range(count)]
        self.alive = bytearray(b"\1") * len(items)
        # blocking[n][L]: remaining out-edges of n that level L does not ignore
        self.blocking = [[0] * (CROSS_LEVEL + 1) for _ in range(count)]
        self.hard_count = [0] * count
        for i, (source, mask) in enumerate(zip(self.source, self.masks)):
            self.out[source].append(i)
            self.inc[self.dep[i]].append(i)
            self._count(source, mask, +1)
        self.ready = [n for n in range(count) if self.blocking[n][0] == 0]
        heapq.heapify(self.ready)
        self.components = ShrinkingComponents(count, self._successors)
        self.sinks: set[int] = set()
        self.pending: list[list[int]] = [[] for _ in _KINDS]
        self.choices: list[list[tuple]] = [[] for _ in _KINDS]

    def _successors(self, node: int) -> list[int]:
        alive, dep = self.alive, self.dep
        return [dep[i] for i in self.out[node] if alive[i]]

    def _count(self, node: int, mask: int, step: int) -> None:
        counts = self.blocking[node]
        for level in _BLOCKED_AT[mask]:
            counts[level] += step
        if mask == 0:
            self.hard_count[node] += step

    def run(self, reporter: Reporter) -> tuple[list[NodeKey], list[IgnoredEdge]]:
        order: list[int] = []
        ignored: list[IgnoredEdge] = []
        while self.left:
            while self.ready and not self.remaining[self.ready[0]]:
                heapq.heappop(self.ready)  # placed meanwhile as part of a group
            batch = [heapq.heappop(self.ready)] if self.ready else self._break_cycle()
            for node in batch:
                ignored.extend(self._place(node))
                order.append(node)
            reporter.progress("order", len(order), len(self.keys))
        return [self.keys[n] for n in order], ignored

    def _place(self, node: int) -> list[IgnoredEdge]:
        self.remaining[node] = 0
        self.left -= 1
        self.sinks.discard(self.components.component[node])
        dropped = []
        for i in self.out[node]:
            if self.alive[i]:
                self.alive[i] = 0
                edge, priority = self.items[i]
                dropped.append(IgnoredEdge(edge, priority, priority.reason()))
        dependents = []
        for i in self.inc[node]:
            if self.alive[i]:
                self.alive[i] = 0
                source = self.source[i]
                dependents.append(source)
                self._count(source, self.masks[i], -1)
                if self.blocking[source][0] == 0 and self.remaining[source]:
                    heapq.heappush(self.ready, source)
        self.components.remove(node, dependents)
        return dropped

    def _break_cycle(self) -> list[int]:
        """What to place when every remaining package waits on another: one package
        freed at the lowest level 1..6, else the smallest runtime group, else one whose
        edges are not strong, else (a hard cycle) the package with the fewest hard
        edges; each the least over every sink component."""
        for cid in self.components.new_sinks(self.remaining.__getitem__):
            self.sinks.add(cid)
            for pending in self.pending:
                pending.append(cid)
        for kind, judge in enumerate((self._single, self._group, self._cross, self._forced)):
            heap = self.choices[kind]
            for cid in self.pending[kind]:
                if cid in self.sinks:
                    choice = judge(self.components.members[cid])
                    if choice is not None:
                        heapq.heappush(heap, (choice, cid))
            self.pending[kind] = []
            while heap and heap[0][1] not in self.sinks:
                heapq.heappop(heap)
            if heap:
                choice = heap[0][0]
                return self._group_order(choice[-1]) if kind == _GROUP else [choice[-1]]
        raise AssertionError("packages are left but no component is a sink")

    def _single(self, component: list[int]) -> tuple | None:
        for level in range(1, HARD_LEVEL - 1):
            free = [n for n in component if self.blocking[n][level] == 0]
            if free:
                return min((level, self.blocking[n][0], n) for n in free)
        return None

    def _group(self, component: list[int]) -> tuple | None:
        """emerge's ``gather_deps``: the smallest set closed under the edges level L
        keeps (L = 3..6), all of whose packages wait on runtime edges only."""
        mergeable = {n for n in component if self.blocking[n][HARD_LEVEL - 1] == 0}
        for level in range(3, HARD_LEVEL - 1):
            found = [g for g in (self._gather(n, level, mergeable) for n in sorted(mergeable))
                     if g]
            if found:
                return min((level, len(g), g) for g in found)
        return None

    def _gather(self, start: int, level: int, mergeable: set) -> tuple | None:
        seen, todo = {start}, [start]
        while todo:
            for i in self.out[todo.pop()]:
                dep = self.dep[i]
                if self.alive[i] and not self.masks[i] >> level & 1 and dep not in seen:
                    if dep not in mergeable:
                        return None
                    seen.add(dep)
                    todo.append(dep)
        return tuple(sorted(seen))

    def _group_order(self, group: tuple[int, ...]) -> list[int]:
        """Inside a group, repeatedly the package whose edges into the rest of the
        group are ignored at the lowest level (portage harvests cycle leaves so)."""
        left, placed = set(group), []
        while left:
            placed.append(min(self._inner_level(n, left) for n in left)[-1])
            left.discard(placed[-1])
        return placed

    def _inner_level(self, node: int, left: set) -> tuple:
        masks = [self.masks[i] for i in self.out[node]
                 if self.alive[i] and self.dep[i] in left]
        if not masks:
            return (0, 0, node)
        common = functools.reduce(operator.and_, masks)
        level = next((lv for lv in range(1, HARD_LEVEL) if common >> lv & 1), HARD_LEVEL)
        return (level, len(masks), node)

    def _cross(self, component: list[int]) -> tuple | None:
        """A package whose remaining edges are not strong, preferring one nobody
        builds with, then fewest edges."""
        return min(((self._built_against(n), self.blocking[n][0], n) for n in component
                    if self.blocking[n][CROSS_LEVEL] == 0), default=None)

    def _built_against(self, node: int) -> bool:
        """True when a remaining package has a hard edge to ``node`` (builds with it):
        placing it early would leave that build without ``node``'s runtime deps."""
        return any(self.alive[i] and self.masks[i] == 0 for i in self.inc[node])

    def _forced(self, component: list[int]) -> tuple:
        mixed = [n for n in component if self.hard_count[n] == 0]
        if mixed:
            return min((0, 0, self.blocking[n][0], n) for n in mixed)
        return min((1, self.hard_count[n], self.blocking[n][0], n) for n in component)


_KINDS = ("single", "group", "cross", "forced")
"""What :meth:`_Scheduler._break_cycle` looks for, in order."""

_GROUP = _KINDS.index("group")


@functools.cache
def _mask(priority: Priority) -> int:
    """The levels that ignore an edge, and :data:`CROSS_LEVEL` unless it is strong."""
    return priority.ignore_mask | (0 if priority.strong else 1 << CROSS_LEVEL)


class _LevelsBlocked(dict):
    """``_BLOCKED_AT[mask]``: the levels 0..8 that ``mask`` does not ignore."""

    def __missing__(self, mask: int) -> tuple[int, ...]:
        levels = self[mask] = tuple(lv for lv in range(CROSS_LEVEL + 1) if not mask >> lv & 1)
        return levels


_BLOCKED_AT = _LevelsBlocked()


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


