"""One function per command: open the tree, resolve, then analyse; values, never text.

The command line (:mod:`bootorder.cli`) turns arguments into a request, calls one
function here and renders what it returns with :mod:`bootorder.render`; scripts and
notebooks may call these functions too. Every function takes a ``reporter`` for
progress and warnings and returns a value whose ``context`` says which tree and
profile were used and how they were chosen.

>>> result = profile(TreeRequest())
>>> result.context.source, result.value.chain[-1]
('example', 'bootorder-example:default/linux/amd64')
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .config.configuration import STAGE1_USE, Config
from .config.locate import default_profile, live_system
from .config.profile import Profile
from .core.errors import BootorderError
from .core.reporter import NULL_REPORTER, Reporter
from .core.usechange import UseChange
from .tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path

__all__ = ["TreeRequest", "ResolveRequest", "Context", "Result", "open_config",
           "configure", "targets_of", "resolve_request", "stage1", "order", "cycles",
           "cycles_with_changes", "explain", "graph", "profile", "parse", "cache",
           "toolchain", "bootstrap", "PlanRequest", "plan_catalyst", "plan_bootstrap",
           "verify"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TreeRequest:
    """Which tree and profile: repository paths (none: the live system's, else the
    embedded example) and ``REPO:PATH`` (none: the live or the first listed profile)."""

    repos: tuple[str, ...] = ()
    profile: str | None = None


@dataclass(frozen=True, slots=True)
class ResolveRequest:
    """What to resolve: targets (or catalyst's stage 1), the host model, the implicit
    toolchain model and ``--with`` changes, on a tree."""

    tree: TreeRequest = TreeRequest()
    targets: tuple[str, ...] = ()
    stage1: bool = False
    host: str = "seed"
    implicit: bool = True
    changes: tuple[UseChange, ...] = ()


@dataclass(frozen=True, slots=True)
class Context:
    """The tree and profile a command used, and how each was chosen (``"given"``,
    ``"live"``, ``"example"`` or ``"default"``)."""

    repos: tuple[str, ...]
    profile: str
    source: str
    profile_source: str


@dataclass(frozen=True, slots=True)
class Result(Generic[T]):
    """A command's answer: ``value`` and its ``context``; ``graph`` and ``config``
    when one was resolved; ``extra`` holds further values by name."""

    value: T
    context: Context
    config: Config | None = None
    graph: object = None
    extra: dict = field(default_factory=dict)


# ---- tree, configuration and graph ----------------------------------------------------

def open_config(request: TreeRequest, reporter: Reporter = NULL_REPORTER,
                ) -> tuple[Config, Context]:
    """The configuration of the tree and profile ``request`` names."""
    repos, profile_name = list(request.repos), request.profile
    source, profile_source = "given", "given" if profile_name else "default"
    if not repos:
        live = live_system()
        if live is not None:
            repos, source = live[0], "live"
            if profile_name is None:
                profile_name, profile_source = live[1], "live"
            reporter.note(f"using the live system's repositories ({', '.join(repos)})")
        else:
            repos, source = [str(example_repository_path())], "example"
            if profile_name is None:
                profile_name, profile_source = EXAMPLE_PROFILE, "example"
            reporter.note("no --repo and no configured portage: using the embedded "
                          f"example ({repos[0]})")
    tree = Tree.open(repos, reporter)
    if profile_name is None:
        profile_name = default_profile(tree)
        reporter.note(f"no --profile: using {profile_name}")
    config = Config(tree, Profile.load(tree, profile_name, reporter), reporter=reporter)
    return config, Context(tuple(str(r) for r in repos), profile_name, source, profile_source)


def configure(request: ResolveRequest, reporter: Reporter = NULL_REPORTER,
              ) -> tuple[Config, Config, Context]:
    """``(base, config, context)``: the configuration with stage 1's USE when asked
    (``base``), and with the ``--with`` changes applied too (``config``)."""
    base, context = open_config(request.tree, reporter)
    if request.stage1 and base.use_override is None:
        base = base.with_changes(use=STAGE1_USE)
    config = base.with_changes(use_changes=(*base.use_changes, *request.changes)) \
        if request.changes else base
    return base, config, context


def targets_of(request: ResolveRequest) -> list[str]:
    """The targets, or catalyst's stage-1 list with ``stage1`` and no target."""
    if request.targets:
        return list(request.targets)
    if request.stage1:
        return ["@stage1"]
    raise BootorderError("nothing to resolve: give TARGET... (an atom or @set) or --stage1")


def resolve_options(request: ResolveRequest) -> dict:
    """The ``host`` and ``implicit`` keyword arguments of :func:`bootorder.resolve`."""
    from .resolver.resolution import HostModel
    return {"host": HostModel.parse(request.host), "implicit": request.implicit}


def resolve_request(request: ResolveRequest, reporter: Reporter = NULL_REPORTER) -> Result:
    """The resolved graph of ``request`` (``value`` and ``graph``: the DepGraph)."""
    from .resolver.resolution import resolve
    _, config, context = configure(request, reporter)
    graph_ = resolve(config, targets_of(request), **resolve_options(request),
                     reporter=reporter)
    return Result(graph_, context, config, graph_)


# ---- one function per command -----------------------------------------------------------

def stage1(request: ResolveRequest, reporter: Reporter = NULL_REPORTER) -> Result:
    """catalyst's stage 1: the graph, its checks (``value``: a CheckReport) and the
    packages stuck behind a hard build cycle (``extra["stuck"]``)."""
    from .order.stuck import stuck_packages
    from .resolver.resolution import resolve
    from .usechange.checks import check_graph
    _, config, context = configure(request, reporter)
    targets, options = targets_of(request), resolve_options(request)
    graph_ = resolve(config, targets, **options, reporter=reporter)
    checked = check_graph(graph_, config, reporter=reporter,
                          resolve=lambda c: resolve(c, targets, **options))
    return Result(checked, context, config, graph_,
                  {"stuck": frozenset(stuck_packages(graph_))})


def order(request: ResolveRequest, reporter: Reporter = NULL_REPORTER) -> Result:
    """A build order of the resolved graph (``value``: a BuildOrder)."""
    from .order.schedule import build_order
    resolved = resolve_request(request, reporter)
    return Result(build_order(resolved.graph, reporter=reporter), resolved.context,
                  resolved.config, resolved.graph)


def cycles(request: ResolveRequest, scope: str, max_length: int, max_cycles: int,
           reporter: Reporter = NULL_REPORTER) -> Result:
    """The cycles of the resolved graph (``value``: a CycleReport)."""
    from .order.cycles import find_cycles
    resolved = resolve_request(request, reporter)
    report = find_cycles(resolved.graph, scope=scope, max_length=max_length,
                         max_cycles=max_cycles, reporter=reporter)
    return Result(report, resolved.context, resolved.config, resolved.graph)


def cycles_with_changes(request: ResolveRequest, *, suggest: bool, scope: str,
                        max_length: int, max_cycles: int,
                        reporter: Reporter = NULL_REPORTER) -> Result:
    """Cycles of the graph with the ``--with`` changes applied (``value``: a
    CycleReport of ``scope``), what those changes alter (``extra["whatif"]``, None
    without changes) and, with ``suggest``, the fewest USE changes breaking the hard
    cycles (``extra["suggestion"]``)."""
    from .order.cycles import find_cycles
    from .resolver.resolution import resolve
    from .usechange.constraints import config_constraints
    from .usechange.rerun import whatif
    from .usechange.suggestion import suggest_use
    base, config, context = configure(request, reporter)
    targets, options = targets_of(request), {**resolve_options(request), "reporter": reporter}
    limits = {"max_length": max_length, "max_cycles": max_cycles}
    diff = whatif(base, targets, request.changes, **limits, **options) \
        if request.changes else None
    graph_ = resolve(config, targets, **options)
    report = find_cycles(graph_, scope=scope, **limits)
    seeds = () if report.truncated else [c.nodes for c in report.cycles]
    answer = suggest_use(graph_, config_constraints(graph_, config), cycles=seeds) \
        if suggest else None
    return Result(report, context, config, graph_, {"whatif": diff, "suggestion": answer})


def explain(request: ResolveRequest, package: str, *, all_paths: bool, reverse: bool,
            max_paths: int, reporter: Reporter = NULL_REPORTER) -> Result:
    """Why ``package`` is in the resolved graph (``value``: an Explanation)."""
    from .explanation.paths import explain as explain_package
    resolved = resolve_request(request, reporter)
    expl = explain_package(resolved.graph, package, all_paths=all_paths, reverse=reverse,
                           max_paths=max_paths, config=resolved.config, reporter=reporter)
    return Result(expl, resolved.context, resolved.config, resolved.graph)


def graph(request: ResolveRequest, *, mark_cuts: bool,
          reporter: Reporter = NULL_REPORTER) -> Result:
    """The resolved graph (``value``) and, with ``mark_cuts``, the edges its build
    order ignores (``extra["marked"]``)."""
    from .order.schedule import build_order
    resolved = resolve_request(request, reporter)
    marked = build_order(resolved.graph, reporter=reporter).ignored if mark_cuts else ()
    return Result(resolved.graph, resolved.context, resolved.config, resolved.graph,
                  {"marked": marked})


def profile(request: TreeRequest, reporter: Reporter = NULL_REPORTER) -> Result:
    """The stacked profile (``value``: a Profile)."""
    config, context = open_config(request, reporter)
    return Result(config.profile, context, config)


def parse(text: str, eapi: str | None, key: str | None = None):
    """One dependency-style string, parsed (a DepSpec); ``key`` checks it is allowed."""
    from .syntax.parse import parse_depend, parse_metadata
    return parse_metadata(key, text, eapi) if key else parse_depend(text, eapi)


def cache(path: str, masters: list[str], jobs: int):
    """Generate a repository's metadata cache with portage's egencache (a CacheResult)."""
    from .tree.egencache import generate_cache
    return generate_cache(path, masters=masters, jobs=jobs)


def toolchain(request: ResolveRequest, reporter: Reporter = NULL_REPORTER) -> Result:
    """The toolchain of a new root and its order (``value``: a ToolchainOrder)."""
    from .toolchain.ordering import toolchain_for
    _, config, context = configure(request, reporter)
    targets = list(request.targets) or (["@stage1"] if request.stage1 else None)
    result = toolchain_for(config, targets, host=request.host, implicit=request.implicit,
                           reporter=reporter)
    return Result(result, context, config)


def bootstrap(request: ResolveRequest, scope: str,
              reporter: Reporter = NULL_REPORTER) -> Result:
    """The ``bootstrap-*`` steps breaking the hard build cycles, a view of
    :func:`plan_bootstrap`'s plan (``value``: a SeedlessBootstrap; ``extra["plan"]``:
    the Plan)."""
    result = plan_bootstrap(request, scope=scope, reporter=reporter)
    return Result(result.extra["bootstrap"], result.context, result.config,
                  extra={"plan": result.value})


# ---- plans ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PlanRequest:
    """``bootorder plan catalyst``: the tree and profile, where to write the plan, the
    stages, the stage-1 profile (None: the profile), catalyst's ``portage_prefix`` and
    catalyst.conf ``options``; ``command``: the command line, recorded in the plan."""

    tree: TreeRequest
    out: str
    stages: tuple[str, ...] = ("stage1",)
    stage1_profile: str | None = None
    prefix: str = "bootorder"
    options: tuple[str, ...] = ()
    command: tuple[str, ...] = ()


def plan_catalyst(request: PlanRequest, reporter: Reporter = NULL_REPORTER) -> Result:
    """catalyst's stages as a plan, written to ``request.out`` (``value``: the Plan)."""
    from .plan.catalyst import CatalystRequest, catalyst_plan
    config, context = open_config(request.tree, reporter)
    tree_args = tuple(w for repo in context.repos for w in ("--repo", repo))
    plan = catalyst_plan(config.tree, CatalystRequest(
        context.profile, request.stage1_profile, request.stages, request.prefix,
        request.options, tree_args, request.command), reporter)
    plan.write(request.out)
    return Result(plan, context, config)


def plan_bootstrap(request: ResolveRequest, *, out: str | None = None, scope: str = "all",
                   command: tuple[str, ...] = (), reporter: Reporter = NULL_REPORTER
                   ) -> Result:
    """A build without a seed as a plan (``value``: the Plan, written to ``out`` when
    given; ``extra["bootstrap"]``: the SeedlessBootstrap behind it). Without targets,
    catalyst's stage 1."""
    from .plan.bootstrap import BootstrapRequest, bootstrap_plan
    config, context = open_config(request.tree, reporter)
    tree_args = tuple(w for repo in context.repos for w in ("--repo", repo))
    plan, found = bootstrap_plan(config.tree, BootstrapRequest(
        context.profile, tuple(request.targets), request.stage1, request.host,
        request.implicit, scope, tuple(request.changes), tree_args=tree_args,
        command=command), reporter)
    if out is not None:
        plan.write(out)
    return Result(plan, context, config, extra={"bootstrap": found})


def verify(plan_dir: str, tree: TreeRequest, *, minimal: bool = False,
           reporter: Reporter = NULL_REPORTER) -> Result:
    """Replay every step of the plan in ``plan_dir`` with emerge (``value``: a
    VerifyReport; ``extra["plan"]``: the Plan). Without ``--profile`` the plan's."""
    from .plan.model import Plan
    from .plan.verify import verify_plan
    plan = Plan.read(plan_dir)
    request = TreeRequest(tree.repos, tree.profile or plan.profile)
    config, context = open_config(request, reporter)
    report = verify_plan(plan, config.tree, minimal=minimal, plan_dir=plan_dir,
                         reporter=reporter)
    return Result(report, context, config, extra={"plan": plan})
