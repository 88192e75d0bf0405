"""catalyst's stage 1 as plan steps, and the USE fixes stage 1's ``-*`` needs, written
where they take effect.

catalyst's ``targets/stage1/chroot.sh`` (catalyst 4), in the seed chroot, with the
spec's ``portage_confdir`` copied over the seed's ``/etc/portage``:

1. ``baselayout``: make.conf ``USE=" -build"`` (the profile's USE otherwise), then
   ``ROOT=/tmp/stage1root emerge --oneshot --nodeps sys-apps/baselayout``;
2. ``stage1``: make.conf ``USE="-* build [bindist] $BOOTSTRAP_USE"``, then
   ``ROOT=/tmp/stage1root emerge --implicit-system-deps=n --oneshot <packages.build>``,
   every build dependency taken from the seed in ``/``.

Both read one ``/etc/portage`` (``config_root: "/"``) and share the spec's
``portage_confdir``. The seed is ``"seed"`` (every build dependency at hand) unless the
plan is given the seed's installed packages (then the list, as the seed update left it:
a build dependency the seed lacks is built into ``/`` by stage 1 itself).

The fixes (:mod:`bootorder.plan.fixes`) go to ``portage/package.use/<prefix>/stage1``
of that ``portage_confdir``: ``/etc/portage/package.use`` applies above make.conf's
``-*`` (portage's USE_ORDER: ``pkg`` above ``conf``), where the profile's
``package.use`` and the IUSE defaults do not, and catalyst removes
``package.use/<prefix>`` from the stage it ships.

>>> from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
>>> tree = Tree.open([example_repository_path()])
>>> done = stage1_steps(Stage1.open(tree, CatalystRequest(EXAMPLE_PROFILE)), 1)
>>> [(s.name, len(s.merge)) for s in done.steps]
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
from ..resolver.host import HostModel
from .fixes import derive_fixes, package_use_text
from .model import Installed, Step, step_dir
from .request import CatalystRequest, StageSteps
from .spec import stage_spec
from .state import installed_tree
from .steps import merges_of

__all__ = ["Stage1", "stage1_steps", "stage1_use", "BASELAYOUT"]

BASELAYOUT = "sys-apps/baselayout"


def stage1_use(profile: Profile, options=()) -> str:
    """make.conf's USE of stage 1's main emerge: ``-* build [bindist] $BOOTSTRAP_USE``
    (``BOOTSTRAP_USE`` as ``portageq envvar`` prints it, words normalised)."""
    words = ["-*", "build"] + (["bindist"] if "bindist" in options else [])
    return " ".join(words + profile.variables.get("BOOTSTRAP_USE", "").split())


def _rederive(request: CatalystRequest, profile: str, changes) -> str:
    words = ["bootorder", "stage1", *request.tree_args, "--profile", profile,
             "--implicit", "off"]
    words += [f"--with '{value}'" for value in with_values(changes)]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Stage1:
    """What the stage-1 steps share: the tree, the stage-1 profile and its list, and
    what the seed holds (None: the idealised ``"seed"``)."""

    tree: object
    request: CatalystRequest
    name: str
    profile: Profile
    atoms: tuple[str, ...]
    reporter: Reporter
    seed: tuple[Installed, ...] | None = None

    @classmethod
    def open(cls, tree, request: CatalystRequest,
             reporter: Reporter = NULL_REPORTER) -> Stage1:
        name = request.stage1_profile or request.profile
        profile = Profile.load(tree, name, reporter)
        atoms = stage1_list(profile, reporter)
        if not atoms:
            raise BootorderError(f"profile {name}: packages.build lists nothing "
                                 "(catalyst: \"Your profile seems to be broken.\")")
        return cls(tree, request, name, profile, tuple(atoms), reporter)

    def config(self, use: str | None, changes) -> Config:
        """make.conf's ``use``, the changes as the confdir's package.use lines."""
        return Config(self.tree, self.profile, make_conf_use=use,
                      package_use=[(c.package, c.token()) for c in changes],
                      reporter=self.reporter)

    @property
    def host(self):
        """The resolver's model of ``/``: the idealised seed, or the seed's packages."""
        if self.seed is None:
            return "seed"
        return HostModel("vdb", "seed", installed_tree(self.tree, self.seed))

    def resolve(self, targets, config):
        """``targets`` resolved as emerge does with the seed in ``/``."""
        return resolve(config, list(targets), host=self.host, implicit=False,
                       reporter=self.reporter)

    @property
    def installed_host(self):
        return "seed" if self.seed is None else self.seed


def _is_argument(graph, finding) -> bool:
    """Does a finding concern an argument itself (all a --nodeps step merges)?"""
    return finding.node in graph.targets() or finding.problem.package is None


def stage1_steps(s1: Stage1, index: int) -> StageSteps:
    """The baselayout and stage-1 steps (the stage-1 step at ``index``, 0-based), the
    spec and the fixes."""
    request = s1.request
    main_use = stage1_use(s1.profile, request.options)
    main = derive_fixes(partial(s1.config, main_use), partial(s1.resolve, s1.atoms),
                        partial(_rederive, request, s1.name))
    base = derive_fixes(lambda changes: s1.config("-build", main.changes + changes),
                        partial(s1.resolve, [BASELAYOUT]), lambda changes: request.rederive(),
                        relevant=_is_argument)
    lines = main.lines + base.lines
    confdir = f"{step_dir(index, 'stage1')}/portage"    # the stage-1 step's: after baselayout
    bl_step = _baselayout_step(s1, base, confdir)
    s1_config = s1.config(main_use, tuple(line.change for line in lines))
    s1_graph = s1.resolve(s1.atoms, s1_config) if base.lines else main.graph
    s1_step = _stage1_step(s1, main_use, confdir, bl_step,
                           partial(merges_of, s1_graph, s1_config))
    files = {}
    if lines:
        files[f"{confdir}/package.use/{request.prefix}/stage1"] = package_use_text(lines)
    return StageSteps((bl_step, s1_step), files,
                      main.problems + tuple(p for p in base.problems
                                            if p not in main.problems), lines, confdir)


def _baselayout_step(s1: Stage1, fixed, confdir: str) -> Step:
    emerge = s1.request.emerge("--oneshot", "--nodeps")
    return Step(name="baselayout", profile=s1.name, atoms=(BASELAYOUT,), root="target",
                sysroot="/", make_conf=(("USE", "-build"),), config=confdir, emerge=emerge,
                installed=(("/", s1.installed_host), ("target", ())),
                merge=merges_of(fixed.graph, fixed.config, emerge), why=_BASELAYOUT_WHY)


def _stage1_step(s1: Stage1, use: str, confdir: str, before: Step, merges) -> Step:
    emerge = s1.request.emerge("--implicit-system-deps=n", "--oneshot")
    held = tuple(Installed(m.cpv, m.use) for m in before.merge)
    return Step(name="stage1", profile=s1.name, atoms=s1.atoms, root="target", sysroot="/",
                make_conf=(("USE", use),), config=confdir, emerge=emerge,
                installed=(("/", s1.installed_host), ("target", held)),
                installed_from=(("target", (before.name,)),),
                merge=merges(emerge, held), why=_STAGE1_WHY)


def stage1_spec(s1: Stage1, confdir: str, seed_update: tuple[str, ...] | None) -> str:
    """``stage1.spec``; ``seed_update``: the seed step's options and atoms (None: no
    seed update)."""
    extra = {} if seed_update is None else {
        "update_seed": "yes", "update_seed_command": " ".join(seed_update)}
    return stage_spec("stage1", s1.name, s1.profile.arch, confdir, s1.request.prefix, extra)


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
