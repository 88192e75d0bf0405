"""Packages pre-built into ``/`` before the stage, as few as emerge needs to build it.

A build host without a seed (``--host empty``, or a partial one) meets hard cycles that
emerge cannot break: ``xz-utils BDEPEND elt-patches BDEPEND xz-utils``. Gentoo's tools
break them by building a package twice: first a reduced build into ``/`` with what is
already there (:mod:`bootorder.bootstrap.reduced`), then the stage. This module models
what such a pre-built package does to the stage, exactly as emerge sees it, and
chooses the fewest packages to pre-build.

The model
---------
A package ``v`` pre-built into ``/`` is an installed package of the host root with its
reduced build's USE. For the stage's emerge (no ``--deep``, no ``--update``):

- every dependency on ``v`` in the host root whose atom the reduced build meets
  (version, slot, USE dependencies, as :func:`bootorder.resolver.candidates.use_dep_ok`
  says; build, install and runtime classes alike) is *satisfied*: emerge no longer
  waits for it (:mod:`bootorder.order.priority`: a satisfied edge is soft);
- when every dependency on ``v`` is met, emerge does not build ``v`` again in ``/``:
  nothing of ``v``'s own dependencies is pulled in through it, and what only ``v``
  pulled in leaves the stage (the *alive* packages are those the targets still reach);
- a dependency the reduced build fails (a C-only compiler for ``gcc[cxx]``) makes emerge
  build ``v`` again in ``/``: the model then counts ``v`` as not pre-built (a set is
  accepted only when every member is installed in its final state).

The stage builds when no hard cycle is left among the alive packages to build
(:func:`bootorder.order.priority.is_hard_cycle`: strong edges only, one of them hard).

Choosing the packages
---------------------
Only packages of the host root can be pre-built (``emerge --nodeps`` into ``/``), and
no virtual (its provider is pre-built instead: a virtual installs nothing). The
search (:func:`minimum_prebuilt`) deepens iteratively on the number of packages: in
each state it takes a shortest hard cycle left and branches on the packages that can
break it: its members, and the packages that dominate it (every path from the targets
to it passes them, so pre-building one leaves it out of the stage). Every minimum set
found is compared by ``prefer``. Exact under that branching rule within ``budget``
states; two pre-built packages that only together cut a cycle off the targets are
found only when both are chosen for other cycles.

>>> g = DepGraph()
>>> top = g.add_package("app-misc/top-1", "target", target=True)
>>> xz = g.add_package("app-arch/xz-utils-5.8", "host")
>>> elt = g.add_package("app-portage/elt-patches-2025", "host")
>>> g.add_dep(top, xz, "BDEPEND", atom="app-arch/xz-utils")
>>> g.add_dep(xz, elt, "BDEPEND", atom="app-portage/elt-patches")
>>> g.add_dep(elt, xz, "BDEPEND", atom="app-arch/xz-utils")
>>> stage = Stage(g, {k: ReducedBuild(k, frozenset()) for k in (xz, elt)})
>>> [k.cpv for k in stage.hard_cycle(stage.state(()))]
['app-arch/xz-utils-5.8', 'app-portage/elt-patches-2025']
>>> found = minimum_prebuilt(stage)
>>> [k.cpv for k in found.nodes], found.exact
(['app-arch/xz-utils-5.8'], True)
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

import networkx as nx

from ..graph.depgraph import DepGraph, Edge, NodeKey
from ..order.priority import scheduled_edges
from ..resolver.candidates import use_dep_ok
from ..syntax.atom import Atom
from .feedback import DEFAULT_BUDGET, tree_path
from .reduced import ReducedBuild

__all__ = ["Stage", "StageState", "Found", "minimum_prebuilt", "meets", "choosable"]

_ROOT = NodeKey("", "")
"""The made-up start node of reachability: it points at every target."""


def choosable(graph: DepGraph, key: NodeKey) -> bool:
    """Can ``key`` be pre-built: a package of the host root, not installed, not a
    virtual, not made up."""
    data = graph.node(key)
    return (key.root == "host" and not data["installed"] and not data["synthetic"]
            and not data["cp"].startswith("virtual/"))


def meets(graph: DepGraph, edge: Edge, build: ReducedBuild) -> bool:
    """Does the reduced build of ``edge.dep`` meet ``edge``'s atom (version, slot, USE
    dependencies with the dependent's USE for ``flag?``)?"""
    try:
        atom = Atom.parse(edge.atom)
    except ValueError:
        return False
    data = graph.node(edge.dep)
    if not atom.matches(edge.dep.cpv, data["slot"], data["subslot"], data["repo"]):
        return False
    return not atom.use_deps or use_dep_ok(atom, build.use, data["use"] | data["use_disabled"],
                                           graph.node(edge.source)["use"])


@dataclass(frozen=True, slots=True)
class StageState:
    """The stage with ``chosen`` pre-built: the packages still in it (``alive``) and
    the chosen ones emerge does not build again (``installed``)."""

    chosen: frozenset[NodeKey]
    alive: frozenset[NodeKey]
    installed: frozenset[NodeKey]

    @property
    def complete(self) -> bool:
        """Every chosen package is installed (none is built again in ``/``)."""
        return self.installed == self.chosen


class Stage:
    """A resolved stage prepared for evaluating pre-built sets (module docstring).

    ``reduced``: the reduced build of every package that may be pre-built (others are
    not chosen); ``edge_filter``: the edges that count (default all; without the
    implicit ones, the model emerge has under ``--implicit-system-deps=n``).
    """

    def __init__(self, graph: DepGraph, reduced: Mapping[NodeKey, ReducedBuild],
                 edge_filter: Callable[[Edge], bool] = lambda e: True):
        self.graph = graph
        self.reduced = dict(reduced)
        built = {k for k in graph.nodes() if not graph.node(k)["installed"]}
        self.targets = [k for k in graph.targets() if k in built]
        self.reach: dict[NodeKey, list[NodeKey]] = {k: [] for k in built}
        self.met: dict[NodeKey, list[tuple[NodeKey, bool]]] = {k: [] for k in self.reduced}
        for e in graph.edges():
            if e.source in built and e.dep in built and edge_filter(e):
                self.reach[e.source].append(e.dep)
                if e.dep in self.met:
                    self.met[e.dep].append((e.source, meets(graph, e, self.reduced[e.dep])))
        self.pairs = self._pairs(edge_filter)

    def _pairs(self, edge_filter) -> dict[tuple[NodeKey, NodeKey], list[tuple[bool, bool]]]:
        """``(u, v) -> [(hard, met), ...]``: the strong edges of emerge's priorities."""
        pairs: dict = {}
        for e, p in scheduled_edges(self.graph):
            if p.strong and edge_filter(e):
                met = e.dep in self.reduced and meets(self.graph, e, self.reduced[e.dep])
                pairs.setdefault((e.source, e.dep), []).append((p.hard, met))
        return pairs

    def can_choose(self, key: NodeKey) -> bool:
        """Whether ``key`` has a reduced build (may be pre-built)."""
        return key in self.reduced

    def state(self, chosen: Iterable[NodeKey]) -> StageState:
        """The stage with ``chosen`` pre-built (a fixed point: leaving the stage, a
        dependent no longer asks for what a chosen package fails to meet)."""
        chosen = frozenset(chosen)
        installed: frozenset[NodeKey] = frozenset()
        while True:
            alive = self._alive(installed)
            now = frozenset(v for v in chosen
                            if all(ok for u, ok in self.met[v] if u in alive))
            if now == installed:
                return StageState(chosen, alive, installed)
            installed = now

    def _alive(self, installed: frozenset[NodeKey]) -> frozenset[NodeKey]:
        seen = set(self.targets)
        queue = deque(self.targets)
        while queue:
            node = queue.popleft()
            if node in installed:
                continue
            for dep in self.reach[node]:
                if dep not in seen:
                    seen.add(dep)
                    queue.append(dep)
        return frozenset(seen)

    def binding(self, state: StageState) -> nx.DiGraph:
        """The strong edges among the packages the stage still builds, each pair with
        ``hard`` (one of its edges is hard); edges into a chosen package that its
        reduced build meets are satisfied and left out."""
        keep = state.alive - state.installed
        out = nx.DiGraph()
        out.add_nodes_from(keep)
        for (u, v), edges in self.pairs.items():
            if u in keep and v in keep:
                live = [hard for hard, met in edges if not (met and v in state.chosen)]
                if live:
                    out.add_edge(u, v, hard=any(live))
        return out

    def hard_cycle(self, state: StageState) -> list[NodeKey] | None:
        """A shortest hard cycle left in the host root (dependent → dependency order),
        or None. A hard cycle of the target root is no pre-built package's to break
        (:meth:`left_cycles`)."""
        binding = self.binding(state)
        return shortest_hard_cycle(binding.subgraph(k for k in binding if k.root == "host"))

    def left_cycles(self, state: StageState) -> list[list[NodeKey]]:
        """The shortest hard cycle of each hard component outside the host root."""
        binding = self.binding(state)
        rest = binding.subgraph(k for k in binding if k.root != "host")
        out = []
        for comp in sorted(sorted(c) for c in nx.strongly_connected_components(rest)):
            cycle = shortest_hard_cycle(rest.subgraph(comp))
            if cycle:
                out.append(cycle)
        return out

    def dominators(self, state: StageState, cycle: list[NodeKey]) -> list[NodeKey]:
        """The packages every path from the targets to ``cycle`` passes (outside it),
        nearest first."""
        g = nx.DiGraph()
        g.add_edges_from((_ROOT, t) for t in self.targets)
        for u in state.alive - state.installed:
            g.add_edges_from((u, v) for v in self.reach[u] if v in state.alive)
        idom = nx.immediate_dominators(g, _ROOT)
        out, node = [], idom.get(cycle[0])
        while node is not None and node != _ROOT:
            if node not in cycle:
                out.append(node)
            node = idom[node]
        return out


def shortest_hard_cycle(binding: nx.DiGraph) -> list | None:
    """A shortest cycle of ``binding`` holding an edge with ``hard`` set, or None
    (one BFS from the head of each hard edge on a cycle, sorted: deterministic)."""
    comp_of = {n: i for i, comp in enumerate(nx.strongly_connected_components(binding))
               for n in comp}
    heads = sorted({v for u, v, hard in binding.edges(data="hard")
                    if hard and comp_of[u] == comp_of[v]})
    best = None
    for start in heads:
        parent = {start: None}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if best is not None and len(tree_path(parent, node)) >= len(best):
                break
            if binding.has_edge(node, start) and binding.edges[node, start]["hard"]:
                best = tree_path(parent, node)
                break
            for nxt in sorted(binding.successors(node)):
                if nxt not in parent and comp_of[nxt] == comp_of[start]:
                    parent[nxt] = node
                    queue.append(nxt)
    return best


@dataclass(frozen=True, slots=True)
class Found:
    """The answer of :func:`minimum_prebuilt`: the packages (sorted), whether the
    search proved them minimum (``exact``), and the hard cycle each one was chosen
    for (dependent → dependency, ``None`` when it cut one off the targets)."""

    nodes: tuple[NodeKey, ...]
    exact: bool
    cycles: tuple[tuple[NodeKey, tuple[NodeKey, ...]], ...] = ()
    unbreakable: tuple[NodeKey, ...] = ()


class _Search:
    """The iterative deepening of :func:`minimum_prebuilt` (one use)."""

    def __init__(self, stage: Stage, budget: int):
        self.stage = stage
        self.left = budget
        self.deeper = False
        self.states: dict[frozenset, tuple[StageState, list | None]] = {}

    def look(self, chosen: frozenset) -> tuple[StageState, list | None]:
        found = self.states.get(chosen)
        if found is None:
            state = self.stage.state(chosen)
            found = self.states[chosen] = (state, self.stage.hard_cycle(state))
        return found

    def candidates(self, state: StageState, cycle: list) -> list[NodeKey]:
        inside = [k for k in cycle if self.stage.can_choose(k)]
        return inside + [k for k in self.stage.dominators(state, cycle)
                         if self.stage.can_choose(k) and k not in inside]

    def branch(self, chosen: frozenset, k: int, barred: frozenset, out: list) -> bool:
        """Collect the sets of size ``len(chosen) + k`` that leave no hard cycle;
        False when out of budget."""
        self.left -= 1
        if self.left < 0:
            return False
        state, cycle = self.look(chosen)
        if cycle is None:
            if state.complete and chosen not in out:
                out.append(chosen)
            return True
        options = [v for v in self.candidates(state, cycle) if v not in chosen | barred]
        if k == 0:
            self.deeper = self.deeper or bool(options)
            return True
        for i, v in enumerate(options):
            if not self.branch(chosen | {v}, k - 1, barred | frozenset(options[:i]), out):
                return False
        return True


def minimum_prebuilt(stage: Stage, required: Iterable[NodeKey] = (),
                     prefer: Callable[[frozenset], tuple] | None = None,
                     budget: int = DEFAULT_BUDGET, max_size: int = 64) -> Found:
    """The fewest packages to pre-build (besides ``required``) so that the stage has
    no hard cycle (module docstring).

    Returns a :class:`Found` with ``required`` included. When the budget runs out, or
    no set leaves every chosen package installed, a greedy answer (``exact=False``):
    repeatedly the first candidate of a shortest hard cycle left. ``unbreakable``:
    the packages of hard cycles left outside the host root (no pre-built package
    breaks them).
    """
    prefer = prefer or (lambda nodes: sorted(nodes))
    start = frozenset(required)
    search = _Search(stage, budget)
    for k in range(0, max_size + 1):
        out: list[frozenset] = []
        search.deeper = False
        if not search.branch(start, k, frozenset(), out):
            return _answer(search, _greedy(search, start), False)
        if out:
            return _answer(search, min(out, key=prefer), True)
        if not search.deeper:
            break
    return _answer(search, _greedy(search, start), False)


def _greedy(search: _Search, chosen: frozenset) -> frozenset:
    while True:
        state, cycle = search.look(chosen)
        options = [] if cycle is None else [v for v in search.candidates(state, cycle)
                                            if v not in chosen]
        if not options:
            return chosen
        chosen = chosen | {options[0]}


def _answer(search: _Search, chosen: frozenset, exact: bool) -> Found:
    """Which cycle each member breaks: the shortest hard cycle through it when it
    alone is dropped from the set."""
    cycles = []
    for v in sorted(chosen):
        _, cycle = search.look(chosen - {v})
        cycles.append((v, tuple(_rotate(cycle, v)) if cycle else ()))
    state, _ = search.look(chosen)
    left = sorted({k for cycle in search.stage.left_cycles(state) for k in cycle})
    return Found(tuple(sorted(chosen)), exact, tuple(cycles), tuple(left))


def _rotate(cycle: list, start) -> list:
    """``cycle`` starting at ``start`` (unchanged when ``start`` is not on it)."""
    if start not in cycle:
        return cycle
    i = cycle.index(start)
    return cycle[i:] + cycle[:i]
