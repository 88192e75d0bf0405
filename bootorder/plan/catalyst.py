"""catalyst's pipeline as a plan: one step per emerge invocation, each step's installed
packages exactly what the steps before it left, and a spec per stage.

The steps, in order (the stages that apply; :class:`CatalystRequest`):

``seed-update``
    in the seed, ``emerge --buildpkg=n <update_seed_command>`` (:mod:`bootorder.plan.seed`;
    only with the seed's installed packages: ``--seed vdb:PATH``);
``baselayout``, ``stage1``
    into ``/tmp/stage1root`` (:mod:`bootorder.plan.stage1`);
``stage3``, ``stage3-depclean``
    in stage 1's output: ``@system`` rebuilt, its cycles broken by USE changes, then
    the depclean (:mod:`bootorder.plan.stage3`);
``stage4-update``, ``stage4``
    in what survives it: the world update, then the stage-4 packages
    (:mod:`bootorder.plan.stage4`).

Each stage has its spec (``steps/NN-<stage>/<stage>.spec``) and its ``portage_confdir``
(``steps/NN-<stage>/portage``, shared by the steps catalyst runs under that spec:
``seed-update``, ``baselayout`` and ``stage1`` use stage 1's).

>>> from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
>>> tree = Tree.open([example_repository_path()])
>>> plan = catalyst_plan(tree, CatalystRequest(EXAMPLE_PROFILE, stages=("stage1",)))
>>> [(s.name, len(s.merge)) for s in plan.steps]
[('baselayout', 1), ('stage1', 17)]
"""
from __future__ import annotations

from dataclasses import replace

from ..core.reporter import NULL_REPORTER, Reporter
from ..core.usechange import UseChange
from ..order.backtrack import resolve
from ..syntax.version import cp_of
from .mirror import repository_commit
from .model import Plan, step_dir
from .request import OPTIONS, PKGCACHE_EMERGE, STAGES, CatalystRequest, StageSteps
from .rootstage import RootStage
from .seed import seed_update_step, serves
from .spec import PLACEHOLDERS
from .stage1 import BASELAYOUT, Stage1, stage1_spec, stage1_steps, stage1_use
from .stage3 import circular_path, flag_notes, output_of, stage3_steps
from .stage4 import stage4_steps
from .state import after_step, read_vdb

__all__ = ["CatalystRequest", "catalyst_plan", "stage1_use", "OPTIONS", "STAGES",
           "PKGCACHE_EMERGE", "BASELAYOUT", "PLACEHOLDERS"]

SEED_ROUNDS = 3
"""Rounds of (seed update, stage 1): the seed update runs under stage 1's generated
lines, stage 1 against the updated seed."""


def catalyst_plan(tree, request: CatalystRequest,
                  reporter: Reporter = NULL_REPORTER) -> Plan:
    """catalyst's stages as a :class:`~bootorder.plan.model.Plan` (module docstring)."""
    planned = request.planned()
    seed = read_vdb(request.seed_path, tree, reporter) if request.seed else None
    s1 = replace(Stage1.open(tree, request, reporter), seed=seed)
    parts = _stage1_parts(s1, planned)
    steps = tuple(s for part in parts for s in part.steps)
    if "stage3" in planned:
        stage = RootStage.open(tree, request, reporter)
        parts.append(stage3_steps(stage, len(steps), parts[-1].steps))
        steps += parts[-1].steps
        if "stage4" in planned:
            parts.append(stage4_steps(stage, len(steps), output_of(tree, steps),
                                      tuple(s.name for s in steps)))
            steps += parts[-1].steps
    steps = _with_rebuild_notes(steps, parts, request.prefix)
    files = {path: text for part in parts for path, text in part.files.items()}
    problems = []
    for part in parts:
        problems += [p for p in part.problems if p not in problems]
    return Plan(kind="catalyst", profile=request.profile, steps=steps,
                repositories=tuple((r.name, r.path and repository_commit(r.path))
                                   for r in tree.repos),
                problems=tuple(problems), files=tuple(files.items()),
                command=request.command)


def _stage1_parts(s1: Stage1, planned) -> list[StageSteps]:
    """The seed update (when planned) and stage 1, with stage 1's spec."""
    if "seed-update" not in planned:
        done = stage1_steps(s1, 1)
        note = ("no seed was given (--seed vdb:PATH): the seed update is not planned "
                "and / stands for a seed with every build dependency",) \
            if s1.seed is None else ()
        steps = done.steps[:-1] + (replace(done.steps[-1], notes=note),)
        spec = {f"{step_dir(1, 'stage1')}/stage1.spec": stage1_spec(s1, done.confdir, None)}
        return [replace(done, steps=steps, files={**spec, **done.files})]
    seed, changes = s1.seed, ()
    for _ in range(SEED_ROUNDS):
        confdir = f"{step_dir(2, 'stage1')}/portage"
        update, problems = seed_update_step(s1, confdir, changes)
        done = stage1_steps(replace(s1, seed=after_step(s1.tree, seed, update.merge)), 2)
        if tuple(line.change for line in done.lines) == changes:
            break
        changes = tuple(line.change for line in done.lines)
    update = replace(update, notes=update.notes + _serves_notes(s1, update, changes))
    command = update.emerge[1:] + update.atoms      # catalyst adds --buildpkg=n itself
    spec = {f"{step_dir(2, 'stage1')}/stage1.spec": stage1_spec(s1, confdir, command)}
    return [StageSteps((update,), {}, problems), replace(done, files={**spec, **done.files})]


def _serves_notes(s1: Stage1, update, changes) -> tuple[str, ...]:
    """Which stage-1 builds need each package the seed update merges."""
    config = s1.config(stage1_use(s1.profile, s1.request.options), changes)
    graph = resolve(config, list(s1.atoms), host="empty", implicit=False,
                    reporter=s1.reporter)
    needs = serves(graph, [cp_of(m.cpv) for m in update.merge])
    return tuple(f"{m.cpv} serves the stage-1 builds of "
                 f"{', '.join(needs[cp_of(m.cpv)]) or 'nothing (the seed only)'}"
                 for m in update.merge)


def _with_rebuild_notes(steps, parts, prefix: str):
    """The stage-3 step's notes: which packages it builds with a flag changed, and
    which later step builds them again as the profile says."""
    stage3 = next((p for p in parts if p.steps and p.steps[0].name == "stage3"), None)
    if stage3 is None or not stage3.lines:
        return steps
    rebuilt = {}
    for step in steps:
        if step.name.startswith("stage4"):
            for merge in step.merge:
                rebuilt.setdefault(cp_of(merge.cpv), (step.name, set(merge.use)))
    later = {line.change.package: rebuilt[line.change.package][0]
             for line in stage3.lines if _restored(line.change, rebuilt)}
    notes = flag_notes(stage3.lines, later, "stage 3",
                       circular_path(stage3.confdir, prefix))
    return tuple(replace(s, notes=s.notes + notes) if s.name == "stage3" else s
                 for s in steps)


def _restored(change: UseChange, rebuilt) -> bool:
    """Does a later step build the package with the flag as the profile has it?"""
    found = rebuilt.get(change.package)
    return found is not None and (change.flag in found[1]) != change.enable
