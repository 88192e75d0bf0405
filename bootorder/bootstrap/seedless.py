"""A build without a seed: the packages to pre-build into ``/``, in order, and the stage
they let emerge build.

:func:`seedless_bootstrap` takes a stage resolved on a build host that lacks the tree's
packages (``--host empty`` or a partial ``vdb:PATH``) and chooses, with the model of
:mod:`bootorder.bootstrap.prebuild`, the packages to build first into ``/`` with their
reduced USE (:mod:`bootorder.bootstrap.reduced`), each one a ``bootstrap-<pn>`` step:

1. the fewest packages for which emerge builds the stage, counting only the metadata's
   edges (emerge's view under ``--implicit-system-deps=n``);
2. with the implicit toolchain model, the fewest more that its edges need (one of
   them may break a cycle of step 1 too: a package then needed by neither model is
   dropped). A package whose absence leaves emerge's model acyclic is there for the
   implicit model only: it names the implicit edges of the cycle it breaks
   (:attr:`PrebuiltStep.implicit`, :func:`reasons`).

Among minimum sets, the one whose reduced builds need least from the host outside the
tree wins (then names). The steps are ordered so that each one's build needs within the
set come first (:func:`step_order`: a metadata edge is kept before an implicit one,
``BDEPEND`` before ``DEPEND``; an edge that would close a cycle is left to the host),
and the stage graph after them (:attr:`SeedlessBootstrap.stage`) is what emerge then
builds: the pre-built packages installed in ``/``, what only they pulled in gone.

>>> g = DepGraph()
>>> top = g.add_package("app-misc/top-1", "target", target=True)
>>> gcc = g.add_package("sys-devel/gcc-15", "host", use=frozenset({"cxx"}))
>>> libc = g.add_package("sys-libs/glibc-2.43", "host")
>>> for src, dep, cls in ((top, gcc, "BDEPEND"), (top, libc, "DEPEND"),
...                       (gcc, libc, "DEPEND"), (libc, gcc, "BDEPEND")):
...     g.add_dep(src, dep, cls, atom=dep.cpv.rsplit("-", 1)[0])
>>> found = seedless_bootstrap(g)
>>> [(s.name, sorted(s.reduced.use), s.rebuilt) for s in found.steps]
[('bootstrap-gcc', [], False)]
>>> [k.cpv for k in found.merges()]
['sys-libs/glibc-2.43', 'app-misc/top-1']
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

import networkx as nx

from ..core.depclass import BUILD_TIME, IN_ROOT
from ..core.display import HtmlDisplay
from ..core.gcpause import paused_gc
from ..graph.depgraph import DepGraph, Edge, NodeKey, edge_value
from ..graph.projection import edge_key
from ..order.schedule import merge_order
from ..syntax.version import cp_of
from .copies import bootstrap_cpv, edge_rank
from .feedback import DEFAULT_BUDGET
from .prebuild import Stage, StageState, choosable, minimum_prebuilt
from .reduced import ReducedBuild, reduced_build
from .stage import StageFacts, rotated

__all__ = ["PrebuiltStep", "SeedlessBootstrap", "seedless_bootstrap", "reduced_builds",
           "step_order", "step_names", "build_needs", "reasons", "implicit_edges", "stage_graph",
           "HOST_TOOLS"]

HOST_TOOLS = "a POSIX shell, make, a C compiler and binutils"
"""What every ``--nodeps`` step expects from the build host, whatever its metadata says."""

NEEDED_TO_BUILD = BUILD_TIME | {"IDEPEND"}
"""The classes a step needs in ``/`` to build and install (``IDEPEND``: its
``pkg_postinst`` runs there)."""


@dataclass(frozen=True, slots=True)
class PrebuiltStep:
    """One package pre-built into ``/`` (a ``bootstrap-<pn>`` step).

    ``cycle``: the hard cycle it breaks (dependent → dependency); ``implicit``: the
    implicit-model edges that require it (empty when emerge needs it); ``needs``: its
    build needs that earlier steps provide; ``host_needs``: those the host provides
    outside the tree; ``rebuilt``: the stage builds the package again into the target
    root; ``served``: the stage's dependencies on it it meets; ``dropped``: its own
    dependencies it goes without (turned off, or left to the host); ``title``: the
    step's name when another step's package has the same name (:func:`step_names`).
    """

    key: NodeKey
    reduced: ReducedBuild
    cycle: tuple[NodeKey, ...]
    implicit: tuple[Edge, ...] = ()
    needs: tuple[NodeKey, ...] = ()
    host_needs: tuple[str, ...] = ()
    rebuilt: bool = False
    served: tuple[Edge, ...] = ()
    dropped: tuple[Edge, ...] = ()
    title: str = ""

    @property
    def name(self) -> str:
        """``bootstrap-<pn>``: the step's name (or ``title``)."""
        return self.title or "bootstrap-" + cp_of(self.key.cpv).partition("/")[2]

    @property
    def cpv(self) -> str:
        """The cpv of the ``bootstrap-*`` copy the step stands for."""
        return bootstrap_cpv(self.key.cpv)

    def differs(self) -> tuple[str, ...]:
        """How the step's build differs from the stage's build of the package."""
        lines = ["built by the host's tools into / before the stage (emerge --oneshot "
                 "--nodeps), from what / already has"]
        languages = [f.flag for f in self.reduced.off if not f.pulls and self.reduced.c_only]
        if self.reduced.c_only:
            lines.append("C only (crossdev's first compiler pass)"
                         + (": USE " + " ".join(f"-{x}" for x in languages) if languages else ""))
        lines += [f"USE {f.text()}: " + ", ".join(f.pulls)
                  for f in self.reduced.off if f.pulls]
        lines += [f"USE {flag} kept ({why}) although it pulls in what / lacks"
                  for flag, why in self.reduced.kept]
        if not self.reduced.off:
            lines.append("otherwise the stage's USE" if self.reduced.kept
                         else "the stage's USE")
        return tuple(lines)

    def host_tools(self, compiler: str = "sys-devel/gcc",
                   binutils: str = "sys-devel/binutils") -> str:
        """What the build host provides to every ``--nodeps`` step, less what an
        earlier step built (:data:`HOST_TOOLS`)."""
        built = {cp_of(k.cpv) for k in self.needs}
        tools = ["a POSIX shell", "make"]
        tools += [] if compiler in built else ["a C compiler"]
        tools += [] if binutils in built else ["binutils"]
        return ", ".join(tools[:-1]) + " and " + tools[-1]

    def to_json(self) -> dict:
        return {"cpv": self.cpv, "root": self.key.root, "real": self.key.cpv,
                "breaks_cycle": [k.cpv for k in self.cycle + self.cycle[:1]],
                "differs": list(self.differs()),
                "dropped": [e.to_json() for e in self.dropped],
                "used_by": sorted({e.source.cpv for e in self.served}),
                "name": self.name, "use": sorted(self.reduced.use),
                "reduced": self.reduced.to_json(),
                "implicit": [e.to_json() for e in self.implicit],
                "needs": [k.cpv for k in self.needs], "host_needs": list(self.host_needs),
                "rebuilt_by_stage": self.rebuilt}


@dataclass(frozen=True, slots=True)
class SeedlessBootstrap(HtmlDisplay):
    """What :func:`seedless_bootstrap` found.

    ``graph``: the stage as resolved; ``stage``: the stage after the steps (pre-built
    packages installed in the host root, what only they pulled in gone);
    ``emerge_stage``: the same as emerge sees it, the implicit edges left out (what the
    stage's ``emerge --implicit-system-deps=n`` merges);
    ``steps``: in the order they run; ``exact``: both searches proved minimum;
    ``components``: the host root's hard components before; ``left``: hard cycles no
    step breaks (outside the host root); ``reduced``: the reduced build of every
    package that may be pre-built (the USE a step would give it in ``/``).
    """

    graph: DepGraph
    emerge_stage: DepGraph
    steps: tuple[PrebuiltStep, ...]
    exact: bool
    components: tuple[tuple[NodeKey, ...], ...]
    left: tuple[tuple[NodeKey, ...], ...] = ()
    scope: str = "all"
    use_changes: tuple = ()
    reduced: Mapping[NodeKey, ReducedBuild] = field(default_factory=dict, compare=False)
    state: StageState | None = field(default=None, compare=False, repr=False)
    _merges: list = field(default_factory=list, compare=False, repr=False)  # stage_order's

    @property
    def stage(self) -> DepGraph:
        """The stage after the steps (a new graph each time: see the class docstring)."""
        return stage_graph(self.graph, self.state, self.reduced)

    @property
    def emerge_steps(self) -> tuple[PrebuiltStep, ...]:
        """The steps emerge needs (no implicit edge requires them)."""
        return tuple(s for s in self.steps if not s.implicit)

    def merges(self) -> list[NodeKey]:
        """What the stage's emerge builds after the steps (:attr:`emerge_stage`), in
        :func:`~bootorder.order.schedule.build_order`'s order."""
        return [k for k in self.stage_order() if not self.emerge_stage.node(k)["installed"]]

    def stage_order(self) -> list[NodeKey]:
        """:func:`~bootorder.order.schedule.merge_order` of :attr:`emerge_stage` (found
        once)."""
        if not self._merges:
            self._merges.append(merge_order(self.emerge_stage))
        return list(self._merges[0])

    def to_json(self) -> dict:
        """``bootorder bootstrap``'s JSON: the keys of the copy-based plan it replaces
        (``feedback_sets``, ``bootstrap``, ``redirected``, ``order`` ...) and
        ``steps_emerge_needs``, ``steps_implicit``, ``exact``."""
        order = [{"cpv": s.cpv, "root": s.key.root,
                  "synthetic": f"bootstrap copy of {s.key.cpv}: step {s.name}"}
                 for s in self.steps]
        order += [{"cpv": k.cpv, "root": k.root, "synthetic": None} for k in self.merges()]
        return {"scope": self.scope, "use_changes": [str(f) for f in self.use_changes],
                "feedback_sets": self._feedback_json(),
                "feedback_sets_through_runtime": [],
                "bootstrap": [s.to_json() for s in self.steps],
                "redirected": [e.to_json() for s in self.steps for e in s.served],
                "order": order, "left_to_use_changes": [],
                "final_depends_on_bootstrap": [e.to_json() for e in self.final_dependents()],
                "remaining_hard_cycles": len(self.left),
                "exact": self.exact,
                "steps_emerge_needs": [s.name for s in self.emerge_steps],
                "steps_implicit": [s.name for s in self.steps if s.implicit]}

    def _feedback_json(self) -> list[dict]:
        out = []
        for comp in self.components:
            members = set(comp)
            chosen = [s.key.cpv for s in self.steps if s.key in members
                      or members.intersection(s.cycle)]
            out.append({"component": [k.cpv for k in comp], "root": ["host"],
                        "feedback_set": sorted(set(chosen)), "exact": self.exact,
                        "lower_bound": len(set(chosen)) if self.exact else 0})
        return out

    def final_dependents(self) -> list[Edge]:
        """Runtime edges of the target root served by a pre-built package: always
        empty (a pre-built package lives in ``/``); kept as a check."""
        keys = {s.key for s in self.steps}
        return sorted((e for s in self.steps for e in s.served
                       if e.source.root == "target" and e.cls in IN_ROOT and e.dep in keys),
                      key=edge_key)


def reduced_builds(graph: DepGraph, config=None, compiler: str = "sys-devel/gcc"
                   ) -> dict[NodeKey, ReducedBuild]:
    """The reduced build of every package of ``graph`` that may be pre-built, with the
    profile's forced flags and ``REQUIRED_USE`` when ``config`` is given."""
    out = {}
    for key in graph.nodes():
        if choosable(graph, key):
            forced, required = _package_facts(config, graph, key)
            out[key] = reduced_build(graph, key, compiler=compiler, forced=forced,
                                     required_use=required)
    return out


def _package_facts(config, graph: DepGraph, key: NodeKey):
    """``(forced flags, parsed REQUIRED_USE or None)`` of a node under ``config``."""
    if config is None:
        return frozenset(), None
    from ..syntax.parse import parse_required_use
    from ..usechange.checks import package_of
    pkg = package_of(config, graph, key)
    if pkg is None:
        return frozenset(), None
    text = pkg.get("REQUIRED_USE").strip()
    return frozenset(config.use_force(pkg)), parse_required_use(text, pkg.eapi) if text else None


def build_needs(graph: DepGraph, key: NodeKey, reduced: ReducedBuild
                ) -> list[tuple[Edge, NodeKey]]:
    """What the reduced build of ``key`` needs in ``/`` to build and install: ``(edge of
    key, package)`` for its :data:`NEEDED_TO_BUILD` edges whose condition names no flag
    it turns off, a virtual seen through to the packages it selects."""
    off = {f.flag for f in reduced.off}
    out = []
    for target, keyed in graph.out_raw(key).items():
        for k, d in keyed.items():
            if d["class"] not in NEEDED_TO_BUILD or off.intersection(d["use"]):
                continue
            first = edge_value(key, target, k, d)
            seen, stack = {key}, [target]
            while stack:
                dep = stack.pop()
                if dep in seen:
                    continue
                seen.add(dep)
                if graph.node(dep)["cp"].startswith("virtual/"):
                    stack += [v for v, by in graph.out_raw(dep).items()
                              if any(e["class"] in IN_ROOT for e in by.values())]
                else:
                    out.append((first, dep))
    return sorted(out, key=lambda pair: (edge_key(pair[0]), pair[1], pair[0].key))


def step_order(chosen, needs: Mapping[NodeKey, list[tuple[Edge, NodeKey]]]
               ) -> tuple[list[NodeKey], set[tuple[NodeKey, NodeKey]]]:
    """The chosen packages with each one's needs among them first, and the needs left
    to the host to avoid a cycle (module docstring).

    >>> from bootorder.graph.depgraph import Edge
    >>> a, b = NodeKey("x/a-1", "host"), NodeKey("x/b-1", "host")
    >>> def edge(u, v, implicit):
    ...     return Edge(u, v, 0, "BDEPEND", "host", (), v.cpv, None, (), None, implicit)
    >>> step_order([a, b], {a: [(edge(a, b, True), b)], b: [(edge(b, a, False), a)]})
    ([NodeKey(cpv='x/a-1', root='host'), NodeKey(cpv='x/b-1', root='host')], {(NodeKey(cpv='x/a-1', root='host'), NodeKey(cpv='x/b-1', root='host'))})
    """
    dag = nx.DiGraph()
    dag.add_nodes_from(chosen)
    left = set()
    wanted = sorted(((edge_rank(e), v, dep) for v in chosen for e, dep in needs[v]
                     if dep in dag and dep != v), key=lambda t: t[0])
    for _, v, dep in wanted:
        if dag.has_edge(v, dep):
            continue
        if nx.has_path(dag, dep, v):
            left.add((v, dep))
        else:
            dag.add_edge(v, dep)
    return list(nx.lexicographical_topological_sort(dag.reverse(copy=False))), left


def seedless_bootstrap(graph: DepGraph, config=None, *, compiler: str = "sys-devel/gcc",
                       budget: int = DEFAULT_BUDGET, scope: str = "all",
                       use_changes: tuple = ()) -> SeedlessBootstrap:
    """The ``bootstrap-*`` steps for ``graph`` (a stage resolved with the host it has)
    and the stage they leave (module docstring); ``config`` gives the forced flags
    and ``REQUIRED_USE`` of the reduced builds; ``scope`` and ``use_changes`` are
    recorded (the USE changes are already in ``graph``)."""
    with paused_gc():  # many long-lived values, next to no garbage: see core.gcpause
        return _seedless(graph, config, compiler, budget, scope, use_changes)


def _seedless(graph, config, compiler, budget, scope, use_changes) -> SeedlessBootstrap:
    reduced = reduced_builds(graph, config, compiler)
    needs = {k: build_needs(graph, k, r) for k, r in reduced.items()}
    prefer = _prefer(needs)
    facts = StageFacts(graph, reduced)
    metadata = Stage(graph, reduced, lambda d: not d["implicit"], facts)
    first = minimum_prebuilt(metadata, prefer=prefer, budget=budget)
    full = Stage(graph, reduced, shared=facts)
    del facts
    found = minimum_prebuilt(full, required=first.nodes, prefer=prefer, budget=budget)
    why = reasons(full, metadata, found.nodes)
    state = full.state(why)
    steps = _steps(graph, why, reduced, needs, state)
    emerge_stage = stage_graph(graph, metadata.state(why), reduced, lambda d: not d["implicit"])
    return SeedlessBootstrap(graph, emerge_stage, tuple(steps), first.exact and found.exact,
                             _host_components(full), _left(full, state), scope,
                             tuple(use_changes), reduced, state)


def _prefer(needs) -> Callable[[frozenset], tuple]:
    """Among minimum sets: the fewest build needs left to the host, then names."""
    def prefer(nodes: frozenset) -> tuple:
        return (sum(1 for v in nodes for _, dep in needs[v] if dep not in nodes),
                sorted(nodes))
    return prefer


def reasons(full: Stage, metadata: Stage, chosen
            ) -> dict[NodeKey, tuple[tuple[NodeKey, ...], bool]]:
    """Why each chosen package is pre-built: ``{v: (cycle, emerge)}``, the hard cycle
    left without it, of the metadata's edges when emerge needs it (``emerge``), else
    of the implicit model's. A package neither needs (another choice of the implicit
    pass breaks its cycles too) is dropped, one at a time in sorted order."""
    chosen = frozenset(chosen)
    with_all = {stage: stage.state(chosen) for stage in (full, metadata)}
    for v in sorted(chosen):
        without = {stage: stage.near(state, chosen - {v}) for stage, state in with_all.items()}
        if all(_holds(stage, state) for stage, state in without.items()):
            chosen, with_all = chosen - {v}, without
    out = {}
    for v in sorted(chosen):
        without = {stage: stage.near(state, chosen - {v}) for stage, state in with_all.items()}
        emerge = not _holds(metadata, without[metadata])
        stage = metadata if emerge else full
        cycle = stage.hard_cycle(without[stage]) or []
        out[v] = (tuple(rotated(cycle, v)), emerge)
    return out


def _holds(stage: Stage, state: StageState) -> bool:
    return state.complete and stage.hard_cycle(state) is None


def _steps(graph, why, reduced, needs, state: StageState) -> list[PrebuiltStep]:
    order, left = step_order(sorted(why), needs)
    done: set[NodeKey] = set()
    rebuilt = {graph.node(k)["cp"] for k in state.alive - state.installed if k.root == "target"}
    steps = []
    for v in order:
        own = {dep for _, dep in needs[v] if dep in done and (v, dep) not in left}
        host = sorted({graph.node(dep)["cp"] for _, dep in needs[v]
                       if dep not in own and not graph.node(dep)["installed"]})
        served = [e for e in graph.in_edges(v) if e.source in state.alive]
        kept = {e for e, dep in needs[v] if dep in own} | {
            e for e in graph.edges(v) if graph.node(e.dep)["installed"]}
        cycle, emerge = why[v]
        steps.append(PrebuiltStep(
            v, reduced[v], cycle, () if emerge else implicit_edges(graph, cycle, state),
            tuple(sorted(own)), tuple(host), graph.node(v)["cp"] in rebuilt, tuple(served),
            tuple(e for e in graph.edges(v) if e not in kept)))
        done.add(v)
    names = step_names([s.key for s in steps])
    return [replace(s, title=names[s.key]) if names[s.key] != s.name else s for s in steps]


def step_names(keys) -> dict[NodeKey, str]:
    """Each package's step name: ``bootstrap-<pn>``; ``bootstrap-<category>-<pn>``
    when two packages share a name, ``bootstrap-<category>-<pf>`` when they share it
    too (two slots of one package).

    >>> step_names([NodeKey("app-arch/gzip-1.14", "host"), NodeKey("app-alternatives/gzip-1", "host"),
    ...             NodeKey("sys-devel/gcc-15", "host")]).values()
    dict_values(['bootstrap-app-arch-gzip', 'bootstrap-app-alternatives-gzip', 'bootstrap-gcc'])
    """
    def count(name_of) -> dict:
        names = [name_of(k) for k in keys]
        return {n: names.count(n) for n in names}

    def short(k):
        return "bootstrap-" + cp_of(k.cpv).partition("/")[2]

    def long(k):
        return "bootstrap-" + cp_of(k.cpv).replace("/", "-")

    def full(k):
        return "bootstrap-" + k.cpv.replace("/", "-")
    shorts, longs = count(short), count(long)
    return {k: short(k) if shorts[short(k)] == 1 else long(k) if longs[long(k)] == 1
            else full(k) for k in keys}


def implicit_edges(graph: DepGraph, cycle, state: StageState) -> tuple[Edge, ...]:
    """The implicit edges that make ``cycle`` exist: those along it, else those that
    pull its packages into the stage."""
    members = set(cycle)
    nxt = {cycle[i]: cycle[(i + 1) % len(cycle)] for i in range(len(cycle))}
    along = [e for v in cycle for e in graph.edges(v) if e.implicit and e.dep == nxt[v]]
    if along:
        return tuple(sorted(along, key=edge_key))
    return tuple(sorted((e for v in members for e in graph.in_edges(v)
                         if e.implicit and e.source in state.alive), key=edge_key))


def _host_components(stage: Stage) -> tuple[tuple[NodeKey, ...], ...]:
    return tuple(sorted(tuple(sorted(g)) for g in stage.groups if len(g) > 1))


def _left(stage: Stage, state: StageState) -> tuple[tuple[NodeKey, ...], ...]:
    host = stage.hard_cycle(state)
    return tuple(tuple(c) for c in stage.left_cycles(state)) + ((tuple(host),) if host else ())


def stage_graph(graph: DepGraph, state: StageState, reduced: Mapping[NodeKey, ReducedBuild],
                edge_filter: Callable[[Mapping], bool] | None = None) -> DepGraph:
    """``graph`` as emerge builds it once ``state.installed`` are in ``/`` (a new
    graph): those installed with their reduced USE and without dependencies, the
    packages the targets no longer reach gone (and the edges ``edge_filter`` refuses,
    judged on their stored attributes: :meth:`DepGraph.out_raw`)."""
    installed = state.installed
    gone = {k for k, done in graph.nx.nodes(data="installed") if not done and k not in state.alive}
    out = graph.copy_where(lambda k: k not in gone, lambda u, v, k, d: u not in installed and (
        edge_filter is None or edge_filter(d)))
    for v in installed:
        data = graph.node(v)
        iuse = data["use"] | data["use_disabled"]
        out.add_package(v.cpv, v.root, installed=True, use=reduced[v].use,
                        use_disabled=iuse - reduced[v].use)
    orphans = [k for k in out.nodes() if out.node(k)["installed"] and not out.nx.in_degree(k)
               and k not in state.installed]
    out.nx.remove_nodes_from(orphans)
    return out
