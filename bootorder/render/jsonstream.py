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

__all__ = ["json_chunks"]


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
            yield json.dumps(doc[key], indent=indent).replace("\n", "\n" + pad)
    yield "\n}" if doc else "}"


def _list_chunks(items: Iterable, pad: str, indent: int) -> Iterator[str]:
    inner = pad * 2
    empty = True
    for item in items:
        yield ("[" if empty else ",") + "\n" + inner
        yield json.dumps(item, indent=indent).replace("\n", "\n" + inner)
        empty = False
    yield "[]" if empty else "\n" + pad + "]"
