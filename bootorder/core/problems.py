"""Problems found while resolving: what could not be satisfied, why, and a fix.

A :class:`Problem` is a value: the resolver (and the consistency checks) collect them
and go on; a graph carries the ones found while it was built as ``graph.problems``
(a sorted tuple). ``kind`` is one of :data:`PROBLEM_KINDS`:

``missing-package``
    no package of that name exists in any repository of the tree;
``masked``
    every matching version is masked (``package.mask``, or not listed in the profile's
    ``packages`` file); ``message`` names the mask;
``missing-keyword``
    every matching version lacks an accepted keyword (``ACCEPT_KEYWORDS``);
``no-match``
    the package exists but no version (slot, version range, repository) matches;
``use-conflict``
    no visible version satisfies the atom's USE dependencies, and no USE change it may
    make would (the resolver takes none), or the chosen package lacks the USE (the
    consistency checks);
``slot-conflict``
    two atoms need different versions of one slot in one root;
``bad-metadata``
    a dependency string (or the package entry) could not be parsed;
``unknown-set``
    a ``@set`` target nobody defines;
``required-use``
    a package's USE violates its REQUIRED_USE (found by :mod:`bootorder.usechange.checks`);
``use-change``
    a package is resolved with a flag changed so that an atom's USE dependencies hold,
    as emerge's autounmask does (``fix``: the ``package.use`` line emerge prints; emerge
    stops until it is made).

>>> p = Problem("masked", "app-misc/foo-1", "dev-libs/bar", ("app-misc/foo-1",),
...             "dev-libs/bar-2 is masked by package.mask", "unmask dev-libs/bar")
>>> p.to_json()["kind"], p.text()
('masked', 'app-misc/foo-1: dev-libs/bar: dev-libs/bar-2 is masked by package.mask (fix: unmask dev-libs/bar)')
"""
from __future__ import annotations

from dataclasses import dataclass

PROBLEM_KINDS = ("missing-package", "masked", "missing-keyword", "no-match", "use-conflict",
                 "slot-conflict", "bad-metadata", "unknown-set", "required-use", "use-change")
"""Every kind a :class:`Problem` may have, in the order they are listed."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the resolver could not satisfy (see the module docstring).

    Parameters
    ----------
    kind
        One of :data:`PROBLEM_KINDS`.
    package
        The dependent package (``cpv``, or ``cpv`` with ``" (host)"`` for the host root),
        or None for a target given on the command line.
    atom
        The atom as written (or the set name).
    chain
        The packages that pulled it in, from a target down to ``package``.
    message
        What is wrong, in one sentence.
    fix
        A concrete suggestion ("" when there is none).
    """

    kind: str
    package: str | None
    atom: str
    chain: tuple[str, ...]
    message: str
    fix: str = ""

    def __post_init__(self) -> None:
        if self.kind not in PROBLEM_KINDS:
            raise ValueError(f"unknown problem kind {self.kind!r}; expected one of {PROBLEM_KINDS}")

    def sort_key(self) -> tuple:
        return (PROBLEM_KINDS.index(self.kind), self.package or "", self.atom, self.chain,
                self.message)

    def text(self) -> str:
        """One line: ``package: atom: message (fix: ...)``."""
        head = f"{self.package}: " if self.package else ""
        fix = f" (fix: {self.fix})" if self.fix else ""
        return f"{head}{self.atom}: {self.message}{fix}"

    def to_json(self) -> dict:
        """The problem in the project's JSON shape."""
        return {"kind": self.kind, "package": self.package, "atom": self.atom,
                "chain": list(self.chain), "message": self.message, "fix": self.fix}


def sorted_problems(problems) -> tuple[Problem, ...]:
    """Distinct problems in a deterministic order.

    >>> a = Problem("no-match", None, "x/y", (), "m")
    >>> sorted_problems([a, a]) == (a,)
    True
    """
    return tuple(sorted(set(problems), key=Problem.sort_key))
