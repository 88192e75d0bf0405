"""Questions asked of a :class:`~bootorder.graph.depgraph.DepGraph`: which nodes a
name or atom means, and breadth-first search trees from a set of nodes.

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph(); _ = g.add_package("sys-devel/gcc-15.2.0", "host")
>>> match_instances(g, ">=sys-devel/gcc-15")
[NodeKey(cpv='sys-devel/gcc-15.2.0', root='host')]
"""
from __future__ import annotations

from typing import Iterable

from ..core.errors import BootorderError
from ..syntax.atom import Atom
from .depgraph import DepGraph, NodeKey

__all__ = ["AmbiguousPackageError", "match_instances", "bfs_parents", "trace"]


class AmbiguousPackageError(BootorderError):
    """The name given to :func:`explain` matches several packages (give a category)."""


def match_instances(graph: DepGraph, pkg: str) -> list[NodeKey]:
    """The nodes ``pkg`` names: a cpv, ``cat/pkg``, a bare name, or an atom.

    Raises :class:`AmbiguousPackageError` when a bare name matches packages of
    several categories and :class:`bootorder.syntax.atom.InvalidAtom` for a malformed atom;
    returns ``[]`` when nothing matches.

    >>> g = DepGraph(); _ = g.add_package("sys-devel/gcc-15.2.0", "host")
    >>> match_instances(g, "sys-devel/gcc")
    [NodeKey(cpv='sys-devel/gcc-15.2.0', root='host')]
    """
    found = graph.find(pkg)
    if not found and _looks_like_atom(pkg):
        found = _match_atom(graph, pkg)
    cps = sorted({graph.node(k)["cp"] for k in found})
    if len(cps) > 1:
        raise AmbiguousPackageError(
            f"{pkg!r} is ambiguous: it names {', '.join(cps)}; give the category")
    return found


def _looks_like_atom(text: str) -> bool:
    return "/" in text and (text[:1] in "<>=~!" or ":" in text or "[" in text)


def _match_atom(graph: DepGraph, text: str) -> list[NodeKey]:
    atom = Atom.parse(text)  # InvalidAtom (a BootorderError) names what is wrong
    return sorted(k for k, d in graph.nx.nodes(data=True)
                  if atom.matches(k.cpv, slot=d["slot"], subslot=d["subslot"],
                                  repo=d["repo"]))


def bfs_parents(graph: DepGraph, starts: Iterable[NodeKey], avoid: NodeKey | None = None,
                reverse: bool = False) -> dict[NodeKey, NodeKey | None]:
    """Breadth-first search parents from ``starts`` (``None`` for a start), never
    entering ``avoid``. Each node's parent is the smallest node of the previous level
    that reaches it, so the tree does not depend on insertion order.

    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "target"), g.add_package("x/b-1", "target")
    >>> g.add_dep(a, b, "RDEPEND", atom="x/b")
    >>> bfs_parents(g, [a])[b].cpv
    'x/a-1'
    """
    nbrs = graph.nx.predecessors if reverse else graph.nx.successors
    parent: dict[NodeKey, NodeKey | None] = {s: None for s in sorted(starts) if s != avoid}
    level = sorted(parent)
    while level:
        nxt: dict[NodeKey, NodeKey] = {}
        for u in level:
            for v in nbrs(u):
                if v != avoid and v not in parent and (v not in nxt or u < nxt[v]):
                    nxt[v] = u
        parent.update(nxt)
        level = sorted(nxt)
    return parent


def trace(parent: dict[NodeKey, NodeKey | None], node: NodeKey) -> list[NodeKey]:
    nodes = [node]
    while parent[nodes[-1]] is not None:
        nodes.append(parent[nodes[-1]])
    return nodes[::-1]
