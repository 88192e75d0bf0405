"""DOT and SVG output: read back with pydot / as XML and compared with the graph."""
from __future__ import annotations

import random
import re
import shutil
import xml.etree.ElementTree as ET

import pydot
import pytest

from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.render.dot import EDGE_COLOURS, node_id, to_dot, to_svg

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
    return {(e.get_source().strip('"'), e.get_destination().strip('"'), e.get("tooltip")): e
            for e in dot.get_edges()}, dot


def test_dot_round_trip_styles():
    g = build()
    cut = (NodeKey(*NODES[2]), NodeKey(*NODES[1]))
    edges, dot = _edges_of(to_dot(g, marked=[cut], labels=True))
    assert {n.get_name().strip('"') for n in dot.get_nodes()} >= {node_id(k) for k in g.nodes()}
    assert len(edges) == len(g.edges())
    for e in g.edges():
        tip = f'"{e.cls} {e.atom}' + (f" ({e.use_text()})" if e.use else "") \
            + (" (implicit)" if e.implicit else "") + '"'
        attrs = edges[(node_id(e.source), node_id(e.dep), tip)]
        is_cut = (e.source, e.dep) == cut
        assert attrs.get("color") == ("red" if is_cut else EDGE_COLOURS[e.cls])
        assert (attrs.get("style") == "dashed") == e.implicit
        assert (attrs.get("style") == "dotted") == (e.cls == "PDEPEND" and not e.implicit)
        assert (attrs.get("xlabel") == "cut") == is_cut
        assert attrs.get("label").strip('"').startswith(e.cls)


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
    assert len(node_groups) == len(g) and len(edge_groups) == len(g.edges())
    dashed = [x for x in edge_groups if re.search(r'stroke-dasharray="5,2"', ET.tostring(x, "unicode"))]
    assert len(dashed) == sum(e.implicit for e in g.edges())
    assert svg == to_svg(build(random.Random(3)))


# -- the CLI: bootorder graph ----------------------------------------------------------------

import json  # noqa: E402

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
