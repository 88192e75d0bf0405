"""explain(): paths to a package over hand-built graphs (hand-checked tables) and
properties on generated graphs (steps chain, shortest first, every simple path)."""
from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from explain_graph import EDGES, TARGETS, build
from hypothesis import given, settings, strategies as st

from bootorder.explanation.paths import explain
from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.graph.queries import AmbiguousPackageError, match_instances


def cpv_paths(expl):
    return [[p[0].source.cpv] + [s.dep.cpv for s in p] for p in expl.paths]


@pytest.mark.parametrize("query, kwargs, expected, truncated", [
    # one shortest path per direct dependent (l/d only reachable through l/p itself)
    ("l/p", {}, [["t/t1-1", "l/a-1", "l/p-1"], ["t/t2-1", "l/c-1", "l/p-1"]], False),
    # every simple path, shortest first
    ("l/p", {"all_paths": True}, [["t/t1-1", "l/a-1", "l/p-1"],
                                  ["t/t2-1", "l/c-1", "l/p-1"],
                                  ["t/t1-1", "l/b-1", "l/c-1", "l/p-1"]], False),
    ("l/p", {"all_paths": True, "max_paths": 2}, [["t/t1-1", "l/a-1", "l/p-1"],
                                                 ["t/t2-1", "l/c-1", "l/p-1"]], True),
    ("l/c", {}, [["t/t2-1", "l/c-1"], ["t/t1-1", "l/b-1", "l/c-1"]], False),
    ("t/t2", {}, [], False),
    # reverse: the leaves of the shortest-path tree below the package
    ("l/p", {"reverse": True}, [["l/p-1", "l/d-1"], ["l/p-1", "l/e-1"]], False),
    ("t/t1", {"reverse": True}, [["t/t1-1", "l/b-1", "l/c-1"],
                                 ["t/t1-1", "l/a-1", "l/p-1", "l/d-1"],
                                 ["t/t1-1", "l/a-1", "l/p-1", "l/e-1"]], False),
    ("t/t1", {"reverse": True, "all_paths": True},
     [["t/t1-1", "l/a-1", "l/p-1", "l/d-1"], ["t/t1-1", "l/a-1", "l/p-1", "l/e-1"],
      ["t/t1-1", "l/b-1", "l/c-1", "l/p-1", "l/d-1"],
      ["t/t1-1", "l/b-1", "l/c-1", "l/p-1", "l/e-1"]], False),
])
def test_paths_table(query, kwargs, expected, truncated):
    expl = explain(build(), query, **kwargs)
    assert cpv_paths(expl) == expected
    assert expl.truncated is truncated


def test_steps_carry_the_edge_as_written():
    expl = explain(build(), "l/p", all_paths=True)
    long = expl.to_json()["paths"][2]
    assert [(s["from"], s["to"], s["class"], s["atom"], s["use"]) for s in long] == [
        ("t/t1-1", "l/b-1", "DEPEND", ">=l/b-1", ""),
        ("l/b-1", "l/c-1", "RDEPEND", "l/c", "ssl?"),
        ("l/c-1", "l/p-1", "DEPEND", "l/p", ""),
    ]
    # the parallel RDEPEND edge t1 -> b is kept, the any-of alternatives not taken too
    assert long[0]["also"] == [{"class": "RDEPEND", "use": "", "atom": "l/b",
                                "implicit": False}]
    assert long[2]["not_taken"] == ["l/q"] and long[2]["any_of"] == ["l/p", "l/q"]
    assert all(s["root"] == "target" and s["implicit"] is False for s in long)


def test_dependencies_unreached_and_target_flag():
    expl = explain(build(), "l/p")
    assert [(s.dep.cpv, s.cls, s.atom) for s in expl.dependencies] == [
        ("l/d-1", "RDEPEND", "l/d"), ("l/e-1", "DEPEND", "l/e")]
    assert expl.unreached == (NodeKey("l/d-1", "target"),)
    assert expl.target is False and expl.to_json()["target"] is False
    # a target still shows the other paths that reach it
    as_target = explain(build(targets=TARGETS + ("l/p-1",)), "l/p")
    assert as_target.target is True
    assert cpv_paths(as_target) == cpv_paths(expl)


def test_cycles_and_build_position():
    # order (hand-checked): l/e, l/d (its PDEPEND on l/p ignored), l/p, ...
    expl = explain(build(), "l/p").to_json()
    assert [(c["packages"], c["hard"], c["broken_by"]) for c in expl["cycles"]] == [
        (["l/p-1", "l/d-1", "l/p-1"], False, ["l/d-1 -> l/p-1 (PDEPEND l/p): PDEPEND"])]
    assert [(e["class"], e["priority"]) for e in expl["cycles"][0]["edges"]] == [
        ("RDEPEND", "runtime"), ("PDEPEND", "runtime_post")]
    assert [(b["position"], b["of"], b["wave"]) for b in expl["build"]] == [(3, 8, 2)]
    assert explain(build(), "l/e").cycles == ()


def test_hard_cycle_says_nothing_breaks_it():
    g = build()
    g.add_dep(NodeKey("l/e-1", "target"), NodeKey("l/p-1", "target"), "BDEPEND",
              atom="l/p")
    cycles = explain(g, "l/e").to_json()["cycles"]
    assert [(c["packages"], c["hard"]) for c in cycles] == [
        (["l/e-1", "l/p-1", "l/e-1"], True)]
    # the order must force one of the two build edges; it says so
    assert len(cycles[0]["broken_by"]) == 1
    assert cycles[0]["broken_by"][0] in ("l/e-1 -> l/p-1 (BDEPEND l/p): hard",
                                         "l/p-1 -> l/e-1 (DEPEND l/e): hard")


@pytest.mark.parametrize("query, cpvs", [
    ("p", ["l/p-1"]), ("l/p", ["l/p-1"]), ("l/p-1", ["l/p-1"]), ("zz", []),
    ("l/p-2", []), (">=l/p-1", ["l/p-1"]), (">l/p-1", []), ("l/p:0", ["l/p-1"]),
])
def test_match_instances(query, cpvs):
    assert [k.cpv for k in match_instances(build(), query)] == cpvs


def test_ambiguous_name_is_an_error():
    g = build()
    g.add_package("m/p-1", "target")
    with pytest.raises(AmbiguousPackageError, match="l/p, m/p"):
        explain(g, "p")


def test_malformed_atom_is_an_error():
    from bootorder.core.errors import BootorderError
    with pytest.raises(BootorderError, match="invalid atom"):
        explain(build(), "l/p[")


def test_not_in_graph_gives_an_empty_answer():
    expl = explain(build(), "zz")
    assert not expl.found and expl.paths == () and expl.to_json()["found"] is False


def test_two_roots_are_two_instances():
    g = build()
    host = g.add_package("l/p-1", "host")
    g.add_dep(NodeKey("l/c-1", "target"), host, "BDEPEND", atom="l/p")
    expl = explain(g, "l/p")
    assert [(i.key.root) for i in expl.instances] == ["host", "target"]
    ends = sorted({(p[-1].dep.root, p[-1].cls) for p in expl.paths})
    assert ends == [("host", "BDEPEND"), ("target", "DEPEND"), ("target", "RDEPEND")]
    one = explain(g, host)
    assert [i.key for i in one.instances] == [host]
    assert [(p[0].source.cpv, p[-1].cls) for p in one.paths] == [("t/t2-1", "BDEPEND")]


def test_input_graph_not_mutated_and_order_independent():
    g = build()
    before = (sorted(g.nx.nodes), sorted(g.nx.edges(keys=True, data=False)))
    out = [json.dumps(explain(g, "l/p", all_paths=a, reverse=r).to_json())
           for a in (False, True) for r in (False, True)]
    assert before == (sorted(g.nx.nodes), sorted(g.nx.edges(keys=True, data=False)))
    rng = random.Random(7)
    for _ in range(5):
        edges, order = list(EDGES), sorted({e[0] for e in EDGES} | {e[1] for e in EDGES})
        rng.shuffle(edges), rng.shuffle(order)
        h = build(edges, order=order)
        assert out == [json.dumps(explain(h, "l/p", all_paths=a, reverse=r).to_json())
                       for a in (False, True) for r in (False, True)]


# ---- properties on generated graphs -------------------------------------------------

@st.composite
def graphs(draw):
    n = draw(st.integers(3, 9))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                          max_size=3 * n))
    targets = draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=3))
    g = DepGraph()
    keys = [g.add_package(f"c/p{i}-1", "target", target=i in targets) for i in range(n)]
    for i, (u, v) in enumerate(pairs):
        if u != v:
            g.add_dep(keys[u], keys[v], ("DEPEND", "RDEPEND")[i % 2], atom=f"c/p{v}")
    return g, keys[draw(st.integers(0, n - 1))]


def _check_chain(g, expl, key, reverse):
    for path in expl.paths:
        assert path, "no empty path"
        for a, b in zip(path, path[1:]):
            assert a.dep == b.source
        for s in path:
            assert g.nx.has_edge(s.source, s.dep)
            assert s.atom == g.nx.edges[s.source, s.dep, s.edge.key]["atom"]
        nodes = [path[0].source] + [s.dep for s in path]
        assert len(set(nodes)) == len(nodes), "simple"
        if reverse:
            assert path[0].source == key
        else:
            assert g.node(path[0].source)["target"] and path[-1].dep == key
    lengths = [len(p) for p in expl.paths]
    assert lengths == sorted(lengths)


@settings(max_examples=150, deadline=None)
@given(graphs())
def test_paths_properties(case):
    g, key = case
    for reverse in (False, True):
        for all_paths in (False, True):
            expl = explain(g, key.cpv, all_paths=all_paths, reverse=reverse)
            _check_chain(g, expl, key, reverse)
    # default: one shortest path per reachable dependent
    expl = explain(g, key.cpv)
    rest = g.nx.subgraph([k for k in g.nx if k != key])
    for path in expl.paths:
        dependent = path[-1].source
        best = min(nx.shortest_path_length(rest, t, dependent)
                   for t in g.targets() if t != key and nx.has_path(rest, t, dependent))
        assert len(path) == best + 1
    assert {p[-1].source for p in expl.paths} | set(expl.unreached) == \
        {u for u in g.nx.predecessors(key) if u != key}
    # all_paths: exactly the simple paths from a target
    simple = nx.DiGraph(g.nx)
    want = sorted(tuple(p) for t in g.targets() if t != key
                  for p in nx.all_simple_paths(simple, t, key))
    got = explain(g, key.cpv, all_paths=True, max_paths=10_000)
    assert sorted(tuple([p[0].source] + [s.dep for s in p]) for p in got.paths) == want
    assert got.truncated is False


def _maximal_paths(g, key):
    """Brute force: simple paths from ``key`` whose last package has every dependency
    on the path already."""
    out, stack = [], [[key]]
    while stack:
        nodes = stack.pop()
        nxt = [v for v in set(g.nx.successors(nodes[-1])) if v not in nodes]
        if not nxt and len(nodes) > 1:
            out.append(tuple(nodes))
        stack.extend(nodes + [v] for v in nxt)
    return sorted(out)


@settings(max_examples=100, deadline=None)
@given(graphs())
def test_reverse_properties(case):
    g, key = case
    tree = explain(g, key, reverse=True)
    covered = {s.dep for p in tree.paths for s in p}
    assert covered == nx.descendants(g.nx, key) - {key}
    for path in tree.paths:  # each is a shortest path to its end
        assert len(path) == nx.shortest_path_length(g.nx, key, path[-1].dep)
    every = explain(g, key, reverse=True, all_paths=True, max_paths=10_000)
    if not every.truncated:
        got = sorted(tuple([p[0].source] + [s.dep for s in p]) for p in every.paths)
        assert got == _maximal_paths(g, key)


def _rebuilt(g, rng):
    """The same graph with nodes and edges inserted in another order."""
    h = DepGraph()
    nodes = list(g.nx.nodes(data=True))
    rng.shuffle(nodes)
    for k, d in nodes:
        h.add_package(k.cpv, k.root, target=d["target"])
    edges = g.edges()
    rng.shuffle(edges)
    for e in edges:
        h.add_dep(e.source, e.dep, e.cls, atom=e.atom)
    return h


@settings(max_examples=60, deadline=None)
@given(graphs(), st.randoms(use_true_random=False))
def test_bounded_enumeration_is_order_independent(case, rng):
    g, key = case
    h = _rebuilt(g, rng)
    for kwargs in ({"all_paths": True, "max_paths": 3},
                   {"all_paths": True, "max_paths": 3, "reverse": True}, {}):
        assert explain(g, key, **kwargs).to_json() == explain(h, key, **kwargs).to_json()
