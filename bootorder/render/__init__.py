"""Rendering: every text, DOT/SVG and HTML form of the values the algorithms return.
Nothing below this layer formats output.

``dot`` (DOT and SVG), ``html`` (Jupyter views, registered in
:mod:`bootorder.core.display`), and one text module per answer: ``order``, ``cycles``,
``usechange``, ``bootstrap``, ``toolchain``, ``explanation``, ``stage1``, ``profile``,
``syntax``; ``envelope`` (the context and problems every answer travels with).

>>> from bootorder.render import FORMATS
>>> FORMATS
('json', 'dot', 'svg')
"""
from ..core.lazy import lazy_exports

_EXPORTS = {
    ".dot": ("to_dot", "to_svg", "graph_output", "FORMATS"),
    ".order": ("format_order",),
    ".cycles": ("format_report", "format_cycle"),
    ".usechange": ("format_suggestion", "format_whatif"),
    ".bootstrap": ("format_plan",),
    ".toolchain": ("format_toolchain", "format_influence"),
    ".explanation": ("render_text",),
    ".envelope": ("banner", "problem_lines", "summary", "with_envelope"),
}

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
