"""Walking a parsed dependency tree under a package's USE, the way emerge's depgraph does.

``split_deps`` separates the atoms emerge adds at once from the items it defers (any-of
groups and virtual atoms, see ``_queue_disjunctive_deps``); ``alternatives`` lists the
alternatives of an any-of group left after its USE conditionals are evaluated. Both keep
the USE conditions that enclose each item (``"flag"`` / ``"!flag"``, outermost first),
which become the ``use`` attribute of the graph's edges.
"""
from __future__ import annotations

from .atom import Atom
from .depspec import AllOf, AnyOf, UseConditional

__all__ = ["split_deps", "alternatives"]


def _conds(cond: UseConditional) -> str:
    return f"!{cond.flag}" if cond.negated else cond.flag


def split_deps(children, use, conds=()) -> tuple[list, list]:
    """Plain atoms and deferred items (any-of groups, virtual atoms) of a dependency tree.

    Returns ``(plain, deferred)``, each a list of ``(node, conds)`` where ``conds`` is the
    tuple of enclosing USE conditions; blockers are dropped.

    >>> from bootorder.syntax.parse import parse_depend
    >>> plain, later = split_deps(parse_depend("a/b x? ( c/d ) || ( e/f g/h ) virtual/v").children, {"x"})
    >>> [(str(a), c) for a, c in plain], [str(n) for n, _ in later]
    ([('a/b', ()), ('c/d', ('x',))], ['|| ( e/f g/h )', 'virtual/v'])
    """
    plain: list = []
    deferred: list = []
    _split(children, use, conds, plain, deferred)
    return plain, deferred


def _split(children, use, conds, plain, deferred) -> None:
    for child in children:
        if isinstance(child, UseConditional):
            if (child.flag in use) != child.negated:
                _split(child.children, use, conds + (_conds(child),), plain, deferred)
        elif isinstance(child, AnyOf):
            deferred.append((child, conds))
        elif isinstance(child, AllOf):
            _split(child.children, use, conds, plain, deferred)
        elif isinstance(child, Atom) and not child.blocker:
            (deferred if child.category == "virtual" else plain).append((child, conds))


def alternatives(group: AnyOf, use) -> list[tuple[object, tuple[str, ...]]]:
    """The alternatives of an any-of group left after evaluating USE conditionals.

    >>> from bootorder.syntax.parse import parse_depend
    >>> g = parse_depend("|| ( x? ( a/b ) !x? ( c/d ) e/f )").children[0]
    >>> [(str(n), c) for n, c in alternatives(g, set())]
    [('c/d', ('!x',)), ('e/f', ())]
    """
    out = []
    for child in group.children:
        conds: tuple[str, ...] = ()
        while isinstance(child, UseConditional):
            if (child.flag in use) == child.negated:
                child = None
                break
            conds += (_conds(child),)
            child = child.children[0] if len(child.children) == 1 else AllOf(child.children)
        if child is None or (isinstance(child, AllOf) and not child.children):
            continue
        if isinstance(child, Atom) and child.blocker:
            continue
        out.append((child, conds))
    return out
