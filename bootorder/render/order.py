"""Text of a build order: positions or waves, the edges ignored, the hard cycles left.

>>> from bootorder.graph.depgraph import DepGraph
>>> from bootorder.order.schedule import build_order
>>> g = DepGraph()
>>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
>>> g.add_dep(a, b, "DEPEND", atom="x/b")
>>> print(format_order(build_order(g), waves=True), end="")
wave 1: x/b-1@host
wave 2: x/a-1@host
"""
from __future__ import annotations

from ..graph.depgraph import NodeKey
from ..order.schedule import BuildOrder

__all__ = ["format_order"]


def format_order(result: BuildOrder, *, waves: bool = False) -> str:
    """The order (or its waves) as text, then the ignored edges and hard cycles."""
    lines = []
    if waves:
        for number, wave in enumerate(result.waves, start=1):
            lines.append(f"wave {number}: " + " ".join(_name(k) for k in wave))
    else:
        lines.extend(f"{number:4d}  {_name(k)}" for number, k in enumerate(result.order, 1))
    if result.ignored:
        lines.append("")
        lines.append("Ignored to break cycles (the dependency comes later):")
        lines.extend(f"  {_name(i.edge.source)} -> {_name(i.edge.dep)}  "
                     f"{i.edge.cls} {i.edge.atom}{' (implicit)' if i.edge.implicit else ''}"
                     f"  ({i.priority.label}: {i.reason})" for i in result.ignored)
    if result.hard:
        lines.append("")
        lines.append(f"{len(result.hard_cycles)} hard cycle(s) remain: "
                     "see `bootorder cycles` for the details")
    return "\n".join(lines) + "\n"


def _name(key: NodeKey) -> str:
    return f"{key.cpv}@{key.root}"
