"""catalyst's stage 3 as plan steps: the rebuild of ``@system`` in stage 1's output, its
cycles broken by USE changes, and the depclean that ends it.

catalyst 4 (``targets/stage3/chroot.sh``), in a chroot of stage 1's output with the
stage-3 spec's ``portage_confdir`` over its ``/etc/portage`` and the profile's own USE::

    emerge [pkgcache options] --emptytree --update --deep --with-bdeps=y @system

then ``preclean`` (``targets/support/chroot-functions.sh``, ``cleanup_stages``)::

    emerge [pkgcache options] --depclean --with-bdeps=y

(``--verbose`` and ``--quiet`` only change the output). So the stage-3 step's ``/``
holds exactly stage 1's merges into ``/tmp/stage1root`` with the USE stage 1 built them
with (``installed_from`` names those steps), and stage 4 starts from what survives the
depclean (:mod:`bootorder.plan.depclean`: the step's ``unmerge``).

``--emptytree`` rebuilds everything, so a build cycle is broken only where an installed
(stage-1) package satisfies a dependency, USE dependencies included: the cycles stage
1's ``-*`` hid come back here. They are broken by the fewest USE changes
(:mod:`bootorder.plan.circular`), written to ``package.use/<prefix>/circular`` of the
stage-3 ``portage_confdir`` (as Gentoo releng keeps ``package.use/releng/circular``);
catalyst removes that directory from the stage it ships, so the packages ship with the
flag off until a later ``--newuse`` rebuilds them (stage 4's update step): the stage-3
step's ``notes`` say which.

>>> from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
>>> from bootorder.plan.stage1 import Stage1, stage1_steps
>>> tree = Tree.open([example_repository_path()])
>>> request = CatalystRequest(EXAMPLE_PROFILE)
>>> s1 = stage1_steps(Stage1.open(tree, request), 1)
>>> done = stage3_steps(RootStage.open(tree, request), 2, s1.steps)
>>> [(s.name, len(s.merge), s.unmerge) for s in done.steps][1]
('stage3-depclean', 0, ('app-alternatives/awk-4', 'sys-apps/baselayout-2.17', 'sys-apps/gawk-5.3.1'))
"""
from __future__ import annotations

from ..resolver.sets import expand_targets
from .circular import step_priority
from .depclean import depclean
from .fixes import package_use_text
from .model import Installed, Step, step_dir
from .request import CatalystRequest, StageSteps
from .rootstage import RootStage
from .state import Held, after_step
from .steps import merges_of

__all__ = ["stage3_steps", "output_of", "flag_notes", "circular_path", "CIRCULAR"]

CIRCULAR = "circular"
"""The generated file's name under ``package.use/<prefix>/`` (releng's name)."""


def circular_path(confdir: str, prefix: str) -> str:
    """The plan's file of a stage's cycle-breaking lines.

    >>> circular_path("steps/03-stage3/portage", "releng")
    'steps/03-stage3/portage/package.use/releng/circular'
    """
    return f"{confdir}/package.use/{prefix}/{CIRCULAR}"


def output_of(tree, steps) -> tuple[Installed, ...]:
    """What ``steps`` left in the root they merge into (stage 1: ``/tmp/stage1root``)."""
    held: tuple[Installed, ...] = ()
    for step in steps:
        held = after_step(tree, held, [m for m in step.merge if m.root == step.root],
                          step.unmerge)
    return held


def stage3_steps(stage: RootStage, index: int, stage1) -> StageSteps:
    """The stage-3 and depclean steps (the first at ``index``, 0-based), in what the
    ``stage1`` steps left; the spec and the cycle fixes."""
    request = stage.request
    held = output_of(stage.tree, stage1)
    fixed = stage.fixes(["@system"], Held(stage.tree, held))
    confdir = f"{step_dir(index, 'stage3')}/portage"
    emerge = request.emerge("--emptytree", "--update", "--deep", "--with-bdeps=y")
    merges = merges_of(fixed.graph, fixed.config, emerge, (), root="host",
                       priority=step_priority(fixed.graph, Held(stage.tree, held)))
    names = tuple(s.name for s in stage1)
    rebuild = Step(name="stage3", profile=stage.name, atoms=("@system",),
                   make_conf=request.make_conf(), config=confdir, emerge=emerge,
                   installed=(("/", held),), installed_from=(("/", names),),
                   merge=merges, why=_STAGE3_WHY)
    after = after_step(stage.tree, held, merges)
    targets, _ = expand_targets(fixed.config, ["@system"])
    removed, problems = depclean(stage.tree, [(label, str(a)) for label, a in targets], after,
                                 stage.profile.package_provided)
    clean = Step(name="stage3-depclean", profile=stage.name, atoms=(),
                 make_conf=request.make_conf(), config=confdir,
                 emerge=request.emerge("--depclean", "--with-bdeps=y"),
                 installed=(("/", after),), installed_from=(("/", names + ("stage3",)),),
                 unmerge=removed, why=_DEPCLEAN_WHY)
    files = {f"{step_dir(index, 'stage3')}/stage3.spec": stage.spec("stage3", confdir)}
    if fixed.lines:
        files[circular_path(confdir, request.prefix)] = package_use_text(fixed.lines)
    return StageSteps((rebuild, clean), files, fixed.problems + problems, fixed.lines,
                      confdir)


def flag_notes(lines, rebuilt: dict[str, str], stage: str = "stage 3",
               path: str = f"package.use/<prefix>/{CIRCULAR}") -> tuple[str, ...]:
    """Which packages ``stage`` builds with a flag changed to break a cycle (by the
    lines of ``path``: :func:`circular_path`), and which later step (``rebuilt``: cp ->
    step name) builds them again as the profile says.

    >>> from bootorder.core.usechange import UseChange
    >>> from bootorder.plan.fixes import GeneratedLine
    >>> line = GeneratedLine(UseChange("a/b", "x", False), None, "")
    >>> print(flag_notes([line], {"a/b": "stage4-update"})[0])
    a/b is built in stage 3 with USE -x (package.use/<prefix>/circular breaks a build cycle with it; catalyst removes that file from the stage it ships); stage4-update rebuilds it with --newuse as the profile says
    """
    out = []
    for line in lines:
        change = line.change
        later = rebuilt.get(change.package)
        tail = (f"{later} rebuilds it with --newuse as the profile says" if later else
                "no later step of this plan rebuilds it: it ships that way")
        out.append(f"{change.package} is built in {stage} with USE {change.token()} "
                   f"({path} breaks a build cycle with it; catalyst "
                   f"removes that file from the stage it ships); {tail}")
    return tuple(out)


_STAGE3_WHY = (
    "catalyst's stage 3: in a chroot of stage 1's output, every package of @system and "
    "everything it needs, build dependencies included, rebuilt with the profile's USE "
    "(--emptytree). A build cycle is broken only where a package stage 1 installed "
    "satisfies a dependency, its USE included; the cycles stage 1's USE=\"-* ...\" hid "
    "are broken by the package.use lines of this stage's portage_confdir.")
_DEPCLEAN_WHY = (
    "catalyst ends stage 3 with emerge --depclean --with-bdeps=y (cleanup_stages): what "
    "stage 1 installed and nothing in @system needs any more, build dependencies "
    "included, is removed. Stage 4 starts from what is left.")
