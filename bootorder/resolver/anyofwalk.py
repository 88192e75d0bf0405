"""The resolver's any-of choices: each group decided as portage's ``dep_zapdeps`` decides
it (:mod:`bootorder.resolver.anyof`), with emerge's ``circular_dependency`` map
(:mod:`bootorder.resolver.circular`), and what ``package.provided`` satisfies.

A mixin of :class:`bootorder.resolver.resolution._Resolver`, which provides ``cands``
(per root), ``provided`` (cp -> provided cpvs), ``host``, ``vdb``, ``circular``, ``pkg``,
``_use``, ``_deps``, ``_existing``, ``_peek``, ``_add_dep`` (an atom selected and its edge
added) and ``_note_choice`` (:class:`bootorder.resolver.restart.Rewind`).

>>> AnyOfWalk.__name__
'AnyOfWalk'
"""
from __future__ import annotations

from ..graph.depgraph import NodeKey
from ..syntax.atom import Atom
from ..syntax.depspec import AllOf, AnyOf
from ..syntax.depwalk import alternatives, split_deps
from .anyof import Alternative, choose

__all__ = ["AnyOfWalk"]


class AnyOfWalk:
    """Any-of groups decided and committed (see the module docstring)."""

    def _commit_group(self, key, cls, root, group: AnyOf, conds, use, item=None) -> None:
        """Decide an any-of group of package ``key`` and add its edges; ``item``: the
        deferred item it is (see :class:`bootorder.resolver.restart.Choice`)."""
        alts = alternatives(group, use)
        if not alts or any(self._is_provided(node, use) for node, _ in alts):
            return
        index = 0
        if len(alts) > 1:
            described = [self._describe(node, root, use, parent=key) for node, _ in alts]
            index = choose([d[0] for d in described])
            self._note_choice(key, root, described, index, item)
        texts = tuple(str(node) for node, _ in alts)
        node, inner = alts[index]
        info = (texts, texts[:index] + texts[index + 1:])
        self._commit(key, cls, root, node, conds + inner, use, info)

    def _commit(self, key, cls, root, node, conds, use, info) -> None:
        if isinstance(node, Atom):
            self._add_dep(key, cls, root, node, conds, any_of=info)
        elif isinstance(node, AnyOf):
            self._commit_group(key, cls, root, node, conds, use)
        else:
            plain, deferred = split_deps(node.children, use, conds)
            for atom, c in plain:
                self._add_dep(key, cls, root, atom, c, any_of=info)
            for child, c in deferred:
                self._commit(key, cls, root, child, c, use, info)

    def _describe(self, node, root: str, use, depth: int = 0,
                  parent: NodeKey | None = None) -> tuple[Alternative, list]:
        atoms = self._flatten(node, root, use, depth)
        circular = parent in self.circular and any(self._circular(a, u, root, parent)
                                                   for a, u in atoms)
        versions, available, use_ok, in_graph, installed = [], True, True, True, True
        for atom, parent_use in atoms:
            cand = self.cands[root]
            if cand.first_visible(atom) is None:
                available = use_ok = False
                continue
            best = cand.best(atom, parent_use)
            use_ok = use_ok and cand.meets(atom, best, parent_use)
            versions.append((atom.cp, best.version))
            if atom.category != "virtual":
                in_graph = in_graph and self._in_graph(atom, root)
                installed = installed and self._installed(atom, root)
        some = any(self._installed(a, root) for a, _ in atoms)
        return Alternative(available, use_ok, in_graph, installed, installed, some, some,
                           tuple(versions), circular), atoms

    def _flatten(self, node, root: str, use, depth: int) -> list:
        """The atoms an alternative pulls in, with the USE their conditionals saw."""
        if isinstance(node, Atom):
            out = [(node, use)]
            if node.category == "virtual" and depth < 8:
                out += self._virtual_atoms(node, root, use, depth)
            return out
        if isinstance(node, AnyOf):
            alts = alternatives(node, use)
            if not alts:
                return []
            described = [self._describe(n, root, use, depth + 1) for n, _ in alts]
            return described[choose([d[0] for d in described])][1]
        plain, deferred = split_deps(node.children, use)
        out = []
        for child, _ in plain + deferred:
            out += self._flatten(child, root, use, depth + 1)
        return out

    def _virtual_atoms(self, atom: Atom, root: str, use, depth: int) -> list:
        pkg = self._peek(atom, root, use)
        if pkg is None:
            return []
        vuse = self._use(NodeKey(pkg.cpv, root), pkg)
        tree = self._deps(NodeKey(pkg.cpv, root), pkg, "RDEPEND")
        return [] if tree is None else self._flatten(AllOf(tree.children), root, vuse, depth + 1)

    def _is_provided(self, node, use) -> bool:
        """Is ``node`` (an atom or an all-of group) satisfied by ``package.provided``?

        portage counts such atoms as installed everywhere: an any-of group with a
        provided alternative pulls in nothing."""
        if not self.provided:
            return False
        if isinstance(node, Atom):
            return any(node.matches(cpv) for cpv in self.provided.get(node.cp, ()))
        if isinstance(node, AnyOf):
            return any(self._is_provided(n, use) for n, _ in alternatives(node, use))
        plain, deferred = split_deps(node.children, use)
        return bool(plain or deferred) and \
            all(self._is_provided(n, use) for n, _ in plain + deferred)

    def _in_graph(self, atom: Atom, root: str) -> bool:
        return self._existing(atom, root) is not None

    def _installed(self, atom: Atom, root: str) -> bool:
        if root != "host":
            return False
        if self.host.kind == "seed":
            return self.cands[root].first_visible(atom) is not None
        return bool(self.vdb is not None and self.vdb.match(atom.without_use()))
