"""The smallest set of USE changes that breaks every cycle USE can break.

Model
-----
Every edge ``u -> v`` of a :class:`~bootorder.graph.depgraph.DepGraph` carries the USE
conditionals of ``u`` that enclose its atom (``("nls", "!static")``). The edge is in
the graph, so each of those literals holds for ``u``'s current USE; *flipping* one of
the flags (``nls`` off, or ``static`` on) removes the edge. A *link* ``(u, v)`` is the
set of considered edges from ``u`` to ``v``; it is broken when every one of its edges is
removed (``a? ( x ) b? ( x )`` needs both flags flipped). A cycle is broken when one of
its links is; it is *breakable* when one of its links can be broken with allowed flips.
The cycles to break are emerge's *hard* cycles (:mod:`bootorder.order.priority`): cycles of
strong edges (unsatisfied build-time edges, and unsatisfied runtime edges outside the
cross root) with at least one hard (build-time) edge, between packages to be built.
A custom ``edge_filter`` makes every edge it keeps hard.

A flip ``(cpv, flag, enable)`` changes the package's USE in every root it is in (one
configuration serves both roots, as ``package.use`` and ``--with`` do), so it removes
the edges of all its instances and is refused when any instance forbids it. It is
allowed unless

- the flag is forced or masked for the package (``use.force``/``use.mask`` and their
  package variants, from the :class:`bootorder.usechange.constraints.UseConstraints` provider);
- a dependent's atom requires the flag's current state (``dep[flag]``, ``dep[-flag]``,
  and ``[flag?]``/``[!flag?]``/``[flag=]``/``[!flag=]`` evaluated with the dependent's
  current USE, even when the dependent's own flags change too: conservative): turning
  it over would break that dependent;
- the flip *adds* dependencies (the opposite branch, ``!flag? ( ... )`` for a flag
  turned off, ``flag? ( ... )`` for one turned on, holds atoms). The graph only holds
  the edges of the current USE, so an added edge could close a new cycle or pull in
  new packages. Such flips are refused unless ``allow_adding=True``, in which case the
  change is kept and marked ``adds_deps`` (check it with :mod:`bootorder.usechange.rerun`).
  Without that, flips only remove edges, and removing edges never creates a cycle.

REQUIRED_USE: when a package's flips leave USE that violates a REQUIRED_USE constraint
the current USE meets (violations it already has, common under ``USE="-* ..."``, may
stay), the flips are *accompanied* by the smallest set of further allowed flips of that package
(at most :data:`MAX_ACCOMPANY` flags, lexicographically first among the smallest) that
restores it; accompanying flips count in the cardinality and are listed with
``role="required_use"``. Flips no accompaniment can repair are not used.

Only flags in the conditionals of edges on cycles are candidates.

Search
------
The objective is the number of flips (primary plus accompanying). Each strongly
connected component of the considered edges is a covering problem over its cycles
(each cycle is satisfied by one of its links' minimal flip sets), solved by
:func:`bootorder.usechange.cover.solve_cover`: implied cycles dropped, independent parts
(no shared flip or package) split, then per part a greedy upper bound and
branch-and-bound (parts of at most :data:`EXACT_MAX_FLIPS` candidate flips, at most
:data:`NODE_BUDGET` search nodes). Cycles are generated *lazily*: after each solve
the residual graph is checked and, for every still-present breakable link inside a
cycle, the shortest cycle through it is added and the problem solved again; no
exhaustive cycle enumeration is needed, and the answer is exact (``exact=True``,
``lower_bound`` = size) when every search finished. Otherwise the greedy answer (or
the best found) is kept: with single-flip options its size is at most ``H(d)`` times
the optimum (``d``: the most cycles one flip breaks; Chvatal's set-cover bound), and
``lower_bound`` is a proven bound (disjoint-cycle packing of unfinished parts).

Measured (random graphs, 60% conditional edges, four flags a package, one core):
components of about 100 packages finish exactly in well under a second; 200 packages
with 130-210 cycles take 2-8 s (exact, or within 25% of the bound); parts over 200
flips get the greedy answer (400 packages, 300 cycles: about 1 s, within 20%).
The stage-1 closure of the Flatcar corpus on an empty host is solved exactly.

>>> g = DepGraph()
>>> a = g.add_package("dev-libs/a-1", "target", use=frozenset({"b"}))
>>> b = g.add_package("dev-libs/b-1", "target")
>>> g.add_dep(a, b, "DEPEND", atom="dev-libs/b", use=("b",))
>>> g.add_dep(b, a, "DEPEND", atom="dev-libs/a")
>>> [str(c.change) for c in suggest_use(g).changes]
['dev-libs/a-1 -b']
"""
from __future__ import annotations

import itertools
import weakref
from dataclasses import dataclass
from typing import Callable, Iterable

from ..core.gcpause import paused_gc
from ..core.usechange import UseChange
from ..graph.depgraph import DepGraph, Edge, NodeKey, edge_value
from ..order.priority import Priority, edge_priority, installed_index, stored_priority
from . import use_cycles as _use_cycles
from .constraints import NoConstraints, UseConstraints, parent_locks, required_use_flags
from .reach import PulledIn
from .use_cycles import Component, cycle_links, set_key

EXACT_MAX_FLIPS = 200
"""Most candidate flips in one independent part searched by branch-and-bound."""

NODE_BUDGET = 20_000
"""Branch-and-bound nodes per part before the best answer found is kept as is."""

MAX_ACCOMPANY = 3
"""Most accompanying flips tried to restore one package's REQUIRED_USE."""


@dataclass(frozen=True, slots=True)
class SuggestedChange:
    """One change of the answer, what it breaks and what else it turns off.

    ``role`` is ``"breaks"`` (its conditionals make cycle edges) or ``"required_use"``
    (it accompanies other flips of the package). ``breaks`` indexes
    :attr:`UseSuggestion.cycles`; ``removes`` are the other edges it removes;
    ``drops`` the packages no longer pulled in when this flip alone is applied.
    """

    change: UseChange
    role: str
    breaks: tuple[int, ...]
    removes: tuple[Edge, ...]
    drops: tuple[NodeKey, ...]
    adds_deps: bool = False

    def to_json(self, cycles: tuple[tuple[NodeKey, ...], ...]) -> dict:
        return {**_change_json(self.change), "role": self.role, "adds_deps": self.adds_deps,
                "breaks": [_keys_json(cycles[i]) for i in self.breaks],
                "removes": [e.to_json() for e in self.removes],
                "drops": _keys_json(self.drops)}


@dataclass(frozen=True, slots=True)
class UseSuggestion:
    """The answer of :func:`suggest_use` (see the module docstring)."""

    changes: tuple[SuggestedChange, ...]
    cycles: tuple[tuple[NodeKey, ...], ...]
    unbreakable: tuple[tuple[NodeKey, ...], ...]
    refused: tuple[tuple[UseChange, str], ...]
    exact: bool
    lower_bound: int
    drops: tuple[NodeKey, ...]

    @property
    def flips(self) -> tuple[UseChange, ...]:
        return tuple(c.change for c in self.changes)

    def to_json(self) -> dict:
        return {"changes": [c.to_json(self.cycles) for c in self.changes],
                "size": len(self.changes), "exact": self.exact,
                "lower_bound": self.lower_bound,
                "cycles": [_keys_json(c) for c in self.cycles],
                "unbreakable": [_keys_json(c) for c in self.unbreakable],
                "refused": [{**_change_json(f), "reason": r} for f, r in self.refused],
                "drops": _keys_json(self.drops)}


def _change_json(change: UseChange) -> dict:
    return {"cpv": change.package, "flag": change.flag, "enable": change.enable}


def _keys_json(keys) -> list[dict]:
    return [{"cpv": k.cpv, "root": k.root} for k in keys]


def default_edge_filter(graph: DepGraph, edge: Edge, installed: dict | None = None,
                        priority: Callable[[Edge], Priority] | None = None) -> bool:
    """The edges of emerge's hard cycles (:mod:`bootorder.order.priority`): *strong* edges
    between packages that are built (``installed``: the graph's
    :func:`bootorder.order.priority.installed_index`, when asked for many edges;
    ``priority(edge)``: the edge's priority, default :func:`edge_priority`)."""
    if graph.node(edge.source)["installed"] or graph.node(edge.dep)["installed"]:
        return False
    found = priority(edge) if priority else edge_priority(graph, edge, installed)
    return _considered(found, edge.source == edge.dep)


def _considered(priority: Priority, self_edge: bool) -> bool:
    """Does an edge of ``priority`` take part in hard cycles: a strong one, a self-edge
    only when hard."""
    return priority.strong and (not self_edge or priority.hard)


def _considered_links(graph: DepGraph, edge_filter=None, priority=None):
    """The edges of each link ``(source, dep)`` that ``edge_filter`` keeps (default
    :func:`default_edge_filter` with ``priority``), as stored (``[(key, attributes)]``,
    see :meth:`DepGraph.out_raw`), links in :meth:`DepGraph.edges` order; and the links
    with a hard edge (a custom filter makes every kept edge hard). An :class:`Edge` is
    made only for a custom filter or ``priority``."""
    index = installed_index(graph)
    if edge_filter is None:
        sources = sorted(k for k, d in graph.nx.nodes(data=True) if not d["installed"])
    else:
        sources = sorted(graph.nx)
    considered = set(sources)
    links: dict[tuple[NodeKey, NodeKey], list[tuple[int, dict]]] = {}
    hard: set[tuple[NodeKey, NodeKey]] = set()
    tests: dict[Priority, tuple[bool, bool, bool]] = {}
    for source in sources:
        adjacent = graph.out_raw(source)
        for dep in sorted(adjacent):
            if dep not in considered:
                continue
            if edge_filter is not None:
                kept = [(key, data) for key, data in adjacent[dep].items()
                        if edge_filter(graph, edge_value(source, dep, key, data))]
                hard.update([(source, dep)] if kept else [])
            else:
                kept, any_hard = [], False
                for key, data in adjacent[dep].items():
                    found = stored_priority(graph, source, data, index) if priority is None \
                        else priority(edge_value(source, dep, key, data))
                    test = tests.get(found)  # (considered, as a self-edge, hard)
                    if test is None:
                        test = tests[found] = (_considered(found, False),
                                               _considered(found, True), found.hard)
                    if test[source == dep]:
                        kept.append((key, data))
                        any_hard = any_hard or test[2]
                if any_hard:
                    hard.add((source, dep))
            if kept:
                links[source, dep] = kept
    return links, hard


def literal_flip(cpv: str, literal: str) -> UseChange:
    """The flip that makes a true USE literal false (``"nls"`` -> ``-nls``)."""
    return UseChange(cpv, literal.lstrip("!"), literal.startswith("!"))


def edge_removed(edge: Edge, flips: frozenset[UseChange] | set[UseChange]) -> bool:
    """Whether ``flips`` make one of the edge's USE conditionals false (the dependent
    must be built: an installed package's USE is recorded)."""
    return any(literal_flip(edge.source.cpv, lit) in flips for lit in edge.use)


class _Problem:
    """The allowed flips, link options and repair costs of one graph."""

    def __init__(self, graph, constraints, edge_filter, allow_adding, priority=None):
        self.graph = graph
        self.constraints = constraints
        self.allow_adding = allow_adding
        self.links, self.hard = _considered_links(graph, edge_filter, priority)
        self._edges: dict[tuple[NodeKey, NodeKey], list[Edge]] = {}
        self.instances: dict[str, list[NodeKey]] = {}
        for key in graph.nodes():
            if not graph.node(key)["installed"]:
                self.instances.setdefault(key.cpv, []).append(key)
        self._locks: dict[str, dict[str, str]] = {}
        self.refused: dict[UseChange, str] = {}
        self._verdicts: dict[UseChange, bool] = {}
        self._repairs: dict[tuple[str, frozenset], frozenset | None] = {}
        self._adds: dict[UseChange, bool] = {}
        self.options = _Options(weakref.WeakMethod(self._options_of))

    def _options_of(self, link: tuple[NodeKey, NodeKey]) -> tuple:
        return self._link_options(self.edges(link))

    def edges(self, link: tuple[NodeKey, NodeKey]) -> list[Edge]:
        """The considered edges of a link, sorted (made when first asked for)."""
        found = self._edges.get(link)
        if found is None:
            found = self._edges[link] = sorted(
                (edge_value(*link, key, data) for key, data in self.links[link]),
                key=Edge.sort_key)
        return found

    def allowed(self, flip: UseChange) -> bool:
        verdict = self._verdicts.get(flip)
        if verdict is None:  # a flip is asked for by every edge it removes
            reason = self._refusal(flip)
            if reason is not None:
                self.refused[flip] = reason
            verdict = self._verdicts[flip] = reason is None
        return verdict

    def rep(self, cpv: str) -> NodeKey:
        """The instance whose USE and configuration stand for the package's."""
        return self.instances[cpv][0]

    def locks(self, cpv: str) -> dict[str, str]:
        if cpv not in self._locks:
            found: dict[str, str] = {}
            for key in self.instances[cpv]:
                found = {**parent_locks(self.graph, key), **found}
            self._locks[cpv] = found
        return self._locks[cpv]

    def _refusal(self, flip: UseChange) -> str | None:
        fixed = self.constraints.fixed(self.rep(flip.package))
        if flip.flag in fixed:
            return fixed[flip.flag]
        locks = self.locks(flip.package)
        if flip.flag in locks:
            return locks[flip.flag]
        if not self.allow_adding and self.adds(flip):
            return "would pull in new dependencies"
        if self.repair(flip.package, frozenset({flip})) is None:
            return "REQUIRED_USE cannot be kept"
        return None

    def adds(self, flip: UseChange) -> bool:
        if flip not in self._adds:
            self._adds[flip] = self.constraints.flip_adds_deps(self.rep(flip.package),
                                                               flip.flag, flip.enable)
        return self._adds[flip]

    def _link_options(self, edges: list[Edge]) -> tuple[frozenset[UseChange], ...]:
        """Minimal flip sets removing every edge of a link (``()``: unbreakable)."""
        if not any(e.use for e in edges):
            return ()  # no flip to weigh (most links)
        choices = [sorted({literal_flip(e.source.cpv, lit) for lit in e.use}) for e in edges]
        choices = [[f for f in c if self.allowed(f)] for c in choices]
        if any(not c for c in choices):
            return ()
        sets = {frozenset(p) for p in itertools.product(*choices)}
        return tuple(sorted((s for s in sets if not any(o < s for o in sets)), key=set_key))

    def repair(self, cpv: str, flips: frozenset[UseChange]) -> frozenset[UseChange] | None:
        """Smallest further flips of ``cpv`` restoring REQUIRED_USE (None: none)."""
        key = (cpv, flips)
        if key not in self._repairs:
            self._repairs[key] = self._search_repair(cpv, flips)
        return self._repairs[key]

    def _search_repair(self, cpv, flips):
        pkg = self.rep(cpv)
        before = self.graph.node(pkg)["use"]
        known = self.constraints.required_use_violations(pkg, before)

        def keeps(new_use) -> bool:
            return self.constraints.required_use_violations(pkg, new_use) <= known

        use = _apply(before, flips)
        if keeps(use):
            return frozenset()
        taken = {f.flag for f in flips}
        fixed = self.constraints.fixed(pkg)
        locks = self.locks(cpv)
        # Only flags REQUIRED_USE names can repair it: a smallest repair holds no other
        # (dropping one would leave a smaller repair), so the answer is the same.
        named = required_use_flags(self.constraints, pkg)
        extra = [UseChange(cpv, flag, flag not in use)
                 for flag in sorted(self.constraints.iuse(pkg) - taken)
                 if flag not in fixed and flag not in locks and (named is None or flag in named)]
        extra = [f for f in extra if self.allow_adding or not self.adds(f)]
        for size in range(1, MAX_ACCOMPANY + 1):
            for combo in itertools.combinations(extra, size):
                if keeps(_apply(use, combo)):
                    return frozenset(combo)
        return None

    def applied(self, chosen: frozenset[UseChange]) -> frozenset[UseChange] | None:
        """``chosen`` with every package's accompanying flips (None: not repairable)."""
        result = set(chosen)
        for cpv, flips in itertools.groupby(sorted(chosen), key=lambda f: f.package):
            extra = self.repair(cpv, frozenset(flips))
            if extra is None:
                return None
            result |= extra
        return frozenset(result)

    def package_cost(self, flips: frozenset[UseChange]) -> float:
        """Flips of one package plus their accompaniment (``inf``: not repairable)."""
        extra = self.repair(next(iter(flips)).package, flips)
        return float("inf") if extra is None else len(flips | extra)

    def cost(self, chosen: frozenset[UseChange]) -> float:
        full = self.applied(chosen)
        return float("inf") if full is None else len(full)

    def link_broken(self, link, flips: frozenset[UseChange]) -> bool:
        return all(edge_removed(e, flips) for e in self.edges(link))


class _Options(dict):
    """``options[link]``, worked out when first asked: only links inside a component
    are (:func:`suggest_use` asks for all of those, so :attr:`_Problem.refused` names
    every refused flip on them)."""

    def __init__(self, compute: weakref.WeakMethod):
        super().__init__()
        self._compute = compute  # weak: the problem holds the options, not the reverse

    def __missing__(self, link):
        found = self[link] = self._compute()(link)
        return found


def _apply(use: frozenset[str], flips: Iterable[UseChange]) -> frozenset[str]:
    on = {f.flag for f in flips if f.enable}
    off = {f.flag for f in flips if not f.enable}
    return frozenset((set(use) - off) | on)


def suggest_use(graph: DepGraph, constraints: UseConstraints | None = None, *,
                edge_filter: Callable[[DepGraph, Edge], bool] | None = None,
                cycles: Iterable[Iterable[NodeKey]] | None = None,
                allow_adding: bool = False,
                priority: Callable[[Edge], Priority] | None = None) -> UseSuggestion:
    """The smallest set of USE flips breaking every cycle USE can break.

    Parameters
    ----------
    graph
        The resolved graph (not changed).
    constraints
        Forced/masked flags, IUSE, REQUIRED_USE and dependency-adding flips per package
        (:class:`UseConstraints`); ``None``: only parents' USE dependencies constrain.
    edge_filter
        Which edges form the cycles to break (``None``: :func:`default_edge_filter`).
    cycles
        Cycles already found (node sequences, e.g. from :mod:`bootorder.order.cycles`); they
        are reported and seed the search. Cycles are completed lazily anyway.
    allow_adding
        Allow flips that make a dependency conditional true (marked ``adds_deps``).
    priority
        ``priority(edge) -> Priority``: emerge's priority of an edge when the graph's
        installed nodes do not say it (a step that rebuilds what is installed, such as
        ``emerge --emptytree``: an edge is *satisfied* by the installed package, not by
        the node it points at). Default :func:`bootorder.order.priority.edge_priority`.

    Notes
    -----
    Exact per component up to :data:`EXACT_MAX_FLIPS` candidate flips and
    :data:`NODE_BUDGET` search nodes (worst case exponential in the flips); greedy
    beyond. When REQUIRED_USE forbids breaking some cycles together (``b || c``, cycles
    through ``b`` and through ``c``), the answer breaks what a valid set can of those the
    search met, not always the most, and lists the others as ``unbreakable``. Each lazy round costs a strongly-connected-components pass plus one BFS
    per remaining breakable link.

    >>> g = DepGraph()
    >>> x = g.add_package("a/x-1", "target", use=frozenset({"p", "q"}))
    >>> y = g.add_package("a/y-1", "target")
    >>> g.add_dep(x, y, "DEPEND", atom="a/y", use=("p",))
    >>> g.add_dep(x, y, "DEPEND", atom="a/y", use=("q",))
    >>> g.add_dep(y, x, "DEPEND", atom="a/x")
    >>> sorted(str(f) for f in suggest_use(g).flips)
    ['a/x-1 -p', 'a/x-1 -q']
    """
    with paused_gc():  # many long-lived values, next to no garbage: see core.gcpause
        problem = _Problem(graph, constraints or NoConstraints(), edge_filter, allow_adding,
                           priority)
        components = _use_cycles.components(problem)
        for comp in components:
            for link in comp.digraph.edges:
                problem.options[link]  # every flip on a cycle judged, refused ones kept
        owner = {n: comp for comp in components for n in comp.digraph}
        for cycle in _seed_cycles(problem, cycles):
            if cycle[0] in owner:
                owner[cycle[0]].add_cycle(cycle)
        for comp in components:
            comp.solve(EXACT_MAX_FLIPS, NODE_BUDGET)
        return _report(problem, components)


def _seed_cycles(problem: _Problem, cycles) -> list[tuple[NodeKey, ...]]:
    """Cycles given by the caller whose every link is considered."""
    seeds = []
    for cycle in cycles or ():
        cycle = tuple(cycle)
        if cycle and all(link in problem.links for link in cycle_links(cycle)):
            seeds.append(cycle)
    return seeds


def _report(problem: _Problem, components: list[Component]) -> UseSuggestion:
    cycles = sorted(c for comp in components for c in comp.cycles)
    options = {c: o for comp in components for c, o in comp.cycles.items()}
    applied = frozenset().union(*(problem.applied(c.chosen) or c.chosen for c in components))
    primary = frozenset().union(*(c.chosen for c in components))
    pulled = PulledIn(problem.graph, _roots(problem.graph))
    breaking = _breaking(cycles, options, applied)
    changes = []
    for flip in sorted(applied):
        breaks = breaking.get(flip, ())
        on_cycles = {link for i in breaks for link in cycle_links(cycles[i])}
        removes = tuple(e for k in problem.instances[flip.package] for e in problem.graph.edges(k)
                        if edge_removed(e, {flip}) and (e.source, e.dep) not in on_cycles)
        drops = tuple(sorted(pulled.dropped(frozenset({flip}))))
        role = "breaks" if flip in primary else "required_use"
        changes.append(SuggestedChange(flip, role, breaks, removes, drops, problem.adds(flip)))
    on_cycle = {literal_flip(e.source.cpv, lit) for comp in components
                for link in comp.digraph.edges for e in problem.edges(link) for lit in e.use}
    refused = tuple(sorted((f, r) for f, r in problem.refused.items() if f in on_cycle))
    unbreakable = sorted(c for comp in components for c in comp.leftover(applied))
    return UseSuggestion(
        tuple(changes), tuple(cycles), tuple(unbreakable), refused,
        all(c.exact for c in components), sum(c.lower_bound for c in components),
        tuple(sorted(pulled.dropped(applied))))


def _breaking(cycles: list, options: dict, applied: frozenset[UseChange]
              ) -> dict[UseChange, tuple[int, ...]]:
    """For each flip, the indices of the cycles an applied option of it breaks."""
    found: dict[UseChange, list[int]] = {}
    for i, cycle in enumerate(cycles):
        for flip in {f for o in options[cycle] if o <= applied for f in o}:
            found.setdefault(flip, []).append(i)
    return {flip: tuple(indices) for flip, indices in found.items()}


def _roots(graph: DepGraph) -> list[NodeKey]:
    """Where "pulled in" starts: the targets, else the packages nothing depends on."""
    return graph.targets() or sorted(n for n in graph.nx if graph.nx.in_degree(n) == 0)
