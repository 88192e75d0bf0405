"""What a catalyst plan is asked for, and what every stage's steps share.

:class:`CatalystRequest`: the profile (and stage 1's own, Flatcar's ``transition``),
the stages, catalyst's ``portage_prefix``, the catalyst.conf ``options`` in force, the
seed's installed packages (``--seed vdb:PATH``) and what the seed update leaves alone
(``--seed-exclude``), and the stage-4 packages. catalyst's pipeline, in order
(:data:`STAGES`): the seed update (catalyst's ``update_seed``, in the seed, before
stage 1), stage 1, stage 3 (in stage 1's output), stage 4 (in stage 3's); Flatcar and
Gentoo releng build no stage 2. Without ``stages``, every stage that applies is planned:
the seed update only with a seed, stage 4 only with stage-4 packages.

catalyst adds options to every emerge it runs (``targets/support/chroot-functions.sh``,
``setup_emerge_opts``): under ``options: pkgcache`` ``--usepkg --buildpkg
--binpkg-respect-use=y --newuse`` (not to the seed update, which runs while
``update_seed`` is ``yes``), under ``options: bindist`` ``USE=bindist`` in make.conf.

>>> r = CatalystRequest("r:p", stage4=("app-misc/x",), options=("pkgcache",))
>>> r.planned(), r.emerge("--oneshot")[-2:]
(('stage1', 'stage3', 'stage4'), ('--newuse', '--oneshot'))
>>> CatalystRequest("r:p", stages=("stage3",))
Traceback (most recent call last):
...
bootorder.core.errors.BootorderError: --stages stage3: stage 3 runs in what stage 1 left: plan stage1 too
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..core.errors import BootorderError
from .choices import OPTIONS, STAGES

__all__ = ["CatalystRequest", "StageSteps", "STAGES", "OPTIONS", "PKGCACHE_EMERGE",
           "SEED_UPDATE_OPTIONS"]

_NEEDS = {"seed-update": ("stage1", "the seed update runs under stage 1's configuration"),
          "stage3": ("stage1", "stage 3 runs in what stage 1 left"),
          "stage4": ("stage3", "stage 4 runs in what stage 3 left")}
PKGCACHE_EMERGE = ("--usepkg", "--buildpkg", "--binpkg-respect-use=y", "--newuse")
"""What catalyst adds to every emerge under ``options: pkgcache``."""
SEED_UPDATE_OPTIONS = ("--ignore-world", "y", "--ignore-built-slot-operator-deps", "y")
"""Flatcar's ``update_seed_command`` options around ``@changed-subslot``
(``build_library/catalyst.sh``): no world consistency, no slot-operator rebuilds."""


@dataclass(frozen=True, slots=True)
class CatalystRequest:
    """What to plan: the profile (``REPO:PATH``), the stage-1 profile (default: the
    profile), the stages (None: all that apply), the ``portage_prefix``, catalyst.conf
    ``options``, the command lines that name the tree (for the comments' re-derive
    commands), the seed (``vdb:PATH``), the seed update's excludes and the stage-4
    packages."""

    profile: str
    stage1_profile: str | None = None
    stages: tuple[str, ...] | None = None
    prefix: str = "bootorder"
    options: tuple[str, ...] = ()
    tree_args: tuple[str, ...] = ()
    command: tuple[str, ...] = ()
    seed: str | None = None
    seed_exclude: tuple[str, ...] = ()
    stage4: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for stage in self.stages or ():
            if stage not in STAGES:
                raise BootorderError(f"--stages {stage}: this bootorder plans "
                                     f"{', '.join(STAGES)}")
            need, why = _NEEDS.get(stage, (None, ""))
            if need and need not in self.stages:
                raise BootorderError(f"--stages {stage}: {why}: plan {need} too")
        if self.stages is not None and "stage4" in self.stages and not self.stage4:
            raise BootorderError("--stages stage4: catalyst's stage 4 needs its packages "
                                 "(stage4/packages): give them with --stage4 ATOM ...")
        for option in self.options:
            if option not in OPTIONS:
                raise BootorderError(f"catalyst option {option!r}: expected one of "
                                     f"{', '.join(OPTIONS)}")
        if not self.prefix or "/" in self.prefix or self.prefix.startswith("."):
            raise BootorderError(f"--prefix {self.prefix!r}: a plain directory name")
        if self.seed is not None and not (self.seed.startswith("vdb:") and self.seed[4:]):
            raise BootorderError(f"--seed {self.seed!r}: expected vdb:PATH (the seed's "
                                 "var/db/pkg)")

    @property
    def seed_path(self) -> str | None:
        """The seed's installed-package directory, or None."""
        return self.seed[4:] if self.seed else None

    def planned(self) -> tuple[str, ...]:
        """The stages planned: those asked for (all by default) that apply."""
        wanted = STAGES if self.stages is None else self.stages
        return tuple(s for s in STAGES if s in wanted
                     and not (s == "seed-update" and not self.seed)
                     and not (s == "stage4" and not self.stage4))

    def emerge(self, *options: str, seed_update: bool = False) -> tuple[str, ...]:
        """``options`` after what catalyst adds (pkgcache, except to the seed update)."""
        added = PKGCACHE_EMERGE if "pkgcache" in self.options and not seed_update else ()
        return added + options

    def make_conf(self) -> tuple[tuple[str, str], ...]:
        """make.conf beyond the profile for the steps run in ``/`` (``bindist``)."""
        return (("USE", "bindist"),) if "bindist" in self.options else ()

    def rederive(self) -> str:
        """The command that makes the plan (and each generated line) again."""
        return " ".join(self.command) or "bootorder plan catalyst"


@dataclass(frozen=True, slots=True)
class StageSteps:
    """What planning one stage gives: its steps, the files it ships (path -> text), the
    problems it could not solve, its generated lines and its ``portage_confdir``."""

    steps: tuple = ()
    files: dict = field(default_factory=dict)
    problems: tuple = ()
    lines: tuple = ()
    confdir: str | None = None
