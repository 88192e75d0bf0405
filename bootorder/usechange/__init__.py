"""USE changes: what may change (``constraints``), the fewest changes breaking every
cycle a change can break (``suggestion``, with ``cover`` and ``use_cycles``), the
consistency checks with their fixes (``checks``), and re-resolving with changes
(``rerun``: what-if), and cycles broken for one pass only (``temporary``: a first pass
with flags cleared, then everything with the profile's flags).

>>> from bootorder.graph import DepGraph
>>> from bootorder.usechange import suggest_use
>>> suggest_use(DepGraph()).changes
()
"""
from ..core.lazy import lazy_exports

_EXPORTS = {
    ".suggestion": ("suggest_use", "UseSuggestion", "SuggestedChange"),
    ".checks": ("check_graph", "CheckReport", "Finding"),
    ".rerun": ("whatif", "WhatIf", "compare", "with_changes"),
    ".constraints": ("config_constraints", "UseConstraints"),
    ".temporary": ("temporary_use", "TemporaryUse"),
}

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
