"""Text of cycle reports, in the layout of emerge's circular-dependency report.

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph(); k = g.add_package("x/a-1", "host", slot="2", repo="gentoo")
>>> format_package(g, k)
'(x/a-1:2/2::gentoo, ebuild scheduled for merge)'
"""
from __future__ import annotations

from ..graph.depgraph import DepGraph, NodeKey
from ..order.cycles import Cycle, CycleEdge, CycleReport

__all__ = ["format_package", "format_cycle", "format_report"]


def format_package(graph: DepGraph, key: NodeKey) -> str:
    """A package as emerge prints it in its circular-dependency report.

    >>> g = DepGraph(); k = g.add_package("x/a-1", "host", slot="2", repo="gentoo")
    >>> format_package(g, k)
    '(x/a-1:2/2::gentoo, ebuild scheduled for merge)'
    """
    d = graph.node(key)
    slot = d["slot"] or "0"
    repo = f"::{d['repo']}" if d["repo"] else ""
    where = " to ROOT" if key.root == "target" and graph.nodes("host") else ""
    return f"({key.cpv}:{slot}/{d['subslot'] or slot}{repo}, ebuild scheduled for merge{where})"


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
    hard = [c for c in report.cycles if c.hard]
    soft = [c for c in report.cycles if not c.hard]
    blocks = []
    if hard:
        blocks.append(" * Error: circular dependencies:")
        blocks.extend(format_cycle(graph, c) for c in hard)
    if soft:
        blocks.append(" * Circular dependencies emerge breaks by ignoring soft edges:")
        blocks.extend(format_cycle(graph, c) for c in soft)
    summary = (f"{len(report.cycles)} cycle(s) ({len(hard)} hard) in "
               f"{len(report.components)} strongly connected component(s)")
    if report.scope == "shortest" and report.cycles:
        summary += ": the shortest hard cycle of each (every one: --scope hard)"
    if report.truncated:
        summary += (f"; enumeration capped at {report.max_cycles} cycles of at most "
                    f"{report.max_length} packages, more may exist")
    blocks.append(summary)
    return "\n\n".join(blocks) + "\n"
