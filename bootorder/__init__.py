"""bootorder: bootstrap orders, cycles and stages from Gentoo ebuild dependency metadata.

>>> import bootorder
>>> bootorder.BootorderError.__name__
'BootorderError'
"""
from .errors import BootorderError, DepSyntaxError, MetadataError, ResolutionError
from .graph import DepGraph, NodeKey
from .atom import Atom
from .depspec import DepSpec
from .parse import parse_depend, parse_metadata
from .version import Version, vercmp
from .implicit import ImplicitDep, ImplicitModel
from .explain import Explanation

__all__ = [
    "BootorderError", "DepSyntaxError", "MetadataError", "ResolutionError",
    "DepGraph", "NodeKey",
    "Atom", "DepSpec", "Version", "vercmp", "parse_depend", "parse_metadata",
    "ImplicitDep", "ImplicitModel",
    "Explanation",
]
