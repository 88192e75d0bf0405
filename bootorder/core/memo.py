"""A value cached under a key, made on first use; memo dicts shared by key.

>>> cache = {}
>>> memo(cache, "x", lambda: 42), memo(cache, "x", lambda: 0)
(42, 42)
"""
from __future__ import annotations

from typing import Callable, Hashable, TypeVar
from weakref import WeakValueDictionary

__all__ = ["memo", "shared_memo"]

T = TypeVar("T")


def memo(cache: dict, key: Hashable, make: Callable[[], T]) -> T:
    """``cache[key]``, made by ``make()`` and stored the first time it is asked for."""
    try:
        return cache[key]
    except KeyError:
        value = cache[key] = make()
        return value


class _SharedMemo(dict):
    """A dict that can be referred to weakly (a plain dict cannot)."""


_SHARED: WeakValueDictionary = WeakValueDictionary()


def shared_memo(key: Hashable) -> dict:
    """The memo dict of ``key``: the same dict for every caller while one of them holds
    it, gone when none does. A key naming objects by ``id()`` is safe when each holder
    also holds those objects (their ids cannot be reused meanwhile).

    >>> first = shared_memo(("config", 1)); first["x"] = 42
    >>> shared_memo(("config", 1))["x"], shared_memo(("config", 2)).get("x")
    (42, None)
    """
    found = _SHARED.get(key)
    if found is None:
        found = _SHARED[key] = _SharedMemo()
    return found
