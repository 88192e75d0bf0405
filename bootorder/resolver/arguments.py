"""Arguments that match nothing: targets, ``@sets`` and ``--with`` atoms, checked
against the tree before anything is resolved (emerge's "there are no ebuilds to
satisfy").

A target atom whose ``cat/pkg`` has no package in the tree, an ``@set`` nobody defines
and a ``--with`` atom no package matches are errors (:class:`NoMatchError`, exit 2 on
the command line), with close names to suggest. A target that exists but cannot be
resolved (masked, no keyword, no matching version) is not: the resolver reports it as
a problem of the answer.

>>> from bootorder.tree.repository import Repository, Tree
>>> import types
>>> cfg = types.SimpleNamespace(tree=Tree([Repository.from_dict("r", {"sys-devel/gcc-15": {}})]))
>>> [str(e) for e in unmatched(cfg, ["sys-devel/gccc", "@nope", ">=sys-devel/gcc-99"])]
["no package matches 'sys-devel/gccc' (did you mean sys-devel/gcc?)", "no set matches '@nope'"]
"""
from __future__ import annotations

import difflib

from ..core.errors import NoMatchError
from ..syntax.atom import Atom, InvalidAtom
from .sets import SETS

__all__ = ["unmatched", "check_arguments", "close_names", "as_atom"]


def unmatched(config, targets=(), changes=()) -> list[NoMatchError]:
    """One :class:`NoMatchError` per argument that matches nothing, in argument order.

    ``targets``: atoms and ``@set`` names; ``changes``: ``--with`` USE changes (their
    ``package`` is the atom); an atom that does not parse is left to the resolver."""
    tree = config.tree
    found = []
    for text in targets:
        if text.startswith("@"):
            if text not in SETS:
                found.append(NoMatchError(text, difflib.get_close_matches(text, SETS, n=3),
                                          what="set"))
        elif (atom := _parsed(text)) is not None and not tree.versions(atom.cp):
            found.append(NoMatchError(text, close_names(tree, atom.cp)))
    for text in dict.fromkeys(c.package for c in changes):
        atom = _parsed(text)
        if atom is None or tree.match(atom):
            continue
        found.append(NoMatchError(f"--with {text}", what="version") if tree.versions(atom.cp)
                     else NoMatchError(f"--with {text}", close_names(tree, atom.cp)))
    return found


def check_arguments(config, targets=(), changes=()) -> None:
    """Raise the first :class:`NoMatchError` of :func:`unmatched` (nothing when all match)."""
    errors = unmatched(config, targets, changes)
    if errors:
        raise errors[0]


def close_names(tree, name: str) -> list[str]:
    """``cat/pkg`` names of ``tree`` close to ``name`` (a ``cat/pkg``, an atom or a bare
    package name): package names alike, the same category first.

    >>> from bootorder.tree.repository import Repository, Tree
    >>> t = Tree([Repository.from_dict("r", {"sys-devel/gcc-15": {}, "dev-lang/gcc-1": {},
    ...                                      "sys-devel/m4-1": {}})])
    >>> close_names(t, "gcc"), close_names(t, "sys-devel/gccc"), close_names(t, "sys-devl/m4")
    (['dev-lang/gcc', 'sys-devel/gcc'], ['sys-devel/gcc', 'dev-lang/gcc'], ['sys-devel/m4'])
    """
    atom = as_atom(name) if "/" in name else None
    cat, pn = (atom.category, atom.package) if atom else ("", name.rpartition("/")[2])
    by_name: dict[str, list[str]] = {}
    for cp in tree.cps():
        by_name.setdefault(cp.split("/", 1)[1], []).append(cp)
    close = difflib.get_close_matches(pn, sorted(by_name), n=5, cutoff=0.75)
    found = [cp for n in close for cp in sorted(by_name[n])]
    return sorted(found, key=lambda cp: cp.split("/", 1)[0] != cat)[:5] if cat else sorted(found)


def _parsed(text: str) -> Atom | None:
    try:
        return Atom.parse(text)
    except InvalidAtom:
        return None


def as_atom(text: str) -> Atom | None:
    """``text`` as an atom (or as ``=text``, a cpv), else None.

    >>> str(as_atom("sys-devel/gcc-15")), as_atom("not an atom")
    ('=sys-devel/gcc-15', None)
    """
    for candidate in (text, f"={text}"):
        try:
            return Atom.parse(candidate)
        except InvalidAtom:
            continue
    return None
