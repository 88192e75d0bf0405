"""A parsed dependency string (``bootorder parse``) as JSON and as text.

>>> from bootorder.syntax.parse import parse_depend
>>> print(spec_text(parse_depend("a/b || ( c/d e/f )")))
a/b
|| (
  c/d
  e/f
)
"""
from __future__ import annotations

__all__ = ["spec_json", "spec_text"]


def spec_json(spec, eapi: str | None) -> dict:
    """``{"eapi", "normalised", "atoms", "tree"}`` of a parsed string."""
    return {"eapi": eapi, "normalised": str(spec), "atoms": [a.as_dict() for a in spec.atoms()],
            "tree": spec.to_json()}


def spec_text(spec) -> str:
    """One atom or group per line, indented by nesting."""
    return "\n".join(spec.tree_lines())
