"""Text of a build order: positions or waves, the edges ignored, the hard cycles left.

>>> from bootorder.graph.depgraph import DepGraph
>>> from bootorder.order.schedule import build_order
>>> g = DepGraph()
>>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
>>> g.add_dep(a, b, "DEPEND", atom="x/b")
>>> print(format_order(build_order(g), waves=True), end="")
wave 1 (1 package):
  x/b-1@host
wave 2 (1 package):
  x/a-1@host
"""
from __future__ import annotations

from ..order.schedule import BuildOrder
from .cycles import count_text
from .notation import at, short_atoms

__all__ = ["format_order"]


def format_order(result: BuildOrder, *, waves: bool = False, verbose: bool = False) -> str:
    """The order (or its waves, one package per line) as text, then the ignored edges
    (atoms shortened unless ``verbose``) and the hard cycles left."""
    lines = []
    if waves:
        for number, wave in enumerate(result.waves, start=1):
            lines.append(f"wave {number} ({len(wave)} package{'s' if len(wave) != 1 else ''}):")
            lines.extend(f"  {at(k)}" for k in wave)
    else:
        lines.extend(f"{number:4d}  {at(k)}" for number, k in enumerate(result.order, 1))
    atom = (lambda text: text) if verbose else short_atoms
    if result.ignored:
        lines.append("")
        lines.append("Ignored to break cycles (the dependency comes later):")
        lines.extend(f"  {at(i.edge.source)} -> {at(i.edge.dep)}  "
                     f"{i.edge.cls} {atom(i.edge.atom)}"
                     f"{' (implicit)' if i.edge.implicit else ''}"
                     f"  ({i.priority.label}: {i.reason})" for i in result.ignored)
    if result.hard:
        lines.append("")
        lines.append(f"{count_text(len(result.hard_cycles), result.hard_truncated)} hard "
                     "cycle(s) remain: `bootorder cycles` shows the shortest of each strongly "
                     "connected component, `--scope hard` every one")
    return "\n".join(lines) + "\n"
