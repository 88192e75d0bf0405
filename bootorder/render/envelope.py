"""The envelope every command's answer travels in, built once for all commands: the
context (tree, profile, host model, targets) and the problems the answer could not
use or satisfy.

As JSON (``--json``) the answer's object gains two keys: ``"context"``
(:meth:`bootorder.workflows.Context.to_json`, plus the notes that were not printed)
and ``"problems"`` (one object per problem, see :meth:`bootorder.core.problems.Problem.to_json`;
an answer that already has ``"problems"`` keeps its entries and gains the missing ones).
As text, stderr carries a banner line before the answer and, after it, one line per
problem (``file:line:column: kind: message``, raw bytes escaped) and a summary line.

Public API
----------
``banner(context) -> str``, ``problem_lines(problems) -> list[str]``,
``summary(problems) -> str``, ``with_envelope(doc, context, problems, notes=()) -> dict``.

>>> from bootorder.core.problems import Problem, in_file
>>> ps = [in_file("bad-metadata", "cache/a/b-1", "DEPEND: unclosed (", line=3, column=9),
...       Problem("masked", None, "c/d", (), "c/d-1 is masked", severity="error"),
...       Problem("no-match", None, "e/f", (), "no version matches", severity="error")]
>>> print("\\n".join(problem_lines(ps)))
cache/a/b-1:3:9: bad-metadata: DEPEND: unclosed (
argument: masked: c/d: c/d-1 is masked
argument: no-match: e/f: no version matches
>>> summary(ps)
'3 problems: 1 masked, 1 no-match, 1 bad-metadata; the answer is incomplete'
"""
from __future__ import annotations

from ..core.problems import count_by_kind, has_errors, printable, sorted_problems

__all__ = ["banner", "problem_lines", "summary", "with_envelope"]


def banner(context) -> str:
    """One line naming the tree, profile, host model and targets a command used (and
    the sysroot and host profile of a board-shaped resolution).

    >>> import types
    >>> print(banner(types.SimpleNamespace(
    ...     repos=("/r/gentoo",), repo_names=("gentoo",), profile="gentoo:default/linux/amd64",
    ...     source="given", profile_source="default", host="empty", targets=("@stage1",))))
    bootorder: tree gentoo (given); profile gentoo:default/linux/amd64 (default); host empty; targets @stage1
    """
    names = ", ".join(context.repo_names or context.repos)
    parts = [f"tree {names} ({context.source})",
             f"profile {context.profile} ({context.profile_source})"]
    if context.host:
        parts.append(f"host {context.host}")
    if getattr(context, "sysroot", None) == "target":
        host_profile = getattr(context, "host_profile", None)
        parts.append("sysroot target" + (f" (host profile {host_profile})"
                                         if host_profile else ""))
    if context.targets:
        parts.append(f"targets {' '.join(context.targets)}")
    return printable("bootorder: " + "; ".join(parts), limit=None)


def problem_lines(problems) -> list[str]:
    """One line per problem, in the answer's order (see the module docstring)."""
    return [p.oneline() for p in problems]


def summary(problems) -> str:
    """The closing line: how many problems of each kind, and whether the answer is
    incomplete (a problem of severity error).

    >>> summary([])
    'no problems'
    """
    problems = list(problems)
    if not problems:
        return "no problems"
    kinds = ", ".join(f"{n} {kind}" for kind, n in count_by_kind(problems))
    plural = "s" if len(problems) > 1 else ""
    tail = "; the answer is incomplete" if has_errors(problems) else ""
    return f"{len(problems)} problem{plural}: {kinds}{tail}"


def with_envelope(doc: dict, context, problems, notes=()) -> dict:
    """``doc`` (an answer's JSON object) with ``"context"`` and ``"problems"`` added.

    Keys already in ``doc`` stay as they are; an existing ``"problems"`` list keeps its
    entries (in its order) and gains the problems it lacks.

    >>> import types
    >>> ctx = types.SimpleNamespace(to_json=lambda: {"profile": "p"})
    >>> with_envelope({"order": []}, ctx, [], ["no --profile"])
    {'order': [], 'context': {'profile': 'p', 'notes': ['no --profile']}, 'problems': []}
    """
    out = dict(doc)
    out["context"] = {**context.to_json(), "notes": list(notes)}
    entries = list(out.get("problems", []))
    for problem in sorted_problems(problems):
        shown = problem.to_json()
        if not any(_same(entry, shown) for entry in entries):
            entries.append(shown)
    out["problems"] = entries
    return out


def _same(entry: dict, shown: dict) -> bool:
    """Does an answer's own problem entry stand for the same problem (its fix may be
    longer: the answer's checks complete it)?"""
    return all(entry.get(k) == shown[k] for k in ("kind", "package", "atom", "message"))
