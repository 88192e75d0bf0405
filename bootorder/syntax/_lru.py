"""A memo bounded by the size of what it holds: the least recently used entries go first.

The parse memos key their values by the text parsed; an entry weighs the length of
that text plus a fixed overhead, so that memory stays bounded whether the texts are
many and short or few and long (a parsed value takes a few tens of bytes per
character of its text).

>>> memo = LruMemo(budget=250, size=len)    # two entries of 40 + OVERHEAD (64)
>>> memo.put("a" * 40, 1); memo.put("b" * 40, 2); memo.get("a" * 40)
1
>>> memo.put("c" * 40, 3)     # over budget: "b..." was used least recently
>>> memo.get("b" * 40), memo.get("a" * 40), len(memo)
(None, 1, 2)
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Hashable

__all__ = ["LruMemo", "OVERHEAD"]

OVERHEAD = 64
"""What an entry weighs beyond its text, in characters."""


class LruMemo:
    """Values by key, at most ``budget`` in total weight (``size(key) + OVERHEAD`` each).

    A value heavier than the whole budget is not kept. No lock: under the GIL each
    dictionary operation is atomic, so threads sharing a memo at worst miss an entry or
    let the weight count drift by the weight of the entries they raced on.
    """

    __slots__ = ("_data", "_size", "budget", "used")

    def __init__(self, budget: int, size: Callable[[Hashable], int]):
        self._data: OrderedDict = OrderedDict()  # least recently used first
        self._size = size
        self.budget = budget
        self.used = 0

    def get(self, key: Hashable):
        """The value stored under ``key`` (now the most recently used), or None."""
        value = self._data.get(key)
        if value is not None:
            try:
                self._data.move_to_end(key)
            except KeyError:  # evicted by another thread meanwhile
                pass
        return value

    def put(self, key: Hashable, value) -> None:
        """Store ``value`` (not None) under ``key``, dropping the least recently used
        entries beyond the budget."""
        weight = self._size(key) + OVERHEAD
        data = self._data
        if weight > self.budget or key in data:
            return
        data[key] = value
        self.used += weight
        if self.used > self.budget:
            self._evict()

    def _evict(self) -> None:
        data = self._data
        while self.used > self.budget:
            try:
                oldest, _ = data.popitem(last=False)
            except KeyError:  # emptied by another thread
                break
            self.used -= self._size(oldest) + OVERHEAD

    def clear(self) -> None:
        """Forget every entry."""
        self._data.clear()
        self.used = 0

    def __len__(self) -> int:
        return len(self._data)
