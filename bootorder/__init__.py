"""bootorder: bootstrap orders, cycles and stages from Gentoo ebuild dependency metadata.

>>> import bootorder
>>> bootorder.BootorderError.__name__
'BootorderError'
"""
from .errors import BootorderError, DepSyntaxError, MetadataError, ResolutionError
from .graph import DepGraph, NodeKey

__all__ = [
    "BootorderError", "DepSyntaxError", "MetadataError", "ResolutionError",
    "DepGraph", "NodeKey",
]
