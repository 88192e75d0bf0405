"""The metadata-source protocol, and its in-memory and metadata-cache implementations.

A :class:`~bootorder.tree.repository.Repository` reads its packages through one
*source*: anything with ``categories()``, ``list_category(cat)`` and
``read(cpv, reporter) -> (metadata, source, lines)``. Real repositories read
``metadata/md5-cache`` (:class:`CacheDirSource`), installed-package databases their
``var/db/pkg`` directories (:class:`bootorder.tree.vdb.VdbSource`), tests and notebooks
a dict (:class:`DictSource`).

>>> source = DictSource({"dev-libs/gmp-6.3.0": {"SLOT": "0"}})
>>> source.categories(), source.list_category("dev-libs")
(['dev-libs'], ['gmp-6.3.0'])
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping, Protocol

from ..core.reporter import Reporter

__all__ = ["MetadataSource", "DictSource", "CacheDirSource", "parse_cache_lines",
           "subdirectories"]


class MetadataSource(Protocol):
    """Where a repository's entries come from (see the module docstring)."""

    def categories(self) -> list[str]:
        """Category names, sorted."""

    def list_category(self, cat: str) -> list[str]:
        """Entry names (``pf``) of one category, in any order."""

    def read(self, cpv: str, reporter: Reporter) -> tuple[dict, str | None, dict]:
        """``(metadata, source file or None, {key: line number})`` of one entry."""


class DictSource:
    """Entries from a mapping ``{cpv: {KEY: value}}``."""

    def __init__(self, entries: Mapping[str, Mapping[str, str]]):
        self._entries = {cpv: dict(meta) for cpv, meta in entries.items()}

    def categories(self) -> list[str]:
        return sorted({cpv.partition("/")[0] for cpv in self._entries})

    def list_category(self, cat: str) -> list[str]:
        return [cpv.partition("/")[2] for cpv in self._entries if cpv.startswith(cat + "/")]

    def read(self, cpv: str, reporter: Reporter):
        return self._entries[cpv], None, {}


def parse_cache_lines(text: str, path: str, reporter: Reporter) -> tuple[dict, dict]:
    """Parse ``KEY=value`` lines (md5-dict and flat_hash); bad lines are reported.

    Returns ``(metadata, lines)`` where ``lines`` maps each key to its 1-based line.

    >>> from bootorder.core.reporter import NULL_REPORTER
    >>> parse_cache_lines("EAPI=8\\nSLOT=0\\n", "x", NULL_REPORTER)
    ({'EAPI': '8', 'SLOT': '0'}, {'EAPI': 1, 'SLOT': 2})
    """
    meta: dict[str, str] = {}
    lines: dict[str, int] = {}
    for num, line in enumerate(text.splitlines(), 1):
        key, sep, value = line.partition("=")
        if not sep or not key or not key.replace("_", "A").isalnum():
            if line.strip():
                reporter.warning(f"{path}:{num}: malformed cache line {line[:60]!r} skipped")
            continue
        meta[key] = value
        lines[key] = num
    return meta, lines


def subdirectories(path: Path) -> list[str]:
    """Sorted names of the non-hidden subdirectories of ``path`` (none if it is missing)."""
    try:
        return sorted(e.name for e in os.scandir(path)
                      if e.is_dir() and not e.name.startswith("."))
    except FileNotFoundError:
        return []


class CacheDirSource:
    """An md5-cache or flat_hash directory: ``<dir>/<cat>/<pf>`` files of KEY=value."""

    def __init__(self, directory: Path):
        self.directory = directory

    def categories(self) -> list[str]:
        return subdirectories(self.directory)

    def list_category(self, cat: str) -> list[str]:
        try:
            return [n for n in os.listdir(self.directory / cat) if not n.startswith(".")]
        except (FileNotFoundError, NotADirectoryError):
            return []

    def read(self, cpv: str, reporter: Reporter):
        path = self.directory / cpv
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        meta, lines = parse_cache_lines(text, str(path), reporter)
        return meta, str(path), lines
