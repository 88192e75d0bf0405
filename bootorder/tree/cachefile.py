"""The file format of :mod:`bootorder.tree.diskcache`: one file per repository, read
lazily category by category, checked, and written atomically under a lock.

Layout: :data:`MAGIC`, the header's length and CRC-32, the header (a pickle of plain
values: ``fingerprint``, ``source``, ``categories``: ``{part: (offset, length,
crc32)}``, offsets counted from the end of the header), then two parts per category:

- ``category``: its entries and their order, ``({pf: (stat, metadata, lines, memo,
  calls, clean, parsed)}, {pn: (pf, ...)})``. ``stat``: the file's mtime, ctime, size
  and inode as one number (``()`` when too recent to trust); ``memo``: the package's
  kept values but its dependency trees; ``clean``: the entry's checks found nothing;
  ``parsed``: the keys whose trees are stored; the order: the entries by package name
  in version order (:func:`version_order`);
- ``category/``: their dependency trees, ``{pf: {("deps", key): tree}}``, read only
  when a package of the category first needs one.

Writers hand in (and :meth:`CacheFile.whole` returns) records whose memo holds the
trees too, as the package's memo does. Each part is checked against its CRC-32 before
it is read; the unpickler builds nothing but plain values and the value classes of
:mod:`bootorder.syntax` (through :func:`_restorers`), so a damaged or forged file can
only be refused (:class:`CorruptCache`), never run.

>>> entries, trees = _pack("c", {"a-1": (1234, {"SLOT": "0"}, {"SLOT": 1},
...                                       {("deps", "DEPEND"): "x"}, (), True)})
>>> _loads(entries), _loads(trees)
(({'a-1': (1234, {'SLOT': '0'}, {'SLOT': 1}, {}, (), True, ('DEPEND',))}, {'a': ('a-1',)}), {'a-1': {('deps', 'DEPEND'): 'x'}})
"""
from __future__ import annotations

import dataclasses
import fcntl
import io
import mmap
import os
import pickle
import struct
import zlib
from pathlib import Path
from typing import Mapping

from ..core.gcpause import paused_gc
from ..core.reporter import Reporter
from ..syntax.version import Version, split_cpv

__all__ = ["CacheFile", "CorruptCache", "write_merged", "max_bytes", "MAX_BYTES", "MAGIC",
           "FORMAT"]

MAGIC = b"bootorder-cache\n"
FORMAT = 3
"""Version of the file layout (part of the fingerprint)."""

MAX_BYTES = 1 << 30
"""Default bound on the cache directory's size (1 GiB); ``$BOOTORDER_CACHE_MAX_MB``."""

_HEAD = struct.Struct("<QI")  # header length, header crc32


def max_bytes(environ: Mapping[str, str] | None = None) -> int:
    """The size bound of the cache directory in bytes."""
    env = os.environ if environ is None else environ
    try:
        return int(float(env["BOOTORDER_CACHE_MAX_MB"]) * (1 << 20))
    except (KeyError, ValueError):
        return MAX_BYTES


def _restorers() -> dict[type, tuple]:
    """For each value class of the parsed trees (every dataclass of
    :mod:`bootorder.syntax.atom`, ``depspec`` and ``version``): a function that rebuilds
    an instance from its field values (what the dataclass ``__setstate__`` does, without
    looking the fields up per object: tens of thousands of atoms are rebuilt per run) and
    its field names."""
    from ..syntax import atom, depspec, version
    made = {}
    for cls in [v for m in (atom, depspec, version) for v in vars(m).values()
                if isinstance(v, type) and dataclasses.is_dataclass(v)
                and v.__module__ == m.__name__]:
        names = tuple(f.name for f in dataclasses.fields(cls))
        args = ", ".join(f"v{i}" for i in range(len(names)))
        body = "".join(f"    _set(obj, {name!r}, v{i})\n" for i, name in enumerate(names))
        namespace = {"_new": object.__new__, "_set": object.__setattr__, "_cls": cls}
        exec(f"def restore({args}):\n    obj = _new(_cls)\n{body}    return obj\n", namespace)
        restore = namespace["restore"]
        restore.__name__ = restore.__qualname__ = f"_restore_{cls.__name__}"
        restore.__module__ = __name__
        globals()[restore.__name__] = restore
        made[cls] = (restore, names)
    return made


_RESTORERS: dict[type, tuple] = {}


def _restorer_table() -> dict[type, tuple]:
    if not _RESTORERS:
        _RESTORERS.update(_restorers())
    return _RESTORERS


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        found = _RESTORERS.get(type(obj))
        if found is None:
            if type(obj).__module__.startswith("bootorder."):  # could not be read back
                raise pickle.PicklingError(f"{type(obj).__name__} is not kept in the cache")
            return NotImplemented
        restore, names = found
        return restore, tuple(getattr(obj, name) for name in names)


class _Unpickler(pickle.Unpickler):
    """Builds nothing but plain values and the syntax values (their restorers)."""

    def find_class(self, module, name):
        if module == __name__ and name.startswith("_restore_"):
            _restorer_table()  # made when a part holds such a value (not every part does)
            if name in globals():
                return globals()[name]
        raise pickle.UnpicklingError(f"{module}.{name} is never written to the cache")


def _dumps(value) -> bytes:
    _restorer_table()
    out = io.BytesIO()
    _Pickler(out, protocol=5).dump(value)
    return out.getvalue()


def _loads(data) -> object:
    return _Unpickler(io.BytesIO(data)).load()


class CorruptCache(Exception):
    """The cache file does not read back whole."""


# ---- one file -----------------------------------------------------------------------------

class CacheFile:
    """A cache file read lazily: the header at once, a category's entries when asked.

    ``categories``: ``{category: (offset, length, crc32)}``; :meth:`blob` returns a
    category's raw bytes, :meth:`category` its entries. Raises :class:`CorruptCache`.
    """

    def __init__(self, path: Path, expect: str):
        self.path = path
        self.categories: dict[str, tuple[int, int, int]] = {}
        self.valid = False
        self._map = None
        self._base = 0
        self._last: tuple = (None, None)
        try:
            with open(path, "rb") as f:
                if os.fstat(f.fileno()).st_size == 0:
                    raise CorruptCache("empty file")
                self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except FileNotFoundError:
            return
        self._read_header(expect)

    def _read_header(self, expect: str) -> None:
        data = self._map
        if data[:len(MAGIC)] != MAGIC or len(data) < len(MAGIC) + _HEAD.size:
            raise CorruptCache("not a bootorder cache file")
        size, crc = _HEAD.unpack_from(data, len(MAGIC))
        start = len(MAGIC) + _HEAD.size
        raw = data[start:start + size]
        if len(raw) != size or zlib.crc32(raw) != crc:
            raise CorruptCache("header checksum mismatch")
        header = _checked_loads(raw)
        if not isinstance(header, dict) or not isinstance(header.get("categories"), dict):
            raise CorruptCache("malformed header")
        if header.get("fingerprint") == expect:
            self.categories = header["categories"]
            self._base = start + size
            self.valid = True

    def blob(self, cat: str) -> bytes | None:
        where = self.categories.get(cat)
        if where is None:
            return None
        offset, length, crc = where
        offset += self._base
        raw = self._map[offset:offset + length]
        if len(raw) != length or zlib.crc32(raw) != crc:
            raise CorruptCache(f"checksum mismatch in category {cat}")
        return raw

    def category(self, cat: str) -> dict | None:
        """The entries of ``cat`` (without their dependency trees), or None."""
        part = self._entries(cat)
        return None if part is None else part[0]

    def order(self, cat: str) -> dict:
        """The entries of ``cat`` by package name in version order: ``{pn: (pf, ...)}``."""
        part = self._entries(cat)
        return {} if part is None else part[1]

    def trees(self, cat: str) -> dict:
        """The stored dependency trees of ``cat``: ``{pf: {("deps", key): tree}}``."""
        trees = self._part(cat + "/")
        if trees is not None and not isinstance(trees, dict):
            raise CorruptCache(f"malformed trees of category {cat}")
        return trees or {}

    def _entries(self, cat: str) -> tuple[dict, dict] | None:
        if self._last[0] != cat:  # a category's entries, then its order, are asked for
            part = self._part(cat)
            if part is not None and not (type(part) is tuple and len(part) == 2 and
                                         all(isinstance(p, dict) for p in part)):
                raise CorruptCache(f"malformed category {cat}")
            self._last = (cat, part)
        return self._last[1]

    def whole(self, cat: str) -> dict:
        """The records of ``cat`` as writers give them (their trees in their memo)."""
        trees = self.trees(cat)
        return {pf: record[:3] + ({**record[3], **trees.get(pf, {})},) + record[4:6]
                for pf, record in (self.category(cat) or {}).items()}

    def _part(self, name: str) -> object:
        raw = self.blob(name)
        if raw is None:
            return None
        with paused_gc():  # thousands of long-lived values, no garbage
            return _checked_loads(raw)

    def close(self) -> None:
        if self._map is not None:
            self._map.close()
            self._map = None


def _checked_loads(raw) -> object:
    try:
        return _loads(raw)
    except Exception as err:  # noqa: BLE001 - any failure to read back is corruption
        raise CorruptCache(f"unreadable ({type(err).__name__}: {err})") from None


def write_merged(path: Path, directory: Path, fp: str, changes: dict,
                 reporter: Reporter) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            current = CacheFile(path, fp)
        except CorruptCache:
            current = None
        blobs = _merged_blobs(current, directory, changes)
        if current is not None:
            current.close()
        data = _layout(fp, directory, blobs)
        limit = max_bytes()
        if len(data) > limit:
            reporter.warning(f"{path}: metadata cache of {len(data) >> 20} MB not written: "
                             f"over the bound of {limit >> 20} MB (BOOTORDER_CACHE_MAX_MB)")
            return False
        import tempfile  # only when writing
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    _bound(path.parent, path, limit)
    return True


def _merged_blobs(current: CacheFile | None, directory: Path, changes: dict) -> dict[str, bytes]:
    """Every category's bytes: the current file's, with this run's changes merged in."""
    blobs: dict[str, bytes] = {}
    valid = current is not None and current.valid
    for cat in (current.categories if valid else ()):
        if not cat.endswith("/") and cat not in changes and (directory / cat).is_dir():
            try:
                for part in (cat, cat + "/"):
                    blobs[part] = bytes(current.blob(part) or _dumps({}))
            except CorruptCache:
                blobs.pop(cat, None)
    for cat, (records, listing) in changes.items():
        try:
            merged = current.whole(cat) if valid else {}
        except CorruptCache:
            merged = {}
        merged.update(records)
        if listing is not None:
            merged = {pf: r for pf, r in merged.items() if pf in listing}
        if merged:
            blobs[cat], blobs[cat + "/"] = _pack(cat, merged)
    return blobs


def _pack(cat: str, records: dict) -> tuple[bytes, bytes]:
    """One category's records: its entries and its dependency trees (see the module
    docstring), equal strings and line maps stored once."""
    strings: dict = {}
    shared: dict = {}
    entries, trees = {}, {}
    for pf, (stat, meta, lines, memo, calls, clean) in sorted(records.items()):
        meta = {strings.setdefault(k, k): strings.setdefault(v, v) for k, v in meta.items()}
        lines = shared.setdefault(tuple(lines.items()), lines)
        parsed = {shared.setdefault(k, k): v for k, v in memo.items() if type(k) is tuple}
        if parsed:
            trees[pf] = parsed
        stored = tuple(k[1] for k in parsed)
        kept = {k: v for k, v in memo.items() if type(k) is not tuple}
        entries[pf] = (stat, meta, lines, kept, calls, clean, shared.setdefault(stored, stored))
    try:
        trees_blob = _dumps(trees)
    except pickle.PicklingError:  # a value the cache cannot rebuild: keep the entries only
        trees_blob = _dumps({})
        entries = {pf: record[:6] + ((),) for pf, record in entries.items()}
    try:
        return _dumps((entries, version_order(cat, records))), trees_blob
    except pickle.PicklingError:
        return _dumps(({pf: record[:3] + ({},) + record[4:6] + ((),)
                        for pf, record in entries.items()}, version_order(cat, records))), \
            _dumps({})


def version_order(cat: str, records) -> dict[str, tuple[str, ...]]:
    """The names ``records`` holds by package name, in the order
    :meth:`bootorder.tree.repository.Repository.versions` gives them: by version, equal
    versions by name.

    >>> version_order("a", ["b-1.10", "b-1.9", "c-1", "b-1.9-r0"])
    {'b': ('b-1.9', 'b-1.9-r0', 'b-1.10'), 'c': ('c-1',)}
    """
    groups: dict[str, list] = {}
    for pf in sorted(records):
        cp, version = split_cpv(f"{cat}/{pf}")
        groups.setdefault(cp.partition("/")[2], []).append((Version(version), pf))
    return {pn: tuple(pf for _, pf in sorted(pairs, key=lambda pair: pair[0]))
            for pn, pairs in groups.items()}


def _layout(fp: str, directory: Path, blobs: dict[str, bytes]) -> bytes:
    """The file: magic, header length and checksum, header, the categories' bytes
    (offsets in the header count from the end of the header)."""
    offsets, position = {}, 0
    for cat, blob in sorted(blobs.items()):
        offsets[cat] = (position, len(blob), zlib.crc32(blob))
        position += len(blob)
    raw = pickle.dumps({"fingerprint": fp, "source": str(directory), "categories": offsets},
                       protocol=5)
    return b"".join([MAGIC, _HEAD.pack(len(raw), zlib.crc32(raw)), raw,
                     *(blobs[c] for c in sorted(blobs))])


def _bound(directory: Path, keep: Path, limit: int) -> None:
    """Remove the least recently used cache files until the directory fits ``limit``."""
    files = []
    for entry in os.scandir(directory):
        if entry.name.endswith(".cache") and entry.is_file():
            st = entry.stat()
            files.append((st.st_mtime, st.st_size, Path(entry.path)))
    total = sum(size for _, size, _ in files)
    for _, size, file in sorted(files):
        if total <= limit:
            break
        if file != keep:
            try:
                file.unlink()
                total -= size
            except OSError:
                pass
