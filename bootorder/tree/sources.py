"""The metadata-source protocol, and its in-memory and metadata-cache implementations.

A :class:`~bootorder.tree.repository.Repository` reads its packages through one
*source*: anything with ``categories()``, ``list_category(cat)`` and
``read(cpv, reporter) -> (metadata, source, lines)`` (an entry that cannot be read
raises OSError, a corrupt one :class:`CorruptEntry`). Real repositories read
``metadata/md5-cache`` (:class:`CacheDirSource`), installed-package databases their
``var/db/pkg`` directories (:class:`bootorder.tree.vdb.VdbSource`), tests and notebooks
a dict (:class:`DictSource`).

>>> source = DictSource({"dev-libs/gmp-6.3.0": {"SLOT": "0"}})
>>> source.categories(), source.list_category("dev-libs")
(['dev-libs'], ['gmp-6.3.0'])
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Mapping, Protocol

from ..core.problems import in_file, printable
from ..core.reporter import Reporter

__all__ = ["MetadataSource", "DictSource", "CacheDirSource", "CorruptEntry", "Refused",
           "parse_cache_lines", "subdirectories", "dir_or_broken", "inside", "checked_directory",
           "read_file", "describe"]


class MetadataSource(Protocol):
    """Where a repository's entries come from (see the module docstring)."""

    def categories(self) -> list[str]:
        """Category names, sorted."""

    def list_category(self, cat: str) -> list[str]:
        """Entry names (``pf``) of one category, in any order."""

    def read(self, cpv: str, reporter: Reporter) -> tuple[dict, str | None, dict]:
        """``(metadata, source file or None, {key: line number})`` of one entry."""

    strict: bool
    """Must every entry carry the keys of a generated cache (``_md5_``, ``SLOT``)?"""


class DictSource:
    """Entries from a mapping ``{cpv: {KEY: value}}`` (``SLOT`` defaults to ``0``)."""

    strict = False

    def __init__(self, entries: Mapping[str, Mapping[str, str]]):
        self._entries = {cpv: dict(meta) for cpv, meta in entries.items()}

    def categories(self) -> list[str]:
        return sorted({cpv.partition("/")[0] for cpv in self._entries})

    def list_category(self, cat: str) -> list[str]:
        return [cpv.partition("/")[2] for cpv in self._entries if cpv.startswith(cat + "/")]

    def read(self, cpv: str, reporter: Reporter):
        return self._entries[cpv], None, {}


class CorruptEntry(ValueError):
    """A cache entry portage's cache reader refuses (a line without ``=``): unusable.

    ``line`` is the first bad line (1-based), ``text`` its content."""

    def __init__(self, line: int, text: str):
        self.line, self.text = line, text
        super().__init__(f"line {line} has no '=': '{printable(text, 60)}'")


class Refused(OSError):
    """A file or directory bootorder does not read (a symlink leaving the repository,
    a directory or device where a file belongs); ``str()`` says why."""


def parse_cache_lines(text: str, path: str, reporter: Reporter) -> tuple[dict, dict]:
    """Parse ``KEY=value`` lines (md5-dict and flat_hash) the way portage's cache does.

    Returns ``(metadata, lines)`` where ``lines`` maps each key to its 1-based line. A
    line without ``=`` makes the whole entry corrupt (:class:`CorruptEntry`, as
    portage's ``CacheCorruption``); a key given twice keeps its last value and keys
    that are not names are ignored, both reported once per file (severity warning).

    >>> from bootorder.core.reporter import NULL_REPORTER
    >>> parse_cache_lines("EAPI=8\\nSLOT=0\\n", "x", NULL_REPORTER)
    ({'EAPI': '8', 'SLOT': '0'}, {'EAPI': 1, 'SLOT': 2})
    """
    meta: dict[str, str] = {}
    lines: dict[str, int] = {}
    twice: dict[str, list[int]] = {}
    odd: list[int] = []
    rows = text.split("\n")
    if rows and not rows[-1]:
        rows.pop()
    for num, line in enumerate(rows, 1):
        key, sep, value = line.partition("=")
        if not sep:
            raise CorruptEntry(num, line)
        if not (key.isidentifier() and key.isascii()):
            odd.append(num)
            continue
        if key in lines:
            twice.setdefault(key, [lines[key]]).append(num)
        meta[key] = value
        lines[key] = num
    _report_keys(path, twice, odd, rows, reporter)
    return meta, lines


def _report_keys(path: str, twice: dict, odd: list, rows: list, reporter: Reporter) -> None:
    if twice:
        said = "; ".join(f"{k} (lines {', '.join(map(str, nums))})" for k, nums in twice.items())
        first = min(nums[1] for nums in twice.values())
        reporter.problem(in_file(
            "bad-metadata", path, f"key given twice: {said}; the last value is used, as "
            "portage's cache reader does", line=first, severity="warning",
            fix="regenerate the cache entry"))
    if odd:
        reporter.problem(in_file(
            "bad-metadata", path, f"{len(odd)} line(s) whose key is not a name ignored, "
            f"as portage ignores them (first: '{printable(rows[odd[0] - 1], 60)}')",
            line=odd[0], severity="warning", fix="regenerate the cache entry"))


def subdirectories(path: Path) -> list[str]:
    """Sorted names of the non-hidden subdirectories of ``path`` (none if it is missing).

    An entry that cannot be examined (a symlink loop) is kept: reading it says why."""
    try:
        entries = list(os.scandir(path))
    except FileNotFoundError:
        return []
    return sorted(e.name for e in entries if not e.name.startswith(".") and dir_or_broken(e))


def dir_or_broken(entry: os.DirEntry) -> bool:
    """Is ``entry`` a directory, or something that cannot be examined (kept, so that
    reading it reports the fault)?"""
    try:
        return entry.is_dir()
    except OSError:
        return True


def inside(path: str | os.PathLike, roots) -> bool:
    """Does ``path``, symlinks resolved, lie in one of the directories ``roots``?

    >>> inside("/etc/passwd", ["/usr"]), inside("/usr/lib", ["/usr"])
    (False, True)
    """
    real = os.path.realpath(path)
    return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep)
               for r in map(os.path.realpath, roots))


def checked_directory(path: Path, roots) -> Path:
    """``path`` if it is a directory that does not leave ``roots``, else OSError."""
    if os.path.islink(path) and not inside(path, roots):
        raise Refused(f"a symlink leaving the repository (to {os.path.realpath(path)}): "
                      "not read")
    return path


def read_file(path: Path, roots) -> str:
    """The text of the regular file ``path``; a symlink must stay inside ``roots``.

    Undecodable bytes become U+FFFD, as portage reads them. Raises OSError
    (:class:`Refused` for a symlink leaving ``roots`` or a file that is not a regular
    file)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as err:
        if err.errno != errno.ELOOP or not os.path.islink(path):
            raise
        if not inside(path, roots):
            raise Refused(f"a symlink leaving the repository (to {os.path.realpath(path)}): "
                          "not read") from None
        fd = os.open(os.path.realpath(path), os.O_RDONLY | os.O_NONBLOCK)
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a directory" if stat.S_ISDIR(mode) else "not a regular file"
        raise Refused(f"{what} where a file is expected: not read")
    with os.fdopen(fd, "rb") as f:
        data = f.read()
    return data.decode("utf-8", errors="replace")


def describe(err: OSError) -> str:
    """What an OSError means for the reader, in a few words.

    >>> describe(OSError(40, "Too many levels of symbolic links"))
    'a symlink loop (Too many levels of symbolic links)'
    """
    if isinstance(err, Refused):
        return str(err)
    text = err.strerror or str(err)
    if err.errno == errno.ELOOP:
        return f"a symlink loop ({text})"
    if err.errno == errno.ENOENT:
        return f"missing ({text}; a dangling symlink?)"
    if err.errno in (errno.EISDIR, errno.ENOTDIR):
        return f"a directory where a file is expected ({text})" \
            if err.errno == errno.EISDIR else f"not a directory ({text})"
    return text


class CacheDirSource:
    """An md5-cache or flat_hash directory: ``<dir>/<cat>/<pf>`` files of KEY=value.

    ``strict`` (an md5-cache): every entry must carry ``_md5_``, as egencache writes it
    last in each entry (a truncated or empty file lacks it) and portage validates it.
    Files and category directories that are symlinks must stay inside the repository
    (the cache directory's repository, or the cache directory itself)."""

    def __init__(self, directory: Path, strict: bool | None = None):
        self.directory = directory
        self.strict = directory.name == "md5-cache" if strict is None else strict
        self.roots = (str(directory), str(directory.parent.parent))

    def categories(self) -> list[str]:
        return subdirectories(self.directory)

    def list_category(self, cat: str) -> list[str]:
        try:
            path = checked_directory(self.directory / cat, self.roots)
            return [n for n in os.listdir(path) if not n.startswith(".")]
        except (FileNotFoundError, NotADirectoryError):
            return []

    def read(self, cpv: str, reporter: Reporter):
        path = self.directory / cpv
        text = read_file(path, self.roots)
        meta, lines = parse_cache_lines(text, str(path), reporter)
        return meta, str(path), lines
