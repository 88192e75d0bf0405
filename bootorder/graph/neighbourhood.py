"""Cut a large dependency graph down to a readable neighbourhood of one package.

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph()
>>> a, b, c, d = (g.add_package(f"cat/{n}-1", "target") for n in "abcd")
>>> g.add_dep(a, b, "DEPEND", atom="cat/b"); g.add_dep(b, c, "RDEPEND", atom="cat/c")
>>> g.add_dep(c, d, "RDEPEND", atom="cat/d")
>>> [k.cpv for k in around(g, "cat/b", 1).nodes()]
['cat/a-1', 'cat/b-1', 'cat/c-1']
>>> [k.cpv for k in around(g, "b", 2, direction="deps").nodes()]
['cat/b-1', 'cat/c-1', 'cat/d-1']
"""
from __future__ import annotations

from collections.abc import Iterable

from ..core.errors import ResolutionError
from .depgraph import DepGraph, NodeKey
from .choices import DIRECTIONS
from .queries import match_instances


def around(graph: DepGraph, pkg: str | NodeKey | Iterable[NodeKey], depth: int = 1, *,
           direction: str = "both") -> DepGraph:
    """The subgraph of the nodes within ``depth`` edges of ``pkg``.

    Parameters
    ----------
    graph
        The graph to cut (not changed).
    pkg
        A :class:`NodeKey`, several, or a name: cpv, ``cat/pkg``, package name or
        atom (:func:`bootorder.graph.queries.match_instances`; every root it is in is a
        centre).
    depth
        How many edges away from a centre a node may be (0: the centres only).
    direction
        One of :data:`DIRECTIONS`: follow edges to dependencies, to dependents, or both.

    Returns
    -------
    DepGraph
        A new graph with those nodes and every edge among them (attributes kept;
        ``problems`` kept when the graph has them).

    Raises
    ------
    ResolutionError
        when ``pkg`` names no node of the graph, or ``depth``/``direction`` are invalid
        (an ambiguous bare name or a malformed atom raise their own
        :class:`~bootorder.core.errors.BootorderError`).

    Notes
    -----
    Breadth-first search: O(V + E) of the neighbourhood.
    """
    if depth < 0 or direction not in DIRECTIONS:
        raise ResolutionError(f"invalid neighbourhood: depth {depth}, direction {direction!r}")
    centres = _centres(graph, pkg)
    keep = _within(graph, centres, depth, direction)
    cut = DepGraph(graph.nx.subgraph(keep).copy())
    if hasattr(graph, "problems"):
        cut.problems = graph.problems
    return cut


def _centres(graph: DepGraph, pkg) -> list[NodeKey]:
    if isinstance(pkg, NodeKey):
        found = [pkg] if pkg in graph.nx else []
    elif isinstance(pkg, str):
        found = match_instances(graph, pkg)
    else:
        found = sorted(k for k in pkg if k in graph.nx)
    if not found:
        raise ResolutionError(f"{pkg!r} is not in the graph ({len(graph)} packages)")
    return found


def _within(graph: DepGraph, centres: list[NodeKey], depth: int, direction: str) -> set:
    seen = set(centres)
    frontier = list(centres)
    for _ in range(depth):
        step = []
        for node in frontier:
            for nxt in _neighbours(graph, node, direction):
                if nxt not in seen:
                    seen.add(nxt)
                    step.append(nxt)
        frontier = step
    return seen


def _neighbours(graph: DepGraph, node: NodeKey, direction: str):
    if direction in ("both", "deps"):
        yield from graph.nx.successors(node)
    if direction in ("both", "rdeps"):
        yield from graph.nx.predecessors(node)
