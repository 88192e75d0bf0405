"""The dependency graph: its contract (``depgraph``), queries on it (``queries``),
readable neighbourhoods (``neighbourhood``) and a by-name view through virtuals
(``projection``).

>>> from bootorder.graph import DepGraph
>>> g = DepGraph(); _ = g.add_package("sys-libs/zlib-1.3", "target")
>>> len(g)
1
"""
from ..core.lazy import lazy_exports

_EXPORTS = {
    ".depgraph": ("DepGraph", "NodeKey", "Edge"),
    ".queries": ("match_instances", "bfs_parents", "AmbiguousPackageError"),
    ".neighbourhood": ("around",),
}

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
