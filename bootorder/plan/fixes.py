"""Generated configuration: the USE fixes a step needs, found round by round, each
written with the problem it answers and the command that re-derives it.

:func:`derive_fixes` resolves a step, checks the graph
(:func:`bootorder.usechange.checks.check_graph`: REQUIRED_USE, USE dependencies and
what the resolver could not satisfy), adds the USE changes the findings propose and
resolves again, until no new change comes (a fix may pull in a package with a problem
of its own). A problem no USE change solves (a missing package, a forced flag) is kept:
the plan is written anyway and says it is incomplete.

:func:`package_use_text` writes the lines as a ``package.use`` file: one change per
line (so that removing a line removes exactly one change), each preceded by ``#`` lines
naming the problem and the command that shows it again.

>>> from bootorder.core.problems import Problem
>>> from bootorder.core.usechange import UseChange
>>> p = Problem("required-use", "app-alternatives/awk-4", "^^ ( gawk mawk )",
...             ("app-alternatives/awk-4",), 'REQUIRED_USE fails for USE="-gawk -mawk"')
>>> line = GeneratedLine(UseChange("app-alternatives/awk", "gawk", True), p,
...                      "bootorder stage1 --profile r:p")
>>> print(package_use_text([line]), end="")
# required-use: app-alternatives/awk-4: REQUIRED_USE fails for USE="-gawk -mawk": ^^ ( gawk mawk )
# re-derive: bootorder stage1 --profile r:p
app-alternatives/awk gawk
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from ..core.problems import Problem, sorted_problems
from ..core.usechange import UseChange
from ..usechange.checks import Finding, check_graph

__all__ = ["GeneratedLine", "FixResult", "derive_fixes", "package_use_text"]

LONG_COMMENT = 2000
"""Characters beyond which a comment shared by lines of a file is written once."""

MAX_ROUNDS = 10
"""Rounds of resolve-check-fix before the remaining problems are declared unsolved."""


@dataclass(frozen=True, slots=True)
class GeneratedLine:
    """One generated ``package.use`` change, the problem it answers and the command
    that shows that problem (with the changes of earlier rounds applied)."""

    change: UseChange
    problem: Problem
    command: str

    def comments(self) -> list[str]:
        """The ``#`` lines written above the change."""
        p = self.problem
        return [f"# {p.kind}: {p.package or '(argument)'}: {p.message}: {p.atom}",
                f"# re-derive: {self.command}"]


@dataclass(frozen=True, slots=True)
class FixResult:
    """The generated lines, the problems left, and the last graph and configuration."""

    lines: tuple[GeneratedLine, ...]
    problems: tuple[Problem, ...]
    graph: object
    config: object

    @property
    def changes(self) -> tuple[UseChange, ...]:
        return tuple(line.change for line in self.lines)


def derive_fixes(configure: Callable, resolve: Callable, rederive: Callable,
                 relevant: Callable[[object, Finding], bool] = lambda graph, f: True,
                 max_rounds: int = MAX_ROUNDS, extra: Callable | None = None) -> FixResult:
    """Fix a step's problems round by round.

    Parameters
    ----------
    configure
        ``configure(changes) -> Config``: the step's configuration with the USE changes
        found so far (as ``package.use`` lines, or wherever they take effect).
    resolve
        ``resolve(config) -> DepGraph``: the step resolved under that configuration.
    rederive
        ``rederive(changes) -> str``: the command that shows the problems left once
        ``changes`` are applied.
    relevant
        ``relevant(graph, finding)``: whether a finding concerns the step (a step run
        with ``--nodeps`` merges its arguments only).
    extra
        ``extra(graph, config) -> [Finding]``: findings beyond the graph's checks (the
        cycles of a step, :func:`bootorder.plan.circular.cycle_findings`).

    Notes
    -----
    Each round resolves once; rounds end when no finding proposes a change not yet
    made (at most ``max_rounds``). A change whose opposite is already made is not added.
    """
    lines: list[GeneratedLine] = []
    for round_ in range(max_rounds + 1):
        made = tuple(line.change for line in lines)
        config = configure(made)
        graph = resolve(config)
        findings = [f for f in check_graph(graph, config).findings if relevant(graph, f)]
        findings += extra(graph, config) if extra else []
        new = _new_lines(findings, made, rederive(made))
        if not new or round_ == max_rounds:
            break
        lines.extend(new)
    problems = sorted_problems(f.problem for f in findings)
    return FixResult(tuple(lines), problems, graph, config)


def _new_lines(findings, made: tuple[UseChange, ...], command: str) -> list[GeneratedLine]:
    out: list[GeneratedLine] = []
    taken = set(made)
    for finding in findings:
        for change in finding.changes:
            opposite = UseChange(change.package, change.flag, not change.enable)
            if change in taken or opposite in taken:
                continue
            taken.add(change)
            out.append(GeneratedLine(change, finding.problem, command))
    return out


def package_use_text(lines) -> str:
    """``lines`` as a ``package.use`` file (see the module docstring); "" when empty.

    A comment longer than :data:`LONG_COMMENT` characters that several lines share (a
    re-derive command naming a whole tree's packages is hundreds of kilobytes) is
    written once, numbered, at the head of the file, and each line refers to it:

    >>> from bootorder.core.problems import Problem
    >>> from bootorder.core.usechange import UseChange
    >>> p = Problem("required-use", "a/b-1", "^^ ( x y )", (), "REQUIRED_USE fails")
    >>> command = "bootorder cycles " + " ".join(f"c/p{i}" for i in range(300))
    >>> text = package_use_text([GeneratedLine(UseChange("a/b", f, True), p, command)
    ...                          for f in ("x", "y")])
    >>> for line in text.splitlines():
    ...     print(line[:42])
    # [1] re-derive: bootorder cycles c/p0 c/p
    <BLANKLINE>
    # required-use: a/b-1: REQUIRED_USE fails:
    # re-derive: [1] at the head of this file
    a/b x
    <BLANKLINE>
    # required-use: a/b-1: REQUIRED_USE fails:
    # re-derive: [1] at the head of this file
    a/b y
    """
    comments = [[sys.intern(c) for c in line.comments()] for line in lines]
    counts = Counter(c for cs in comments for c in set(cs) if len(c) > LONG_COMMENT)
    head = {c: i for i, c in enumerate((c for c in dict.fromkeys(
        c for cs in comments for c in cs) if counts[c] > 1), 1)}
    out = [f"# [{i}] {c.removeprefix('# ')}" for c, i in head.items()]
    out += [""] if head else []
    for line, cs in zip(lines, comments):
        if out and out[-1] != "":
            out.append("")
        out.extend(_reference(c, head[c]) if c in head else c for c in cs)
        out.append(line.change.line())
    return "\n".join(out + [""]) if out else ""  # the last newline without a copy


def _reference(comment: str, number: int) -> str:
    """What a line says instead of a comment written at the head of its file."""
    if comment.startswith("# re-derive: "):
        return f"# re-derive: [{number}] at the head of this file"
    return f"# [{number}] at the head of this file"
