"""Text of cycle reports: emerge's circular-dependency layout, or one line per cycle.

Every line names the root (``to host``, ``to target`` in emerge's layout; ``cpv@root``
in a one-line cycle); a count an enumeration cap cut is written ``≥N (capped)``.
:func:`iter_report` yields the report block by block, so a long enumeration is written
as it is formatted rather than held whole in memory.

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph(); k = g.add_package("x/a-1", "host", slot="2", repo="gentoo")
>>> format_package(g, k)
'(x/a-1:2/2::gentoo, ebuild scheduled for merge to host)'
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..graph.depgraph import DepGraph, NodeKey
from ..order.cycles import Cycle, CycleEdge, CycleReport
from .notation import at

__all__ = ["format_package", "format_cycle", "format_report", "iter_report", "cycle_line",
           "format_cycle_lines", "count_text", "summary", "report_json"]


def format_package(graph: DepGraph, key: NodeKey) -> str:
    """A package as emerge prints it in its circular-dependency report.

    >>> g = DepGraph(); k = g.add_package("x/a-1", "target", slot="2", repo="gentoo")
    >>> format_package(g, k)
    '(x/a-1:2/2::gentoo, ebuild scheduled for merge to target)'
    """
    d = graph.node(key)
    slot = d["slot"] or "0"
    repo = f"::{d['repo']}" if d["repo"] else ""
    return (f"({key.cpv}:{slot}/{d['subslot'] or slot}{repo}, ebuild scheduled for merge "
            f"to {key.root})")


def _describe(step: CycleEdge) -> str:
    text = step.priority.label
    shown = [f"-{f[1:]}" if f.startswith("!") else f for f in step.edge.use]
    if shown:
        text += f", USE={' '.join(sorted(shown, key=lambda s: s.lstrip('-')))}"
    implicit = ", implicit" if step.edge.implicit else ""
    return f"({text})  [{step.edge.cls} {step.edge.atom}{implicit}]"


def format_cycle(graph: DepGraph, cycle: Cycle) -> str:
    """One cycle in emerge's layout: ``X depends on`` then one deeper line per step,
    each with portage's priority (and the USE flags that enable the edge), followed by
    the dependency class and atom in brackets (marked ``implicit`` for an edge of the
    implicit toolchain model, which emerge does not know)."""
    lines = [f"{format_package(graph, cycle.nodes[0])} depends on"]
    for depth, step in enumerate(cycle.edges, start=1):
        lines.append(" " * depth + f"{format_package(graph, step.edge.dep)} {_describe(step)}")
    return "\n".join(lines)


def format_report(graph: DepGraph, report: CycleReport) -> str:
    """The whole report as text: hard cycles under emerge's error header, then the rest."""
    return "".join(iter_report(graph, report))


def iter_report(graph: DepGraph, report: CycleReport) -> Iterator[str]:
    """:func:`format_report`'s text in pieces, one cycle at a time."""
    first = True
    flags = [c.hard for c in report.cycles]  # each computed once
    for hard, header in ((True, " * Error: circular dependencies:"),
                         (False, " * Circular dependencies emerge breaks by ignoring soft "
                                 "edges:")):
        chosen = (c for c, flag in zip(report.cycles, flags) if flag is hard)
        for i, cycle in enumerate(chosen):
            if i == 0:
                yield ("" if first else "\n\n") + header
                first = False
            yield "\n\n" + format_cycle(graph, cycle)
    yield ("" if first else "\n\n") + summary(report, sum(flags)) + "\n"


def count_text(count: int, capped: bool) -> str:
    """A count, written ``≥N (capped)`` when an enumeration cap cut it.

    >>> count_text(1000, True), count_text(3, False)
    ('≥1000 (capped)', '3')
    """
    return f"≥{count} (capped)" if capped else str(count)


def summary(report: CycleReport, hard: int | None = None) -> str:
    """``N cycle(s) (H hard) in C strongly connected component(s)`` and what was shown
    (``hard``: the count of hard cycles, when already known)."""
    hard = sum(c.hard for c in report.cycles) if hard is None else hard
    text = (f"{count_text(len(report.cycles), report.truncated)} cycle(s) "
            f"({count_text(hard, report.truncated)} hard) in {len(report.components)} "
            "strongly connected component(s)")
    if report.scope == "shortest" and report.cycles:
        text += ": the shortest hard cycle of each (every one: --scope hard)"
    if report.truncated:
        text += (f"; enumeration capped at {report.max_cycles} cycles of at most "
                 f"{report.max_length} packages, more may exist")
    return text


def cycle_line(nodes) -> str:
    """A cycle on one line, back to its first package.

    >>> cycle_line([NodeKey("x/a-1", "host"), NodeKey("x/b-1", "host")])
    'x/a-1@host -> x/b-1@host -> x/a-1@host'
    """
    nodes = tuple(nodes)
    return " -> ".join(at(k) for k in (*nodes, nodes[0]))


def format_cycle_lines(report: CycleReport) -> Iterator[str]:
    """The report with one line per cycle (hard ones marked when soft ones are shown),
    then :func:`summary`."""
    mark = report.scope == "all"
    for cycle in report.cycles:
        yield "  " + cycle_line(cycle.nodes) + ("  (hard)" if mark and cycle.hard else "") + "\n"
    yield summary(report) + "\n"


def report_json(report: CycleReport, extra: dict | None = None,
                ) -> tuple[dict, Iterator[dict]]:
    """``{**report.to_json(), **extra}`` in two parts, to be written one cycle at a time
    (:func:`bootorder.render.jsonstream.json_chunks` with the key ``"cycles"``): the
    document, its ``"cycles"`` an empty list holding the key's place, and each cycle's
    JSON as it is asked for.

    >>> doc, cycles = report_json(CycleReport("hard", (), (), False, 2, 3), {"x": 1})
    >>> doc["cycles"], doc["x"], list(cycles)
    ([], 1, [])
    """
    doc = {**replace(report, cycles=()).to_json(), **(extra or {})}
    return doc, (c.to_json() for c in report.cycles)
