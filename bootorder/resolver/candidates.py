"""Which package satisfies an atom under a configuration (emerge's package selection).

:class:`Candidates` wraps a :class:`bootorder.config.configuration.Config` with the memoised
questions the resolver asks for every atom: the visible matches (highest first), the
effective USE of a package, whether a package meets an atom's USE dependencies, the
best package for an atom (the highest visible one that meets the USE dependencies,
else the highest visible one, like emerge's ``_select_pkg_highest_available``), and,
when nothing is visible, why (a :class:`bootorder.core.problems.Problem` kind and message).

>>> from bootorder.tree.repository import Repository, Tree
>>> from bootorder.syntax.atom import Atom
>>> class Cfg:  # the slice of Config used here
...     tree = Tree([Repository.from_dict("r", {
...         "a/b-1": {"SLOT": "0", "IUSE": "+x", "EAPI": "8"},
...         "a/b-2": {"SLOT": "0", "IUSE": "y", "EAPI": "8"}})])
...     def visible(self, pkg): return True
...     def effective_use(self, pkg): return frozenset(f[1:] for f in pkg.get("IUSE").split() if f[0] == "+")
...     def iuse_effective(self, pkg): return frozenset(pkg.iuse)
...     def use_mask(self, pkg): return frozenset()
...     def use_force(self, pkg): return frozenset()
>>> c = Candidates(Cfg())
>>> [p.cpv for p in c.visible(Atom.parse("a/b"))]
['a/b-2', 'a/b-1']
>>> c.best(Atom.parse("a/b[x]"), frozenset()).cpv   # b-2 has no flag x: emerge takes b-1
'a/b-1'
"""
from __future__ import annotations

from ..syntax.atom import Atom

__all__ = ["Candidates", "use_dep_ok", "unmet_use_deps"]


def use_dep_ok(atom: Atom, use: frozenset[str], iuse: frozenset[str],
               parent_use: frozenset[str], fixed: frozenset[str] | None = None) -> bool:
    """Does a package with ``use`` (enabled) and ``iuse`` meet ``atom``'s USE deps?

    A flag missing from IUSE takes the atom's ``(+)``/``(-)`` default; without a
    default the dependency is not met (portage's rule). With ``fixed`` (the forced and
    masked flags), the question is whether a USE change *could* meet it: only flags
    outside IUSE or in ``fixed`` count.

    >>> a = Atom.parse("a/b[ssl,-doc(-),gtk?]")
    >>> use_dep_ok(a, frozenset({"ssl"}), frozenset({"ssl", "gtk"}), frozenset())
    True
    >>> use_dep_ok(a, frozenset({"ssl"}), frozenset({"ssl", "gtk"}), frozenset({"gtk"}))
    False
    """
    return next(unmet_use_deps(atom, use, iuse, parent_use, fixed), None) is None


def unmet_use_deps(atom: Atom, use: frozenset[str], iuse: frozenset[str],
                   parent_use: frozenset[str], fixed: frozenset[str] | None = None):
    """``(flag, wanted, why)`` for each USE dep of ``atom`` that :func:`use_dep_ok`
    finds unmet, in the atom's order: ``why`` is ``"set"`` (the flag is in IUSE, in
    the wrong state) or ``"absent"`` (not in IUSE, no default that fits).

    >>> a = Atom.parse("a/b[ssl,-doc(-),gtk?,x]")
    >>> list(unmet_use_deps(a, frozenset(), frozenset({"ssl", "gtk"}), frozenset({"gtk"})))
    [('ssl', True, 'set'), ('gtk', True, 'set'), ('x', True, 'absent')]
    """
    for dep in atom.use:
        wanted = dep.required_state(parent_use)
        if wanted is None:
            continue
        if dep.flag in iuse:
            if fixed is not None and dep.flag not in fixed:
                continue
            if (dep.flag in use) != wanted:
                yield dep.flag, wanted, "set"
        elif dep.default is None or (dep.default == "+") != wanted:
            yield dep.flag, wanted, "absent"


class Candidates:
    """Memoised package selection under one configuration (see the module doc)."""

    def __init__(self, config):
        self.config = config
        self.tree = config.tree
        self._matches: dict[Atom, tuple] = {}
        self._visible: dict = {}
        self._use: dict = {}

    def visible(self, atom: Atom) -> tuple:
        """Visible packages matching ``atom`` (USE deps ignored), highest first."""
        return tuple(self._iter_visible(atom))

    def first_visible(self, atom: Atom):
        """The highest visible package matching ``atom`` (USE deps ignored), or None."""
        return next(self._iter_visible(atom), None)

    def _iter_visible(self, atom: Atom):
        """Visible matches, highest first; visibility is decided lazily (it costs)."""
        key = atom.without_use()
        matches = self._matches.get(key)
        if matches is None:
            matches = self._matches[key] = tuple(reversed(self.tree.match(key)))
        for pkg in matches:
            seen = self._visible.get(pkg)
            if seen is None:
                seen = self._visible[pkg] = self.config.visible(pkg)
            if seen:
                yield pkg

    def use(self, pkg) -> frozenset[str]:
        """The flags ``pkg``'s dependency conditionals see (effective USE)."""
        found = self._use.get(pkg)
        if found is None:
            found = self._use[pkg] = frozenset(self.config.effective_use(pkg))
        return found

    def iuse(self, pkg) -> frozenset[str]:
        """IUSE_EFFECTIVE of ``pkg``."""
        return self.config.iuse_effective(pkg)

    def node_use(self, pkg) -> tuple[frozenset[str], frozenset[str]]:
        """``(enabled, disabled)`` flags of ``pkg``'s IUSE (what emerge shows as USE)."""
        iuse = frozenset(pkg.iuse)
        enabled = self.use(pkg) & iuse
        return enabled, iuse - enabled

    def meets(self, atom: Atom, pkg, parent_use: frozenset[str]) -> bool:
        """Does ``pkg`` meet ``atom``'s USE dependencies (``parent_use`` for ``a?``)?"""
        if not atom.use_deps:
            return True
        return use_dep_ok(atom, self.use(pkg), self.iuse(pkg), parent_use)

    def could_meet(self, atom: Atom, pkg, parent_use: frozenset[str]) -> bool:
        """Could a ``package.use`` change make ``pkg`` meet ``atom``'s USE deps?"""
        if not atom.use_deps:
            return True
        fixed = self.config.use_force(pkg) | self.config.use_mask(pkg)
        return use_dep_ok(atom, self.use(pkg), self.iuse(pkg), parent_use, fixed)

    def best(self, atom: Atom, parent_use: frozenset[str]):
        """The highest visible package that meets the USE deps or could by a USE change
        (emerge then asks for that change), else the highest visible one, else None."""
        first = None
        for pkg in self._iter_visible(atom):
            if self.could_meet(atom, pkg, parent_use):
                return pkg
            first = first or pkg
        return first

    def why_not(self, atom: Atom) -> tuple[str, str, str]:
        """``(kind, message, fix)`` for an atom nothing visible satisfies."""
        plain = atom.without_use()
        if not self.tree.versions(atom.cp):
            return ("missing-package", f"no package {atom.cp} in any repository",
                    f"add {atom.cp} to a repository of the tree, or drop the dependency")
        matches = self.tree.match(plain)
        if not matches:
            have = " ".join(p.cpv for p in self.tree.versions(atom.cp))
            return ("no-match", f"no version matches (available: {have})",
                    "relax the version, slot or repository of the atom")
        best = matches[-1]
        reasons = self.config.mask_reasons(best)
        text = "; ".join(reasons)
        if len(reasons) == 1 and reasons[0].startswith("missing keyword"):
            arch = getattr(self.config.profile, "arch", "") or "ARCH"
            return ("missing-keyword", f"{best.cpv} is not keyworded for this profile: {text}",
                    f"add '={best.cpv} ~{arch}' to package.accept_keywords")
        return ("masked", f"{best.cpv} is masked: {text}", _unmask_fix(best.cpv, reasons))


_FIXES = (
    ("package.mask", "add '={cpv}' to package.unmask"),
    ("missing keyword", "add '={cpv} **' to package.accept_keywords"),
    ("license", "accept its license in ACCEPT_LICENSE (or package.license)"),
    ("profile", "the profile's packages file pins another version: change the atom"),
    ("EAPI", "the package needs an EAPI this tool does not know"),
    ("invalid", "fix the entry's metadata and regenerate the cache"),
)


def _unmask_fix(cpv: str, reasons) -> str:
    """One suggestion per mask reason, in the order the reasons were given."""
    fixes = [fix.format(cpv=cpv) for reason in reasons for head, fix in _FIXES
             if reason.startswith(head)]
    return "; ".join(dict.fromkeys(fixes)) or f"unmask {cpv}"
