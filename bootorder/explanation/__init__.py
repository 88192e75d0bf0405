"""Why a package is in a graph (``paths``), the cycles it is in and where it is built
(``context``), and why a package is absent (``absent``).

>>> from bootorder.graph import DepGraph
>>> from bootorder.explanation import explain
>>> explain(DepGraph(), "gcc").found
False
"""
from ..core.lazy import lazy_exports

_EXPORTS = {
    ".paths": ("explain", "Explanation", "Step"),
    ".absent": ("why_not",),
}

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
