"""What ``emerge --depclean --with-bdeps=y`` removes from a root.

catalyst ends stage 3 with it (``targets/support/chroot-functions.sh``,
``cleanup_stages``: ``stage3) run_merge --depclean --with-bdeps=y``, then the world file
is emptied), so stage 4 starts from what survives. Portage keeps every installed
package reachable from ``@world`` (stage 3 leaves its world file empty, as emerge never
records ``@system``: the set is ``world-candidate = False``) through the dependencies
of installed packages, evaluated with the USE each was built with, every class
(``--with-bdeps=y`` keeps build-time dependencies); the rest is removed.

:func:`depclean` walks that graph over the installed entries: an atom takes the highest
installed match that meets its USE dependencies; an any-of group the leftmost
alternative installed in full (else its leftmost alternative, which then fails); an atom
nothing installed satisfies stops ``emerge --depclean`` ("Dependencies could not be
completely resolved"), and is returned as a problem; one the profile's
``package.provided`` satisfies needs nothing.

>>> from bootorder.tree.repository import Repository, Tree
>>> from bootorder.plan.model import Installed
>>> tree = Tree([Repository.from_dict("r", {
...     "a/a-1": {"SLOT": "0", "EAPI": "8", "BDEPEND": "|| ( a/b a/c )"},
...     "a/b-1": {"SLOT": "0", "EAPI": "8"}, "a/c-1": {"SLOT": "0", "EAPI": "8"},
...     "a/d-1": {"SLOT": "0", "EAPI": "8"}})])
>>> held = [Installed(c) for c in ("a/a-1", "a/b-1", "a/c-1", "a/d-1")]
>>> depclean(tree, [("@system", "a/a")], held)
(('a/c-1', 'a/d-1'), ())
"""
from __future__ import annotations

from ..core.depclass import METADATA_KEYS
from ..core.errors import MetadataError
from ..core.problems import Problem, sorted_problems
from ..syntax.atom import Atom
from ..syntax.depspec import AllOf, AnyOf
from ..syntax.depwalk import alternatives, split_deps
from .state import installed_tree

__all__ = ["depclean"]


class _Walk:
    """The installed packages reachable from the required atoms."""

    def __init__(self, tree, entries, provided):
        self.installed = installed_tree(tree, entries)
        self.provided: dict[str, list[str]] = {}
        for cpv in provided:
            self.provided.setdefault(Atom.parse(f"={cpv}").cp, []).append(cpv)
        self.kept: set[str] = set()
        self.stack: list = []
        self.problems: list[Problem] = []

    def best(self, atom: Atom, parent_use):
        """The highest installed match meeting the USE dependencies, else None."""
        from ..resolver.candidates import use_dep_ok
        for pkg in reversed(self.installed.match(atom.without_use())):
            if use_dep_ok(atom, pkg.use, frozenset(pkg.iuse) | pkg.use, parent_use):
                return pkg
        return None

    def is_provided(self, atom: Atom) -> bool:
        return any(atom.matches(cpv) for cpv in self.provided.get(atom.cp, ()))

    def need(self, atom: Atom, parent) -> None:
        if self.is_provided(atom):
            return
        pkg = self.best(atom, parent.use if parent else frozenset())
        if pkg is None:
            self.problems.append(Problem(
                "depclean", parent.cpv if parent else None, str(atom),
                (parent.cpv,) if parent else (),
                "emerge --depclean stops: nothing installed satisfies it",
                "install it before the depclean"))
        elif pkg.cpv not in self.kept:
            self.kept.add(pkg.cpv)
            self.stack.append(pkg)

    def installed_in_full(self, node, use) -> bool:
        if isinstance(node, Atom):
            return self.is_provided(node) or self.best(node, use) is not None
        if isinstance(node, AnyOf):
            return any(self.installed_in_full(n, use) for n, _ in alternatives(node, use))
        plain, later = split_deps(node.children, use)
        return all(self.installed_in_full(n, use) for n, _ in plain + later)

    def walk(self, node, parent) -> None:
        """Require ``node`` (an atom, an any-of or all-of group) for ``parent``."""
        use = parent.use
        if isinstance(node, Atom):
            self.need(node, parent)
        elif isinstance(node, AnyOf):
            alts = [n for n, _ in alternatives(node, use)]
            if alts:
                self.walk(next((n for n in alts if self.installed_in_full(n, use)), alts[0]),
                          parent)
        else:
            plain, later = split_deps(node.children if isinstance(node, AllOf)
                                      else node, use)
            for child, _ in plain + later:
                self.walk(child, parent)

    def expand(self, pkg) -> None:
        for key in METADATA_KEYS:
            try:
                tree = pkg.deps(key)
            except MetadataError:
                continue
            if tree is not None:
                self.walk(AllOf(tree.children), pkg)


def depclean(tree, targets, entries, provided=()
             ) -> tuple[tuple[str, ...], tuple[Problem, ...]]:
    """``(removed cpvs, problems)`` of ``emerge --depclean --with-bdeps=y`` on a root
    holding ``entries`` (:class:`~bootorder.plan.model.Installed`), ``targets`` the
    ``(label, atom text)`` pairs of the required sets, ``provided`` the profile's
    ``package.provided`` cpvs (see the module docstring)."""
    walk = _Walk(tree, entries, provided)
    for _, text in targets:
        walk.need(Atom.parse(str(text)), None)
    while walk.stack:
        walk.expand(walk.stack.pop())
    removed = tuple(sorted(e.cpv for e in entries if e.cpv not in walk.kept))
    return removed, sorted_problems(walk.problems)
