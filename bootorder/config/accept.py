"""ACCEPT_LICENSE, ACCEPT_RESTRICT and ACCEPT_PROPERTIES, evaluated as portage does.

Public API
----------
``read_license_groups(repos, reporter=NULL_REPORTER) -> dict[str, tuple[str, ...]]``
    ``profiles/license_groups`` of each repository (masters first; later ones win).
``expand_license_tokens(tokens, groups) -> list[str]``
    ``@GROUP`` (and ``-@GROUP``) replaced by the group's licenses, recursively.
``accepted(tokens, candidates) -> set[str]``
    Which of ``candidates`` an incremental ACCEPT_* list accepts (``*``, ``-*``, ``-x``).
``Acceptance(tokens)``
    The same list compiled once: ``name in Acceptance(tokens)``.
``missing_licenses(spec, use, accept) -> list[str]``
    Licenses of a parsed LICENSE tree that are not accepted (``|| ( )`` needs one).
``MAKE_GLOBALS``
    portage's ``make.globals`` values, stacked below the profile's.

>>> groups = {"FREE": ("GPL-2", "@OSI"), "OSI": ("MIT",)}
>>> expand_license_tokens(["-*", "@FREE"], groups)
['-*', 'GPL-2', 'MIT']
>>> from bootorder.syntax.parse import parse_license
>>> missing_licenses(parse_license("|| ( EULA MIT ) bin? ( EULA )"), {"bin"}, ["MIT"])
['EULA']
"""
from __future__ import annotations

from ..core.reporter import NULL_REPORTER, Reporter
from ..syntax.depspec import AllOf, AnyOf, DepSpec

MAKE_GLOBALS = {"ACCEPT_LICENSE": "* -@EULA", "ACCEPT_PROPERTIES": "*", "ACCEPT_RESTRICT": "*"}


def read_license_groups(repos, reporter: Reporter = NULL_REPORTER) -> dict[str, tuple[str, ...]]:
    """License groups of the repositories (see module docstring)."""
    from .files import read_lines
    groups: dict[str, tuple[str, ...]] = {}
    for repo in repos:
        if not repo.profiles_dir:
            continue
        for ln in read_lines(repo.profiles_dir / "license_groups", False):
            name, *members = ln.text.split()
            if not members:
                ln.skipped(reporter, f"license group {name!r} has no members")
            groups[name] = tuple(members)
    return groups


def expand_license_tokens(tokens, groups, _seen: frozenset = frozenset()) -> list[str]:
    """Expand ``@GROUP`` tokens (see module docstring)."""
    out: list[str] = []
    for tok in tokens:
        neg = tok.startswith("-") and tok != "-*"
        name = tok[1:] if neg else tok
        if name.startswith("@") and name[1:] in groups and name[1:] not in _seen:
            members = expand_license_tokens(groups[name[1:]], groups, _seen | {name[1:]})
            out.extend("-" + m if neg else m for m in members)
        elif not name.startswith("@"):
            out.append(tok)
    return out


def accepted(tokens, candidates) -> set[str]:
    """The candidates an incremental ACCEPT_* token list accepts.

    >>> sorted(accepted(["*", "-bindist"], {"bindist", "strip"}))
    ['strip']
    """
    ok: set[str] = set()
    for tok in tokens:
        if tok == "*":
            ok.update(candidates)
        elif tok == "-*":
            ok.clear()
        elif tok.startswith("-"):
            ok.discard(tok[1:])
        else:
            ok.add(tok)
    return ok


class Acceptance:
    """An ACCEPT_* token list compiled once; ``name in acceptance`` is what
    :func:`accepted` would answer for that name.

    >>> a = Acceptance(["*", "-bindist", "-*", "mirror", "*", "-fetch"])
    >>> ("bindist" in a, "fetch" in a, "mirror" in a)
    (True, False, True)
    """

    __slots__ = ("all", "yes", "no")

    def __init__(self, tokens):
        self.all, self.yes, self.no = False, set(), set()
        for tok in tokens:
            if tok in ("*", "-*"):
                self.all, self.yes, self.no = tok == "*", set(), set()
            elif tok.startswith("-"):
                self.yes.discard(tok[1:])
                self.no.add(tok[1:])
            else:
                self.yes.add(tok)
                self.no.discard(tok)

    def __contains__(self, name: str) -> bool:
        return name in self.yes or (self.all and name not in self.no)


def _masked(children, ok, any_of: bool) -> list[str]:
    ret: list[str] = []
    for child in children:
        if isinstance(child, DepSpec):
            if not child.children:
                continue
            tmp = _masked(child.children, ok, isinstance(child, AnyOf))
            if any_of and not tmp:
                return []
            ret.extend(tmp)
        else:
            if any_of and child in ok:
                return []
            if any_of or child not in ok:
                ret.append(child)
    return ret


def missing_licenses(spec, use, accept) -> list[str]:
    """Licenses not accepted by ``accept``: ACCEPT_LICENSE tokens (groups expanded) or an
    :class:`Acceptance` of them."""
    tree = spec.evaluate(frozenset(use))
    ok = accept if isinstance(accept, Acceptance) else Acceptance(accept)
    return _masked(_flatten(tree), ok, False)


def _flatten(tree, in_any: bool = False) -> tuple:
    """Children of ``tree``; all-of groups are inlined except directly inside ``|| ( )``."""
    out = []
    for child in tree.children:
        if isinstance(child, AnyOf):
            out.append(AnyOf(_flatten(child, True)))
        elif isinstance(child, DepSpec):
            inner = _flatten(child, False)
            out.append(AllOf(inner)) if in_any else out.extend(inner)
        else:
            out.append(child)
    return tuple(out)
