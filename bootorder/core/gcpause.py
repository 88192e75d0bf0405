"""Pause Python's cyclic garbage collector around bulk construction.

Resolving a closure builds tens of thousands of long-lived objects (parsed metadata,
memo caches, graph attributes) and next to no garbage, yet every 700 allocations the
collector scans the young ones and now and then the whole heap (networkx and lark
included), finding nothing: about a tenth of a cold stage-1 resolve. ``paused_gc()``
turns automatic collection off for the duration and restores the previous state; any
cyclic garbage made meanwhile is freed by the first automatic collection after it.
Reference counting, which frees almost everything, is not affected.

>>> import gc
>>> was = gc.isenabled()
>>> with paused_gc():
...     gc.isenabled()
False
>>> gc.isenabled() == was
True
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Callable, Iterator

__all__ = ["paused_gc", "freezing_gc"]

_freezing = 0
"""How many :func:`freezing_gc` blocks are open."""


@contextmanager
def paused_gc(lasting: bool = False) -> Iterator[None]:
    """Disable automatic garbage collection inside the ``with`` block (see module doc).
    ``lasting``: what the block builds lives long (a resolution's graph and metadata):
    inside :func:`freezing_gc` it is frozen at the end of the block, before the first
    collection after the pause would scan all of it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if lasting and _freezing:
            gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def freezing_gc() -> Iterator[Callable[[], None]]:
    """Inside the ``with`` block, calling the value it gives (``gc.freeze``) moves every
    object alive so far out of the collector's reach: the metadata, configuration caches
    and graphs a whole-tree run keeps to its end are not scanned again by each full
    collection (a tenth of a whole-tree ``bootstrap``'s time went to such scans). What
    was frozen is handed back on exit (``gc.unfreeze``, which hands back any frozen
    before too); garbage among it is freed by reference counting as usual, cyclic
    garbage after the block.

    >>> with freezing_gc() as freeze:
    ...     freeze()
    ...     gc.get_freeze_count() > 0
    True
    >>> gc.get_freeze_count()
    0
    """
    global _freezing
    _freezing += 1
    try:
        yield gc.freeze
    finally:
        _freezing -= 1
        gc.unfreeze()
