"""Depspec trees: values, normalised text, atoms order, evaluate, rendering."""
from __future__ import annotations

from bootorder.syntax.atom import Atom
from bootorder.syntax.depspec import AllOf, AnyOf, Flag, Root, Uri, UseConditional
from bootorder.syntax.parse import parse_depend, parse_required_use

A, B, C = (Atom.parse(t) for t in ("a/b", "!c/d", ">=e/f-1[x?]"))


def test_str_is_normalised_text_and_grouping_is_kept():
    spec = Root((A, AllOf((B,)), AnyOf((C, UseConditional("x", True, (A,))))))
    assert str(spec) == "a/b ( !c/d ) || ( >=e/f-1[x?] !x? ( a/b ) )"
    assert parse_depend(str(spec)) == spec
    assert str(parse_depend(" ( ( a/b ) )\n")) == "( ( a/b ) )"


def test_atoms_in_textual_order_with_blockers_and_conditionals():
    spec = parse_depend("x? ( !c/d ) || ( a/b y? ( >=e/f-1[x?] ) ) a/b")
    assert [str(a) for a in spec.atoms()] == ["!c/d", "a/b", ">=e/f-1[x?]", "a/b"]
    assert spec.atoms() is spec.atoms()        # computed once per parse result


def test_evaluate_resolves_conditionals_only():
    spec = parse_depend("x? ( a/b ) !x? ( !c/d ) || ( y? ( a/b ) >=e/f-1[x?] )")
    assert str(spec.evaluate({"x"})) == "a/b || ( >=e/f-1[x?] )"
    assert str(spec.evaluate({"y"})) == "!c/d || ( a/b >=e/f-1[x?] )"
    assert str(spec.evaluate(set()).evaluate({"x"})) == str(spec.evaluate(set()))
    assert spec == parse_depend(str(spec))     # evaluate never mutates its input
    assert isinstance(spec.evaluate(set()), Root)
    assert str(parse_depend("|| ( x? ( a/b ) ) c/d").evaluate(set())) == "|| ( ) c/d"
    cond = spec.children[0]
    assert cond.evaluate({"x"}) == AllOf((A,)) and cond.evaluate(set()) == AllOf(())


def test_values_are_hashable_and_equal_by_content():
    one = parse_depend("|| ( a/b c/d[y,x] )")
    two = Root((AnyOf((A, Atom.parse("c/d[x,y]"))),))
    assert one == two and hash(one) == hash(two)
    assert len({one, two, parse_depend("a/b")}) == 2


def test_required_use_leaves_and_flags():
    spec = parse_required_use("^^ ( a !b ) c? ( d )")
    assert list(spec.leaves()) == [Flag("a"), Flag("b", True), Flag("d")]
    assert Flag("b", True).holds(set()) and not Flag("b", True).holds({"b"})
    assert spec.atoms() == ()


def test_tree_lines_and_json():
    spec = parse_depend("a/b !x? ( || ( c/d e/f ) )")
    assert spec.tree_lines() == ["a/b", "!x? (", "  || (", "    c/d", "    e/f", "  )", ")"]
    data = spec.to_json()
    assert data[0]["cp"] == "a/b"
    assert data[1]["group"] == "use_conditional" and data[1]["negated"] is True
    assert data[1]["children"][0]["group"] == "any_of"
    assert Uri("https://x/y.tgz").filename == "y.tgz"
