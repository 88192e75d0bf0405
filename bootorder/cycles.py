"""Dependency cycles, labelled the way portage labels them.

Scope
-----
Only packages that will be *built* take part: a node with ``installed=True`` is never
built, so an edge to it is already satisfied and an edge from it constrains nothing.
A self-dependency is kept only when it is an unsatisfied build-time one (portage's
depgraph drops every other self-edge in ``_add_pkg``).

Priorities
----------
Every edge gets a :class:`Priority`, portage's ``DepPriority`` flags:

``buildtime``         BDEPEND, HOSTDEPEND, DEPEND;
``runtime``           RDEPEND, IDEPEND (portage: installtime + runtime);
``runtime_post``      PDEPEND;
``*_slot_op``         the atom has the ``:=`` slot operator;
``satisfied``         an *installed* package of the dependency's root matches the atom
                      (the edge points at a package that will replace or sit next to it);
``optional``          the atom comes from an ``|| ( )`` group one of whose other
                      alternatives is matched by an installed package (the group is met
                      without this edge), or the dependent itself is installed (the
                      build-time deps of a package that is not built, as portage marks
                      those of binary packages);
``cross``             the dependent is in the ``target`` root, which bootorder always
                      treats as a ROOT other than ``/`` (portage's ``_cross``).

The label is portage's ``str(DepPriority)``: ``optional``, ``buildtime_slot_op``,
``buildtime``, ``runtime_slot_op``, ``runtime``, ``runtime_post``.
:data:`IGNORE_LEVELS` ports ``DepPrioritySatisfiedRange.ignore_priority`` (levels 1..7).
An edge that no level ignores is **hard**: an unsatisfied build-time edge, or an
unsatisfied ``:=`` runtime edge inside a non-cross root. An unsatisfied runtime edge is
only ignored by level 7, and emerge uses that level only to merge a runtime cycle *as a
group* (``gather_deps`` in ``_serialize_tasks``): a package needed at build time must be
usable, so its unsatisfied runtime dependencies must be merged before the package that
builds with it. Hence a **hard cycle** is a cycle of *strong* edges (hard, or ignored by
level 7 only) with at least one hard edge: ``a DEPEND b``, ``b RDEPEND a`` stops emerge
(checked in ``tests/cases/build_runtime_cycle.json``), a pure runtime cycle does not.
One refinement emerge never needs: a runtime edge *from a package in the cross root*
(``target``) is not strong, since such a package is only compiled or linked against,
never run, during a build. emerge (``SYSROOT=/``) never builds against ROOT, so this
only matters for bootorder's implicit libc edge, which stays in the package's root.

Bounds
------
Elementary cycles can be exponentially many, so their enumeration is bounded, as Debian's
botch bounds its cycle search: at most ``max_length`` packages per cycle (default
:data:`DEFAULT_MAX_LENGTH`) and ``max_cycles`` cycles in all (default
:data:`DEFAULT_MAX_CYCLES`). The shortest cycle through every edge (portage's
``digraph.get_cycles`` takes one per package) is found first by breadth-first search,
then networkx's bounded Johnson / Gupta-Suzumura search adds the rest, per strongly
connected component. ``CycleReport.truncated`` says that more cycles may exist (the
count cap was hit, or a component has more packages than ``max_length``). Components,
and ``CycleReport.hard``, are always complete.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Callable, Iterable

import networkx as nx

from .graph import BUILD_CLASSES, DEP_CLASSES, DepGraph, Edge, NodeKey
from .reporter import NULL_REPORTER, Reporter

DEFAULT_MAX_LENGTH = 8
"""Longest elementary cycle enumerated (in packages)."""

DEFAULT_MAX_CYCLES = 1000
"""Most elementary cycles enumerated per report."""

CROSS_ROOTS = frozenset({"target"})
"""Roots that portage would treat as cross roots (ROOT != ``/``)."""

RUNTIME_CLASSES = frozenset({"RDEPEND", "IDEPEND"})


@dataclass(frozen=True, slots=True)
class Priority:
    """portage's ``DepPriority`` flags of one edge.

    >>> Priority(buildtime=True, buildtime_slot_op=True).label
    'buildtime_slot_op'
    >>> Priority(runtime_post=True, satisfied=True).ignore_level
    2
    >>> Priority(buildtime=True).ignore_level is None
    True
    """

    buildtime: bool = False
    buildtime_slot_op: bool = False
    runtime: bool = False
    runtime_slot_op: bool = False
    runtime_post: bool = False
    satisfied: bool = False
    optional: bool = False
    cross: bool = False

    @property
    def label(self) -> str:
        """portage's ``str(DepPriority)``."""
        for name in ("optional", "buildtime_slot_op", "buildtime", "runtime_slot_op",
                     "runtime", "runtime_post"):
            if getattr(self, name):
                return name
        return "soft"

    @property
    def hardness(self) -> int:
        """portage's ``int(DepPriority)``: 0 (buildtime_slot_op) down to -6 (soft)."""
        if self.optional:
            return -5
        for value, name in ((0, "buildtime_slot_op"), (-1, "buildtime"),
                            (-2, "runtime_slot_op"), (-3, "runtime"), (-4, "runtime_post")):
            if getattr(self, name):
                return value
        return -6

    @property
    def ignore_mask(self) -> int:
        """Bit ``i`` set when ``IGNORE_LEVELS[i]`` ignores this edge (bit 0 never)."""
        return sum(1 << i for i, (_, test) in enumerate(IGNORE_LEVELS) if test and test(self))

    @property
    def ignore_level(self) -> int | None:
        """The first level (1..7) that ignores this edge; None for a hard edge."""
        mask = self.ignore_mask
        return (mask & -mask).bit_length() - 1 if mask else None

    @property
    def hard(self) -> bool:
        """True when no level ignores the edge: emerge cannot break a cycle through it."""
        return self.ignore_mask == 0

    @property
    def strong(self) -> bool:
        """True when the edge binds a build (module Priorities): hard, or an unsatisfied
        runtime edge of a package outside the cross root (one that may be run)."""
        return self.hard or (self.ignore_mask & SOFT_LEVELS_MASK == 0 and not self.cross)

    def reason(self) -> str:
        """Why the edge may be ignored (its first level), or ``"hard"``."""
        level = self.ignore_level
        return "hard" if level is None else IGNORE_LEVELS[level][0]


def is_hard_cycle(priorities: Iterable[Priority]) -> bool:
    """True for strong edges only with at least one hard one (see module Priorities)."""
    priorities = list(priorities)
    return all(p.strong for p in priorities) and any(p.hard for p in priorities)


def _ignore_optional(p: Priority) -> bool:
    return p.optional


def _ignore_satisfied_runtime_post(p: Priority) -> bool:
    if p.optional:
        return True
    if not p.satisfied or p.buildtime or p.runtime:
        return False
    return p.runtime_post


def _ignore_runtime_post(p: Priority) -> bool:
    if p.optional:
        return True
    if p.buildtime or p.runtime:
        return False
    return p.runtime_post


def _ignore_satisfied_runtime(p: Priority) -> bool:
    if p.optional:
        return True
    if p.buildtime:
        return False
    return not p.runtime or p.satisfied


def _ignore_satisfied_buildtime(p: Priority) -> bool:
    if p.optional:
        return True
    return not p.buildtime_slot_op and p.satisfied


def _ignore_satisfied_buildtime_slot_op(p: Priority) -> bool:
    if p.optional or p.satisfied:
        return True
    return not p.buildtime and not p.runtime


def _ignore_runtime(p: Priority) -> bool:
    slot_op_ok = not p.runtime_slot_op or p.satisfied or p.cross
    return slot_op_ok and (p.satisfied or p.optional or not p.buildtime)


IGNORE_LEVELS: tuple[tuple[str, Callable[[Priority], bool] | None], ...] = (
    ("nothing ignored", None),
    ("optional", _ignore_optional),
    ("PDEPEND already satisfied", _ignore_satisfied_runtime_post),
    ("PDEPEND", _ignore_runtime_post),
    ("runtime already satisfied", _ignore_satisfied_runtime),
    ("build-time already satisfied by an installed package", _ignore_satisfied_buildtime),
    ("build-time := already satisfied by an installed package",
     _ignore_satisfied_buildtime_slot_op),
    ("runtime not yet satisfied", _ignore_runtime),
)
"""``DepPrioritySatisfiedRange.ignore_priority``, index for index, with a reason text."""

SOFT_LEVELS_MASK = sum(1 << level for level in range(1, len(IGNORE_LEVELS) - 1))
"""Levels 1..6: those emerge uses to pick a single package out of a cycle."""


@dataclass(frozen=True, slots=True)
class CycleEdge:
    """One edge of a cycle with its portage priority."""

    edge: Edge
    priority: Priority

    def to_json(self) -> dict:
        return {**self.edge.to_json(), "priority": self.priority.label,
                "hard": self.priority.hard}


@dataclass(frozen=True, slots=True)
class Cycle:
    """An elementary cycle: ``edges[i].to == edges[i+1].from``, starting at its least node."""

    edges: tuple[CycleEdge, ...]

    @property
    def nodes(self) -> tuple[NodeKey, ...]:
        return tuple(e.edge.source for e in self.edges)

    @property
    def hard(self) -> bool:
        """True when emerge cannot break it: strong edges only, at least one hard."""
        return is_hard_cycle(e.priority for e in self.edges)

    def to_json(self) -> dict:
        return {"hard": self.hard, "edges": [e.to_json() for e in self.edges]}


@dataclass(frozen=True, slots=True)
class CycleReport:
    """Strongly connected components and their elementary cycles (see module Bounds)."""

    scope: str
    components: tuple[tuple[NodeKey, ...], ...]
    cycles: tuple[Cycle, ...]
    truncated: bool
    max_length: int
    max_cycles: int
    hard_components: tuple[tuple[NodeKey, ...], ...] = ()

    @property
    def hard(self) -> bool:
        """True when a hard cycle exists (even one longer than the caps let through):
        some strongly connected component of strong edges holds a hard edge."""
        return bool(self.hard_components)

    def _repr_html_(self) -> str:
        from .html import cycle_report_html
        return cycle_report_html(self)

    def to_json(self) -> dict:
        return {"scope": self.scope, "hard": self.hard, "truncated": self.truncated,
                "max_length": self.max_length, "max_cycles": self.max_cycles,
                "components": [[{"cpv": k.cpv, "root": k.root} for k in comp]
                               for comp in self.components],
                "cycles": [c.to_json() for c in self.cycles]}


def edge_priority(graph: DepGraph, edge: Edge, installed: dict | None = None) -> Priority:
    """portage's priority of ``edge`` (see the module docstring). ``installed``: the
    :func:`installed_index` of ``graph``, when the caller asks for many edges.

    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    >>> g.add_dep(a, b, "RDEPEND", atom="x/b:=", slot_operator="=")
    >>> edge_priority(g, g.edges()[0]).label
    'runtime_slot_op'
    """
    index = installed_index(graph) if installed is None else installed
    build, run = edge.cls in BUILD_CLASSES, edge.cls in RUNTIME_CLASSES
    slot_op = edge.slot_operator == "="
    return Priority(
        buildtime=build, buildtime_slot_op=build and slot_op,
        runtime=run, runtime_slot_op=run and slot_op,
        runtime_post=edge.cls == "PDEPEND",
        satisfied=_matches_installed(graph, index, edge.root, edge.atom),
        optional=graph.node(edge.source)["installed"] or any(
            _matches_installed(graph, index, edge.root, alt)
            for alt in edge.not_taken if " " not in alt.strip()),
        cross=edge.source.root in CROSS_ROOTS)


def installed_index(graph: DepGraph) -> dict[tuple[str, str], list[NodeKey]]:
    """The installed nodes of ``graph`` by ``(root, cp)``."""
    index: dict[tuple[str, str], list[NodeKey]] = {}
    for key in graph.nodes():
        if graph.node(key)["installed"]:
            index.setdefault((key.root, graph.node(key)["cp"]), []).append(key)
    return index


def _matches_installed(graph: DepGraph, index: dict, root: str, atom_text: str) -> bool:
    """True when an installed package of ``root`` matches the atom (portage: ``satisfied``)."""
    if not index:
        return False
    from .atom import Atom  # imported late: graphs without installed nodes never need it

    try:
        atom = Atom.parse(atom_text)
    except ValueError:
        return False
    return any(atom.matches(k.cpv, slot=graph.node(k)["slot"],
                            subslot=graph.node(k)["subslot"], repo=graph.node(k)["repo"])
               for k in index.get((root, atom.cp), ()))


def scheduled_nodes(graph: DepGraph) -> list[NodeKey]:
    """The nodes that will be built (not installed), sorted."""
    return [k for k in graph.nodes() if not graph.node(k)["installed"]]


def scheduled_edges(graph: DepGraph) -> list[tuple[Edge, Priority]]:
    """Edges among built nodes with their priorities, sorted (see module Scope)."""
    result = []
    index = installed_index(graph)
    for edge in graph.edges():
        if graph.node(edge.source)["installed"] or graph.node(edge.dep)["installed"]:
            continue
        priority = edge_priority(graph, edge, index)
        if edge.source == edge.dep and not (priority.buildtime and not priority.satisfied):
            continue
        result.append((edge, priority))
    return result


def _strongest(pairs: Iterable[tuple[Edge, Priority]]) -> tuple[Edge, Priority]:
    """The edge that binds most: hard, then strong, then portage's hardness."""
    return min(pairs, key=lambda p: (not p[1].hard, not p[1].strong, -p[1].hardness,
                                     p[0].sort_key()))


def find_cycles(graph: DepGraph, *, scope: str = "hard",
                max_length: int = DEFAULT_MAX_LENGTH, max_cycles: int = DEFAULT_MAX_CYCLES,
                reporter: Reporter = NULL_REPORTER) -> CycleReport:
    """Strongly connected components and elementary cycles of the built packages.

    Parameters
    ----------
    graph : DepGraph
    scope : {"hard", "shortest", "all"}
        ``"hard"``: every hard cycle (what emerge stops on: strong edges, at least one
        hard, see module Priorities); ``"shortest"``: one per hard component, its
        shortest hard cycle (preferring cycles of metadata edges, which emerge sees, to
        cycles through implicit edges; ties: sorted packages), as emerge's report shows
        the shortest cycle of what blocks it; ``"all"``: every cycle between built
        packages. Each step shows the strongest edge between the two packages (emerge
        shows the hardest priority too).
    max_length, max_cycles : int
        The enumeration caps (module Bounds). The shortest cycle through every package
        (``"all"``) or every hard edge (``"hard"``) is always found first, so the caps
        only drop longer cycles.

    Notes
    -----
    Components: Tarjan, O(V + E). Shortest cycles: one BFS per package or hard edge,
    O(V (V + E)). Further cycles: O((V + E)(C + 1)) for C cycles, bounded by the caps.
    Output is sorted and independent of insertion order.

    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    >>> g.add_dep(a, b, "DEPEND", atom="x/b"); g.add_dep(b, a, "BDEPEND", atom="x/a")
    >>> [e["atom"] for e in find_cycles(g).to_json()["cycles"][0]["edges"]]
    ['x/b', 'x/a']
    """
    if scope not in SCOPES:
        raise ValueError(f"unknown cycle scope {scope!r}; expected one of {SCOPES}")
    pairs: dict[tuple[NodeKey, NodeKey], list[tuple[Edge, Priority]]] = {}
    for edge, priority in scheduled_edges(graph):
        pairs.setdefault((edge.source, edge.dep), []).append((edge, priority))
    strong = _keep(pairs, lambda e, p: p.strong)
    hard_components = tuple(c for c in _components(_simple(strong))
                            if _holds_hard_edge(c, strong))
    if scope == "all":
        components = _components(_simple(pairs))
        cycles, truncated = _enumerate(pairs, components, max_length, max_cycles,
                                       lambda nodes: True)
    else:
        pairs, components = strong, hard_components
        if scope == "shortest":
            cycles, truncated = _shortest_per_component(strong, components), False
        else:
            cycles, truncated = _enumerate(strong, components, max_length, max_cycles,
                                           lambda nodes: _cycle(nodes, strong).hard)
    found = tuple(sorted((_cycle(nodes, pairs) for nodes in cycles), key=_cycle_key))
    for cycle in found:
        reporter.cycle_found(cycle)
    return CycleReport(scope, components, found, truncated, max_length, max_cycles,
                       hard_components)


SCOPES = ("hard", "shortest", "all")
"""The cycle scopes of :func:`find_cycles`."""


def _keep(pairs, test) -> dict:
    return {step: kept for step, items in pairs.items()
            if (kept := [(e, p) for e, p in items if test(e, p)])}


def _simple(pairs) -> nx.DiGraph:
    simple = nx.DiGraph()
    simple.add_edges_from(sorted(pairs))
    return simple


def _components(simple: nx.DiGraph) -> tuple[tuple[NodeKey, ...], ...]:
    comps = (tuple(sorted(c)) for c in nx.strongly_connected_components(simple))
    return tuple(sorted(c for c in comps if len(c) > 1 or simple.has_edge(c[0], c[0])))


def _holds_hard_edge(component, pairs) -> bool:
    members = set(component)
    return any(p.hard for (u, v), items in pairs.items() if u in members and v in members
               for _, p in items)


def _path(simple: nx.DiGraph, start: NodeKey, goal: NodeKey, members: set):
    """A shortest path ``start .. goal`` inside ``members`` (BFS, sorted successors)."""
    parent = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = []
            while node is not None:
                path.append(node)
                node = parent[node]
            return tuple(reversed(path))
        for nxt in sorted(simple.successors(node)):
            if nxt in members and nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return None


def _through_edges(pairs, members: set, steps) -> list[tuple[NodeKey, ...]]:
    """For each step ``(u, v)``: the shortest cycle ``u -> v .. u`` inside ``members``."""
    simple = _simple(pairs)
    found = set()
    for u, v in steps:
        path = (u,) if u == v else _path(simple, v, u, members)
        if path:
            found.add(_rotate((u,) + path[:-1] if u != v else path))
    return sorted(found, key=lambda c: (len(c), c))


def _hard_steps(pairs, members: set):
    return sorted((u, v) for (u, v), items in pairs.items()
                  if u in members and v in members and any(p.hard for _, p in items))


def _shortest_per_component(strong, components) -> list[tuple[NodeKey, ...]]:
    explicit = _keep(strong, lambda e, p: not e.implicit)
    chosen = []
    for comp in components:
        members = set(comp)
        cycles = _through_edges(explicit, members, _hard_steps(explicit, members)) or \
            _through_edges(strong, members, _hard_steps(strong, members))
        chosen.append(cycles[0])
    return chosen


def _enumerate(pairs, components, max_length: int, max_cycles: int, keep):
    """The shortest cycles first (one per package or hard edge), then Johnson's."""
    cycles: dict[tuple[NodeKey, ...], None] = {}
    for comp in components:
        members = set(comp)
        steps = [s for s in sorted(pairs) if s[0] in members and s[1] in members]
        for nodes in _through_edges(pairs, members, steps):
            if keep(nodes) and len(nodes) <= max_length:
                cycles.setdefault(nodes)
    if len(cycles) > max_cycles:
        return sorted(cycles, key=lambda c: (len(c), c))[:max_cycles], True
    more, truncated = _elementary(_simple(pairs), components, max_length,
                                  max_cycles - len(cycles), keep, cycles)
    return list(cycles) + more, truncated


def _elementary(simple: nx.DiGraph, components, max_length: int, room: int, keep, known):
    cycles: list[tuple[NodeKey, ...]] = []
    for comp in components:
        sub = nx.DiGraph()
        sub.add_nodes_from(comp)
        sub.add_edges_from(sorted(simple.subgraph(comp).edges))
        for nodes in nx.simple_cycles(sub, length_bound=max_length):
            nodes = _rotate(tuple(nodes))
            if nodes in known or not keep(nodes):
                continue
            if len(cycles) == room:
                return cycles, True
            cycles.append(nodes)
    return cycles, _longer_exists(simple, components, max_length)


def _longer_exists(simple: nx.DiGraph, components, max_length: int) -> bool:
    """True when some component may hold a cycle longer than ``max_length``."""
    return any(len(comp) > max_length for comp in components)


def _rotate(nodes: tuple[NodeKey, ...]) -> tuple[NodeKey, ...]:
    start = nodes.index(min(nodes))
    return nodes[start:] + nodes[:start]


def _cycle(nodes: tuple[NodeKey, ...], pairs) -> Cycle:
    steps = zip(nodes, nodes[1:] + nodes[:1])
    return Cycle(tuple(CycleEdge(*_strongest(pairs[step])) for step in steps))


def _cycle_key(cycle: Cycle) -> tuple:
    return (not cycle.hard, len(cycle.edges), cycle.nodes,
            tuple(DEP_CLASSES.index(e.edge.cls) for e in cycle.edges))


def format_package(graph: DepGraph, key: NodeKey) -> str:
    """A package as emerge prints it in its circular-dependency report.

    >>> g = DepGraph(); k = g.add_package("x/a-1", "host", slot="2", repo="gentoo")
    >>> format_package(g, k)
    '(x/a-1:2/2::gentoo, ebuild scheduled for merge)'
    """
    d = graph.node(key)
    slot = d["slot"] or "0"
    repo = f"::{d['repo']}" if d["repo"] else ""
    where = " to ROOT" if key.root == "target" and graph.nodes("host") else ""
    return f"({key.cpv}:{slot}/{d['subslot'] or slot}{repo}, ebuild scheduled for merge{where})"


def _describe(step: CycleEdge) -> str:
    text = step.priority.label
    shown = [f"-{f[1:]}" if f.startswith("!") else f for f in step.edge.use]
    if shown:
        text += f", USE={' '.join(sorted(shown, key=lambda s: s.lstrip('-')))}"
    return f"({text})  [{step.edge.cls} {step.edge.atom}]"


def format_cycle(graph: DepGraph, cycle: Cycle) -> str:
    """One cycle in emerge's layout: ``X depends on`` then one deeper line per step,
    each with portage's priority (and the USE flags that enable the edge), followed by
    the dependency class and atom in brackets."""
    lines = [f"{format_package(graph, cycle.nodes[0])} depends on"]
    for depth, step in enumerate(cycle.edges, start=1):
        lines.append(" " * depth + f"{format_package(graph, step.edge.dep)} {_describe(step)}")
    return "\n".join(lines)


def format_report(graph: DepGraph, report: CycleReport) -> str:
    """The whole report as text: hard cycles under emerge's error header, then the rest."""
    hard = [c for c in report.cycles if c.hard]
    soft = [c for c in report.cycles if not c.hard]
    blocks = []
    if hard:
        blocks.append(" * Error: circular dependencies:")
        blocks.extend(format_cycle(graph, c) for c in hard)
    if soft:
        blocks.append(" * Circular dependencies emerge breaks by ignoring soft edges:")
        blocks.extend(format_cycle(graph, c) for c in soft)
    summary = (f"{len(report.cycles)} cycle(s) ({len(hard)} hard) in "
               f"{len(report.components)} strongly connected component(s)")
    if report.truncated:
        summary += (f"; enumeration capped at {report.max_cycles} cycles of at most "
                    f"{report.max_length} packages, more may exist")
    blocks.append(summary)
    return "\n\n".join(blocks) + "\n"
