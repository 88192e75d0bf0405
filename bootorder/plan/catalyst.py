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
from ..resolver.resolution import resolve
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


def catalyst_plan(tree, request: CatalystRequest,
                  reporter: Reporter = NULL_REPORTER) -> Plan:
    """catalyst's stage 1 as a :class:`~bootorder.plan.model.Plan` (module docstring)."""
    s1_name = request.stage1_profile or request.profile
    profile = Profile.load(tree, s1_name, reporter)
    atoms = stage1_list(profile, reporter)
    if not atoms:
        raise BootorderError(f"profile {s1_name}: packages.build lists nothing "
                             "(catalyst: \"Your profile seems to be broken.\")")
    spec_dir = step_dir(1, "stage1")                 # the second step: after baselayout
    confdir = f"{spec_dir}/portage"
    fix_file = f"{confdir}/package.use/{request.prefix}/stage1"
    main_use = stage1_use(profile, request.options)

    def configure(use, changes):
        return Config(tree, profile, make_conf_use=use,
                      package_use=[(c.package, c.token()) for c in changes],
                      reporter=reporter)

    def resolve_atoms(targets, config):
        return resolve(config, targets, host="seed", implicit=False, reporter=reporter)

    main = derive_fixes(partial(configure, main_use), partial(resolve_atoms, list(atoms)),
                        partial(_rederive, request, s1_name))
    base = derive_fixes(
        lambda changes: configure("-build", main.changes + changes),
        partial(resolve_atoms, [BASELAYOUT]),
        lambda changes: " ".join(request.command) or "bootorder plan catalyst",
        relevant=lambda graph, f: f.node is None or f.node in graph.targets())
    lines = main.lines + base.lines
    changes = tuple(line.change for line in lines)
    s1_config = configure(main_use, changes)
    s1_graph = resolve_atoms(list(atoms), s1_config) if base.lines else main.graph
    bl_emerge = _emerge(request, "--oneshot", "--nodeps")
    bl_merge = merges_of(base.graph, base.config, bl_emerge)
    bl_step = Step(
        name="baselayout", profile=s1_name, atoms=(BASELAYOUT,), root="target", sysroot="/",
        make_conf=(("USE", "-build"),), config=confdir, emerge=bl_emerge,
        installed=(("/", "seed"), ("target", ())), merge=bl_merge, why=_BASELAYOUT_WHY)
    s1_emerge = _emerge(request, "--implicit-system-deps=n", "--oneshot")
    held = tuple(Installed(m.cpv, m.use) for m in bl_merge)
    s1_step = Step(
        name="stage1", profile=s1_name, atoms=tuple(atoms), root="target", sysroot="/",
        make_conf=(("USE", main_use),), config=confdir, emerge=s1_emerge,
        installed=(("/", "seed"), ("target", held)),
        installed_from=(("target", ("baselayout",)),),
        merge=merges_of(s1_graph, s1_config, s1_emerge, held), why=_STAGE1_WHY)
    files = {f"{spec_dir}/stage1.spec": _spec(request, s1_name, profile, confdir)}
    if lines:
        files[fix_file] = package_use_text(lines)
    return Plan(kind="catalyst", profile=request.profile, steps=(bl_step, s1_step),
                repositories=tuple((r.name, r.path and repository_commit(r.path))
                                   for r in tree.repos),
                problems=main.problems + tuple(p for p in base.problems
                                               if p not in main.problems),
                files=tuple(files.items()), command=request.command)


def _spec(request: CatalystRequest, s1_name: str, profile: Profile, confdir: str) -> str:
    values = {"target": "stage1", "subarch": subarch_of(profile.arch), "profile": s1_name,
              "portage_confdir": f"@PLAN_DIR@/{confdir}", "portage_prefix": request.prefix,
              **PLACEHOLDERS}
    comments = (
        "catalyst stage-1 spec written by bootorder (catalyst 4.x keys only).",
        "Replace @PLAN_DIR@ with the plan directory's absolute path and the other",
        "other @...@ values with your release's; add repos:/keep_repos: for",
        "repositories beyond catalyst's repo_name, and update_seed: if the seed needs one.")
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
