"""Dependency specification trees (PMS 8.2): all-of, any-of, exactly/at-most-one-of
and USE-conditional groups over leaves (``Atom``, ``Flag``, ``Uri`` or plain names).

Every node is a frozen value; ``str()`` is the normalised text (single spaces,
grouping kept as written, leaves as written), so ``str(parse(s))`` is ``s`` with
its whitespace normalised and parsing ``str(x)`` gives ``x`` back.

>>> from bootorder.syntax.atom import Atom
>>> spec = Root((Atom.parse("a/b"), UseConditional("ssl", False, (Atom.parse("dev-libs/openssl"),))))
>>> str(spec)
'a/b ssl? ( dev-libs/openssl )'
>>> str(spec.evaluate(set()))
'a/b'
>>> [str(a) for a in spec.atoms()]
['a/b', 'dev-libs/openssl']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from ..core.display import HtmlDisplay
from .atom import Atom

__all__ = ["DepSpec", "Root", "AllOf", "AnyOf", "ExactlyOneOf", "AtMostOneOf",
           "UseConditional", "Flag", "Uri"]


class DepSpec(HtmlDisplay):
    """Base of every group node; ``children`` is a tuple of nodes and leaves."""

    __slots__ = ()
    children: tuple
    _OPEN = "("
    KIND = "all_of"

    def atoms(self) -> tuple:
        """Every ``Atom`` leaf in textual order (blockers, conditionals and any-of
        groups included)."""
        found: list = []
        _collect_atoms(self.children, found)
        return tuple(found)

    def leaves(self) -> Iterator[Any]:
        """Every leaf (atom, flag, name, URI) in textual order."""
        stack = [iter(self.children)]
        while stack:
            for child in stack[-1]:
                if isinstance(child, DepSpec):
                    stack.append(iter(child.children))
                    break
                yield child
            else:
                stack.pop()

    def evaluate(self, use: set[str] | frozenset[str]) -> DepSpec:
        """This tree with every USE conditional resolved against ``use``.

        Active conditionals are replaced by their contents, inactive ones vanish;
        other groups are kept, so an any-of may become empty (``|| ( )``: true before
        EAPI 7, false from 7 on, ``eapi.features(e).empty_any_of_false``).

        >>> from bootorder.syntax.parse import parse_depend
        >>> str(parse_depend("a/b !x? ( c/d ) || ( x? ( e/f ) g/h )").evaluate({"x"}))
        'a/b || ( e/f g/h )'
        """
        return type(self)(_evaluate(self.children, use))

    def __str__(self) -> str:
        return f"{self._OPEN} {_join(self.children + (')',))}"

    def header(self) -> str:
        """The opening text of this group: ``(``, ``|| (``, ``flag? (``, ..."""
        return self._OPEN

    def tree_lines(self, indent: str = "  ") -> list[str]:
        """The tree as indented lines: one leaf or group opening per line.

        >>> from bootorder.syntax.parse import parse_depend
        >>> print("\\n".join(parse_depend("a/b x? ( || ( c/d e/f ) )").tree_lines()))
        a/b
        x? (
          || (
            c/d
            e/f
          )
        )
        """
        lines: list[str] = []
        for child in self.children:
            if isinstance(child, DepSpec):
                lines.append(child.header())
                lines.extend(indent + line for line in child.tree_lines(indent))
                lines.append(")")
            else:
                lines.append(str(child))
        return lines

    def to_json(self):
        """A JSON-ready nested form: leaves as text (atoms as their field dicts)."""
        out = []
        for child in self.children:
            if isinstance(child, DepSpec):
                node = {"group": child.KIND, "children": child.to_json()}
                if isinstance(child, UseConditional):
                    node.update(flag=child.flag, negated=child.negated)
                out.append(node)
            elif isinstance(child, Atom):
                out.append(child.as_dict())
            else:
                out.append(str(child))
        return out


def _collect_atoms(children: tuple, out: list) -> None:
    for child in children:
        if type(child) is Atom:
            out.append(child)
        elif isinstance(child, DepSpec):
            _collect_atoms(child.children, out)


def _evaluate(children: tuple, use) -> tuple:
    out: list = []
    for child in children:
        if isinstance(child, UseConditional):
            if (child.flag in use) != child.negated:
                out.extend(_evaluate(child.children, use))
        elif isinstance(child, DepSpec):
            out.append(child.evaluate(use))
        else:
            out.append(child)
    return tuple(out)


def _join(children: tuple) -> str:
    return " ".join(map(str, children))


@dataclass(frozen=True, slots=True)
class AllOf(DepSpec):
    """``( a b )``; as the root of a parse it prints without parentheses."""

    children: tuple = ()

    def __str__(self) -> str:
        return f"( {_join(self.children + (')',))}"


@dataclass(frozen=True, slots=True)
class Root(AllOf):
    """The top-level all-of of a parsed value: ``str()`` has no parentheses.

    ``atoms()`` is computed once (parse results are shared and immutable).

    >>> str(Root(("a", "b")))
    'a b'
    """

    _atoms: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def atoms(self) -> tuple:
        found = self._atoms
        if found is None:
            found = DepSpec.atoms(self)
            object.__setattr__(self, "_atoms", found)
        return found

    def __str__(self) -> str:
        return _join(self.children)


@dataclass(frozen=True, slots=True)
class AnyOf(DepSpec):
    """``|| ( a b )``: at least one of the children."""

    children: tuple = ()
    _OPEN = "|| ("
    KIND = "any_of"


@dataclass(frozen=True, slots=True)
class ExactlyOneOf(DepSpec):
    """``^^ ( a b )`` (REQUIRED_USE): exactly one child holds."""

    children: tuple = ()
    _OPEN = "^^ ("
    KIND = "exactly_one_of"


@dataclass(frozen=True, slots=True)
class AtMostOneOf(DepSpec):
    """``?? ( a b )`` (REQUIRED_USE, EAPI 5): at most one child holds."""

    children: tuple = ()
    _OPEN = "?? ("
    KIND = "at_most_one_of"


@dataclass(frozen=True, slots=True)
class UseConditional(DepSpec):
    """``flag? ( ... )`` or, with ``negated``, ``!flag? ( ... )``."""

    flag: str
    negated: bool
    children: tuple = ()
    KIND = "use_conditional"

    def header(self) -> str:
        return f"{'!' if self.negated else ''}{self.flag}? ("

    def evaluate(self, use) -> DepSpec:
        """Resolve this conditional alone: an ``AllOf`` of its children or empty."""
        active = (self.flag in use) != self.negated
        return AllOf(_evaluate(self.children, use) if active else ())

    def __str__(self) -> str:
        return f"{self.header()} {_join(self.children + (')',))}"


@dataclass(frozen=True, slots=True)
class Flag:
    """A REQUIRED_USE leaf: ``flag`` or ``!flag``.

    >>> Flag.parse("!ssl"), str(Flag("ssl", True))
    (Flag(name='ssl', negated=True), '!ssl')
    """

    name: str
    negated: bool = False

    @classmethod
    def parse(cls, text: str) -> Flag:
        return cls(text[1:], True) if text.startswith("!") else cls(text)

    def holds(self, use) -> bool:
        """Is this flag requirement met by the set ``use``?"""
        return (self.name in use) != self.negated

    def __str__(self) -> str:
        return f"{'!' if self.negated else ''}{self.name}"


@dataclass(frozen=True, slots=True)
class Uri:
    """A SRC_URI leaf: ``uri`` with an optional ``-> name`` rename.

    >>> u = Uri("https://e.org/a.tgz", "b.tgz"); (str(u), u.filename)
    ('https://e.org/a.tgz -> b.tgz', 'b.tgz')
    """

    uri: str
    rename: str | None = None

    @property
    def filename(self) -> str:
        """The distfile name: the rename, else the last path part of the URI."""
        return self.rename or self.uri.rsplit("/", 1)[-1]

    def __str__(self) -> str:
        return f"{self.uri} -> {self.rename}" if self.rename else self.uri
