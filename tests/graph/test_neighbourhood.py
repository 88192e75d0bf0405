"""around(): checked against networkx's ego_graph on random graphs (the oracle)."""
from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings, strategies as st

from bootorder.core.depclass import NAMES as DEP_CLASSES
from bootorder.core.errors import ResolutionError
from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.graph.neighbourhood import around


@st.composite
def graphs(draw):
    n = draw(st.integers(1, 12))
    names = [f"cat/p{i}-1" for i in range(n)]
    roots = [draw(st.sampled_from(["target", "host"])) for _ in names]
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                    st.sampled_from(DEP_CLASSES)), max_size=30))
    g = DepGraph()
    keys = [g.add_package(name, root) for name, root in zip(names, roots)]
    for u, v, cls in edges:
        g.add_dep(keys[u], keys[v], cls, atom=names[v].rsplit("-", 1)[0])
    return g, keys


ORACLE = {
    "both": lambda g: g.nx.to_undirected(as_view=True),
    "deps": lambda g: g.nx,
    "rdeps": lambda g: g.nx.reverse(copy=False),
}


@settings(max_examples=60, deadline=None)
@given(graphs(), st.integers(0, 4), st.sampled_from(sorted(ORACLE)), st.data())
def test_around_matches_ego_graph(case, depth, direction, data):
    g, keys = case
    centre = data.draw(st.sampled_from(keys))
    cut = around(g, centre, depth, direction=direction)
    expected = set(nx.ego_graph(ORACLE[direction](g), centre, radius=depth).nodes)
    assert set(cut.nodes()) == expected
    # every edge among the kept nodes, attributes intact; the input is unchanged
    inside = [e for e in g.edges() if e.source in expected and e.dep in expected]
    assert [e.to_json() for e in cut.edges()] == [e.to_json() for e in inside]
    assert len(g) == len(keys)


def test_name_selects_every_root_and_unknown_name_is_an_error():
    g = DepGraph()
    gcc_t = g.add_package("sys-devel/gcc-15.2.0", "target")
    gcc_h = g.add_package("sys-devel/gcc-15.2.0", "host")
    gmp = g.add_package("dev-libs/gmp-6.3.0", "host")
    zlib = g.add_package("sys-libs/zlib-1.3", "target")
    g.add_dep(gcc_h, gmp, "DEPEND", atom="dev-libs/gmp")
    g.add_dep(zlib, gcc_t, "BDEPEND", atom="sys-devel/gcc", implicit=True)
    assert around(g, "gcc", 0).nodes() == [gcc_h, gcc_t]
    assert around(g, "sys-devel/gcc", 1).nodes() == sorted([gcc_h, gcc_t, gmp, zlib])
    assert around(g, NodeKey("sys-devel/gcc-15.2.0", "host"), 1, direction="rdeps").nodes() \
        == [gcc_h]
    with pytest.raises(ResolutionError, match="not in the graph"):
        around(g, "clang", 1)
    with pytest.raises(ResolutionError):
        around(g, "gcc", -1)


def test_atoms_and_ambiguous_names():
    from bootorder.core.errors import BootorderError
    g = DepGraph()
    old = g.add_package("sys-devel/gcc-14.3.0", "host", slot="14")
    new = g.add_package("sys-devel/gcc-15.2.0", "host", slot="15")
    g.add_package("dev-lang/gcc-1", "target")
    assert around(g, ">=sys-devel/gcc-15", 0).nodes() == [new]
    assert around(g, "sys-devel/gcc:14", 0).nodes() == [old]
    with pytest.raises(BootorderError, match="ambiguous"):
        around(g, "gcc", 0)
