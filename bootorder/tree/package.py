"""One package entry (ebuild metadata cache or installed package): raw metadata strings,
parsed on demand and cached.

See :class:`Package`; packages come from :class:`bootorder.tree.repository.Repository`.

>>> p = Package("dev-libs/gmp-6.3.0", "demo", {"SLOT": "0/10.5", "DEPEND": "sys-devel/m4"})
>>> p.cp, p.subslot, [a.cp for a in p.deps("DEPEND").atoms()]
('dev-libs/gmp', '10.5', ['sys-devel/m4'])
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping

from ..core.errors import DepSyntaxError, MetadataError
from ..core.memo import memo
from .validate import iuse_names

"""Metadata keys holding dependency specifications."""


def _split_cpv(cpv: str) -> tuple[str, str]:
    global _split_cpv
    from ..syntax.version import split_cpv
    _split_cpv = split_cpv
    return split_cpv(cpv)


def _version(text: str):
    from ..syntax.version import Version
    return Version(text)


def _parse_depend(text: str, eapi: str):
    global _parse_depend
    from ..syntax.parse import parse_depend
    _parse_depend = parse_depend
    return parse_depend(text, eapi=eapi)


@dataclass(frozen=True, slots=True, eq=False)
class Package:
    """One package entry: raw metadata strings, parsed on demand.

    Equality and hash are by ``(cpv, repo)``. ``invalid`` lists why the entry's
    metadata is invalid (portage masks such a package; see :mod:`bootorder.tree.validate`).

    >>> p = Package("sys-libs/zlib-1.3.1", "gentoo", {"SLOT": "0/1", "IUSE": "+static x"})
    >>> p.cp, p.pf, p.version, p.iuse, p.iuse_defaults
    ('sys-libs/zlib', 'zlib-1.3.1', '1.3.1', ('static', 'x'), frozenset({'static'}))
    """

    cpv: str
    repo: str
    metadata: Mapping[str, str] = field(repr=False)
    source: str | None = field(default=None, repr=False)
    lines: Mapping[str, int] = field(default_factory=dict, repr=False)
    installed: bool = field(default=False, repr=False)
    invalid: tuple[str, ...] = field(default=(), repr=False)
    _cache: dict = field(default_factory=dict, repr=False)

    def __eq__(self, other):
        if not isinstance(other, Package):
            return NotImplemented
        return self.cpv == other.cpv and self.repo == other.repo

    def __hash__(self):
        return hash((self.cpv, self.repo))

    def __getitem__(self, key: str) -> str:
        return self.metadata.get(key, "")

    def get(self, key: str, default: str = "") -> str:
        return self.metadata.get(key, default)

    def _memo(self, key, make):
        return memo(self._cache, key, make)

    @property
    def category(self) -> str:
        return self.cpv.partition("/")[0]

    @property
    def pf(self) -> str:
        return self.cpv.partition("/")[2]

    @property
    def cp(self) -> str:
        return self._split[0]

    @property
    def version(self) -> str:
        return self._split[1]

    @property
    def _split(self) -> tuple[str, str]:
        return self._memo("split", lambda: _split_cpv(self.cpv))

    @property
    def vobj(self):
        """The :class:`bootorder.syntax.version.Version` (for sorting)."""
        return self._memo("vobj", lambda: _version(self.version))

    @property
    def slot(self) -> str:
        return (self.get("SLOT").strip() or "0").partition("/")[0]

    @property
    def subslot(self) -> str:
        """The sub-slot; equals the slot when none is given (PMS)."""
        _, sep, sub = self.get("SLOT").strip().partition("/")
        return sub if sep else self.slot

    @property
    def eapi(self) -> str:
        return self.get("EAPI").strip() or "0"

    @property
    def iuse(self) -> tuple[str, ...]:
        return self._memo("iuse", lambda: iuse_names(self.get("IUSE")))

    @property
    def iuse_defaults(self) -> frozenset[str]:
        """Flags written ``+flag`` in IUSE (enabled by default)."""
        return frozenset(x[1:] for x in self.get("IUSE").split() if x[:1] == "+")

    @property
    def keywords(self) -> tuple[str, ...]:
        return tuple(self.get("KEYWORDS").split())

    @property
    def use(self) -> frozenset[str]:
        """Enabled flags of an installed package (VDB ``USE``); empty for ebuilds."""
        return frozenset(self.get("USE").split())

    @property
    def origin(self) -> str:
        """The repository an installed package came from (VDB ``repository``), else ``repo``."""
        return self.get("repository").strip() or self.repo

    @property
    def where(self) -> str:
        """``file`` or ``repo:cpv`` naming the entry in messages."""
        return self.source or f"{self.repo}:{self.cpv}"

    def deps(self, key: str = "DEPEND"):
        """The parsed dependency tree of ``key`` (cached).

        Raises
        ------
        MetadataError
            naming the cache file and line when the string does not parse.
        """
        return self._memo(("deps", key), lambda: self._parse(key))

    def with_blockers(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        """Those of ``keys`` whose dependency string names a blocker (``!``), kept: a
        whole tree's walk asks it of every package it adds.

        >>> Package("a/b-1", "r", {"DEPEND": "!x/y", "RDEPEND": "x/z"}).with_blockers(
        ...     ("DEPEND", "RDEPEND"))
        ('DEPEND',)
        """
        return self._memo(("blockers", keys),
                          lambda: tuple(k for k in keys if "!" in self.get(k)))

    def to_parse(self, keys) -> list[str]:
        """Those of ``keys`` that have a value and no parsed tree stored by a persistent
        cache (such a tree is built when asked for, see :mod:`bootorder.tree.diskcache`,
        or by :meth:`build_stored`).

        >>> Package("a/b-1", "r", {"DEPEND": "x/y", "RDEPEND": ""}).to_parse(["DEPEND", "RDEPEND"])
        ['DEPEND']
        """
        stored = self._cache["stored_keys"] if "stored" in self._cache else ()
        return [key for key in keys if key not in stored and self.metadata.get(key)]

    def build_stored(self) -> None:
        """Build the stored trees :meth:`to_parse` leaves out, now."""
        stored = self._cache.pop("stored", None)
        if stored is not None:
            self._cache.update(stored(self.pf))

    def _parse(self, key: str):
        if "stored" in self._cache:
            self.build_stored()
            found = self._cache.get(("deps", key))
            if found is not None:
                return found
        try:
            return _parse_depend(self.get(key), self.eapi)
        except DepSyntaxError as err:
            where, line = self.source or self.where, self.lines.get(key)
            column = err.column + len(key) + 1 if line else None
            if self.installed and self.source:
                where, line, column = os.path.join(self.source, key), 1, err.column
            raise MetadataError(f"{key}: {err}", where, line, column) from err
