"""portage's dependency priorities for the edges of a :class:`~bootorder.graph.depgraph.DepGraph`.

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
never run, during a build (``never_run``). emerge (``SYSROOT=/``) never builds against
ROOT, so this only matters for bootorder's implicit libc edge, which stays in the
package's root. With ``SYSROOT=ROOT`` (a graph whose ``sysroot`` is ``target``) the
refinement is off: a target package built against must be complete, as emerge demands
(a board's ``systemd`` DEPENDs on ``tpm2-tss``, which RDEPENDs on ``virtual/tmpfiles``,
which RDEPENDs on ``systemd``: emerge stops).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..core.depclass import BUILD_TIME, PORTAGE_RUNTIME
from ..graph.depgraph import DepGraph, Edge, NodeKey

CROSS_ROOTS = frozenset({"target"})
"""Roots that portage would treat as cross roots (ROOT != ``/``)."""


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
    never_run: bool = False
    _mask: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_mask", _ignore_mask(self))  # asked for every edge, often

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
        return self._mask

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
        """True when the edge binds a build (module docstring): hard, or an unsatisfied
        runtime edge of a package outside the cross root (one that may be run)."""
        return self.hard or (self.ignore_mask & SOFT_LEVELS_MASK == 0 and not self.never_run)

    def reason(self) -> str:
        """Why the edge may be ignored (its first level), or ``"hard"``."""
        level = self.ignore_level
        return "hard" if level is None else IGNORE_LEVELS[level][0]


def is_hard_cycle(priorities: Iterable[Priority]) -> bool:
    """True for strong edges only with at least one hard one (see the module docstring)."""
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


def _ignore_mask(priority: Priority) -> int:
    return sum(1 << i for i, (_, test) in enumerate(IGNORE_LEVELS) if test and test(priority))


SOFT_LEVELS_MASK = sum(1 << level for level in range(1, len(IGNORE_LEVELS) - 1))
"""Levels 1..6: those emerge uses to pick a single package out of a cycle."""


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
    return _stored_priority(graph, edge.source, edge.cls, edge.slot_operator, edge.root,
                            edge.atom, edge.not_taken, index)


def stored_priority(graph: DepGraph, source: NodeKey, data: dict, index: dict) -> Priority:
    """:func:`edge_priority` of an edge leaving ``source`` from its stored attributes
    (``data``, as :meth:`DepGraph.out_raw` gives them), without an :class:`Edge`
    (``index``: the graph's :func:`installed_index`).

    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    >>> g.add_dep(a, b, "RDEPEND", atom="x/b:=", slot_operator="=")
    >>> stored_priority(g, a, g.out_raw(a)[b][0], {}) == edge_priority(g, g.edges()[0])
    True
    """
    if not index:  # nothing installed satisfies an edge: only the dependent's facts count
        cross = source.root in CROSS_ROOTS
        return _priority(data["class"], data["slot_operator"] == "=", False,
                         graph.node(source)["installed"], cross, cross and graph.sysroot == "/")
    return _stored_priority(graph, source, data["class"], data["slot_operator"], data["root"],
                            data["atom"], data["not_taken"], index)


def _stored_priority(graph: DepGraph, source: NodeKey, cls: str, slot_operator, root: str,
                     atom: str, not_taken: tuple[str, ...], index: dict) -> Priority:
    """:func:`edge_priority` from an edge's stored attributes."""
    return _priority(
        cls, slot_operator == "=",
        satisfied=_matches_installed(graph, index, root, atom),
        optional=graph.node(source)["installed"] or any(
            _matches_installed(graph, index, root, alt)
            for alt in not_taken if " " not in alt.strip()),
        cross=source.root in CROSS_ROOTS,
        never_run=source.root in CROSS_ROOTS and graph.sysroot == "/")


@functools.cache
def _priority(cls: str, slot_op: bool, satisfied: bool, optional: bool,
              cross: bool, never_run: bool) -> Priority:
    """The :class:`Priority` of these facts (one shared value per combination)."""
    build, run = cls in BUILD_TIME, cls in PORTAGE_RUNTIME
    return Priority(buildtime=build, buildtime_slot_op=build and slot_op,
                    runtime=run, runtime_slot_op=run and slot_op,
                    runtime_post=cls == "PDEPEND", satisfied=satisfied, optional=optional,
                    cross=cross, never_run=never_run)


def installed_index(graph: DepGraph) -> dict[tuple[str, str], list[NodeKey]]:
    """The installed nodes of ``graph`` by ``(root, cp)``.

    >>> g = DepGraph(); _ = g.add_package("x/a-1", "host", installed=True)
    >>> installed_index(g)
    {('host', 'x/a'): [NodeKey(cpv='x/a-1', root='host')]}
    """
    index: dict[tuple[str, str], list[NodeKey]] = _InstalledIndex()
    for key in graph.nodes():
        if graph.node(key)["installed"]:
            index.setdefault((key.root, graph.node(key)["cp"]), []).append(key)
    return index


class _InstalledIndex(dict):
    """An installed index that keeps, per ``(root, atom)``, whether an installed package
    matches (a whole graph's edges name the same atoms again and again)."""

    def __init__(self) -> None:
        super().__init__()
        self.satisfied: dict[tuple[str, str], bool] = {}


def _matches_installed(graph: DepGraph, index: dict, root: str, atom_text: str) -> bool:
    """True when an installed package of ``root`` matches the atom (portage: ``satisfied``)."""
    if not index:
        return False
    known = getattr(index, "satisfied", None)
    found = None if known is None else known.get((root, atom_text))
    if found is None:
        found = _match_installed(graph, index, root, atom_text)
        if known is not None:
            known[(root, atom_text)] = found
    return found


def _match_installed(graph: DepGraph, index: dict, root: str, atom_text: str) -> bool:
    from ..syntax.atom import Atom  # imported late: graphs without installed nodes never need it

    try:
        atom = Atom.parse(atom_text)
    except ValueError:
        return False
    return any(atom.matches(k.cpv, slot=graph.node(k)["slot"],
                            subslot=graph.node(k)["subslot"], repo=graph.node(k)["repo"])
               for k in index.get((root, atom.cp), ()))


def scheduled_nodes(graph: DepGraph) -> list[NodeKey]:
    """The nodes that will be built (not installed), sorted.

    >>> g = DepGraph(); _ = g.add_package("x/a-1", "host", installed=True)
    >>> scheduled_nodes(g), len(g)
    ([], 1)
    """
    return [k for k in graph.nodes() if not graph.node(k)["installed"]]


def scheduled_edges(graph: DepGraph, priority_of: Callable[[Edge], Priority] | None = None
                    ) -> list[tuple[Edge, Priority]]:
    """Edges among built nodes with their priorities, sorted (see the module docstring,
    Scope); ``priority_of(edge)``: the priority when the graph's installed nodes do not
    say it (default :func:`edge_priority`)."""
    index = installed_index(graph) if priority_of is None else {}
    return [(edge, priority) for edge in graph.edges()
            if (priority := scheduled_priority(graph, edge, index, priority_of)) is not None]


def scheduled_links(graph: DepGraph) -> Iterator[tuple[NodeKey, NodeKey, Priority]]:
    """``(source, dep, priority)`` of each of :func:`scheduled_edges`, in no particular
    order, without making and sorting :class:`Edge` values: for passes over a whole
    graph that need no more of an edge (at 20 times the corpus, a fifth of the cost).

    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    >>> g.add_dep(a, b, "DEPEND", atom="x/b"); g.add_dep(a, a, "RDEPEND", atom="x/a")
    >>> [(u.cpv, v.cpv, p.label) for u, v, p in scheduled_links(g)]
    [('x/a-1', 'x/b-1', 'buildtime')]
    """
    for source, dep, _, _, priority in built_links(graph):
        if priority is not None:
            yield source, dep, priority


def built_links(graph: DepGraph
                ) -> Iterator[tuple[NodeKey, NodeKey, int, dict, Priority | None]]:
    """``(source, dep, key, attributes, priority)`` of every edge among built packages,
    as stored (:meth:`~bootorder.graph.depgraph.DepGraph.out_raw`), in no particular
    order; ``priority`` is the one :func:`scheduled_edges` gives the edge, None when
    it leaves the edge out (a self-edge that binds nothing).

    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    >>> g.add_dep(a, b, "DEPEND", atom="x/b"); g.add_dep(a, a, "RDEPEND", atom="x/a")
    >>> sorted((u.cpv, v.cpv, d["class"], p and p.label) for u, v, _, d, p in built_links(g))
    [('x/a-1', 'x/a-1', 'RDEPEND', None), ('x/a-1', 'x/b-1', 'DEPEND', 'buildtime')]
    """
    index = installed_index(graph)
    built = {key for key, d in graph.nx.nodes(data=True) if not d["installed"]}
    for source in built:
        cross = source.root in CROSS_ROOTS
        never_run = cross and graph.sysroot == "/"
        for dep, keyed in graph.out_raw(source).items():
            if dep not in built:
                continue
            for key, d in keyed.items():
                priority = _stored_priority(
                    graph, source, d["class"], d["slot_operator"], d["root"], d["atom"],
                    d["not_taken"], index) if index else _priority(
                    d["class"], d["slot_operator"] == "=", False, False, cross, never_run)
                yield source, dep, key, d, priority if _kept(source, dep, priority) else None


def scheduled_priority(graph: DepGraph, edge: Edge, installed: dict,
                       priority_of: Callable[[Edge], Priority] | None = None
                       ) -> Priority | None:
    """The priority of ``edge`` when :func:`scheduled_edges` keeps it, else None
    (``installed``: the graph's :func:`installed_index`; ``priority_of``: as there).

    >>> g = DepGraph()
    >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host", installed=True)
    >>> g.add_dep(a, b, "DEPEND", atom="x/b")
    >>> scheduled_priority(g, g.edges()[0], installed_index(g)) is None
    True
    """
    if graph.node(edge.source)["installed"] or graph.node(edge.dep)["installed"]:
        return None
    priority = priority_of(edge) if priority_of else edge_priority(graph, edge, installed)
    return priority if _kept(edge.source, edge.dep, priority) else None


def _kept(source: NodeKey, dep: NodeKey, priority: Priority) -> bool:
    """A self-edge is kept only when it is an unsatisfied build-time one (module
    docstring, Scope); every other edge among built packages is."""
    return source != dep or (priority.buildtime and not priority.satisfied)
