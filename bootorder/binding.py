"""The edges that bind a build by emerge's rule, and the packages whose bootstrap copies
break every hard cycle of them.

:mod:`bootorder.bootstrap` first breaks the cycles of build edges only (an exact
feedback vertex set). :mod:`bootorder.priority` (and :func:`bootorder.order.build_order`)
call more cycles hard: a package used at build time must have its unsatisfied runtime
dependencies first, so ``xz-utils DEPEND virtual/libc``, ``virtual/libc RDEPEND glibc``,
``glibc BDEPEND xz-utils`` is a hard cycle too. :func:`binding_graph` holds those edges;
:func:`runtime_feedback` adds the fewest packages whose bootstrap copies (which take
over the build edges into them, never a runtime edge) break the rest.

>>> sub = nx.DiGraph()
>>> sub.add_edge("a", "b", build=True, rest=False, rest_hard=False)
>>> sub.add_edge("b", "c", build=False, rest=True, rest_hard=False)
>>> sub.add_edge("c", "a", build=True, rest=False, rest_hard=False)
>>> runtime_feedback(sub, [], lambda nodes: sorted(nodes))
(('a',), True, 1)
"""
from __future__ import annotations

from typing import Callable

import networkx as nx

from .feedback import DEFAULT_BUDGET, minimum_feedback_vertex_set
from .graph import BUILD_CLASSES, DepGraph, Edge, NodeKey
from .priority import scheduled_edges


def hard_build_edge(graph: DepGraph, e: Edge, breakable) -> bool:
    """A build edge to a package not installed that ``breakable`` does not excuse."""
    return (e.cls in BUILD_CLASSES and not graph.node(e.dep)["installed"]
            and not breakable(graph, e))


def binding_graph(graph: DepGraph, breakable: Callable[[DepGraph, Edge], bool]) -> nx.DiGraph:
    """The simple digraph of the edges that bind a build, as :mod:`bootorder.priority`
    says, that ``breakable`` does not excuse.

    Hard build edges (:func:`hard_build_edge`) and every other *strong* edge of
    :func:`bootorder.priority.scheduled_edges` (an unsatisfied runtime edge of a package
    outside the cross root: a package used at build time needs its runtime
    dependencies). Each pair says ``build`` (a hard build edge, which a bootstrap copy
    can take over), ``rest`` (another strong edge, never redirected) and ``rest_hard``
    (a hard one among those). A cycle of it is hard, for
    :func:`bootorder.order.build_order` too, when it holds a ``build`` or ``rest_hard``
    pair.

    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    >>> g.add_dep(a, b, "DEPEND", atom="x/b"); g.add_dep(b, a, "RDEPEND", atom="x/a")
    >>> never = lambda graph, edge: False
    >>> sorted((u.cpv, d["build"], d["rest"]) for u, _, d in binding_graph(g, never).edges(data=True))
    [('x/a-1', True, False), ('x/b-1', False, True)]
    """
    result = nx.DiGraph()
    result.add_nodes_from(graph.nodes())

    def mark(e: Edge, **flags) -> None:
        data = result.get_edge_data(e.source, e.dep) or {"build": False, "rest": False,
                                                        "rest_hard": False}
        result.add_edge(e.source, e.dep, **{k: data[k] or flags.get(k, False) for k in data})
    for e in graph.edges():
        if hard_build_edge(graph, e, breakable):
            mark(e, build=True)
    for e, p in scheduled_edges(graph):
        if e.cls not in BUILD_CLASSES and p.strong and not breakable(graph, e):
            mark(e, rest=True, rest_hard=p.hard)
    return result


def hard_components(binding: nx.DiGraph) -> list[tuple[NodeKey, ...]]:
    """The cyclic components of a :func:`binding_graph` that hold a hard pair (sorted)."""
    return [c for c in cyclic_components(binding) if _holds_hard(binding, c)]


def _holds_hard(binding: nx.DiGraph, comp) -> bool:
    members = set(comp)
    return any(d["build"] or d["rest_hard"]
               for _, _, d in binding.subgraph(members).edges(data=True))


def runtime_feedback(sub: nx.DiGraph, fvs, prefer: Callable[[frozenset], tuple],
                     budget: int = DEFAULT_BUDGET) -> tuple[tuple, bool, int]:
    """More packages to pre-build so that no hard cycle of ``sub`` holds a build edge.

    ``fvs`` (the exact sets of the build-only cycles) takes over every build edge into
    its members; hard cycles through runtime edges may remain. A bootstrap copy of
    ``w`` takes over the build edges into ``w``, so the answer is a minimum feedback
    vertex set (:func:`bootorder.feedback.minimum_feedback_vertex_set`, exact within
    ``budget``) of the :func:`entry_graph`. Returns ``(nodes, exact, lower_bound)``
    like it. Hard cycles without a build edge (``:=`` runtime edges) are left: no
    bootstrap copy breaks them.
    """
    return minimum_feedback_vertex_set(entry_graph(without_build_into(sub, fvs)),
                                       prefer, budget)


def entry_graph(sub: nx.DiGraph) -> nx.DiGraph:
    """``w -> x`` when ``w`` reaches, by runtime (``rest``) pairs only, a package with a
    build pair to ``x``: its cycles are the cycles of ``sub`` that hold a build pair,
    cut at the build pairs, so removing ``w`` is taking over the build edges into ``w``.

    >>> sub = nx.DiGraph()
    >>> sub.add_edge("a", "b", build=True, rest=False, rest_hard=False)
    >>> sub.add_edge("b", "c", build=False, rest=True, rest_hard=False)
    >>> sub.add_edge("c", "a", build=True, rest=False, rest_hard=False)
    >>> sorted(entry_graph(sub).edges)
    [('a', 'b'), ('b', 'a')]
    """
    runtime = nx.DiGraph([(u, v) for u, v, d in sub.edges(data=True) if d["rest"]])
    result = nx.DiGraph()
    result.add_nodes_from(sorted({v for _, v, d in sub.edges(data=True) if d["build"]}))
    for w in list(result):
        reach = nx.descendants(runtime, w) if w in runtime else set()
        for u in sorted(reach | {w}):
            result.add_edges_from((w, x) for x in sub.successors(u) if sub.edges[u, x]["build"])
    return result


def without_build_into(sub: nx.DiGraph, nodes) -> nx.DiGraph:
    """``sub`` with the build edges into ``nodes`` taken over by bootstrap copies."""
    result = nx.DiGraph(sub)
    for v in nodes:
        for u in list(result.predecessors(v)):
            d = result.edges[u, v]
            if not d["build"]:
                continue
            if d["rest"]:
                result.add_edge(u, v, build=False)
            else:
                result.remove_edge(u, v)
    return result


def cyclic_components(hard: nx.DiGraph) -> list[tuple[NodeKey, ...]]:
    """The strongly connected components that contain a cycle, each sorted, sorted."""
    comps = [tuple(sorted(c)) for c in nx.strongly_connected_components(hard)]
    return sorted(c for c in comps if len(c) > 1 or hard.has_edge(c[0], c[0]))
