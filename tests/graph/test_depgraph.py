"""DepGraph's lifetime: a dropped graph is freed by reference counting, views used or not.

networkx keeps the views it hands out on the graph (a reference cycle); a whole tree's
graph left to the cyclic collector stays in memory while the next one is built."""
import gc
import weakref

from bootorder.graph.depgraph import DepGraph
from bootorder.order.schedule import build_order


def _graph() -> DepGraph:
    g = DepGraph()
    a, b = g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host")
    g.add_dep(a, b, "DEPEND", atom="x/b")
    g.add_dep(b, a, "PDEPEND", atom="x/a")
    return g


def test_a_dropped_graph_is_freed_without_the_cyclic_collector():
    g = _graph()
    g.node(g.nodes()[0])
    g.edges()
    build_order(g)            # every view an algorithm reaches
    list(g.nx.adj), list(g.nx.pred), list(g.nx.succ), list(g.nx.in_edges)
    assert "nodes" in g.nx.__dict__  # the views were cached: the cycle exists
    inner = weakref.ref(g.nx)
    enabled = gc.isenabled()
    gc.disable()
    try:
        del g
        assert inner() is None
    finally:
        if enabled:
            gc.enable()


def test_a_graph_still_used_elsewhere_keeps_working():
    g = _graph()
    inner = g.nx
    g.nodes(), g.edges()
    del g
    assert sorted(k.cpv for k in inner.nodes) == ["x/a-1", "x/b-1"]
