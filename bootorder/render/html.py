"""HTML (and SVG) views of the main objects, for Jupyter's ``_repr_html_``.

Each ``*_html(obj)`` returns a self-contained HTML fragment (escaped, deterministic);
the classes' ``_repr_html_`` methods call these, so notebooks show atoms, specs,
graphs, orders, explanations and cycle reports as tables.

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph(); _ = g.add_package("sys-libs/zlib-1.3", "target", target=True)
>>> "<td>sys-libs/zlib-1.3</td>" in graph_html(g)
True
"""
from __future__ import annotations

from html import escape
from typing import Any, Iterable, Sequence

from ..core.display import register_html

MAX_ROWS = 60
"""Rows shown before a table is elided (the objects hold everything)."""

_STYLE = "border-collapse:collapse;font-family:monospace;font-size:90%"


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], caption: str = "",
          max_rows: int = MAX_ROWS) -> str:
    """An HTML table; cells are escaped text, ``None`` shows as empty.

    >>> table(["a"], [["<x>"]])
    '<table style="border-collapse:collapse;font-family:monospace;font-size:90%"><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;x&gt;</td></tr></tbody></table>'
    """
    rows = list(rows)
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>"
                   for row in rows[:max_rows])
    if len(rows) > max_rows:
        body += (f'<tr><td colspan="{len(headers)}">… {len(rows) - max_rows} more rows'
                 "</td></tr>")
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (f'<table style="{_STYLE}">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, (list, tuple, frozenset, set)):
        items = sorted(value) if isinstance(value, (frozenset, set)) else value
        return escape(" ".join(str(v) for v in items))
    return escape(str(value))


def _use(enabled: Iterable[str], disabled: Iterable[str] = ()) -> str:
    return " ".join(sorted(enabled)) + "".join(f" -{f}" for f in sorted(disabled))


# ---- graph ---------------------------------------------------------------------------

SVG_MAX_NODES = 60
"""Graphs up to this size are also drawn (Graphviz), larger ones only tabulated."""


def graph_svg(graph, marked=()) -> str | None:
    """The graph drawn as SVG by :func:`bootorder.render.dot.to_svg`; None when it is too
    large (:data:`SVG_MAX_NODES`) or Graphviz is missing."""
    if len(graph) == 0 or len(graph) > SVG_MAX_NODES:
        return None
    from ..core.errors import BootorderError
    from .dot import to_svg
    try:
        return to_svg(graph, marked=marked)
    except (BootorderError, OSError):
        return None


def graph_html(graph) -> str:
    """A :class:`~bootorder.graph.depgraph.DepGraph` as a summary line, a drawing when small,
    and a node table."""
    nxg = graph.nx
    roots = sorted({k.root for k in nxg})
    summary = (f"<p><b>DepGraph</b>: {len(graph)} packages "
               f"({', '.join(f'{r}: {len(graph.nodes(r))}' for r in roots)}), "
               f"{nxg.number_of_edges()} edges, {len(graph.targets())} targets</p>")
    rows = ([k.cpv, k.root, d["slot"], d["repo"], d["target"], nxg.out_degree(k),
             nxg.in_degree(k), _use(d["use"])]
            for k in graph.nodes() for d in [graph.node(k)])
    svg = graph_svg(graph)
    return summary + (_inline_svg(svg) if svg else "") + table(
        ["cpv", "root", "slot", "repo", "requested", "needs", "needed by", "USE"], rows)


def _inline_svg(svg: str) -> str:
    start = svg.find("<svg")
    return f"<div>{svg[start:] if start >= 0 else svg}</div>"


def edges_html(edges: Iterable) -> str:
    """Edges (:class:`~bootorder.graph.depgraph.Edge` or step JSON dicts) as a table."""
    rows = []
    for e in edges:
        j = e if isinstance(e, dict) else e.to_json()
        rows.append([j["from"], j["class"], j["atom"], j["use"], j["to"], j["root"],
                     j["implicit"]])
    return table(["from (dependent)", "class", "atom", "USE", "to (dependency)",
                  "root", "implicit"], rows)


# ---- explanation ---------------------------------------------------------------------

def explanation_html(expl) -> str:
    """An :class:`~bootorder.explanation.paths.Explanation`: instances, paths, needs, cycles."""
    j = expl.to_json()
    parts = [f"<p><b>explain {escape(j['package'])}</b>"
             + (" — a target" if j["target"] else "") + "</p>"]
    if not j["found"]:
        parts.append(_absent_html(j["absent"]))
        return "".join(parts)
    parts.append(table(["cpv", "root", "slot", "repo", "requested", "USE"],
                       ([i["cpv"], i["root"], i["slot"], i["repo"], i["target"],
                         _use(i["use"], i["use_disabled"])] for i in j["instances"])))
    what = "what it needs" if j["reverse"] else "pulled in by"
    more = " (more not shown: bounded)" if j["truncated"] else ""
    parts.append(f"<p>{len(j['paths'])} paths, {what}{more}:</p>")
    parts.append(table(["#", "path"], ([n, _path_text(p)]
                                       for n, p in enumerate(j["paths"], 1))))
    parts.append("<p>its own dependencies:</p>" + edges_html(j["dependencies"]))
    if j["cycles"]:
        parts.append(f"<p>in {len(j['cycles'])} cycles:</p>")
        parts.append(table(["cycle", "broken by ignoring"],
                           ([" → ".join(c.get("packages", [])),
                             "; ".join(c.get("broken_by", []))] for c in j["cycles"])))
    if j["build"]:
        parts.append(table(sorted(j["build"][0]),
                           ([b[k] for k in sorted(b)] for b in j["build"]),
                           caption="where it is built"))
    return "".join(parts)


def _path_text(path: list[dict]) -> str:
    if not path:
        return ""
    text = path[0]["from"]
    for s in path:
        cond = f" {s['use']}" if s["use"] else ""
        text += f" —{s['class']}{cond} {s['atom']}→ {s['to']}"
    return text


def _absent_html(absent: dict | None) -> str:
    if not absent:
        return "<p>not in the graph</p>"
    out = f"<p>{escape(absent['message'])} ({escape(absent['reason'])})</p>"
    if absent.get("did_you_mean"):
        out += f"<p>did you mean {escape(', '.join(absent['did_you_mean']))}?</p>"
    out += table(["change that would pull it in", "because"],
                 ([w["change"] or "(another any-of alternative)", w["why"]]
                  for w in absent.get("pulled_in_by", ())))
    out += table(["cpv", "repo", "visible", "why not"],
                 ([v["cpv"], v["repo"], v["visible"], "; ".join(v["reasons"])]
                  for v in absent.get("versions", ())), caption="versions")
    return out


# ---- atom ----------------------------------------------------------------------------

_ATOM_FIELDS = ("blocker", "operator", "category", "package", "version", "slot",
                "subslot", "slot_operator", "repo", "use_deps")


def atom_html(atom) -> str:
    """An :class:`~bootorder.syntax.atom.Atom`: its text and one row of its fields.

    >>> from bootorder.syntax.atom import Atom
    >>> "<td>&gt;=</td>" in atom_html(Atom.parse(">=dev-libs/gmp-6:0="))
    True
    """
    present = [f for f in _ATOM_FIELDS if getattr(atom, f, None) not in (None, ())]
    return (f"<p><code>{escape(str(atom))}</code></p>"
            + table(present, [[getattr(atom, f) for f in present]]))


# ---- dependency specifications ------------------------------------------------------

def spec_html(spec) -> str:
    """A :mod:`bootorder.syntax.depspec` tree as nested lists (groups, conditionals, atoms).

    >>> from bootorder.syntax.parse import parse_depend
    >>> "<li><code>ssl?</code>" in spec_html(parse_depend("a/b ssl? ( c/d )"))
    True
    """
    return f"<p><code>{escape(str(spec))}</code></p>{_spec_list(spec)}"


def _spec_list(node) -> str:
    items = []
    for child in getattr(node, "children", ()):
        if hasattr(child, "children"):
            items.append(f"<li><code>{escape(_group_label(child))}</code>"
                         f"{_spec_list(child)}</li>")
        else:
            items.append(f"<li><code>{escape(str(child))}</code></li>")
    return f"<ul>{''.join(items)}</ul>"


def _group_label(node) -> str:
    text = str(node)
    return text.split("(", 1)[0].strip() or "( )"


# ---- orders and cycles ---------------------------------------------------------------

def order_html(order) -> str:
    """A :class:`~bootorder.order.schedule.BuildOrder`: position, wave, the edges it ignores."""
    wave = {k: w for w, keys in enumerate(order.waves, 1) for k in keys}
    head = (f"<p><b>BuildOrder</b>: {len(order.order)} packages in {len(order.waves)} "
            f"waves, {len(order.ignored)} edges ignored"
            + (f", <b>{len(order.hard_cycles)} hard cycles</b>" if order.hard else "")
            + "</p>")
    rows = ([i, k.cpv, k.root, wave.get(k)] for i, k in enumerate(order.order, 1))
    ignored = ([e.edge.source.cpv, e.edge.cls, e.edge.atom, e.edge.dep.cpv,
                e.priority.label, e.reason] for e in order.ignored)
    return (head + table(["#", "cpv", "root", "wave"], rows)
            + table(["from", "class", "atom", "to", "priority", "ignored because"],
                    ignored, caption="edges ignored to break cycles"))


def cycle_report_html(report) -> str:
    """A :class:`~bootorder.order.cycles.CycleReport`: one row per cycle edge."""
    head = (f"<p><b>CycleReport</b> ({report.scope}): {len(report.cycles)} cycles in "
            f"{len(report.components)} strongly connected components"
            + (" (capped)" if report.truncated else "") + "</p>")
    rows = ([n if i == 0 else "", "hard" if c.hard and i == 0 else "",
             e.edge.source.cpv, e.edge.cls, e.edge.atom, e.edge.use_text(), e.edge.dep.cpv,
             e.priority.label]
            for n, c in enumerate(report.cycles, 1) for i, e in enumerate(c.edges))
    return head + table(["cycle", "", "from", "class", "atom", "USE", "to", "priority"],
                        rows)


def toolchain_html(result) -> str:
    """A :class:`~bootorder.toolchain.ordering.ToolchainOrder`: the order with its reasons."""
    j = result.to_json()
    return ("<p><b>Toolchain order</b>: " + escape(" → ".join(e["cp"] for e in j["order"]))
            + "</p>" + table(["#", "cp", "cpv", "reason"],
                             ([i, e["cp"], e["cpv"], e["reason"]]
                              for i, e in enumerate(j["order"], 1)))
            + table(["cp", "kind", "reason"],
                    ([b["cp"], b["kind"], b["reason"]] for b in j["bootstrap"]),
                    caption="bootstrap"))


# ---- registration --------------------------------------------------------------------

_RENDERERS = {
    "bootorder.syntax.atom.Atom": atom_html,
    "bootorder.syntax.depspec.DepSpec": spec_html,
    "bootorder.graph.depgraph.DepGraph": graph_html,
    "bootorder.order.schedule.BuildOrder": order_html,
    "bootorder.order.cycles.CycleReport": cycle_report_html,
    "bootorder.explanation.paths.Explanation": explanation_html,
    "bootorder.toolchain.ordering.ToolchainOrder": toolchain_html,
}
"""The renderer of each value class, by qualified name (see :mod:`bootorder.core.display`)."""

for _name, _renderer in _RENDERERS.items():
    register_html(_name, _renderer)
