"""Graph output: DOT (via pydot) and SVG (via Graphviz's ``dot``), deterministic.

Style
-----
Nodes are ``cpv`` (with the root on a second line): target-root packages are
ellipses, host-root packages grey boxes; packages asked for have a double outline,
already-installed ones a dashed outline, synthesized ones (``bootstrap-*``) are yellow,
the package a neighbourhood is drawn around (``focus``) gold and bold. Edges go from
the dependent to its dependency (the graph contract); the edges of one pair are drawn
as one, with a line per class in the class's colour (:data:`EDGE_COLOURS`) and every
class in its tooltip (and label with ``labels``). ``PDEPEND`` edges are dotted,
**implicit** edges (the toolchain model, :mod:`bootorder.resolver.implicit`) dashed,
and edges given as ``marked`` (the ones an order ignored to break a cycle) red, bold and
labelled ``cut``, without weight in the layout. A legend node explains what the drawing
uses. In a neighbourhood (:func:`graph_output` with ``around``), implicit edges are left
out unless asked for: every compiled package has one to the compiler.

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph()
>>> gmp = g.add_package("dev-libs/gmp-6.3.0", "target")
>>> libc = g.add_package("sys-libs/glibc-2.42", "target")
>>> g.add_dep(gmp, libc, "DEPEND", atom="virtual/libc", implicit=True)
>>> print(to_dot(g, legend=False))
digraph bootorder {
rankdir=LR;
node [fontname=Helvetica, fontsize=10];
edge [fontname=Helvetica, fontsize=8];
"dev-libs/gmp-6.3.0@target" [label="dev-libs/gmp-6.3.0", shape=ellipse];
"sys-libs/glibc-2.42@target" [label="sys-libs/glibc-2.42", shape=ellipse];
"dev-libs/gmp-6.3.0@target" -> "sys-libs/glibc-2.42@target" [color=black, style=dashed, tooltip="DEPEND virtual/libc (implicit)"];
}
<BLANKLINE>
"""
from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..core.depclass import NAMES
from ..core.errors import BootorderError, MissingDependencyError
from ..core.gcpause import paused_gc
from ..graph.depgraph import DepGraph, Edge, NodeKey
from .choices import FORMATS
from .jsontext import indented

if TYPE_CHECKING:
    import pydot

EDGE_COLOURS = {
    "BDEPEND": "blue", "HOSTDEPEND": "purple", "DEPEND": "black",
    "IDEPEND": "gray40", "RDEPEND": "darkgreen", "PDEPEND": "darkorange",
}
"""Edge colour per dependency class."""



def node_id(key: NodeKey) -> str:
    """The DOT identifier of a node: ``cpv@root``."""
    return f"{key.cpv}@{key.root}"


def to_pydot(graph: DepGraph, *, marked: Iterable = (), labels: bool = False,
             title: str | None = None, focus: Iterable[NodeKey] = (),
             legend: bool = True) -> pydot.Dot:
    """The graph as a :class:`pydot.Dot` (see the module docstring for the style).

    Parameters
    ----------
    graph
        The graph to draw (not changed).
    marked
        Edges to mark as cycle-breaking: :class:`~bootorder.graph.depgraph.Edge` values,
        :class:`bootorder.order.schedule.IgnoredEdge` values (``build_order(g).ignored``) or
        ``(source, dep)`` / ``(source, dep, cls)`` tuples of node keys.
    labels
        Write each edge's class (and USE condition) on it.
    title
        A graph label drawn on top.
    focus
        Nodes to highlight (the centre of a neighbourhood).
    legend
        Add the legend node.
    """
    import pydot  # imported here: only DOT output needs it (CLI start-up stays light)

    cuts = _marked_set(marked)
    focus = set(focus)
    two_roots = len({k.root for k in graph.nodes()}) > 1
    dot = pydot.Dot("bootorder", graph_type="digraph", rankdir="LR")
    if title:
        dot.set("label", title)
        dot.set("labelloc", "t")
    dot.set_node_defaults(fontname="Helvetica", fontsize="10")
    dot.set_edge_defaults(fontname="Helvetica", fontsize="8")
    for key in graph.nodes():
        attrs = _node_attrs(graph.node(key), two_roots)
        if key in focus:
            attrs.update(style="filled,bold", fillcolor="gold", penwidth="2")
        dot.add_node(pydot.Node(node_id(key), **attrs))
    pairs: dict[tuple[NodeKey, NodeKey], list[Edge]] = {}
    for edge in graph.edges():
        pairs.setdefault((edge.source, edge.dep), []).append(edge)
    for (source, dep), edges in pairs.items():
        cut = any((source, dep, e.cls) in cuts for e in edges) or (source, dep, None) in cuts
        dot.add_edge(pydot.Edge(node_id(source), node_id(dep),
                                **_pair_attrs(edges, cut, labels)))
    if legend and len(graph):
        dot.add_node(pydot.Node("legend", shape="none", margin="0",
                                label=_legend(graph, cuts, focus)))
    return dot


def to_dot(graph: DepGraph, **options) -> str:
    """DOT text of :func:`to_pydot` (same options)."""
    return to_pydot(graph, **options).to_string()


def to_svg(graph: DepGraph, **options) -> str:
    """SVG text drawn by Graphviz's ``dot`` from :func:`to_dot` (same options).

    Raises
    ------
    MissingDependencyError
        when Graphviz's ``dot`` is not on ``PATH``.
    """
    return dot_to_svg(to_dot(graph, **options))


def graph_output(graph: DepGraph, fmt: str = "json", *, around: str | None = None,
                 depth: int = 1, direction: str = "both", marked: Iterable = (),
                 labels: bool = False, implicit_edges: bool = False) -> str:
    """The text ``bootorder graph`` prints: ``graph`` (cut to the neighbourhood of
    ``around`` when given, see :func:`bootorder.graph.neighbourhood.around`) as ``json``
    (:meth:`DepGraph.to_json`, indented), ``dot`` or ``svg``. A neighbourhood is drawn
    around its package (highlighted) without implicit edges unless ``implicit_edges``
    (JSON keeps them: it is data, not a picture).

    >>> graph_output(DepGraph(), "json")
    '{\\n  "nodes": [],\\n  "edges": []\\n}\\n'
    """
    if fmt not in FORMATS:
        raise BootorderError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    focus: list[NodeKey] = []
    if around is not None:
        from ..graph.neighbourhood import around as cut
        from ..graph.queries import match_instances
        if fmt != "json" and not implicit_edges:
            graph = without_implicit_edges(graph)
        focus = match_instances(graph, around)
        graph = cut(graph, around, depth, direction=direction)
    if fmt == "json":
        with paused_gc():  # hundreds of thousands of values, no garbage: see core.gcpause
            return indented_json(graph.to_json()) + "\n"
    render = to_dot if fmt == "dot" else to_svg
    return render(graph, marked=marked, labels=labels, focus=focus)


def without_implicit_edges(graph: DepGraph) -> DepGraph:
    """A copy of ``graph`` without its implicit edges (every node kept).

    >>> g = DepGraph(); a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    >>> g.add_dep(a, b, "DEPEND", atom="x/b", implicit=True)
    >>> len(without_implicit_edges(g).edges()), len(g.edges())
    (0, 1)
    """
    kept = graph.copy()
    kept.nx.remove_edges_from([(u, v, k) for u, v, k, implicit
                               in graph.nx.edges(keys=True, data="implicit") if implicit])
    return kept


def indented_json(data: dict[str, list]) -> str:
    """``json.dumps(data, indent=2)`` of a dict of lists, encoded item by item: the same
    text, without the encoder holding millions of pieces of a whole-tree graph at once.

    >>> data = {"nodes": [{"cpv": "a/b-1", "use": ["x"], "slot": None}], "edges": []}
    >>> indented_json(data) == json.dumps(data, indent=2)
    True
    """
    parts = []
    for key, items in data.items():
        body = ",\n".join(_item_json(item) for item in items)
        parts.append(f"  {json.dumps(key)}: " + (f"[\n{body}\n  ]" if items else "[]"))
    return "{\n" + ",\n".join(parts) + "\n}" if parts else "{}"


def _item_json(item) -> str:
    """One list item of :func:`indented_json`, indented as ``json.dumps`` indents it at
    that depth."""
    return "    " + indented(item, 2, "    ")


def dot_to_svg(text: str) -> str:
    """Run Graphviz's ``dot -Tsvg`` on DOT ``text``."""
    exe = shutil.which("dot")
    if exe is None:
        raise MissingDependencyError("Graphviz's 'dot' is not installed (needed for SVG)")
    done = subprocess.run([exe, "-Tsvg"], input=text, capture_output=True, text=True)
    if done.returncode != 0:
        raise BootorderError(f"dot -Tsvg failed: {done.stderr.strip()}")
    return done.stdout


def _node_attrs(data: dict, two_roots: bool) -> dict:
    attrs = {"label": f"{data['cpv']}\n{data['root']}" if two_roots else data["cpv"]}
    if data["root"] == "host":
        attrs.update(shape="box", style="filled", fillcolor="gray90")
    else:
        attrs["shape"] = "ellipse"
    if data.get("target"):
        attrs["peripheries"] = "2"
    if data.get("installed"):
        attrs["style"] = ",".join(filter(None, [attrs.get("style"), "dashed"]))
    if data.get("synthetic"):
        attrs.update(style="filled", fillcolor="lightyellow", tooltip=data["synthetic"])
    return attrs


def _pair_attrs(edges: list[Edge], cut: bool, labels: bool) -> dict:
    """One drawn edge for every edge of a pair: a line per class, each class listed."""
    edges = sorted(edges, key=lambda e: (NAMES.index(e.cls), e.sort_key()))
    classes = list(dict.fromkeys(e.cls for e in edges))
    attrs = {"color": ":".join(EDGE_COLOURS[c] for c in classes)}
    if all(e.implicit for e in edges):
        attrs["style"] = "dashed"
    elif classes == ["PDEPEND"]:
        attrs["style"] = "dotted"
    if labels:
        attrs["label"] = " + ".join(dict.fromkeys(
            e.cls + (f" {e.use_text()}" if e.use else "") for e in edges))
    if cut:
        attrs.update(color="red", penwidth="2", constraint="false",
                     xlabel="cut", fontcolor="red")
    attrs["tooltip"] = "\n".join(
        f"{e.cls} {e.atom}" + (f" ({e.use_text()})" if e.use else "")
        + (" (implicit)" if e.implicit else "") for e in edges)
    return attrs


def _legend(graph: DepGraph, cuts: set, focus: set) -> str:
    """An HTML-like label: what the shapes, colours and line styles of this drawing mean."""
    edges = graph.edges()
    present = [c for c in NAMES if any(e.cls == c for e in edges)]
    rows = [f'<tr><td><font color="{EDGE_COLOURS[c]}">&#9473;&#9473;&#9473;</font></td>'
            f"<td align=\"left\">{c}</td></tr>" for c in present]
    notes = ["ellipse: target root (new)", "grey box: host root (build host)",
             "double outline: requested", "two lines: several classes"]
    notes += ["dashed: implicit (toolchain model)"] * any(e.implicit for e in edges)
    notes += ["red: cut to break a cycle"] * bool(cuts)
    notes += ["gold: the package asked about"] * bool(focus)
    notes += ["yellow: bootstrap copy"] * any(graph.node(k).get("synthetic")
                                               for k in graph.nodes())
    rows += [f'<tr><td colspan="2" align="left">{n}</td></tr>' for n in notes]
    return ('<<table border="0" cellborder="0" cellspacing="0" cellpadding="1">'
            '<tr><td colspan="2"><b>legend</b></td></tr>' + "".join(rows) + "</table>>")


def _marked_set(marked: Iterable) -> set[tuple]:
    found = set()
    for item in marked:
        item = getattr(item, "edge", item)  # order.IgnoredEdge
        if isinstance(item, Edge):
            found.add((item.source, item.dep, item.cls))
        elif len(item) == 2:
            found.add((NodeKey(*item[0]), NodeKey(*item[1]), None))
        else:
            found.add((NodeKey(*item[0]), NodeKey(*item[1]), item[2]))
    return found
