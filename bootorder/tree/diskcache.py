"""A persistent cache of read and parsed metadata entries, one file per repository.

Every run of bootorder reads the md5-cache entries it needs and parses their
dependency strings. With this cache a later run takes both from a file instead, as long
as the entry has not changed.

Where
-----
``$BOOTORDER_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/bootorder``, else
``~/.cache/bootorder`` (:func:`location`). One file per repository, named after the
repository and a hash of its metadata directory: ``<name>-<hash>.cache``. The command
line uses it unless ``--no-cache`` is given; the library only when asked
(``Tree.open(paths, cache=location())``, then ``Tree.save_cache()``).

What is trusted
---------------
- Each entry is validated on its own, every time it is used: the cached entry is used
  only while the file's size, modification time, status-change time and inode are
  those recorded. When any of them differs (or the file was written less than
  :data:`RACY_SECONDS` before it was recorded, too close to tell), the file is read
  again; if its content (every key, ``_md5_`` included) is unchanged the parsed
  values are kept, else it is parsed anew. An added entry is read, a removed one is
  never looked up (the category directories are listed every run). An entry that is a
  symbolic link, or whose reading reported a problem, is read every run (so the
  problem is reported every run).
- What the checks of an entry's values found (:func:`bootorder.tree.validate.check_entry`)
  is kept with it: an entry whose checks found nothing is not checked again while it
  is valid; any other is checked on every load, so its problems are reported every run.
- What a warm run builds is what a cold one builds, but later: a package's dependency
  trees are read from the file (all of its category's at once) the first time one of
  them is asked for (``Package.deps``); ``load_all`` leaves trees stored so to then
  (``Package.to_parse``). A package's entries come in version order from the file
  (kept per package name, used only for the very names it was made of), so no version
  object is built to sort them.
- The file is tied to the code that wrote it: a fingerprint of the parser and the
  entry format (:func:`fingerprint`); another one means the file is ignored and
  rewritten.
- A file that does not read back whole (bad magic, a checksum that does not match, a
  value of a kind the cache never writes) is corrupt: it is discarded with a warning,
  and the entries are read from the repository (dependency trees that cannot be read
  are parsed from the entries' text). Unpickling only ever builds plain values and
  the dependency-tree values of :mod:`bootorder.syntax`, nothing else.

Writing
-------
At :meth:`CachedDirSource.save` (``Tree.save_cache()``; the command line does it when a
command ends) the entries read in the run are merged into the file: under an
exclusive lock (``<file>.lock``), the current file is read again (another process may
have written it), merged category by category, written to a temporary file and
renamed over it, so readers (which take no lock) always see a whole file. Entries of
categories the run did not list are kept as they are (they are validated when used);
removed entries and categories are dropped. The directory is then kept under
:data:`bootorder.tree.cachefile.MAX_BYTES` (``$BOOTORDER_CACHE_MAX_MB``) by removing
the files least recently used.

>>> location({"BOOTORDER_CACHE_DIR": "/tmp/bo"}), location({"XDG_CACHE_HOME": "/x"})
(PosixPath('/tmp/bo'), PosixPath('/x/bootorder'))
"""
from __future__ import annotations

import hashlib
import os
import stat
import sys
import time
import weakref
from pathlib import Path
from typing import Mapping

from ..core.reporter import NULL_REPORTER, Reporter
from ..syntax.version import split_cpv as _split_cpv
from .cachefile import FORMAT, CacheFile, CorruptCache, write_merged
from .sources import CacheDirSource
from .validate import Verdict, check_entry

__all__ = ["location", "fingerprint", "CachedDirSource", "save_all", "RACY_SECONDS"]

RACY_SECONDS = 2
"""An entry written this close before it was recorded is re-read next time: a later
write within the file system's timestamp granularity could leave its stat unchanged."""


def location(environ: Mapping[str, str] | None = None) -> Path:
    """The cache directory (see the module docstring)."""
    env = os.environ if environ is None else environ
    if env.get("BOOTORDER_CACHE_DIR"):
        return Path(env["BOOTORDER_CACHE_DIR"])
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bootorder"


def fingerprint() -> str:
    """A hash of what decides a cached entry's values: this file, the entry reader,
    the parser and its grammar, the Python version."""
    package = Path(__file__).resolve().parent.parent
    files = sorted((package / "syntax").glob("*.py")) + [
        package / "tree" / "diskcache.py", package / "tree" / "cachefile.py",
        package / "tree" / "sources.py", package / "tree" / "validate.py",
        package / "tree" / "package.py", package / "core" / "depclass.py"]
    grammar = [package / "grammars" / "depend.lark", package.parent / "grammars" / "depend.lark"]
    digest = hashlib.sha256(f"{FORMAT} {sys.version_info[:2]}".encode())
    for path in files + [next((g for g in grammar if g.is_file()), grammar[0])]:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing " + path.name.encode())
    return digest.hexdigest()[:32]


# ---- one repository -----------------------------------------------------------------------

class _Recorder:
    """Passes every reporter hook on and records the calls (replayed on a cache hit, so
    a warning about a malformed entry is given every run, cached or not)."""

    def __init__(self, inner: Reporter):
        self._inner = inner
        self.calls: list[tuple[str, tuple]] = []

    def __getattr__(self, name):
        hook = getattr(self._inner, name)
        if not callable(hook):
            return hook

        def record(*args):
            self.calls.append((name, args))
            return hook(*args)
        return record


def _kept(memo_key) -> bool:
    """Which of a package's memoized values the cache keeps: those made from its entry
    alone (the cpv split, IUSE names, parsed dependency keys; the version is not needed
    to sort the versions of a package: the file keeps their order)."""
    return memo_key in ("split", "iuse") or (type(memo_key) is tuple
                                                     and memo_key[0] == "deps")


def _plain(calls) -> bool:
    """Whether recorded calls hold only text and numbers (what the cache may keep)."""
    return all(isinstance(a, (str, int, float, type(None))) for _, args in calls for a in args)


_OPEN: list = []
"""Weak references to every :class:`CachedDirSource` made (for :func:`save_all`)."""


class CachedDirSource(CacheDirSource):
    """:class:`~bootorder.tree.sources.CacheDirSource` with the persistent cache of
    ``cache_dir`` (see the module docstring). Besides the source protocol:
    ``adopt(package)`` (give the repository's new package its cached values; the
    repository calls it) and :meth:`save`, which also runs when the source is released
    (at the latest when the interpreter exits)."""

    def __init__(self, directory: Path, cache_dir: Path, name: str,
                 reporter: Reporter = NULL_REPORTER):
        super().__init__(directory)
        where = hashlib.sha256(str(Path(directory).resolve()).encode()).hexdigest()[:16]
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "repo"
        self.entries = _Entries(Path(cache_dir) / f"{safe}-{where}.cache", Path(directory),
                                reporter)
        self.path = self.entries.path
        weakref.finalize(self, self.entries.save)
        _OPEN.append(weakref.ref(self))

    def list_category(self, cat: str) -> list[str]:
        names = super().list_category(cat)
        self.entries.listed[cat] = set(names)
        return names

    def read(self, cpv: str, reporter: Reporter):
        found = self.entries.lookup(cpv, reporter)
        if found is not None:
            return found
        recorder = _Recorder(reporter)
        key = self.entries.stat(f"{self.entries.where}/{cpv}")
        meta, source, lines = super().read(cpv, recorder)
        self.entries.record(cpv, key, meta, lines, tuple(recorder.calls))
        return meta, source, lines

    def split(self, cpv: str) -> tuple[str, str]:
        """:func:`~bootorder.syntax.version.split_cpv` of ``cpv``, from its record when
        it has one (a value of the name alone: true whether or not the entry changed)."""
        cat, _, pf = cpv.partition("/")
        record = self.entries.category(cat).get(pf)
        found = record[3].get("split") if record is not None else None
        return found if found is not None else _split_cpv(cpv)

    def in_version_order(self, cat: str, groups: dict[str, list[str]]) -> set[str]:
        """Put those lists of ``groups`` (``{pn: [pf, ...]}``, the entries of ``cat``) in
        version order whose names the file knows (:func:`.cachefile.version_order`); return their
        ``cat/pn``."""
        file = self.entries._open()
        try:
            order = file.order(cat) if file else {}
        except CorruptCache as err:
            self.entries._discard(err)
            return set()
        done = set()
        for pn, names in groups.items():
            known = order.get(pn)
            if known is not None and len(known) == len(names) and sorted(known) == names:
                names[:] = known
                done.add(f"{cat}/{pn}")
        return done

    def check(self, cpv: str, meta: dict, path: str, lines: dict, *, strict: bool) -> Verdict:
        """:func:`~bootorder.tree.validate.check_entry` of an entry :meth:`read` answered;
        an entry taken from the cache whose check found nothing is not checked again."""
        return self.entries.check(cpv, meta, path, lines, strict)

    def adopt(self, package) -> None:
        """Give ``package`` (just made from :meth:`read`'s answer) its cached values."""
        self.entries.adopt(package)

    def save(self) -> bool:
        """Merge what this run read into the cache file (see the module docstring);
        True when the file was written. Failures are warnings."""
        return self.entries.save()


class _Entries:
    """The cached entries of one repository: what the file holds, what this run read."""

    def __init__(self, path: Path, directory: Path, reporter: Reporter):
        self.path, self.directory, self.reporter = path, directory, reporter
        self.where = str(directory)
        self.file: CacheFile | None = None
        self.broken = False
        self.fingerprint: str | None = None
        self.records: dict[str, dict] = {}
        self.listed: dict[str, set[str]] = {}
        self.fresh: dict[str, tuple] = {}
        self.trees: dict[str, _Stored] = {}
        self.clean: dict[str, bool] = {}
        self.packages: dict[str, object] = {}

    # -- reading ---------------------------------------------------------------------------
    def _open(self) -> CacheFile | None:
        if self.file is None and not self.broken:
            self.fingerprint = fingerprint()
            try:
                self.file = CacheFile(self.path, self.fingerprint)
                if self.file.valid:
                    _touch(self.path)
            except CorruptCache as err:
                self._discard(err)
        return self.file if self.file is not None and self.file.valid else None

    def _discard(self, err: CorruptCache) -> None:
        """Never use the file again in this run; remove it (the run rewrites it)."""
        self.reporter.warning(f"{self.path}: corrupt metadata cache ({err}): discarded; "
                              f"entries are read from {self.directory}")
        if self.file is not None:
            self.file.close()
        self.file, self.broken = None, True
        self.records = {cat: {} for cat in self.records}
        try:
            self.path.unlink()
        except OSError:
            pass

    def category(self, cat: str) -> dict:
        if cat not in self.records:
            file = self._open()
            try:
                self.records[cat] = (file.category(cat) if file else None) or {}
            except CorruptCache as err:
                self._discard(err)
                self.records[cat] = {}
        return self.records[cat]

    def read_trees(self, cat: str) -> dict:
        file = self._open()
        try:
            return file.trees(cat) if file else {}
        except CorruptCache as err:
            self._discard(err)
            return {}

    def stat(self, path: str) -> os.stat_result | None:
        """The file's own stat; None for a symbolic link (its target may change under an
        unchanged link: such an entry is read every time)."""
        st = os.lstat(path)
        return None if stat.S_ISLNK(st.st_mode) else st

    def lookup(self, cpv: str, reporter: Reporter):
        """``(metadata, source, lines)`` from a valid record (its reporter calls made
        again), or None: the entry must be read."""
        cat, _, pf = cpv.partition("/")
        records = self.records.get(cat)
        record = (self.category(cat) if records is None else records).get(pf)
        if record is None:
            return None
        path = f"{self.where}/{cpv}"
        st = os.lstat(path)  # a racy record's key is (): never the same
        if record[0] != _stat_key(st) or stat.S_ISLNK(st.st_mode):
            return None
        for name, args in record[4]:
            getattr(reporter, name)(*args)
        self.fresh[cpv] = record
        return record[1], path, record[2]  # the metadata is never changed: shared

    def record(self, cpv: str, st: os.stat_result | None, meta: dict, lines: dict,
               calls: tuple) -> None:
        """An entry read from its file (``st``: its stat before): keep what the record
        had parsed when the content is unchanged."""
        cat, _, pf = cpv.partition("/")
        old = self.category(cat).get(pf)
        kept = {**old[3], **self.stored(cat)(pf)} if old is not None and old[1] == meta else {}
        key = None  # not kept: read every run
        if st is not None and _plain(calls):
            key = () if _now() - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_SECONDS * 10**9 \
                else _stat_key(st)
        self.fresh[cpv] = (key, meta, lines, kept, calls, False, ())

    def check(self, cpv: str, meta: dict, path: str, lines: dict, strict: bool) -> Verdict:
        fresh = self.fresh.get(cpv)
        if fresh is not None and fresh[5]:
            return _CLEAN  # a valid record that was clean: the same entry, the same verdict
        verdict = check_entry(cpv, meta, path, lines, strict=strict)
        self.clean[cpv] = verdict == _CLEAN
        return verdict

    def stored(self, cat: str) -> _Stored:
        """The stored dependency trees of ``cat``, read when first asked for."""
        found = self.trees.get(cat)
        if found is None:
            found = self.trees[cat] = _Stored(self, cat)
        return found

    def adopt(self, package) -> None:
        fresh = self.fresh.get(package.cpv)
        if fresh is not None:
            self.packages[package.cpv] = package
            package._cache.update(fresh[3])  # the package's memo (bootorder.tree.package)
            if fresh[6]:  # its trees are read when it first needs one
                package._cache["stored"] = self.stored(package.cpv.partition("/")[0])
                package._cache["stored_keys"] = fresh[6]

    # -- writing ---------------------------------------------------------------------------
    def changes(self) -> dict[str, tuple[dict, set[str] | None]]:
        """Per category: the records this run made or changed, and its listing."""
        changed: dict[str, dict] = {}
        for cpv, record in self.fresh.items():
            if record[0] is None:
                continue
            cached, stored = record[3], record[6]
            package = self.packages.get(cpv)
            cat, _, pf = cpv.partition("/")
            if self.records.get(cat, {}).get(pf) is record and (package is None or all(
                    k in cached or (type(k) is tuple and k[1] in stored)
                    for k in package._cache if _kept(k))):
                continue  # the record in the file holds everything
            if package is None:
                memo = cached
            else:
                package.build_stored()  # the trees not built yet are read
                memo = {k: v for k, v in package._cache.items() if _kept(k)}
            changed.setdefault(cat, {})[pf] = record[:3] + (memo, record[4],
                                                             self.clean.get(cpv, record[5]))
        for cat, names in self.listed.items():
            if set(self.records.get(cat, {})) - names:
                changed.setdefault(cat, {})
        return {cat: (records, self.listed.get(cat)) for cat, records in changed.items()}

    def save(self) -> bool:
        changes = self.changes()
        self.fresh, self.packages, self.clean, self.trees = {}, {}, {}, {}
        if not changes:
            return False
        try:
            return write_merged(self.path, self.directory, self.fingerprint or fingerprint(),
                                changes, self.reporter)
        except OSError as err:
            self.reporter.warning(f"{self.path}: metadata cache not written: {err}")
            return False


class _Stored:
    """The dependency trees a category's records hold (:meth:`CacheFile.trees`), read the
    first time a package of the category needs one (``stored(pf)``: the package's
    ``{("deps", key): tree}``; nothing when the file cannot give them: the package then
    parses its text)."""

    __slots__ = ("entries", "cat", "trees")

    def __init__(self, entries: _Entries, cat: str):
        self.entries, self.cat, self.trees = entries, cat, None

    def __call__(self, pf: str) -> dict:
        if self.trees is None:
            self.trees = self.entries.read_trees(self.cat)
        return self.trees.get(pf, _NONE)


def _stat_key(st: os.stat_result) -> int:
    """An entry file's modification and status-change times, size and inode, as one
    number (64 bits each: a number no other stat gives).

    >>> st = os.lstat(".")
    >>> _stat_key(st) >> 192 == st.st_mtime_ns and _stat_key(st) & (1 << 64) - 1 == st.st_ino
    True
    """
    return ((((st.st_mtime_ns << 64) + st.st_ctime_ns + (1 << 63)) << 64) + st.st_size << 64) \
        + st.st_ino


_NONE: dict = {}

_CLEAN = Verdict()
"""The verdict of an entry without a fault."""


def save_all() -> None:
    """:meth:`CachedDirSource.save` every cached source still in use (the command line
    calls it when a command ends; a released source has saved already)."""
    for ref in list(_OPEN):
        source = ref()
        if source is None:
            _OPEN.remove(ref)
        else:
            source.save()


_now = time.time_ns
"""The clock entries are recorded by (tests replace it)."""


def _touch(path: Path) -> None:
    """Mark a file as used (the size bound removes the least recently used first)."""
    try:
        if time.time() - path.stat().st_mtime > 3600:
            os.utime(path)
    except OSError:
        pass
