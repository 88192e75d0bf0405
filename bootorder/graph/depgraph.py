"""The dependency graph and its contract, written once here.

Contract
--------
``DepGraph.nx`` is a :class:`networkx.MultiDiGraph`.

Node
    One package instance: the key is a :class:`NodeKey` ``(cpv, root)`` where
    ``root`` is ``"target"`` (the ROOT being built, CHOST) or ``"host"`` (the build
    environment ``/``, CBUILD). Node attributes:

    ``cpv`` ``root`` ``cp`` ``slot`` ``subslot`` (str or None) ``repo`` (str or None)
    ``use`` (frozenset of enabled flags) ``use_disabled`` (frozenset of IUSE flags not
    enabled) ``installed`` (bool: already present in that root before the plan, so it is
    never built and edges to it are *already satisfied*) ``target`` (bool: asked for
    explicitly) ``synthetic`` (None, or a short text saying why the node was made up, e.g.
    a ``bootstrap-*`` package).

Edge ``u -> v``
    **from the dependent package ``u`` to its dependency ``v``**: ``v`` must be present
    (built or installed) in ``v``'s root before ``u`` is built (build-time classes), or
    before ``u`` is used (RDEPEND), or eventually (PDEPEND). The same direction is used
    in every JSON output: ``from`` = dependent, ``to`` = dependency. Edge attributes:

    ``class``  one of :data:`bootorder.core.depclass.NAMES`;
    ``root``   the root the dependency is satisfied in (equals ``v``'s root);
    ``use``    tuple of the USE conditionals that enclose the atom, outermost first,
               each ``"flag"`` or ``"!flag"`` (``()`` when unconditional);
    ``atom``   the atom exactly as written in ``u``'s metadata (for implicit edges, the
               atom the implicit model used);
    ``any_of`` None, or the tuple of alternatives (normalised text) of the ``|| ( )``
               group the atom came from;
    ``not_taken`` the alternatives of that group that were not chosen (``()`` if none);
    ``slot_operator`` None, ``"="`` or ``"*"``;
    ``implicit`` True when the edge comes from the implicit toolchain model, not metadata.

Algorithms never mutate a ``DepGraph``; they return new objects. Every listing is
sorted so that the same input gives identical output.

>>> g = DepGraph()
>>> gcc = g.add_package("sys-devel/gcc-15.2.0", "target", slot="15")
>>> libc = g.add_package("sys-libs/glibc-2.42", "target", slot="2.2")
>>> g.add_dep(gcc, libc, "DEPEND", atom="sys-libs/glibc")
>>> [(e.source.cpv, e.dep.cpv, e.cls) for e in g.edges()]
[('sys-devel/gcc-15.2.0', 'sys-libs/glibc-2.42', 'DEPEND')]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, NamedTuple

import networkx as nx

from ..core.depclass import NAMES as DEP_CLASS_NAMES
from ..core.display import HtmlDisplay
from ..syntax.version import cp_of

ROOTS = ("target", "host")


class NodeKey(NamedTuple):
    """A package instance: its cpv in one root. Sorts by cpv, then root.

    >>> NodeKey("sys-libs/zlib-1.3", "host")
    NodeKey(cpv='sys-libs/zlib-1.3', root='host')
    """

    cpv: str
    root: str


@dataclass(frozen=True, slots=True)
class Edge:
    """One edge of the graph, read back as a value (``source`` depends on ``dep``)."""

    source: NodeKey
    dep: NodeKey
    key: int
    cls: str
    root: str
    use: tuple[str, ...]
    atom: str
    any_of: tuple[str, ...] | None
    not_taken: tuple[str, ...]
    slot_operator: str | None
    implicit: bool

    def use_text(self) -> str:
        """The USE condition as a developer writes it: ``"nls? !static?"`` or ``""``."""
        return " ".join(f"{flag}?" for flag in self.use)

    def to_json(self) -> dict:
        """The edge in the project's JSON shape (``from`` = dependent, ``to`` = dependency)."""
        return {
            "from": self.source.cpv,
            "to": self.dep.cpv,
            "class": self.cls,
            "root": self.root,
            "use": self.use_text(),
            "atom": self.atom,
            "implicit": self.implicit,
        }

    def sort_key(self) -> tuple:
        return (self.source, self.dep, DEP_CLASS_NAMES.index(self.cls), self.atom, self.use, self.key)


class DepGraph(HtmlDisplay):
    """A resolved dependency graph over package instances (see the module contract)."""

    def __init__(self, graph: nx.MultiDiGraph | None = None):
        self.nx: nx.MultiDiGraph = graph if graph is not None else nx.MultiDiGraph()
        self.problems: tuple = ()  # bootorder.core.problems.Problem values found while resolving

    @property
    def sysroot(self) -> str:
        """Where the target's DEPEND was resolved: ``"/"`` (the build host, default) or
        ``"target"`` (SYSROOT=ROOT: target packages are built against, so their runtime
        dependencies bind a build as on the host)."""
        return self.nx.graph.get("sysroot", "/")

    @sysroot.setter
    def sysroot(self, value: str) -> None:
        self.nx.graph["sysroot"] = value

    def add_package(self, cpv: str, root: str, **attrs) -> NodeKey:
        """Add (or update) a package instance and return its key."""
        if root not in ROOTS:
            raise ValueError(f"unknown root {root!r}; expected one of {ROOTS}")
        key = NodeKey(cpv, root)
        defaults = {"cpv": cpv, "root": root, "cp": cp_of(cpv), "slot": None,
                    "subslot": None, "repo": None, "use": frozenset(),
                    "use_disabled": frozenset(), "installed": False, "target": False,
                    "synthetic": None}
        if key in self.nx:
            self.nx.nodes[key].update(attrs)
        else:
            self.nx.add_node(key, **{**defaults, **attrs})
        return key

    def add_dep(self, source: NodeKey, dep: NodeKey, cls: str, *, atom: str,
                use: tuple[str, ...] = (), any_of: tuple[str, ...] | None = None,
                not_taken: tuple[str, ...] = (), slot_operator: str | None = None,
                implicit: bool = False) -> None:
        """Add the edge "``source`` needs ``dep``" of class ``cls``."""
        if cls not in DEP_CLASS_NAMES:
            raise ValueError(f"unknown dependency class {cls!r}")
        data = {"class": cls, "root": dep.root, "use": tuple(use), "atom": atom,
                "any_of": any_of, "not_taken": tuple(not_taken),
                "slot_operator": slot_operator, "implicit": implicit}
        succ, pred = self.nx._succ, self.nx._pred
        if source not in succ or dep not in succ:
            self.nx.add_edge(source, dep, **data)
            return
        # networkx's add_edge between existing nodes, without its per-call overhead
        # (a whole tree's resolution adds half a million edges)
        keydict = succ[source].get(dep)
        if keydict is None:
            succ[source][dep] = pred[dep][source] = {0: data}
        else:
            key = len(keydict)
            while key in keydict:
                key += 1
            keydict[key] = data
        nx._clear_cache(self.nx)

    def node(self, key: NodeKey) -> dict:
        """The attribute dict of one node (read it, do not change it)."""
        return self.nx.nodes[key]

    def nodes(self, root: str | None = None) -> list[NodeKey]:
        """Every node key, sorted; only those of ``root`` when given."""
        return sorted(k for k in self.nx.nodes if root is None or k.root == root)

    def edges(self, source: NodeKey | None = None, *,
              where: Callable[[Mapping], bool] | None = None) -> list[Edge]:
        """Every edge (or those leaving ``source``) as :class:`Edge` values, sorted;
        ``where``: only the edges whose stored attributes (see :meth:`out_raw`) it
        accepts, judged before an :class:`Edge` is made.

        >>> g = DepGraph()
        >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
        >>> g.add_dep(a, b, "DEPEND", atom="x/b[ssl]"); g.add_dep(a, b, "RDEPEND", atom="x/b")
        >>> [e.cls for e in g.edges(where=lambda d: "[" in d["atom"])]
        ['DEPEND']
        """
        found = self.nx.out_edges(source, keys=True, data=True) if source is not None \
            else self.nx.edges(keys=True, data=True)
        return sorted((_edge(u, v, k, d) for u, v, k, d in found if where is None or where(d)),
                      key=Edge.sort_key)

    def in_edges(self, dep: NodeKey) -> list[Edge]:
        """The edges of the packages that need ``dep``, sorted."""
        found = self.nx.in_edges(dep, keys=True, data=True)
        return sorted((_edge(u, v, k, d) for u, v, k, d in found), key=Edge.sort_key)

    def out_raw(self, source: NodeKey) -> Mapping[NodeKey, Mapping[int, dict]]:
        """The edges leaving ``source`` as stored: ``{dep: {key: attributes}}``, in no
        particular order, the attributes those of the module contract. For hot loops
        that would pay for :meth:`edges` building and sorting :class:`Edge` values;
        read them, never change them.

        >>> g = DepGraph()
        >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
        >>> g.add_dep(a, b, "DEPEND", atom="x/b")
        >>> [(dep.cpv, data["class"]) for dep, keyed in g.out_raw(a).items()
        ...  for data in keyed.values()]
        [('x/b-1', 'DEPEND')]
        """
        return self.nx._succ[source]  # networkx's own adjacency: no view objects

    def in_raw(self, dep: NodeKey) -> Mapping[NodeKey, Mapping[int, dict]]:
        """The edges entering ``dep`` as stored: ``{source: {key: attributes}}`` (see
        :meth:`out_raw`)."""
        return self.nx._pred[dep]

    def targets(self) -> list[NodeKey]:
        """The nodes asked for explicitly, sorted."""
        return sorted(k for k, d in self.nx.nodes(data=True) if d["target"])

    def find(self, name: str) -> list[NodeKey]:
        """Nodes whose cpv, cp or package name equals ``name``, sorted.

        >>> g = DepGraph(); _ = g.add_package("sys-devel/gcc-15.2.0", "host")
        >>> g.find("gcc")
        [NodeKey(cpv='sys-devel/gcc-15.2.0', root='host')]
        """
        return sorted(k for k, d in self.nx.nodes(data=True)
                      if name in (k.cpv, d["cp"], d["cp"].split("/")[-1]))

    def copy(self) -> "DepGraph":
        """An independent copy (algorithms that need to change a graph work on one)."""
        copied = DepGraph(self.nx.copy())
        copied.problems = self.problems
        return copied

    def copy_where(self, keep_node: Callable[[NodeKey], bool],
                   keep_edge: Callable[[NodeKey, NodeKey, int, dict], bool]) -> "DepGraph":
        """An independent copy of the nodes ``keep_node`` accepts and of the edges among
        them ``keep_edge`` accepts (given as :meth:`out_raw` stores them): what
        :meth:`copy` and then removing the others gives, in the same order, without
        copying what is removed.

        >>> g = DepGraph()
        >>> a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
        >>> g.add_dep(a, b, "DEPEND", atom="x/b"); g.add_dep(a, b, "RDEPEND", atom="x/b")
        >>> [e.cls for e in g.copy_where(bool, lambda u, v, k, d: k == 1).edges()]
        ['RDEPEND']
        """
        out = nx.MultiDiGraph()
        out.graph.update(self.nx.graph)
        node, succ, pred = out._node, out._succ, out._pred
        for key, data in self.nx._node.items():
            if keep_node(key):
                node[key] = data.copy()
                succ[key] = {}
                pred[key] = {}
        for u, deps in self.nx._succ.items():
            if u not in node:
                continue
            mine = succ[u]
            for v, keyed in deps.items():
                if v in node:
                    kept = {k: d.copy() for k, d in keyed.items() if keep_edge(u, v, k, d)}
                    if kept:
                        mine[v] = pred[v][u] = kept
        nx._clear_cache(out)
        copied = DepGraph(out)
        copied.problems = self.problems
        return copied

    def node_json(self, key: NodeKey) -> dict:
        """One node in the project's JSON shape."""
        d = self.nx.nodes[key]
        return {"cpv": key.cpv, "root": key.root, "slot": d["slot"], "subslot": d["subslot"],
                "repo": d["repo"], "use": sorted(d["use"])}

    def to_json(self) -> dict:
        """``{"nodes": [...], "edges": [...]}``, deterministic."""
        return {"nodes": [self.node_json(k) for k in self.nodes()],
                "edges": [e.to_json() for e in self.edges()]}

    def __len__(self) -> int:
        return self.nx.number_of_nodes()

    def __del__(self) -> None:
        # networkx keeps the views it hands out (``nodes``, ``adj`` ...) on the graph, each
        # holding the graph: a cycle only the cyclic collector frees, which a whole
        # tree's graph (a million objects) waits for while newer graphs are built.
        # Without the views, reference counting frees it at once.
        views = getattr(getattr(self, "nx", None), "__dict__", {})
        for name in _NX_VIEWS:
            views.pop(name, None)


def edge_value(u: NodeKey, v: NodeKey, k: int, d: dict) -> Edge:
    """The :class:`Edge` of one stored edge (``u``, ``v``, key, attributes), as
    :meth:`DepGraph.out_raw` gives them."""
    return Edge(u, v, k, d["class"], d["root"], d["use"], d["atom"], d["any_of"],
                d["not_taken"], d["slot_operator"], d["implicit"])


_edge = edge_value

_NX_VIEWS = ("adj", "degree", "edges", "in_degree", "in_edges", "nodes", "out_degree",
             "out_edges", "pred", "succ")
"""networkx's ``cached_property`` views of a ``MultiDiGraph`` (see ``DepGraph.__del__``)."""
