"""Graph output: DOT (via pydot) and SVG (via Graphviz's ``dot``), deterministic.

Style
-----
Nodes are ``cpv`` (with the root on a second line): target-root packages are
ellipses, host-root packages grey boxes; packages asked for have a double outline,
already-installed ones a dashed outline, synthesized ones (``bootstrap-*``) are yellow.
Edges go from the dependent to its dependency (the graph contract) and are coloured
by class (:data:`EDGE_COLOURS`); ``PDEPEND`` edges are dotted, **implicit** edges
(the toolchain model, :mod:`bootorder.resolver.implicit`) dashed, and edges given as
``marked`` (the ones an order ignored to break a cycle) red, bold and labelled
``cut``, without weight in the layout. Every edge's tooltip tells its class, atom and
USE condition.

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph()
>>> gmp = g.add_package("dev-libs/gmp-6.3.0", "target")
>>> libc = g.add_package("sys-libs/glibc-2.42", "target")
>>> g.add_dep(gmp, libc, "DEPEND", atom="virtual/libc", implicit=True)
>>> print(to_dot(g))
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

from ..core.errors import BootorderError, MissingDependencyError
from ..core.gcpause import paused_gc
from ..graph.depgraph import DepGraph, Edge, NodeKey
from .choices import FORMATS

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
             title: str | None = None) -> pydot.Dot:
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
    """
    import pydot  # imported here: only DOT output needs it (CLI start-up stays light)

    cuts = _marked_set(marked)
    two_roots = len({k.root for k in graph.nodes()}) > 1
    dot = pydot.Dot("bootorder", graph_type="digraph", rankdir="LR")
    if title:
        dot.set("label", title)
        dot.set("labelloc", "t")
    dot.set_node_defaults(fontname="Helvetica", fontsize="10")
    dot.set_edge_defaults(fontname="Helvetica", fontsize="8")
    for key in graph.nodes():
        dot.add_node(pydot.Node(node_id(key), **_node_attrs(graph.node(key), two_roots)))
    for edge in graph.edges():
        cut = (edge.source, edge.dep, edge.cls) in cuts or (edge.source, edge.dep, None) in cuts
        dot.add_edge(pydot.Edge(node_id(edge.source), node_id(edge.dep),
                                **_edge_attrs(edge, cut, labels)))
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
                 labels: bool = False) -> str:
    """The text ``bootorder graph`` prints: ``graph`` (cut to the neighbourhood of
    ``around`` when given, see :func:`bootorder.graph.neighbourhood.around`) as ``json``
    (:meth:`DepGraph.to_json`, indented), ``dot`` or ``svg``.

    >>> graph_output(DepGraph(), "json")
    '{\\n  "nodes": [],\\n  "edges": []\\n}\\n'
    """
    if fmt not in FORMATS:
        raise BootorderError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if around is not None:
        from ..graph.neighbourhood import around as cut
        graph = cut(graph, around, depth, direction=direction)
    if fmt == "json":
        with paused_gc():  # hundreds of thousands of values, no garbage: see core.gcpause
            return indented_json(graph.to_json()) + "\n"
    render = to_dot if fmt == "dot" else to_svg
    return render(graph, marked=marked, labels=labels)


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
    that depth. A flat dict (values plain or lists of plain values: graph nodes and
    edges) is written here with the C encoder, whose values need no collector; anything
    else goes through ``json.dumps(indent=2)``."""
    if not isinstance(item, dict) or not item or not all(
            _plain(v) or (type(v) is list and all(map(_plain, v))) for v in item.values()):
        return "    " + json.dumps(item, indent=2).replace("\n", "\n    ")
    fields = []
    for key, value in item.items():
        if type(value) is list:
            value = "[\n" + ",\n".join("        " + json.dumps(v) for v in value) + \
                "\n      ]" if value else "[]"
        else:
            value = json.dumps(value)
        fields.append(f"      {json.dumps(key)}: {value}")
    return "    {\n" + ",\n".join(fields) + "\n    }"


def _plain(value) -> bool:
    return value is None or type(value) in (str, int, float, bool)


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


def _edge_attrs(edge: Edge, cut: bool, labels: bool) -> dict:
    attrs = {"color": EDGE_COLOURS[edge.cls]}
    if edge.implicit:
        attrs["style"] = "dashed"
    elif edge.cls == "PDEPEND":
        attrs["style"] = "dotted"
    text = edge.cls + (f" {edge.use_text()}" if edge.use else "")
    if labels:
        attrs["label"] = text
    if cut:
        attrs.update(color="red", penwidth="2", constraint="false",
                     xlabel="cut", fontcolor="red")
    tip = f"{edge.cls} {edge.atom}" + (f" ({edge.use_text()})" if edge.use else "")
    attrs["tooltip"] = tip + (" (implicit)" if edge.implicit else "")
    return attrs


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
