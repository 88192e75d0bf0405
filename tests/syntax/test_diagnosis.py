"""bootorder.syntax.diagnosis: words and their columns, the column of an unclosed group,
why a word is no token of a language, and lark's own failures (from a parser of the
shipped grammar) turned into a message and column; portage rejects every *DEPEND row."""
from __future__ import annotations

import functools

import pytest
from hypothesis import given, strategies as st
from lark import Lark
from lark.exceptions import VisitError
from portage.dep import Atom as PAtom, use_reduce
from portage.exception import InvalidDependString

from bootorder.core.errors import DepSyntaxError
from bootorder.syntax.diagnosis import Located, bad_word, syntax_error, unclosed_column, words_of
from bootorder.syntax.parse import grammar_text


@pytest.mark.parametrize("text, words", [
    ("a? ( b/c )", [(1, "a?"), (4, "("), (6, "b/c"), (10, ")")]),
    ("", []),
    ("  x\ty\n z", [(3, "x"), (5, "y"), (8, "z")]),
])
def test_words_of(text, words):
    assert words_of(text) == words


@given(st.text(alphabet="ab( )\t\n|?", max_size=30))
def test_words_are_where_their_columns_say(text):
    words = words_of(text)
    assert [w for _, w in words] == text.split()
    assert all(text[c - 1:c - 1 + len(w)] == w for c, w in words)


@pytest.mark.parametrize("text, column", [
    ("|| ( a/b ( c/d )", 4),      # the innermost ( never closed
    ("( a ) ( b", 7),
    ("( ( a ) b", 1),
    (") (", 3),                   # a stray ) closes nothing
    ("a/b", 1),                   # none open: column 1
])
def test_unclosed_column(text, column):
    assert unclosed_column(words_of(text)) == column


@pytest.mark.parametrize("start, text, column, message", [
    ("depend", "a/b ^^ ( c/d )", 5, "'^^' groups are only allowed in REQUIRED_USE"),
    ("license", "?? ( a )", 1, "'??' groups are only allowed in REQUIRED_USE"),
    ("restrict", "|| ( test )", 1, "'||' groups are not allowed in RESTRICT/PROPERTIES"),
    ("src_uri", "|| ( http://x/y )", 1, "'||' groups are not allowed in SRC_URI"),
    ("depend", "a/b -> c", 5, "'->' renames are only allowed in SRC_URI"),
    ("depend", "(a/b )", 1, "missing whitespace around '(' in '(a/b'"),
    ("depend", "( a/b)", 3, "missing whitespace around ')' in 'a/b)'"),
    ("required_use", "||( a )", 1, "missing whitespace around '(' in '||('"),
    ("required_use", "a|| ( b )", 1, "missing whitespace around '||' in 'a||'"),
    ("depend", "x? a/b", 4, "expected '(' after 'x?', got 'a/b'"),
    ("required_use", "a b?", 3, "invalid USE conditional 'b?'"),
    ("depend", "a/b foo", 5, "invalid atom 'foo': missing category ('category/package')"),
    ("src_uri", "http://x/y -> a/b", 15, "invalid file name 'a/b' after '->'"),
    ("license", "GPL-2 @x", 7, "invalid license name '@x'"),
    ("required_use", "a @b", 3, "invalid USE flag '@b'"),
    ("restrict", "a/b", 1, "invalid token 'a/b'"),
])
def test_bad_word(start, text, column, message):
    word = dict(words_of(text))[column]
    assert bad_word(start, text, column) == message
    assert bad_word(start, text, column + len(word) - 1) == message    # any column of the word


@functools.cache
def lark_parser(start: str) -> Lark:
    """A plain lark parser of the shipped grammar: the errors it raises are real."""
    return Lark(grammar_text(), parser="lalr", lexer="contextual", start=start)


def lark_error(start: str, text: str) -> Exception:
    with pytest.raises(Exception) as caught:
        lark_parser(start).parse(text)
    return caught.value


LARK_FAILURES = [  # (language, text, lark's exception, message, 1-based column)
    ("depend", "a/b ( c/d", "UnexpectedToken", "unclosed group opened at column 5", 10),
    ("depend", "|| ( a/b ( c/d )", "UnexpectedToken", "unclosed group opened at column 4", 17),
    ("depend", "a/b )", "UnexpectedToken", "')' without a matching '('", 5),
    ("depend", "( )", "UnexpectedToken", "empty group '( )'", 3),
    ("depend", "x?", "UnexpectedToken", "missing '(' after 'x?'", 3),
    ("depend", "|| a/b", "UnexpectedToken", "expected '(' after '||', got 'a/b'", 4),
    ("depend", "a/b foo", "UnexpectedToken",
     "invalid atom 'foo': missing category ('category/package')", 5),
    ("depend", "a/b ^^ ( c/d )", "UnexpectedToken",
     "'^^' groups are only allowed in REQUIRED_USE", 5),
    ("depend", "(a/b )", "UnexpectedCharacters", "missing whitespace around '(' in '(a/b'", 1),
    ("depend", "a/b -> c/d", "UnexpectedToken", "'->' renames are only allowed in SRC_URI", 5),
    ("required_use", "a b? c", "UnexpectedToken", "expected '(' after 'b?', got 'c'", 6),
    ("required_use", "^^", "UnexpectedToken", "missing '(' after '^^'", 3),
    ("license", "GPL-2 || ( @x )", "UnexpectedToken", "invalid license name '@x'", 12),
    ("restrict", "|| ( test )", "UnexpectedToken",
     "'||' groups are not allowed in RESTRICT/PROPERTIES", 1),
    ("src_uri", "http://x/y ->", "UnexpectedToken", "missing file name after '->'", 14),
    ("src_uri", "-> y", "UnexpectedToken", "'->' must follow a URI", 1),
    ("src_uri", "http://x/y -> a/b", "UnexpectedToken", "invalid file name 'a/b' after '->'", 15),
]


@pytest.mark.parametrize("start, text, kind, message, column", LARK_FAILURES)
def test_lark_failures_become_messages(start, text, kind, message, column):
    err = lark_error(start, text)
    assert type(err).__name__ == kind
    got = syntax_error(err, start, text)
    assert isinstance(got, DepSyntaxError)
    assert (got.message, got.source, got.column) == (message, text, column)
    if start == "depend":                    # the table cannot drift from portage
        with pytest.raises(InvalidDependString):
            use_reduce(text, matchall=True, flat=True, token_class=PAtom, eapi="8")


def test_the_source_line_is_one_line_of_the_same_length():
    text = "a/b\t(\nc/d"
    got = syntax_error(lark_error("depend", text), "depend", text)
    assert (got.message, got.source, got.column) == (
        "unclosed group opened at column 5", "a/b ( c/d", 10)


def test_a_builders_located_error_keeps_its_message_and_column():
    located = Located("'??' groups are not allowed in EAPI 4", 3)
    for err in (located, VisitError("at_most_one_of", None, located)):
        got = syntax_error(err, "required_use", "a ?? ( b c )")
        assert (got.message, got.column) == ("'??' groups are not allowed in EAPI 4", 3)


def test_any_other_failure_is_raised_as_it_is():
    with pytest.raises(KeyError):
        syntax_error(KeyError("a bug"), "depend", "a/b")
