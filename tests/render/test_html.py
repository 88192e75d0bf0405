"""HTML views for Jupyter: balanced markup, escaped text, and every row of the object."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from explain_graph import build

from bootorder.explanation.paths import explain
from bootorder.order.cycles import find_cycles
from bootorder.order.schedule import build_order
from bootorder.render.html import (
    atom_html,
    cycle_report_html,
    graph_html,
    order_html,
    spec_html,
    table,
)
from bootorder.syntax.atom import Atom
from bootorder.syntax.parse import parse_depend

VOID = {"br", "hr", "img", "meta", "link", "input"}


class Cells(HTMLParser):
    """Checks that tags balance and collects the text of each table row."""

    def __init__(self):
        super().__init__()
        self.stack, self.rows, self.row, self.cell = [], [], None, None

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
        self.stack.pop()
        if tag in ("td", "th"):
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr":
            self.rows.append(self.row)

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def rows(html: str) -> list[list[str]]:
    parser = Cells()
    parser.feed(html)
    parser.close()
    assert parser.stack == []
    return parser.rows


def test_table_escapes_and_elides():
    got = rows(table(["a", "b"], [["<x>", None], [True, ("p", "q")]] * 3, max_rows=4))
    assert got[:3] == [["a", "b"], ["<x>", ""], ["✓", "p q"]]
    assert got[-1] == ["… 2 more rows"]


def test_graph_rows_are_the_nodes():
    g = build()
    got = rows(graph_html(g))
    body = [r for r in got if len(r) == 8][1:]
    assert [(r[0], r[1]) for r in body] == [(k.cpv, k.root) for k in g.nodes()]
    assert {r[0]: (int(r[5]), int(r[6])) for r in body}["l/p-1"] == (2, 3)


def test_order_and_cycle_report_rows():
    g = build()
    order = build_order(g)
    got = rows(order_html(order))
    assert [r[1] for r in got if len(r) == 4][1:] == [k.cpv for k in order.order]
    assert [r[5] for r in got if len(r) == 6][1:] == [e.reason for e in order.ignored]
    report = find_cycles(g, scope="all")
    edges = [r for r in rows(cycle_report_html(report)) if len(r) == 8][1:]
    assert len(edges) == sum(len(c.edges) for c in report.cycles) > 0


def test_explanation_atom_and_spec():
    expl = explain(build(), "l/p", all_paths=True)
    got = rows(expl._repr_html_())
    paths = [r[1] for r in got if len(r) == 2 and r[0].isdigit()]
    assert len(paths) == 3 and paths[0].startswith("t/t1-1 —RDEPEND l/a→ l/a-1")
    assert rows(atom_html(Atom.parse(">=dev-libs/gmp-6:0=")))[1] == [
        ">=", "dev-libs", "gmp", "6", "0", "="]
    spec = parse_depend("a/b ssl? ( c/d || ( e/f g/h ) )")
    html = spec_html(spec)
    rows(html)
    assert html.count("<li>") == 6 and "<code>ssl?</code>" in html


def test_small_graph_is_drawn_when_graphviz_is_there():
    import shutil
    if shutil.which("dot") is None:
        pytest.skip("Graphviz dot not installed")
    assert "<svg" in graph_html(build())


def test_absent_package_shows_the_way_in():
    got = rows(explain(build(), "l/q")._repr_html_())
    assert ["(another any-of alternative)",
            "l/c-1@target DEPEND || ( l/p l/q ): l/p was chosen"] in got
