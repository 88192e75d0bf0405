"""Resolution: targets and a configuration become a DepGraph in two roots, the way
emerge selects packages.

``sets`` (``@system``, ``@stage1``, ...), ``candidates`` (which package satisfies an
atom), ``anyof`` (``|| ( )`` choices), ``implicit`` (the implicit toolchain model),
``resolution`` (``resolve``), ``blockers`` (blockers between packages to merge),
``arguments`` (targets, sets and ``--with`` atoms that match nothing).

>>> from bootorder.resolver import HostModel
>>> HostModel.parse("empty").kind
'empty'
"""
from ..core.lazy import lazy_exports

_EXPORTS = {
    ".resolution": ("resolve", "HostModel"),
    ".implicit": ("ImplicitModel", "ImplicitDep"),
    ".sets": ("expand_targets",),
    ".arguments": ("check_arguments", "unmatched", "close_names"),
    ".blockers": ("blocker_problems",),
}

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
