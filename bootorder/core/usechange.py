"""The one USE-change value: a flag turned on or off for the packages an atom names.

Suggestions (``cycles --suggest-use``), ``--with`` values, the fixes of consistency
checks and the lines of generated plans are all :class:`UseChange` values; each says
which packages (an atom such as ``sys-devel/gcc`` or ``=sys-devel/gcc-15.2.0``, or a
plain cpv), which flag, on or off, and why.

>>> change = UseChange("app-alternatives/awk", "gawk", True, "REQUIRED_USE ^^ ( ... )")
>>> change.signed(), change.line()
('app-alternatives/awk +gawk', 'app-alternatives/awk gawk')
>>> with_values([change, UseChange("app-alternatives/awk", "busybox", False)])
['app-alternatives/awk gawk -busybox']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

__all__ = ["UseChange", "with_values", "grouped"]


@dataclass(frozen=True, slots=True, order=True)
class UseChange:
    """Turn ``flag`` on (``enable``) or off for ``package`` (an atom or a cpv).

    ``reason`` says why (a cycle, a REQUIRED_USE, a user's ``--with``); it is not part of
    equality, so the same change found for two reasons is one change.
    """

    package: str
    flag: str
    enable: bool
    reason: str = field(default="", compare=False)

    def signed(self) -> str:
        """``"pkg +flag"`` or ``"pkg -flag"``."""
        return f"{self.package} {'+' if self.enable else '-'}{self.flag}"

    def line(self) -> str:
        """The ``package.use`` line: ``"pkg flag"`` or ``"pkg -flag"``."""
        return f"{self.package} {'' if self.enable else '-'}{self.flag}"

    def token(self) -> str:
        """The flag as a ``package.use`` token: ``flag`` or ``-flag``."""
        return ("" if self.enable else "-") + self.flag

    def __str__(self) -> str:
        return self.signed()


def grouped(changes: Iterable[UseChange]) -> list[tuple[str, list[UseChange]]]:
    """``[(package, its changes)]``, packages sorted, changes in the order given.

    >>> [(p, [c.flag for c in cs]) for p, cs in grouped([UseChange("b/b", "x", True),
    ...                                                   UseChange("a/a", "y", False)])]
    [('a/a', ['y']), ('b/b', ['x'])]
    """
    per_package: dict[str, list[UseChange]] = {}
    for change in changes:
        per_package.setdefault(change.package, []).append(change)
    return sorted(per_package.items())


def with_values(changes: Iterable[UseChange]) -> list[str]:
    """``changes`` as ``--with`` values (``"cat/pkg flag -flag"``), one per package."""
    return [f"{package} {' '.join(c.token() for c in group)}"
            for package, group in grouped(changes)]
