"""Lazy package exports (PEP 562): a package's public names imported on first use.

Importing one module of bootorder must not import networkx, lark or pydot, nor every
command, so package ``__init__`` modules name their exports as data and import a
name's module only when the name is first read.

>>> getattr_, dir_ = lazy_exports("json", {".decoder": ("JSONDecodeError",)})
>>> getattr_("JSONDecodeError").__name__
'JSONDecodeError'
"""
from __future__ import annotations

import importlib
import sys
from typing import Callable


def lazy_exports(package: str, exports: dict[str, tuple[str, ...]],
                 ) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package`` exporting ``exports``.

    ``exports`` maps a module (relative to ``package``, e.g. ``".errors"``) to the names
    it provides. A name that is no export but a submodule (``package.sub``) is imported
    as such; anything else raises :class:`AttributeError`.
    """
    where = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str):
        namespace = vars(sys.modules[package])
        module = where.get(name)
        if module is not None:
            value = getattr(importlib.import_module(module, package), name)
        elif not name.startswith("__"):
            try:
                value = importlib.import_module(f".{name}", package)
            except ModuleNotFoundError as err:
                if err.name != f"{package}.{name}":
                    raise
                raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(where))

    return __getattr__, __dir__
