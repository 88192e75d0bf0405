"""catalyst's stage 4 as plan steps: the world update, then the stage-4 packages, in what
stage 3 left.

catalyst 4's ``targets/stage4/chroot.sh`` (``build_packages``), in a chroot of stage 3's
output with the stage-4 spec's ``portage_confdir``::

    emerge [pkgcache options] --update --deep --newuse @world
    emerge [pkgcache options] <stage4/packages>

(the issue that asked for this said ``emerge -u @system``; catalyst runs ``@world`` with
``--deep --newuse``, and after stage 3 the world set is ``@system``). The stage-3
``package.use/<prefix>/circular`` lines are not in the stage-4 confdir (catalyst removed
them from stage 3's output), so ``--newuse`` rebuilds the packages stage 3 built with a
flag off, now with the profile's USE (:func:`bootorder.plan.steps.deep_update_builds`:
build dependencies of packages that stay are looked at only when emerge's
``--with-bdeps`` is on, its default unless ``--usepkg``, which ``options: pkgcache``
adds). Then the stage-4 packages are merged (again, unless ``--newuse`` finds them
unchanged) with what they need that ``/`` lacks. A cycle either step meets is broken as
stage 3's are (:mod:`bootorder.plan.circular`), in the stage-4 confdir's
``package.use/<prefix>/circular``. Flatcar's ``stage4/fsscript`` (a world update with
``--with-bdeps=y``, crossdev) is the spec user's own script and not planned.

>>> from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
>>> from bootorder.plan.model import Installed
>>> tree = Tree.open([example_repository_path()])
>>> stage = RootStage.open(tree, CatalystRequest(EXAMPLE_PROFILE, stage4=("sys-apps/mawk",)))
>>> done = stage4_steps(stage, 4, (Installed("sys-libs/zlib-1.3.1-r1"),), ("stage3",))
>>> [(s.name, [m.cpv for m in s.merge]) for s in done.steps][1]
('stage4', ['sys-apps/mawk-1.3.4_p20240123'])
"""
from __future__ import annotations

from .circular import step_priority
from .fixes import package_use_text
from .model import Step, step_dir
from .request import CatalystRequest, StageSteps
from .rootstage import RootStage
from .stage3 import circular_path, flag_notes
from .state import Held, after_step
from .steps import deep_update_builds, merges_of, ordered_merges, use_of

__all__ = ["stage4_steps"]


def _update_merges(stage, fixed, held, emerge):
    """The world update's merges (``emerge --update --deep --newuse``)."""
    installed = {e.cpv: tuple(sorted(e.use)) for e in held}
    def use(key):
        return use_of(fixed.config, fixed.graph, key)
    keep = deep_update_builds(fixed.graph, installed, use=use,
                              bdeps="--usepkg" not in emerge)
    return ordered_merges(fixed.graph, keep, use,
                          step_priority(fixed.graph, Held(stage.tree, held)))


MAX_ROUNDS = 3
"""Rounds of (update, packages) fixes: the packages step's lines apply to both steps."""


def stage4_steps(stage: RootStage, index: int, held, before: tuple[str, ...]) -> StageSteps:
    """The world update and stage-4 steps (the first at ``index``, 0-based) in a root
    holding ``held`` (what the steps ``before`` left); the spec and the cycle fixes."""
    request = stage.request
    confdir = f"{step_dir(index + 1, 'stage4')}/portage"
    up_emerge = request.emerge("--update", "--deep", "--newuse")
    lines: tuple = ()
    for _ in range(MAX_ROUNDS):         # one confdir: the update runs with every line
        update = stage.fixes(["@world"], Held(stage.tree, held), lines)
        up_merges = _update_merges(stage, update, held, up_emerge)
        after = after_step(stage.tree, held, up_merges)
        packages = stage.fixes(list(request.stage4), Held(stage.tree, after),
                               lines + update.lines)
        lines += update.lines + packages.lines
        if not packages.lines:
            break
    first = Step(name="stage4-update", profile=stage.name, atoms=("@world",),
                 make_conf=request.make_conf(), config=confdir, emerge=up_emerge,
                 installed=(("/", held),), installed_from=(("/", before),),
                 merge=up_merges, why=_UPDATE_WHY)
    emerge = request.emerge()
    pk_merges = merges_of(packages.graph, packages.config, emerge, after, root="host",
                          priority=step_priority(packages.graph, Held(stage.tree, after)))
    added = [m.cpv for m in pk_merges if m.cpv not in {e.cpv for e in after}]
    second = Step(name="stage4", profile=stage.name, atoms=request.stage4,
                  make_conf=request.make_conf(), config=confdir, emerge=emerge,
                  installed=(("/", after),), installed_from=(("/", before + (first.name,)),),
                  merge=pk_merges, why=_STAGE4_WHY,
                  notes=(f"stage 4 adds to stage 3's output: {', '.join(added) or 'nothing'}",
                         *flag_notes(lines, {}, "stage 4",
                                     circular_path(confdir, request.prefix))))
    files = {f"{step_dir(index + 1, 'stage4')}/stage4.spec":
             stage.spec("stage4", confdir, {"stage4/packages": list(request.stage4)})}
    if lines:
        files[circular_path(confdir, request.prefix)] = package_use_text(lines)
    problems = update.problems + tuple(p for p in packages.problems
                                       if p not in update.problems)
    return StageSteps((first, second), files, problems, lines, confdir)


_UPDATE_WHY = (
    "catalyst's stage 4 first brings stage 3's output up to date: emerge --update --deep "
    "--newuse @world (after stage 3 the world set is @system). Packages stage 3 built "
    "with a flag changed by its package.use/<prefix>/circular are rebuilt here with the "
    "profile's USE, now that what they need is installed.")
_STAGE4_WHY = (
    "catalyst's stage 4: the spec's stage4/packages merged into stage 3's output, with "
    "what they need that it lacks.")
