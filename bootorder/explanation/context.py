"""The cycles a package is in, how the build order breaks them, and where it is built.

Used by :func:`bootorder.explanation.paths.explain`; built on :mod:`bootorder.order.cycles` (edge
priorities, portage's labels) and :mod:`bootorder.order.schedule` (the build order and the
edges it ignores).

A cycle through ``key`` is a simple path ``key -> ... -> key`` over the edges between
packages that are built (installed packages never take part). Cycles come shortest
first, at most ``max_cycles`` of at most ``max_length`` packages; between two packages
the hardest edge is shown (as emerge does). ``broken_by`` lists the edges of the cycle
that the build order ignores, with portage's reason; a hard cycle (nothing ignorable)
says so.

>>> from bootorder.graph.depgraph import DepGraph
>>> from bootorder.order.schedule import build_order
>>> g = DepGraph()
>>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
>>> g.add_dep(a, b, "DEPEND", atom="x/b"); g.add_dep(b, a, "PDEPEND", atom="x/a")
>>> [c["broken_by"] for c in cycles_through(g, a, build_order(g))]
[['x/b-1 -> x/a-1 (PDEPEND x/a): PDEPEND']]
"""
from __future__ import annotations

from itertools import islice

import networkx as nx

from ..graph.depgraph import DepGraph, NodeKey

DEFAULT_MAX_CYCLES = 20
"""Cycles listed per package."""

DEFAULT_MAX_LENGTH = 8
"""Longest cycle listed (packages)."""

_BACK = NodeKey("\uffff", "")  # stands for ``key`` as the end of a cycle


class EdgePairs:
    """The edges between built packages, by ``(dependent, dependency)``, with their
    portage priorities computed only for the pairs asked about (a cycle's).

    Installed packages never take part (as in :func:`bootorder.order.cycles.scheduled_edges`);
    self-dependencies are left out (a cycle here has two packages at least).
    """

    def __init__(self, graph: DepGraph) -> None:
        self.graph = graph
        built = {k for k in graph.nodes() if not graph.node(k)["installed"]}
        self.edges: dict[tuple[NodeKey, NodeKey], list] = {}
        for e in graph.edges():
            if e.source in built and e.dep in built and e.source != e.dep:
                self.edges.setdefault((e.source, e.dep), []).append(e)
        self._priced: dict[tuple[NodeKey, NodeKey], list] = {}

    def priced(self, pair: tuple[NodeKey, NodeKey]) -> list:
        """``[(edge, priority), ...]`` of one pair."""
        if pair not in self._priced:
            from ..order.priority import edge_priority
            self._priced[pair] = [(e, edge_priority(self.graph, e)) for e in self.edges[pair]]
        return self._priced[pair]


def edge_pairs(graph: DepGraph) -> EdgePairs:
    """The :class:`EdgePairs` of ``graph``: make it once, pass it to
    :func:`cycles_through` for several packages."""
    return EdgePairs(graph)


def cycles_through(graph: DepGraph, key: NodeKey, order=None, *,
                   max_cycles: int = DEFAULT_MAX_CYCLES,
                   max_length: int = DEFAULT_MAX_LENGTH, pairs=None) -> list[dict]:
    """The cycles through ``key`` (JSON-ready), shortest first.

    Each: ``{"packages": [cpv, ...], "roots": [...], "hard": bool, "edges": [edge json +
    "priority"], "broken_by": [text]}``; ``order`` (a :class:`BuildOrder`) supplies the
    ignored edges, else ``broken_by`` names the edges portage would ignore first.
    Among cycles of one length, hard ones come first.

    Notes
    -----
    Yen's shortest simple paths on the strongly connected component of ``key``:
    O(k V (V + E)) for k cycles.
    """
    pairs = edge_pairs(graph) if pairs is None else pairs
    simple = nx.DiGraph()
    simple.add_edges_from(sorted(pairs.edges))
    if key not in simple:
        return []
    comp = _component(simple, key)
    loop = nx.DiGraph()
    for u, v in sorted(simple.subgraph(comp).edges()):
        loop.add_edge(u, _BACK if v == key else v)
    if _BACK not in loop:
        return []
    ignored = _ignored_pairs(order)
    found = []
    for nodes in islice(nx.shortest_simple_paths(loop, key, _BACK), 10 * max_cycles):
        if len(nodes) - 1 > max_length:
            break
        found.append(_cycle_json(nodes[:-1] + [key], pairs, ignored))
        if len(found) == max_cycles:
            break
    return sorted(found, key=lambda c: (len(c["edges"]), not c["hard"], c["packages"],
                                        c["roots"]))


def _component(simple: nx.DiGraph, key: NodeKey) -> set[NodeKey]:
    down = nx.descendants(simple, key) | {key}
    up = nx.ancestors(simple, key) | {key}
    return down & up


def _ignored_pairs(order) -> dict[tuple[NodeKey, NodeKey], list]:
    out: dict[tuple[NodeKey, NodeKey], list] = {}
    for item in (order.ignored if order is not None else ()):
        out.setdefault((item.edge.source, item.edge.dep), []).append(item)
    return out


def _cycle_json(nodes: list[NodeKey], pairs, ignored) -> dict:
    edges, broken = [], []
    for u, v in zip(nodes, nodes[1:]):
        edge, prio = min(pairs.priced((u, v)),
                         key=lambda p: (-p[1].hardness, p[0].sort_key()))
        edges.append({**edge.to_json(), "priority": prio.label, "hard": prio.hard})
        for item in ignored.get((u, v), ()):
            broken.append(_broken_text(item.edge, item.reason))
    hard = all(e["hard"] for e in edges)
    if not ignored and not hard:
        broken = _first_ignorable(nodes, pairs)
    return {"packages": [k.cpv for k in nodes], "roots": [k.root for k in nodes],
            "hard": hard, "edges": edges,
            "broken_by": broken or ["nothing: a hard cycle (a change must break it)"]}


def _broken_text(edge, reason: str) -> str:
    implicit = ", implicit" if edge.implicit else ""
    return f"{edge.source.cpv} -> {edge.dep.cpv} ({edge.cls} {edge.atom}{implicit}): {reason}"


def _first_ignorable(nodes: list[NodeKey], pairs) -> list[str]:
    """Without a build order: the edges of the cycle portage would ignore first."""
    cands = [(p.ignore_level, e) for u, v in zip(nodes, nodes[1:])
             for e, p in pairs.priced((u, v)) if p.ignore_level is not None]
    if not cands:
        return []
    level = min(lv for lv, _ in cands)
    from ..order.priority import IGNORE_LEVELS
    return [_broken_text(e, IGNORE_LEVELS[level][0]) for lv, e in sorted(
        cands, key=lambda c: (c[0], c[1].sort_key())) if lv == level]


def build_positions(graph: DepGraph, keys, order) -> list[dict]:
    """Where each of ``keys`` is built in ``order`` (1-based position and wave).

    Installed packages are not built: ``{"position": None, "installed": True}``.
    """
    index = {k: i for i, k in enumerate(order.order, 1)}
    wave = {k: w for w, keys_ in enumerate(order.waves, 1) for k in keys_}
    out = []
    for k in keys:
        out.append({"cpv": k.cpv, "root": k.root, "position": index.get(k),
                    "of": len(order.order), "wave": wave.get(k),
                    "waves": len(order.waves),
                    "installed": bool(graph.node(k)["installed"])})
    return out
