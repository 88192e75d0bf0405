"""The stage emerge builds once packages are pre-built into ``/``: what it still builds
and the hard cycles left in it (the model: :mod:`bootorder.bootstrap.prebuild`).

Two things keep a search over pre-built sets local, whatever the size of the tree:

- a state is computed from scratch once (:meth:`Stage.state`) and every other one
  *near* a known one (:meth:`Stage.near`): pre-building a package, or no longer
  pre-building it, changes only what that package reaches. A package it does not reach
  keeps its state, because whether the targets reach a package, and whether it is
  installed, depends only on the packages that reach it;
- pre-building only takes packages and edges out of the stage, so a hard cycle of any
  state lies in one hard component of the stage with nothing pre-built (a *group*,
  :attr:`Stage.groups`). Each group is searched on its own, and its answer is kept for
  what is left of it.

>>> g = DepGraph()
>>> top = g.add_package("app-misc/top-1", "target", target=True)
>>> xz = g.add_package("app-arch/xz-utils-5.8", "host")
>>> elt = g.add_package("app-portage/elt-patches-2025", "host")
>>> g.add_dep(top, xz, "BDEPEND", atom="app-arch/xz-utils")
>>> g.add_dep(xz, elt, "BDEPEND", atom="app-portage/elt-patches")
>>> g.add_dep(elt, xz, "BDEPEND", atom="app-arch/xz-utils")
>>> stage = Stage(g, {k: ReducedBuild(k, frozenset()) for k in (xz, elt)})
>>> nothing = stage.state(())
>>> [k.cpv for k in stage.hard_cycle(nothing)]
['app-arch/xz-utils-5.8', 'app-portage/elt-patches-2025']
>>> with_xz = stage.near(nothing, {xz})
>>> stage.hard_cycle(with_xz), with_xz.complete, sorted(k.cpv for k in with_xz.alive)
(None, True, ['app-arch/xz-utils-5.8', 'app-misc/top-1'])
"""
from __future__ import annotations

from typing import Callable, Iterable, Mapping

import networkx as nx

from ..graph.depgraph import DepGraph, Edge, NodeKey
from ..order.components import strong_components
from ..order.cycles import hard_components_in
from ..order.priority import Priority, built_links
from ..resolver.candidates import use_dep_ok
from ..syntax.atom import Atom
from .feedback import rotated, shortest_hard_cycle, shortest_hard_cycle_in
from .reduced import ReducedBuild

__all__ = ["Stage", "StageFacts", "StageState", "meets", "choosable", "shortest_hard_cycle",
           "rotated"]

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
    return _atom_meets(graph, atom, edge.source, edge.dep, build)


def _atom_meets(graph: DepGraph, atom: Atom, source: NodeKey, dep: NodeKey,
                build: ReducedBuild) -> bool:
    """:func:`meets` with the edge's atom parsed."""
    data = graph.node(dep)
    if not atom.matches(dep.cpv, data["slot"], data["subslot"], data["repo"]):
        return False
    return not atom.use_deps or use_dep_ok(atom, build.use, data["use"] | data["use_disabled"],
                                           graph.node(source)["use"])


class StageState:
    """The stage with ``chosen`` pre-built: the packages still in it (``alive``) and
    the chosen ones emerge does not build again (``installed``).

    A state near another one shares that one's ``alive`` and keeps only what differs
    (:meth:`is_alive` answers without building the whole set)."""

    __slots__ = ("_alive", "_base", "_changed", "_cycles", "chosen", "installed")

    def __init__(self, chosen: frozenset[NodeKey], installed: frozenset[NodeKey],
                 base: frozenset[NodeKey], changed: Mapping[NodeKey, bool] | None = None,
                 cycles: Mapping[int, list | None] | None = None):
        self.chosen = chosen
        self.installed = installed
        self._base = base
        self._changed = dict(changed or {})
        self._alive = None if self._changed else base
        self._cycles = dict(cycles or {})  # per group of the stage: its shortest hard cycle

    def is_alive(self, key: NodeKey) -> bool:
        """Is ``key`` still in the stage."""
        found = self._changed.get(key)
        return key in self._base if found is None else found

    @property
    def alive(self) -> frozenset[NodeKey]:
        """The packages the targets still reach (pre-built ones included)."""
        if self._alive is None:
            changed = self._changed
            self._alive = frozenset([k for k in self._base if changed.get(k, True)]
                                    + [k for k, alive in changed.items() if alive])
        return self._alive

    @property
    def complete(self) -> bool:
        """Every chosen package is installed (none is built again in ``/``)."""
        return self.installed == self.chosen

    def _fields(self) -> tuple:
        return self.chosen, self.alive, self.installed

    def __eq__(self, other) -> bool:
        return isinstance(other, StageState) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (f"StageState(chosen={sorted(self.chosen)}, installed={sorted(self.installed)}, "
                f"alive={len(self.alive)} packages)")


class StageFacts:
    """What every stage of one graph and one set of reduced builds asks alike: the
    packages built, the edges among them (in no particular order) with the priority
    :func:`~bootorder.order.priority.scheduled_edges` gives each (None for an edge it
    leaves out) and whether the reduced build of the edge's dependency meets it
    (:func:`meets`)."""

    def __init__(self, graph: DepGraph, reduced: Mapping[NodeKey, ReducedBuild]):
        self.graph = graph
        self.reduced = reduced
        self.built = frozenset(k for k, d in graph.nx.nodes(data=True) if not d["installed"])
        # (atom, dep, source or None): an atom without USE dependencies is met or not
        # whoever asks for it
        self._met: dict[tuple[str, NodeKey, NodeKey | None], bool] = {}
        self._atoms: dict[str, Atom | None] = {}  # None: not an atom
        # (source, dep, stored attributes, priority, met: the dependency has a reduced
        # build that meets the edge)
        self.edges: list[tuple[NodeKey, NodeKey, dict, Priority | None, bool]] = [
            (u, v, d, p, v in reduced and self._meets(u, v, d["atom"]))
            for u, v, _, d, p in built_links(graph)]

    def met(self, edge: Edge) -> bool:
        """Does the reduced build of ``edge.dep`` (one must exist) meet ``edge``."""
        return self._meets(edge.source, edge.dep, edge.atom)

    def _meets(self, source: NodeKey, dep: NodeKey, text: str) -> bool:
        if text in self._atoms:
            atom = self._atoms[text]
        else:
            try:
                atom = Atom.parse(text)
            except ValueError:
                atom = None
            self._atoms[text] = atom
        if atom is None:
            return False
        key = (text, dep, source if atom.use_deps else None)
        found = self._met.get(key)
        if found is None:
            found = self._met[key] = _atom_meets(self.graph, atom, source, dep, self.reduced[dep])
        return found


class Stage:
    """A resolved stage prepared for evaluating pre-built sets (module docstring).

    ``reduced``: the reduced build of every package that may be pre-built (others are
    not chosen); ``edge_filter``: the edges that count, judged on their stored
    attributes (:meth:`~bootorder.graph.depgraph.DepGraph.out_raw`; default all;
    without the implicit ones, the model emerge has under ``--implicit-system-deps=n``);
    ``shared``: a :class:`StageFacts` of the graph and ``reduced`` (two stages of one
    graph share it).
    """

    def __init__(self, graph: DepGraph, reduced: Mapping[NodeKey, ReducedBuild],
                 edge_filter: Callable[[Mapping], bool] = lambda d: True,
                 shared: StageFacts | None = None):
        self.graph = graph
        self.reduced = dict(reduced)
        facts = shared or StageFacts(graph, self.reduced)
        built = facts.built
        self.targets = [k for k in graph.targets() if k in built]
        self._target_set = frozenset(self.targets)
        self.reach: dict[NodeKey, list[NodeKey]] = {k: [] for k in built}
        self.needed_by: dict[NodeKey, list[NodeKey]] = {k: [] for k in built}
        self.failed_by: dict[NodeKey, list[NodeKey]] = {k: [] for k in self.reduced}
        # (u, v) -> [(hard, met), ...]: the strong edges of emerge's priorities
        self.pairs: dict[tuple[NodeKey, NodeKey], list[tuple[bool, bool]]] = {}
        reduced = self.reduced
        for u, v, d, p, good in facts.edges:
            if not edge_filter(d):
                continue
            self.reach[u].append(v)
            self.needed_by[v].append(u)
            if not good and v in reduced:
                self.failed_by[v].append(u)
            if p is not None and p.strong:
                self.pairs.setdefault((u, v), []).append((p.hard, good))
        # the pairs within the host root (True) and within the other one (False)
        self._pairs_in: dict[bool, list] = {True: [], False: []}
        for (u, v), edges in self.pairs.items():
            if (u.root == "host") == (v.root == "host"):
                self._pairs_in[u.root == "host"].append((u, v, edges))
        self._below: dict[NodeKey, frozenset[NodeKey]] = {}
        self._nothing: StageState | None = None
        self._borders: dict[NodeKey, tuple[list, frozenset[int]]] = {}
        self._groups: list[frozenset[NodeKey]] | None = None
        self._group_index: dict[NodeKey, int] | None = None
        self._group_pairs: list[list[tuple[NodeKey, NodeKey, list]]] = []
        self._cycles: dict[tuple, list | None] = {}
        self._entered: frozenset[NodeKey] | None = None
        self._cutters: dict[int | None, list[NodeKey]] = {}  # per group

    def can_choose(self, key: NodeKey) -> bool:
        """Whether ``key`` has a reduced build (may be pre-built)."""
        return key in self.reduced

    # -- states ------------------------------------------------------------------

    def state(self, chosen: Iterable[NodeKey]) -> StageState:
        """The stage with ``chosen`` pre-built, from scratch (a fixed point: leaving the
        stage, a dependent no longer asks for what a chosen package fails to meet)."""
        chosen = frozenset(chosen)
        if not chosen and self._nothing is not None:
            return self._nothing
        installed: frozenset[NodeKey] = frozenset()
        while True:
            alive = frozenset(self._search(self.targets, installed))
            now = frozenset(v for v in chosen
                            if not any(u in alive for u in self.failed_by[v]))
            if now == installed:
                break
            installed = now
        found = StageState(chosen, installed, alive)
        if not chosen:
            self._nothing = found  # asked by the groups and by every search from nothing
        return found

    def near(self, state: StageState, chosen: Iterable[NodeKey]) -> StageState:
        """``self.state(chosen)``, recomputing from ``state`` only what the packages added
        to or taken from ``state.chosen`` reach (module docstring)."""
        chosen = frozenset(chosen)
        moved = chosen ^ state.chosen
        if not moved:
            return state
        if len(moved) == 1:
            region = self.below(next(iter(moved)))
        else:
            region = set()
            for key in moved:
                region |= self.below(key)
        # a package of the region is entered from outside only through the entries of
        # a below() holding it: what a package outside the region needs lies outside
        # each of them
        seeds = set()
        touched: set[int] = set()
        single = len(moved) == 1  # then no dependent outside an entry is in the region
        installed, changed, base = state.installed, state._changed, state._base
        for key in moved:
            entries, groups = self._border(key)
            touched |= groups
            for k, outside in entries:
                if outside is None:
                    seeds.add(k)
                    continue
                for p in outside:  # state.is_alive(p), inlined: the hottest loop here
                    if p not in installed and (single or p not in region):
                        alive = changed.get(p)
                        if p in base if alive is None else alive:
                            seeds.add(k)
                            break
        inside = [v for v in chosen if v in region]
        installed_here: frozenset[NodeKey] = frozenset()
        while True:
            alive_here = self._search(seeds, installed_here)
            now = frozenset(v for v in inside if not any(
                u in alive_here if u in region else state.is_alive(u)
                for u in self.failed_by[v]))
            if now == installed_here:
                break
            installed_here = now
        changed = dict(state._changed)
        changed.update((k, k in alive_here) for k in region)
        return StageState(chosen, (state.installed - region) | installed_here, state._base,
                          changed, {i: cycle for i, cycle in state._cycles.items()
                                    if i not in touched})

    def below(self, key: NodeKey) -> frozenset[NodeKey]:
        """``key`` and every package it reaches (kept once computed)."""
        found = self._below.get(key)
        if found is None:
            found = self._below[key] = frozenset(self._search([key], frozenset()))
        return found

    def _border(self, key: NodeKey) -> tuple[list[tuple[NodeKey, list[NodeKey] | None]],
                                             frozenset[int]]:
        """The entries of :meth:`below` ``key``: ``(package, its dependents outside)``,
        None for a target (always entered); and the groups it touches (kept)."""
        found = self._borders.get(key)
        if found is None:
            below, group_of = self.below(key), self._group_of()
            entries: list[tuple[NodeKey, list[NodeKey] | None]] = []
            for k in below:
                outside = [p for p in self.needed_by[k] if p not in below]
                if k in self._target_set:
                    entries.append((k, None))
                elif outside:
                    entries.append((k, outside))
            found = self._borders[key] = (
                entries, frozenset(group_of[k] for k in below if k in group_of))
        return found

    def above(self, keys: Iterable[NodeKey]) -> set[NodeKey]:
        """``keys`` and every package that reaches one of them."""
        return self._search(keys, frozenset(), self.needed_by)

    def _search(self, starts: Iterable[NodeKey], blocked: frozenset[NodeKey],
                edges: Mapping[NodeKey, list[NodeKey]] | None = None) -> set[NodeKey]:
        """What ``starts`` reach along ``edges`` (default: dependencies), not going past
        the ``blocked`` packages (reached, they are not expanded)."""
        edges = self.reach if edges is None else edges
        seen = set(starts)
        frontier = seen - blocked
        while frontier:  # level by level, in set operations
            new: set[NodeKey] = set()
            for node in frontier:
                new.update(edges[node])
            new -= seen
            seen |= new
            frontier = new - blocked
        return seen

    # -- hard cycles ---------------------------------------------------------------

    @property
    def groups(self) -> list[frozenset[NodeKey]]:
        """The hard components of the host root with nothing pre-built, sorted: every
        hard cycle of every state lies in one of them (module docstring)."""
        if self._groups is None:
            host = _within(self._binding(self.state(()), self._pairs_in[True]),
                           lambda k: k.root == "host")
            self._groups = [frozenset(c) for c in hard_components_in(host)]
            group_of = self._group_of()
            self._group_pairs = [[] for _ in self._groups]
            for u, v, edges in sorted(self._pairs_in[True], key=lambda t: (t[0], t[1])):
                if u in group_of and group_of[u] == group_of.get(v):
                    self._group_pairs[group_of[u]].append((u, v, edges))
        return self._groups

    def _group_of(self) -> dict[NodeKey, int]:
        if self._group_index is None:
            self._group_index = {k: i for i, group in enumerate(self.groups) for k in group}
        return self._group_index

    def hard_cycle(self, state: StageState, groups: Iterable[int] | None = None
                   ) -> list[NodeKey] | None:
        """A shortest hard cycle left in the host root (dependent → dependency order),
        or None; only in the ``groups`` given (indices of :attr:`groups`; default all).
        A hard cycle of the target root is no pre-built package's to break
        (:meth:`left_cycles`)."""
        best = None
        for i in range(len(self.groups)) if groups is None else groups:
            cycle = self._group_cycle(i, state)
            if cycle and (best is None or (len(cycle), cycle[0]) < (len(best), best[0])):
                best = cycle
        return best

    def _group_cycle(self, i: int, state: StageState) -> list[NodeKey] | None:
        if i in state._cycles:
            return state._cycles[i]
        members = self._groups[i]
        changed, base = state._changed, state._base  # state.is_alive, inlined
        live = frozenset(k for k in members - state.installed
                         if (k in base if (alive := changed.get(k)) is None else alive))
        chosen = members & state.chosen
        key = (i, live, chosen)
        if key not in self._cycles:
            succ: dict[NodeKey, dict[NodeKey, bool]] = {k: {} for k in live}
            for u, v, edges in self._group_pairs[i]:
                if u in live and v in live:
                    hard = [h for h, met in edges if not (met and v in chosen)]
                    if hard:
                        succ[u][v] = any(hard)
            self._cycles[key] = shortest_hard_cycle_in(succ)
        state._cycles[i] = self._cycles[key]
        return self._cycles[key]

    def binding(self, state: StageState) -> nx.DiGraph:
        """The strong edges among the packages the stage still builds, each pair with
        ``hard`` (one of its edges is hard); edges into a chosen package that its
        reduced build meets are satisfied and left out."""
        out = nx.DiGraph()
        succ = self._binding(state, [(u, v, edges) for (u, v), edges in self.pairs.items()])
        out.add_nodes_from(succ)
        out.add_edges_from((u, v, {"hard": hard}) for u, deps in succ.items()
                           for v, hard in deps.items())
        return out

    def _binding(self, state: StageState, pairs: Iterable[tuple[NodeKey, NodeKey, list]]
                 ) -> dict[NodeKey, dict[NodeKey, bool]]:
        """:meth:`binding` as ``{u: {v: hard}}``, of the ``pairs`` given."""
        keep = state.alive - state.installed
        chosen = state.chosen
        out: dict[NodeKey, dict[NodeKey, bool]] = {k: {} for k in keep}
        for u, v, edges in pairs:
            if u in keep and v in keep:
                live = [hard for hard, met in edges if not (met and v in chosen)]
                if live:
                    out[u][v] = any(live)
        return out

    def left_cycles(self, state: StageState) -> list[list[NodeKey]]:
        """The shortest hard cycle of each hard component outside the host root."""
        rest = _within(self._binding(state, self._pairs_in[False]), lambda k: k.root != "host")
        out = []
        for comp in sorted(sorted(c) for c in strong_components(rest, rest.__getitem__)):
            if len(comp) == 1 and comp[0] not in rest[comp[0]]:
                continue  # no cycle
            cycle = shortest_hard_cycle_in(_within(rest, set(comp).__contains__))
            if cycle:
                out.append(cycle)
        return out

    # -- what cuts a cycle off the targets ----------------------------------------------

    def dominators(self, state: StageState, cycle: list[NodeKey]) -> list[NodeKey]:
        """The packages every path from the targets to ``cycle`` passes (outside it),
        nearest first."""
        g = nx.DiGraph()
        g.add_edges_from((_ROOT, t) for t in self.targets)
        for u in state.alive - state.installed:
            g.add_edges_from((u, v) for v in self.reach[u] if state.is_alive(v))
        idom = nx.immediate_dominators(g, _ROOT)
        out, node = [], idom.get(cycle[0])
        while node is not None and node != _ROOT:
            if node not in cycle:
                out.append(node)
            node = idom[node]
        return out

    def choosable_dominators(self, state: StageState, cycle: list[NodeKey]
                             ) -> list[NodeKey]:
        """:meth:`dominators` that may be pre-built. None when a target reaches the
        cycle through packages none of which may be pre-built (found once per stage):
        no state can then cut it off."""
        if self._entered is None:
            self._entered = self._entered_freely()
        if any(k in self._entered for k in cycle):
            return []
        return [k for k in self.dominators(state, cycle) if self.can_choose(k)]

    def choosable_cutters(self, state: StageState, cycle: list[NodeKey]) -> list[NodeKey]:
        """The packages of other groups (:attr:`groups`) that may be pre-built, reach
        the cycle and are still in the stage, sorted: pre-built for their own cycles,
        several of them together may cut this one off the targets. Empty when a target
        reaches the cycle through packages none of which may be pre-built."""
        if self._entered is None:
            self._entered = self._entered_freely()
        if any(k in self._entered for k in cycle):
            return []
        group_of = self._group_of()
        own = group_of.get(cycle[0])
        found = self._cutters.get(own)
        if found is None:
            found = self._cutters[own] = sorted(
                k for k in self.above(self.groups[own] if own is not None else cycle)
                if group_of.get(k, own) != own and self.can_choose(k))
        return [k for k in found if state.is_alive(k)]

    def _entered_freely(self) -> frozenset[NodeKey]:
        """The targets, and the packages reached through packages that may not be
        pre-built (never installed, so always alive and always passed through)."""
        free = [t for t in self.targets if t not in self.reduced]
        return frozenset(self._search(free, frozenset(self.reduced))) | self._target_set


def _within(succ: Mapping[NodeKey, Mapping[NodeKey, bool]], keep: Callable[[NodeKey], bool]
            ) -> dict[NodeKey, dict[NodeKey, bool]]:
    """``succ`` restricted to the nodes ``keep`` accepts, each one's successors sorted
    (as :func:`~bootorder.bootstrap.feedback.shortest_hard_cycle_in` wants them)."""
    return {u: {v: out[v] for v in sorted(out) if keep(v)} for u, out in succ.items()
            if keep(u)}
