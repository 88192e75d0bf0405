"""USE dependencies that need a flag changed: emerge's autounmask of USE, as values.

When the package chosen for an atom lacks the USE its USE dependencies ask for
(``dev-libs/q[x]``, q built without ``x``), emerge's depgraph changes the flag if it
may (``_pkg_use_enabled(pkg, target_use)``): not when the flag is missing from IUSE
(without a ``(+)``/``(-)`` default that fits), masked (to turn it on), forced (to turn
it off), or already changed the other way for another dependent. The package is then
resolved with the changed USE, so its conditional dependencies follow the flag, and
emerge prints the change as a ``package.use`` line and stops (exit 1) until it is made.
Where the flag may not change, emerge reports that no ebuild satisfies the atom and
adds nothing. Both become :class:`bootorder.core.problems.Problem` values here:
``use-change`` (with the line emerge prints) and ``use-conflict``.

>>> needed_change(Atom.parse("dev-libs/q[x,-y]"), frozenset({"y"}), frozenset("xy"),
...               frozenset(), forced=frozenset(), masked=frozenset())
({'x': True, 'y': False}, [])
>>> needed_change(Atom.parse("dev-libs/q[x]"), frozenset(), frozenset("x"), frozenset(),
...               forced=frozenset(), masked=frozenset("x"))
({}, [('x', 'masked')])
"""
from __future__ import annotations

from ..core.problems import Problem
from ..syntax.atom import Atom
from .candidates import unmet_use_deps

__all__ = ["NeededUse", "UseDependencies", "UseRestart", "needed_change", "changed_use", "package_use_line", "overridden",
           "use_change_problem", "unmet_use_problem"]


def needed_change(atom, use: frozenset[str], iuse: frozenset[str], parent_use: frozenset[str],
                  *, forced: frozenset[str], masked: frozenset[str],
                  made: dict[str, bool] | None = None,
                  ) -> tuple[dict[str, bool], list[tuple[str, str]]]:
    """``(changes, refused)``: the flag changes (``{flag: on}``, in the atom's order) that
    make a package with ``use`` and ``iuse`` meet ``atom``, and ``(flag, why)`` for each
    change that may not be made (``why``: ``"absent"``, ``"masked"``, ``"forced"`` or
    ``"changed"``); ``changes`` is empty when something is refused or the atom is met as
    it is. ``made``: the changes already made to the package for other dependents."""
    made = made or {}
    changes: dict[str, bool] = {}
    refused: list[tuple[str, str]] = []
    for flag, wanted, why in unmet_use_deps(atom, use, iuse, parent_use):
        if why == "absent":
            refused.append((flag, "absent"))
        elif made.get(flag, wanted) != wanted:
            refused.append((flag, "changed"))
        elif wanted and flag in masked:
            refused.append((flag, "masked"))
        elif not wanted and flag in forced and flag not in masked:
            refused.append((flag, "forced"))
        else:
            changes[flag] = wanted
    return ({} if refused else changes), refused


class NeededUse:
    """The USE changes of one resolution (emerge's ``_needed_use_config_changes``), per
    package instance, and the atoms that need them; ``known``: those a previous run made
    (the run restarted because a change reached a package already expanded).

    >>> needs = NeededUse({})
    >>> needs.make("q", {"x": True}, ("p", "q[x]"))
    >>> sorted(needs.use("q", frozenset({"y"}))), needs.restart_with()
    (['x', 'y'], {'q': {'x': True}})
    """

    def __init__(self, known: dict):
        self.known = known
        self.made: dict = {}
        self.reasons: dict = {}
        self.stale = False  # a change reached an instance this run had already expanded

    def use(self, key, use: frozenset[str]) -> frozenset[str]:
        """``use`` (the configuration's) with the changes made to ``key``."""
        known, made = self.known.get(key), self.made.get(key)
        return changed_use(use, {**known, **made} if known and made else made or known)

    def ask(self, key, atom, use: frozenset[str], iuse: frozenset[str], parent_use,
            forced: frozenset[str], masked: frozenset[str]):
        """:func:`needed_change` for instance ``key`` (configured ``use``), counting the
        changes made to it already: ``(its changes with those atom needs, or None when
        the atom needs none of the configured USE, refused)``."""
        made = self.made.get(key, {})
        changes, refused = needed_change(atom, changed_use(use, made), iuse, parent_use,
                                         forced=forced, masked=masked, made=made)
        needs = changes or needed_change(atom, use, iuse, parent_use, forced=forced,
                                         masked=masked)[0]
        return ({**made, **changes} if needs else None), refused

    def make(self, key, changes: dict[str, bool], reason) -> None:
        """Record ``changes`` (all of them) for ``key``, needed for ``reason``."""
        self.reasons.setdefault(key, []).append(reason)
        self.made[key] = changes

    def known_as(self, key, changes: dict[str, bool]) -> bool:
        """Did the previous run already expand ``key`` with ``changes`` (among those it
        knew)?"""
        known = self.known.get(key, {})
        return all(known.get(flag) == value for flag, value in changes.items())

    def restart_with(self) -> dict:
        """Every change known so far: the ``known`` of the next run."""
        return {k: {**self.known.get(k, {}), **self.made.get(k, {})}
                for k in {*self.known, *self.made}}


def changed_use(use: frozenset[str], changes: dict[str, bool] | None) -> frozenset[str]:
    """``use`` with ``changes`` applied.

    >>> sorted(changed_use(frozenset({"a", "b"}), {"b": False, "c": True}))
    ['a', 'c']
    """
    if not changes:
        return use
    return (use - {f for f, on in changes.items() if not on}) | \
        {f for f, on in changes.items() if on}


def package_use_line(pkg, changes: dict[str, bool], visible) -> str:
    """The ``package.use`` line emerge prints for ``changes`` of ``pkg``: ``>=cpv`` when
    no visible version (``visible``: the cp's visible packages) is higher, ``>=cpv:SLOT``
    when none is higher in its slot, else ``=cpv``; flags ``x`` / ``-x``.

    >>> from types import SimpleNamespace as P
    >>> q1, q2 = P(cpv="a/q-1", slot="1", vobj=1), P(cpv="a/q-2", slot="2", vobj=2)
    >>> package_use_line(q1, {"x": True, "y": False}, [q2, q1])
    '>=a/q-1:1 x -y'
    """
    flags = " ".join(f if on else f"-{f}" for f, on in changes.items())
    higher = [p for p in visible if p.vobj > pkg.vobj]
    if not higher:
        return f">={pkg.cpv} {flags}"
    if all(p.slot != pkg.slot for p in higher):
        return f">={pkg.cpv}:{pkg.slot} {flags}"
    return f"={pkg.cpv} {flags}"


def overridden(use_override: str | None, changes: dict[str, bool]) -> bool:
    """Does the environment's USE (``use_override``) override package.use for ``changes``?

    >>> overridden("-* build", {"x": True}), overridden("ssl", {"x": True}), overridden(None, {})
    (True, False, False)
    """
    tokens = set((use_override or "").split())
    return "-*" in tokens or any({f, f"-{f}", f"+{f}"} & tokens for f in changes)


def use_change_problem(package: str | None, chain: tuple[str, ...], atom: str, node: str,
                       line: str, overridden: bool = False,
                       written: tuple = (None, None)) -> Problem:
    """The ``use-change`` problem of a package whose USE is changed for ``atom``
    (``overridden``: the environment's USE overrides package.use, as stage 1's does;
    ``written``: the dependent's file and line). A warning: the answer holds, resolved as
    emerge resolves it, with the change.

    >>> use_change_problem("dev-libs/p-1", ("dev-libs/p-1",), "dev-libs/q[x]",
    ...                    "dev-libs/q-1", ">=dev-libs/q-1 x").fix
    'add to package.use: `>=dev-libs/q-1 x`'
    """
    flags = line.split(" ", 1)[1]
    fix = f"add to package.use: `{line}`"
    if overridden:
        fix += " (the environment's USE overrides package.use: force or mask the flag in " \
               "the profile's package.use.force / package.use.mask instead; --with tries it)"
    return Problem("use-change", package, atom, chain,
                   f"{node} is resolved with USE \"{flags}\" to satisfy it; emerge makes "
                   "the same change and stops until it is written down (\"The following "
                   "USE changes are necessary to proceed\")", fix, "warning", *written)


_WHY = {"absent": "Missing IUSE: {}", "masked": "{} is masked", "forced": "{} is forced",
        "changed": "{} is already changed the other way for another dependent"}


def unmet_use_problem(package: str | None, chain: tuple[str, ...], atom: str, pkg,
                      refused: list[tuple[str, str]], where: str,
                      written: tuple = (None, None)) -> Problem:
    """The ``use-conflict`` problem of an atom no USE change lets ``pkg`` satisfy
    (emerge: "there are no ebuilds built with USE flags to satisfy ..."): an error, the
    atom pulls in nothing.

    >>> from types import SimpleNamespace as P
    >>> unmet_use_problem("a/p-1", (), "a/q[x]", P(cpv="a/q-1", cp="a/q"),
    ...                   [("x", "absent")], "").message
    'no ebuild can be built with USE flags that satisfy it: a/q-1 (Missing IUSE: x)'
    """
    reasons = "; ".join(_WHY[why].format(flag) for flag, why in refused)
    absent = [flag for flag, why in refused if why == "absent"]
    if absent:
        whose = f"{package}'s" if package else "the"
        fix = f"{pkg.cp} has no USE flag {', '.join(absent)} in this version: pick a " \
              f"version that has it, or change {whose} dependency"
    else:
        fix = "unmask or unforce the flag for that package (the profile's " \
              "package.use.mask / package.use.force), or drop the USE dependency"
    return Problem("use-conflict", package, atom, chain,
                   f"no ebuild can be built with USE flags that satisfy it: {pkg.cpv} "
                   f"({reasons}){where}", fix, "error", *written)


class UseRestart(Exception):
    """Packages already expanded needed USE changes: resolve again, knowing them all (as
    emerge backtracks once with every needed change its pass found, not once per
    change)."""


class UseDependencies:
    """The resolver's side of USE dependencies (a mixin of its walk): the USE of each
    package instance with the changes made, and the check of each atom's USE
    dependencies that makes them. The walk provides ``pkg``, ``graph``, ``cands`` and
    ``configs`` (per root), ``needs`` (a :class:`NeededUse`), ``done`` (the instances
    expanded), ``use_of`` (an empty dict: the memo of ``_use``), ``problems``,
    ``_whose(parent, label)`` (a problem's package, the instance's label,
    and chain) and ``_written(parent, cls)`` (its file and line)."""

    def _use(self, key, pkg=None) -> frozenset[str]:
        """The USE of a package instance: its configuration's, with the changes made
        (kept per instance in ``use_of`` until a change is made to it)."""
        pkg = self.pkg[key] if pkg is None else pkg
        found = self.use_of.get(key)
        if found is not None and found[0] is pkg:
            return found[1]
        use = self.needs.use(key, self.cands[key.root].use(pkg))
        self.use_of[key] = (pkg, use)
        return use

    def _use_deps(self, key, pkg, atom, parent_use, reason) -> bool:
        """Does ``pkg`` (instance ``key``) meet ``atom``'s USE dependencies, changing a
        flag where emerge's autounmask would? When no change may be made the atom is a
        ``use-conflict`` problem (False). ``reason``: ``(parent, label, cls)``, who asks.
        A change that reaches an instance already expanded marks the run ``stale``: it
        ends with :class:`UseRestart` (after the walk, with every change found)."""
        if not atom.use_deps or (key in self.pkg and self.graph.node(key)["installed"]):
            return True
        cand, config = self.cands[key.root], self.configs[key.root]
        changes, refused = self.needs.ask(key, atom, cand.use(pkg), cand.iuse(pkg),
                                          parent_use, config.use_force(pkg),
                                          config.use_mask(pkg))
        parent, label, cls = reason
        if refused:
            where = "" if key.root == "target" else f" (in the {key.root} root)"
            self.problems.append(unmet_use_problem(*self._whose(parent, label), str(atom), pkg,
                                                   refused, where, self._written(parent, cls)))
            return False
        if changes is not None:
            self.needs.make(key, changes, (parent, atom, label, cls))
            self.use_of.pop(key, None)
            if key in self.pkg:
                enabled, disabled = cand.node_use(pkg, self._use(key, pkg))
                self.graph.add_package(key.cpv, key.root, use=enabled, use_disabled=disabled)
            if key in self.done and not self.needs.known_as(key, changes):
                self.needs.stale = True  # resolve again once this walk is done
        return True

    def _use_change_problems(self) -> list[Problem]:
        """One ``use-change`` problem per atom that needs a package's USE changed."""
        out = []
        for key, changes in self.needs.made.items():
            pkg = self.pkg.get(key)
            if pkg is None:
                continue
            line = package_use_line(pkg, changes,
                                    self.cands[key.root].visible(Atom.parse(pkg.cp)))
            for parent, atom, label, cls in self.needs.reasons[key]:
                out.append(use_change_problem(*self._whose(parent, label), str(atom),
                                              self._whose(key, None)[0], line,
                                              overridden(self.configs[key.root].use_override, changes),
                                              self._written(parent, cls)))
        return out
