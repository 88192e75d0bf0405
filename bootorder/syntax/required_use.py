"""REQUIRED_USE: evaluation with portage's semantics, and the smallest repair.

Semantics are portage's ``check_required_use`` (the test oracle): a USE-conditional
group that is not active contributes nothing, nor does a nested ``( )`` group with
nothing contributing (``|| ( ( a? ( a ) ) )`` is false without ``a``); ``|| ( )`` and
``^^ ( )`` with nothing contributing are false, ``?? ( )`` is true. :func:`fix_required_use` repairs a USE set
the way a bootstrap engineer would: IUSE defaults first, forced and masked flags never
touched (used by :mod:`bootorder.usechange.checks`).

>>> from bootorder.syntax.parse import parse_required_use
>>> spec = parse_required_use("^^ ( gawk busybox mawk nawk )")
>>> required_use_holds(spec, set()), violations(spec, set())
(False, ('^^ ( gawk busybox mawk nawk )',))
>>> sorted(fix_required_use(spec, set(), defaults={"gawk"}))
['gawk']
"""
from __future__ import annotations

from typing import Mapping

from .depspec import AllOf, AnyOf, AtMostOneOf, ExactlyOneOf, Flag, UseConditional

__all__ = ["required_use_holds", "violations", "fix_required_use", "MAX_REPAIR_STEPS"]

MAX_REPAIR_STEPS = 32
"""Most single-constraint repairs :func:`fix_required_use` tries before giving up."""


def required_use_holds(spec, use) -> bool:
    """Whether ``use`` satisfies the parsed REQUIRED_USE ``spec`` (portage semantics).

    >>> from bootorder.syntax.parse import parse_required_use
    >>> required_use_holds(parse_required_use("ssl? ( !gnutls ) ?? ( a b )"), {"ssl", "a"})
    True
    """
    return _holds(spec, frozenset(use))


def violations(spec, use) -> tuple[str, ...]:
    """The violated constraints of ``spec`` under ``use``, as text, outermost first.

    A constraint is a top-level item or one inside an active conditional (its
    condition is written in front: ``"foo? ( bar )"`` -> ``"foo? bar"``).
    """
    return tuple(_violations(spec.children, frozenset(use), ""))


def _violations(children, use, context):
    for child in children:
        if isinstance(child, UseConditional):
            if _active(child, use):
                cond = f"{'!' if child.negated else ''}{child.flag}? "
                yield from _violations(child.children, use, context + cond)
        elif not _value_of(child, use):
            yield context + str(child)


def _active(cond: UseConditional, use) -> bool:
    return (cond.flag in use) != cond.negated


def _values(children, use) -> list[bool]:
    out = []
    for child in children:
        if isinstance(child, UseConditional):
            if _active(child, use):
                out.append(all(_values(child.children, use)))
        elif isinstance(child, AllOf):  # a nested ( ) with nothing in force vanishes
            inner = _values(child.children, use)
            if inner:
                out.append(all(inner))
        else:
            out.append(_value_of(child, use))
    return out


def _value_of(node, use) -> bool:
    if isinstance(node, Flag):
        return node.holds(use)
    if isinstance(node, UseConditional):
        return not _active(node, use) or all(_values(node.children, use))
    return _holds(node, use)


def _holds(node, use) -> bool:
    values = _values(node.children, use)
    if isinstance(node, AnyOf):
        return any(values)
    if isinstance(node, ExactlyOneOf):
        return values.count(True) == 1
    if isinstance(node, AtMostOneOf):
        return values.count(True) <= 1
    return all(values)


# -- REQUIRED_USE repair ------------------------------------------------------------------

def fix_required_use(spec, use, *, defaults=frozenset(), fixed: Mapping[str, str] = {},
                     ) -> frozenset[str] | None:
    """A USE set close to ``use`` that satisfies ``spec``, or None when none is found.

    Repairs the first violated constraint, repeatedly: a missing flag is turned on
    (``!flag``: off); an any-of / exactly-one-of group with nothing true gets one
    child made true, preferring a flag in ``defaults`` (the IUSE ``+`` defaults,
    what the package would have without ``-*``), else the leftmost flag that is not
    ``fixed``; an exactly-one-of / at-most-one-of group with several true keeps one
    (a fixed one, else a default, else the leftmost) and turns the others off.
    Conditions are never turned off to dodge a constraint. Flags in ``fixed``
    (``flag -> "forced"/"masked"``) are never changed.

    >>> from bootorder.syntax.parse import parse_required_use
    >>> spec = parse_required_use("?? ( a b c ) b? ( d )")
    >>> sorted(fix_required_use(spec, {"a", "b"}, fixed={"b": "forced"}))
    ['b', 'd']
    """
    current = set(use)
    for _ in range(MAX_REPAIR_STEPS):
        if _holds(spec, frozenset(current)):
            return frozenset(current)
        if not _repair(spec, current, frozenset(defaults), fixed):
            return None
    return None


def _repair(node, use: set, defaults, fixed) -> bool:
    """Change ``use`` to satisfy the first violated child of ``node``; False if stuck."""
    for child in node.children:
        if isinstance(child, UseConditional):
            if _active(child, use) and not all(_values(child.children, frozenset(use))):
                return _repair(child, use, defaults, fixed)
        elif not _value_of(child, frozenset(use)):
            return _make_true(child, use, defaults, fixed)
    return False


def _make_true(node, use: set, defaults, fixed) -> bool:
    if isinstance(node, Flag):
        return _set(use, node.name, not node.negated, fixed)
    if isinstance(node, (AnyOf, ExactlyOneOf)) and not any(_values(node.children, frozenset(use))):
        return any(_make_true(c, use, defaults, fixed)
                   for c in _preference(node.children, use, defaults, fixed))
    if isinstance(node, (ExactlyOneOf, AtMostOneOf)):
        return _keep_one(node, use, defaults, fixed)
    return _repair(node, use, defaults, fixed)


def _keep_one(node, use: set, defaults, fixed) -> bool:
    true = [c for c in node.children if isinstance(c, Flag) and c.holds(use)]
    if len(true) != sum(_values(node.children, frozenset(use))):
        return False  # nested groups true: no simple repair
    keep = _preference(true, use, defaults, fixed)[0]
    return all(_set(use, c.name, c.negated, fixed) for c in true if c is not keep)


def _preference(children, use, defaults, fixed) -> list:
    """Children in repair order: fixed flags, default flags, then as written."""
    def rank(item):
        i, child = item
        name = child.name if isinstance(child, Flag) else None
        return (name not in fixed, name not in defaults, i)
    return [c for _, c in sorted(enumerate(children), key=rank)]


def _set(use: set, flag: str, on: bool, fixed) -> bool:
    if (flag in use) == on:
        return True
    if flag in fixed:
        return False
    (use.add if on else use.discard)(flag)
    return True
