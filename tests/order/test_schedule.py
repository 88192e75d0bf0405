"""bootorder.order.schedule: properties on generated graphs with cycles, and hand-checked cases."""
from __future__ import annotations

import json
import random

import networkx as nx
from hypothesis import given, settings, strategies as st

from bootorder.core.depclass import BUILD_TIME, NAMES as DEP_CLASSES
from bootorder.core.reporter import RecordingReporter
from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.order.cycles import find_cycles
from bootorder.order.schedule import build_order, merge_order
from bootorder.render.order import format_order

# ---------------------------------------------------------------- generated graphs

NAMES = [f"cat-{c}/pkg{i}-1" for c in "ab" for i in range(6)]


@st.composite
def graph_specs(draw):
    """(nodes, edges) of a graph: nodes (cpv, root, installed, twin), edges
    (u, v, cls, slot_op); ``twin``: an older version of the package is installed in its
    root, so the edges to it are already satisfied."""
    count = draw(st.integers(2, 9))
    nodes = [(NAMES[i], draw(st.sampled_from(("host", "target"))),
              draw(st.integers(0, 7)) == 0, draw(st.integers(0, 4)) == 0)
             for i in range(count)]
    edges = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1),
                                    st.sampled_from(DEP_CLASSES),
                                    st.sampled_from((None, None, "="))),
                          max_size=4 * count))
    return nodes, edges


def build(spec, seed=None):
    nodes, edges = spec
    order_n, order_e = list(range(len(nodes))), list(enumerate(edges))
    if seed is not None:
        random.Random(seed).shuffle(order_n)
        random.Random(seed + 1).shuffle(order_e)
    g = DepGraph()
    keys = {}
    for i in order_n:
        cpv, root, installed, twin = nodes[i]
        keys[i] = g.add_package(cpv, root, installed=installed, slot="0")
        if twin:
            g.add_package(cpv[:-1] + "0", root, installed=True, slot="0")
    for _, (u, v, cls, slot_op) in order_e:
        atom = nodes[v][0].rsplit("-", 1)[0] + (":=" if slot_op else "")
        g.add_dep(keys[u], keys[v], cls, atom=atom, slot_operator=slot_op)
    return g


def satisfied(graph, edge):
    return NodeKey(edge.dep.cpv[:-1] + "0", edge.dep.root) in graph.nx


def is_hard(graph, edge):
    """Independent statement of 'hard': unsatisfied build-time, or unsatisfied :=
    runtime edge in the (non-cross) host root."""
    if satisfied(graph, edge):
        return False
    if edge.cls in BUILD_TIME:
        return True
    return edge.cls in ("RDEPEND", "IDEPEND") and edge.slot_operator == "=" \
        and edge.source.root == "host"


def is_strong(graph, edge):
    """Hard, or an unsatisfied runtime edge of a package that may be run (emerge only
    merges those as a group): not one of the cross root."""
    return is_hard(graph, edge) or (edge.cls in ("RDEPEND", "IDEPEND")
                                    and not satisfied(graph, edge)
                                    and edge.source.root == "host")


def has_hard_cycle(graph):
    strong = nx.DiGraph()
    edges = [e for e in scheduled(graph) if is_strong(graph, e)
             and (e.source != e.dep or e.cls in BUILD_TIME)]
    strong.add_edges_from((e.source, e.dep) for e in edges)
    return any(is_hard(graph, e) and (e.source == e.dep or nx.has_path(strong, e.dep, e.source))
               for e in edges)


def scheduled(graph):
    return [e for e in graph.edges() if not graph.node(e.source)["installed"]
            and not graph.node(e.dep)["installed"]]


@settings(max_examples=300, deadline=None)
@given(graph_specs())
def test_order_respects_every_edge_it_does_not_list_as_ignored(spec):
    g = build(spec)
    # a self-dependency is never ignorable the generic way; keep the property clean
    result = build_order(g)
    pos = {k: i for i, k in enumerate(result.order)}
    assert sorted(pos) == [k for k in g.nodes() if not g.node(k)["installed"]]
    assert result.hard or all(pos[e.dep] < pos[e.source] for e in scheduled(g)
                              if is_hard(g, e) and e.source != e.dep)
    dropped = {(i.edge.source, i.edge.dep, i.edge.key) for i in result.ignored}
    for e in scheduled(g):
        if e.source == e.dep:
            continue
        if (e.source, e.dep, e.key) in dropped:
            assert pos[e.dep] > pos[e.source]
        else:
            assert pos[e.dep] < pos[e.source]


@settings(max_examples=300, deadline=None)
@given(graph_specs())
def test_hard_edges_are_respected_unless_a_hard_cycle_exists(spec):
    g = build(spec)
    result = build_order(g)
    expected = has_hard_cycle(g)
    assert result.hard == expected == find_cycles(g).hard
    if not expected:
        assert all(i.reason != "hard" and not i.priority.hard for i in result.ignored)


@settings(max_examples=300, deadline=None)
@given(graph_specs())
def test_ignored_edges_lie_on_cycles_and_carry_portage_reasons(spec):
    g = build(spec)
    result = build_order(g)
    whole = nx.DiGraph()
    whole.add_nodes_from(result.order)
    whole.add_edges_from((e.source, e.dep) for e in scheduled(g))
    comp = {n: i for i, c in enumerate(nx.strongly_connected_components(whole)) for n in c}
    for item in result.ignored:
        assert comp[item.edge.source] == comp[item.edge.dep]
        assert item.reason == item.priority.reason()


@settings(max_examples=300, deadline=None)
@given(graph_specs())
def test_waves_never_hold_an_edge_and_respect_the_order(spec):
    g = build(spec)
    result = build_order(g)
    wave_of = {k: i for i, w in enumerate(result.waves) for k in w}
    assert sorted(wave_of) == sorted(result.order)
    assert all(result.waves)
    dropped = {(i.edge.source, i.edge.dep, i.edge.key) for i in result.ignored}
    for e in scheduled(g):
        if e.source == e.dep:
            continue
        assert wave_of[e.source] != wave_of[e.dep]
        if (e.source, e.dep, e.key) not in dropped:
            assert wave_of[e.dep] < wave_of[e.source]


@settings(max_examples=150, deadline=None)
@given(graph_specs(), st.integers(0, 2**16))
def test_insertion_order_changes_nothing(spec, seed):
    first, second = build(spec), build(spec, seed)
    dump = lambda g: json.dumps(build_order(g).to_json(), sort_keys=False)  # noqa: E731
    assert dump(first) == dump(second)
    for scope in ("all", "hard", "shortest"):
        cycles = lambda g: json.dumps(find_cycles(g, scope=scope).to_json())  # noqa: E731
        assert cycles(first) == cycles(second)
    assert format_order(build_order(first), waves=True) == \
        format_order(build_order(second), waves=True)


@settings(max_examples=150, deadline=None)
@given(graph_specs())
def test_merge_order_is_build_orders_order(spec):
    graph = build(spec)
    assert merge_order(graph) == build_order(graph).order


@settings(max_examples=100, deadline=None)
@given(graph_specs())
def test_the_input_graph_is_not_changed(spec):
    g = build(spec)
    before = json.dumps(g.to_json())
    build_order(g)
    find_cycles(g, scope="all")
    assert json.dumps(g.to_json()) == before


# ---------------------------------------------------------------- hand-checked cases

def _graph(edges, installed=(), root="host"):
    """edges: (from, to, class[, atom]); names are 'x/NAME-1'."""
    g = DepGraph()
    for name in sorted({n for e in edges for n in e[:2]} | set(installed)):
        g.add_package(f"x/{name}-1" if name not in installed else f"x/{name}-0", root,
                      installed=name in installed, slot="0")
    key = lambda n: g.find(f"x/{n}")[0]  # noqa: E731
    for u, v, cls, *atom in edges:
        g.add_dep(key(u), key(v), cls, atom=atom[0] if atom else f"x/{v}")
    return g


def _summary(result):
    return ([k.cpv for k in result.order],
            [(i.edge.source.cpv, i.edge.dep.cpv, i.reason) for i in result.ignored])


def test_pdepend_is_ignored_before_a_runtime_edge():
    g = _graph([("a", "b", "RDEPEND"), ("b", "a", "PDEPEND")])
    assert _summary(build_order(g)) == (["x/b-1", "x/a-1"], [("x/b-1", "x/a-1", "PDEPEND")])


def test_runtime_is_ignored_before_nothing_when_build_edges_close_the_cycle():
    g = _graph([("a", "b", "DEPEND"), ("b", "a", "RDEPEND")])
    assert _summary(build_order(g)) == (["x/b-1", "x/a-1"],
                                        [("x/b-1", "x/a-1", "runtime not yet satisfied")])


def test_satisfied_build_edge_is_ignored_before_an_unsatisfied_runtime_one():
    # an installed x/b-0 satisfies a's build dependency on x/b, so b may come after a
    # (emerge would build a against the installed b); b's runtime need of a is kept
    g = _graph([("a", "b1", "DEPEND", "x/b1"), ("b1", "a", "RDEPEND")])
    g.add_package("x/b1-0", "host", installed=True, slot="0")
    result = build_order(g)
    assert _summary(result) == (
        ["x/a-1", "x/b1-1"],
        [("x/a-1", "x/b1-1", "build-time already satisfied by an installed package")])
    assert not result.hard


def test_satisfied_slot_operator_build_edge_comes_after_plain_satisfied():
    g = _graph([("a", "b", "DEPEND", "x/b:="), ("b", "c", "DEPEND", "x/c"),
                ("c", "a", "DEPEND", "x/a")])
    for name in ("b", "c"):
        g.add_package(f"x/{name}-0", "host", installed=True, slot="0")
    g.nx.edges[(g.find("x/a-1")[0], g.find("x/b-1")[0], 0)]["slot_operator"] = "="
    result = build_order(g)
    assert [i.reason for i in result.ignored] == [
        "build-time already satisfied by an installed package"]
    assert result.ignored[0].edge.atom == "x/c"


def test_hard_cycle_is_reported_and_still_ordered():
    g = _graph([("a", "b", "BDEPEND"), ("b", "a", "BDEPEND"), ("c", "a", "DEPEND")])
    rec = RecordingReporter()
    result = build_order(g, reporter=rec)
    assert result.hard
    assert [[k.cpv for k in c.nodes] for c in result.hard_cycles] == [["x/a-1", "x/b-1"]]
    assert _summary(result) == (["x/a-1", "x/b-1", "x/c-1"], [("x/a-1", "x/b-1", "hard")])
    assert [c[0] for c in rec.calls if c[0] != "progress"] == ["edge_dropped", "cycle_found"]


def test_installed_packages_are_not_built_and_their_edges_do_not_count():
    g = _graph([("a", "b", "DEPEND"), ("b", "a", "DEPEND")], installed=("b",))
    result = build_order(g)
    assert _summary(result) == (["x/a-1"], []) and not result.hard


def test_waves_group_independent_packages():
    g = _graph([("app", "lib1", "DEPEND"), ("app", "lib2", "DEPEND"),
                ("lib1", "base", "DEPEND"), ("lib2", "base", "RDEPEND")])
    result = build_order(g)
    assert [[k.cpv for k in w] for w in result.waves] == [
        ["x/base-1"], ["x/lib1-1", "x/lib2-1"], ["x/app-1"]]
    assert format_order(result, waves=True) == (
        "wave 1 (1 package):\n  x/base-1@host\nwave 2 (2 packages):\n  x/lib1-1@host\n"
        "  x/lib2-1@host\nwave 3 (1 package):\n  x/app-1@host\n")


def test_cross_root_runtime_cycle_keeps_the_library_before_what_builds_against_it():
    g = DepGraph()
    lib = g.add_package("net-dns/libidn2-2.3.8", "target")
    virt = g.add_package("virtual/libc-1", "target")
    libc = g.add_package("sys-libs/glibc-2.43", "target")
    g.add_dep(lib, virt, "DEPEND", atom="virtual/libc", implicit=True)
    g.add_dep(virt, libc, "RDEPEND", atom="sys-libs/glibc")
    g.add_dep(libc, lib, "RDEPEND", atom="net-dns/libidn2")
    result = build_order(g)
    assert _summary(result) == (
        ["sys-libs/glibc-2.43", "virtual/libc-1", "net-dns/libidn2-2.3.8"],
        [("sys-libs/glibc-2.43", "net-dns/libidn2-2.3.8", "runtime not yet satisfied")])
    assert not result.hard


def test_runtime_cycle_is_merged_as_a_group_before_its_builder():
    g = _graph([("x", "a", "DEPEND"), ("a", "b", "RDEPEND"), ("b", "a", "RDEPEND")])
    assert _summary(build_order(g)) == (["x/a-1", "x/b-1", "x/x-1"],
                                        [("x/a-1", "x/b-1", "runtime not yet satisfied")])


def test_any_of_edge_is_optional_when_a_not_taken_alternative_is_installed():
    g = _graph([("a", "b", "DEPEND"), ("b", "a", "DEPEND")])
    g.add_package("x/c-1", "host", installed=True, slot="0")
    a, b = g.find("x/a-1")[0], g.find("x/b-1")[0]
    g.nx.remove_edge(a, b)
    g.add_dep(a, b, "DEPEND", atom="x/b", any_of=("x/b", "x/c"), not_taken=("x/c",))
    result = build_order(g)
    assert _summary(result) == (["x/a-1", "x/b-1"], [("x/a-1", "x/b-1", "optional")])
    assert result.ignored[0].priority.label == "optional" and not result.hard
    assert find_cycles(g, scope="hard").cycles == ()


def test_the_caller_may_say_what_is_satisfied():
    """A step that rebuilds what is installed (emerge --emptytree) has no installed
    node: its priorities say an installed package satisfies a's build need of b, so a
    may come first (emerge builds it against the installed b)."""
    from dataclasses import replace

    from bootorder.order.priority import edge_priority
    g = _graph([("a", "b", "DEPEND"), ("b", "a", "DEPEND")])
    assert build_order(g).hard

    def installed_b(edge):
        return replace(edge_priority(g, edge, {}), satisfied=edge.atom == "x/b")
    result = build_order(g, priority=installed_b)
    assert _summary(result) == (["x/a-1", "x/b-1"], [
        ("x/a-1", "x/b-1", "build-time already satisfied by an installed package")])
