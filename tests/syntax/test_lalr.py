"""bootorder.syntax._lalr: the shift/reduce driver over lark's LALR table gives what lark
itself gives, with lark as the oracle: a grammar using every kind of rule the driver
special-cases (inlined ``_rules``, left-recursive lists, lark's generated ``__star``
rules, mixed expansions), a hand-checked table, then generated word sequences, valid or
not."""
from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings, strategies as st
from lark import Lark, Transformer
from lark.exceptions import UnexpectedInput

from bootorder.syntax._lalr import Driver, NoParse, table_of

GRAMMAR = r"""
start: _items
_items: _items _item | _item
_item: ATOM | group | pair | any
group: LP _items RP
pair: EQ ATOM ATOM
any: OR LP _items* RP
ATOM: /[a-z]+/
LP: "("
RP: ")"
EQ: "="
OR: "||"
%ignore " "
"""
KINDS = {"(": "LP", ")": "RP", "=": "EQ", "||": "OR"}
RULES = ("start", "group", "pair", "any")


class AsTuples(Transformer):
    def __default__(self, data, children, meta):
        return (str(data), list(children))


@functools.cache
def parser() -> Lark:
    return Lark(GRAMMAR, parser="lalr", start="start")


@functools.cache
def driver() -> Driver:
    return Driver(table_of(parser()), {name: functools.partial(lambda n, kids: (n, kids), name)
                                       for name in RULES})


def tokens(words: list[str]) -> list[tuple[str, str]]:
    return [(KINDS.get(w, "ATOM"), w) for w in words]


def by_lark(words: list[str]):
    return AsTuples().transform(parser().parse(" ".join(words)))


def by_driver(words: list[str]):
    return driver().parse(tokens(words))


@pytest.mark.parametrize("text, expected", [
    ("a", ("start", ["a"])),
    ("a b c", ("start", ["a", "b", "c"])),                    # left-recursive list, spliced
    ("( a ( b ) )", ("start", [("group", ["(", "a", ("group", ["(", "b", ")"]), ")"])])),
    ("= a b c", ("start", [("pair", ["=", "a", "b"]), "c"])),
    ("|| ( )", ("start", [("any", ["||", "(", ")"])])),
    ("|| ( a b ( c ) )", ("start", [("any", ["||", "(", "a", "b",
                                             ("group", ["(", "c", ")"]), ")"])])),
])
def test_table(text, expected):
    assert by_driver(text.split()) == expected == by_lark(text.split())


@pytest.mark.parametrize("text, refused", [
    ("", ("$END", None)),              # start needs one item
    ("a )", ("RP", ")")),
    ("( a", ("$END", None)),
    ("= a", ("$END", None)),
    ("( )", ("RP", ")")),              # a group is never empty (an any-of group may be)
])
def test_refusals_name_the_token(text, refused):
    with pytest.raises(NoParse) as err:
        by_driver(text.split())
    assert err.value.args == refused
    with pytest.raises(UnexpectedInput):
        by_lark(text.split())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "(", ")", "=", "||"]), max_size=10))
def test_same_answer_as_lark(words):
    try:
        expected = by_lark(words)
    except UnexpectedInput:
        with pytest.raises(NoParse):
            by_driver(words)
    else:
        assert by_driver(words) == expected


def test_the_driver_is_reusable_and_keeps_no_state():
    first = by_driver("( a b ) c".split())
    assert by_driver("( a b ) c".split()) == first
    with pytest.raises(NoParse):
        by_driver("( a".split())
    assert by_driver("( a b ) c".split()) == first
