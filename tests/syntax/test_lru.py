"""bootorder.syntax._lru: the parse memos are LRUs bounded by the size of their texts;
a stateful test checks the memo against a plain model (an ordered list of keys), and
parsing more distinct text than the budgets hold keeps the memos within them."""
from __future__ import annotations

import threading

import pytest
from hypothesis import settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from bootorder.syntax import atom as atom_module, parse as parse_module
from bootorder.syntax._lru import OVERHEAD, LruMemo
from bootorder.syntax.atom import Atom
from bootorder.syntax.parse import MEMO_BUDGETS, parse_depend

BUDGET = 3 * OVERHEAD + 30


class AgainstAModel(RuleBasedStateMachine):
    """Keys are strings weighing ``len + OVERHEAD``; the model keeps keys most recent last."""

    def __init__(self):
        super().__init__()
        self.memo = LruMemo(BUDGET, len)
        self.model: list[str] = []

    @rule(key=st.text("ab", max_size=40))
    def put(self, key):
        self.memo.put(key, key.upper() or "-")
        if key not in self.model and len(key) + OVERHEAD <= BUDGET:
            self.model.append(key)
            while sum(len(k) + OVERHEAD for k in self.model) > BUDGET:
                self.model.pop(0)

    @rule(key=st.text("ab", max_size=40))
    def get(self, key):
        got = self.memo.get(key)
        assert got == ((key.upper() or "-") if key in self.model else None)
        if key in self.model:
            self.model.remove(key)
            self.model.append(key)

    @invariant()
    def same_keys_and_weight(self):
        assert list(self.memo._data) == self.model
        assert self.memo.used == sum(len(k) + OVERHEAD for k in self.model) <= BUDGET


TestAgainstAModel = AgainstAModel.TestCase
TestAgainstAModel.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)


def test_threads_sharing_a_memo_keep_it_within_budget():
    memo = LruMemo(50 * (OVERHEAD + 4), len)

    def work(seed):
        for i in range(3000):
            key = f"{(seed * 7919 + i) % 200:04d}"
            if memo.get(key) is None:
                memo.put(key, i + 1)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(memo) <= 50 and memo.used <= memo.budget


@pytest.fixture
def small_memos(monkeypatch):
    """The parse memos with budgets of a few hundred characters."""
    small = {name: LruMemo(600, size) for name, size in
             (("_CACHE", lambda k: len(k[1])), ("_GROUPS", lambda k: len(k[0])),
              ("_ATOMS", lambda k: len(k[0])))}
    for name, memo in small.items():
        monkeypatch.setattr(parse_module, name, memo)
    monkeypatch.setattr(atom_module, "_CACHE", LruMemo(300, lambda k: len(k[0])))
    return small


def test_parsing_more_than_the_budget_stays_within_it_and_right(small_memos):
    texts = [f">=dev-libs/p{i}-1:0 x? ( || ( a/b{i} c/d ) ) y? ( e/f{i % 3} )" for i in range(200)]
    for _ in range(2):
        for i, text in enumerate(texts):
            spec = parse_depend(text)
            assert str(spec) == text
            assert [a.cp for a in spec.atoms()] == [f"dev-libs/p{i}", f"a/b{i}", "c/d",
                                                    f"e/f{i % 3}"]
            assert Atom.parse(f"a/b{i}").package == f"b{i}"
    for memo in (*small_memos.values(), atom_module._CACHE):
        assert 0 < len(memo) and memo.used <= memo.budget


def test_the_default_budgets_hold_values_kept_whole_and_drop_the_oldest():
    assert MEMO_BUDGETS == {"values": 4 << 20, "groups": 2 << 20, "atoms": 2 << 20}
    memo = parse_module._CACHE
    big = "a/b " * (MEMO_BUDGETS["values"] // 4 + 1)
    parse_depend(big)                     # heavier than the whole budget: not kept
    assert memo.get(("depend", big, "8")) is None
    first = parse_depend("x/first-text-of-this-test")
    assert parse_depend("x/first-text-of-this-test") is first
    parsed = 0
    while parsed <= MEMO_BUDGETS["values"]:
        text = f"x/y{parsed} " * 10_000
        parse_depend(text)
        parsed += len(text)
    assert memo.get(("depend", "x/first-text-of-this-test", "8")) is None
    assert memo.used <= memo.budget
