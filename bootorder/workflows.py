"""One function per command: open the tree, resolve, then analyse; values, never text.

The command line (:mod:`bootorder.cli`) turns arguments into a request, calls one
function here and renders what it returns with :mod:`bootorder.render`; scripts and
notebooks may call these functions too. Every function takes a ``reporter`` for
progress and problems and returns a :class:`Result` whose ``context`` says which tree,
profile, host model and targets were used (and how the tree and profile were chosen)
and whose ``problems`` are everything the answer could not use or satisfy: problems of
the data read on the way (each once) and of the resolved graph (unsatisfied
dependencies, blockers, REQUIRED_USE, USE dependencies). A problem of severity
``error`` makes the answer incomplete (``Result.complete``). A target, ``@set`` or
``--with`` atom that matches nothing raises
:class:`~bootorder.core.errors.NoMatchError` before anything is resolved.

>>> result = profile(TreeRequest())
>>> result.context.source, result.value.chain[-1]
('example', 'bootorder-example:default/linux/amd64')
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generic, TypeVar

from .config.configuration import STAGE1_USE, Config
from .config.locate import (
    announced_default_profile,
    host_arch,
    how_found,
    live_profile,
    live_system,
    locate,
)
from .config.profile import Profile
from .core.errors import BootorderError
from .core.problems import has_errors, sorted_problems
from .core.reporter import NULL_REPORTER, ProblemCollector, Reporter
from .core.usechange import UseChange
from .tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path

__all__ = ["TreeRequest", "ResolveRequest", "Context", "Result", "open_config",
           "configure", "targets_of", "resolve_request", "stage1", "order", "cycles",
           "cycles_with_changes", "explain", "graph", "profile", "parse", "cache",
           "toolchain"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TreeRequest:
    """Which tree and profile: repository paths (none: the portage configuration
    :func:`bootorder.config.locate.locate` finds, from ``config_root`` when given, else
    the embedded example) and ``REPO:PATH`` (none: the configuration's, or the host
    architecture's profiles.desc entry) and
    whether the persistent metadata cache is used."""

    repos: tuple[str, ...] = ()
    profile: str | None = None
    config_root: str | None = None
    cache: bool = True
    """Use the persistent metadata cache (:mod:`bootorder.tree.diskcache`)."""


@dataclass(frozen=True, slots=True)
class ResolveRequest:
    """What to resolve: targets (or catalyst's stage 1), the host model, the implicit
    toolchain model, ``--with`` changes and make.conf's ``USE`` (``--use``), on a tree."""

    tree: TreeRequest = TreeRequest()
    targets: tuple[str, ...] = ()
    stage1: bool = False
    host: str = "empty"
    implicit: bool = True
    changes: tuple[UseChange, ...] = ()
    sysroot: str = "/"
    host_profile: str | None = None
    use: str | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """The tree and profile a command used, how each was chosen (``"given"``,
    ``"live"``, ``"example"`` or ``"default"``), the repositories' names, and for a
    resolving command the host model, the targets actually resolved and whether the
    implicit toolchain model was on."""

    repos: tuple[str, ...]
    profile: str
    source: str
    profile_source: str
    repo_names: tuple[str, ...] = ()
    host: str | None = None
    targets: tuple[str, ...] = ()
    implicit: bool | None = None
    sysroot: str | None = None
    host_profile: str | None = None

    def resolving(self, request: ResolveRequest, targets) -> Context:
        """This context with the host model, targets, implicit setting, sysroot and host
        profile of a request."""
        return replace(self, host=request.host, targets=tuple(targets),
                       implicit=request.implicit, sysroot=request.sysroot,
                       host_profile=request.host_profile)

    def to_json(self) -> dict:
        """``{"repos", "repo_names", "profile", "source", "profile_source", "host",
        "targets", "implicit", "sysroot", "host_profile"}`` (host, targets, implicit and
        sysroot null/empty when nothing was resolved; host_profile null when the profile
        governs both roots)."""
        return {"repos": list(self.repos), "repo_names": list(self.repo_names),
                "profile": self.profile, "source": self.source,
                "profile_source": self.profile_source, "host": self.host,
                "targets": list(self.targets), "implicit": self.implicit,
                "sysroot": self.sysroot, "host_profile": self.host_profile}


@dataclass(frozen=True, slots=True)
class Result(Generic[T]):
    """A command's answer: ``value`` and its ``context``; ``graph`` and ``config``
    when one was resolved; ``extra`` holds further values by name; ``problems``
    what the answer could not use or satisfy (sorted, each once)."""

    value: T
    context: Context
    config: Config | None = None
    graph: object = None
    extra: dict = field(default_factory=dict)
    problems: tuple = ()

    @property
    def complete(self) -> bool:
        """No problem of severity ``error``: nothing the answer needed was left out."""
        return not has_errors(self.problems)


def _answer(result: Result, collector: ProblemCollector, *more, **changes) -> Result:
    """``result`` with ``changes`` and the problems of ``collector``, ``result`` and
    ``more`` (each once, sorted)."""
    found = [*result.problems, *collector.problems, *(p for group in more for p in group)]
    return replace(result, **changes, problems=sorted_problems(found))


def graph_problems(graph, config) -> tuple:
    """The problems of a resolved graph: its own (unsatisfied atoms, blockers, bad
    metadata) and those :func:`bootorder.usechange.checks.check_graph` finds
    (REQUIRED_USE, USE dependencies), each with a fix."""
    from .usechange.checks import check_graph
    return check_graph(graph, config).problems


# ---- tree, configuration and graph ----------------------------------------------------

def open_config(request: TreeRequest, reporter: Reporter = NULL_REPORTER,
                ) -> tuple[Config, Context]:
    """The configuration of the tree and profile ``request`` names."""
    repos, profile_name = list(request.repos), request.profile
    source, profile_source = "given", "given" if profile_name else "default"
    if not repos:
        location = locate(request.config_root)
        live = live_system(location, reporter)
        if live is not None:
            repos, source = list(live.repos), "live"
            if profile_name is None:
                profile_name, profile_source = live_profile(live), "live"
            reporter.note(f"using the portage configuration in {live.location.user_config} "
                          f"({how_found(live.location)}): repositories {', '.join(repos)}")
        else:
            repos, source = [str(example_repository_path())], "example"
            if profile_name is None:
                profile_name, profile_source = EXAMPLE_PROFILE, "example"
            reporter.note(f"no --repo and no portage configuration in "
                          f"{location.user_config}: using the embedded example ({repos[0]})")
    tree = Tree.open(repos, reporter, cache=_cache_location() if request.cache else None)
    if profile_name is None:
        profile_name = announced_default_profile(tree, reporter, host_arch())
    config = Config(tree, Profile.load(tree, profile_name, reporter), reporter=reporter)
    by_path = {str(r.path): r.name for r in tree.repos}
    names = tuple(by_path.get(str(Path(p).resolve()), Path(p).name) for p in repos)
    return config, Context(tuple(str(r) for r in repos), profile_name, source,
                           profile_source, names)


def _cache_location():
    from .tree.diskcache import location  # the cache's modules load only with a tree
    return location()


def configure(request: ResolveRequest, reporter: Reporter = NULL_REPORTER,
              ) -> tuple[Config, Config, Context]:
    """``(base, config, context)``: the configuration with make.conf's ``USE`` and stage
    1's USE when asked (``base``), and with the ``--with`` changes applied too
    (``config``). Targets and ``--with`` atoms that match nothing raise
    :class:`~bootorder.core.errors.NoMatchError`."""
    from .resolver.arguments import check_arguments
    base, context = open_config(request.tree, reporter)
    check_arguments(base, request.targets, request.changes)
    if request.use is not None:
        base = base.with_changes(make_conf_use=request.use)
    if request.stage1 and base.use_override is None:
        base = base.with_changes(use=STAGE1_USE)
    config = base.with_changes(use_changes=(*base.use_changes, *request.changes)) \
        if request.changes else base
    targets = targets_of(request) if request.targets or request.stage1 else ()
    return base, config, context.resolving(request, targets)


def targets_of(request: ResolveRequest) -> list[str]:
    """The targets, or catalyst's stage-1 list with ``stage1`` and no target."""
    if request.targets:
        return list(request.targets)
    if request.stage1:
        return ["@stage1"]
    raise BootorderError("nothing to resolve: give TARGET... (an atom or @set) or --stage1")


def resolve_options(request: ResolveRequest, config: Config | None = None) -> dict:
    """The ``host``, ``implicit``, ``sysroot`` and ``host_config`` keyword arguments of
    :func:`bootorder.resolve`: ``host_config`` is ``request.host_profile`` on
    ``config``'s tree (the configuration governing the build host's root)."""
    from .resolver.resolution import HostModel
    host_config = None
    if request.host_profile:
        if config is None:
            raise BootorderError("a host profile needs the tree: pass the configuration")
        host_config = Config(config.tree, Profile.load(config.tree, request.host_profile,
                                                       config.reporter),
                             reporter=config.reporter)
    return {"host": HostModel.parse(request.host), "implicit": request.implicit,
            "sysroot": request.sysroot, "host_config": host_config}


def resolve_request(request: ResolveRequest, reporter: Reporter = NULL_REPORTER) -> Result:
    """The resolved graph of ``request`` (``value`` and ``graph``: the DepGraph), with
    its problems and those of the data read."""
    from .order.backtrack import resolve
    collector = ProblemCollector(reporter)
    _, config, context = configure(request, collector)
    graph_ = resolve(config, targets_of(request), **resolve_options(request, config),
                     reporter=collector)
    return _answer(Result(graph_, context, config, graph_), collector,
                   graph_problems(graph_, config))


# ---- one function per command -----------------------------------------------------------

def stage1(request: ResolveRequest, reporter: Reporter = NULL_REPORTER) -> Result:
    """catalyst's stage 1: the graph, its checks (``value``: a CheckReport) and the
    packages stuck behind a hard build cycle (``extra["stuck"]``)."""
    from .order.backtrack import resolve
    from .order.stuck import stuck_packages
    from .usechange.checks import check_graph
    collector = ProblemCollector(reporter)
    _, config, context = configure(request, collector)
    targets, options = targets_of(request), resolve_options(request, config)
    graph_ = resolve(config, targets, **options, reporter=collector)
    checked = check_graph(graph_, config, reporter=collector,
                          resolve=lambda c: resolve(c, targets, **options))
    return _answer(Result(checked, context, config, graph_,
                          {"stuck": frozenset(stuck_packages(graph_))}),
                   collector, checked.problems)


def order(request: ResolveRequest, reporter: Reporter = NULL_REPORTER) -> Result:
    """A build order of the resolved graph (``value``: a BuildOrder)."""
    from .order.schedule import build_order
    collector = ProblemCollector(reporter)
    resolved = resolve_request(request, collector)
    return _answer(resolved, collector, value=build_order(resolved.graph, reporter=collector))


def cycles(request: ResolveRequest, scope: str, max_length: int, max_cycles: int,
           reporter: Reporter = NULL_REPORTER) -> Result:
    """The cycles of the resolved graph (``value``: a CycleReport)."""
    from .order.cycles import find_cycles
    collector = ProblemCollector(reporter)
    resolved = resolve_request(request, collector)
    report = find_cycles(resolved.graph, scope=scope, max_length=max_length,
                         max_cycles=max_cycles, reporter=collector)
    return _answer(resolved, collector, value=report)


def cycles_with_changes(request: ResolveRequest, *, suggest: bool, scope: str,
                        max_length: int, max_cycles: int,
                        reporter: Reporter = NULL_REPORTER) -> Result:
    """Cycles of the graph with the ``--with`` changes applied (``value``: a
    CycleReport of ``scope``), what those changes alter (``extra["whatif"]``, None
    without changes) and, with ``suggest``, the fewest USE changes breaking the hard
    cycles (``extra["suggestion"]``), seeded with the bounded enumeration of every hard
    cycle (or every cycle with scope ``all``: ``extra["enumeration"]``, a CycleReport;
    the ``value`` itself unless ``scope`` is ``shortest``). The problems are those of
    the graph with the changes applied."""
    from .order.backtrack import resolve
    from .order.cycles import find_cycles
    from .usechange.constraints import config_constraints
    from .usechange.rerun import whatif
    from .usechange.suggestion import suggest_use
    collector = ProblemCollector(reporter)
    base, config, context = configure(request, collector)
    targets = targets_of(request)
    options = {**resolve_options(request, config), "reporter": collector}
    limits = {"max_length": max_length, "max_cycles": max_cycles}
    diff = whatif(base, targets, request.changes, **limits, **options) \
        if request.changes else None
    graph_ = resolve(config, targets, **options)
    report = find_cycles(graph_, scope=scope, **limits, reporter=reporter)
    enumeration = find_cycles(graph_, scope="hard", **limits, reporter=reporter) \
        if suggest and scope == "shortest" else report
    seeds = () if enumeration.truncated else [c.nodes for c in enumeration.cycles]
    answer = suggest_use(graph_, config_constraints(graph_, config), cycles=seeds) \
        if suggest else None
    return _answer(Result(report, context, config, graph_,
                          {"whatif": diff, "suggestion": answer, "enumeration": enumeration}),
                   collector, graph_problems(graph_, config))


def explain(request: ResolveRequest, package: str, *, all_paths: bool, reverse: bool,
            max_paths: int, reporter: Reporter = NULL_REPORTER) -> Result:
    """Why ``package`` is in the resolved graph (``value``: an Explanation)."""
    from .explanation.paths import explain as explain_package
    collector = ProblemCollector(reporter)
    resolved = resolve_request(request, collector)
    expl = explain_package(resolved.graph, package, all_paths=all_paths, reverse=reverse,
                           max_paths=max_paths, config=resolved.config, reporter=collector)
    return _answer(resolved, collector, value=expl)


def graph(request: ResolveRequest, *, mark_cuts: bool,
          reporter: Reporter = NULL_REPORTER) -> Result:
    """The resolved graph (``value``) and, with ``mark_cuts``, the edges its build
    order ignores (``extra["marked"]``)."""
    from .order.schedule import build_order
    collector = ProblemCollector(reporter)
    resolved = resolve_request(request, collector)
    marked = build_order(resolved.graph, reporter=collector).ignored if mark_cuts else ()
    return _answer(resolved, collector, extra={"marked": marked})


def profile(request: TreeRequest, reporter: Reporter = NULL_REPORTER) -> Result:
    """The stacked profile (``value``: a Profile), with the problems of its files."""
    collector = ProblemCollector(reporter)
    config, context = open_config(request, collector)
    return _answer(Result(config.profile, context, config), collector)


def parse(text: str, eapi: str | None, key: str | None = None):
    """One dependency-style string, parsed (a DepSpec); ``key`` checks it is allowed."""
    from .syntax.parse import parse_depend, parse_metadata
    return parse_metadata(key, text, eapi) if key else parse_depend(text, eapi)


def cache(path: str, masters: list[str], jobs: int, allow_root: bool = False):
    """Generate a repository's metadata cache with portage's egencache (a CacheResult);
    this runs the ebuilds' bash (``allow_root``: as root, even without a portage user)."""
    from .tree.egencache import generate_cache
    return generate_cache(path, masters=masters, jobs=jobs, allow_root=allow_root)


def toolchain(request: ResolveRequest, reporter: Reporter = NULL_REPORTER) -> Result:
    """The toolchain of a new root and its order (``value``: a ToolchainOrder; ``graph``
    the graph it was read from)."""
    from .toolchain.ordering import toolchain_graph, toolchain_of
    collector = ProblemCollector(reporter)
    _, config, context = configure(request, collector)
    targets = list(request.targets) or (["@stage1"] if request.stage1 else None)
    graph_, spec = toolchain_graph(config, targets, host=request.host,
                                   implicit=request.implicit, reporter=collector)
    context = context.resolving(request, targets or (spec.libc, spec.compiler, spec.binutils))
    return _answer(Result(toolchain_of(graph_, spec, config), context, config, graph_),
                   collector, graph_problems(graph_, config))
