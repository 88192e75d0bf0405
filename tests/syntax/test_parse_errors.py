"""Malformed input: a table of (language, EAPI, text, exact message, 1-based column).

Every *DEPEND row is also rejected by portage's use_reduce (the table cannot drift
into rejecting valid input). Limits: groups nest up to ``MAX_NESTING`` deep in every
language (a 100,000-deep value is a short error), and a 1 MiB bad string gives a
message of a few lines.
"""
from __future__ import annotations

import json
import pickle

import pytest
from hypothesis import given, settings, strategies as st
from portage.dep import Atom as PAtom, use_reduce

from bootorder.core.errors import DepSyntaxError
from bootorder.syntax.depwalk import split_deps
from bootorder.syntax.parse import (
    MAX_NESTING,
    parse_depend,
    parse_license,
    parse_metadata,
    parse_required_use,
    parse_restrict,
    parse_src_uri,
)

PARSERS = {"depend": parse_depend, "required_use": parse_required_use,
           "license": parse_license, "restrict": parse_restrict, "src_uri": parse_src_uri}
ENDS = "ends in a version (add an operator such as '=')"

TABLE = [
    # groups and whitespace (PMS 8.2)
    ("depend", "8", "a/b )", "')' without a matching '('", 5),
    ("depend", "8", "a/b ssl? ( c/d ) ) e/f", "')' without a matching '('", 18),
    ("depend", "8", "( a/b", "unclosed group opened at column 1", 6),
    ("depend", "8", "foo? ( a/b", "unclosed group opened at column 6", 11),
    ("depend", "8", "|| ( a/b ( c/d )", "unclosed group opened at column 4", 17),
    ("depend", "8", "( ( a/b )", "unclosed group opened at column 1", 10),
    ("depend", "8", "a/b\n  || ( c/d\n e/f", "unclosed group opened at column 10", 20),
    ("depend", "8", "a/b)", "missing whitespace around ')' in 'a/b)'", 1),
    ("depend", "8", "(a/b )", "missing whitespace around '(' in '(a/b'", 1),
    ("depend", "8", "foo? (a/b )", "missing whitespace around '(' in '(a/b'", 6),
    ("depend", "8", "||( a/b )", "missing whitespace around '(' in '||('", 1),
    ("depend", "8", "foo?( a/b )", "missing whitespace around '(' in 'foo?('", 1),
    ("depend", "8", "foo? a/b", "expected '(' after 'foo?', got 'a/b'", 6),
    ("depend", "8", "|| a/b", "expected '(' after '||', got 'a/b'", 4),
    ("depend", "8", "foo? bar? ( a/b )", "expected '(' after 'foo?', got 'bar?'", 6),
    ("depend", "8", "( )", "empty group '( )'", 3),
    ("depend", "8", "|| ( )", "empty group '( )'", 6),
    ("depend", "8", "foo? ( )", "empty group '( )'", 8),
    ("depend", "8", "foo?", "missing '(' after 'foo?'", 5),
    ("depend", "8", "a/b ||", "missing '(' after '||'", 7),
    ("depend", "8", "^^ ( a/b )", "'^^' groups are only allowed in REQUIRED_USE", 1),
    ("depend", "8", "a/b ?? ( c/d )", "'??' groups are only allowed in REQUIRED_USE", 5),
    ("depend", "8", "a/b -> c", "'->' renames are only allowed in SRC_URI", 5),
    ("depend", "8", "!!foo? ( a/b )", "invalid USE conditional '!!foo?'", 1),
    ("depend", "8", "-foo? ( a/b )", "invalid USE conditional '-foo?'", 1),
    # atoms: names and versions (PMS 3.1, 3.2, 8.3.1)
    ("depend", "8", "dev-libs/a  sys-libs/b-1.0 x/y",
     f"invalid atom 'sys-libs/b-1.0': package name 'b-1.0' {ENDS}", 13),
    ("depend", "8", "a/b-1c", f"invalid atom 'a/b-1c': package name 'b-1c' {ENDS}", 1),
    ("depend", "8", "a/b-1-r1", f"invalid atom 'a/b-1-r1': package name 'b-1-r1' {ENDS}", 1),
    ("depend", "8", "=a/b-1-2", "invalid atom '=a/b-1-2': package name 'b-1' ends in a version", 1),
    ("depend", "8", "a", "invalid atom 'a': missing category ('category/package')", 1),
    ("depend", "8", "-a/b", "invalid atom '-a/b': invalid category '-a'", 1),
    ("depend", "8", "a/+b", "invalid atom 'a/+b': invalid package name '+b'", 1),
    ("depend", "8", "a/b_1.0", "invalid atom 'a/b_1.0': invalid package name 'b_1.0'", 1),
    ("depend", "8", ">=a/b", "invalid atom '>=a/b': '>=' needs a valid version after the package name", 1),
    ("depend", "8", "=a/b-1.0_gamma",
     "invalid atom '=a/b-1.0_gamma': '=' needs a valid version after the package name", 1),
    ("depend", "8", "=a/b-1.0A", "invalid atom '=a/b-1.0A': '=' needs a valid version after the package name", 1),
    ("depend", "8", ">=a/b-1.0*", "invalid atom '>=a/b-1.0*': '*' is only allowed with '=', not '>='", 1),
    ("depend", "8", "~a/b-1.0*", "invalid atom '~a/b-1.0*': '*' is only allowed with '=', not '~'", 1),
    ("depend", "8", "=a/b-1.0**", "invalid atom '=a/b-1.0**': only one '*' may follow the version", 1),
    ("depend", "8", "!!!a/b", "invalid atom '!!!a/b': too many '!'", 1),
    # slot, repository and USE deps (PMS 8.3.3, 8.3.4)
    ("depend", "8", "a/b:", "invalid atom 'a/b:': invalid slot dep ':'", 1),
    ("depend", "8", "a/b:1*", "invalid atom 'a/b:1*': ':*' cannot name a slot (':1*')", 1),
    ("depend", "8", "a/b:/1", "invalid atom 'a/b:/1': invalid slot dep ':/1'", 1),
    ("depend", "8", "a/b:.ab", "invalid atom 'a/b:.ab': invalid slot dep ':.ab'", 1),
    ("depend", "8", "a/b::gentoo",
     "invalid atom 'a/b::gentoo': repository deps (::gentoo) are not allowed in EAPI 8", 1),
    ("depend", "8", "a/b:0::r:1", "invalid atom 'a/b:0::r:1': invalid repository name 'r:1'", 1),
    ("depend", "8", "a/b[foo", "invalid atom 'a/b[foo': USE deps must end with ']'", 1),
    ("depend", "8", "a/b[]", "invalid atom 'a/b[]': invalid USE dependency ''", 1),
    ("depend", "8", "a/b[-foo?]", "invalid atom 'a/b[-foo?]': invalid USE dependency '-foo?'", 1),
    ("depend", "8", "a/b[!foo]", "invalid atom 'a/b[!foo]': invalid USE dependency '!foo'", 1),
    ("depend", "8", "a/b[foo=(+)]", "invalid atom 'a/b[foo=(+)]': invalid USE dependency 'foo=(+)'", 1),
    ("depend", "8", "a/b[foo(+),foo(-)]",
     "invalid atom 'a/b[foo(+),foo(-)]': conflicting defaults for USE flag 'foo'", 1),
    ("depend", "8", "a/b[a][b]", "invalid atom 'a/b[a][b]': invalid USE dependency 'a][b'", 1),
    # EAPI gates
    ("depend", "0", "!!a/b", "invalid atom '!!a/b': '!!' blockers are not allowed in EAPI 0", 1),
    ("depend", "0", "a/b:1", "invalid atom 'a/b:1': slot deps are not allowed in EAPI 0", 1),
    ("depend", "1", "a/b[foo]", "invalid atom 'a/b[foo]': USE deps are not allowed in EAPI 1", 1),
    ("depend", "3", "a/b[foo(+)]",
     "invalid atom 'a/b[foo(+)]': USE dep defaults ('foo(+)') are not allowed in EAPI 3", 1),
    ("depend", "4", "a/b:=", "invalid atom 'a/b:=': slot operators and sub-slots need EAPI 5 (EAPI 4)", 1),
    ("depend", "2", "x/y a/b:1/2",
     "invalid atom 'a/b:1/2': slot operators and sub-slots need EAPI 5 (EAPI 2)", 5),
    ("depend", "7", "  foo? ( a/b:= c/d[x(+)] ) !!e/f g/h::r",
     "invalid atom 'g/h::r': repository deps (::r) are not allowed in EAPI 7", 34),
    # the other languages
    ("required_use", "8", "^^ ( a b", "unclosed group opened at column 4", 9),
    ("required_use", "8", "a? ( b ) c? d", "expected '(' after 'c?', got 'd'", 13),
    ("required_use", "8", "a/b", "invalid USE flag 'a/b'", 1),
    ("required_use", "4", "?? ( a b )", "'??' groups are not allowed in EAPI 4", 1),
    ("license", "8", "GPL-2 || ( MIT", "unclosed group opened at column 10", 15),
    ("license", "8", "GPL-2 ^^ ( MIT )", "'^^' groups are only allowed in REQUIRED_USE", 7),
    ("license", "8", "foo/bar", "invalid license name 'foo/bar'", 1),
    ("restrict", "8", "|| ( test )", "'||' groups are not allowed in RESTRICT/PROPERTIES", 1),
    ("src_uri", "8", "https://e.org/a -> ", "missing file name after '->'", 20),
    ("src_uri", "8", "https://e.org/a -> x/y", "invalid file name 'x/y' after '->'", 20),
    ("src_uri", "8", "-> a", "'->' must follow a URI", 1),
    ("src_uri", "8", "a -> ||", "'||' groups are not allowed in SRC_URI", 6),
    ("src_uri", "1", "https://e.org/a -> b", "'->' renames are not allowed in EAPI 1", 17),
    ("src_uri", "7", "mirror+https://e.org/a", "'fetch+'/'mirror+' URIs are not allowed in EAPI 7", 1),
]


@pytest.mark.parametrize("lang, eapi, text, message, column", TABLE)
def test_error_message_and_column(lang, eapi, text, message, column):
    with pytest.raises(DepSyntaxError) as caught:
        PARSERS[lang](text, eapi)
    err = caught.value
    assert (err.message, err.column) == (message, column)
    assert err.source.split() == text.split() and len(err.source) == len(text)
    lines = str(err).splitlines()
    assert lines[0] == f"{message} at column {column}"
    assert lines[2].index("^") - 2 == column - 1
    if lang == "depend":
        with pytest.raises(Exception):
            use_reduce(text, matchall=True, flat=True, token_class=PAtom, eapi=eapi)


def test_table_is_large_enough():
    assert len(TABLE) >= 40


def test_errors_are_value_errors_and_metadata_errors_name_the_key():
    with pytest.raises(ValueError):
        parse_depend("( a/b")
    with pytest.raises(DepSyntaxError) as caught:
        parse_metadata("RDEPEND", "a/b c/d-1", "8")
    assert str(caught.value).startswith("RDEPEND: invalid atom 'c/d-1'")
    assert caught.value.column == 5


_ALPHABET = st.sampled_from(list("ab/-_.1:=*[](),!?+<>~ @") + ["||", " ( ", " ) ", "-1", "a/b",
                                                                "\t", "(+)", "::r", "-r1"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=12).map("".join),
       st.sampled_from(["0", "2", "4", "5", "8", None]))
def test_fuzz_same_verdict_as_portage_and_only_syntax_errors(text, eapi):
    try:
        flat = use_reduce(text, matchall=True, flat=True, token_class=PAtom, eapi=eapi)
        expected = [str(a) for a in flat if isinstance(a, PAtom)]
    except Exception:
        expected = None
    try:
        got = [str(a) for a in parse_depend(text, eapi).atoms()]
    except DepSyntaxError as err:
        got = None
        assert 1 <= err.column <= len(text) + 1
    assert got == expected


def _nested(depth: int, open_: str = "(", leaf: str = "a/b") -> str:
    return f"{open_} " * depth + leaf + " )" * depth


@pytest.mark.parametrize("lang, open_, leaf", [
    ("depend", "(", "a/b"), ("depend", "|| (", "a/b"), ("depend", "x? (", "a/b"),
    ("required_use", "^^ (", "f"), ("license", "|| (", "MIT"), ("restrict", "x? (", "test"),
    ("src_uri", "x? (", "https://e.org/a.tgz"),
])
def test_groups_nest_up_to_the_limit(lang, open_, leaf):
    """At ``MAX_NESTING`` every language parses and every walker of the tree works;
    one level more is a DepSyntaxError at the first ``(`` too deep."""
    spec = PARSERS[lang](_nested(MAX_NESTING, open_, leaf), None)
    assert str(spec) == _nested(MAX_NESTING, open_, leaf)
    assert PARSERS[lang](str(spec), None) == spec
    assert len(spec.tree_lines()) == 2 * MAX_NESTING + 1
    assert json.dumps(spec.to_json()).count('"children"') == MAX_NESTING
    assert [str(x) for x in spec.leaves()] == [leaf]
    assert hash(spec) == hash(PARSERS[lang](str(spec), None)) and repr(spec).startswith("Root(")
    assert pickle.loads(pickle.dumps(spec)) == spec
    column = len(f"{open_} ") * MAX_NESTING + len(open_)
    with pytest.raises(DepSyntaxError) as caught:
        PARSERS[lang](_nested(MAX_NESTING + 1, open_, leaf), None)
    assert caught.value.message == f"groups nested more than {MAX_NESTING} deep (bootorder's limit)"
    assert caught.value.column == column


def test_walkers_of_a_depend_tree_at_the_limit():
    spec = parse_depend(_nested(MAX_NESTING, "x? (", "a/b"))
    assert [str(a) for a in spec.atoms()] == ["a/b"]
    assert str(spec.evaluate({"x"})) == "a/b"
    plain, deferred = split_deps(spec.children, {"x"})
    assert [(str(a), len(c)) for a, c in plain] == [("a/b", MAX_NESTING)] and deferred == []


@pytest.mark.parametrize("text", [
    _nested(100_000), "( " * 100_000, _nested(100_000, "|| ("), _nested(100_000, "x? ("),
])
def test_a_hundred_thousand_levels_is_a_clear_error(text):
    with pytest.raises(DepSyntaxError) as caught:
        parse_depend(text)
    assert "nested more than 100 deep" in str(caught.value)
    assert len(str(caught.value)) < 300


@pytest.mark.parametrize("text, message", [
    ("a/b " * 262_144 + ")", "')' without a matching '('"),
    ("x" * 2**20, ("invalid atom 'xxxxxxxxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxxxxxxx': "
                   "missing category ('category/package')")),
    ("a/b " * 131_072 + "=x/y " + "a/b " * 131_072,
     "invalid atom '=x/y': '=' needs a valid version after the package name"),
    ("a/b " * 131_072 + "x" * 2**19 + "? a/b", ("expected '(' after "
     "'xxxxxxxxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxxxxxx?', got 'a/b'")),
    ("( " + "a/b " * 262_144, "unclosed group opened at column 1"),
])
def test_a_one_mebibyte_bad_string_gives_a_short_message(text, message):
    with pytest.raises(DepSyntaxError) as caught:
        parse_depend(text)
    err = caught.value
    assert err.message == message
    head, line, caret = str(err).split("\n")
    assert head == f"{message} at column {err.column}" and len(line) <= 80
    if err.column <= len(text):
        assert line[caret.index("^")] == text[err.column - 1]
