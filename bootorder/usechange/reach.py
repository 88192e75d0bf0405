"""What a set of USE flips stops pulling in: reachability computed once, updated per flips.

A package is *pulled in* when it is reachable from the roots (the targets, else the
packages nothing depends on) over the graph's edges. Flips remove edges: those leaving
a built instance of the flipped package whose USE conditionals the flip makes false
(:func:`bootorder.usechange.suggestion.edge_removed`). :class:`PulledIn` finds the
reachable set once; :meth:`PulledIn.dropped` then looks only below the removed edges:

- a package whose path in the search tree of the reachable set (the node each one was
  first reached from) takes no removed link (one whose every edge is removed) keeps
  that path, so it stays pulled in;
- each of the others (the *candidates*) stays pulled in exactly when it is a root or
  is reached, over edges not removed, from a package that stays or from a candidate
  that does; one search from those entry points decides them all.

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph()
>>> a = g.add_package("x/a-1", "target", use=frozenset({"nls"}), target=True)
>>> b, c = g.add_package("x/b-1", "target"), g.add_package("x/c-1", "target")
>>> g.add_dep(a, b, "DEPEND", atom="x/b", use=("nls",)); g.add_dep(b, c, "DEPEND", atom="x/c")
>>> sorted(k.cpv for k in PulledIn(g, [a]).dropped({UseChange("x/a-1", "nls", False)}))
['x/b-1', 'x/c-1']
"""
from __future__ import annotations

from typing import Iterable

from ..core.usechange import UseChange
from ..graph.depgraph import DepGraph, NodeKey

__all__ = ["PulledIn"]


class PulledIn:
    """The packages reachable from ``roots`` in ``graph``, and what flips take away.

    Notes
    -----
    Construction: O(V + E). :meth:`dropped`: linear in the part of the graph below the
    removed links of the search tree, not in the whole graph.
    """

    def __init__(self, graph: DepGraph, roots: Iterable[NodeKey]):
        self.graph = graph
        self.roots = frozenset(roots)
        self._parent: dict[NodeKey, NodeKey] = {}
        self.reached = frozenset(self._search(self.roots, parent=self._parent))
        self._children: dict[NodeKey, list[NodeKey]] = {}
        for child, parent in self._parent.items():
            self._children.setdefault(parent, []).append(child)
        self._instances: dict[str, list[NodeKey]] = {}
        for key in graph.nx:
            self._instances.setdefault(key.cpv, []).append(key)

    def _search(self, starts, gone=frozenset(), within=None, parent=None) -> set[NodeKey]:
        """Nodes reached from ``starts`` over edges not in ``gone``, inside ``within``
        when given; ``parent``: filled with the node each other one was reached from."""
        seen = set(starts)
        stack = list(seen)
        while stack:
            node = stack.pop()
            for dep, keyed in self.graph.out_raw(node).items():
                if dep in seen or (within is not None and dep not in within):
                    continue
                if gone and all((node, dep, key) in gone for key in keyed):
                    continue
                seen.add(dep)
                stack.append(dep)
                if parent is not None:
                    parent[dep] = node
        return seen

    def removed(self, flips: frozenset[UseChange] | set[UseChange]
                ) -> set[tuple[NodeKey, NodeKey, int]]:
        """``(source, dep, key)`` of the edges the flips remove below the roots (an
        installed package's edges stay: its USE is recorded)."""
        gone = set()
        for cpv in {f.package for f in flips}:
            for source in self._instances.get(cpv, ()):
                if source not in self.reached or self.graph.node(source)["installed"]:
                    continue
                for dep, keyed in self.graph.out_raw(source).items():
                    for key, data in keyed.items():
                        if any(_flip(cpv, lit) in flips for lit in data["use"]):
                            gone.add((source, dep, key))
        return gone

    def dropped(self, flips: frozenset[UseChange] | set[UseChange]) -> set[NodeKey]:
        """The packages pulled in now that ``flips`` no longer pulls in."""
        gone = self.removed(flips)
        if not gone:
            return set()
        candidates = self._below(gone)
        entries = {c for c in candidates if any(
            source not in candidates and source in self.reached
            and any((source, c, key) not in gone for key in keyed)
            for source, keyed in self.graph.in_raw(c).items())}
        return candidates - self._search(entries, gone, within=candidates)

    def _below(self, gone: set[tuple[NodeKey, NodeKey, int]]) -> set[NodeKey]:
        """The nodes whose path in the search tree of :attr:`reached` takes a link every
        edge of which is ``gone``: every other node keeps that path."""
        cut = [dep for source, dep, _ in gone if self._parent.get(dep) == source
               and all((source, dep, key) in gone for key in self.graph.out_raw(source)[dep])]
        found = set(cut)
        stack = list(found)
        while stack:
            for child in self._children.get(stack.pop(), ()):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found


def _flip(cpv: str, literal: str) -> UseChange:
    """The flip that makes a true USE literal false (``"nls"`` -> ``-nls``)."""
    return UseChange(cpv, literal.lstrip("!"), literal.startswith("!"))
