"""Indented JSON text, byte-identical to ``json.dumps(value, indent=indent)``, written
faster: with an indent, the standard library encodes in Python, a generator per
container, and a whole tree's answer (tens of megabytes) spends a second there. Here
each container is one loop appending to a list, and strings go to the standard
library's C escaper. Values are what ``json`` takes without a ``default``: dicts
(string, number, boolean or null keys), lists, tuples, strings, numbers, booleans,
None; anything else raises ``TypeError`` as ``json.dumps`` does.

>>> doc = {"a": [1, 2.5, None], "b": {}, "c": [], "d": {"e": "\\u00e9", "f": True}}
>>> indented(doc, 1) == json.dumps(doc, indent=1)
True
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring_ascii as _string

__all__ = ["indented", "indented_pieces"]


def indented(value, indent: int = 1, margin: str = "") -> str:
    """``json.dumps(value, indent=indent)``, every line after the first starting with
    ``margin`` as well (``json.dumps(...).replace("\\n", "\\n" + margin)``)."""
    out: list[str] = []
    _put(value, out, "\n" + margin, " " * indent)
    return "".join(out)


def indented_pieces(doc: dict, indent: int = 1):
    """:func:`indented` of the dict ``doc`` in pieces, one per key (so that a large
    answer is written as it is encoded, never held whole as one string)."""
    if not isinstance(doc, dict) or not doc:
        yield indented(doc, indent)
        return
    pad = " " * indent
    for i, (key, value) in enumerate(doc.items()):
        out = ["{" if i == 0 else ",", "\n", pad, _key(key), ": "]
        _put(value, out, "\n" + pad, pad)
        yield "".join(out)
    yield "\n}"


def _put(value, out: list, newline: str, pad: str) -> None:
    """Append the text of ``value``, whose lines after the first begin ``newline``."""
    if isinstance(value, str):
        out.append(_string(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = newline + pad
        first = "{" + inner
        for key, item in value.items():
            out.append(first + _key(key) + ": ")
            first = "," + inner
            _put(item, out, inner, pad)
        out.append(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        inner = newline + pad
        first = "[" + inner
        for item in value:
            out.append(first)
            first = "," + inner
            _put(item, out, inner, pad)
        out.append(newline + "]")
    else:
        json.dumps(value)  # raises the standard library's TypeError
        raise TypeError(f"not JSON: {type(value).__name__}")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key(key) -> str:
    if isinstance(key, str):
        return _string(key)
    if key is True or key is False or key is None or isinstance(key, (int, float)):
        return _string(json.dumps(key) if not isinstance(key, float) else _float(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
