"""DepGraph's lifetime: a dropped graph is freed by reference counting, views used or not.

networkx keeps the views it hands out on the graph (a reference cycle); a whole tree's
graph left to the cyclic collector stays in memory while the next one is built."""
import gc
import weakref

from bootorder.graph.depgraph import DepGraph, NodeKey
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


def test_add_dep_stores_edges_as_networkx_add_edge_does():
    """add_dep writes between existing nodes itself: the stored graph is networkx's own
    (keys 0, 1, ... per pair, one key dict shared by successor and predecessor), for
    random edge lists with repeated pairs, self-edges and nodes added by the edge."""
    import random

    import networkx as nx

    rng = random.Random(7)
    for _ in range(50):
        ours, theirs = DepGraph(), nx.MultiDiGraph()
        keys = [NodeKey(f"x/p{i}-1", rng.choice(("host", "target"))) for i in range(5)]
        for key in keys[:3]:  # the others come with their first edge
            ours.add_package(key.cpv, key.root)
            theirs.add_node(key)
        for _ in range(rng.randrange(1, 30)):
            u, v = rng.choice(keys), rng.choice(keys)
            ours.add_dep(u, v, "DEPEND", atom=v.cpv)
            theirs.add_edge(u, v, **{"class": "DEPEND", "root": v.root, "use": (),
                                     "atom": v.cpv, "any_of": None, "not_taken": (),
                                     "slot_operator": None, "implicit": False})
        assert sorted(ours.nx.nodes) == sorted(theirs.nodes)
        assert sorted(ours.nx.edges(keys=True, data=True), key=repr) == \
            sorted(theirs.edges(keys=True, data=True), key=repr)
        for u, nbrs in ours.nx._succ.items():
            for v, keyed in nbrs.items():
                assert ours.nx._pred[v][u] is keyed


def _stored(g: DepGraph) -> tuple:
    """Everything networkx stores, in its order."""
    def adjacency(adj):
        return [(u, [(v, list(keyed.items())) for v, keyed in nbrs.items()])
                for u, nbrs in adj.items()]
    return (dict(g.nx.graph), list(g.nx._node.items()), adjacency(g.nx._succ),
            adjacency(g.nx._pred), g.problems)


def test_copy_where_is_a_copy_with_the_rest_removed():
    """copy_where stores what copy() then removing the refused edges and nodes stores,
    in the same order (nodes, successors, predecessors, keys), shares no attribute dict
    with the original, and shares each key dict between successor and predecessor."""
    import random

    rng = random.Random(11)
    for _ in range(60):
        g = DepGraph()
        g.sysroot = "target"
        g.problems = ("p",)
        keys = [NodeKey(f"x/p{i}-1", rng.choice(("host", "target"))) for i in range(7)]
        for key in rng.sample(keys, len(keys)):
            g.add_package(key.cpv, key.root, installed=rng.random() < 0.3)
        for _ in range(rng.randrange(0, 40)):
            u, v = rng.choice(keys), rng.choice(keys)
            g.add_dep(u, v, rng.choice(("DEPEND", "RDEPEND")), atom=v.cpv,
                      implicit=rng.random() < 0.3)
        dropped = set(rng.sample(keys, rng.randrange(0, 4)))
        out = g.copy_where(lambda k: k not in dropped,
                           lambda u, v, k, d: not d["implicit"] and u != keys[0])
        expected = g.copy()
        expected.nx.remove_edges_from([(u, v, k) for u, v, k, d in g.nx.edges(keys=True, data=True)
                                       if d["implicit"] or u == keys[0]])
        expected.nx.remove_nodes_from(sorted(dropped))
        assert _stored(out) == _stored(expected)
        for u, nbrs in out.nx._succ.items():
            for v, keyed in nbrs.items():
                assert out.nx._pred[v][u] is keyed
                assert all(d is not g.nx._succ[u][v][k] for k, d in keyed.items())
        assert all(d is not g.nx._node[k] for k, d in out.nx._node.items())
