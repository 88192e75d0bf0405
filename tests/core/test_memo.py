"""core.memo: a value is made once per key and kept; different keys make their own."""
from __future__ import annotations

from bootorder.core.memo import memo


def test_made_once_per_key():
    calls = []

    def make(value):
        def build():
            calls.append(value)
            return value
        return build

    cache: dict = {}
    assert [memo(cache, "a", make(1)), memo(cache, "a", make(2)), memo(cache, "b", make(3))] \
        == [1, 1, 3]
    assert calls == [1, 3] and cache == {"a": 1, "b": 3}


def test_a_failing_make_stores_nothing():
    cache: dict = {}

    def fail():
        raise ValueError("no")

    try:
        memo(cache, "k", fail)
    except ValueError:
        pass
    assert cache == {} and memo(cache, "k", lambda: 5) == 5
