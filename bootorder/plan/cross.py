"""A cross toolchain for one target tuple as a plan: crossdev's passes, each one step.

``bootorder plan cross --target TUPLE`` plans what Flatcar's SDK build runs
(``build_library/toolchain_util.sh``): pin the versions emerge picks for the native
toolchain on the build host's profile (``emerge --pretend --nodeps sys-devel/binutils
sys-devel/gcc sys-kernel/linux-headers sys-libs/glibc dev-debug/gdb``), then ``crossdev
--ex-gdb --target TUPLE --binutils =V --gcc =V --kernel =V --libc =V --gdb =V
--portage "<opts>" --ov-output <overlay> --init-target`` and the same with ``--stage4``.

Each crossdev pass is a step (``config_root``, ``root`` and ``sysroot`` are ``/``:
crossdev emerges into the host; linux-headers and the libc install under
``/usr/<tuple>``, the sysroot, which each step's ``why`` says): its order derived from
the metadata (:func:`bootorder.toolchain.crossdev.derive_passes`), its ``package.use``
line as crossdev writes it but with the first gcc's disabled features derived from the
gcc ebuild's IUSE (:func:`bootorder.toolchain.crossdev.stage1_disabled`), its merge the
pass's ``cross-<tuple>`` package with the USE bootorder computes for it. ``/`` holds an
idealised seed (every host dependency) and, over it, what the earlier passes merged.
The plan ships the ``cross-<tuple>`` overlay (:mod:`bootorder.plan.cross_overlay`) and
records, under ``cross``, the versions, the crossdev commands, the derived order and
the first gcc's USE next to crossdev's.

>>> from bootorder.toolchain.crossdev import CrossTarget
>>> native_atoms(CrossTarget.parse("aarch64-cros-linux-gnu"), gdb=True)[-2:]
(('glibc', 'sys-libs/glibc'), ('gdb', 'dev-debug/gdb'))
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..config.configuration import Config
from ..config.profile import Profile
from ..core.errors import BootorderError
from ..core.reporter import NULL_REPORTER, Reporter
from ..core.usechange import UseChange
from ..toolchain.crossdev import (CROSSDEV, CROSSDEV_ORDER, CrossTarget, cross_metadata,
                                  crossdev_masks, crossdev_use, derive_passes,
                                  stage1_disabled)
from ..tree.repository import Repository, Tree
from .cross_overlay import OVERLAY_KEYS, crossdev_config, overlay_files
from .mirror import repository_commit
from .model import Installed, Merge, Plan, Step, step_dir

__all__ = ["CrossRequest", "cross_plan", "native_atoms", "pass_use", "crossdev_stage1_line",
           "sysroot_plan", "OVERLAY_LOCATION"]

OVERLAY_LOCATION = "/usr/local/portage/crossdev"
"""Where Flatcar's ``configure_crossdev_overlay`` puts crossdev's overlay."""
_EMERGE = {"binutils": ("-u",), "gcc-stage1": ("-u", "--buildpkg=n"),
           "linux-headers": ("-u",), "libc": ("-u",), "gcc-stage2": ("-u", "--newuse"),
           "gdb": ("-u", "--newuse")}
"""crossdev's emerge options per pass (after ``--portage``'s words)."""


@dataclass(frozen=True, slots=True)
class CrossRequest:
    """What to plan: the tuple, the build host's profile, crossdev's ``--portage``
    words, whether gdb is built (Flatcar's ``--ex-gdb``), the command line, the
    target's profile (``REPO:PATH``: its ``@system`` is planned into the sysroot; None:
    the plan ends with the toolchain) and the options naming the tree."""

    target: str
    profile: str
    portage: tuple[str, ...] = ()
    gdb: bool = True
    command: tuple[str, ...] = ()
    target_profile: str | None = None
    tree_args: tuple[str, ...] = ()


def native_atoms(target: CrossTarget, gdb: bool) -> tuple[tuple[str, str], ...]:
    """``(pn, native package)`` of the cross toolchain, crossdev's order of packages."""
    out = (("binutils", "sys-devel/binutils"), ("gcc", "sys-devel/gcc"),
           ("linux-headers", "sys-kernel/linux-headers"),
           (target.libc, f"{target.libc_category}/{target.libc}"))
    return out + ((("gdb", "dev-debug/gdb"),) if gdb else ())


def pass_use(target: CrossTarget, name: str, gcc_iuse: str) -> tuple[str, ...]:
    """The ``package.use`` words of the pass ``name`` (crossdev's ``set_use``: the
    tuple's per-package USE, crossdev's ``-selinux``, the pass's disabled flags,
    ``-multilib``); the first gcc's disabled flags are derived from ``gcc_iuse``."""
    pn = "gcc" if name.startswith("gcc") else name
    words = list(crossdev_use(target).get(pn, ())) + list(CROSSDEV["USE"])
    if name == "gcc-stage1":
        words += list(CROSSDEV["GUSE_DISABLE"]) + [
            f"-{flag}" for flag, _ in stage1_disabled(gcc_iuse)
            if f"-{flag}" not in CROSSDEV["GUSE_DISABLE"]]
    elif name == "gcc-stage2":
        words += CROSSDEV["GUSE_DISABLE_STAGE_2"]
    elif name == "linux-headers":
        words += CROSSDEV["KUSE_STAGE_1"]
    elif name == target.libc:
        words += CROSSDEV["LUSE_DISABLE"]
    return tuple(words) + ("-multilib",)


@dataclass(frozen=True, slots=True)
class _Toolchain:
    """The pinned native packages, the cross metadata, and a tree with the overlay."""

    target: CrossTarget
    natives: dict
    entries: dict
    tree: Tree
    profile: Profile

    @classmethod
    def pin(cls, tree, request: CrossRequest, target: CrossTarget, reporter) -> _Toolchain:
        host = Config(tree, Profile.load(tree, request.profile, reporter), reporter=reporter)
        natives = {}
        for pn, atom in native_atoms(target, request.gdb):
            pkg = host.best_visible(atom)
            if pkg is None:
                raise BootorderError(f"{atom}: no visible version on {request.profile} "
                                     "to pin the cross package to")
            natives[pn] = pkg
        entries = {f"{target.category}/{pkg.pf}": cross_metadata(
            target, pn, {k: pkg.get(k) for k in OVERLAY_KEYS}) for pn, pkg in natives.items()}
        overlay = Repository.from_dict(target.category, entries,
                                       masters=[r.name for r in tree.repos])
        full = Tree([*tree.repos, overlay], reporter)
        return cls(target, natives, entries, full, Profile.load(full, request.profile,
                                                                 reporter))

    def cpv(self, pn: str) -> str:
        return f"{self.target.category}/{self.natives[pn].pf}"

    def use_of(self, pn: str, words, masks) -> tuple[str, ...]:
        """The USE portage records for the cross ``pn`` under the pass's line."""
        cat = self.target.category
        forced = [UseChange(f"{cat}/{p}", flag, kind == 1)
                  for p, pair in masks.items() for kind in (0, 1) for flag in pair[kind]]
        config = Config(self.tree, self.profile, package_use=[(f"{cat}/{pn}", " ".join(words))],
                        forced_use=forced)
        pkg = self.tree.repo(cat).package(self.cpv(pn))
        return tuple(sorted(config.effective_use(pkg)))


def cross_plan(tree, request: CrossRequest, reporter: Reporter = NULL_REPORTER) -> Plan:
    """The cross toolchain of ``request.target`` as a plan (module docstring)."""
    target = CrossTarget.parse(request.target)
    tc = _Toolchain.pin(tree, request, target, reporter)
    gcc_iuse = tc.natives["gcc"].get("IUSE")
    passes = derive_passes(target, {pn: tc.entries[tc.cpv(pn)] for pn in tc.natives})
    masks = {pn: crossdev_masks(target)[pn] for pn in tc.natives}
    lines = {p.name: pass_use(target, p.name, gcc_iuse) for p in passes}
    last_line = {p.pn: lines[p.name] for p in passes}        # --init-target's set_use
    pins = {pn: pkg.version for pn, pkg in tc.natives.items()}
    steps: list[Step] = []
    files = overlay_files(target.category, [r.name for r in tree.repos], tc.entries,
                          {tc.cpv(pn): f"{pkg.cpv} evaluated under CATEGORY="
                           f"{target.category}" for pn, pkg in tc.natives.items()})
    current = dict(last_line)
    for index, p in enumerate(passes):
        current[p.pn] = lines[p.name]
        confdir = f"{step_dir(index, p.name)}/portage"
        for rel, text in crossdev_config(target.category, pins, {
                pn: " ".join(words) for pn, words in current.items()}, masks).items():
            files[f"{confdir}/{rel}"] = text
        steps.append(_step(tc, request, p, lines[p.name], masks, confdir, steps))
    problems: tuple = ()
    if request.target_profile:
        board = sysroot_plan(tree, request, target, len(steps), reporter)
        steps += board.steps
        files.update(board.files)
        problems = board.problems
    return Plan(kind="cross", profile=request.profile, steps=tuple(steps),
                repositories=tuple((r.name, r.path and repository_commit(r.path))
                                   for r in tree.repos),
                problems=problems, files=tuple(files.items()),
                overlays=((target.category, f"overlays/{target.category}"),),
                command=request.command,
                cross=_summary(target, request, tc, passes, pins, gcc_iuse, lines, masks))


def sysroot_plan(tree, request: CrossRequest, target: CrossTarget, offset: int,
                 reporter: Reporter = NULL_REPORTER) -> Plan:
    """The target's ``@system`` into the sysroot ``/usr/<tuple>`` as issue 19's board
    plan makes it (:func:`bootorder.plan.board.board_plan`: ROOT=SYSROOT=
    PORTAGE_CONFIGROOT=the sysroot, the build host's profile for ``/``; make.conf
    ``CHOST`` the tuple, ``CBUILD`` and ``HOSTCC`` the host's, as Flatcar's
    ``_configure_sysroot`` writes them), its steps renamed ``sysroot-<name>`` and
    numbered after the ``offset`` toolchain steps."""
    from .board import BoardRequest, board_plan
    cbuild = Profile.load(tree, request.profile, reporter).variables.get("CHOST", "")
    make_conf = (("CHOST", target.tuple),) + (
        (("CBUILD", cbuild), ("HOSTCC", f"{cbuild}-gcc")) if cbuild else ())
    board = board_plan(tree, BoardRequest(request.target_profile, request.profile,
                                          ("@system",), tree_args=request.tree_args,
                                          command=request.command, make_conf=make_conf),
                       reporter)
    names = {s.name: f"sysroot-{s.name}" for s in board.steps}
    dirs = {step_dir(i, s.name): step_dir(offset + i, names[s.name])
            for i, s in enumerate(board.steps)}

    def moved(path):
        top = "/".join((path or "").split("/")[:2])
        return dirs[top] + path[len(top):] if top in dirs else path

    why = (f" Here the board root is the cross toolchain's sysroot /usr/{target.tuple} "
           f"(emerge-{target.tuple}, crossdev's wrapper, runs with ROOT=SYSROOT="
           f"PORTAGE_CONFIGROOT=/usr/{target.tuple}), with {request.target_profile}.")
    steps = tuple(replace(s, name=names[s.name], config=moved(s.config),
                          host_config=moved(s.host_config), why=s.why + why,
                          installed_from=tuple((r, tuple(names[n] for n in ns))
                                               for r, ns in s.installed_from))
                  for s in board.steps)
    return replace(board, steps=steps, files=tuple((moved(p), t) for p, t in board.files))


def _step(tc: _Toolchain, request, p, words, masks, confdir: str, before: list[Step]) -> Step:
    held: dict[str, Installed] = {}
    for step in before:
        for m in step.merge:
            held[_cp(m.cpv)] = Installed(m.cpv, m.use, repo=tc.target.category)
    use = tc.use_of(p.pn, words, masks)
    cpv = tc.cpv(p.pn)
    old = held.get(_cp(cpv))
    merge = () if old is not None and old.use == use else (Merge(cpv, "/", use),)
    stage_key = p.name if p.name in _EMERGE else "libc"
    return Step(name=p.name, profile=request.profile, atoms=(f"{tc.target.category}/{p.pn}",),
                config=confdir, emerge=(*request.portage, *_EMERGE[stage_key]),
                installed=(("/", "seed"),), over_seed=tuple(held.values()),
                installed_from=(("/", tuple(s.name for s in before)),) if before else (),
                merge=merge, why=_why(tc.target, p))


def _cp(cpv: str) -> str:
    from ..syntax.version import split_cpv
    return split_cpv(cpv)[0]


def _why(target: CrossTarget, p) -> str:
    where = (f"installs into the sysroot /usr/{target.tuple}" if p.sysroot else
             f"a host tool for {target.tuple}")
    needs = "; ".join(f"needs {dep} ({why})" for dep, why in p.needs) or "needs no other pass"
    what = {
        "binutils": "crossdev's stage 0: the target's assembler and linker",
        "gcc-stage1": "crossdev's stage 1: a bare C compiler, built before any C library "
                      "exists (the features a C-only compiler without a libc cannot "
                      "build are off: see plan.json's cross.stage1_use)",
        "linux-headers": "crossdev's stage 2: the kernel headers the C library is built "
                         "against",
        "gcc-stage2": "crossdev's stage 4: the full compiler, rebuilt now that the C "
                      "library is installed (toolchain.eclass configures it against the "
                      "sysroot); the same package as the first gcc, merged again because "
                      "--newuse sees the USE change",
        "gdb": "crossdev's --ex-gdb: the debugger for the target"}.get(
        p.name, "crossdev's stage 3: the C library, built by the first gcc")
    return (f"{what}; {where}; {needs}. The seed provides every host dependency; the "
            "earlier passes' cross packages are installed over it.")


def crossdev_stage1_line(target: CrossTarget) -> tuple[str, ...]:
    """crossdev's own ``package.use`` words for the first gcc of ``target``: ``${GUSE}
    ${USE} ${GUSE_DISABLE_STAGE_1}`` and ``-multilib``."""
    return (*crossdev_use(target)["gcc"], *CROSSDEV["USE"], *CROSSDEV["GUSE_DISABLE_STAGE_1"],
            "-multilib")


def _summary(target, request, tc, passes, pins, gcc_iuse, lines, masks) -> dict:
    derived = [f for f, _ in stage1_disabled(gcc_iuse)]
    iuse = {w.lstrip("+-") for w in gcc_iuse.split()}
    crossdev = [w[1:] for w in CROSSDEV["GUSE_DISABLE_STAGE_1"]]
    order = [p.name.replace(target.libc, "libc") for p in passes if p.name != "gdb"]
    flags = ["--ex-gdb"] if request.gdb else []
    flags += ["--target", target.tuple]
    for pn, option in (("binutils", "--binutils"), ("gcc", "--gcc"),
                       ("linux-headers", "--kernel"), (target.libc, "--libc"),
                       ("gdb", "--gdb")):
        if pn in pins:
            flags += [option, f"={pins[pn]}"]
    flags += ["--portage", " ".join(request.portage), "--ov-output", OVERLAY_LOCATION]
    return {
        "target": target.tuple, "arch": target.arch, "sysroot": f"/usr/{target.tuple}",
        "crossdev_source": CROSSDEV["source"],
        "versions": {pn: tc.natives[pn].cpv for pn in tc.natives},
        "crossdev": [["crossdev", *flags, "--init-target"], ["crossdev", *flags, "--stage4"]],
        "passes": [{"step": p.name, "package": tc.cpv(p.pn), "crossdev_stage": p.stage,
                    "sysroot": p.sysroot, "use": list(lines[p.name]),
                    "needs": [{"pass": d, "why": w} for d, w in p.needs]} for p in passes],
        "order": {"derived": order, "crossdev": list(CROSSDEV_ORDER),
                  "same": order == list(CROSSDEV_ORDER)},
        "stage1_use": {
            "derived": [{"flag": f, "why": w} for f, w in stage1_disabled(gcc_iuse)],
            "crossdev": crossdev,
            "only_derived": sorted(set(derived) - set(crossdev)),
            "only_crossdev": sorted(f for f in set(crossdev) - set(derived) if f in iuse),
            "crossdev_not_in_iuse": sorted(f for f in crossdev if f not in iuse),
            "crossdev_line": list(crossdev_stage1_line(target)),
            "same_use_as_crossdev": tc.use_of("gcc", lines["gcc-stage1"], masks)
            == tc.use_of("gcc", crossdev_stage1_line(target), masks)}}
