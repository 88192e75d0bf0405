"""A board build as a plan: ``ROOT=SYSROOT=PORTAGE_CONFIGROOT=/build/<board>``, the SDK
in ``/``, and the board root's build cycles broken by a first pass with flags cleared.

Flatcar's ``setup_board`` and ``build_packages`` (flatcar/scripts; ``emerge-<board>``
exports ``PORTAGE_CONFIGROOT=ROOT=SYSROOT=/build/<board>``, since 2024-11 without
``--root-deps``):

1. ``baselayout``: ``emerge-<board> --select --nodeps sys-apps/baselayout`` (when the
   tree has it);
2. ``break-cycles``: what ``break_dep_loop`` does by hand, derived here
   (:mod:`bootorder.usechange.temporary`): the packages of the board root's hard
   cycles, with ``<board>/etc/portage/package.use/<prefix>/break-cycles`` clearing the
   fewest flags, emerged with ``build_packages``' options plus
   ``--rebuild-if-unbuilt=n --buildpkg-exclude=<pkg>...``;
3. ``board``: ``emerge-<board> <EMERGE_FLAGS> TARGET...`` (``@system
   coreos-devel/board-packages``) without that file: ``--newuse`` rebuilds the first
   pass's packages with the profile's flags.

Every step reads the board's configuration (``config_root``, ``root``, ``sysroot``:
``target``; the board profile) and the SDK's for ``/`` (``host_profile``), the SDK given
as the idealised seed. ``EMERGE_FLAGS`` is ``build_packages``' default (binary packages
allowed): ``--update --deep --newuse --backtrack=30 --select --usepkg --with-bdeps=y``
and ``--useoldpkg-atoms``/``--rebuild-exclude`` for the four toolchain packages
(``get_binonly_args``); ``--verbose``, ``--jobs`` and ``--getbinpkg`` change nothing
resolved. The toolchain's binary packages (catalyst_toolchains) are not modelled: the
passes build the board's toolchain from the tree like every other package.

>>> from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
>>> tree = Tree.open([example_repository_path()])
>>> plan = board_plan(tree, BoardRequest(EXAMPLE_PROFILE, EXAMPLE_PROFILE, ("@system",)))
>>> [s.name for s in plan.steps], plan.steps[-1].config_root
(['baselayout', 'board'], 'target')
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ..config.configuration import Config
from ..config.profile import Profile
from ..core.errors import BootorderError
from ..core.problems import Problem
from ..core.reporter import NULL_REPORTER, Reporter
from ..resolver.resolution import resolve
from ..syntax.version import split_cpv
from ..usechange.checks import check_graph
from ..usechange.temporary import TemporaryUse, temporary_use
from .mirror import repository_commit
from .model import Installed, Plan, Step, step_dir
from .steps import merges_of

__all__ = ["BoardRequest", "board_plan", "EMERGE_FLAGS", "TOOLCHAIN", "DEFAULT_TARGETS",
           "BASELAYOUT"]

DEFAULT_TARGETS = ("@system", "coreos-devel/board-packages")
"""build_packages' default atoms."""
TOOLCHAIN = ("sys-devel/binutils", "sys-devel/gcc", "sys-kernel/linux-headers",
             "sys-libs/glibc")
"""toolchain_util.sh's TOOLCHAIN_PKGS."""
EMERGE_FLAGS = ("--update", "--deep", "--newuse", "--backtrack=30", "--select", "--usepkg",
                "--with-bdeps=y", *(f"--useoldpkg-atoms={p}" for p in TOOLCHAIN),
                *(f"--rebuild-exclude={p}" for p in TOOLCHAIN))
"""build_packages' EMERGE_FLAGS with binary packages allowed (its default)."""
BASELAYOUT = "sys-apps/baselayout"
SEED = "seed"


@dataclass(frozen=True, slots=True)
class BoardRequest:
    """What to plan: the board profile (``REPO:PATH``), the SDK profile governing
    ``/``, the targets, the prefix of the generated ``package.use`` directory, the
    command lines that name the tree (for the comments) and make the plan again, and
    the variables the board's make.conf adds (setup_board's ``CHOST``, ``CBUILD``)."""

    profile: str
    host_profile: str
    targets: tuple[str, ...] = DEFAULT_TARGETS
    prefix: str = "bootorder"
    tree_args: tuple[str, ...] = ()
    command: tuple[str, ...] = ()
    make_conf: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        for name, value in self.make_conf:
            if not name.isidentifier() or any(c in value for c in "$\"\\`"):
                raise BootorderError(f"make.conf {name}={value!r}: a variable name and a "
                                     "plain value (no $, quotes or backslashes)")
        if not self.targets:
            raise BootorderError("plan board: give TARGET... (e.g. @system)")
        if not self.prefix or "/" in self.prefix or self.prefix.startswith("."):
            raise BootorderError(f"--prefix {self.prefix!r}: a plain directory name")


@dataclass(frozen=True, slots=True)
class _Board:
    """The board's and the SDK's configurations and how a pass is resolved."""

    config: Config
    host: Config

    def resolve(self, config: Config, atoms) -> object:
        """``atoms`` resolved as emerge-<board> does: SYSROOT=ROOT, the SDK as seed."""
        return resolve(config, list(atoms), host=SEED, implicit=False, sysroot="target",
                       host_config=self.host)


def board_plan(tree, request: BoardRequest, reporter: Reporter = NULL_REPORTER) -> Plan:
    """A board build as a :class:`~bootorder.plan.model.Plan` (module docstring)."""
    board = _Board(Config(tree, Profile.load(tree, request.profile, reporter),
                          reporter=reporter),
                   Config(tree, Profile.load(tree, request.host_profile, reporter),
                          reporter=reporter))
    full = board.resolve(board.config, request.targets)
    passes = temporary_use(full, board.config, board.resolve)
    step = partial(_step, request, features=frozenset(
        board.config.profile.variables.get("FEATURES", "").split()))
    steps = []
    if board.config.best_visible(BASELAYOUT) is not None:
        base_graph = board.resolve(board.config, [BASELAYOUT])
        steps.append(step("baselayout", (BASELAYOUT,), ("--select", "--nodeps"), (),
                          merges_of(base_graph, board.config, ("--nodeps",)),
                          _BASELAYOUT_WHY))
    files = {}
    if passes.packages:
        confdir = f"{step_dir(len(steps), 'break-cycles')}/portage"
        files[f"{confdir}/package.use/{request.prefix}/break-cycles"] = \
            _clears_text(request, passes)
        emerge = EMERGE_FLAGS + ("--rebuild-if-unbuilt=n",) + tuple(
            f"--buildpkg-exclude={p}" for p in passes.packages)
        steps.append(step("break-cycles", passes.packages, emerge, steps,
                          None, _why_first(passes), config=confdir,
                          graph=(passes.first, passes.first_config)))
    steps.append(step("board", request.targets, EMERGE_FLAGS, steps, None,
                      _why_board(passes), graph=(full, board.config)))
    problems = tuple(check_graph(full, board.config).problems) + _left(passes)
    return Plan(kind="board", profile=request.profile, steps=tuple(steps),
                repositories=tuple((r.name, r.path and repository_commit(r.path))
                                   for r in tree.repos),
                problems=problems, files=tuple(files.items()), command=request.command)


def _step(request: BoardRequest, name: str, atoms, emerge, before, merge, why, *,
          config=None, graph=None, features=frozenset()) -> Step:
    """One step in the board's shape; ``before``: the earlier steps (what the board
    root holds); ``merge`` given, or computed from ``graph`` = (DepGraph, Config)."""
    held = {}
    for earlier in before:                       # a rebuild replaces the earlier copy
        excluded = _excluded(earlier.emerge)
        for m in earlier.merge:
            if m.root == "target":
                held[m.cpv] = Installed(m.cpv, m.use, binpkg="buildpkg" in features and
                                        split_cpv(m.cpv)[0] not in excluded)
    held = tuple(held.values())
    if merge is None:
        kept = held if "buildpkg-proactive" not in features else tuple(
            h for h in held if h.binpkg or split_cpv(h.cpv)[0] in _excluded(emerge))
        merge = merges_of(graph[0], graph[1], emerge, kept)
    return Step(name=name, profile=request.profile, atoms=tuple(atoms), root="target",
                sysroot="target", config_root="target", config=config,
                make_conf=request.make_conf,
                host_profile=request.host_profile, emerge=tuple(emerge),
                installed=(("/", SEED), ("target", held)),
                installed_from=(("target", tuple(s.name for s in before)),) if before else (),
                merge=merge, why=why)


def _excluded(emerge) -> frozenset[str]:
    """The packages ``--buildpkg-exclude`` keeps from becoming binary packages."""
    prefix = "--buildpkg-exclude="
    return frozenset(w[len(prefix):] for w in emerge if w.startswith(prefix))


def _clears_text(request: BoardRequest, passes: TemporaryUse) -> str:
    """The first pass's ``package.use``: each clear with the cycles it breaks, why it is
    temporary, and the command that shows it again."""
    s = passes.suggestion
    breaks: dict[tuple, set[str]] = {}
    for found in s.changes:
        flip = found.change
        key = (split_cpv(flip.package)[0], flip.flag, flip.enable)
        breaks.setdefault(key, set()).update(
            " -> ".join(k.cpv for k in (*s.cycles[i], s.cycles[i][0])) for i in found.breaks)
    command = _rederive(request, passes.packages)
    out: list[str] = []
    for change, lock in passes.locks:
        out += [""] if out else []
        out += [f"# breaks cycle: {text}" for text in
                sorted(breaks.get((change.package, change.flag, change.enable), ()))]
        out.append(f"# temporary: {lock}" if lock else
                   "# temporary (no package of the build needs the flag)")
        out += [f"# re-derive: {command}", change.line()]
    return "\n".join(out) + "\n"


def _rederive(request: BoardRequest, packages) -> str:
    return " ".join(("bootorder", "cycles", "--suggest-use", *request.tree_args,
                     "--profile", request.profile, "--host-profile", request.host_profile,
                     "--host", SEED, "--sysroot", "target", "--implicit", "off",
                     *packages))


def _left(passes: TemporaryUse) -> tuple[Problem, ...]:
    return tuple(Problem("build-cycle", None, " ".join(sorted(k.cpv for k in comp)), (),
                         "a hard cycle of the first pass no flag clear breaks",
                         "break it by hand (a bootstrap package or a USE change the "
                         "cycle's dependents allow)") for comp in passes.left)


def _why_first(passes: TemporaryUse) -> str:
    s = passes.suggestion
    bound = "the fewest, exact" if s.exact else \
        f"at least {s.lower_bound}: greedy, the search was cut short"
    return ("Flatcar's break_dep_loop, derived: the packages of the board root's hard build "
            f"cycles ({len(passes.packages)}), built with {len(passes.changes)} flags cleared "
            f"({bound}), plus what they need; the next step rebuilds them with the profile's "
            "flags. The clears are temporary: packages of the full build need some of these "
            "flags (see the comments of package.use).")


def _why_board(passes: TemporaryUse) -> str:
    rebuilt = (" The first pass's packages are rebuilt with the profile's flags "
               "(--newuse); their cycle edges now point at installed packages.") \
        if passes.packages else ""
    return ("build_packages' full run in the board root: DEPEND and RDEPEND in the board "
            "root (SYSROOT=ROOT), BDEPEND from the SDK in /." + rebuilt)


_BASELAYOUT_WHY = (
    "setup_board first merges sys-apps/baselayout alone into the new board root, with "
    "--nodeps, so that the root has its directory layout before anything else lands "
    "there. It proves nothing about build needs: the SDK in / provides them.")
