"""suggest_use: hand-checked tables, properties against a brute-force oracle, emerge."""
from __future__ import annotations

import itertools
import re

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bootorder.graph import BUILD_CLASSES, DepGraph, NodeKey
from bootorder.suggest_use import Flip, suggest_use
from bootorder.use_constraints import StaticConstraints, parent_locks

FLAGS = ("a", "b", "c")
REQUIRED = {  # name -> predicate on the new USE (hand-written REQUIRED_USE semantics)
    "a? ( b )": lambda use: "a" not in use or "b" in use,
    "^^ ( a b )": lambda use: ("a" in use) != ("b" in use),
    "|| ( a c )": lambda use: "a" in use or "c" in use,
    "!b? ( c )": lambda use: "b" in use or "c" in use,
}


def key(i: int) -> NodeKey:
    return NodeKey(f"t/p{i}-1", "target")


# --------------------------------------------------------------------- hand-checked


def _graph(nodes: dict, edges: list) -> DepGraph:
    g = DepGraph()
    for name, use in nodes.items():
        g.add_package(name, "target", use=frozenset(use))
    for src, dep, cls, use, atom in edges:
        g.add_dep(NodeKey(src, "target"), NodeKey(dep, "target"), cls, atom=atom, use=use)
    return g


def _flips(answer) -> list[str]:
    return [str(f) for f in answer.flips]


def test_one_flag_breaks_two_cycles():
    # x needs y and z only under "t"; both need x: one flip (-t) breaks both cycles,
    # where flipping the flags of y and z would take two.
    g = _graph({"c/x-1": "t", "c/y-1": "u", "c/z-1": "v"}, [
        ("c/x-1", "c/y-1", "DEPEND", ("t",), "c/y"),
        ("c/x-1", "c/z-1", "DEPEND", ("t",), "c/z"),
        ("c/y-1", "c/x-1", "DEPEND", ("u",), "c/x"),
        ("c/z-1", "c/x-1", "BDEPEND", ("v",), "c/x")])
    answer = suggest_use(g)
    assert _flips(answer) == ["c/x-1 -t"]
    assert answer.exact and answer.lower_bound == 1
    assert [[k.cpv for k in answer.cycles[i]] for i in answer.changes[0].breaks] == \
        [["c/x-1", "c/y-1"], ["c/x-1", "c/z-1"]]


def test_negative_conditional_flips_on_and_unconditional_cycle_is_unbreakable():
    g = _graph({"c/x-1": "", "c/y-1": "", "c/p-1": "", "c/q-1": ""}, [
        ("c/x-1", "c/y-1", "DEPEND", ("!minimal",), "c/y"),
        ("c/y-1", "c/x-1", "DEPEND", (), "c/x"),
        ("c/p-1", "c/q-1", "DEPEND", (), "c/q"),
        ("c/q-1", "c/p-1", "BDEPEND", (), "c/p")])
    answer = suggest_use(g)
    assert _flips(answer) == ["c/x-1 +minimal"]
    assert [[k.cpv for k in c] for c in answer.unbreakable] == [["c/p-1", "c/q-1"]]


def test_forced_flag_and_parent_usedep_are_respected():
    # x -> y under "s" (forced on x) or under "t"; w needs x[t]: nothing can change on x,
    # so the cycle is broken on y's side.
    g = _graph({"c/x-1": "st", "c/y-1": "r", "c/w-1": ""}, [
        ("c/x-1", "c/y-1", "DEPEND", ("t",), "c/y"),
        ("c/y-1", "c/x-1", "DEPEND", ("r",), "c/x"),
        ("c/w-1", "c/x-1", "RDEPEND", (), "c/x[t]")])
    forced = StaticConstraints(fixed_flags={NodeKey("c/x-1", "target"): {"t": "forced"}})
    assert _flips(suggest_use(g)) == ["c/y-1 -r"]
    assert _flips(suggest_use(g, forced)) == ["c/y-1 -r"]
    refused = {str(f): r for f, r in suggest_use(g).refused}
    assert refused == {"c/x-1 -t": "c/w-1 needs c/x[t]"}


def test_required_use_accompaniment_and_what_else_turns_off():
    # turning "a" off on x needs "c" on (REQUIRED_USE "|| ( a c )"); x's "a" also pulls in
    # z (RDEPEND), which nothing else needs.
    x = NodeKey("c/x-1", "target")
    g = _graph({"c/x-1": "a", "c/y-1": "", "c/z-1": ""}, [
        ("c/x-1", "c/y-1", "DEPEND", ("a",), "c/y"),
        ("c/x-1", "c/z-1", "RDEPEND", ("a",), "c/z"),
        ("c/y-1", "c/x-1", "DEPEND", (), "c/x")])
    g.add_package("c/x-1", "target", target=True)
    rules = StaticConstraints(iuse_flags={x: frozenset("abc")},
                              required_use={x: REQUIRED["|| ( a c )"]})
    answer = suggest_use(g, rules)
    assert _flips(answer) == ["c/x-1 -a", "c/x-1 +c"]
    assert [c.role for c in answer.changes] == ["breaks", "required_use"]
    first = answer.changes[0]
    assert [e.dep.cpv for e in first.removes] == ["c/z-1"]
    assert [k.cpv for k in first.drops] == ["c/y-1", "c/z-1"]
    # "c" itself would pull in new dependencies: then nothing can break the cycle
    adding = StaticConstraints(iuse_flags={x: frozenset("abc")},
                               required_use={x: REQUIRED["|| ( a c )"]},
                               adding=frozenset({(x, "c", True)}))
    blocked = suggest_use(g, adding)
    assert blocked.flips == () and len(blocked.unbreakable) == 1
    assert dict((str(f), r) for f, r in blocked.refused) == \
        {"c/x-1 -a": "REQUIRED_USE cannot be kept"}


def test_parent_locks_table():
    g = _graph({"c/p-1": "x", "c/d-1": "ssl x y"}, [
        ("c/p-1", "c/d-1", "DEPEND", (), "c/d[ssl,-gtk,x?,!y?,z=,w(+)]")])
    assert sorted(parent_locks(g, NodeKey("c/d-1", "target"))) == ["gtk", "ssl", "w", "x", "y", "z"]
    g2 = _graph({"c/p-1": "y", "c/d-1": ""}, [("c/p-1", "c/d-1", "DEPEND", (), "c/d[x?,!y?]")])
    assert parent_locks(g2, NodeKey("c/d-1", "target")) == {}


def test_json_is_deterministic_under_insertion_order():
    edges = [("c/x-1", "c/y-1", "DEPEND", ("t",), "c/y"), ("c/y-1", "c/x-1", "DEPEND", ("u",), "c/x"),
             ("c/y-1", "c/z-1", "BDEPEND", ("u",), "c/z"), ("c/z-1", "c/y-1", "DEPEND", (), "c/y")]
    nodes = {"c/x-1": "t", "c/y-1": "u", "c/z-1": ""}
    one = suggest_use(_graph(nodes, edges)).to_json()
    two = suggest_use(_graph(dict(reversed(nodes.items())), edges[::-1])).to_json()
    assert one == two and one["size"] == 1 and one["changes"][0]["flag"] == "u"


# ------------------------------------------------------------------ generated graphs


@st.composite
def cases(draw):
    n = draw(st.integers(2, 4))
    use = {i: frozenset(draw(st.sets(st.sampled_from(FLAGS)))) for i in range(n)}
    edges = []
    for u, v in draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                              min_size=2, max_size=9)):
        conds = draw(st.lists(st.sampled_from(FLAGS), max_size=2, unique=True))
        lits = tuple(f if f in use[u] else f"!{f}" for f in conds)
        cls = draw(st.sampled_from(("DEPEND", "DEPEND", "BDEPEND", "RDEPEND")))
        dflag = draw(st.sampled_from(FLAGS))
        usedep = draw(st.sampled_from(("", "", "", "lock", "cond")))
        atom = f"t/p{v}"
        if usedep == "lock":
            atom += f"[{dflag}]" if dflag in use[v] else f"[-{dflag}]"
        elif usedep == "cond" and (dflag in use[u]) <= (dflag in use[v]):
            atom += f"[{dflag}?]"
        edges.append((u, v, cls, lits, atom))
    fixed = {key(i): {f: "forced"} for i, f in draw(st.lists(
        st.tuples(st.integers(0, n - 1), st.sampled_from(FLAGS)), max_size=2))}
    required = {}
    for i in range(n):
        name = draw(st.sampled_from([None, None, *REQUIRED]))
        if name and REQUIRED[name](use[i]):
            required[key(i)] = REQUIRED[name]
    adding = frozenset((key(i), f, f not in use[i]) for i, f in draw(st.lists(
        st.tuples(st.integers(0, n - 1), st.sampled_from(FLAGS)), max_size=2)))
    g = DepGraph()
    for i in range(n):
        g.add_package(key(i).cpv, "target", use=use[i])
    for u, v, cls, lits, atom in edges:
        g.add_dep(key(u), key(v), cls, atom=atom, use=lits)
    constraints = StaticConstraints(fixed, {key(i): frozenset(FLAGS) for i in range(n)},
                                    required, adding)
    return g, constraints


class BruteForce:
    """Independent oracle: every subset of allowed flips, every elementary cycle."""

    def __init__(self, g: DepGraph, rules: StaticConstraints):
        self.g, self.rules = g, rules
        self.links: dict = {}
        for e in g.edges():
            if e.cls in BUILD_CLASSES:
                self.links.setdefault((e.source, e.dep), []).append(e)
        digraph = nx.DiGraph(list(self.links))
        self.cycles = [tuple(c) for c in nx.simple_cycles(digraph)]
        self.flips = [f for f in (Flip(p, flag, flag not in g.node(p)["use"])
                                  for p in g.nodes() for flag in FLAGS) if self.allowed(f)]
        self.valid = [frozenset(s) for k in range(len(self.flips) + 1)
                      for s in itertools.combinations(self.flips, k)
                      if self.required_ok(frozenset(s))]
        self.breakable = [c for c in self.cycles if any(self.broken(c, s) for s in self.valid)]

    def allowed(self, f: Flip) -> bool:
        if f.flag in self.rules.fixed(f.package) or \
                self.rules.flip_adds_deps(f.package, f.flag, f.enable):
            return False
        for e in self.g.in_edges(f.package):
            m = re.search(r"\[(!?-?)(\w)(\??)\]$", e.atom)
            if m and m.group(2) == f.flag and (not m.group(3) or f.flag in self.g.node(e.source)["use"]):
                return False
        return True

    def required_ok(self, flips: frozenset) -> bool:
        for p in {f.package for f in flips}:
            use = set(self.g.node(p)["use"])
            for f in flips:
                if f.package == p:
                    (use.add if f.enable else use.discard)(f.flag)
            if not self.rules.required_use_ok(p, frozenset(use)):
                return False
        return True

    def broken(self, cycle, flips) -> bool:
        links = [(cycle[i], cycle[(i + 1) % len(cycle)]) for i in range(len(cycle))]
        return any(all(any(Flip(e.source, lit.lstrip("!"), lit.startswith("!")) in flips
                           for lit in e.use) for e in self.links[link]) for link in links)

    def solves(self, flips: frozenset) -> bool:
        return flips in self.valid and all(self.broken(c, flips) for c in self.breakable)

    def minimum(self) -> int:
        return min(len(s) for s in self.valid if self.solves(s))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_generated_answer_is_a_minimum_cover(case):
    g, rules = case
    answer = suggest_use(g, rules)
    oracle = BruteForce(g, rules)
    chosen = frozenset(answer.flips)
    assert oracle.solves(chosen)
    for flip in chosen:  # no proper subset works (removing any one flip breaks it)
        assert not oracle.solves(chosen - {flip})
    assert answer.exact and len(chosen) == oracle.minimum() == answer.lower_bound
    unbroken = [c for c in oracle.cycles if not oracle.broken(c, chosen)]
    assert bool(unbroken) == bool(answer.unbreakable)
