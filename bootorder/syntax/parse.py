"""Parse dependency-style metadata with ``grammars/depend.lark`` into depspec trees.

``parse_depend(text, eapi)`` returns the root all-of (``depspec.Root``) of atoms;
the same grammar family parses REQUIRED_USE, LICENSE, RESTRICT/PROPERTIES and
SRC_URI. Syntax the EAPI lacks is rejected with ``DepSyntaxError`` (source, 1-based
column, caret; groups nest at most ``MAX_NESTING`` deep). Results are memoized per
(language, text, EAPI): metadata repeats a lot, and every node is immutable; the
memos are bounded LRUs (``MEMO_BUDGETS``: 4 Mi characters of whole values, 2 Mi of
groups, 2 Mi of atoms; about 75 MB at most in all, enough for every distinct
*DEPEND value of the Flatcar tree, 0.9 Mi characters).

How *DEPEND is parsed (the hot path): lark builds the LALR(1) table of the
``depend`` rule once, lazily; ``_lalr.Driver`` runs it over whitespace-delimited
words, each typed and checked by the grammar's own ``ATOM``/``USE_COND`` terminals
(every token is a whole word, PMS 8.2). Three memo layers: whole values, top-level
groups (the same ``python_targets_*? ( ... )`` block recurs in hundreds of
entries) and atoms, which are built from the one match of the atom pattern. On any
failure lark's own contextual-lexer parser re-parses the value to name the error.
The other languages always go through that lark parser.

>>> spec = parse_depend("ssl? ( >=dev-libs/openssl-3:= )  || ( a/b  c/d )")
>>> str(spec)
'ssl? ( >=dev-libs/openssl-3:= ) || ( a/b c/d )'
>>> [a.cp for a in spec.atoms()]
['dev-libs/openssl', 'a/b', 'c/d']
>>> parse_depend("a/b:=", eapi="4")
Traceback (most recent call last):
...
bootorder.core.errors.DepSyntaxError: invalid atom 'a/b:=': slot operators and sub-slots need EAPI 5 (EAPI 4) at column 1
  a/b:=
  ^
"""
from __future__ import annotations

import re
import threading
from functools import cache
from importlib import resources
from pathlib import Path

from lark import Lark
from lark.lexer import Lexer

from ..core.depclass import METADATA_KEYS
from ..core.errors import BootorderError, DepSyntaxError
from . import eapi as _eapi
from ._lalr import Driver, NoParse, table_of
from ._lru import LruMemo
from .atom import _ATOM_RE, Atom, InvalidAtom, from_match
from .depspec import (
    AllOf,
    AnyOf,
    AtMostOneOf,
    DepSpec,
    ExactlyOneOf,
    Flag,
    Root,
    Uri,
    UseConditional,
)
from .diagnosis import (
    MAX_NESTING,
    Located as _Located,
    check_nesting,
    syntax_error as _syntax_error,
)

__all__ = ["parse_depend", "parse_metadata", "parse_required_use", "parse_license",
           "parse_restrict", "parse_src_uri", "grammar_text", "MAX_NESTING", "MEMO_BUDGETS"]




def grammar_text() -> str:
    """The text of ``depend.lark`` (shipped as ``bootorder/grammars`` in the wheel)."""
    shipped = resources.files("bootorder").joinpath("grammars/depend.lark")
    if shipped.is_file():
        return shipped.read_text()
    return (Path(__file__).resolve().parents[2] / "grammars" / "depend.lark").read_text()


class _Builder:
    """Lark callbacks: each only constructs a node (``feats`` is set per parse)."""

    def __init__(self) -> None:
        self.feats = _eapi.features("8")

    # -- leaves ---------------------------------------------------------------
    def atom(self, tok) -> Atom:
        try:
            return from_match(tok.value, _ATOM_RE.fullmatch(tok.value), self.feats)
        except InvalidAtom as err:
            raise _Located(err.args[0], tok.start_pos + 1) from None

    def leaf(self, item):
        """A parsed child: nodes pass through, tokens become leaves."""
        kind = getattr(item, "type", None)
        if kind == "ATOM":
            return self.atom(item)
        if kind == "FLAG":
            return Flag.parse(item.value)
        return item if kind is None else item.value

    def _kids(self, items, first: int) -> tuple:
        leaf = self.leaf
        return tuple([leaf(i) for i in items[first:-1]])

    # -- groups ---------------------------------------------------------------
    def all_of(self, items) -> AllOf:
        return AllOf(self._kids(items, 1))

    def any_of(self, items) -> AnyOf:
        return AnyOf(self._kids(items, 2))

    def exactly_one_of(self, items) -> ExactlyOneOf:
        return ExactlyOneOf(self._kids(items, 2))

    def at_most_one_of(self, items) -> AtMostOneOf:
        if not self.feats.at_most_one_of:
            raise _Located(f"'??' groups are not allowed in EAPI {self.feats.name}",
                           items[0].start_pos + 1)
        return AtMostOneOf(self._kids(items, 2))

    def use_cond(self, items) -> UseConditional:
        cond = str(items[0])
        negated = cond[0] == "!"
        return UseConditional(cond[1:-1] if negated else cond[:-1], negated,
                              self._kids(items, 2))

    def root(self, items) -> Root:
        leaf = self.leaf
        return Root(tuple([leaf(i) for i in items]))

    def uri_rename(self, items) -> Uri:
        if not self.feats.src_uri_arrows:
            raise _Located(f"'->' renames are not allowed in EAPI {self.feats.name}",
                           items[1].start_pos + 1)
        return Uri(self._uri_text(items[0]), items[2].value)

    def uri(self, items) -> Uri:
        return Uri(self._uri_text(items[0]))

    def _uri_text(self, tok) -> str:
        if not self.feats.selective_fetch and tok.value.startswith(("fetch+", "mirror+")):
            raise _Located(f"'fetch+'/'mirror+' URIs are not allowed in EAPI "
                           f"{self.feats.name}", tok.start_pos + 1)
        return tok.value

    def callbacks(self) -> dict:
        """Rule name -> callback, for ``Lark(transformer=...)``-style embedding."""
        groups = {"all_of": self.all_of, "any_of": self.any_of,
                  "use_cond": self.use_cond}
        table = {f"{p}_{g}": f for p in ("dep", "req", "lic", "res", "uri")
                 for g, f in groups.items()}
        table.update(req_exactly_one_of=self.exactly_one_of,
                     req_at_most_one_of=self.at_most_one_of,
                     uri=self.uri, uri_rename=self.uri_rename)
        for start in ("depend", "required_use", "license", "restrict", "src_uri"):
            table[start] = self.root
        return table


class _Transformer:
    """A minimal lark-compatible transformer built from ``_Builder.callbacks``."""

    def __init__(self, builder: _Builder):
        for name, func in builder.callbacks().items():
            setattr(self, name, func)
        self.__visit_tokens__ = False


@cache
def _grammar():
    """``depend.lark`` loaded once; every lark parser of this module compiles from it
    (lark's ``Grammar.compile`` copies, so sharing is safe)."""
    from lark.load_grammar import load_grammar
    return load_grammar(grammar_text(), "depend.lark", [], False)[0]


@cache
def _engine(start: str):
    """(lark parser, builder, lock) for one language, contextual lexer: used for
    REQUIRED_USE, LICENSE, RESTRICT, SRC_URI and to explain a *DEPEND error."""

    builder = _Builder()
    parser = Lark(_grammar(), parser="lalr", lexer="contextual", start=start,
                  transformer=_Transformer(builder), maybe_placeholders=False,
                  propagate_positions=False)
    return parser, builder, threading.Lock()


@cache
def _depend_engine():
    """(driver, ATOM matcher, USE_COND matcher) for *DEPEND, built once on first use.

    Lark builds the LALR table of the ``depend`` start rule; ``_lalr.Driver`` runs
    it over whitespace-delimited words typed by the grammar's own terminals.
    """

    class _NoLexer(Lexer):  # words are typed by ``_words_of``; lark never lexes here
        __future_interface__ = 0

        def __init__(self, conf):
            pass

        def lex(self, text):  # pragma: no cover - never called
            raise NotImplementedError

    parser = Lark(_grammar(), parser="lalr", lexer=_NoLexer, start="depend")
    driver = Driver(table_of(parser), _Builder().callbacks())

    def matcher(name):
        return re.compile(parser.get_terminal(name).pattern.to_regexp()).fullmatch

    return driver, matcher("ATOM"), matcher("USE_COND")


MEMO_BUDGETS = {"values": 4 << 20, "groups": 2 << 20, "atoms": 2 << 20}
"""Characters of text each parse memo keeps results for (least recently used out)."""

_CACHE = LruMemo(MEMO_BUDGETS["values"], lambda key: len(key[1]))    # (start, text, EAPI)
_GROUPS = LruMemo(MEMO_BUDGETS["groups"], lambda key: len(key[0]))   # (group text, EAPI)
_ATOMS = LruMemo(MEMO_BUDGETS["atoms"], lambda key: len(key[0]))     # (word, EAPI)
_KINDS = {"(": "LPAR", ")": "RPAR", "||": "ANY_OF"}


def _parse(start: str, text: str, eapi: str | None) -> Root:
    key = (start, text, eapi)
    spec = _CACHE.get(key)
    if spec is None:
        feats = _eapi.parse_features(eapi)
        spec = _fast_depend(text, eapi, feats) if start == "depend" else None
        if spec is None:
            spec = _lark_parse(start, text, feats)
        _CACHE.put(key, spec)
    return spec


def _lark_parse(start: str, text: str, feats: _eapi.Features) -> Root:
    check_nesting(text)  # the fast path gives up on deeper groups: they end here
    parser, builder, lock = _engine(start)
    with lock:
        builder.feats = feats
        try:
            return parser.parse(text, start=start)
        except Exception as err:  # lark errors and our _Located, converted below
            raise _syntax_error(err, start, text) from None


def _fast_depend(text: str, eapi: str | None, feats: _eapi.Features) -> Root | None:
    """Parse a *DEPEND value top-level item by item, memoizing each item.

    Lone atoms are checked with the grammar's ATOM terminal; each distinct group
    text goes through the LALR driver once. Returns None when anything is wrong,
    so that lark's whole-string parse reports the error with its column.
    """
    words = text.split()
    items: list = []
    i, n = 0, len(words)
    while i < n:
        word = words[i]
        if word == "(" or word == "||" or word[-1] == "?":
            end = _group_end(words, i)
            if end < 0:
                return None
            item = _group(words[i:end], eapi, feats)
            i = end
        else:
            item = _lone_atom(word, eapi, feats)
            i += 1
        if item is None:
            return None
        items.append(item)
    return Root(tuple(items))


def _group_end(words: list[str], i: int) -> int:
    """Index after the ``)`` closing the group that starts at ``words[i]`` (-1: none, or
    nested deeper than ``MAX_NESTING``)."""
    if words[i] != "(":
        i += 1
        if i >= len(words) or words[i] != "(":
            return -1
    depth = 0
    for j in range(i, len(words)):
        word = words[j]
        if word == "(":
            depth += 1
            if depth > MAX_NESTING:
                return -1
        elif word == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    return -1


def _group(words: list[str], eapi: str | None, feats: _eapi.Features) -> DepSpec | None:
    key = (" ".join(words), eapi)
    node = _GROUPS.get(key)
    if node is None:
        driver, _, cond_ok = _depend_engine()
        try:
            node = driver.parse(_tokens(words, eapi, feats, cond_ok)).children[0]
        except (NoParse, _Fallback):
            return None
        _GROUPS.put(key, node)
    return node


def _tokens(words: list[str], eapi, feats, cond_ok) -> list[tuple[str, object]]:
    kinds = _KINDS
    out = []
    for word in words:
        kind = kinds.get(word)
        if kind is not None:
            out.append((kind, word))
        elif word[-1] == "?":
            if not cond_ok(word):
                raise _Fallback()
            out.append(("USE_COND", word))
        else:
            atom = _ATOMS.get((word, eapi)) or _lone_atom(word, eapi, feats)
            if atom is None:
                raise _Fallback()
            out.append(("ATOM", atom))
    return out


class _Fallback(Exception):
    """Internal: the fast path gives up; lark's full parse reports the error."""


def _lone_atom(word: str, eapi: str | None, feats: _eapi.Features) -> Atom | None:
    key = (word, eapi)
    atom = _ATOMS.get(key)
    if atom is None:
        if _depend_engine()[1](word) is None:
            return None
        try:
            atom = from_match(word, _ATOM_RE.fullmatch(word), feats)
        except InvalidAtom:
            return None
        _ATOMS.put(key, atom)
    return atom


def parse_depend(text: str, eapi: str | None = "8") -> Root:
    """Parse a *DEPEND value into its root all-of group of ``Atom`` leaves.

    ``eapi=None`` parses with no EAPI (profiles, user input): every feature,
    repository deps included.

    >>> str(parse_depend("!!<sys-libs/glibc-2.30  virtual/libc", eapi="2"))
    '!!<sys-libs/glibc-2.30 virtual/libc'
    """
    return _parse("depend", text, eapi)


def parse_required_use(text: str, eapi: str | None = "8") -> Root:
    """Parse REQUIRED_USE into a tree of ``Flag`` leaves (``^^``, ``??`` groups).

    >>> str(parse_required_use("^^ ( a b ) c? ( !d )"))
    '^^ ( a b ) c? ( !d )'
    """
    return _parse("required_use", text, eapi)


def parse_license(text: str, eapi: str | None = "8") -> Root:
    """Parse LICENSE into a tree of license-name strings.

    >>> parse_license("|| ( MIT GPL-2+ ) doc? ( FDL-1.3 )").leaves().__next__()
    'MIT'
    """
    return _parse("license", text, eapi)


def parse_restrict(text: str, eapi: str | None = "8") -> Root:
    """Parse RESTRICT or PROPERTIES into a tree of token strings.

    >>> list(parse_restrict("!test? ( test ) strip").evaluate({"test"}).leaves())
    ['strip']
    """
    return _parse("restrict", text, eapi)


def parse_src_uri(text: str, eapi: str | None = "8") -> Root:
    """Parse SRC_URI into a tree of ``Uri`` leaves (``uri -> name`` renames).

    >>> [u.filename for u in parse_src_uri("https://e.org/v1.tgz -> foo-1.tgz").leaves()]
    ['foo-1.tgz']
    """
    return _parse("src_uri", text, eapi)


_KEY_START = {"REQUIRED_USE": "required_use", "LICENSE": "license",
              "RESTRICT": "restrict", "PROPERTIES": "restrict", "SRC_URI": "src_uri"}


def parse_metadata(key: str, text: str, eapi: str | None) -> Root:
    """Parse the value of metadata ``key`` as ``eapi`` defines it.

    Checks that the EAPI has the key (BDEPEND from 7, IDEPEND from 8, REQUIRED_USE
    from 4; with no EAPI or an unknown one every key is accepted); ``HOSTDEPEND`` (the project's
    proposed class) is accepted in every EAPI with BDEPEND's syntax. Errors name the
    key in ``DepSyntaxError.origin``.

    >>> parse_metadata("BDEPEND", "a/b", "6")
    Traceback (most recent call last):
    ...
    bootorder.core.errors.DepSyntaxError: BDEPEND: BDEPEND is not allowed in EAPI 6 (it needs EAPI 7) at column 1
      a/b
      ^
    """
    feats = _eapi.parse_features(eapi)
    need = {"BDEPEND": ("bdepend", "7"), "IDEPEND": ("idepend", "8"),
            "REQUIRED_USE": ("required_use", "4")}.get(key)
    if need and eapi is not None and _eapi.is_known(eapi) and not getattr(feats, need[0]):
        raise DepSyntaxError(f"{key} is not allowed in EAPI {feats.name} "
                             f"(it needs EAPI {need[1]})", text, 1, origin=key)
    start = "depend" if key in METADATA_KEYS else _KEY_START.get(key)
    if start is None:
        raise BootorderError(f"unknown dependency-style metadata key {key!r}")
    try:
        return _parse(start, text, eapi)
    except DepSyntaxError as err:
        raise DepSyntaxError(err.message, err.source, err.column, origin=key) from None

