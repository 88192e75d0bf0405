"""``bootorder verify``: replay every step of a plan with portage's resolver and say
whether it holds (PLAN.md): emerge exits 0, reports no circular dependency and merges
exactly the step's ``merge`` (the same (cpv, root) set and, per package, the same
enabled flags among those emerge displays). A ``--depclean`` step merges nothing and
must remove exactly its ``unmerge`` list.

With ``minimal``, every generated line (each non-comment line of the files under a
step's ``config`` or ``host_config``) is removed in turn and the steps from the first
one using that directory onwards are replayed again: the line is needed when one of
them then fails (a step that failed already: when it fails in a new way). Every
``bootstrap-*`` step (a package pre-built into ``/``) is dropped in turn too, with its
merges taken out of the later steps' installed lists: it is needed when a later step
then fails outright (emerge exits non-zero or reports a cycle; merging more is what
dropping it must cause). A plan holds when every step holds and, with ``minimal``,
every line and every ``bootstrap-*`` step is needed, except a step the plan marks as
asked for by the implicit toolchain model only (``plan.json``'s
``bootstrap.implicit_only``: emerge does not see those edges), which is reported.

Also checked without emerge: an ``installed_from`` list must equal what the steps it
names merged into their own root (cpv and USE; a later step's merge of a package
replaces an earlier one's; for a seeded ``/``, its ``installed_over_seed``), and a
repository the plan names must
be in the tree (a commit that differs from the tree's is a note, not a failure). A
plan's ``overlays`` are added to the tree (not to an idealised seed: they hold what
the plan builds); a repository with a metadata cache but no
ebuilds is replayed on a mirror (:mod:`bootorder.plan.mirror`).

>>> compare_merges(EmergeResult(0), ())
[]
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.display import HtmlDisplay
from ..core.errors import BootorderError
from ..core.reporter import NULL_REPORTER, Reporter
from .emerge_output import EmergeResult, Flags
from .mirror import needs_mirror, repository_commit, write_mirror_repo
from .replay import ReplayTree, replay

__all__ = ["StepReport", "LineReport", "DropReport", "VerifyReport", "verify_plan",
           "compare_merges", "compare_unmerges", "replay_tree", "generated_lines",
           "without_step", "BOOTSTRAP_PREFIX"]

BOOTSTRAP_PREFIX = "bootstrap-"
"""The name of a step that pre-builds a package into ``/`` (and only of such a step)."""


@dataclass(frozen=True, slots=True)
class StepReport:
    """One step replayed: emerge's exit code, the cycle it printed, the differences
    from the plan (empty: the step holds), the merges counted, the command and time; a
    ``--depclean`` step's removals counted (``removed``, ``planned_removals``; None for
    other steps)."""

    name: str
    returncode: int
    cycle: tuple[str, ...]
    differences: tuple[str, ...]
    merged: int
    planned: int
    command: tuple[str, ...]
    seconds: float
    removed: int | None = None
    planned_removals: int | None = None

    @property
    def holds(self) -> bool:
        return not self.differences

    def to_json(self) -> dict:
        return {"name": self.name, "holds": self.holds, "exit": self.returncode,
                "cycle": list(self.cycle), "differences": list(self.differences),
                "merged": self.merged, "planned": self.planned,
                "command": list(self.command)} | (
            {} if self.removed is None else
            {"removed": self.removed, "planned_removals": self.planned_removals})


@dataclass(frozen=True, slots=True)
class LineReport:
    """One generated line removed (``--minimal``): the step that then failed (None:
    every step still held, so the line is not needed) and its first difference."""

    file: str
    line: int
    text: str
    failed_step: str | None
    reason: str

    @property
    def needed(self) -> bool:
        return self.failed_step is not None

    def to_json(self) -> dict:
        return {"file": self.file, "line": self.line, "text": self.text,
                "needed": self.needed, "failed_step": self.failed_step,
                "reason": self.reason}


@dataclass(frozen=True, slots=True)
class DropReport:
    """One ``bootstrap-*`` step dropped (``--minimal``): the later step that then failed
    (None: the rest still builds) and why; ``implicit_only``: the plan says only the
    implicit toolchain model asks for it."""

    step: str
    failed_step: str | None
    reason: str
    implicit_only: bool = False

    @property
    def needed(self) -> bool:
        return self.failed_step is not None

    @property
    def fine(self) -> bool:
        """Needed, or kept for the implicit model only (which emerge cannot check)."""
        return self.needed or self.implicit_only

    def to_json(self) -> dict:
        return {"step": self.step, "needed": self.needed, "failed_step": self.failed_step,
                "reason": self.reason, "implicit_only": self.implicit_only}


@dataclass(frozen=True, slots=True)
class VerifyReport(HtmlDisplay):
    """Every step's report, the plan-level differences, and with ``minimal`` every
    generated line's and every ``bootstrap-*`` step's (``dropped``)."""

    steps: tuple[StepReport, ...]
    plan_differences: tuple[str, ...] = ()
    lines: tuple[LineReport, ...] | None = None
    notes: tuple[str, ...] = ()
    dropped: tuple[DropReport, ...] | None = None

    @property
    def holds(self) -> bool:
        return (not self.plan_differences and all(s.holds for s in self.steps)
                and all(line.needed for line in self.lines or ())
                and all(d.fine for d in self.dropped or ()))

    def to_json(self) -> dict:
        return {"holds": self.holds, "steps": [s.to_json() for s in self.steps],
                "plan_differences": list(self.plan_differences),
                "lines": None if self.lines is None else [x.to_json() for x in self.lines],
                "notes": list(self.notes),
                "dropped_steps": None if self.dropped is None
                else [d.to_json() for d in self.dropped]}


def compare_merges(result: EmergeResult, merge, ignore=()) -> list[str]:
    """Differences between a replay and a step's ``merge`` (see the module docstring);
    problems of the kinds in ``ignore`` are not differences."""
    out = [f"{p.kind}: {_first_lines(p.text)}" for p in result.problems
           if p.kind not in ignore]
    if result.cycle:
        out.append("circular dependency: " + " -> ".join(result.cycle))
    if result.returncode != 0:
        out.append(f"emerge exited {result.returncode}")
    got = {m.key: m for m in result.merges}
    want = {(m.cpv, m.root): set(m.use) for m in merge}
    out += [f"not merged: {cpv} in {root}" for cpv, root in sorted(set(want) - set(got))]
    out += [f"merged, not in the plan: {cpv} in {root}"
            for cpv, root in sorted(set(got) - set(want))]
    for key in sorted(set(want) & set(got)):
        flags: Flags = got[key].flags
        expected = want[key] & flags.shown
        if expected != flags.enabled:
            out.append(f"USE of {key[0]} in {key[1]}: plan {' '.join(sorted(expected))!r}, "
                       f"emerge {' '.join(sorted(flags.enabled))!r}")
    return out


def compare_unmerges(result: EmergeResult, unmerge) -> list[str]:
    """Differences between what a replayed ``--depclean`` removes and ``unmerge``.

    >>> compare_unmerges(EmergeResult(0, unmerges=["a/b-1"]), ("c/d-2",))
    ['not removed: c/d-2', 'removed, not in the plan: a/b-1']
    """
    got, want = set(result.unmerges), set(unmerge)
    return ([f"not removed: {cpv}" for cpv in sorted(want - got)]
            + [f"removed, not in the plan: {cpv}" for cpv in sorted(got - want)])


def _first_lines(text: str, n: int = 4) -> str:
    return " / ".join(line.strip() for line in text.splitlines()[:n])


def replay_tree(tree, workdir: Path, overlays: dict[str, Path] | None = None,
                notes: list[str] | None = None) -> ReplayTree:
    """The repositories of a bootorder :class:`~bootorder.tree.repository.Tree` (and a
    plan's ``overlays``) as portage reads them; a metadata-only one is mirrored under
    ``workdir``, which ``notes`` says."""
    notes = [] if notes is None else notes
    repos = []
    for name, path in [(r.name, r.path) for r in tree.repos] + list((overlays or {}).items()):
        if path is None:
            raise BootorderError(f"repository {name} has no directory to replay")
        path = Path(path)
        if needs_mirror(path):
            notes.append(f"{name}: a metadata cache without ebuilds, replayed on a mirror "
                         "with one stub ebuild per cache entry (nothing is built)")
            path = write_mirror_repo(path, workdir / "mirror" / name)
        repos.append((name, path))
    main = next((r.name for r in tree.repos if not r.masters), tree.repos[0].name)
    return ReplayTree(tuple(repos), main, tuple(overlays or {}))


def _commit_notes(plan, tree: ReplayTree, sources: dict[str, Path]) -> list[str]:
    """A repository commit the plan names that differs from the tree's (not fatal);
    ``sources``: the repositories' own directories (not their mirrors)."""
    out = []
    for name, commit in plan.repositories:
        if commit is None or name not in tree.paths:
            continue
        head = repository_commit(sources.get(name, tree.paths[name]))
        if head != commit:
            out.append(f"repository {name}: the plan was made from {commit}, the tree is "
                       f"at {head or 'no git commit'}")
    return out


def generated_lines(plan, config: str) -> list[tuple[str, int, str]]:
    """``(file, 1-based line number, text)`` of every generated line under ``config``."""
    prefix = config.rstrip("/") + "/"
    return [(path, n, line) for path, text in plan.files if path.startswith(prefix)
            for n, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("#")]


def _step_report(step, files, tree, reporter) -> StepReport:
    done = replay(step, files, tree)
    reporter.note(f"step {step.name}: emerge exit {done.returncode}, "
                  f"{len(done.result.merges)} merges, {done.seconds:.1f} s")
    differences = compare_merges(done.result, step.merge, _expected(step))
    removals = None
    if "--depclean" in step.emerge:
        differences += compare_unmerges(done.result, step.unmerge)
        removals = (len(done.result.unmerges), len(step.unmerge))
    return StepReport(step.name, done.returncode, tuple(done.result.cycle),
                      tuple(differences),
                      len(done.result.merges), len(step.merge), done.command, done.seconds,
                      *(removals or ()))


def _expected(step) -> tuple[str, ...]:
    """Problem kinds the real build shows too: with the target's own configuration
    root the seed governs ``/`` alone, so a ``provided-args`` warning can only come from
    the target profile's package.provided (Flatcar's board: mailbase, psmisc in @system)."""
    return ("provided-args",) if step.config_root == "target" else ()


def _plan_differences(plan, tree: ReplayTree) -> list[str]:
    out = [f"repository {name} of the plan is not in the tree"
           for name, _ in plan.repositories if name not in tree.paths]
    merges = {s.name: {m.cpv: tuple(m.use) for m in s.merge if m.root == s.root}
              for s in plan.steps}
    removed = {s.name: s.unmerge for s in plan.steps}
    for step in plan.steps:
        for root, names in step.installed_from:
            held = step.installed_in(root)
            held = step.over_seed if held == "seed" else held
            have = {e.cpv: tuple(e.use) for e in held} if isinstance(held, tuple) else {}
            want: dict[str, tuple[str, ...]] = {}
            for name in names:                  # a later step's merge replaces an earlier
                want.update(merges.get(name, {}))
                for cpv in removed.get(name, ()):
                    want.pop(cpv, None)
            if have != want:
                out.append(f"step {step.name}: installed[{root!r}] is not what "
                           f"{', '.join(names)} merged")
    return out


def _line_report(plan, index, file, number, text, tree, before, reporter) -> LineReport:
    """Replay the steps from ``index`` without the line; ``before``: each step's
    differences with it (a step that already failed fails "more" or not at all)."""
    files = dict(with_line_removed(plan, file, number).files)
    for step in plan.steps[index:]:
        report = _step_report(step, files, tree, reporter)
        new = [d for d in report.differences if d not in before[step.name]]
        if new:
            return LineReport(file, number, text, step.name, new[0])
    return LineReport(file, number, text, None, "every step replays the same without it")


def verify_plan(plan, tree, *, minimal: bool = False, plan_dir=None,
                reporter: Reporter = NULL_REPORTER) -> VerifyReport:
    """Replay every step of ``plan`` on ``tree`` (a bootorder Tree, or a ReplayTree)
    and, with ``minimal``, every generated line removed (see the module docstring);
    ``plan_dir``: where the plan's ``overlays`` are."""
    workdir = Path(tempfile.mkdtemp(prefix="bootorder-verify-"))
    notes: list[str] = []
    try:
        overlays = {name: Path(plan_dir or ".") / rel for name, rel in plan.overlays}
        rtree = tree if isinstance(tree, ReplayTree) else replay_tree(tree, workdir,
                                                                      overlays, notes)
        sources = {} if isinstance(tree, ReplayTree) else {
            r.name: Path(r.path) for r in tree.repos if r.path is not None}
        notes += _commit_notes(plan, rtree, sources)
        for note in notes:
            reporter.note(note)
        files = dict(plan.files)
        steps = []
        for done, step in enumerate(plan.steps):
            reporter.progress("verify: replaying steps", done, len(plan.steps))
            steps.append(_step_report(step, files, rtree, reporter))
        steps = tuple(steps)
        before = {s.name: set(s.differences) for s in steps}
        lines = _minimal(plan, rtree, before, reporter) if minimal else None
        dropped = _drop_steps(plan, rtree, reporter) if minimal else None
        return VerifyReport(steps, tuple(_plan_differences(plan, rtree)), lines, tuple(notes),
                            dropped)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _minimal(plan, tree: ReplayTree, before, reporter) -> tuple[LineReport, ...]:
    out: list[LineReport] = []
    seen: set[str] = set()
    for index, step in enumerate(plan.steps):
        for config in (step.config, step.host_config):
            if not config or config in seen:
                continue
            seen.add(config)
            for file, number, text in generated_lines(plan, config):
                reporter.progress("verify --minimal: generated lines", len(out), None)
                out.append(_line_report(plan, index, file, number, text, tree, before,
                                        reporter))
    return tuple(out)


def with_line_removed(plan, file: str, number: int):
    """``plan`` with line ``number`` of ``file`` removed (a deliberately wrong plan)."""
    text = "\n".join(x for n, x in enumerate(dict(plan.files)[file].splitlines(), 1)
                     if n != number) + "\n"
    return replace(plan, files=tuple({**dict(plan.files), file: text}.items()))


def without_step(plan, name: str):
    """``plan`` without the step ``name``: its merges leave the later steps' installed
    lists of its root, its name their ``installed_from``."""
    index = [s.name for s in plan.steps].index(name)
    gone = plan.steps[index]
    merged = {m.cpv for m in gone.merge if m.root == gone.root}
    later = []
    for step in plan.steps[index + 1:]:
        held = step.installed_in(gone.root)
        installed = dict(step.installed)
        if isinstance(held, tuple):
            installed[gone.root] = tuple(e for e in held if e.cpv not in merged)
        origins = tuple((root, tuple(n for n in names if n != name))
                        for root, names in step.installed_from)
        later.append(replace(step, installed=tuple(installed.items()),
                             installed_from=tuple(o for o in origins if o[1])))
    return replace(plan, steps=plan.steps[:index] + tuple(later))


def _drop_steps(plan, tree: ReplayTree, reporter) -> tuple[DropReport, ...]:
    implicit = set(dict(plan.bootstrap).get("implicit_only", ()))
    out = []
    for index, step in enumerate(plan.steps):
        if not step.name.startswith(BOOTSTRAP_PREFIX):
            continue
        reporter.progress("verify --minimal: bootstrap steps", len(out), None)
        files = dict(plan.files)
        failed, reason = None, "every later step still resolves without it"
        for later in without_step(plan, step.name).steps[index:]:
            report = _step_report(later, files, tree, reporter)
            if report.returncode != 0 or report.cycle:
                failed = later.name
                reason = (f"circular dependency: {' -> '.join(report.cycle)}" if report.cycle
                          else next(iter(report.differences), f"emerge exited "
                                                               f"{report.returncode}"))
                break
        out.append(DropReport(step.name, failed, reason, step.name in implicit))
    return tuple(out)
