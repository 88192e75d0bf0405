"""Text of USE-change answers: the fewest changes breaking cycles, and what-if diffs.

>>> from bootorder.graph.depgraph import DepGraph
>>> from bootorder.usechange.suggestion import suggest_use
>>> g = DepGraph()
>>> a = g.add_package("dev-libs/a-1", "target", use=frozenset({"b"}))
>>> b = g.add_package("dev-libs/b-1", "target")
>>> g.add_dep(a, b, "DEPEND", atom="dev-libs/b", use=("b",))
>>> g.add_dep(b, a, "DEPEND", atom="dev-libs/a")
>>> print(format_suggestion(suggest_use(g)), end="")
1 USE change breaks every cycle a USE change can break (minimum):
  =dev-libs/a-1 -b
    breaks dev-libs/a-1@target -> dev-libs/b-1@target -> dev-libs/a-1@target
"""
from __future__ import annotations

from collections.abc import Iterator

from ..config.overrides import with_texts
from .cycles import cycle_line, format_cycle_lines, iter_report
from .notation import at

__all__ = ["format_suggestion", "format_whatif", "answer_chunks"]


SHOWN = 5
"""Most cycles listed per item in text (JSON lists every one)."""


def _capped(lines: list[str], more: str) -> list[str]:
    if len(lines) <= SHOWN:
        return lines
    return lines[:SHOWN] + [more.format(len(lines) - SHOWN)]


_pkg, _cycle = at, cycle_line


def format_suggestion(answer) -> str:
    """Text of a :class:`bootorder.usechange.suggestion.UseSuggestion`."""
    size = len(answer.changes)
    bound = "minimum" if answer.exact else f"heuristic; at least {answer.lower_bound} needed"
    plural = ("s", "") if size != 1 else ("", "s")
    lines = [f"{size} USE change{plural[0]} break{plural[1]} every cycle a USE change "
             f"can break ({bound}):"] if size else ["No USE change breaks a cycle."]
    for change in answer.changes:
        note = "  (keeps REQUIRED_USE)" if change.role == "required_use" else ""
        note += "  (adds dependencies: check with --with)" if change.adds_deps else ""
        lines.append(f"  ={change.change.signed()}{note}")
        lines += _capped([f"    breaks {_cycle(answer.cycles[i])}" for i in change.breaks],
                         "    ... and {} more cycles (--json lists all)")
        lines += [f"    also removes {e.cls} {e.atom} ({e.use_text()}) of {at(e.source)}"
                  for e in change.removes]
        if change.drops:
            lines.append("    no longer pulls in " + ", ".join(_pkg(k) for k in change.drops))
    if answer.unbreakable:
        lines.append("Cycles no allowed USE change can break:")
        lines += _capped([f"  {_cycle(c)}" for c in answer.unbreakable],
                         "  ... and {} more (--json lists all)")
    if answer.refused:
        lines.append("USE changes not allowed:")
        lines += [f"  {flip}: {reason}" for flip, reason in answer.refused]
    return "\n".join(lines) + "\n"


def format_whatif(diff) -> str:
    """Text of a :class:`bootorder.usechange.rerun.WhatIf`."""
    lines = ["With " + "; ".join(with_texts(diff.changes)) + ":"]
    lines += [f"  ignored {_pkg(k)} {c}: {r}" for k, c, r in diff.ignored]
    lines += [f"  matches no package: {s}" for s in with_texts(diff.unmatched)]
    for label, keys in (("removed", diff.removed), ("added", diff.added)):
        lines.append(f"  packages {label}: " + (", ".join(map(_pkg, keys)) or "none"))
    for key, on, off in diff.use_changed:
        flags = " ".join([*(f"+{f}" for f in on), *(f"-{f}" for f in off)])
        lines.append(f"  USE of {_pkg(key)}: {flags}")
    for label, cycles in (("gone", diff.cycles_gone), ("new", diff.cycles_new)):
        lines.append(f"  cycles {label}: {len(cycles)}")
        lines += _capped([f"    {_cycle(c)}" for c in cycles], "    ... and {} more")
    lines.append(f"  cycles unchanged: {diff.cycles_kept}")
    if diff.truncated:
        lines.append("  (cycle enumeration was capped: compared the shortest hard cycle of "
                     "each component; raise --max-cycles/--max-length for all)")
    return "\n".join(lines) + "\n"


SCOPE_HEADS = {"shortest": "The shortest hard cycle of each strongly connected component",
               "hard": "Every hard cycle", "all": "Every cycle"}
"""The heading of the cycles listed after an answer, by scope."""


def answer_chunks(graph, report, enumeration, answer, diff, *,
                  verbose: bool = False) -> Iterator[str]:
    """The text of ``cycles --suggest-use``/``--with``: the answer first (the USE changes,
    what ``--with`` alters), then the cycles of ``report``'s scope, one line each; with
    ``verbose``, the enumeration the suggestion used, in emerge's layout."""
    if answer is not None:
        yield format_suggestion(answer) + "\n"
    if diff is not None:
        yield format_whatif(diff) + "\n"
    if report.cycles:
        yield f"{SCOPE_HEADS[report.scope]} (with the changes above applied):\n" \
            if diff is not None else f"{SCOPE_HEADS[report.scope]}:\n"
    yield from format_cycle_lines(report)
    if verbose and answer is not None:
        yield "\nThe enumeration the suggestion used (--json has it too):\n\n"
        yield from iter_report(graph, enumeration)
