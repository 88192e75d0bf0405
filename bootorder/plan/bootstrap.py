"""A build without a seed as a plan: ``bootstrap-<pn>`` steps, then the stage.

For a stage resolved on a build host that lacks the tree's packages (``--host empty``,
or a partial ``vdb:PATH``), :func:`bootstrap_plan` writes the steps a build runs
(``shared/PLAN.md``, kind ``bootstrap``):

1. one ``bootstrap-<pn>`` step per package :func:`bootorder.bootstrap.seedless.seedless_bootstrap`
   pre-builds: ``emerge --oneshot --nodeps =<cpv>`` into ``/``, with the stage's
   make.conf and, in the step's own ``portage/``, one line per flag its reduced build
   turns off (``package.use/bootstrap``; a forced flag is masked in
   ``profile/package.use.mask/bootstrap``), in an order where each step's build needs
   within the plan come first; ``installed["/"]`` holds what the earlier steps merged
   (and a partial host's packages);
2. the stage (``stage1``: catalyst's stage-1 list under ``USE="-* build $BOOTSTRAP_USE"``
   with ``--implicit-system-deps=n --oneshot``; else ``stage`` with the targets and
   ``--oneshot --implicit-system-deps=n``) into an empty target root, with every
   step's merge in ``/``; its ``merge`` lists what emerge then builds in both roots
   (:attr:`bootorder.bootstrap.seedless.SeedlessBootstrap.stage`).

The stage's own USE fixes (``REQUIRED_USE`` under ``-*``, :mod:`bootorder.plan.fixes`)
and, with scope ``unbreakable``, the USE changes that break cycles first, go to the
stage's ``portage/package.use/bootorder/stage``; a bootstrap step repeats the stage's
lines for its own package. Plan level (``plan.json``'s ``bootstrap``): which packages
the stage builds again in the target root (``rebuilt``: the host's influence gone)
and which stay host-built, which steps emerge needs and which only the implicit
toolchain model asks for.

>>> from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
>>> tree = Tree.open([example_repository_path()])
>>> plan, found = bootstrap_plan(tree, BootstrapRequest(EXAMPLE_PROFILE, implicit=False))
>>> [s.name for s in plan.steps]
['bootstrap-xz-utils', 'bootstrap-glibc', 'stage1']
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Callable

from ..bootstrap.seedless import PrebuiltStep, SeedlessBootstrap, seedless_bootstrap
from ..bootstrap.synthesis import allowed_use_changes
from ..config.configuration import Config
from ..config.profile import Profile
from ..config.stage1list import stage1_list
from ..core.errors import BootorderError
from ..core.gcpause import freezing_gc
from ..core.reporter import NULL_REPORTER, Reporter
from ..core.usechange import UseChange, with_values
from ..order.backtrack import resolve
from ..resolver.host import HostModel
from ..syntax.version import cp_of, split_cpv
from .catalyst import stage1_use
from .fixes import derive_fixes, package_use_text
from .mirror import repository_commit
from .model import Installed, Merge, Plan, Step, step_dir
from .steps import merges_of, use_of

__all__ = ["BootstrapRequest", "bootstrap_plan", "SCOPES", "STAGE_EMERGE", "NODEPS_EMERGE"]

SCOPES = ("all", "unbreakable")
STAGE_EMERGE = ("--implicit-system-deps=n", "--oneshot")
"""The stage's emerge options (catalyst's stage 1's)."""
NODEPS_EMERGE = ("--oneshot", "--nodeps")
"""A ``bootstrap-*`` step's emerge options."""


@dataclass(frozen=True, slots=True)
class BootstrapRequest:
    """What to plan: the profile, the targets (none: catalyst's stage-1 list), catalyst's
    stage-1 USE (``stage1``, implied without targets), the build host (``empty``,
    ``vdb:PATH``; ``seed`` leaves nothing to pre-build), the implicit toolchain model,
    the scope (``all``: every hard cycle gets a step; ``unbreakable``: the USE changes
    the profile allows come first), ``--with`` changes, and the command lines that name
    the tree (for the comments) and make the plan (recorded)."""

    profile: str
    targets: tuple[str, ...] = ()
    stage1: bool = False
    host: str = "empty"
    implicit: bool = True
    scope: str = "all"
    changes: tuple[UseChange, ...] = ()
    compiler: str = "sys-devel/gcc"
    tree_args: tuple[str, ...] = ()
    command: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise BootorderError(f"--scope {self.scope}: expected one of {', '.join(SCOPES)}")
        HostModel.parse(self.host)
        if not self.targets:
            object.__setattr__(self, "stage1", True)


@dataclass(frozen=True, slots=True)
class _Stage:
    """The stage's profile, atoms and make.conf, and the lines its config holds."""

    tree: object
    request: BootstrapRequest
    profile: Profile
    atoms: tuple[str, ...]
    make_conf: tuple[tuple[str, str], ...]
    reporter: Reporter

    @property
    def name(self) -> str:
        return "stage1" if self.request.stage1 else "stage"

    def config(self, changes=()) -> Config:
        use = dict(self.make_conf).get("USE")
        return Config(self.tree, self.profile, make_conf_use=use,
                      package_use=[(_atom(c.package), c.token()) for c in changes],
                      reporter=self.reporter)

    def resolve(self, config):
        return resolve(config, list(self.atoms), host=self.request.host,
                       implicit=self.request.implicit, reporter=self.reporter)

    def rederive(self, changes) -> str:
        words = ["bootorder", "stage1" if self.request.stage1 else "cycles",
                 *self.request.tree_args, "--profile", self.request.profile,
                 "--host", self.request.host, "--implicit",
                 "on" if self.request.implicit else "off", *self.request.targets]
        return " ".join(words + [f"--with '{value}'" for value in with_values(changes)])


def _atom(package: str) -> str:
    """A package of a USE change as an atom: a plain cpv gets ``=``."""
    try:
        split_cpv(package)
    except ValueError:
        return package
    return package if package[0] in "=<>~" else "=" + package


def bootstrap_plan(tree, request: BootstrapRequest, reporter: Reporter = NULL_REPORTER
                   ) -> tuple[Plan, SeedlessBootstrap]:
    """The plan of a seedless build (module docstring) and the computation behind it."""
    stage = _open_stage(tree, request, reporter)
    with freezing_gc() as freeze:  # each resolution's pause freezes what it built
        return _bootstrap_plan(stage, request, freeze)


def _bootstrap_plan(stage: _Stage, request: BootstrapRequest, freeze: Callable[[], None]
                    ) -> tuple[Plan, SeedlessBootstrap]:
    fixed = derive_fixes(lambda made: stage.config(request.changes + made), stage.resolve,
                         stage.rederive)
    lines = [_Line(c, ("given on the command line (--with)",)) for c in request.changes]
    lines += [_Line(x.change, tuple(sys.intern(c) for c in x.comments())) for x in fixed.lines]
    graph, config, problems, flips = fixed.graph, fixed.config, fixed.problems, ()
    del fixed  # a whole tree's graph and configuration: not kept once replaced
    if request.scope == "unbreakable":
        flips = tuple(allowed_use_changes(graph, config))
        rederive = f"re-derive: {stage.rederive(())} (bootorder cycles --suggest-use)"
        lines += [_Line(f, (f"a USE change that breaks a build cycle: {f.reason or f}",
                            rederive)) for f in flips]
        if flips:
            graph = None  # the configuration is kept until replaced: they share a memo
            config = stage.config([x.change for x in lines])
            graph = stage.resolve(config)
    found = seedless_bootstrap(graph, config, compiler=request.compiler,
                               scope=request.scope, use_changes=flips)
    freeze()  # what the plan is made of (the search's pause leaves garbage: not lasting)
    plan = _plan(stage, found, lines, config, problems)
    return plan, found


def _open_stage(tree, request: BootstrapRequest, reporter: Reporter) -> _Stage:
    profile = Profile.load(tree, request.profile, reporter)
    make_conf = (("USE", stage1_use(profile)),) if request.stage1 else ()
    atoms = tuple(request.targets) or tuple(stage1_list(profile, reporter))
    if not atoms:
        raise BootorderError(f"profile {request.profile}: packages.build lists nothing: "
                             "give the targets to plan")
    return _Stage(tree, request, profile, atoms, make_conf, reporter)


@dataclass(frozen=True, slots=True)
class _Line:
    """One generated configuration line (duck-typed for
    :func:`bootorder.plan.fixes.package_use_text`)."""

    change: UseChange
    notes: tuple[str, ...]

    def comments(self) -> list[str]:
        return [n if n.startswith("#") else "# " + n for n in self.notes]


def _plan(stage: _Stage, found: SeedlessBootstrap, lines: list[_Line], config,
          problems) -> Plan:
    host = _host_entries(stage)
    seed = HostModel.parse(stage.request.host).kind == "seed"
    steps, files, merged = [], {}, []
    lines_of: dict[str, list[_Line]] = {}  # per package name, in order
    for x in lines:
        lines_of.setdefault(_cp(x.change.package), []).append(x)
    for i, s in enumerate(found.steps):
        step, step_files = _bootstrap_step(stage, i, s, lines_of.get(cp_of(s.key.cpv), []), host,
                                           tuple(merged), [x.name for x in steps])
        steps.append(step)
        files.update(step_files)
        merged += [Installed(m.cpv, m.use) for m in step.merge]
    index = len(steps)
    confdir = f"{step_dir(index, stage.name)}/portage" if lines else None
    if lines:
        files[f"{confdir}/package.use/bootorder/{stage.name}"] = package_use_text(
            [_Line(UseChange(_atom(x.change.package), x.change.flag, x.change.enable),
                   x.notes) for x in lines])
    steps.append(Step(
        name=stage.name, profile=stage.request.profile, atoms=stage.atoms, root="target",
        sysroot="/", make_conf=stage.make_conf, config=confdir, emerge=STAGE_EMERGE,
        installed=(("/", "seed" if seed else host + tuple(merged)), ("target", ())),
        installed_from=_origin([s.name for s in steps], host),
        merge=merges_of(found.emerge_stage, config, STAGE_EMERGE, order=found.stage_order()),
        why=_stage_why(stage, found)))
    return Plan(kind="bootstrap", profile=stage.request.profile, steps=tuple(steps),
                repositories=tuple((r.name, r.path and repository_commit(r.path))
                                   for r in stage.tree.repos),
                problems=problems, files=tuple(files.items()), command=stage.request.command,
                bootstrap=_plan_level(found))


def _plan_level(found: SeedlessBootstrap) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return (("rebuilt", tuple(s.key.cpv for s in found.steps if s.rebuilt)),
            ("host_built", tuple(s.key.cpv for s in found.steps if not s.rebuilt)),
            ("emerge_needs", tuple(s.name for s in found.emerge_steps)),
            ("implicit_only", tuple(s.name for s in found.steps if s.implicit)))


def _host_entries(stage: _Stage) -> tuple[Installed, ...]:
    """What a partial host (``vdb:PATH``) holds, as installed entries (the tree's
    metadata, or the entry's own when the tree lacks the version)."""
    model = HostModel.parse(stage.request.host)
    if model.kind != "vdb":
        return ()
    from ..tree.repository import Repository
    vdb = Repository.open_vdb(model.path, stage.reporter)
    out = []
    for pkg in sorted(vdb.packages(), key=lambda p: p.cpv):
        known = any(p.cpv == pkg.cpv for p in stage.tree.versions(pkg.cp))
        meta = None if known else tuple((k, pkg.get(k)) for k in
                                        ("EAPI", "SLOT", "IUSE", "KEYWORDS", "DEPEND",
                                         "RDEPEND", "BDEPEND", "PDEPEND", "IDEPEND"))
        out.append(Installed(pkg.cpv, tuple(sorted(pkg.use)), pkg.origin or None,
                             pkg.get("SLOT").strip() or None, metadata=meta))
    return tuple(out)


def _step_lines(stage: _Stage, s: PrebuiltStep, lines: list[_Line]
                ) -> tuple[list[_Line], list[_Line]]:
    """``(package.use lines, package.use.mask lines)`` of a step: the stage's lines for
    its package, then one per flag its reduced build turns off."""
    atom = "=" + s.key.cpv
    own = [_Line(UseChange(atom, x.change.flag, x.change.enable), x.notes) for x in lines
           if _names(x.change.package, s.key.cpv)]
    masks = []
    for off in s.reduced.off:
        why = f"{s.name}: {off.why}" + (f" ({', '.join(off.pulls)})" if off.pulls else "")
        note = (why, sys.intern("re-derive: " + (" ".join(stage.request.command)
                                                 or "bootorder plan bootstrap")))
        if off.flag in s.reduced.unforced:
            masks.append(_Line(UseChange(atom, off.flag, True), note + (
                "the profile forces it: masked (a mask wins over a force)",)))
        else:
            own.append(_Line(UseChange(atom, off.flag, False), note))
    return own, masks


def _cp(package: str) -> str:
    """The package name of a USE change's package (an atom or a cpv)."""
    from ..syntax.atom import Atom
    return Atom.parse(_atom(package)).cp


def _names(package: str, cpv: str) -> bool:
    """Does the atom (or cpv) of a USE change name ``cpv``?"""
    from ..syntax.atom import Atom
    return Atom.parse(_atom(package)).matches(cpv)


def _bootstrap_step(stage: _Stage, index: int, s: PrebuiltStep, lines: list[_Line],
                    host: tuple[Installed, ...], merged: tuple[Installed, ...],
                    before: list[str]) -> tuple[Step, dict[str, str]]:
    own, masks = _step_lines(stage, s, lines)
    confdir = f"{step_dir(index, s.name)}/portage"
    files = {}
    if own:
        files[f"{confdir}/package.use/bootstrap"] = package_use_text(own)
    if masks:
        files[f"{confdir}/profile/package.use.mask/bootstrap"] = package_use_text(masks)
    config = Config(stage.tree, stage.profile, make_conf_use=dict(stage.make_conf).get("USE"),
                    package_use=[(x.change.package, x.change.token()) for x in own],
                    forced_use=[UseChange(x.change.package, x.change.flag, False)
                                for x in masks], reporter=stage.reporter)
    use = use_of(config, _one_node(s), s.key)
    return Step(name=s.name, profile=stage.request.profile, atoms=("=" + s.key.cpv,),
                root="/", make_conf=stage.make_conf, config=confdir if files else None,
                emerge=NODEPS_EMERGE, installed=(("/", host + merged),),
                installed_from=_origin(before, host),
                merge=(Merge(s.key.cpv, "/", use),), why=_step_why(s, before)), files


def _origin(steps: list[str], host: tuple) -> tuple:
    """``installed_from`` of ``/``: the earlier steps, when ``/`` holds nothing else (a
    partial host's own packages are not an earlier step's merges)."""
    return (("/", tuple(steps)),) if steps and not host else ()


def _one_node(s: PrebuiltStep):
    from ..graph.depgraph import DepGraph
    g = DepGraph()
    g.add_package(s.key.cpv, "host", use=s.reduced.use)
    return g


def _cycle_text(cycle) -> str:
    return " -> ".join(k.cpv for k in tuple(cycle) + tuple(cycle[:1]))


def _step_why(s: PrebuiltStep, before: list[str]) -> str:
    edges = "; ".join(f"{e.source.cpv} {e.cls} {e.atom}" for e in s.implicit)
    need = (f"Only bootorder's implicit toolchain model needs it (emerge, run with "
            f"--implicit-system-deps=n, does not see the edges {edges}); it breaks "
            if s.implicit else "emerge needs it to break ")
    host = s.host_tools() + (", and " + ", ".join(s.host_needs) if s.host_needs else "")
    earlier = (f" Earlier steps provide {', '.join(k.cpv for k in s.needs)}."
               if s.needs else "")
    fate = ("The stage builds it again into the target root, without the host's "
            "influence." if s.rebuilt else "It stays host-built: the target root does not "
            "get it, / keeps this build.")
    return (f"{s.name} builds {s.key.cpv} into / before the stage. {need}the hard cycle "
            f"{_cycle_text(s.cycle)}: once in /, it meets every dependency on it in / "
            f"that its build meets (build, install and runtime), so the stage does not "
            f"build it again there. Its build: {'; '.join(s.differs()[1:])}. It runs "
            f"with --nodeps, so it proves nothing about build needs: the host must "
            f"provide, outside the tree, {host}.{earlier} {fate}")


def _stage_why(stage: _Stage, found: SeedlessBootstrap) -> str:
    what = ("catalyst's stage 1: the profile's packages.build list under make.conf "
            "USE=\"-* build $BOOTSTRAP_USE\"" if stage.request.stage1
            else "the targets")
    steps = ", ".join(s.name for s in found.steps) or "no bootstrap step"
    left = (f" {len(found.left)} hard cycle(s) no step breaks are left: the stage fails "
            "there." if found.left else " No hard cycle is left.")
    return (f"The stage: {what}, merged into an empty target root on a build host that "
            f"holds only what {steps} built (and a partial host's packages). emerge "
            "builds every other build dependency into / first, in an order the pre-built "
            "packages make possible." + left)
