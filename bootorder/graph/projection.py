"""A DepGraph seen by package name: every edge resolved through virtuals to a concrete package.

Questions about a new root (the toolchain order) do not care in which root the
resolver put an instance; they need ``cat/pkg -> cat/pkg`` dependencies, with virtuals
replaced by the packages they resolve to (``virtual/os-headers`` -> linux-headers).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.depclass import NAMES
from ..syntax.atom import cp_of_atom
from .depgraph import DepGraph, Edge, NodeKey


def edge_key(e: Edge) -> tuple:
    """A sort key of an edge by its content only (never the insertion-order key)."""
    return (e.source, e.dep, NAMES.index(e.cls), e.atom, e.use, e.implicit,
            e.any_of or (), e.not_taken, e.slot_operator or "")


@dataclass(frozen=True, slots=True)
class Link:
    """One dependency between two concrete packages, through virtuals if any."""

    source: str
    dep: str
    edge: Edge
    via: tuple[str, ...]

    def text(self) -> str:
        how = "implicit " if self.edge.implicit else ""
        named = self.via and cp_of_atom(self.edge.atom) == self.via[0]
        shown = self.via[1:] if named else self.via
        via = f" via {' → '.join(shown)}" if shown else ""
        return f"{how}{self.edge.cls} {self.edge.atom}{via}"


def concrete_links(graph: DepGraph) -> list[Link]:
    """Every edge from a concrete package, resolved through virtuals to concrete ones.

    >>> g = DepGraph()
    >>> a = g.add_package("sys-libs/glibc-2.42", "target")
    >>> v = g.add_package("virtual/os-headers-0", "target")
    >>> h = g.add_package("sys-kernel/linux-headers-6.12", "target")
    >>> g.add_dep(a, v, "DEPEND", atom="virtual/os-headers")
    >>> g.add_dep(v, h, "RDEPEND", atom="sys-kernel/linux-headers:0")
    >>> [(l.source, l.dep, l.via) for l in concrete_links(g)]
    [('sys-libs/glibc', 'sys-kernel/linux-headers', ('virtual/os-headers',))]
    """
    links = []
    for node in graph.nodes():
        if is_virtual(graph, node):
            continue
        for e in graph.edges(node):
            for dep, via in through_virtuals(graph, e.dep, ()):
                links.append(Link(cp_of_node(graph, node), cp_of_node(graph, dep), e, via))
    return sorted(set(links), key=lambda l: (l.source, l.dep, edge_key(l.edge), l.via))


def through_virtuals(graph: DepGraph, node: NodeKey, via: tuple = ()) -> list:
    """``[(concrete node, virtuals crossed)]`` that ``node`` stands for (itself if concrete)."""
    out = []
    stack = [(node, via)]  # a stack, not recursion: a chain of virtuals may be long
    while stack:
        node, via = stack.pop()
        if not is_virtual(graph, node):
            out.append((node, via))
        elif cp_of_node(graph, node) not in via:
            crossed = via + (cp_of_node(graph, node),)
            stack.extend((e.dep, crossed) for e in reversed(list(graph.edges(node))))
    return out


def is_virtual(graph: DepGraph, node: NodeKey) -> bool:
    """Whether ``node`` is a ``virtual/*`` package."""
    return cp_of_node(graph, node).startswith("virtual/")


def cp_of_node(graph: DepGraph, node: NodeKey) -> str:
    """The ``cat/pkg`` of a node."""
    return graph.node(node)["cp"]


