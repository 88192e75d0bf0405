"""What a ``bootstrap-*`` copy is: its node, its reduced USE, its dependencies, its text.

:func:`bootorder.bootstrap.synthesis.synthesize_bootstrap` decides which packages get a copy and
which edges it takes over; this module makes the copy of one package ``v``: a node
``cat/bootstrap-pf`` in ``v``'s root built by the host's tools with ``USE="-* build"``
(:func:`add_bootstrap_node`), the dependencies of ``v`` that still hold under that USE,
with the copies of other members of the component in place of the real packages and
none that would close a cycle of copies (:func:`wire_bootstraps`), and the lines
saying how it differs from ``v`` (:func:`differs`).

>>> bootstrap_cpv("sys-libs/glibc-2.43-r2")
'sys-libs/bootstrap-glibc-2.43-r2'
"""
from __future__ import annotations

from typing import Mapping

import networkx as nx

from ..core.depclass import HOLDS_MERGE
from ..graph.depgraph import DepGraph, Edge, NodeKey
from ..graph.projection import edge_key

BOOTSTRAP_USE = frozenset({"build"})
"""The reduced USE of a bootstrap package (``-* build``)."""

LANGUAGE_FLAGS = frozenset({"cxx", "fortran", "objc", "objc++", "objc-gc", "go", "ada", "d",
                            "rust", "modula2", "cobol", "jit"})
"""The compiler's language flags a C-only bootstrap compiler turns off, forced or not."""


def edge_rank(e: Edge) -> tuple:
    """Which in-component edges keep their real dependency first."""
    return (e.implicit, e.cls != "BDEPEND", e.cls != "HOSTDEPEND", edge_key(e))


def bootstrap_cpv(cpv: str) -> str:
    """The cpv of the bootstrap copy of ``cpv``.

    >>> bootstrap_cpv("sys-devel/gcc-15.3.0")
    'sys-devel/bootstrap-gcc-15.3.0'
    """
    cat, _, pf = cpv.partition("/")
    return f"{cat}/bootstrap-{pf}"


def add_bootstrap_node(graph: DepGraph, out: DepGraph, v: NodeKey, compiler: str) -> NodeKey:
    """Add the (dependency-less) copy of ``v`` to ``out``; C only when ``v`` is the
    ``compiler``."""
    d = graph.node(v)
    c_only = ", C only" if d["cp"] == compiler else ""
    return out.add_package(
        bootstrap_cpv(v.cpv), v.root, slot=d["slot"], subslot=d["subslot"], repo=d["repo"],
        use=BOOTSTRAP_USE, use_disabled=(d["use"] | d["use_disabled"]) - BOOTSTRAP_USE,
        synthetic=f"bootstrap copy of {v.cpv}: built by the host's tools with "
                  f"USE=\"-* build\"{c_only}")


def move_edge(out: DepGraph, e: Edge, to: NodeKey) -> None:
    """Point ``e`` (an edge of ``out``) at ``to`` instead, everything else kept."""
    out.nx.remove_edge(e.source, e.dep, e.key)
    out.add_dep(e.source, to, e.cls, atom=e.atom, use=e.use, any_of=e.any_of,
                not_taken=e.not_taken, slot_operator=e.slot_operator, implicit=e.implicit)


def served_everywhere(graph: DepGraph, copy_of: Mapping[NodeKey, NodeKey],
                      redirected) -> DepGraph:
    """``graph`` as its packages, written out, resolve (a new graph): a package's
    instances share its dependency strings, so an edge taken over by a copy
    (``redirected``: the edges as they were, into the real package; ``copy_of``: the copy
    of each real package) is taken over in every instance of its dependent (same class
    and atom, into the same real package); what no target reaches then is gone (a graph
    without targets keeps every package).

    >>> g = DepGraph()
    >>> t, h, b = (g.add_package(*k) for k in (("x/t-1", "target"), ("x/t-1", "host"),
    ...                                         ("x/b-1", "host")))
    >>> g.nx.nodes[t]["target"] = True
    >>> g.add_dep(t, b, "DEPEND", atom="x/b"); g.add_dep(h, b, "DEPEND", atom="x/b")
    >>> copy = g.add_package("x/bootstrap-b-1", "host")
    >>> out = served_everywhere(g, {b: copy}, [g.edges(h)[0]])
    >>> [(e.source.cpv, e.dep.cpv) for e in out.edges()]
    [('x/t-1', 'x/bootstrap-b-1')]
    """
    taken = {(e.source.cpv, e.cls, e.atom, e.dep) for e in redirected}
    out = graph.copy()
    for e in graph.edges():
        if (e.source.cpv, e.cls, e.atom, e.dep) in taken:
            move_edge(out, e, copy_of[e.dep])
    targets = out.targets()
    if targets:
        keep = set(targets).union(*(nx.descendants(out.nx, t) for t in targets))
        out.nx.remove_nodes_from([k for k in out.nodes() if k not in keep])
    return out


def _use_holds(use: tuple[str, ...], iuse: frozenset[str], forced: frozenset[str]) -> bool:
    """Whether a (resolved, hence true) USE condition still holds under ``-* build``.

    >>> _use_holds(("build", "!nls", "elibc_glibc"), frozenset({"build", "nls"}), frozenset())
    True
    >>> _use_holds(("nls",), frozenset({"nls"}), frozenset())
    False
    """
    on = BOOTSTRAP_USE | forced
    return all(flag.lstrip("!") not in iuse or ((flag[1:] not in on) if flag.startswith("!")
                                                else flag in on) for flag in use)


def wire_bootstraps(graph: DepGraph, out: DepGraph, acyclic, boot: dict,
                     comp: set, forced: Mapping) -> dict[NodeKey, list[Edge]]:
    """Give every bootstrap node its dependencies; return what each one leaves out.

    ``acyclic`` (an :class:`bootorder.bootstrap.binding.Overlay`) holds the binding edges
    kept so far; the merge edges added between copies go into it too.

    Edges are taken in :func:`edge_rank` order over all bootstrap nodes of the
    component, so a metadata edge between two of them wins over an implicit one.
    """
    dropped: dict[NodeKey, list[Edge]] = {v: [] for v in boot}
    for e in sorted((e for v in boot for e in graph.edges(v)), key=edge_rank):
        b = boot[e.source]
        to = e.dep if e.dep not in comp else boot.get(e.dep)
        d = graph.node(e.source)
        holds = _use_holds(e.use, d["use"] | d["use_disabled"],
                           frozenset(forced.get(e.source, ())))
        if to == b or to is None or not holds:
            dropped[e.source].append(e)
            continue
        if e.cls in HOLDS_MERGE and to in boot.values():
            if acyclic.has_path(to, b):
                dropped[e.source].append(e)
                continue
            acyclic.add_edge(b, to)
        out.add_dep(b, to, e.cls, atom=e.atom, use=e.use, any_of=e.any_of,
                    not_taken=e.not_taken, slot_operator=e.slot_operator, implicit=e.implicit)
    return dropped


def differs(graph: DepGraph, v: NodeKey, c_only: bool, dropped: list, comp: set,
            forced: frozenset[str]) -> tuple:
    """The lines saying how the copy of ``v`` differs from ``v`` (USE, languages, the
    dependencies it goes without)."""
    d = graph.node(v)
    keep = forced - LANGUAGE_FLAGS if c_only else forced
    off_flags = sorted(d["use"] - BOOTSTRAP_USE - keep)
    kept = sorted(d["use"] & keep)
    use = 'USE="-* build"' + (": turns off " + " ".join(off_flags) if off_flags
                              else " (no flag of its resolved USE to turn off)")
    if kept:
        use += "; forced by the profile, kept: " + " ".join(kept)
    lines = ["built by the host's (seed's) tools, before the cycle", use]
    if c_only:
        lines.append("C only (no C++ or other languages)")
    inside = sorted({e.dep.cpv for e in dropped if e.dep in comp and e.dep != v})
    if inside:
        lines.append("without its in-cycle dependencies (the host provides them): "
                     + ", ".join(inside))
    off = sorted({e.dep.cpv for e in dropped if e.dep not in comp})
    if off:
        lines.append("without dependencies USE=\"-* build\" turns off: " + ", ".join(off))
    return tuple(lines)
