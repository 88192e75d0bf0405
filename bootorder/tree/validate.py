"""Validation of one package entry, as portage validates it, with what portage then does.

:func:`check_entry` looks at an entry's metadata once, when the repository reads it,
and returns a :class:`Verdict`: the problems to report, whether the entry is unusable
(``skip``: portage's cache reader refuses it) and the reasons it is *invalid* (portage
masks such a package: ``masked by: invalid: SLOT: ...``).

==========================  ===================================  ===================
what                        portage                              severity
==========================  ===================================  ===================
no ``_md5_`` (md5-cache:    the entry fails validation; with no  error (skipped)
truncated or empty file)    ebuild to regenerate it, unusable
missing ``SLOT``            masked (``SLOT: undefined``)         error (masked)
malformed ``SLOT``          masked (``SLOT: invalid value``)     error (masked)
unknown ``EAPI``            masked (``EAPI 99``)                 warning (masked)
malformed ``IUSE`` tokens   used as written, one ``+``/``-``      warning
                            stripped
==========================  ===================================  ===================

(Lines without ``=``, repeated keys and odd keys are judged while the file is read:
:func:`bootorder.tree.sources.parse_cache_lines`.)

>>> v = check_entry("a/b-1", {"SLOT": "/", "EAPI": "8", "_md5_": "0" * 32}, "f", {"SLOT": 2},
...                 strict=True)
>>> v.skip, v.invalid, [p.oneline() for p in v.problems]
(False, ("SLOT: invalid value: '/'",), ["f:2: bad-metadata: SLOT: invalid value: '/'; the package is masked, as portage masks invalid metadata"])
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.problems import Problem, in_file, printable
from ..syntax.eapi import is_known

__all__ = ["Verdict", "check_entry", "bad_name", "iuse_names", "SLOT_RE", "FLAG_RE"]

SLOT_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9+_.-]*", re.ASCII)
"""A slot (or sub-slot) name (PMS 3.1.3)."""

FLAG_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9+_@-]*", re.ASCII)
"""A USE flag name (PMS 3.1.4)."""

_MD5_RE = re.compile(r"[0-9a-f]{32}")
_IUSE_RE = re.compile(r"\s*(?:[+-]?[A-Za-z0-9][A-Za-z0-9+_@-]*(?:\s+|\Z))*", re.ASCII)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What :func:`check_entry` found: ``problems`` to report, ``skip`` (the entry is
    unusable) and ``invalid`` (reasons the package is masked as invalid)."""

    problems: tuple[Problem, ...] = ()
    skip: bool = False
    invalid: tuple[str, ...] = ()


def check_entry(cpv: str, meta: dict, path: str | None, lines: dict, *,
                strict: bool) -> Verdict:
    """Judge one entry (see the module docstring); ``strict``: a generated md5-cache."""
    where = path or cpv
    if strict and not _MD5_RE.fullmatch(meta.get("_md5_", "").strip()):
        return Verdict((_unusable(cpv, meta, where),), skip=True)
    problems: list[Problem] = []
    invalid = _slot_reasons(meta, strict)
    if invalid:
        problems.append(in_file("bad-metadata", where, f"{invalid[0]}; the package is masked, "
                                "as portage masks invalid metadata", line=lines.get("SLOT"),
                                package=cpv, fix="regenerate the cache entry (egencache)"))
    eapi = meta.get("EAPI", "").strip() or "0"
    if not is_known(eapi):
        problems.append(in_file(
            "unknown-eapi", where, f"EAPI '{printable(eapi, 40)}' is not supported: the "
            "package is masked, as portage masks it", line=lines.get("EAPI"), package=cpv,
            severity="warning", fix="use a newer bootorder/portage, or a supported EAPI"))
    iuse = meta.get("IUSE", "")
    bad_flags = [] if _IUSE_RE.fullmatch(iuse) else \
        [t for t in iuse.split() if not _flag_token(t)]
    if bad_flags:
        problems.append(in_file(
            "bad-metadata", where, "IUSE: invalid flag name(s) "
            f"{printable(' '.join(bad_flags), 80)}: used as portage uses them (one leading "
            "+ or - is a default)", line=lines.get("IUSE"), package=cpv, severity="warning",
            fix="fix IUSE in the ebuild and regenerate the cache"))
    return Verdict(tuple(problems), False, invalid)


def bad_name(where: str, name: str) -> Problem:
    """The problem of an entry whose name is not ``cat/pkg-version``.

    >>> bad_name("f", "a/b").oneline()
    "f: bad-name: 'a/b' is not a valid package name (PMS 3.1.2): ignored, as portage ignores it"
    """
    return in_file("bad-name", where, f"'{printable(name, 80)}' is not a valid package name "
                   "(PMS 3.1.2): ignored, as portage ignores it", severity="warning",
                   fix="remove or rename the entry")


def _unusable(cpv: str, meta: dict, where: str) -> Problem:
    what = "an empty cache entry" if not meta else \
        "a cache entry without a valid _md5_ line (truncated?)"
    return in_file("bad-metadata", where, f"{what}: skipped, as portage cannot use it "
                   "(every md5-cache entry ends with the _md5_ egencache writes)",
                   package=cpv, fix="regenerate the cache (bootorder cache / egencache)")


def _slot_reasons(meta: dict, strict: bool) -> tuple[str, ...]:
    if "SLOT" not in meta:
        return ("SLOT: undefined",) if strict else ()
    slot = meta["SLOT"].strip()
    parts = slot.split("/")
    if len(parts) <= 2 and all(SLOT_RE.fullmatch(p) for p in parts):
        return ()
    return (f"SLOT: invalid value: '{printable(slot, 40)}'",)


def _flag_token(token: str) -> bool:
    return FLAG_RE.fullmatch(token[1:] if token[:1] in "+-" else token) is not None


def iuse_names(iuse: str) -> tuple[str, ...]:
    """Flag names of an IUSE value, as portage reads them: one leading ``+``/``-`` is a
    default, empty names are dropped.

    >>> iuse_names("+a -b c ++d + -")
    ('a', 'b', 'c', '+d')
    """
    return tuple(name for t in iuse.split()
                 if (name := t[1:] if t[:1] in "+-" else t))
