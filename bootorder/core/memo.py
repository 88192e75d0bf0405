"""A value cached under a key, made on first use.

>>> cache = {}
>>> memo(cache, "x", lambda: 42), memo(cache, "x", lambda: 0)
(42, 42)
"""
from __future__ import annotations

from typing import Callable, Hashable, TypeVar

__all__ = ["memo"]

T = TypeVar("T")


def memo(cache: dict, key: Hashable, make: Callable[[], T]) -> T:
    """``cache[key]``, made by ``make()`` and stored the first time it is asked for."""
    try:
        return cache[key]
    except KeyError:
        value = cache[key] = make()
        return value
