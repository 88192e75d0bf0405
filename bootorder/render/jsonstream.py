"""JSON written in pieces: a document whose one long list is produced item by item, so
memory holds one item at a time, not the whole document (a capped cycle enumeration of
200,000 cycles is gigabytes as one ``json.dumps``). The text is byte-identical to
``json.dumps(doc, indent=indent)`` of the whole document.

>>> doc = {"scope": "all", "cycles": None, "hard": True}
>>> text = "".join(json_chunks(doc, "cycles", iter([{"a": 1}, {"b": [2]}])))
>>> text == json.dumps({**doc, "cycles": [{"a": 1}, {"b": [2]}]}, indent=1)
True
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from .jsontext import indented

__all__ = ["json_chunks", "extended_json"]


def json_chunks(doc: dict, streamed: str, items: Iterable, indent: int = 1) -> Iterator[str]:
    """``json.dumps(doc, indent=indent)`` in pieces, with ``doc[streamed]`` (a placeholder
    that fixes the key's place) replaced by the list of ``items``, dumped one by one."""
    pad = " " * indent
    yield "{"
    for i, key in enumerate(doc):
        yield ("," if i else "") + "\n" + pad + json.dumps(key) + ": "
        if key == streamed:
            yield from _list_chunks(items, pad, indent)
        else:
            yield indented(doc[key], indent, pad)
    yield "\n}" if doc else "}"


def _list_chunks(items: Iterable, pad: str, indent: int) -> Iterator[str]:
    inner = pad * 2
    empty = True
    for item in items:
        yield ("[" if empty else ",") + "\n" + inner
        yield indented(item, indent, inner)
        empty = False
    yield "[]" if empty else "\n" + pad + "]"


def extended_json(text: str, extra: dict, indent: int = 1) -> Iterator[str]:
    """``text``, the ``json.dumps(doc, indent=indent)`` of a non-empty object (a trailing
    newline allowed), with the keys of ``extra`` (none of them in ``doc``) added at its
    end: ``json.dumps({**doc, **extra}, indent=indent)`` in pieces, without reading
    ``text`` back (a whole-tree graph is tens of megabytes of it).

    >>> doc, extra = {"nodes": [1, 2]}, {"context": {"tree": "t"}, "problems": []}
    >>> text = json.dumps(doc, indent=2) + "\\n"
    >>> "".join(extended_json(text, extra, 2)) == json.dumps({**doc, **extra}, indent=2)
    True
    """
    pad = " " * indent
    body = text[:-1] if text.endswith("\n") else text
    if not body.endswith("\n}"):
        raise ValueError("not an indented, non-empty JSON object")
    yield body[:-2]
    for key, value in extra.items():
        yield ",\n" + pad + json.dumps(key) + ": "
        yield indented(value, indent, pad)
    yield "\n}"
