"""The plan commands: ``bootorder plan catalyst|board|bootstrap|cross``, ``bootorder
verify``, and ``bootorder bootstrap`` (a view of the bootstrap plan). As in
:mod:`bootorder.workflows` (whose tree and configuration handling they use): one function
per command, values, never text.

>>> PlanRequest(TreeRequest(), "out").stages is None   # None: every stage that applies
True
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .core.problems import sorted_problems
from .core.reporter import NULL_REPORTER, ProblemCollector, Reporter
from .workflows import (Result, ResolveRequest, TreeRequest, _answer, open_config,
                        targets_of)

__all__ = ["bootstrap", "PlanRequest", "plan_catalyst", "BoardPlanRequest", "plan_board",
           "plan_bootstrap", "CrossPlanRequest", "plan_cross", "verify"]


def bootstrap(request: ResolveRequest, scope: str,
              reporter: Reporter = NULL_REPORTER) -> Result:
    """The ``bootstrap-*`` steps breaking the hard build cycles, a view of
    :func:`plan_bootstrap`'s plan (``value``: a SeedlessBootstrap; ``graph`` the
    resolved graph it starts from; ``extra["plan"]``: the Plan), with the problems of
    the data read and of the stage's graph."""
    result = plan_bootstrap(request, scope=scope, reporter=reporter)
    found = result.extra["bootstrap"]
    return replace(result, value=found, graph=found.graph, extra={"plan": result.value},
                   problems=sorted_problems((*result.problems, *result.value.problems)))


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """``bootorder plan catalyst``: the tree and profile, where to write the plan, the
    stages (None: all that apply), the stage-1 profile (None: the profile), catalyst's
    ``portage_prefix`` and catalyst.conf ``options``; ``command``: the command line,
    recorded in the plan; ``seed`` (``vdb:PATH``), ``seed_exclude``, ``stage4``: the
    seed's installed packages, what its update leaves alone, stage 4's packages."""

    tree: TreeRequest
    out: str
    stages: tuple[str, ...] | None = None
    stage1_profile: str | None = None
    prefix: str = "bootorder"
    options: tuple[str, ...] = ()
    command: tuple[str, ...] = ()
    seed: str | None = None
    seed_exclude: tuple[str, ...] = ()
    stage4: tuple[str, ...] = ()


def plan_catalyst(request: PlanRequest, reporter: Reporter = NULL_REPORTER) -> Result:
    """catalyst's stages as a plan, written to ``request.out`` (``value``: the Plan)."""
    from .plan.catalyst import CatalystRequest, catalyst_plan
    return _written_plan(request.tree, request.out, reporter, lambda tree, profile, tree_args,
                         collector: catalyst_plan(tree, CatalystRequest(
                             profile, request.stage1_profile, request.stages, request.prefix,
                             request.options, tree_args, request.command, request.seed,
                             request.seed_exclude, request.stage4), collector))


def _written_plan(tree: TreeRequest, out: str, reporter: Reporter, make, targets=()) -> Result:
    """``make(tree, profile, tree_args, collector)``'s plan, written to ``out``."""
    from .resolver.arguments import check_arguments
    collector = ProblemCollector(reporter)
    config, context = open_config(tree, collector)
    check_arguments(config, targets, ())
    tree_args = tuple(w for repo in context.repos for w in ("--repo", repo))
    plan = make(config.tree, context.profile, tree_args, collector)
    plan.write(out)
    return _answer(Result(plan, context, config), collector, plan.problems)


@dataclass(frozen=True, slots=True)
class BoardPlanRequest:
    """``bootorder plan board``: the tree and board profile, the SDK profile governing
    ``/``, the targets, where to write the plan, the prefix of the generated
    ``package.use`` directory; ``command``: the command line, recorded in the plan;
    ``make_conf``: what the board's make.conf adds."""

    tree: TreeRequest
    out: str
    host_profile: str
    targets: tuple[str, ...] = ("@system", "coreos-devel/board-packages")
    prefix: str = "bootorder"
    command: tuple[str, ...] = ()
    make_conf: tuple[tuple[str, str], ...] = ()


def plan_board(request: BoardPlanRequest, reporter: Reporter = NULL_REPORTER) -> Result:
    """A board build as a plan, written to ``request.out`` (``value``: the Plan)."""
    from .plan.board import BoardRequest, board_plan
    return _written_plan(request.tree, request.out, reporter, lambda tree, profile, tree_args,
                         collector: board_plan(tree, BoardRequest(
                             profile, request.host_profile, request.targets, request.prefix,
                             tree_args, request.command, request.make_conf), collector),
                         request.targets)


def plan_bootstrap(request: ResolveRequest, *, out: str | None = None, scope: str = "all",
                   command: tuple[str, ...] = (), reporter: Reporter = NULL_REPORTER
                   ) -> Result:
    """A build without a seed as a plan (``value``: the Plan, written to ``out`` when
    given; ``extra["bootstrap"]``: the SeedlessBootstrap behind it). Without targets,
    catalyst's stage 1. Targets and ``--with`` atoms that match nothing raise
    :class:`~bootorder.core.errors.NoMatchError`."""
    from .plan.bootstrap import BootstrapRequest, bootstrap_plan
    from .resolver.arguments import check_arguments
    collector = ProblemCollector(reporter)
    config, context = open_config(request.tree, collector)
    check_arguments(config, request.targets, request.changes)
    tree_args = tuple(w for repo in context.repos for w in ("--repo", repo))
    plan, found = bootstrap_plan(config.tree, BootstrapRequest(
        context.profile, tuple(request.targets), request.stage1, request.host,
        request.implicit, scope, tuple(request.changes), tree_args=tree_args,
        command=command), collector)
    if out is not None:
        plan.write(out)
    context = context.resolving(request, targets_of(replace(request, stage1=True)))
    return _answer(Result(plan, context, config, extra={"bootstrap": found}), collector,
                   plan.problems)


@dataclass(frozen=True, slots=True)
class CrossPlanRequest:
    """``bootorder plan cross``: the tree and the build host's profile, the target
    tuple, where to write the plan, crossdev's ``--portage`` words, whether gdb is
    built (``--ex-gdb``); ``command``: the command line, recorded in the plan;
    ``target_profile``: the target's profile, whose ``@system`` goes into the sysroot
    (None: the plan ends with the toolchain)."""

    tree: TreeRequest
    target: str
    out: str
    portage: tuple[str, ...] = ()
    gdb: bool = True
    command: tuple[str, ...] = ()
    target_profile: str | None = None


def plan_cross(request: CrossPlanRequest, reporter: Reporter = NULL_REPORTER) -> Result:
    """crossdev's passes for one target tuple as a plan, written to ``request.out``
    (``value``: the Plan)."""
    from .plan.cross import CrossRequest, cross_plan
    return _written_plan(request.tree, request.out, reporter, lambda tree, profile, tree_args,
                         collector: cross_plan(tree, CrossRequest(
                             request.target, profile, request.portage, request.gdb,
                             request.command, request.target_profile, tree_args), collector))


def verify(plan_dir: str, tree: TreeRequest, *, minimal: bool = False,
           reporter: Reporter = NULL_REPORTER) -> Result:
    """Replay every step of the plan in ``plan_dir`` with emerge (``value``: a
    VerifyReport; ``extra["plan"]``: the Plan). Without ``--profile`` the plan's."""
    from .plan.model import Plan
    from .plan.verify import verify_plan
    plan = Plan.read(plan_dir)
    request = replace(tree, profile=tree.profile or plan.profile)
    collector = ProblemCollector(reporter)
    config, context = open_config(request, collector)
    report = verify_plan(plan, config.tree, minimal=minimal, plan_dir=plan_dir,
                         reporter=collector)
    return _answer(Result(report, context, config, extra={"plan": plan}), collector)
