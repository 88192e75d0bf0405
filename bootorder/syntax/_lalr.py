"""A small driver over the LALR(1) table lark builds from ``grammars/depend.lark``.

Lark computes the table once (lazily); this loop shifts whitespace-delimited words
and reduces with one handler per grammar rule, without lark's token objects and
per-rule wrappers (every token of the dependency languages is a whole word, PMS 8.2).
Rules whose name starts with ``_`` are inlined into their parent, as in lark.

>>> drive = Driver(_demo_table(), {"pair": lambda kids: tuple(kids)})
>>> drive.parse([("A", "a"), ("A", "b")])
('a', 'b')
"""
from __future__ import annotations

import itertools
from typing import Callable, Iterable

from lark.parsers.lalr_analysis import Shift

__all__ = ["Driver", "NoParse", "table_of"]


class NoParse(Exception):
    """The input is not in the language (the caller asks lark for a precise error)."""


def table_of(lark_parser):
    """``(states, start_state, end_state, rules)`` of a single-start lark LALR parser."""
    table = lark_parser.parser.parser._parse_table
    (start,) = lark_parser.options.start
    return table.states, table.start_states[start], table.end_states[start], lark_parser.rules


class Driver:
    """Shift/reduce over a lark parse table; ``handlers`` maps rule names to builders."""

    def __init__(self, table, handlers: dict[str, Callable[[list], object]]):
        states, self.start, self.end, rules = table
        reducers = {rule: _reducer(rule, handlers) for rule in rules}
        # plain str keys and prebuilt reducers: no lark objects in the hot loop
        self.states = {
            state: {str(symbol): (True, arg) if action is Shift else (False, reducers[arg])
                    for symbol, (action, arg) in actions.items()}
            for state, actions in states.items()}

    def parse(self, tokens: Iterable[tuple[str, object]]):
        """Parse ``(terminal name, value)`` pairs; return the start rule's value."""
        states, end = self.states, self.end
        state_stack = [self.start]
        values: list = []
        for kind, value in itertools.chain(tokens, _END):
            while True:
                try:
                    is_shift, arg = states[state_stack[-1]][kind]
                except KeyError:
                    raise NoParse(kind, value) from None
                if is_shift:
                    state_stack.append(arg)
                    values.append(value)
                    break
                size, origin, handler = arg
                if size:
                    kids = values[-size:]
                    del state_stack[-size:], values[-size:]
                else:
                    kids = []
                values.append(handler(kids))
                state_stack.append(states[state_stack[-1]][origin][1])
                if kind == "$END" and state_stack[-1] == end:
                    return values[-1]
        raise NoParse("$END", None)  # pragma: no cover - the table always accepts or fails


_END = (("$END", None),)


def _reducer(rule, handlers):
    inline = tuple(not s.is_term and s.name.startswith("_") for s in rule.expansion)
    name = rule.origin.name
    if not any(inline):
        flat = list
    elif inline == (True,):
        def flat(kids):
            return kids[0]
    elif inline == (True, True):   # a left-recursive list rule: X -> X Y
        def flat(kids):
            first = kids[0]
            first.extend(kids[1])
            return first
    else:
        def flat(kids):
            # a spliced first child is a fresh list owned by this reduction: reuse it
            out = kids[0] if inline[0] else [kids[0]]
            for kid, splice in zip(kids[1:], inline[1:]):
                if splice:
                    out.extend(kid)
                else:
                    out.append(kid)
            return out
    if name.startswith("_"):
        handler = flat
    else:
        build = handlers[name]
        handler = (lambda kids: build(flat(kids))) if flat is not list else build
    return len(rule.expansion), str(name), handler


def _demo_table():
    from lark import Lark
    parser = Lark('pair: _x _x\n_x: A\nA: "a" | "b"', parser="lalr", start="pair")
    return table_of(parser)
