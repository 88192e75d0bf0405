"""DOT and SVG output: read back with pydot / as XML and compared with the graph."""
from __future__ import annotations

import json
import random
import re
import shutil
import xml.etree.ElementTree as ET

import pydot
import pytest

from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.core.depclass import NAMES
from bootorder.render.dot import EDGE_COLOURS, graph_output, node_id, to_dot, to_svg

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydot's pyparsing use

NODES = [("sys-libs/glibc-2.42", "target"), ("dev-libs/gmp-6.3.0", "target"),
         ("sys-devel/gcc-15.2.0", "host"), ("sys-devel/binutils-2.45", "host"),
         ("sys-devel/gcc-config-2.12", "target")]
EDGES = [  # (from, to, class, implicit, use)
    (1, 0, "DEPEND", True, ()), (1, 2, "BDEPEND", True, ()), (1, 3, "BDEPEND", True, ()),
    (0, 2, "BDEPEND", False, ("!clang",)), (2, 4, "PDEPEND", False, ()),
    (4, 0, "RDEPEND", False, ()), (2, 1, "DEPEND", False, ()),
]


def build(order=None):
    g = DepGraph()
    nodes = list(NODES)
    edges = list(EDGES)
    if order is not None:
        order.shuffle(nodes)
        order.shuffle(edges)
    for cpv, root in nodes:
        g.add_package(cpv, root, target=cpv.startswith("dev-libs/gmp"))
    for u, v, cls, implicit, use in edges:
        g.add_dep(NodeKey(*NODES[u]), NodeKey(*NODES[v]), cls, atom=NODES[v][0],
                  implicit=implicit, use=use)
    return g


def _edges_of(text):
    (dot,) = pydot.graph_from_dot_data(text)
    return {(e.get_source().strip('"'), e.get_destination().strip('"')): e
            for e in dot.get_edges()}, dot


def test_dot_round_trip_styles():
    """One drawn edge per pair of packages: a line per class in its colour, every edge
    of the pair in its tooltip; dashed when all are implicit, dotted for PDEPEND, red
    when cut."""
    g = build()
    cut = (NodeKey(*NODES[2]), NodeKey(*NODES[1]))
    edges, dot = _edges_of(to_dot(g, marked=[cut], labels=True))
    assert {n.get_name().strip('"') for n in dot.get_nodes()} >= {node_id(k) for k in g.nodes()}
    pairs: dict = {}
    for e in g.edges():
        pairs.setdefault((e.source, e.dep), []).append(e)
    assert len(edges) == len(pairs)
    for (source, dep), group in pairs.items():
        attrs = edges[(node_id(source), node_id(dep))]
        tips = {f"{e.cls} {e.atom}" + (f" ({e.use_text()})" if e.use else "")
                + (" (implicit)" if e.implicit else "") for e in group}
        assert set(attrs.get("tooltip").strip('"').split("\\n")) == tips
        is_cut = (source, dep) == cut
        classes = sorted({e.cls for e in group}, key=NAMES.index)
        assert attrs.get("color").strip('"') == \
            ("red" if is_cut else ":".join(EDGE_COLOURS[c] for c in classes))
        assert (attrs.get("style") == "dashed") == all(e.implicit for e in group)
        assert (attrs.get("style") == "dotted") == (classes == ["PDEPEND"]
                                                    and not all(e.implicit for e in group))
        assert (attrs.get("xlabel") == "cut") == is_cut
        assert attrs.get("label").strip('"').startswith(classes[0])


def test_parallel_edges_of_a_pair_are_merged_and_listed():
    g = DepGraph()
    gcc, gmp = g.add_package("sys-devel/gcc-15", "target"), g.add_package("dev-libs/gmp-6", "target")
    g.add_dep(gcc, gmp, "RDEPEND", atom=">=dev-libs/gmp-4.3.2:0=")
    g.add_dep(gcc, gmp, "DEPEND", atom=">=dev-libs/gmp-4.3.2:0=")
    edges, _ = _edges_of(to_dot(g, labels=True))
    (attrs,) = edges.values()
    assert attrs.get("color") == '"black:darkgreen"'
    assert attrs.get("label") == '"DEPEND + RDEPEND"'


def test_legend_names_what_the_drawing_uses_and_the_focus_is_gold():
    g = build()
    focus = NodeKey(*NODES[0])
    text = to_dot(g, marked=[(NodeKey(*NODES[2]), NodeKey(*NODES[1]))], focus=[focus])
    _, dot = _edges_of(text)
    (legend,) = [n for n in dot.get_nodes() if n.get_name() == "legend"]
    label = legend.get("label")
    for words in ("BDEPEND", "DEPEND", "RDEPEND", "PDEPEND", "dashed: implicit",
                  "red: cut", "gold: the package asked about", "grey box: host root"):
        assert words in label
    assert "IDEPEND" not in label                                  # only what is drawn
    (node,) = [n for n in dot.get_nodes() if n.get_name().strip('"') == node_id(focus)]
    assert node.get("fillcolor") == "gold"
    assert "legend" not in to_dot(g, legend=False)


def test_a_neighbourhood_picture_leaves_implicit_edges_out_unless_asked():
    g = build()
    around = "sys-devel/binutils"            # reached only through an implicit BDEPEND
    drawn = graph_output(g, "dot", around="dev-libs/gmp", depth=1)
    assert node_id(NodeKey(*NODES[3])) not in drawn and "style=dashed" not in drawn
    shown = graph_output(g, "dot", around="dev-libs/gmp", depth=1, implicit_edges=True)
    assert node_id(NodeKey(*NODES[3])) in shown and "style=dashed" in shown
    data = json.loads(graph_output(g, "json", around="dev-libs/gmp", depth=1))
    assert any(e["implicit"] for e in data["edges"])            # JSON is data: kept
    with pytest.raises(Exception):
        graph_output(g, "dot", around=around + "x")


def test_dot_is_deterministic():
    texts = {to_dot(build(random.Random(seed))) for seed in range(8)}
    assert len(texts) == 1


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot absent")
def test_svg_has_every_node_and_edge_and_dashes_implicit_ones():
    g = build()
    svg = to_svg(g)
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    groups = root.findall(".//s:g", ns)
    node_groups = [x for x in groups if x.get("class") == "node"]
    edge_groups = [x for x in groups if x.get("class") == "edge"]
    pairs = {(e.source, e.dep) for e in g.edges()}
    assert len(node_groups) == len(g) + 1 and len(edge_groups) == len(pairs)   # + legend
    dashed = [x for x in edge_groups if re.search(r'stroke-dasharray="5,2"', ET.tostring(x, "unicode"))]
    assert len(dashed) == len({(e.source, e.dep) for e in g.edges() if e.implicit}
                              - {(e.source, e.dep) for e in g.edges() if not e.implicit})
    assert svg == to_svg(build(random.Random(3)))


# -- the CLI: bootorder graph ----------------------------------------------------------------

from bootorder.cli import main  # noqa: E402

PROFILE = "coreos-overlay:coreos/amd64/sdk/transition"


@pytest.fixture(scope="module")
def corpus_args(corpus_dir):
    return ["--repo", str(corpus_dir / "portage-stable"), "--repo",
            str(corpus_dir / "coreos-overlay"), "--profile", PROFILE]


@pytest.fixture
def cli(capsys, corpus_args):
    def run(*argv):
        code = main(["graph", *corpus_args, *argv])
        return code, capsys.readouterr().out
    return run


@pytest.mark.corpus
def test_cli_json_is_the_graph_contract(cli):
    code, out = cli("sys-devel/gcc", "--json")
    data = json.loads(out)
    assert code == 0 and data["nodes"] and data["edges"]
    assert set(data["nodes"][0]) == {"cpv", "root", "slot", "subslot", "repo", "use"}
    assert set(data["edges"][0]) == {"from", "to", "class", "root", "use", "atom", "implicit"}
    assert any(e["implicit"] for e in data["edges"])
    keys = {(n["cpv"], n["root"]) for n in data["nodes"]}
    assert all((e["to"], e["root"]) in keys for e in data["edges"])
    code, off = cli("sys-devel/gcc", "--format", "json", "--implicit", "off")
    assert not any(e["implicit"] for e in json.loads(off)["edges"])
    assert cli("sys-devel/gcc", "--json")[1] == out  # deterministic


@pytest.mark.corpus
def test_cli_around_dot_and_svg(cli):
    code, full = cli("sys-devel/gcc", "--json")
    code, cut = cli("sys-devel/gcc", "--json", "--around", "gcc", "--depth", "1")
    full, cut = json.loads(full), json.loads(cut)
    gcc = {n["cpv"] for n in full["nodes"] if n["cpv"].startswith("sys-devel/gcc-")}
    near = gcc | {e["to"] for e in full["edges"] if e["from"] in gcc} \
        | {e["from"] for e in full["edges"] if e["to"] in gcc}
    assert gcc <= {n["cpv"] for n in cut["nodes"]} <= near
    assert len(cut["nodes"]) < len(full["nodes"])
    code, dot = cli("sys-devel/gcc", "--format", "dot", "--mark-cuts")
    assert code == 0 and dot.startswith("digraph bootorder {") and "style=dashed" in dot
    if shutil.which("dot"):
        code, svg = cli("sys-devel/gcc", "--format", "svg", "--around", "gcc")
        assert code == 0 and ET.fromstring(svg).tag.endswith("svg")
    assert cli("sys-devel/gcc", "--around", "no-such-package")[0] == 2
