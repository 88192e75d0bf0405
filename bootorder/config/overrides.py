"""USE overrides of a configuration: ``--with`` values, forced fixes, and their checks.

A :class:`~bootorder.config.configuration.Config` takes per-package changes as
:class:`~bootorder.core.usechange.UseChange` values at one of two levels
(``Config.with_changes``):

``use_changes``
    applied last, above the environment's ``USE`` (what ``--with`` gives: they survive
    catalyst's ``USE="-* build"``), yet forced and masked flags still win;
``forced_use``
    per-package forced (``enable``) and masked flags, like a user's
    ``profile/package.use.force`` and ``package.use.mask``: they win over the profile's
    own force and mask (the fixes ``stage1`` proposes, written as a plan writes them).

This module parses ``--with`` values, writes them back, and says which changes a
configuration ignores for a package (flag forced, masked or not in IUSE).

>>> changes = parse_with("sys-devel/gcc -nls +static")
>>> [c.signed() for c in changes]
['sys-devel/gcc -nls', 'sys-devel/gcc +static']
>>> with_text(changes)
'sys-devel/gcc -nls +static'
"""
from __future__ import annotations

import re
from typing import Iterable

from ..core.errors import BootorderError
from ..core.usechange import UseChange, grouped
from ..syntax.atom import Atom

__all__ = ["parse_with", "with_text", "with_texts", "changes_for_cpvs", "matches",
           "refusal", "decisions"]

_CHANGE = re.compile(r"[+-]?[A-Za-z0-9][A-Za-z0-9+_@-]*")


def parse_with(text: str, reason: str = "--with") -> tuple[UseChange, ...]:
    """Parse one ``--with`` value, ``"ATOM [+|-]FLAG..."`` (a flag without sign is on).

    >>> parse_with("gcc")
    Traceback (most recent call last):
    ...
    bootorder.core.errors.BootorderError: --with 'gcc': expected 'ATOM -flag|+flag ...'
    """
    words = text.split()
    if len(words) < 2:
        raise BootorderError(f"--with {text!r}: expected 'ATOM -flag|+flag ...'")
    try:
        Atom.parse(words[0])
    except ValueError as err:
        raise BootorderError(f"--with {text!r}: {err}") from None
    changes = []
    for word in words[1:]:
        if not _CHANGE.fullmatch(word):
            raise BootorderError(f"--with {text!r}: bad flag change {word!r}")
        changes.append(UseChange(words[0], word.lstrip("+-"), not word.startswith("-"),
                                 reason))
    return tuple(changes)


def with_text(changes: Iterable[UseChange]) -> str:
    """Changes of one package as one ``--with`` value (``"ATOM -flag +flag"``)."""
    changes = list(changes)
    return " ".join([changes[0].package, *(f"{'+' if c.enable else '-'}{c.flag}"
                                           for c in changes)])


def with_texts(changes: Iterable[UseChange]) -> list[str]:
    """``--with`` values of ``changes``: consecutive changes of a package share one.

    >>> with_texts([UseChange("a/b", "x", False), UseChange("a/b", "y", True),
    ...             UseChange("c/d", "z", True)])
    ['a/b -x +y', 'c/d +z']
    """
    runs: list[list[UseChange]] = []
    for change in changes:
        if runs and runs[-1][0].package == change.package:
            runs[-1].append(change)
        else:
            runs.append([change])
    return [with_text(run) for run in runs]


def changes_for_cpvs(changes: Iterable[UseChange]) -> tuple[UseChange, ...]:
    """Changes naming cpvs (a suggestion's) as changes naming ``=cpv`` atoms, sorted
    by package, each change once.

    >>> [c.signed() for c in changes_for_cpvs([UseChange("a/b-1", "x", False)])]
    ['=a/b-1 -x']
    """
    found: list[UseChange] = []
    for package, group in grouped(sorted(changes)):
        for change in group:
            atom_change = UseChange(f"={package}", change.flag, change.enable, change.reason)
            if atom_change not in found:
                found.append(atom_change)
    return tuple(found)


def matches(change: UseChange, pkg) -> bool:
    """Whether the change's atom matches a repository :class:`~bootorder.tree.package.Package`."""
    return Atom.parse(change.package).matches(pkg.cpv, slot=pkg.slot, subslot=pkg.subslot,
                                              repo=pkg.repo)


def refusal(config, pkg, change: UseChange) -> str | None:
    """Why ``config`` ignores ``change`` for ``pkg`` (None: it applies)."""
    if change.flag not in config.iuse_effective(pkg):
        return "not in IUSE"
    if not change.enable and change.flag in config.use_force(pkg):
        return "forced (use.force)"
    if change.enable and change.flag in config.use_mask(pkg):
        return "masked (use.mask)"
    return None


def decisions(config, changes: Iterable[UseChange], pkg) -> list[tuple[UseChange, str | None]]:
    """Each change that matches ``pkg``, with the reason ``config`` ignores it (or None)."""
    return [(c, refusal(config, pkg, c)) for c in changes if matches(c, pkg)]
