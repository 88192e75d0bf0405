"""catalyst's stage 1 as a plan: the steps exactly as catalyst runs them, the spec, and
the USE fixes stage 1's ``-*`` needs, written where they take effect.

catalyst's ``targets/stage1/chroot.sh`` (catalyst 4), in the seed chroot, with the
spec's ``portage_confdir`` copied over the seed's ``/etc/portage``:

1. ``baselayout``: make.conf ``USE=" -build"`` (the profile's USE otherwise), then
   ``ROOT=/tmp/stage1root emerge --oneshot --nodeps sys-apps/baselayout``;
2. ``stage1``: make.conf ``USE="-* build [bindist] $BOOTSTRAP_USE"``, then
   ``ROOT=/tmp/stage1root emerge --implicit-system-deps=n --oneshot <packages.build>``,
   every build dependency taken from the seed in ``/``.

Both read one ``/etc/portage`` (``config_root: "/"``) and share the spec's
``portage_confdir``. Under ``options: pkgcache`` (catalyst.conf) catalyst adds
``--usepkg --buildpkg --binpkg-respect-use=y --newuse`` to both; ``options: bindist``
adds ``bindist`` to stage 1's USE.

The fixes (:mod:`bootorder.plan.fixes`) go to ``portage/package.use/<prefix>/stage1``
of that ``portage_confdir``: ``/etc/portage/package.use`` applies above make.conf's
``-*`` (portage's USE_ORDER: ``pkg`` above ``conf``), where the profile's
``package.use`` and the IUSE defaults do not, and catalyst removes
``package.use/<prefix>`` from the stage it ships.

>>> from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
>>> tree = Tree.open([example_repository_path()])
>>> plan = catalyst_plan(tree, CatalystRequest(EXAMPLE_PROFILE))
>>> [(s.name, len(s.merge)) for s in plan.steps]
[('baselayout', 1), ('stage1', 17)]
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ..config.configuration import Config
from ..config.profile import Profile
from ..config.stage1list import stage1_list
from ..core.errors import BootorderError
from ..core.reporter import NULL_REPORTER, Reporter
from ..core.usechange import with_values
from ..order.backtrack import resolve
from .fixes import derive_fixes, package_use_text
from .mirror import repository_commit
from .model import Installed, Plan, Step, step_dir
from .spec import spec_text, subarch_of
from .steps import merges_of

__all__ = ["CatalystRequest", "catalyst_plan", "stage1_use", "OPTIONS", "STAGES",
           "PKGCACHE_EMERGE", "BASELAYOUT"]

STAGES = ("stage1",)
"""The stages this module plans (``--stages``)."""
OPTIONS = ("pkgcache", "bindist")
"""catalyst.conf ``options`` that change what stage 1 runs."""
PKGCACHE_EMERGE = ("--usepkg", "--buildpkg", "--binpkg-respect-use=y", "--newuse")
BASELAYOUT = "sys-apps/baselayout"
PLACEHOLDERS = {"version_stamp": "@VERSION_STAMP@", "rel_type": "@REL_TYPE@",
                "snapshot_treeish": "@SNAPSHOT_TREEISH@",
                "source_subpath": "@SOURCE_SUBPATH@"}
"""Spec values the tree does not give (see the README the plan ships)."""


@dataclass(frozen=True, slots=True)
class CatalystRequest:
    """What to plan: the profile (``REPO:PATH``), the stage-1 profile (default: the
    profile), the stages, the ``portage_prefix``, catalyst.conf ``options``, and the
    command lines that name the tree (for the comments' re-derive commands)."""

    profile: str
    stage1_profile: str | None = None
    stages: tuple[str, ...] = STAGES
    prefix: str = "bootorder"
    options: tuple[str, ...] = ()
    tree_args: tuple[str, ...] = ()
    command: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for stage in self.stages:
            if stage not in STAGES:
                raise BootorderError(f"--stages {stage}: this bootorder plans "
                                     f"{', '.join(STAGES)}")
        for option in self.options:
            if option not in OPTIONS:
                raise BootorderError(f"catalyst option {option!r}: expected one of "
                                     f"{', '.join(OPTIONS)}")
        if not self.prefix or "/" in self.prefix or self.prefix.startswith("."):
            raise BootorderError(f"--prefix {self.prefix!r}: a plain directory name")


def stage1_use(profile: Profile, options=()) -> str:
    """make.conf's USE of stage 1's main emerge: ``-* build [bindist] $BOOTSTRAP_USE``
    (``BOOTSTRAP_USE`` as ``portageq envvar`` prints it, words normalised)."""
    words = ["-*", "build"] + (["bindist"] if "bindist" in options else [])
    return " ".join(words + profile.variables.get("BOOTSTRAP_USE", "").split())


def _emerge(request: CatalystRequest, *options: str) -> tuple[str, ...]:
    return (PKGCACHE_EMERGE if "pkgcache" in request.options else ()) + options


def _rederive(request: CatalystRequest, profile: str, changes) -> str:
    words = ["bootorder", "stage1", *request.tree_args, "--profile", profile,
             "--implicit", "off"]
    words += [f"--with '{value}'" for value in with_values(changes)]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class _Stage1:
    """What both stage-1 steps share: the tree, the stage-1 profile and its list."""

    tree: object
    request: CatalystRequest
    name: str
    profile: Profile
    atoms: tuple[str, ...]
    reporter: Reporter

    @classmethod
    def open(cls, tree, request: CatalystRequest, reporter: Reporter) -> _Stage1:
        name = request.stage1_profile or request.profile
        profile = Profile.load(tree, name, reporter)
        atoms = stage1_list(profile, reporter)
        if not atoms:
            raise BootorderError(f"profile {name}: packages.build lists nothing "
                                 "(catalyst: \"Your profile seems to be broken.\")")
        return cls(tree, request, name, profile, tuple(atoms), reporter)

    def config(self, use: str, changes) -> Config:
        """make.conf's ``use``, the changes as the confdir's package.use lines."""
        return Config(self.tree, self.profile, make_conf_use=use,
                      package_use=[(c.package, c.token()) for c in changes],
                      reporter=self.reporter)

    def resolve(self, targets, config):
        """``targets`` resolved as emerge does with the seed in ``/``."""
        return resolve(config, list(targets), host="seed", implicit=False,
                       reporter=self.reporter)


def _is_argument(graph, finding) -> bool:
    """Does a finding concern an argument itself (all a --nodeps step merges)?"""
    return finding.node in graph.targets() or finding.problem.package is None


def catalyst_plan(tree, request: CatalystRequest,
                  reporter: Reporter = NULL_REPORTER) -> Plan:
    """catalyst's stage 1 as a :class:`~bootorder.plan.model.Plan` (module docstring)."""
    s1 = _Stage1.open(tree, request, reporter)
    main_use = stage1_use(s1.profile, request.options)
    main = derive_fixes(partial(s1.config, main_use), partial(s1.resolve, s1.atoms),
                        partial(_rederive, request, s1.name))
    base = derive_fixes(lambda changes: s1.config("-build", main.changes + changes),
                        partial(s1.resolve, [BASELAYOUT]),
                        lambda changes: " ".join(request.command) or "bootorder plan catalyst",
                        relevant=_is_argument)
    lines = main.lines + base.lines
    confdir = f"{step_dir(1, 'stage1')}/portage"    # the second step's: after baselayout
    bl_step = _baselayout_step(s1, base, confdir)
    s1_config = s1.config(main_use, tuple(line.change for line in lines))
    s1_graph = s1.resolve(s1.atoms, s1_config) if base.lines else main.graph
    s1_step = _stage1_step(s1, main_use, confdir, bl_step,
                           partial(merges_of, s1_graph, s1_config))
    files = {f"{step_dir(1, 'stage1')}/stage1.spec": _spec(s1, confdir)}
    if lines:
        files[f"{confdir}/package.use/{request.prefix}/stage1"] = package_use_text(lines)
    return Plan(kind="catalyst", profile=request.profile, steps=(bl_step, s1_step),
                repositories=tuple((r.name, r.path and repository_commit(r.path))
                                   for r in tree.repos),
                problems=main.problems + tuple(p for p in base.problems
                                               if p not in main.problems),
                files=tuple(files.items()), command=request.command)


def _baselayout_step(s1: _Stage1, fixed, confdir: str) -> Step:
    emerge = _emerge(s1.request, "--oneshot", "--nodeps")
    return Step(name="baselayout", profile=s1.name, atoms=(BASELAYOUT,), root="target",
                sysroot="/", make_conf=(("USE", "-build"),), config=confdir, emerge=emerge,
                installed=(("/", "seed"), ("target", ())),
                merge=merges_of(fixed.graph, fixed.config, emerge), why=_BASELAYOUT_WHY)


def _stage1_step(s1: _Stage1, use: str, confdir: str, before: Step, merges) -> Step:
    emerge = _emerge(s1.request, "--implicit-system-deps=n", "--oneshot")
    held = tuple(Installed(m.cpv, m.use) for m in before.merge)
    return Step(name="stage1", profile=s1.name, atoms=s1.atoms, root="target", sysroot="/",
                make_conf=(("USE", use),), config=confdir, emerge=emerge,
                installed=(("/", "seed"), ("target", held)),
                installed_from=(("target", (before.name,)),),
                merge=merges(emerge, held), why=_STAGE1_WHY)


def _spec(s1: _Stage1, confdir: str) -> str:
    values = {"target": "stage1", "subarch": subarch_of(s1.profile.arch), "profile": s1.name,
              "portage_confdir": f"@PLAN_DIR@/{confdir}",
              "portage_prefix": s1.request.prefix, **PLACEHOLDERS}
    comments = (
        "catalyst stage-1 spec written by bootorder (catalyst 4.x keys only).",
        "Replace @PLAN_DIR@ with the plan directory's absolute path and the other",
        "@...@ values with your release's; add repos:/keep_repos: for repositories",
        "beyond catalyst's repo_name, and update_seed: if the seed needs one.")
    return spec_text("stage1", values, comments)


_BASELAYOUT_WHY = (
    "catalyst's stage 1 first merges sys-apps/baselayout alone into /tmp/stage1root, "
    "with the profile's USE and build off, so that the new root has its directory "
    "layout before anything else lands there. It runs with --nodeps, so it proves "
    "nothing about build needs: the seed in / provides every build dependency.")
_STAGE1_WHY = (
    "catalyst's stage 1: the profile's packages.build list merged into /tmp/stage1root "
    "under make.conf USE=\"-* build $BOOTSTRAP_USE\" (the profile's USE, its package.use "
    "and the IUSE defaults are cleared; forced flags and the portage_confdir's package.use "
    "still apply). Build dependencies come from the seed in /, runtime dependencies "
    "land in the new root; stage 3 later rebuilds everything with the profile's USE.")
