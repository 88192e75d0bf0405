"""suggest_use's shortcuts against the straightforward computation they replace.

Random graphs (both roots, installed nodes, conditional edges, atom USE dependencies,
forced flags, REQUIRED_USE, dependency-adding flips) are solved as they are and with
each shortcut undone; the answers, and the problem's links, must be the same.
"""
from __future__ import annotations

from dataclasses import replace

import networkx as nx
from hypothesis import HealthCheck, given, settings, strategies as st

from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.order.priority import edge_priority, installed_index
from bootorder.usechange import suggestion
from bootorder.syntax.depspec import DepSpec, UseConditional
from bootorder.syntax.parse import parse_depend
from bootorder.usechange.constraints import (MetadataConstraints, PackageUseInfo,
                                             StaticConstraints, _pinned_flags, parent_locks)
from bootorder.usechange.suggestion import _Problem, default_edge_filter, suggest_use

FLAGS = ("a", "b", "c")
CLASSES = ("DEPEND", "BDEPEND", "RDEPEND", "PDEPEND", "IDEPEND")
REQUIRED = (lambda use: "a" not in use or "b" in use,
            lambda use: ("a" in use) != ("c" in use))


@st.composite
def graphs(draw):
    n = draw(st.integers(2, 7))
    keys = [NodeKey(f"t/p{i % 5}-1", draw(st.sampled_from(("target", "host"))))
            for i in range(n)]
    keys = list(dict.fromkeys(keys))
    use = {k: frozenset(draw(st.sets(st.sampled_from(FLAGS)))) for k in keys}
    g = DepGraph()
    for k in keys:
        g.add_package(k.cpv, k.root, use=use[k], installed=draw(st.integers(0, 7)) == 0)
    for _ in range(draw(st.integers(1, 16))):
        u, v = draw(st.sampled_from(keys)), draw(st.sampled_from(keys))
        conds = draw(st.lists(st.sampled_from(FLAGS), max_size=2, unique=True))
        lits = tuple(f if f in use[u] else f"!{f}" for f in conds)
        atom = f"t/{v.cpv.split('/')[1].rsplit('-', 1)[0]}"
        flag = draw(st.sampled_from(FLAGS))
        atom += draw(st.sampled_from(("", "", f"[{flag}?]", f"[{flag}]" if flag in use[v]
                                      else f"[-{flag}]", f"[{flag}=]")))
        g.add_dep(u, v, draw(st.sampled_from(CLASSES)), atom=atom, use=lits,
                  slot_operator=draw(st.sampled_from((None, "="))))
    fixed = {k: {f: "forced"} for k, f in draw(st.lists(
        st.tuples(st.sampled_from(keys), st.sampled_from(FLAGS)), max_size=2))}
    required = {k: check for k in keys
                if (check := draw(st.sampled_from((None, *REQUIRED)))) and check(use[k])}
    adding = frozenset((k, f, f not in use[k]) for k, f in draw(st.lists(
        st.tuples(st.sampled_from(keys), st.sampled_from(FLAGS)), max_size=2)))
    return g, StaticConstraints(fixed, {k: frozenset(FLAGS) for k in keys}, required, adding)


class _EagerProblem(_Problem):
    """Every link's options worked out at once, as before they were asked for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for link in self.links:
            self.options[link]


def _plain_links(graph: DepGraph, edge_filter=None, priority=None):
    """The considered links and hard links from sorted Edge values, as suggest_use
    judged them before it read the stored adjacency."""
    index = installed_index(graph)
    priority = priority or (lambda e: edge_priority(graph, e, index))
    keep = edge_filter or (lambda g, e: default_edge_filter(g, e, priority=priority))
    links: dict = {}
    for edge in graph.edges():
        if keep(graph, edge):
            links.setdefault((edge.source, edge.dep), []).append(edge)
    hard = {link for link, edges in links.items()
            if edge_filter or any(priority(e).hard for e in edges)}
    return links, hard


def _satisfied_by_name(graph: DepGraph):
    """A caller's priority: atoms of packages p0 and p3 count as satisfied."""
    def priority(edge):
        found = edge_priority(graph, edge, {})
        return replace(found, satisfied=edge.atom[3] in "03")
    return priority


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def _both(g, rules, seeds=None):
    lazy = suggest_use(g, rules, cycles=seeds).to_json()
    original = suggestion._Problem
    suggestion._Problem = _EagerProblem
    try:
        eager = suggest_use(g, rules, cycles=seeds).to_json()
    finally:
        suggestion._Problem = original
    return lazy, eager


@SETTINGS
@given(graphs(), st.randoms(use_true_random=False))
def test_options_asked_for_give_the_eager_answer(case, rnd):
    g, rules = case
    found = list(nx.simple_cycles(nx.DiGraph(list(_plain_links(g)[0]))))
    seeds = rnd.sample(found, min(len(found), rnd.randint(0, 2)))
    lazy, eager = _both(g, rules, seeds)
    assert lazy == eager


def test_refused_flip_on_a_link_the_answer_breaks_unasked_is_reported():
    # the seeded cycle x y is broken by x -a, which breaks x -> z too: its options
    # are never needed, but its refused flip x -d is on a cycle and must be reported
    g = DepGraph()
    x, y, z = (g.add_package(f"t/{n}-1", "host", use=frozenset("ad")) for n in "xyz")
    g.add_dep(x, y, "DEPEND", atom="t/y", use=("a",))
    g.add_dep(y, x, "DEPEND", atom="t/x")
    g.add_dep(x, z, "DEPEND", atom="t/z", use=("a", "d"))
    g.add_dep(z, x, "DEPEND", atom="t/x")
    rules = StaticConstraints({x: {"d": "forced"}})
    lazy, eager = _both(g, rules, [(x, y)])
    assert lazy == eager
    assert lazy["refused"] == [{"cpv": "t/x-1", "flag": "d", "enable": False,
                                "reason": "forced"}]


@SETTINGS
@given(graphs(), st.sampled_from(("default", "priority", "filter")))
def test_links_are_those_of_the_edge_filter(case, how):
    g, rules = case
    edge_filter = (lambda g, e: e.cls != "RDEPEND" and e.source.cpv != "t/p1-1") \
        if how == "filter" else None
    priority = _satisfied_by_name(g) if how == "priority" else None
    problem = _Problem(g, rules, edge_filter, False, priority)
    links, hard = _plain_links(g, edge_filter, priority)
    assert list(problem.links) == list(links)
    assert {link: problem.edges(link) for link in problem.links} == links
    assert problem.hard == hard


def _opens(node: DepSpec, flag: str, enable: bool) -> bool:
    """Whether a conditional on ``flag`` that turning it to ``enable`` makes true holds
    an atom (any nesting), walked for the one flip."""
    for child in node.children:
        if not isinstance(child, DepSpec):
            continue
        if isinstance(child, UseConditional) and child.flag == flag \
                and child.negated != enable \
                and any(not a.blocker for a in child.atoms()):
            return True
        if _opens(child, flag, enable):
            return True
    return False


@st.composite
def depends(draw, depth=0):
    """A dependency string of nested conditionals, any-of groups, atoms and blockers."""
    parts = []
    for _ in range(draw(st.integers(0 if depth else 1, 3))):
        kind = draw(st.sampled_from(("atom", "blocker", "cond", "cond", "any")
                                    if depth < 3 else ("atom", "blocker")))
        if kind == "atom":
            parts.append(draw(st.sampled_from(("x/y", "x/z", ">=x/w-1"))))
        elif kind == "blocker":
            parts.append("!x/v")
        else:
            inner = draw(depends(depth + 1)) or "x/y"
            head = "|| " if kind == "any" else \
                f"{draw(st.sampled_from(('', '!')))}{draw(st.sampled_from(FLAGS))}? "
            parts.append(f"{head}( {inner} )")
    return " ".join(parts)


@settings(max_examples=300, deadline=None)
@given(st.lists(depends(), min_size=1, max_size=3))
def test_flips_that_add_dependencies_are_those_a_walk_finds(texts):
    rules = MetadataConstraints(lambda pkg: PackageUseInfo(frozenset(FLAGS), depend=tuple(texts)))
    pkg = NodeKey("t/p-1", "target")
    for flag in FLAGS:
        for enable in (False, True):
            expected = any(_opens(parse_depend(t), flag, enable) for t in texts)
            assert rules.flip_adds_deps(pkg, flag, enable) == expected


def _plain_locks(graph: DepGraph, pkg: NodeKey) -> dict:
    locks: dict = {}
    for edge in graph.in_edges(pkg):
        for flag in _pinned_flags(edge.atom, graph.node(edge.source)["use"]):
            locks.setdefault(flag, f"{edge.source.cpv} needs {edge.atom}")
    return locks


@SETTINGS
@given(graphs())
def test_parent_locks_are_those_of_the_sorted_in_edges(case):
    g, _ = case
    for key in g.nodes():
        found = parent_locks(g, key)
        assert found == _plain_locks(g, key) and list(found) == list(_plain_locks(g, key))
