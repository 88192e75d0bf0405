"""Why is a package in the graph: the paths that pull it in, and what it needs.

:func:`explain` answers ``bootorder explain PKG`` over a resolved :class:`DepGraph`:

- ``paths``: chains of edges from a target to PKG (``reverse=False``) or from PKG
  down to what it needs (``reverse=True``). Each :class:`Step` is one edge of the
  graph (``from`` = dependent, ``to`` = dependency, the atom exactly as written in
  ``from``'s metadata under its class), so the steps of a path chain:
  ``path[i].dep == path[i + 1].source``.
- ``dependencies``: PKG's own dependencies under its USE (its out-edges).
- ``cycles`` and ``build``: the cycles PKG is in, how the build order breaks them, and
  where PKG is built (from :mod:`bootorder.order.cycles` and :mod:`bootorder.order.schedule`).
- ``absent``: when PKG is not in the graph, why (see :func:`bootorder.explanation.absent.why_not`).

Paths, by default: for every direct dependent of PKG, the shortest path from a
target to that dependent, then the edge into PKG — one path per way PKG is pulled
in, shortest first. With ``all_paths=True``: every simple path, shortest first,
bounded by ``max_paths`` (``truncated`` says more exist), like ``npm explain``.

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph()
>>> top = g.add_package("app-misc/top-1", "target", target=True)
>>> lib = g.add_package("dev-libs/lib-2", "target")
>>> g.add_dep(top, lib, "RDEPEND", atom=">=dev-libs/lib-1", use=("ssl",))
>>> e = explain(g, "lib")
>>> [[(s.source.cpv, s.dep.cpv, s.atom) for s in p] for p in e.paths]
[[('app-misc/top-1', 'dev-libs/lib-2', '>=dev-libs/lib-1')]]
>>> e.target
False
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from ..core.display import HtmlDisplay
from ..core.reporter import NULL_REPORTER, Reporter
from ..graph.depgraph import DepGraph, Edge, NodeKey
from ..graph.queries import bfs_parents, match_instances, trace
from .choices import DEFAULT_MAX_PATHS


@dataclass(frozen=True, slots=True)
class Step:
    """One edge of a path: ``source`` (dependent) needs ``dep`` through ``edge``.

    ``also`` holds the other edges between the same two package instances (e.g. the
    same atom in both DEPEND and BDEPEND), so nothing the graph knows is hidden.
    """

    edge: Edge
    also: tuple[Edge, ...] = ()

    @property
    def source(self) -> NodeKey:
        return self.edge.source

    @property
    def dep(self) -> NodeKey:
        return self.edge.dep

    @property
    def cls(self) -> str:
        return self.edge.cls

    @property
    def atom(self) -> str:
        return self.edge.atom

    def to_json(self) -> dict:
        """``{"from", "to", "class", "root", "use", "atom", "implicit", ...}``."""
        out = self.edge.to_json()
        out["any_of"] = list(self.edge.any_of) if self.edge.any_of is not None else None
        out["not_taken"] = list(self.edge.not_taken)
        out["also"] = [{k: e.to_json()[k] for k in ("class", "use", "atom", "implicit")}
                       for e in self.also]
        return out


Path = tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Instance:
    """One package instance matched by the query, with its attributes."""

    key: NodeKey
    slot: str | None
    subslot: str | None
    repo: str | None
    use: tuple[str, ...]
    use_disabled: tuple[str, ...]
    target: bool
    installed: bool
    synthetic: str | None

    def to_json(self) -> dict:
        return {"cpv": self.key.cpv, "root": self.key.root, "slot": self.slot,
                "subslot": self.subslot, "repo": self.repo, "use": list(self.use),
                "use_disabled": list(self.use_disabled), "target": self.target,
                "installed": self.installed, "synthetic": self.synthetic}


@dataclass(frozen=True, slots=True)
class Explanation(HtmlDisplay):
    """The answer of :func:`explain` (see the module docstring for each field).

    ``cycles``, ``build`` and ``absent`` are JSON-ready values (dicts/lists) so that
    other modules can fill them without this one knowing their types.
    """

    package: str
    instances: tuple[Instance, ...]
    reverse: bool
    all_paths: bool
    paths: tuple[Path, ...]
    truncated: bool
    dependencies: tuple[Step, ...]
    unreached: tuple[NodeKey, ...] = ()
    cycles: tuple[dict, ...] = ()
    build: tuple[dict, ...] = ()
    absent: dict | None = None

    @property
    def target(self) -> bool:
        """True when PKG (one of its instances) is itself a target."""
        return any(i.target for i in self.instances)

    @property
    def found(self) -> bool:
        return bool(self.instances)

    def to_json(self) -> dict:
        """The documented JSON shape (see ``bootorder explain --help``)."""
        return {
            "package": self.package,
            "found": self.found,
            "target": self.target,
            "reverse": self.reverse,
            "instances": [i.to_json() for i in self.instances],
            "paths": [[s.to_json() for s in p] for p in self.paths],
            "truncated": self.truncated,
            "unreached": [{"cpv": k.cpv, "root": k.root} for k in self.unreached],
            "dependencies": [s.to_json() for s in self.dependencies],
            "cycles": list(self.cycles),
            "build": list(self.build),
            "absent": self.absent,
        }


def explain(graph: DepGraph, pkg: str | NodeKey, *, all_paths: bool = False,
            reverse: bool = False, max_paths: int = DEFAULT_MAX_PATHS,
            config=None, order=None, context: bool = True,
            reporter: Reporter = NULL_REPORTER) -> Explanation:
    """Explain why ``pkg`` is in ``graph`` (or, with ``reverse``, what it needs).

    Parameters
    ----------
    graph : DepGraph
        A resolved graph; never modified.
    pkg : str or NodeKey
        A cpv, ``cat/pkg``, bare package name or atom (every instance it names, in
        both roots), or one :class:`NodeKey`.
    all_paths : bool
        Every simple path instead of one shortest path per direct dependent
        (reverse: per dependency reached).
    reverse : bool
        Paths start at ``pkg`` and go down to what it needs.
    max_paths : int
        Bound on the paths enumerated with ``all_paths``.
    config : bootorder.config.configuration.Config, optional
        Used only when ``pkg`` is not in the graph, to say why
        (:func:`bootorder.explanation.absent.why_not`).
    order : bootorder.order.schedule.BuildOrder, optional
        The graph's build order (computed when ``context`` and not given).
    context : bool
        Add the cycles through PKG and where it is built
        (:mod:`bootorder.explanation.context`).
    reporter : Reporter
        Passed to the build order (progress, edges dropped).

    Returns
    -------
    Explanation
        With no instances (``found`` False) when nothing in the graph matches;
        :func:`bootorder.explanation.absent.why_not` says why.

    Notes
    -----
    Default paths: one breadth-first search from the targets, O(V + E).
    ``all_paths``: Yen's k-shortest simple paths, O(k V (V + E)) for k paths.

    >>> g = DepGraph()
    >>> a = g.add_package("x/a-1", "target", target=True)
    >>> b = g.add_package("x/b-1", "target")
    >>> g.add_dep(a, b, "RDEPEND", atom="x/b")
    >>> [[s.dep.cpv for s in p] for p in explain(g, "x/a", reverse=True).paths]
    [['x/b-1']]
    """
    if isinstance(pkg, NodeKey):
        keys = [pkg] if pkg in graph.nx else []
        pkg = pkg.cpv
    else:
        keys = match_instances(graph, pkg)
    if not keys:
        from .absent import why_not
        return Explanation(pkg, (), reverse, all_paths, (), False, (),
                           absent=why_not(graph, pkg, config))
    instances = tuple(_instance(graph, k) for k in keys)
    if reverse:
        paths, truncated = _down_paths(graph, keys, all_paths, max_paths)
        unreached: tuple[NodeKey, ...] = ()
    else:
        paths, truncated, unreached = _up_paths(graph, keys, all_paths, max_paths)
    deps = tuple(step for k in keys for step in steps_between(graph, k))
    cycles, build = _context(graph, keys, order, reporter) if context else ((), ())
    return Explanation(pkg, instances, reverse, all_paths, paths, truncated, deps,
                       unreached, cycles, build)


def _context(graph: DepGraph, keys: list[NodeKey], order,
             reporter: Reporter) -> tuple[tuple, tuple]:
    from ..order.schedule import build_order
    from .context import build_positions, cycles_through, edge_pairs
    if order is None:
        order = build_order(graph, reporter=reporter)
    reporter.progress("explain", 0, len(keys))
    pairs = edge_pairs(graph)
    cycles = tuple(c for k in keys for c in cycles_through(graph, k, order, pairs=pairs))
    return cycles, tuple(build_positions(graph, keys, order))


def _instance(graph: DepGraph, key: NodeKey) -> Instance:
    d = graph.node(key)
    return Instance(key, d["slot"], d["subslot"], d["repo"], tuple(sorted(d["use"])),
                    tuple(sorted(d["use_disabled"])), bool(d["target"]),
                    bool(d["installed"]), d["synthetic"])


def steps_between(graph: DepGraph, source: NodeKey,
                  dep: NodeKey | None = None) -> list[Step]:
    """The steps leaving ``source`` (to ``dep`` only, when given): one per dependency,
    parallel edges folded into ``also``. Sorted by dependency.
    """
    by_dep: dict[NodeKey, list[Edge]] = {}
    for edge in graph.edges(source):
        if dep is None or edge.dep == dep:
            by_dep.setdefault(edge.dep, []).append(edge)
    return [Step(es[0], tuple(es[1:])) for _, es in sorted(by_dep.items())]


def _step(graph: DepGraph, source: NodeKey, dep: NodeKey) -> Step:
    return steps_between(graph, source, dep)[0]


def _path(graph: DepGraph, nodes: list[NodeKey]) -> Path:
    return tuple(_step(graph, u, v) for u, v in zip(nodes, nodes[1:]))


def _path_key(path: Path) -> tuple:
    """Shortest first; among equals, fewer implicit steps first, then by packages."""
    return (len(path), sum(s.edge.implicit for s in path), [(s.source, s.dep) for s in path])


# ---- upward: from the targets to PKG -------------------------------------------------

def _up_paths(graph: DepGraph, keys: list[NodeKey], all_paths: bool,
              max_paths: int) -> tuple[tuple[Path, ...], bool, tuple[NodeKey, ...]]:
    paths: list[Path] = []
    truncated = False
    unreached: list[NodeKey] = []
    for key in keys:
        if all_paths:
            found, more = _all_up(graph, key, max_paths - len(paths))
            paths += found
            truncated |= more
        else:
            found, missed = _shortest_up(graph, key)
            paths += found
            unreached += missed
    return tuple(sorted(paths, key=_path_key)), truncated, tuple(sorted(unreached))


def _shortest_up(graph: DepGraph, key: NodeKey) -> tuple[list[Path], list[NodeKey]]:
    """One shortest path per direct dependent of ``key``; dependents no target reaches."""
    parent = bfs_parents(graph, graph.targets(), avoid=key)
    paths, missed = [], []
    for dependent in sorted({e.source for e in graph.in_edges(key)} - {key}):
        if dependent not in parent:
            missed.append(dependent)
            continue
        nodes = trace(parent, dependent) + [key]
        paths.append(_path(graph, nodes))
    return paths, missed


_SOURCE = NodeKey("", "")  # the virtual source before every target (sorts first)


def _all_up(graph: DepGraph, key: NodeKey, limit: int) -> tuple[list[Path], bool]:
    """Up to ``limit`` simple paths target -> ... -> key, shortest first."""
    import networkx as nx

    simple = _simple_digraph(graph)
    simple.add_node(_SOURCE)
    for t in graph.targets():
        if t != key:
            simple.add_edge(_SOURCE, t)
    if limit <= 0:
        return [], True
    paths: list[Path] = []
    try:
        for nodes in nx.shortest_simple_paths(simple, _SOURCE, key):
            if len(paths) == limit:
                return paths, True
            paths.append(_path(graph, nodes[1:]))
    except nx.NetworkXNoPath:
        pass
    return paths, False


def _simple_digraph(graph: DepGraph):
    """A plain DiGraph with the same reachability, built in sorted order."""
    import networkx as nx

    simple = nx.DiGraph()
    simple.add_nodes_from(graph.nodes())
    simple.add_edges_from(sorted({(u, v) for u, v in graph.nx.edges()}))
    return simple


# ---- downward: from PKG to what it needs ---------------------------------------------

def _down_paths(graph: DepGraph, keys: list[NodeKey], all_paths: bool,
                max_paths: int) -> tuple[tuple[Path, ...], bool]:
    paths: list[Path] = []
    truncated = False
    for key in keys:
        if all_paths:
            found, more = _all_down(graph, key, max_paths - len(paths))
            truncated |= more
        else:
            found = _tree_down(graph, key)
        paths += found
    return tuple(sorted(paths, key=_path_key)), truncated


def _tree_down(graph: DepGraph, key: NodeKey) -> list[Path]:
    """The leaves of the shortest-path tree below ``key``, each as the path to it."""
    parent = bfs_parents(graph, [key])
    inner = {p for p in parent.values() if p is not None}
    return [_path(graph, trace(parent, n)) for n in sorted(parent)
            if n != key and n not in inner]


def _all_down(graph: DepGraph, key: NodeKey, limit: int) -> tuple[list[Path], bool]:
    """Up to ``limit`` maximal simple paths from ``key``, shortest first.

    A path is maximal when every dependency of its last package is already on it.
    Partial paths are extended breadth-first, so shorter paths come out first.
    """
    found: list[Path] = []
    queue: deque[list[NodeKey]] = deque([[key]])
    budget = 50 * max(limit, 1)  # bounded work even when paths explode
    while queue:
        nodes = queue.popleft()
        nxt = [v for v in sorted(set(graph.nx.successors(nodes[-1]))) if v not in nodes]
        if not nxt:
            if len(nodes) > 1:
                if len(found) == limit:
                    return found, True
                found.append(_path(graph, nodes))
            continue
        budget -= len(nxt)
        if budget < 0:
            return found, True
        queue.extend(nodes + [v] for v in nxt)
    return found, False
