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
from .repo import Package, Repository, Tree
from .profile import Profile
from .config import Config
from .stage1list import stage1_list
from .order import BuildOrder, build_order
from .cycles import CycleReport, find_cycles

__all__ = [
    "BootorderError", "DepSyntaxError", "MetadataError", "ResolutionError",
    "DepGraph", "NodeKey",
    "Atom", "DepSpec", "Version", "vercmp", "parse_depend", "parse_metadata",
    "ImplicitDep", "ImplicitModel",
    "Explanation",
    "Package", "Repository", "Tree", "Profile", "Config", "stage1_list",
    "BuildOrder", "build_order", "CycleReport", "find_cycles",
]
