"""Problems found in the data or while resolving: what could not be used or satisfied,
where, why, and a fix.

A :class:`Problem` is a value: the tree, the profile and the resolver collect them and
go on. Problems of the data (cache entries, profiles, installed-package databases) reach
the caller through :meth:`bootorder.core.reporter.Reporter.problem` as they are read;
a graph carries the problems found while it was built as ``graph.problems`` (a sorted
tuple). ``kind`` is one of :data:`PROBLEM_KINDS`:

``missing-package``
    no package of that name exists in any repository of the tree;
``masked``
    every matching version is masked (``package.mask``, not listed in the profile's
    ``packages`` file, an unsupported EAPI, invalid metadata); ``message`` names the mask;
``missing-keyword``
    every matching version lacks an accepted keyword (``ACCEPT_KEYWORDS``);
``no-match``
    the package exists but no version (slot, version range, repository) matches;
``use-conflict``
    no visible version satisfies the atom's USE dependencies (the best one was taken);
``slot-conflict``
    two atoms need different versions of one slot in one root;
``blocker``
    a package of the graph blocks (``!atom``, ``!!atom``) another one of the same root;
``bad-metadata``
    a metadata value (a dependency string, ``SLOT``, ``IUSE``, a cache line, a duplicate
    key) is malformed, or a cache entry lacks the keys every entry has;
``unknown-eapi``
    an entry, a profile or a repository's ``profiles/`` uses an EAPI bootorder (and this
    portage) does not support;
``unreadable``
    a file or directory could not be read (I/O error, symlink loop, a directory where a
    file belongs, a symlink leaving the repository: refused);
``bad-name``
    a cache entry, category or repository name that PMS does not allow;
``bad-profile``
    a malformed line of a profile or repository configuration file (skipped, as portage);
``unknown-set``
    a ``@set`` target nobody defines;
``required-use``
    a package's USE violates its REQUIRED_USE (found by :mod:`bootorder.usechange.checks`);
``build-cycle``
    a hard build cycle a plan could not break (``atom`` lists its packages: a board
    plan's first pass, :mod:`bootorder.plan.board`).

``severity`` is ``"error"`` when the answer may be missing something because of the
problem (it is then incomplete: ``bootorder`` exits 4) and ``"warning"`` when the data
was used the way portage uses it. ``file``, ``line`` and ``column`` (1-based) say where
the problem is written, when it is written in a file.

>>> p = Problem("masked", "app-misc/foo-1", "dev-libs/bar", ("app-misc/foo-1",),
...             "dev-libs/bar-2 is masked by package.mask", "unmask dev-libs/bar")
>>> p.to_json()["kind"], p.text()
('masked', 'app-misc/foo-1: dev-libs/bar: dev-libs/bar-2 is masked by package.mask (fix: unmask dev-libs/bar)')
>>> in_file("bad-metadata", "cache/a/b-1", "DEPEND: unclosed (", line=3, column=9).oneline()
'cache/a/b-1:3:9: bad-metadata: DEPEND: unclosed ('
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["PROBLEM_KINDS", "SEVERITIES", "Problem", "in_file", "printable",
           "sorted_problems", "has_errors", "count_by_kind"]

PROBLEM_KINDS = ("missing-package", "masked", "missing-keyword", "no-match", "use-conflict",
                 "slot-conflict", "blocker", "bad-metadata", "unknown-eapi", "unreadable",
                 "bad-name", "bad-profile", "unknown-set", "required-use", "build-cycle")
"""Every kind a :class:`Problem` may have, in the order they are listed."""

SEVERITIES = ("error", "warning")
"""``error``: the answer is incomplete; ``warning``: used the way portage uses it."""

SHOWN_CHARS = 160
"""Longest piece of file content a message quotes (:func:`printable` cuts the rest)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that could not be used or satisfied (see the module docstring).

    Parameters
    ----------
    kind
        One of :data:`PROBLEM_KINDS`.
    package
        The package concerned (``cpv``, or ``cpv`` with ``" (host)"`` for the host
        root), or None (a target given on the command line, a file).
    atom
        The atom as written (or the set name, or the metadata key); None when none.
    chain
        The packages that pulled it in, from a target down to ``package``.
    message
        What is wrong, in one sentence.
    fix
        A concrete suggestion ("" when there is none).
    severity
        ``"error"`` or ``"warning"`` (:data:`SEVERITIES`).
    file, line, column
        Where it is written (None when unknown).
    """

    kind: str
    package: str | None
    atom: str | None
    chain: tuple[str, ...]
    message: str
    fix: str = ""
    severity: str = "error"
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in PROBLEM_KINDS:
            raise ValueError(f"unknown problem kind {self.kind!r}; expected one of {PROBLEM_KINDS}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}; expected one of {SEVERITIES}")

    def sort_key(self) -> tuple:
        return (PROBLEM_KINDS.index(self.kind), self.package or "", self.atom or "",
                self.chain, self.message, self.file or "", self.line or 0, self.column or 0)

    def text(self) -> str:
        """One line: ``package: atom: message (fix: ...)``."""
        head = f"{self.package}: " if self.package else ""
        atom = f"{self.atom}: " if self.atom else ""
        fix = f" (fix: {self.fix})" if self.fix else ""
        return f"{head}{atom}{self.message}{fix}"

    def where(self) -> str:
        """``file:line:column`` (the known parts), else the package, else ``"argument"``."""
        if self.file:
            parts = [self.file] + [str(n) for n in (self.line, self.column) if n is not None]
            return ":".join(parts) if self.line is not None else self.file
        return self.package or "argument"

    def oneline(self) -> str:
        """The problem as one line, ``where: kind: message``, non-printable characters
        escaped (what ``bootorder`` writes on stderr)."""
        what = self.message
        if self.atom and not _names(what, self.atom):
            what = f"{self.atom}: {what}"
        return printable(f"{self.where()}: {self.kind}: {what}", limit=None)

    def to_json(self) -> dict:
        """The problem in the project's JSON shape."""
        return {"kind": self.kind, "severity": self.severity, "file": self.file,
                "line": self.line, "column": self.column, "package": self.package,
                "atom": self.atom, "chain": list(self.chain), "message": self.message,
                "fix": self.fix}


def in_file(kind: str, file: str, message: str, *, line: int | None = None,
            column: int | None = None, package: str | None = None,
            atom: str | None = None, severity: str = "error", fix: str = "") -> Problem:
    """A :class:`Problem` written in ``file`` (data problems: no chain)."""
    return Problem(kind, package, atom, (), message, fix, severity, str(file), line, column)


def printable(text: str, limit: int | None = SHOWN_CHARS) -> str:
    r"""``text`` with control and undecodable characters escaped, cut to ``limit``.

    >>> printable("a\x00b\tc\ufffd")
    'a\\x00b\\tc\\ufffd'
    >>> printable("x" * 10, limit=4)
    'xxxx...'
    """
    out = "".join(ch if ch.isprintable() and ch != "\ufffd" else _escape(ch)
                  for ch in (text if limit is None else text[:limit + 1]))
    return out[:limit] + "..." if limit is not None and len(out) > limit else out


def _names(text: str, word: str) -> bool:
    """Does ``text`` hold ``word`` as a whole token (not ``c/d`` inside ``c/d-1``)?"""
    return re.search(rf"(?<![\w/.-]){re.escape(word)}(?![\w.-])", text) is not None


def _escape(ch: str) -> str:
    return "\\ufffd" if ch == "\ufffd" else repr(ch)[1:-1]


def sorted_problems(problems) -> tuple[Problem, ...]:
    """Distinct problems in a deterministic order.

    >>> a = Problem("no-match", None, "x/y", (), "m")
    >>> sorted_problems([a, a]) == (a,)
    True
    """
    return tuple(sorted(set(problems), key=Problem.sort_key))


def has_errors(problems) -> bool:
    """Is any of ``problems`` of severity ``error`` (the answer is incomplete)?

    >>> has_errors([Problem("bad-name", None, None, (), "m", severity="warning")])
    False
    """
    return any(p.severity == "error" for p in problems)


def count_by_kind(problems) -> list[tuple[str, int]]:
    """``(kind, count)`` in :data:`PROBLEM_KINDS` order.

    >>> count_by_kind([Problem("masked", None, "a/b", (), "m"),
    ...                Problem("no-match", None, "c/d", (), "m")] * 2)
    [('masked', 2), ('no-match', 2)]
    """
    counts = Counter(p.kind for p in problems)
    return [(kind, counts[kind]) for kind in PROBLEM_KINDS if counts[kind]]
