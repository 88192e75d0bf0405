"""Synthesized ``bootstrap-*`` packages: break hard build cycles with pre-built copies.

A *hard* build cycle is a cycle of build-time edges (``BDEPEND``, ``HOSTDEPEND``,
``DEPEND``) to packages that are not installed, none of which a USE change can remove.
Which edges a USE change removes: with ``use_changes`` (the flips
:func:`bootorder.usechange.suggestion.suggest_use` finds under the profile's constraints, as
:func:`bootstrap_for` does), exactly the edges those flips remove — the plan applies
them first; without, any edge :func:`use_breakable` says a flag of the package's IUSE
or another any-of alternative could remove (an optimistic approximation);
``scope="all"`` breaks every build cycle with bootstrap packages. Such a cycle cannot
be built from the metadata alone: one of its packages must first exist in a reduced form, built with the host's
(seed's) tools. The founding chain is the example: ``bootstrap-binutils`` (host tools)
→ ``bootstrap-gcc`` (host tools + bootstrap-binutils) → ``binutils`` (built by
bootstrap-gcc) → ``gcc`` (built by bootstrap-gcc, with the new binutils).

The method, per strongly connected component of the hard build graph:

1. choose a minimum *feedback vertex set* ``F``
   (:func:`bootorder.bootstrap.feedback.minimum_feedback_vertex_set`):
   exact by branching on a shortest cycle with iterative deepening (a hitting set of
   all cycles needs one node of each); when the search budget runs out, a documented
   greedy heuristic with a lower bound (vertex-disjoint cycles). Among minimum sets
   the one with the fewest *link-time* (``DEPEND``) uses inside the component wins
   (a pre-built tool leaves nothing in what it builds; a pre-built library would),
   then the most dependents inside the component, then names;
2. for each ``v`` in ``F`` add ``bootstrap-<name>`` (synthetic): built by the host's
   tools with ``USE="-* build"`` (C only for the compiler); it keeps ``v``'s
   dependencies outside the component whose USE condition holds under ``-* build``,
   uses the bootstrap copies of other members of ``F`` and leaves the rest of the
   component to the host;
3. the real packages stay and are rebuilt with them: an in-component build edge to a
   member of ``F`` keeps pointing at the real package unless that closes a cycle, then
   it is redirected to the bootstrap copy (build edges are kept before ``IDEPEND``
   ones, metadata edges before implicit ones, ``BDEPEND`` before ``DEPEND``, then
   sorted) — so gcc is built with the new binutils while binutils is built by
   bootstrap-gcc.

4. emerge's rule (:mod:`bootorder.order.priority`, :func:`bootorder.order.schedule.build_order`) calls
   more cycles hard: a package used at build time needs its unsatisfied runtime
   dependencies first, so ``xz-utils DEPEND virtual/libc RDEPEND glibc BDEPEND
   xz-utils`` is one. Steps 2-3 therefore work per component of the
   :func:`bootorder.bootstrap.binding.binding_graph` (build edges plus the runtime edges priority
   calls strong), with the exact sets of step 1 plus, where hard cycles through runtime
   edges remain, the fewest more packages whose copies break them
   (:func:`bootorder.bootstrap.binding.runtime_feedback`: a minimum subset feedback vertex set,
   hitting the hard cycles only, given step 1's, in ``BootstrapPlan.through_runtime``);
   a redirected edge is one that would close a cycle of binding edges.

5. ``IDEPEND`` (install-time: ``pkg_preinst``/``pkg_postinst`` run on the build host)
   is, like ``BDEPEND``, something the build host provides, not a dependency of the
   installed result, so a bootstrap copy built by the host's tools can serve it: a
   strong ``IDEPEND`` edge into a member of the sets above is taken over like a build
   edge (redirected only when keeping it closes a cycle). The corpus's ``perl RDEPEND
   virtual/libcrypt:=``, ``… RDEPEND glibc``, ``glibc IDEPEND locale-gen``,
   ``locale-gen RDEPEND perl`` gets ``bootstrap-locale-gen``. A cycle through an
   ``IDEPEND`` edge whose edges are all soft is not hard (emerge merges it as a group)
   and gets no copy.

``RDEPEND`` and ``PDEPEND`` edges are never redirected, nor is any edge of a target-root
package into a copy, so nothing in the final system depends on a bootstrap package
(:func:`bootstrap_dependents` checks it; a host-root ``IDEPEND`` edge to a copy is an
install-time need on the build host). The hard build graph of the result has no cycle,
and :func:`bootorder.order.schedule.build_order` finds no hard cycle in it that holds a build
or a strong ``IDEPEND`` edge (:func:`remaining_hard_cycles` counts the rest: cycles
left to USE changes, or hard only through a ``:=`` ``RDEPEND``/``PDEPEND`` edge, which
no bootstrap copy can take over).

>>> g = DepGraph()
>>> xz = g.add_package("app-arch/xz-utils-5.8", "host")
>>> elt = g.add_package("app-portage/elt-patches-2025", "host")
>>> g.add_dep(xz, elt, "BDEPEND", atom="app-portage/elt-patches")
>>> g.add_dep(elt, xz, "BDEPEND", atom="app-arch/xz-utils")
>>> plan = synthesize_bootstrap(g)
>>> [p.key.cpv for p in plan.packages]
['app-arch/bootstrap-xz-utils-5.8']
>>> [k.cpv for k in plan_order(plan)]
['app-arch/bootstrap-xz-utils-5.8', 'app-portage/elt-patches-2025', 'app-arch/xz-utils-5.8']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

import networkx as nx

from ..core.depclass import IN_ROOT
from ..graph.depgraph import DepGraph, Edge, NodeKey
from ..graph.projection import edge_key
from .binding import (
    binding_graph,
    cycles_broken,
    cyclic_components,
    hard_build_edge as _hard,
    hard_components,
    runtime_feedback,
    takeover_edges,
)
from .copies import add_bootstrap_node, differs, edge_rank, move_edge, wire_bootstraps
from .feedback import DEFAULT_BUDGET, minimum_feedback_vertex_set


@dataclass(frozen=True, slots=True)
class FeedbackSet:
    """A feedback vertex set of one strongly connected component.

    ``exact`` says whether ``nodes`` is proven minimum; ``lower_bound`` is a proven
    lower bound on the minimum size (equal to ``len(nodes)`` when exact).
    """

    component: tuple[NodeKey, ...]
    nodes: tuple[NodeKey, ...]
    exact: bool
    lower_bound: int

    def to_json(self) -> dict:
        return {"component": [k.cpv for k in self.component],
                "root": sorted({k.root for k in self.component}),
                "feedback_set": [k.cpv for k in self.nodes],
                "exact": self.exact, "lower_bound": self.lower_bound}


@dataclass(frozen=True, slots=True)
class BootstrapPackage:
    """One synthesized ``bootstrap-*`` node and why it exists."""

    key: NodeKey
    real: NodeKey
    cycle: tuple[NodeKey, ...]
    differs: tuple[str, ...]
    dropped: tuple[Edge, ...]
    used_by: tuple[NodeKey, ...]

    def to_json(self) -> dict:
        return {"cpv": self.key.cpv, "root": self.key.root, "real": self.real.cpv,
                "breaks_cycle": [k.cpv for k in self.cycle] + [self.cycle[0].cpv],
                "differs": list(self.differs),
                "dropped": [e.to_json() for e in self.dropped],
                "used_by": [k.cpv for k in self.used_by]}


@dataclass(frozen=True, slots=True)
class BootstrapPlan:
    """The result of :func:`synthesize_bootstrap`: a new graph and what was made up."""

    graph: DepGraph
    scope: str
    feedback: tuple[FeedbackSet, ...]
    packages: tuple[BootstrapPackage, ...]
    redirected: tuple[Edge, ...]
    use_changes: tuple = ()
    breakable: Callable[[DepGraph, Edge], bool] = field(default=None, compare=False,
                                                        repr=False)
    through_runtime: tuple[FeedbackSet, ...] = ()

    def to_json(self) -> dict:
        return {"scope": self.scope,
                "use_changes": [str(f) for f in self.use_changes],
                "feedback_sets": [f.to_json() for f in self.feedback],
                "feedback_sets_through_runtime": [f.to_json() for f in self.through_runtime],
                "bootstrap": [p.to_json() for p in self.packages],
                "redirected": [e.to_json() for e in self.redirected],
                "order": [{"cpv": k.cpv, "root": k.root,
                           "synthetic": self.graph.node(k)["synthetic"]}
                          for k in plan_schedule(self)[0]],
                "left_to_use_changes": [e.to_json() for e in plan_schedule(self)[1]],
                "final_depends_on_bootstrap": [e.to_json() for e in bootstrap_dependents(self)],
                "remaining_hard_cycles": remaining_hard_cycles(self)}


def use_breakable(graph: DepGraph, edge: Edge) -> bool:
    """Whether a USE change or another any-of alternative could remove ``edge``.

    A USE conditional counts when one of its flags is in the dependent's IUSE (its
    ``use`` or ``use_disabled``): flags outside IUSE (``elibc_glibc``, ``kernel_linux``,
    arch flags) come from the profile, not from a choice.

    >>> g = DepGraph()
    >>> a = g.add_package("a/b-1", "host", use=frozenset({"nls"}))
    >>> g.add_dep(a, g.add_package("c/d-1", "host"), "BDEPEND", atom="c/d", use=("nls",))
    >>> g.add_dep(a, g.add_package("c/e-1", "host"), "DEPEND", atom="c/e", use=("elibc_glibc",))
    >>> [use_breakable(g, e) for e in g.edges()]
    [True, False]
    """
    d = graph.node(edge.source)
    iuse = d["use"] | d["use_disabled"]
    return any(flag.lstrip("!") in iuse for flag in edge.use) or bool(edge.not_taken)


def never(graph: DepGraph, edge: Edge) -> bool:
    """A ``breakable`` predicate that calls every build edge hard."""
    return False


SCOPES = {"unbreakable": use_breakable, "all": never}
"""Scope names of :func:`synthesize_bootstrap` and the edges each leaves out."""


def hard_build_graph(graph: DepGraph,
                     breakable: Callable[[DepGraph, Edge], bool] = use_breakable
                     ) -> nx.DiGraph:
    """The simple digraph of hard build edges (dependent → dependency).

    Edges of a build class to a package that is not installed and that ``breakable``
    does not excuse. Every node of ``graph`` is present.
    """
    hard = nx.DiGraph()
    hard.add_nodes_from(graph.nodes())
    for e in graph.edges():
        if _hard(graph, e, breakable):
            hard.add_edge(e.source, e.dep)
    return hard


def synthesize_bootstrap(graph: DepGraph, scope: str = "unbreakable",
                         compiler: str = "sys-devel/gcc",
                         forced: Mapping[NodeKey, frozenset[str]] | None = None,
                         budget: int = DEFAULT_BUDGET,
                         use_changes: Iterable | None = None) -> BootstrapPlan:
    """Break every hard build cycle of ``graph`` with ``bootstrap-*`` packages.

    Parameters
    ----------
    graph
        A resolved graph (not changed).
    scope
        ``"unbreakable"``: only cycles no USE change breaks; ``"all"``: every build
        cycle (``use_changes`` ignored).
    compiler
        ``cat/pkg`` of the compiler (its bootstrap copy is C only).
    forced
        Flags the profile forces per package (they survive ``-*``); without it a USE
        conditional holds for a bootstrap copy only on ``build`` or on a flag outside
        the package's IUSE (arch, ELIBC, KERNEL flags keep their resolved value).
    budget
        Search budget of the exact feedback-vertex-set search, per component.
    use_changes
        USE changes of cpvs (:class:`~bootorder.core.usechange.UseChange`, as
        :func:`bootorder.usechange.suggestion.suggest_use` gives them) applied before: the
        edges they remove are not part of the hard build graph. ``None``:
        :func:`use_breakable` decides.

    Returns
    -------
    BootstrapPlan
        A new graph with the bootstrap nodes and redirected edges, the feedback sets,
        the bootstrap packages and the redirected edges (as they were).

    Notes
    -----
    See the module docstring. Cost is dominated by the feedback-vertex-set search.
    """
    flips = tuple(use_changes or ()) if scope != "all" else ()
    breakable = removed_by(flips) if use_changes is not None and scope != "all" \
        else scope_predicate(scope)
    hard = hard_build_graph(graph, breakable)
    out = graph.copy()
    feedback, packages, redirected, extra = [], [], [], []
    chosen: set[NodeKey] = set()
    for comp in cyclic_components(hard):
        sub = hard.subgraph(comp)
        nodes, exact, lower = minimum_feedback_vertex_set(
            sub, _prefer(graph, sub, breakable), budget)
        feedback.append(FeedbackSet(comp, nodes, exact, lower))
        chosen.update(nodes)
    binding = binding_graph(graph, breakable)
    for comp in hard_components(binding):
        sub = binding.subgraph(comp)
        fvs = sorted(chosen.intersection(comp))
        more, exact, lower = runtime_feedback(sub, fvs, _prefer(graph, sub, breakable), budget)
        if more:
            extra.append(FeedbackSet(comp, more, exact, lower))
        made, moved = _break_component(graph, out, sub, cycles_broken(hard, sub, fvs, more),
                                       breakable, compiler, forced or {})
        packages += made
        redirected += moved
    return BootstrapPlan(out, scope, tuple(feedback),
                         tuple(sorted(packages, key=lambda p: p.key)),
                         tuple(sorted(redirected, key=edge_key)),
                         tuple(sorted(flips, key=str)), breakable, tuple(extra))


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


def _prefer(graph: DepGraph, sub: nx.DiGraph, breakable) -> Callable[[frozenset], tuple]:
    """Preference among minimum sets: fewest link-time uses, most dependents, names."""
    def prefer(nodes: frozenset) -> tuple:
        uses = [e for v in nodes for e in graph.in_edges(v)
                if e.source in sub and _hard(graph, e, breakable)]
        return (sum(e.cls == "DEPEND" for e in uses), -len({(e.source, e.dep) for e in uses}),
                sorted(nodes))
    return prefer


def _takeover_rank(e: Edge) -> tuple:
    """Which edges into a copied package keep the real one first: build edges (what
    the real package builds), then ``IDEPEND`` ones, each by :func:`edge_rank`."""
    return (e.cls == "IDEPEND",) + edge_rank(e)


def _break_component(graph: DepGraph, out: DepGraph, sub: nx.DiGraph, cycles: dict,
                     breakable, compiler: str, forced: Mapping
                     ) -> tuple[list, list]:
    """Add the bootstrap nodes of one binding component to ``out``; redirect what must be.

    An in-component build or strong ``IDEPEND`` edge into a member of ``fvs``
    (:func:`bootorder.bootstrap.binding.takeover_edges`) keeps its real dependency unless that
    closes a cycle of binding edges (for a build edge a hard cycle); then it points at
    the bootstrap copy. Pairs that also hold a ``RDEPEND``/``PDEPEND`` edge stay.
    """
    comp, fvs = set(sub.nodes), sorted(cycles)
    boot = {v: add_bootstrap_node(graph, out, v, compiler) for v in fvs}
    into = takeover_edges(graph, breakable, fvs, comp)
    binding = binding_graph(out, breakable)
    acyclic = nx.DiGraph(binding)
    acyclic.remove_edges_from([(e.source, e.dep) for e in into
                               if not binding.edges[e.source, e.dep]["rest"]])
    kept: set[tuple[NodeKey, NodeKey]] = set()
    moved = []
    for e in sorted(into, key=_takeover_rank):
        pair = (e.source, e.dep)
        if pair in kept or (e.source != e.dep and not nx.has_path(acyclic, e.dep, e.source)):
            acyclic.add_edge(*pair)
            kept.add(pair)
            continue
        move_edge(out, e, boot[e.dep])
        acyclic.add_edge(e.source, boot[e.dep])
        moved.append(e)
    dropped = wire_bootstraps(graph, out, acyclic, boot, comp, forced)
    made = [_describe(graph, out, v, boot[v], cycles[v], comp, dropped[v],
                      moved, frozenset(forced.get(v, ()))) for v in fvs]
    return made, moved


def _describe(graph: DepGraph, out: DepGraph, v: NodeKey, b: NodeKey, cycle: list,
              comp: set, dropped: list[Edge], moved: list[Edge], forced: frozenset[str]
              ) -> BootstrapPackage:
    c_only = "C only" in out.node(b)["synthetic"]
    return BootstrapPackage(b, v, tuple(cycle),
                            differs(graph, v, c_only, dropped, comp, forced),
                            tuple(sorted(dropped, key=edge_key)),
                            tuple(sorted({e.source for e in moved if e.dep == v})))


def scope_predicate(scope: str) -> Callable[[DepGraph, Edge], bool]:
    """The ``breakable`` predicate of a scope name (``"unbreakable"`` or ``"all"``)."""
    if scope not in SCOPES:
        raise ValueError(f"unknown bootstrap scope {scope!r}; expected one of {sorted(SCOPES)}")
    return SCOPES[scope]


def plan_schedule(plan: BootstrapPlan) -> tuple[list[NodeKey], list[Edge]]:
    """The plan's packages, dependencies first, and the build edges it leaves to USE.

    Every build edge to a package not installed is respected, except edges the plan's
    USE changes remove (or, without them, a USE change could remove) that still close
    a cycle: those are returned. Ties break on the sorted node keys.
    """
    g = plan.graph
    loose = plan.breakable or scope_predicate(plan.scope)
    dag = nx.DiGraph()
    dag.add_nodes_from(g.nodes())
    left = []
    hard = [e for e in g.edges() if _hard(g, e, never)]
    for e in sorted(hard, key=lambda e: (loose(g, e), edge_key(e))):
        if e.source != e.dep and not (dag.has_node(e.dep) and nx.has_path(dag, e.dep, e.source)):
            dag.add_edge(e.source, e.dep)
        elif loose(g, e):
            left.append(e)
        else:
            raise ValueError(f"hard build cycle left through {e.source.cpv} -> {e.dep.cpv}")
    return list(nx.lexicographical_topological_sort(dag.reverse(copy=False))), left


def plan_order(plan: BootstrapPlan) -> list[NodeKey]:
    """The plan's packages, dependencies first (see :func:`plan_schedule`)."""
    return plan_schedule(plan)[0]


def applied_graph(plan: BootstrapPlan) -> DepGraph:
    """The plan's graph without the edges its USE changes remove (a new graph).

    The same graph when the plan has no USE changes.
    """
    if not plan.use_changes:
        return plan.graph
    gone = removed_by(plan.use_changes)
    result = plan.graph.copy()
    for e in plan.graph.edges():
        if gone(plan.graph, e):
            result.nx.remove_edge(e.source, e.dep, e.key)
    return result


def remaining_hard_cycles(plan: BootstrapPlan) -> int:
    """How many hard cycles :func:`bootorder.order.schedule.build_order` still finds in the plan
    (its :func:`applied_graph`): 0 unless a cycle is left to a USE change the plan does
    not make, or no bootstrap copy can break it (no build or strong ``IDEPEND`` edge,
    hard only through a ``:=`` ``RDEPEND``/``PDEPEND`` edge). Counted up to
    :mod:`bootorder.order.cycles`' caps; at least the number of hard components.
    """
    from ..order.cycles import find_cycles
    found = find_cycles(applied_graph(plan), scope="hard")
    return max(len(found.cycles), len(found.hard_components))


def bootstrap_dependents(plan: BootstrapPlan) -> list[Edge]:
    """Edges through which the final system would depend on a bootstrap package.

    An edge from a real package to a bootstrap node that is of a runtime class
    (:data:`bootorder.core.depclass.IN_ROOT`: ``RDEPEND``, ``PDEPEND``; an ``IDEPEND`` is
    needed on the build host, where a copy may serve it) or leaves the ``target`` root
    (what the final system is). A host-root ``IDEPEND`` edge to a copy is allowed: an
    install-time need on the build host. Bootstrap packages may
    need each other. Empty for every plan
    :func:`synthesize_bootstrap` makes unless a target-root package is in a hard build
    cycle of its own root.
    """
    g = plan.graph
    boot = {p.key for p in plan.packages}
    return sorted((e for e in g.edges() if e.dep in boot and e.source not in boot and (
        e.cls in IN_ROOT or e.source.root == "target")), key=edge_key)


def bootstrap_for(config, targets, *, host: str = "empty", implicit: bool = True,
                  scope: str = "unbreakable", reporter=None) -> BootstrapPlan:
    """Resolve ``targets`` under ``config`` and synthesize the bootstrap packages.

    What ``bootorder bootstrap`` does. With scope ``"unbreakable"`` the smallest USE
    changes the profile allows (:func:`bootorder.usechange.suggestion.suggest_use` with
    :func:`bootorder.usechange.constraints.config_constraints`) are applied first, so only
    cycles no USE change breaks get bootstrap packages and the plan has no cycle. The
    profile's forced flags shape the bootstrap copies (:func:`forced_flags`).
    """
    from ..core.reporter import NULL_REPORTER
    from ..resolver.resolution import resolve
    graph = resolve(config, list(targets), host=host, implicit=implicit,
                    reporter=reporter or NULL_REPORTER)
    return plan_for_graph(graph, config, scope)


def plan_for_graph(graph: DepGraph, config, scope: str = "unbreakable") -> BootstrapPlan:
    """:func:`bootstrap_for`'s plan of a graph already resolved under ``config``."""
    return synthesize_bootstrap(graph, scope=scope, forced=forced_flags(config, graph),
                                use_changes=allowed_use_changes(graph, config)
                                if scope == "unbreakable" else None)


def allowed_use_changes(graph: DepGraph, config) -> tuple:
    """The flips :func:`bootorder.usechange.suggestion.suggest_use` proposes under ``config``."""
    from ..usechange.constraints import config_constraints
    from ..usechange.suggestion import suggest_use
    return suggest_use(graph, config_constraints(graph, config)).flips


def forced_flags(config, graph: DepGraph) -> dict[NodeKey, frozenset[str]]:
    """The flags ``config``'s profile forces on each package of ``graph`` (for ``forced``).

    Nodes whose package is not in ``config.tree`` (synthetic, installed-only) get none.
    """
    result = {}
    for key in graph.nodes():
        d = graph.node(key)
        found = [p for p in config.tree.versions(d["cp"])
                 if p.cpv == key.cpv and (d["repo"] is None or p.repo == d["repo"])]
        if found:
            result[key] = frozenset(config.use_force(found[-1]))
    return result


