"""emerge's restart after a cycle it cannot merge: resolve again with its circular map.

When emerge cannot find a merge order because of a hard cycle (:mod:`bootorder.order.priority`),
it notes, for each package on a cycle of what it could not merge, the packages that
depend on it along that cycle (its ``circular_dependency`` map: portage's ``get_cycles``
over the unsatisfied build-time and runtime edges of that remainder, PDEPEND, optional
and satisfied edges left out), and resolves again with the map: an any-of alternative
of a package that names one of those packages is then taken last
(:mod:`bootorder.resolver.anyof`). It gives up, showing the cycle, when a cycle goes
through a package the map already holds, when the first run needed a USE change
(autounmask ends backtracking), or after 20 restarts.

A package avoids only what depends on it while its any-of group offers what it depends
on, so only a direct back-edge is ever avoided: ``top BDEPEND || ( a b )`` with ``a
DEPEND top`` takes ``b`` for the host-root ``top`` (the one on the cycle) and keeps ``a``
for the target-root one; with ``a DEPEND c``, ``c DEPEND top`` emerge keeps ``a`` and
stops, and so does bootorder.

``resolve(config, targets, **options)`` is :func:`bootorder.resolver.resolution.resolve`
with these restarts (what ``bootorder.resolve`` and the commands use);
``circular_dependencies(graph)`` is the map one stuck graph gives (empty when nothing is
stuck), ``stuck_remainder(graph)`` what is stuck.

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph()
>>> top, a = g.add_package("x/top-1", "host"), g.add_package("x/a-1", "host")
>>> g.add_dep(top, a, "BDEPEND", atom="x/a", any_of=("x/a", "x/b"), not_taken=("x/b",))
>>> g.add_dep(a, top, "DEPEND", atom="x/top")
>>> sorted((k.cpv, sorted(v.cpv for v in vs)) for k, vs in circular_dependencies(g).items())
[('x/a-1', ['x/top-1']), ('x/top-1', ['x/a-1'])]
"""
from __future__ import annotations

from collections import deque
from typing import Sequence

from ..core.gcpause import paused_gc
from ..core.reporter import NULL_REPORTER, Reporter
from ..graph.depgraph import DepGraph, NodeKey
from ..resolver import resolution
from ..syntax.atom import Atom
from .components import strong_components
from .cycles import hard_components
from .priority import scheduled_links

__all__ = ["resolve", "circular_dependencies", "stuck_remainder", "MAX_RESTARTS"]

MAX_RESTARTS = 20
"""emerge's default ``--backtrack``."""

MEDIUM_SOFT = 6
"""The level of :data:`bootorder.order.priority.IGNORE_LEVELS` that is portage's
``ignore_medium_soft`` (optional, satisfied and PDEPEND edges)."""


def resolve(config, targets: Sequence[str], *, host="seed", implicit: bool = True,
            reporter: Reporter = NULL_REPORTER, implicit_model=None, root: str = "target",
            sysroot: str = "/", host_config=None, max_restarts: int = MAX_RESTARTS
            ) -> DepGraph:
    """:func:`bootorder.resolver.resolution.resolve`, restarted as emerge restarts after a
    cycle it cannot merge (see the module docstring). Same parameters; ``max_restarts``
    is emerge's ``--backtrack``.

    Notes
    -----
    One resolution per restart; a restart that could change no any-of choice (no group
    of a package in the map names a package the map gives it) is not run: emerge would
    meet the same cycles and stop. A restart goes on from the previous walk, taken back
    to the first choice the larger map changes (:mod:`bootorder.resolver.restart`); a
    full resolution runs only when that walk cannot be resumed.
    """
    options = {"host": host, "implicit": implicit, "reporter": reporter,
               "implicit_model": implicit_model, "root": root, "sysroot": sysroot,
               "host_config": host_config}
    circular: dict[NodeKey, frozenset[NodeKey]] = {}
    graph, kept = resolution.resolve_kept(config, targets, **options)
    for _ in range(max_restarts):
        if any(p.kind == "use-change" for p in graph.problems):
            break
        found = circular_dependencies(graph)
        if not found or found.keys() & circular.keys() or not _may_change(graph, found):
            break
        circular = {k: circular.get(k, frozenset()) | found.get(k, frozenset())
                    for k in circular.keys() | found.keys()}
        graph = kept.restarted(circular)
        if graph is None:
            graph, kept = resolution.resolve_kept(config, targets, circular=circular, **options)
    return graph


def circular_dependencies(graph: DepGraph) -> dict[NodeKey, frozenset[NodeKey]]:
    """emerge's ``circular_dependency`` map of ``graph``: empty without a hard cycle, else
    for every package on a cycle of what the merge cannot reach (the hard cycles' packages
    and those waiting on them), the packages depending on it along those cycles.

    Notes
    -----
    One strongly-connected-components pass, then one breadth-first search per stuck
    package (portage's ``get_cycles``): O(V (V + E)) on what is stuck.
    """
    with paused_gc():  # many long-lived values, next to no garbage: see core.gcpause
        kept, stuck = _remainder(graph)
        cycles = _get_cycles(kept, stuck)
    found: dict[NodeKey, set[NodeKey]] = {}
    for cycle in cycles:
        for i, node in enumerate(cycle):
            found.setdefault(node, set()).add(cycle[i - 1])
    return {k: frozenset(v) for k, v in sorted(found.items())}


def stuck_remainder(graph: DepGraph) -> list[NodeKey]:
    """What emerge's merge order cannot reach when a hard cycle stops it (what it lists
    then), sorted: the packages of the hard cycles and those that wait on them through
    unsatisfied build-time or runtime edges; empty without a hard cycle.
    (:func:`bootorder.order.stuck.stuck_packages` follows build-time cycles only.)"""
    return sorted(_remainder(graph)[1])


def _remainder(graph: DepGraph) -> tuple[dict[NodeKey, set[NodeKey]], set[NodeKey]]:
    """The edges portage's ``ignore_medium_soft`` keeps (each package's dependencies),
    and the stuck packages."""
    links = list(scheduled_links(graph))
    hard = hard_components(links)
    if not hard:
        return {}, set()
    kept: dict[NodeKey, set[NodeKey]] = {}
    needed_by: dict[NodeKey, set[NodeKey]] = {}
    for source, dep, p in links:
        if not p.ignore_mask & (1 << MEDIUM_SOFT):
            kept.setdefault(source, set()).add(dep)
            needed_by.setdefault(dep, set()).add(source)
    stuck = {k for comp in hard for k in comp}
    queue = deque(stuck)
    while queue:
        for dependent in needed_by.get(queue.popleft(), ()):
            if dependent not in stuck:
                stuck.add(dependent)
                queue.append(dependent)
    return kept, stuck


def _get_cycles(kept: dict[NodeKey, set[NodeKey]], stuck: set[NodeKey]
                ) -> list[list[NodeKey]]:
    """portage's ``digraph.get_cycles`` over the ``stuck`` packages: per package, a
    shortest path back to it from each of its dependencies (one backward breadth-first
    search per package), keeping those of the least length.

    A path back to a package runs inside its strongly connected component, so each
    search stays in it (the same paths, found in the same order)."""
    succ = {n: sorted(v for v in kept.get(n, ()) if v in stuck) for n in sorted(stuck)}
    component = {n: i for i, members in enumerate(strong_components(succ, succ.__getitem__))
                 for n in members}
    pred: dict[NodeKey, list[NodeKey]] = {n: [] for n in succ}
    for u, vs in succ.items():
        for v in vs:
            if component[u] == component[v]:
                pred[v].append(u)
    cycles = []
    for node, children in succ.items():
        if not pred[node]:
            continue
        towards = {node: None}  # the next package on a shortest path to ``node``
        queue = deque([node])
        while queue:
            x = queue.popleft()
            for p in pred[x]:
                if p not in towards:
                    towards[p] = x
                    queue.append(p)
        paths = [_walk(towards, c, node) for c in children if c in towards]
        shortest = min((len(p) for p in paths), default=0)
        cycles += [p for p in paths if len(p) == shortest]
    return cycles


def _walk(towards: dict, start: NodeKey, end: NodeKey) -> list[NodeKey]:
    path = [start]
    while path[-1] != end:
        path.append(towards[path[-1]])
    return path


def _may_change(graph: DepGraph, found: dict[NodeKey, frozenset[NodeKey]]) -> bool:
    """Could the map change an any-of choice: does a group of a package in it name the
    package name of one it gives that package?"""
    for key, dependents in found.items():
        names = {graph.node(k)["cp"] for k in dependents}
        for e in graph.edges(key):
            if e.any_of and names & {_cp(word) for alt in e.any_of for word in alt.split()}:
                return True
    return False


def _cp(word: str) -> str | None:
    """The package name of an atom word of an any-of alternative's text, else None."""
    if "/" not in word:
        return None
    try:
        return Atom.parse(word).cp
    except ValueError:
        return None
