"""Any-of (``|| ( )``) choice, the way portage's ``dep_zapdeps`` makes it.

The resolver describes every alternative of a group as an :class:`Alternative` (what
it would pull in and how that relates to the graph built so far); :func:`choose`
returns the index of the alternative portage takes. The preference order is portage's
(``portage/dep/dep_check.py``, ``dep_zapdeps`` as called by emerge's depgraph):

1. *preferred*: every package is visible, every USE dependency can be met, and every
   package is already in the graph of that root or installed there (virtuals count as
   both: they cost nothing);
2. *preferred, not installed*: visible and USE dependencies met;
3. *USE unsatisfied*: visible, but a USE dependency is not met -- in the graph, then
   installed, then neither;
4. *not visible* (some package masked or missing): all installed, some installed,
   some installed in another slot, then the rest.

An alternative that would close a cycle emerge could not merge goes to the last bin, as
portage's ``circular_dependency`` backtracking puts it: one naming a package that
depended on the group's owner along such a cycle (the map ``resolve`` takes, which
:mod:`bootorder.order.backtrack` makes), the owner itself among them after a
self-dependency (``|| ( >=dev-lang/go-1.24 dev-lang/go-bootstrap )`` in go's BDEPEND).

Inside a bin the written (leftmost-first) order holds, except that an alternative
whose packages are all in the graph moves in front of one that is not, unless that
would trade an upgrade for a downgrade, and an alternative that upgrades a package
another one also names moves in front of it. The first visible alternative wins; when
none is visible, the first of the order (its atoms will then be reported unsatisfied).

>>> a = Alternative(available=True, use_satisfied=True, in_graph=False, installed=False)
>>> b = Alternative(available=True, use_satisfied=True, in_graph=True, installed=False)
>>> choose([a, b])         # b is already in the graph: portage keeps it
1
>>> choose([a, Alternative(available=False)])
0
>>> choose([Alternative(True, True, in_graph=True, circular=True), a])
1
"""
from __future__ import annotations

from dataclasses import dataclass

from ..syntax.version import vercmp

__all__ = ["Alternative", "choose", "BINS"]

BINS = ("preferred", "preferred_non_installed", "unsat_use_in_graph", "unsat_use_installed",
        "unsat_use_non_installed", "other_installed", "other_installed_some",
        "other_installed_any_slot", "other")
"""portage's choice bins, most preferred first."""


@dataclass(frozen=True, slots=True)
class Alternative:
    """What choosing one alternative of an any-of group means.

    Parameters
    ----------
    available
        Every (non-blocker) atom has a visible package (USE dependencies ignored).
    use_satisfied
        Every atom's USE dependencies are met by a visible package.
    in_graph
        Every non-virtual atom matches a package already in the graph of that root.
    installed
        Every non-virtual atom's package name is installed in that root.
    installed_slots
        Every chosen slot is installed in that root.
    some_installed, any_slot_installed
        For unavailable alternatives: some atom matches an installed package / some
        atom's package name is installed in another slot.
    versions
        ``((cp, version), ...)``: the highest version each atom would pull in (for the
        upgrade preference).
    circular
        An atom closes a cycle through the dependent package (see the module docstring).
    """

    available: bool = False
    use_satisfied: bool = False
    in_graph: bool = False
    installed: bool = False
    installed_slots: bool = False
    some_installed: bool = False
    any_slot_installed: bool = False
    versions: tuple[tuple[str, str], ...] = ()
    circular: bool = False

    def bin(self) -> str:
        """The name of the portage choice bin this alternative falls into."""
        if self.available and self.circular:
            return "other"
        if self.available:
            if self.use_satisfied:
                return "preferred" if self.in_graph or self.installed \
                    else "preferred_non_installed"
            if self.in_graph:
                return "unsat_use_in_graph"
            return "unsat_use_installed" if self.installed_slots else "unsat_use_non_installed"
        if self.installed:
            return "other_installed"
        if self.some_installed:
            return "other_installed_some"
        return "other_installed_any_slot" if self.any_slot_installed else "other"


def choose(alternatives: list[Alternative] | tuple[Alternative, ...]) -> int:
    """Index of the alternative portage's ``dep_zapdeps`` takes (see the module doc).

    Parameters
    ----------
    alternatives
        One :class:`Alternative` per child of the group, in written order.

    Notes
    -----
    O(n^2) in the number of alternatives (the promotion pass), n is tiny.

    >>> up = Alternative(True, True, versions=(("dev-lang/python", "3.13"),))
    >>> old = Alternative(True, True, versions=(("dev-lang/python", "3.12"),))
    >>> choose([old, up])
    1
    """
    if not alternatives:
        raise ValueError("an any-of group needs at least one alternative")
    bins: dict[str, list[int]] = {name: [] for name in BINS}
    for index, alt in enumerate(alternatives):
        bins[alt.bin()].append(index)
    for name in BINS:
        _promote(bins[name], alternatives)
    for allow_masked in (False, True):
        for name in BINS:
            for index in bins[name]:
                if alternatives[index].available or allow_masked:
                    return index
    raise AssertionError("unreachable")


def _promote(order: list[int], alts) -> None:
    """portage's in-bin promotion pass (installed slots, upgrades, all in the graph)."""
    for i1 in list(order[1:]):
        c1 = alts[i1]
        for i2 in list(order):
            if i1 == i2:
                break
            c2 = alts[i2]
            if (c1.installed_slots and not c2.installed_slots) or _better(c1, c2):
                order.remove(i1)
                order.insert(order.index(i2), i1)
                break


def _better(c1: Alternative, c2: Alternative) -> bool:
    v2 = dict(c2.versions)
    up = down = False
    for cp, version in c1.versions:
        if cp in v2:
            diff = vercmp(version, v2[cp])
            up, down = up or diff > 0, down or diff < 0
    return (up and not down) or (c1.in_graph and not c2.in_graph and not (down and not up))
