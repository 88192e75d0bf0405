"""emerge's ``circular_dependency`` map in the resolver's any-of choices (a mixin of its
walk, :mod:`bootorder.resolver.resolution`): an alternative that would close a cycle
through the dependent is taken last, as ``dep_zapdeps`` does after emerge's restart
(:mod:`bootorder.order.backtrack`).

>>> CircularMap.__name__
'CircularMap'
"""
from __future__ import annotations

from ..graph.depgraph import NodeKey
from ..syntax.atom import Atom
from ..syntax.version import cp_of
from .candidates import use_dep_ok

__all__ = ["CircularMap"]


class CircularMap:
    """The walk provides ``circular`` (the map), ``circular_pkgs`` (a cache), ``cand``,
    ``cands``, ``_installed(atom, root)`` and ``_use(key, pkg)``."""

    def _circular(self, atom: Atom, use, root: str, parent: NodeKey) -> bool:
        """Would ``atom`` (in ``root``) close a cycle through ``parent`` (``dep_zapdeps``):
        not installed there, and matching a package of ``parent``'s circular map?"""
        return not self._installed(atom, root) and \
            any(self._matches(atom, use, k, p) for k, p in self._circular_pkgs(parent))

    def _matches(self, atom: Atom, parent_use, key: NodeKey, pkg) -> bool:
        return atom.cp == pkg.cp and atom.matches(pkg.cpv, pkg.slot, pkg.subslot, pkg.repo) \
            and (not atom.use_deps or use_dep_ok(atom, self._use(key, pkg),
                                                 self.cands[key.root].iuse(pkg), parent_use))

    def _circular_pkgs(self, parent: NodeKey) -> list:
        found = self.circular_pkgs.get(parent)
        if found is None:
            found = self.circular_pkgs[parent] = [
                (k, p) for k in sorted(self.circular.get(parent, ()))
                for p in self.cand.tree.versions(cp_of(k.cpv)) if p.cpv == k.cpv]
        return found
