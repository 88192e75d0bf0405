"""Ordering: portage's edge priorities (``priority``), cycles labelled as emerge labels
them (``cycles``), build orders and waves (``schedule``), what a hard cycle holds
back (``stuck``) and emerge's restart after one (``backtrack``: ``resolve``).

>>> from bootorder.graph import DepGraph
>>> from bootorder.order import build_order
>>> build_order(DepGraph()).order
()
"""
from ..core.lazy import lazy_exports

_EXPORTS = {
    ".schedule": ("build_order", "merge_order", "BuildOrder", "IgnoredEdge"),
    ".cycles": ("find_cycles", "CycleReport", "Cycle", "CycleEdge"),
    ".priority": ("edge_priority", "Priority"),
    ".stuck": ("stuck_packages",),
    ".backtrack": ("resolve", "circular_dependencies", "stuck_remainder"),
}

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
