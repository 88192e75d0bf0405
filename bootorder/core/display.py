"""How values show themselves in Jupyter, without naming the module that draws them.

Value classes inherit :class:`HtmlDisplay`; their ``_repr_html_`` looks up the renderer
registered for the class (or one of its bases) by qualified name. ``bootorder.render``
registers its renderers when it is imported, and the package facade names it as a
*provider* (:func:`add_provider`) so that the first display imports it. Lower layers
therefore never import the rendering layer, not even inside a function.

>>> class Pair(HtmlDisplay):
...     pass
>>> register_html(f"{__name__}.Pair", lambda value: "<b>pair</b>")
>>> Pair()._repr_html_()
'<b>pair</b>'
"""
from __future__ import annotations

import importlib
from typing import Callable

_RENDERERS: dict[str, Callable[[object], str]] = {}
_PROVIDERS: list[str] = []


def register_html(qualified_name: str, renderer: Callable[[object], str]) -> None:
    """Draw values of the class ``module.Class`` (and its subclasses) with ``renderer``."""
    _RENDERERS[qualified_name] = renderer


def add_provider(module: str) -> None:
    """Import ``module`` before the first lookup: it registers renderers."""
    if module not in _PROVIDERS:
        _PROVIDERS.append(module)


def _lookup(value: object) -> Callable[[object], str] | None:
    for klass in type(value).__mro__:
        renderer = _RENDERERS.get(f"{klass.__module__}.{klass.__qualname__}")
        if renderer is not None:
            return renderer
    return None


def html_of(value: object) -> str | None:
    """The HTML of ``value``, or None when no renderer is registered for its class."""
    renderer = _lookup(value)
    while renderer is None and _PROVIDERS:
        importlib.import_module(_PROVIDERS.pop(0))
        renderer = _lookup(value)
    return renderer(value) if renderer is not None else None


class HtmlDisplay:
    """Mixin: ``_repr_html_`` through the registry (Jupyter falls back to ``repr``
    when it returns None)."""

    __slots__ = ()

    def _repr_html_(self) -> str | None:
        return html_of(self)
