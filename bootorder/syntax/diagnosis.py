"""Turn lark's parse failures into ``DepSyntaxError`` messages that say what is wrong.

Every token of the dependency languages is a whitespace-delimited word, so a
failure is explained from the words: the offending word and its 1-based column,
the unmatched parenthesis, or the column where an unclosed group was opened.

>>> words_of("a? ( b/c )")
[(1, 'a?'), (4, '('), (6, 'b/c'), (10, ')')]
>>> unclosed_column(words_of("|| ( a/b ( c/d )"))
4

Groups may nest :data:`MAX_NESTING` levels deep; ``check_nesting`` rejects deeper
values before any parser sees them, so that nothing that walks a parsed tree
recursively can exhaust Python's stack.
"""
from __future__ import annotations

import re

from ..core.errors import DepSyntaxError, clip

__all__ = ["Located", "syntax_error", "words_of", "unclosed_column", "WORD_RE",
           "MAX_NESTING", "check_nesting"]

MAX_NESTING = 100
"""The deepest nesting of groups parsed (PMS sets no limit; real metadata nests at
most about 5 deep; a deeper value is a ``DepSyntaxError``)."""

WORD_RE = re.compile(r"\S+")
_LEAF = {"depend": "atom", "required_use": "USE flag", "license": "license name",
         "restrict": "token", "src_uri": "URI"}
_TOKENS = {
    "depend": {"ATOM", "USE_COND", "ANY_OF", "LPAR", "RPAR"},
    "required_use": {"FLAG", "USE_COND", "ANY_OF", "EXACTLY_ONE_OF", "AT_MOST_ONE_OF",
                     "LPAR", "RPAR"},
    "license": {"LICENSE_NAME", "USE_COND", "ANY_OF", "LPAR", "RPAR"},
    "restrict": {"TOKEN", "USE_COND", "LPAR", "RPAR"},
    "src_uri": {"URI", "ARROW", "FILE_NAME", "USE_COND", "LPAR", "RPAR"},
}
_OPENERS = ("||", "^^", "??")
_SPECIAL = {"||": "ANY_OF", "^^": "EXACTLY_ONE_OF", "??": "AT_MOST_ONE_OF", "->": "ARROW"}


class Located(Exception):
    """Internal: a message with the 1-based column it belongs to."""

    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.message = message
        self.column = column


def words_of(text: str) -> list[tuple[int, str]]:
    """``(column, word)`` for every whitespace-delimited word."""
    return [(m.start() + 1, m.group()) for m in WORD_RE.finditer(text)]


def unclosed_column(words: list[tuple[int, str]]) -> int:
    """Column of the innermost ``(`` that is never closed (1 if none)."""
    opened: list[int] = []
    for column, word in words:
        if word == "(":
            opened.append(column)
        elif word == ")" and opened:
            opened.pop()
    return opened[-1] if opened else 1


def check_nesting(text: str) -> None:
    """Raise ``DepSyntaxError`` at the first ``(`` nested deeper than ``MAX_NESTING``.

    >>> check_nesting("( " * 101 + "a/b" + " )" * 101)
    Traceback (most recent call last):
    ...
    bootorder.core.errors.DepSyntaxError: groups nested more than 100 deep (bootorder's limit) at column 201
      ...( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( ( a/b ) ) ) ) ) ) ) ) ) ) ) ) ) ) ) ...
                                             ^
    """
    if text.count("(") <= MAX_NESTING:
        return
    depth = 0
    for match in WORD_RE.finditer(text):
        word = match.group()
        if word == "(":
            depth += 1
            if depth > MAX_NESTING:
                raise DepSyntaxError(f"groups nested more than {MAX_NESTING} deep "
                                     f"(bootorder's limit)", _one_line(text), match.start() + 1)
        elif word == ")" and depth:
            depth -= 1


def syntax_error(err: Exception, start: str, text: str) -> DepSyntaxError:
    """The ``DepSyntaxError`` for a failure of lark (or a builder) on ``text``."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken, VisitError

    if isinstance(err, VisitError):
        err = err.orig_exc
    line = _one_line(text)
    if isinstance(err, Located):
        return DepSyntaxError(err.message, line, err.column)
    if isinstance(err, UnexpectedCharacters):
        column = err.pos_in_stream + 1
        return DepSyntaxError(bad_word(start, text, column), line, column)
    if isinstance(err, UnexpectedToken):
        tok = err.token
        if tok.type != "$END":
            column = tok.start_pos + 1
            if tok.type not in _TOKENS[start] or _SPECIAL.get(tok.value, "") not in (
                    "", *_TOKENS[start]):
                return DepSyntaxError(bad_word(start, text, column), line, column)
        message, column = _bad_token(start, text, tok)
        return DepSyntaxError(message, line, column)
    raise err


def _one_line(text: str) -> str:
    # columns count characters of the whole value; show it on one line, same length
    return text.replace("\n", " ").replace("\t", " ").replace("\r", " ")


def bad_word(start: str, text: str, column: int) -> str:
    """Why the word at ``column`` is no token of language ``start``."""
    words = words_of(text)
    index = next(i for i, (c, w) in enumerate(words) if c <= column < c + len(w))
    whole = words[index][1]
    word = clip(whole)  # what messages show; clip keeps both ends for the tests below
    prev = clip(words[index - 1][1]) if index else None
    if word in ("^^", "??") and start != "required_use":
        return f"'{word}' groups are only allowed in REQUIRED_USE"
    if word == "||" and start in ("restrict", "src_uri"):
        return f"'||' groups are not allowed in {_name(start)}"
    if word == "->" and start != "src_uri":
        return "'->' renames are only allowed in SRC_URI"
    for mark in ("(", ")") + _OPENERS:
        if word != mark and (word.startswith(mark) or word.endswith(mark)):
            return f"missing whitespace around '{mark}' in '{word}'"
    if prev is not None and (prev.endswith("?") or prev in _OPENERS):
        return f"expected '(' after '{prev}', got '{word}'"
    if word.endswith("?"):
        return f"invalid USE conditional '{word}'"
    if start == "depend":
        from .atom import _diagnose
        return f"invalid atom '{word}': {clip(_diagnose(whole), 200)}"
    if start == "src_uri" and prev == "->":
        return f"invalid file name '{word}' after '->'"
    return f"invalid {_LEAF[start]} '{word}'"


def _name(start: str) -> str:
    return {"restrict": "RESTRICT/PROPERTIES", "src_uri": "SRC_URI"}[start]


def _bad_token(start: str, text: str, tok) -> tuple[str, int]:
    words = words_of(text)
    if tok.type == "$END":
        last = words[-1][1] if words else ""
        if last.endswith("?") or last in _OPENERS:
            return f"missing '(' after '{clip(last)}'", len(text) + 1
        if last == "->":
            return "missing file name after '->'", len(text) + 1
        return f"unclosed group opened at column {unclosed_column(words)}", len(text) + 1
    column = tok.start_pos + 1
    before = [w for c, w in words if c < column]
    prev = before[-1] if before else None
    if tok.type == "RPAR":
        if prev == "(":
            return "empty group '( )'", column
        if before.count("(") <= before.count(")"):
            return "')' without a matching '('", column
    if prev is not None and (prev.endswith("?") or prev in _OPENERS):
        return f"expected '(' after '{clip(prev)}', got '{clip(tok.value)}'", column
    if prev == "->":
        return f"expected a file name after '->', got '{clip(tok.value)}'", column
    if tok.type == "ARROW":
        return "'->' must follow a URI", column
    return f"unexpected '{clip(tok.value)}'", column
