"""The edges that bind a build by emerge's rule, and the packages whose bootstrap copies
break every hard cycle of them.

:mod:`bootorder.bootstrap.synthesis` first breaks the cycles of build edges only (an exact
feedback vertex set). :mod:`bootorder.order.priority` (and :func:`bootorder.order.schedule.build_order`)
call more cycles hard: a package used at build time must have its unsatisfied runtime
dependencies first, so ``xz-utils DEPEND virtual/libc``, ``virtual/libc RDEPEND glibc``,
``glibc BDEPEND xz-utils`` is a hard cycle too. :func:`binding_graph` holds those edges;
:func:`runtime_feedback` adds the fewest packages whose bootstrap copies break the rest.

What a bootstrap copy takes over: the *build* edges into its package and its strong
``IDEPEND`` edges (*install* pairs). ``IDEPEND`` is, like ``BDEPEND``, needed on the
build host (CBUILD, for ``pkg_preinst``/``pkg_postinst``), not by the installed result,
so a copy built by the host's tools can serve it: ``glibc IDEPEND locale-gen`` may be
served by ``bootstrap-locale-gen`` while ``locale-gen RDEPEND perl`` stays. ``RDEPEND``
and ``PDEPEND`` edges (*rest* pairs) are never taken over: the final system would
depend on the copy. A cycle of *rest* pairs only, hard through a ``:=`` runtime edge,
is left: no copy breaks it.

>>> sub = nx.DiGraph()
>>> sub.add_edge("a", "b", **pair(build=True))
>>> sub.add_edge("b", "c", **pair(rest=True))
>>> sub.add_edge("c", "a", **pair(build=True))
>>> runtime_feedback(sub, [], lambda nodes: sorted(nodes))
(('a',), True, 1)
"""
from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterable

import networkx as nx

from ..core.depclass import BUILD_TIME
from ..graph.depgraph import DepGraph, Edge, NodeKey, edge_value
from ..order.priority import Priority, installed_index, scheduled_edges, scheduled_priority
from .feedback import DEFAULT_BUDGET, minimum_feedback_vertex_set, shortest_cycle_through, tree_path

PAIR_FLAGS = ("build", "rest", "rest_hard", "install", "install_hard")
"""The flags of a :func:`binding_graph` pair (see there)."""

HARD_FLAGS = ("build", "rest_hard", "install_hard")
"""The flags that make a pair hard (a hard build edge is always hard)."""

TAKEOVER_FLAGS = ("build", "install")
"""The flags of the pairs a bootstrap copy of the dependency can take over."""


def pair(**flags) -> dict:
    """The flags of one binding pair: every :data:`PAIR_FLAGS` False unless given.

    >>> pair(install=True)["install"], pair()["rest_hard"]
    (True, False)
    """
    return {name: bool(flags.get(name, False)) for name in PAIR_FLAGS}


def hard_build_edge(graph: DepGraph, e: Edge, breakable) -> bool:
    """A build edge to a package not installed that ``breakable`` does not excuse."""
    return (e.cls in BUILD_TIME and not graph.node(e.dep)["installed"]
            and not breakable(graph, e))


def build_edges(graph: DepGraph) -> list[Edge]:
    """The build-time edges to packages not installed (every edge
    :func:`bootorder.bootstrap.synthesis.plan_schedule` must respect), read without making
    an :class:`Edge` of every other edge.

    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    >>> g.add_dep(a, b, "DEPEND", atom="x/b"); g.add_dep(a, b, "RDEPEND", atom="x/b")
    >>> [e.cls for e in build_edges(g)]
    ['DEPEND']
    """
    installed = {k for k, d in graph.nx.nodes(data=True) if d["installed"]}
    return [edge_value(u, v, key, data) for u in graph.nx for v, keyed in graph.out_raw(u).items()
            if v not in installed for key, data in keyed.items() if data["class"] in BUILD_TIME]


def reaches_within(dag: nx.DiGraph, start: NodeKey, goal: NodeKey, where: dict) -> bool:
    """Whether ``dag`` has a path ``start`` .. ``goal`` through nodes whose ``where``
    (component number) is ``goal``'s.

    >>> reaches_within(nx.DiGraph([(1, 2), (2, 3)]), 1, 3, {1: 0, 2: 0, 3: 0})
    True
    """
    inside, seen, stack = where[goal], {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in dag._succ[node]:  # networkx's adjacency: no view objects
            if nxt not in seen and where.get(nxt) == inside:
                seen.add(nxt)
                stack.append(nxt)
    return False


def binding_graph(graph: DepGraph, breakable: Callable[[DepGraph, Edge], bool],
                  items: list[tuple[Edge, Priority]] | None = None) -> nx.DiGraph:
    """The simple digraph of the edges that bind a build, as :mod:`bootorder.order.priority`
    says, that ``breakable`` does not excuse.

    Hard build edges (:func:`hard_build_edge`) and every other *strong* edge of
    :func:`bootorder.order.priority.scheduled_edges` (an unsatisfied runtime edge of a package
    outside the cross root: a package used at build time needs its runtime
    dependencies). Each pair says (:data:`PAIR_FLAGS`) ``build`` (a hard build edge),
    ``install`` (a strong ``IDEPEND`` edge; ``install_hard`` a hard one: ``:=``) — both
    can be taken over by a bootstrap copy of the dependency — and ``rest`` (a strong
    ``RDEPEND``/``PDEPEND`` edge, never taken over; ``rest_hard`` a hard one). A pair
    may hold edges of several classes: taking over its build and install edges leaves
    a ``rest`` pair. A cycle is hard, for :func:`bootorder.order.schedule.build_order` too, when
    it holds a hard pair (:data:`HARD_FLAGS`). ``items``: the graph's
    :func:`~bootorder.order.priority.scheduled_edges`, when already computed.

    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    >>> g.add_dep(a, b, "DEPEND", atom="x/b"); g.add_dep(b, a, "RDEPEND", atom="x/a")
    >>> g.add_dep(b, a, "IDEPEND", atom="x/a")
    >>> never = lambda graph, edge: False
    >>> sorted((u.cpv, d["build"], d["rest"], d["install"])
    ...        for u, _, d in binding_graph(g, never).edges(data=True))
    [('x/a-1', True, False, False), ('x/b-1', False, True, True)]
    """
    result = nx.DiGraph()
    result.add_nodes_from(graph.nodes())

    def mark(e: Edge, **flags) -> None:
        data = result.get_edge_data(e.source, e.dep) or pair()
        result.add_edge(e.source, e.dep, **{k: data[k] or flags.get(k, False) for k in data})
    for e in graph.edges():
        if hard_build_edge(graph, e, breakable):
            mark(e, build=True)
    for e, p in scheduled_edges(graph) if items is None else items:
        flags = _strong_flags(graph, e, p, breakable)
        if flags:
            mark(e, **flags)
    return result


def _strong_flags(graph: DepGraph, e: Edge, p: Priority, breakable) -> dict | None:
    """The pair flags a scheduled edge that is not a build edge adds (None: none)."""
    if e.cls in BUILD_TIME or not p.strong or breakable(graph, e):
        return None
    if e.cls == "IDEPEND":
        return {"install": True, "install_hard": p.hard}
    return {"rest": True, "rest_hard": p.hard}


def refresh_binding(binding: nx.DiGraph, graph: DepGraph, breakable, sources: Iterable[NodeKey],
                    installed: dict) -> None:
    """Make the pairs leaving ``sources`` in ``binding`` those of ``binding_graph(graph,
    breakable)`` again, after edges of ``sources`` changed (``installed``: the graph's
    :func:`~bootorder.order.priority.installed_index`): no whole-graph pass."""
    for source in sources:
        binding.add_node(source)
        binding.remove_edges_from(list(binding.out_edges(source)))
        for e in graph.edges(source):
            flags = {"build": True} if hard_build_edge(graph, e, breakable) else {}
            p = scheduled_priority(graph, e, installed)
            flags.update((p is not None and _strong_flags(graph, e, p, breakable)) or {})
            if flags:
                data = binding.get_edge_data(source, e.dep) or pair()
                binding.add_edge(source, e.dep,
                                 **{k: data[k] or flags.get(k, False) for k in data})


@dataclass
class PlanBinding:
    """A plan's graph ``out`` while :mod:`bootorder.bootstrap.synthesis` breaks
    components, with its :func:`binding_graph` kept up to date: :meth:`changed` redoes
    only the sources whose edges a component changed."""

    out: DepGraph
    breakable: Callable[[DepGraph, Edge], bool]
    binding: nx.DiGraph
    installed: dict

    def changed(self, sources: Iterable[NodeKey]) -> None:
        refresh_binding(self.binding, self.out, self.breakable, sorted(set(sources)),
                        self.installed)


def removed_by(flips: Iterable) -> Callable[[DepGraph, Edge], bool]:
    """The ``breakable`` predicate "a USE conditional of the edge is made false by one of
    ``flips``" (:class:`~bootorder.core.usechange.UseChange` values naming cpvs).

    >>> from bootorder.core.usechange import UseChange
    >>> e = Edge(NodeKey("a/b-1", "host"), NodeKey("c/d-1", "host"), 0, "BDEPEND", "host",
    ...          ("nls",), "c/d", None, (), None, False)
    >>> removed_by([UseChange("a/b-1", "nls", False)])(DepGraph(), e)
    True
    """
    off = {(f.package, f.flag, f.enable) for f in flips}

    def breakable(graph: DepGraph, edge: Edge) -> bool:
        return any((edge.source.cpv, lit.lstrip("!"), lit.startswith("!")) in off
                   for lit in edge.use)
    return breakable


def takeover_edges(graph: DepGraph, breakable, into: Iterable[NodeKey], inside: set,
                   installed: dict | None = None) -> list[Edge]:
    """The edges from ``inside`` into ``into`` that bootstrap copies of ``into`` may take
    over: hard build edges and the strong ``IDEPEND`` edges of :func:`binding_graph`
    (``installed``: the graph's :func:`~bootorder.order.priority.installed_index`)."""
    index = installed_index(graph) if installed is None else installed
    return [e for v in sorted(set(into)) for e in graph.in_edges(v) if e.source in inside
            and (hard_build_edge(graph, e, breakable) or _strong_install(graph, e, breakable,
                                                                         index))]


def _strong_install(graph: DepGraph, e: Edge, breakable, installed: dict) -> bool:
    if e.cls != "IDEPEND":
        return False
    p = scheduled_priority(graph, e, installed)
    return p is not None and p.strong and not breakable(graph, e)


class Overlay:
    """A graph's edges with some removed and some added, without copying it: what
    :mod:`bootorder.bootstrap.synthesis` keeps while deciding which edges a copy takes
    over (``has_path``, ``add_edge``; ``base`` is never changed).

    >>> o = Overlay(nx.DiGraph([("a", "b"), ("b", "c")]), removed=[("b", "c")])
    >>> o.has_path("a", "c"), o.add_edge("b", "c"), o.has_path("a", "c")
    (False, None, True)
    """

    def __init__(self, base: nx.DiGraph, removed: Iterable[tuple] = ()):
        self.base = base
        self.removed = set(removed)
        self.added: dict = {}

    def add_edge(self, u, v) -> None:
        self.removed.discard((u, v))
        self.added.setdefault(u, set()).add(v)

    def has_path(self, start, goal) -> bool:
        """Whether ``goal`` is reachable from ``start`` (itself included)."""
        seen, stack = {start}, [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            base = self.base._succ.get(node, ())  # networkx's adjacency, no view objects
            for nxt in itertools.chain(base, self.added.get(node, ())):
                if nxt not in seen and (node, nxt) not in self.removed:
                    seen.add(nxt)
                    stack.append(nxt)
        return False


def hard_components(binding: nx.DiGraph) -> list[tuple[NodeKey, ...]]:
    """The cyclic components of a :func:`binding_graph` that hold a hard pair (sorted)."""
    return [c for c in cyclic_components(binding) if _holds_hard(binding, c)]


def _holds_hard(binding: nx.DiGraph, comp) -> bool:
    return any(_is_hard(d) for _, _, d in binding.subgraph(set(comp)).edges(data=True))


def _is_hard(flags: dict) -> bool:
    return any(flags[name] for name in HARD_FLAGS)


def _takes_over(flags: dict) -> bool:
    return any(flags[name] for name in TAKEOVER_FLAGS)


def runtime_feedback(sub: nx.DiGraph, fvs, prefer: Callable[[frozenset], tuple],
                     budget: int = DEFAULT_BUDGET) -> tuple[tuple, bool, int]:
    """More packages to pre-build so that no hard cycle of ``sub`` holds a build or
    install pair.

    ``fvs`` (the exact sets of the build-only cycles) takes over every build and
    install pair into its members; hard cycles through runtime edges may remain. A
    bootstrap copy of ``w`` takes over those pairs into ``w``, so the answer is a
    minimum subset feedback vertex set
    (:func:`bootorder.bootstrap.feedback.minimum_feedback_vertex_set`, exact within ``budget``)
    of the :func:`entry_graph`, hitting its cycles through a hard edge (the plain
    search when every edge is hard, as without install pairs). Returns
    ``(nodes, exact, lower_bound)`` like it. Hard cycles of ``rest`` pairs only (through
    a ``:=`` ``RDEPEND``) are left: no bootstrap copy breaks them.
    """
    entries = entry_graph(without_build_into(sub, fvs))
    every_cycle_hard = all(d["hard"] for _, _, d in entries.edges(data=True))
    return minimum_feedback_vertex_set(
        entries, prefer, budget,
        None if every_cycle_hard else (lambda u, v: entries.edges[u, v]["hard"]))


def entry_graph(sub: nx.DiGraph) -> nx.DiGraph:
    """``w -> x`` when ``w`` reaches, by ``rest`` pairs only, a package with a build or
    install pair to ``x``: its cycles are the closed walks of ``sub`` through such
    pairs, cut at them, so removing ``w`` is taking over the pairs into ``w``.

    An edge is ``hard`` when its cut pair is hard or some ``rest`` walk from ``w`` to
    the pair passes a hard pair (:func:`_rest_reach`). Every hard cycle of ``sub``
    through a cut pair is an entry cycle holding a hard edge. Conversely an entry cycle
    with a hard edge is a closed walk of ``sub`` holding a hard pair, which holds a hard
    cycle through a cut pair unless that hard pair lies on a cycle of ``rest`` pairs
    only: there the walk borrows the hardness of a hard cycle no copy breaks (left
    anyway) and a soft cycle touching it may get a copy it does not need. Time
    ``O(k·(n + m))`` for ``k`` cut targets.

    >>> sub = nx.DiGraph()
    >>> sub.add_edge("a", "b", **pair(build=True))
    >>> sub.add_edge("b", "c", **pair(rest=True))
    >>> sub.add_edge("c", "a", **pair(install=True))
    >>> sorted(entry_graph(sub).edges(data="hard"))
    [('a', 'b', True), ('b', 'a', False)]
    """
    rest = nx.DiGraph([(u, v, {"hard": d["rest_hard"]})
                       for u, v, d in sub.edges(data=True) if d["rest"]])
    cut = {(u, v): d["build"] or d["install_hard"]
           for u, v, d in sub.edges(data=True) if _takes_over(d)}
    result = nx.DiGraph()
    result.add_nodes_from(sorted({v for _, v in cut}))
    for w in list(result):
        for u, seen_hard in _rest_reach(rest, w):
            for x in sorted(sub.successors(u)):
                if (u, x) in cut:
                    before = result.edges[w, x]["hard"] if result.has_edge(w, x) else False
                    result.add_edge(w, x, hard=before or seen_hard or cut[u, x])
    return result


def _rest_reach(rest: nx.DiGraph, start) -> list[tuple]:
    """``(node, seen_hard)`` for every node ``rest`` reaches from ``start`` (itself
    included), ``seen_hard`` when some path there passes a hard pair (BFS over the
    ``(node, seen_hard)`` states, sorted)."""
    seen = {(start, False)}
    queue = deque(seen)
    while queue:
        node, hard = queue.popleft()
        for nxt in (rest.successors(node) if node in rest else ()):
            state = (nxt, hard or rest.edges[node, nxt]["hard"])
            if state not in seen:
                seen.add(state)
                queue.append(state)
    return sorted(seen)


def without_build_into(sub: nx.DiGraph, nodes) -> nx.DiGraph:
    """``sub`` with the build and install pairs into ``nodes`` taken over by bootstrap
    copies (a pair that also holds a ``rest`` edge stays as that)."""
    result = nx.DiGraph(sub)
    for v in nodes:
        for u in list(result.predecessors(v)):
            d = result.edges[u, v]
            if not _takes_over(d):
                continue
            if d["rest"]:
                result.add_edge(u, v, **pair(rest=True, rest_hard=d["rest_hard"]))
            else:
                result.remove_edge(u, v)
    return result


def cycles_broken(hard: nx.DiGraph, sub: nx.DiGraph, first: list, more) -> dict:
    """For each package to pre-build, the cycle (dependent → dependency order) its copy
    breaks: a shortest build cycle through a member of ``first`` (step 1), a shortest
    hard cycle left by ``first`` entering a member of ``more`` by a build or install
    pair (:func:`shortest_hard_path`)."""
    cycles = {v: shortest_cycle_through(hard, v) or [v] for v in first}
    rest = without_build_into(sub, first)
    for v in more:
        paths = [shortest_hard_path(rest, v, u, rest.edges[u, v]) for u in
                 sorted(rest.predecessors(v)) if _takes_over(rest.edges[u, v])]
        paths = [p for p in paths if p]
        cycles[v] = min(paths, key=lambda p: (len(p), p)) if paths else [v]
    return cycles


def shortest_hard_path(sub: nx.DiGraph, start, end, closing: dict) -> list | None:
    """A shortest path ``start`` → ``end`` of ``sub`` that, closed by the pair
    ``closing`` (``end -> start``), makes a hard cycle, or None (BFS over ``(node,
    seen_hard)`` states: a walk through a node twice when the only hard pair it can
    reach lies on a cycle it returns from).

    >>> sub = nx.DiGraph([("a", "b", pair(rest=True)), ("b", "a", pair(install=True))])
    >>> shortest_hard_path(sub, "a", "b", sub.edges["b", "a"]) is None
    True
    """
    start_state = (start, _is_hard(closing))
    parent = {start_state: None}
    queue = deque([start_state])
    while queue:
        state = queue.popleft()
        if state == (end, True):
            return [node for node, _ in tree_path(parent, state)]
        node, hard = state
        for nxt in sorted(sub.successors(node)):
            step = (nxt, hard or _is_hard(sub.edges[node, nxt]))
            if step not in parent:
                parent[step] = state
                queue.append(step)
    return None


def cyclic_components(hard: nx.DiGraph) -> list[tuple[NodeKey, ...]]:
    """The strongly connected components that contain a cycle, each sorted, sorted."""
    comps = [tuple(sorted(c)) for c in nx.strongly_connected_components(hard)]
    return sorted(c for c in comps if len(c) > 1 or hard.has_edge(c[0], c[0]))
