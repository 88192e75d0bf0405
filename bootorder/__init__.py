"""bootorder: bootstrap orders, cycles and stages from Gentoo ebuild dependency metadata.

>>> import bootorder
>>> bootorder.BootorderError.__name__
'BootorderError'
"""
import importlib

_EXPORTS = {
    ".errors": ("BootorderError", "DepSyntaxError", "MetadataError", "ResolutionError"),
    ".graph": ("DepGraph", "NodeKey"),
    ".atom": ("Atom",),
    ".depspec": ("DepSpec",),
    ".parse": ("parse_depend", "parse_metadata"),
    ".version": ("Version", "vercmp"),
    ".implicit": ("ImplicitDep", "ImplicitModel"),
    ".explain": ("Explanation",),
    ".repo": ("Package", "Repository", "Tree"),
    ".profile": ("Profile",),
    ".config": ("Config",),
    ".stage1list": ("stage1_list",),
    ".order": ("BuildOrder", "build_order"),
    ".cycles": ("CycleReport", "find_cycles"),
    ".resolver": ("resolve", "HostModel"),
    ".suggest_use": ("UseSuggestion",),
    ".whatif": ("WhatIf",),
}
"""Module of each public name; imported on first use (PEP 562), so that importing one
submodule (``bootorder.repo``) does not import networkx, lark or every command."""
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "BootorderError", "DepSyntaxError", "MetadataError", "ResolutionError",
    "DepGraph", "NodeKey",
    "Atom", "DepSpec", "Version", "vercmp", "parse_depend", "parse_metadata",
    "ImplicitDep", "ImplicitModel",
    "Explanation",
    "Package", "Repository", "Tree", "Profile", "Config", "stage1_list",
    "BuildOrder", "build_order", "CycleReport", "find_cycles",
    "resolve", "HostModel", "UseSuggestion", "WhatIf",
]


def __getattr__(name: str):
    """``bootorder.X``: import the public name (or submodule) ``X`` on first use."""
    module = _WHERE.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module, __name__), name)
    elif not name.startswith("__"):
        try:
            value = importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
