"""bootorder.syntax.depwalk: the plain atoms and deferred items of a dependency tree under
a USE set, with the USE conditions enclosing each (hand-checked tables), and the
alternatives of an any-of group; together they reach exactly the atoms portage's
use_reduce keeps under that USE (generated specs)."""
from __future__ import annotations

import pytest
from depstrategies import spec_texts
from hypothesis import given, settings, strategies as st
from portage.dep import Atom as PAtom, use_reduce

from bootorder.syntax.atom import Atom
from bootorder.syntax.depspec import AllOf, AnyOf
from bootorder.syntax.depwalk import alternatives, split_deps
from bootorder.syntax.parse import parse_depend


def shown(items) -> list[tuple[str, tuple[str, ...]]]:
    return [(str(node), conds) for node, conds in items]


@pytest.mark.parametrize("text, use, plain, deferred", [
    ("a/b x? ( c/d ) || ( e/f g/h ) virtual/v", {"x"},
     [("a/b", ()), ("c/d", ("x",))], [("|| ( e/f g/h )", ()), ("virtual/v", ())]),
    ("a/b x? ( c/d )", set(), [("a/b", ())], []),
    ("!x? ( a/b ) x? ( !y? ( c/d ) )", {"x"}, [("c/d", ("x", "!y"))], []),
    ("x? ( y? ( a/b ( c/d ) ) )", {"x", "y"}, [("a/b", ("x", "y")), ("c/d", ("x", "y"))], []),
    ("!a/b !!c/d e/f", set(), [("e/f", ())], []),                  # blockers dropped
    ("( ( a/b ) ) x? ( virtual/w || ( c/d ) )", {"x"},
     [("a/b", ())], [("virtual/w", ("x",)), ("|| ( c/d )", ("x",))]),
    ("", set(), [], []),
])
def test_split_deps(text, use, plain, deferred):
    got_plain, got_deferred = split_deps(parse_depend(text).children, use)
    assert (shown(got_plain), shown(got_deferred)) == (plain, deferred)


def test_split_deps_starts_from_the_given_conditions():
    plain, _ = split_deps(parse_depend("y? ( a/b )").children, {"y"}, conds=("x",))
    assert shown(plain) == [("a/b", ("x", "y"))]


def group(text: str) -> AnyOf:
    (node,) = parse_depend(text).children
    return node


@pytest.mark.parametrize("text, use, expected", [
    ("|| ( x? ( a/b ) !x? ( c/d ) e/f )", set(), [("c/d", ("!x",)), ("e/f", ())]),
    ("|| ( x? ( a/b ) !x? ( c/d ) e/f )", {"x"}, [("a/b", ("x",)), ("e/f", ())]),
    ("|| ( x? ( y? ( a/b ) ) c/d )", {"x", "y"}, [("a/b", ("x", "y")), ("c/d", ())]),
    ("|| ( x? ( y? ( a/b ) ) c/d )", {"x"}, [("c/d", ())]),
    ("|| ( x? ( a/b c/d ) e/f )", {"x"}, [("( a/b c/d )", ("x",)), ("e/f", ())]),
    ("|| ( ( a/b c/d ) || ( e/f g/h ) )", set(),
     [("( a/b c/d )", ()), ("|| ( e/f g/h )", ())]),
    ("|| ( !a/b c/d )", set(), [("c/d", ())]),                     # a blocker is no choice
    ("|| ( x? ( a/b ) )", set(), []),
])
def test_alternatives(text, use, expected):
    assert shown(alternatives(group(text), use)) == expected


def reached(children, use) -> list[str]:
    """Every atom the walk reaches: plain ones, deferred virtuals, and through any-of
    groups every alternative (recursively)."""
    plain, deferred = split_deps(children, use)
    out = [str(a) for a, _ in plain]
    for node, _ in deferred:
        if isinstance(node, Atom):
            out.append(str(node))
            continue
        for alt, _ in alternatives(node, use):
            out += reached((alt,) if not isinstance(alt, AllOf) else alt.children, use)
    return out


def portage_atoms(text: str, use) -> list[str]:
    flat = use_reduce(text, uselist=sorted(use), flat=True, token_class=PAtom, eapi="8")
    return [str(a.unevaluated_atom) for a in flat if isinstance(a, PAtom) and not a.blocker]


@settings(max_examples=100, deadline=None)
@given(spec_texts("8"), st.sets(st.sampled_from(["ssl", "a"])))
def test_the_walk_reaches_what_use_reduce_keeps(text, use):
    assert sorted(reached(parse_depend(text, "8").children, use)) == \
        sorted(portage_atoms(text, use))


def is_virtual(atom: str) -> bool:
    return atom.lstrip("<>=~").startswith("virtual/")


@settings(max_examples=100, deadline=None)
@given(spec_texts("8"), st.sets(st.sampled_from(["ssl", "a"])))
def test_without_any_of_plain_and_virtual_atoms_keep_portages_order(text, use):
    """Without ``||`` groups nothing but virtuals is deferred, and both lists keep the
    written order."""
    if "||" in text.split():
        return
    plain, deferred = split_deps(parse_depend(text, "8").children, use)
    atoms = portage_atoms(text, use)
    assert [str(a) for a, _ in plain] == [a for a in atoms if not is_virtual(a)]
    assert [str(a) for a, _ in deferred] == [a for a in atoms if is_virtual(a)]
