"""The toolchain of a new root: which packages and in which order (``ordering``), the
constraints that order them (``newroot``) and how far each build is from the seed's
tools (``influence``); a cross toolchain's passes as crossdev runs them, derived from
the metadata (``crossdev``).

>>> from bootorder.toolchain import ToolchainSpec
>>> ToolchainSpec().compiler
'sys-devel/gcc'
"""
from ..core.lazy import lazy_exports

_EXPORTS = {
    ".ordering": ("toolchain_order", "toolchain_for", "ToolchainOrder", "ToolchainSpec"),
    ".influence": ("analyse", "stage_influence", "InfluenceReport"),
    ".crossdev": ("CrossTarget", "derive_passes", "stage1_disabled"),
}

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
