"""Package versions (PMS "Version Comparison"), ordered exactly like portage.

``Version`` is a value with a total order; ``vercmp`` returns -1, 0 or 1 with the
sign of ``portage.versions.vercmp``.  Portage's quirks are kept on purpose: a
version component with a leading zero compares as a decimal fraction (so
``1.02 < 1.1`` and ``1.0 == 1.00``), the first component compares as an integer,
a missing component sorts below any present one, and ``-r0`` equals no revision.

>>> vercmp("1.0-r1", "1.2-r3"), vercmp("1.3", "1.2-r3"), vercmp("1.0_p3", "1.0_p3")
(-1, 1, 0)
>>> sorted(["1.0", "1.0_rc1", "1.0a", "1.0.1", "1.0_p1"], key=Version)
['1.0_rc1', '1.0', '1.0_p1', '1.0a', '1.0.1']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["Version", "vercmp", "split_cpv", "cp_of", "VERSION_RE", "is_version"]

_V = r"(\d+)((?:\.\d+)*)([a-z]?)((?:_(?:pre|p|beta|alpha|rc)\d*)*)"
VERSION_RE = re.compile(_V + r"(?:-r(\d+))?", re.ASCII)
"""Full PMS version syntax, revision included (use with ``fullmatch``)."""

_SUFFIX_RE = re.compile(r"_(alpha|beta|pre|rc|p)(\d*)", re.ASCII)
_SUFFIX_VALUE = {"alpha": -4, "beta": -3, "pre": -2, "rc": -1, "p": 0}
_END = (0, -1)  # "no further suffix" ranks like an implicit _p-1, as in portage
_CAT_RE = re.compile(r"[\w][\w+.-]*", re.ASCII)
_PKG_RE = re.compile(r"[\w][\w+-]*", re.ASCII)


def is_version(text: str) -> bool:
    """True when ``text`` is a valid PMS version (revision allowed).

    >>> is_version("1.2.3_rc1-r2"), is_version("1.2-x")
    (True, False)
    """
    return VERSION_RE.fullmatch(text) is not None


def _component_key(part: str) -> tuple:
    # portage: leading zero -> compare as a fraction (padding with zeros), which is
    # the lexicographic order of the digits without trailing zeros; such a part
    # is always below a part without a leading zero.
    if part[0] == "0":
        return (0, part.rstrip("0"))
    return (1, int(part))


@lru_cache(maxsize=65536)
def _key(text: str) -> tuple:
    m = VERSION_RE.fullmatch(text)
    if m is None:
        raise ValueError(f"invalid version: {text!r}")
    first, rest, letter, suffixes, rev = m.groups()
    parts = tuple(_component_key(p) for p in rest[1:].split(".")) if rest else ()
    sufs = tuple((_SUFFIX_VALUE[s], int(n) if n else 0)
                 for s, n in _SUFFIX_RE.findall(suffixes)) + (_END,)
    return (int(first), parts, ord(letter) if letter else 0, sufs, int(rev or 0))


@dataclass(frozen=True, slots=True, order=False)
class Version:
    """A PMS version with portage's total order; ``str()`` is the text as written.

    Equality follows the order: ``Version("1.0-r0") == Version("1.0")``.

    >>> Version("1.0") < Version("1.0a") < Version("1.0.0")
    True
    >>> Version("2-r0") == Version("2"), str(Version("09.06"))
    (True, '09.06')
    """

    text: str
    _key: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_key", _key(self.text))

    @property
    def revision(self) -> int:
        """The ``-rN`` number (0 when absent)."""
        return self._key[4]

    @property
    def base(self) -> str:
        """The text without its ``-rN`` part (what ``~`` compares)."""
        head, sep, tail = self.text.rpartition("-r")
        return head if sep else self.text

    def __str__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __lt__(self, other: Version) -> bool:
        return self._key < other._key

    def __le__(self, other: Version) -> bool:
        return self._key <= other._key

    def __gt__(self, other: Version) -> bool:
        return self._key > other._key

    def __ge__(self, other: Version) -> bool:
        return self._key >= other._key


def vercmp(a: str, b: str) -> int:
    """Compare two version strings: -1, 0 or 1 (sign of portage's ``vercmp``).

    Raises ``ValueError`` for an invalid version (portage returns None).

    >>> vercmp("1.02", "1.1"), vercmp("1.0", "1.00"), vercmp("1_p0", "1")
    (-1, 0, 1)
    """
    if a == b:
        return 0
    ka, kb = _key(a), _key(b)
    return (ka > kb) - (ka < kb)


@lru_cache(maxsize=65536)
def split_cpv(cpv: str) -> tuple[str, str]:
    """Split ``cat/pkg-ver[-rN]`` into ``("cat/pkg", "ver[-rN]")``.

    The version is the shortest tail that is a valid version; the package name
    left over must not itself end in a version-like part (PMS 3.1.2).

    >>> split_cpv("sys-devel/gcc-13.2.1_p20240113-r1")
    ('sys-devel/gcc', '13.2.1_p20240113-r1')
    >>> split_cpv("dev-libs/foo-1-2")
    Traceback (most recent call last):
    ...
    ValueError: invalid cpv: 'dev-libs/foo-1-2'
    """
    cat, slash, pv = cpv.partition("/")
    if slash and _CAT_RE.fullmatch(cat):
        split = split_pv(pv)
        if split is not None:
            return f"{cat}/{split[0]}", split[1]
    raise ValueError(f"invalid cpv: {cpv!r}")


def cp_of(cpv: str) -> str:
    """``cat/pkg`` of a ``cat/pkg-version`` string (the string itself when unversioned).

    >>> cp_of("sys-devel/gcc-15.2.1_p20251108-r1"), cp_of("sys-devel/gcc")
    ('sys-devel/gcc', 'sys-devel/gcc')
    """
    try:
        return split_cpv(cpv)[0]
    except ValueError:
        return cpv


def split_pv(pv: str) -> tuple[str, str] | None:
    """Split ``pkg-ver`` into ``(pkg, ver)`` like portage's ``pkgsplit``, or None.

    >>> split_pv("foo-bar-1.0-r3"), split_pv("foo-1.0-2.0")
    (('foo-bar', '1.0-r3'), None)
    """
    pos = pv.find("-")
    while pos > 0:
        if VERSION_RE.fullmatch(pv, pos + 1):
            name = pv[:pos]
            return (name, pv[pos + 1:]) if valid_package_name(name) else None
        pos = pv.find("-", pos + 1)
    return None


@lru_cache(maxsize=65536)
def valid_package_name(name: str) -> bool:
    """PMS 3.1.2: ``[A-Za-z0-9_][A-Za-z0-9+_-]*``, not ending in ``-`` + a version.

    >>> valid_package_name("gtk+-3"), valid_package_name("gtk+"), valid_package_name("foo-r1")
    (False, True, True)
    """
    if not _PKG_RE.fullmatch(name):
        return False
    pos = name.find("-")
    while pos >= 0:
        if VERSION_RE.fullmatch(name, pos + 1):
            return False
        pos = name.find("-", pos + 1)
    return True


def valid_category(name: str) -> bool:
    """PMS 3.1.1: ``[A-Za-z0-9_][A-Za-z0-9+_.-]*``.

    >>> valid_category("sys-apps"), valid_category(".hidden")
    (True, False)
    """
    return _CAT_RE.fullmatch(name) is not None
