"""suggest_use: hand-checked tables, properties against a brute-force oracle, emerge."""
from __future__ import annotations

import itertools
import re

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bootorder.core.depclass import BUILD_TIME
from bootorder.core.usechange import UseChange
from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.usechange.constraints import StaticConstraints, parent_locks
from bootorder.usechange.suggestion import suggest_use

FLAGS = ("a", "b", "c")
REQUIRED = {  # name -> predicate on the new USE (hand-written REQUIRED_USE semantics)
    "a? ( b )": lambda use: "a" not in use or "b" in use,
    "^^ ( a b )": lambda use: ("a" in use) != ("b" in use),
    "|| ( a c )": lambda use: "a" in use or "c" in use,
    "!b? ( c )": lambda use: "b" in use or "c" in use,
}


def key(i: int, root: str = "target") -> NodeKey:
    return NodeKey(f"t/p{i}-1", root)


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


def test_a_build_link_the_answer_leaves_between_two_components():
    # c's -u breaks both hard cycles (a -> c -> a and c -> d -> c); the run-time cycle
    # a <-> b stays, and a's build link to c then leads out of it: no cycle with a build
    # link is left, and the search must not look for a way back from c (found by the
    # generated-minimum-cover property).
    g = DepGraph()  # in "/" (host), where run-time links bind builds too
    for name, use in {"c/a-1": "t", "c/b-1": "", "c/c-1": "u", "c/d-1": ""}.items():
        g.add_package(name, "host", use=frozenset(use))
    for src, dep, cls, use in [("c/a-1", "c/b-1", "RDEPEND", ("t",)),
                               ("c/b-1", "c/a-1", "RDEPEND", ()),
                               ("c/a-1", "c/c-1", "DEPEND", ()),
                               ("c/c-1", "c/a-1", "RDEPEND", ("u",)),
                               ("c/c-1", "c/d-1", "RDEPEND", ("u",)),
                               ("c/d-1", "c/c-1", "DEPEND", ())]:
        g.add_dep(NodeKey(src, "host"), NodeKey(dep, "host"), cls, atom=dep.rsplit("-", 1)[0],
                  use=use)
    answer = suggest_use(g)
    assert _flips(answer) == ["c/c-1 -u"] and answer.exact and not answer.unbreakable


def test_priority_given_by_the_caller_decides_what_is_satisfied():
    """A step that rebuilds what is installed (emerge --emptytree) has no installed
    node: the caller says which edges an installed package satisfies."""
    from dataclasses import replace

    from bootorder.order.priority import edge_priority
    g = _graph({"a/x-1": {"f"}, "a/y-1": set()},
               [("a/x-1", "a/y-1", "BDEPEND", ("f",), "a/y"),
                ("a/y-1", "a/x-1", "BDEPEND", (), "a/x[g]")])
    assert [str(c.change) for c in suggest_use(g).changes] == ["a/x-1 -f"]

    def installed_x_has_g(edge):
        return replace(edge_priority(g, edge, {}), satisfied=edge.atom == "a/x[g]")
    assert suggest_use(g, priority=installed_x_has_g).changes == ()


def test_parent_locks_table():
    g = _graph({"c/p-1": "x", "c/d-1": "ssl x y"}, [
        ("c/p-1", "c/d-1", "DEPEND", (), "c/d[ssl,-gtk,x?,!y?,z=,w(+)]")])
    assert sorted(parent_locks(g, NodeKey("c/d-1", "target"))) == ["gtk", "ssl", "w", "x", "y", "z"]
    g2 = _graph({"c/p-1": "y", "c/d-1": ""}, [("c/p-1", "c/d-1", "DEPEND", (), "c/d[x?,!y?]")])
    assert parent_locks(g2, NodeKey("c/d-1", "target")) == {}


def test_the_search_leaves_no_cycle_holding_the_graph():
    """Reference counting frees a graph once its suggestion is made: a whole tree's graph
    waiting for the cyclic collector was 160 MB of a 20x bootstrap's peak."""
    import gc
    import weakref
    g = _graph({"c/x-1": "t", "c/y-1": ""}, [("c/x-1", "c/y-1", "DEPEND", ("t",), "c/y"),
                                              ("c/y-1", "c/x-1", "DEPEND", (), "c/x")])
    graph = weakref.ref(g)
    gc.disable()
    try:
        assert _flips(suggest_use(g)) == ["c/x-1 -t"]
        del g
        assert graph() is None
    finally:
        gc.enable()


def test_json_is_deterministic_under_insertion_order():
    edges = [("c/x-1", "c/y-1", "DEPEND", ("t",), "c/y"), ("c/y-1", "c/x-1", "DEPEND", ("u",), "c/x"),
             ("c/y-1", "c/z-1", "BDEPEND", ("u",), "c/z"), ("c/z-1", "c/y-1", "DEPEND", (), "c/y")]
    nodes = {"c/x-1": "t", "c/y-1": "u", "c/z-1": ""}
    one = suggest_use(_graph(nodes, edges)).to_json()
    two = suggest_use(_graph(dict(reversed(nodes.items())), edges[::-1])).to_json()
    assert one == two and one["size"] == 1 and one["changes"][0]["flag"] == "u"


# ------------------------------------------------------------------ generated graphs


@st.composite
def cases(draw, root="target"):
    """Random graphs in one root: in ``target`` (a cross root) runtime edges are soft;
    in ``host`` unsatisfied RDEPENDs are strong and join build edges in hard cycles."""
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
    fixed = {key(i, root): {f: "forced"} for i, f in draw(st.lists(
        st.tuples(st.integers(0, n - 1), st.sampled_from(FLAGS)), max_size=2))}
    required = {}
    for i in range(n):
        name = draw(st.sampled_from([None, None, *REQUIRED]))
        if name and REQUIRED[name](use[i]):
            required[key(i, root)] = REQUIRED[name]
    adding = frozenset((key(i, root), f, f not in use[i]) for i, f in draw(st.lists(
        st.tuples(st.integers(0, n - 1), st.sampled_from(FLAGS)), max_size=2)))
    g = DepGraph()
    for i in range(n):
        g.add_package(key(i).cpv, root, use=use[i])
    for u, v, cls, lits, atom in edges:
        g.add_dep(key(u, root), key(v, root), cls, atom=atom, use=lits)
    constraints = StaticConstraints(fixed, {key(i, root): frozenset(FLAGS) for i in range(n)},
                                    required, adding)
    return g, constraints


class BruteForce:
    """Independent oracle: every subset of allowed flips, every elementary cycle with a
    build-time edge over build-time edges and, in ``host``, RDEPEND edges (self-loops
    only build-time). ``conflicting``: no valid set breaks every cycle some valid set
    breaks (REQUIRED_USE ``b || c``, one cycle through ``b``, another through ``c``)."""

    def __init__(self, g: DepGraph, rules: StaticConstraints):
        self.g, self.rules = g, rules
        self.links: dict = {}
        strong = BUILD_TIME | ({"RDEPEND"} if g.nodes()[0].root == "host" else set())
        for e in g.edges():
            if e.cls in strong and (e.source != e.dep or e.cls in BUILD_TIME):
                self.links.setdefault((e.source, e.dep), []).append(e)
        digraph = nx.DiGraph(list(self.links))
        self.cycles = [tuple(c) for c in nx.simple_cycles(digraph)
                       if any(e.cls in BUILD_TIME for i in range(len(c))
                              for e in self.links[(c[i], c[(i + 1) % len(c)])])]
        self.node = {k.cpv: k for k in g.nodes()}
        self.flips = [f for f in (UseChange(p.cpv, flag, flag not in g.node(p)["use"])
                                  for p in g.nodes() for flag in FLAGS) if self.allowed(f)]
        self.valid = [frozenset(s) for k in range(len(self.flips) + 1)
                      for s in itertools.combinations(self.flips, k)
                      if self.required_ok(frozenset(s))]
        self.breakable = [c for c in self.cycles if any(self.broken(c, s) for s in self.valid)]
        self.conflicting = not any(self.solves(s) for s in self.valid)

    def allowed(self, f: UseChange) -> bool:
        pkg = self.node[f.package]
        if f.flag in self.rules.fixed(pkg) or self.rules.flip_adds_deps(pkg, f.flag, f.enable):
            return False
        for e in self.g.in_edges(pkg):
            m = re.search(r"\[(!?-?)(\w)(\??)\]$", e.atom)
            if m and m.group(2) == f.flag and (not m.group(3) or f.flag in self.g.node(e.source)["use"]):
                return False
        return True

    def required_ok(self, flips: frozenset) -> bool:
        for p in {f.package for f in flips}:
            use = set(self.g.node(self.node[p])["use"])
            for f in flips:
                if f.package == p:
                    (use.add if f.enable else use.discard)(f.flag)
            if not self.rules.required_use_ok(self.node[p], frozenset(use)):
                return False
        return True

    def broken(self, cycle, flips) -> bool:
        links = [(cycle[i], cycle[(i + 1) % len(cycle)]) for i in range(len(cycle))]
        return any(all(any(UseChange(e.source.cpv, lit.lstrip("!"), lit.startswith("!")) in flips
                           for lit in e.use) for e in self.links[link]) for link in links)

    def solves(self, flips: frozenset) -> bool:
        return flips in self.valid and all(self.broken(c, flips) for c in self.breakable)

    def minimum(self) -> int:
        return min(len(s) for s in self.valid if self.solves(s))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["target", "host"]).flatmap(cases))
def test_generated_answer_is_a_minimum_cover(case):
    g, rules = case
    answer = suggest_use(g, rules)
    oracle = BruteForce(g, rules)
    chosen = frozenset(answer.flips)
    unbroken = [c for c in oracle.cycles if not oracle.broken(c, chosen)]
    if oracle.conflicting:  # some cycles must stay: the answer is valid and says so
        assert chosen in oracle.valid and unbroken and answer.unbreakable
        return
    assert oracle.solves(chosen)
    for flip in chosen:  # no proper subset works (removing any one flip breaks it)
        assert not oracle.solves(chosen - {flip})
    assert answer.exact and len(chosen) == oracle.minimum() == answer.lower_bound
    assert bool(unbroken) == bool(answer.unbreakable)


# ------------------------------------------------------------- emerge as the oracle

SUGGESTION = re.compile(r"^- (\S+) \(Change USE: ([^)]*)\)", re.M)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def build_graph(ebuilds: dict, targets: list[str], tmp_path):
    """The real resolver on the case (empty host: build dependencies in ``host``)."""
    from minirepo import make_config

    from bootorder.resolver.resolution import resolve
    from bootorder.usechange.constraints import config_constraints

    config = make_config(tmp_path, ebuilds)
    graph = resolve(config, targets, host="empty", implicit=False)
    assert not graph.problems
    return graph, config_constraints(graph, config)


def apply_changes(ebuilds: dict, changes) -> dict:
    """The ebuilds with per-package IUSE defaults turned over: ``(cpv, "+flag"|"-flag")``."""
    out = {k: dict(v) for k, v in ebuilds.items()}
    for cpv, change in changes:
        flag = change[1:]
        iuse = [f for f in out[cpv].get("IUSE", "").split() if f.lstrip("+-") != flag]
        out[cpv]["IUSE"] = " ".join(iuse + [("+" if change[0] == "+" else "") + flag])
    return out


def emerge_rounds(ebuilds: dict, targets: list[str], rounds: int = 6):
    """Run emerge, apply its first suggestion, repeat: (union of all suggested flips,
    flips applied, whether emerge finally had no cycle)."""
    from emerge_oracle import run_emerge

    union, applied = set(), []
    for _ in range(rounds):
        out = ANSI.sub("", run_emerge(ebuilds, targets))
        if "circular dependencies" not in out:
            return union, applied, True
        found = [(cpv, tuple(flags.split())) for cpv, flags in SUGGESTION.findall(out)]
        if not found:
            return union, applied, False
        union |= {(cpv, f) for cpv, flags in found for f in flags}
        applied += [(found[0][0], f) for f in found[0][1]]
        ebuilds = apply_changes(ebuilds, [(found[0][0], f) for f in found[0][1]])
    return union, applied, False


def _ours(ebuilds, targets, tmp_path):
    g, rules = build_graph(ebuilds, targets, tmp_path)
    answer = suggest_use(g, rules)
    return answer, [(f.package, ("+" if f.enable else "-") + f.flag) for f in answer.flips]


EMERGE_CASES = {
    "one conditional edge": {
        "dev-libs/a-1": {"IUSE": "+b", "DEPEND": "b? ( dev-libs/b )"},
        "dev-libs/b-1": {"DEPEND": "dev-libs/a"}},
    "one flag on a hub breaks three cycles": {
        "dev-libs/x-1": {"IUSE": "+t", "DEPEND": "t? ( dev-libs/y dev-libs/z dev-libs/w )"},
        "dev-libs/y-1": {"IUSE": "+u", "DEPEND": "u? ( dev-libs/x )"},
        "dev-libs/z-1": {"IUSE": "+v", "BDEPEND": "v? ( dev-libs/x )"},
        "dev-libs/w-1": {"IUSE": "+s", "DEPEND": "s? ( dev-libs/x )"}},
    "two flags guard one dependency": {
        "dev-libs/c-1": {"IUSE": "+x +y", "DEPEND": "x? ( dev-libs/d ) y? ( dev-libs/d )"},
        "dev-libs/d-1": {"DEPEND": "dev-libs/c"}},
    "negative conditional": {
        "dev-libs/p-1": {"IUSE": "minimal", "DEPEND": "!minimal? ( dev-libs/q )"},
        "dev-libs/q-1": {"DEPEND": "dev-libs/p"}},
    "REQUIRED_USE needs an accompanying flip": {
        "dev-libs/r-1": {"IUSE": "+a c", "REQUIRED_USE": "|| ( a c )",
                         "DEPEND": "a? ( dev-libs/s )"},
        "dev-libs/s-1": {"DEPEND": "dev-libs/r"}},
    "a parent's [flag] forbids the cheap side": {
        "dev-libs/m-1": {"IUSE": "+t", "DEPEND": "t? ( dev-libs/n )"},
        "dev-libs/n-1": {"IUSE": "+u", "DEPEND": "u? ( dev-libs/m )"},
        "dev-libs/top-1": {"RDEPEND": "dev-libs/m[t]"}},
    "chain of cycles sharing packages": {
        "app-misc/k1-1": {"IUSE": "+f", "DEPEND": "f? ( app-misc/k2 )"},
        "app-misc/k2-1": {"IUSE": "+g", "DEPEND": "g? ( app-misc/k3 ) app-misc/k1"},
        "app-misc/k3-1": {"IUSE": "+h", "DEPEND": "h? ( app-misc/k1 ) app-misc/k2"}},
}


EXPECTED = {  # hand-checked minimum for each case
    "one conditional edge": [("dev-libs/a-1", "-b")],
    "one flag on a hub breaks three cycles": [("dev-libs/x-1", "-t")],
    "two flags guard one dependency": [("dev-libs/c-1", "-x"), ("dev-libs/c-1", "-y")],
    "negative conditional": [("dev-libs/p-1", "+minimal")],
    "REQUIRED_USE needs an accompanying flip": [("dev-libs/r-1", "-a"), ("dev-libs/r-1", "+c")],
    "a parent's [flag] forbids the cheap side": [("dev-libs/n-1", "-u")],
    "chain of cycles sharing packages": [("app-misc/k1-1", "-f"), ("app-misc/k2-1", "-g")],
}


@pytest.mark.parametrize("name", sorted(EMERGE_CASES))
def test_never_larger_than_emerge_and_emerge_accepts_it(name, tmp_path):
    ebuilds = EMERGE_CASES[name]
    targets = sorted(k.rsplit("-", 1)[0] for k in ebuilds)
    union, applied, solved = emerge_rounds(ebuilds, targets)
    answer, ours = _ours(ebuilds, targets, tmp_path)
    assert ours == EXPECTED[name]
    assert solved and union and answer.exact
    assert len(ours) <= len(union) and len(ours) <= len(applied)
    # emerge itself finds no cycle once our changes are applied
    from emerge_oracle import run_emerge
    after = run_emerge(apply_changes(ebuilds, ours), targets)
    assert "circular dependencies" not in after and "[ebuild" in after


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_heuristic_breaks_everything_within_its_bound(case):
    import bootorder.usechange.suggestion as module
    g, rules = case
    exact_limit = module.EXACT_MAX_FLIPS
    module.EXACT_MAX_FLIPS = 0  # every component goes to the greedy heuristic
    try:
        answer = suggest_use(g, rules)
    finally:
        module.EXACT_MAX_FLIPS = exact_limit
    oracle = BruteForce(g, rules)
    if oracle.conflicting:  # as in test_generated_answer_is_a_minimum_cover
        chosen = frozenset(answer.flips)
        assert chosen in oracle.valid and answer.unbreakable
        assert any(not oracle.broken(c, chosen) for c in oracle.cycles)
        return
    assert oracle.solves(frozenset(answer.flips))
    assert answer.lower_bound <= oracle.minimum() <= len(answer.flips)
    assert answer.exact == (not answer.flips and not answer.cycles)


@settings(max_examples=60, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_insertion_order_changes_nothing(case, rnd):
    g, rules = case
    shuffled = DepGraph()
    nodes = g.nodes()
    rnd.shuffle(nodes)
    for k in nodes:
        shuffled.add_package(k.cpv, k.root, use=g.node(k)["use"])
    edges = g.edges()
    rnd.shuffle(edges)
    for e in edges:
        shuffled.add_dep(e.source, e.dep, e.cls, atom=e.atom, use=e.use)
    assert suggest_use(shuffled, rules).to_json() == suggest_use(g, rules).to_json()


def test_allow_adding_keeps_the_flip_and_marks_it():
    x = NodeKey("c/x-1", "target")
    g = _graph({"c/x-1": "", "c/y-1": ""}, [
        ("c/x-1", "c/y-1", "DEPEND", ("!minimal",), "c/y"),
        ("c/y-1", "c/x-1", "DEPEND", (), "c/x")])
    rules = StaticConstraints(adding=frozenset({(x, "minimal", True)}))
    assert suggest_use(g, rules).flips == ()
    answer = suggest_use(g, rules, allow_adding=True)
    assert [(str(c.change), c.adds_deps) for c in answer.changes] == [("c/x-1 +minimal", True)]


# ------------------------------------------------------------------ the real corpus


def test_stage1_on_an_empty_host(corpus_dir):
    """catalyst's stage 1 on an empty host: the suggested flips, applied by re-resolving,
    leave only cycles no allowed flip can break (and the answer is exact)."""
    from bootorder.config.configuration import Config
    from bootorder.config.overrides import changes_for_cpvs
    from bootorder.config.profile import Profile
    from bootorder.resolver.resolution import resolve
    from bootorder.tree.repository import Tree
    from bootorder.usechange.constraints import config_constraints
    from bootorder.usechange.rerun import with_changes

    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    config = Config.stage1(tree, Profile.load(tree, "coreos-overlay:coreos/amd64/sdk/transition"))
    graph = resolve(config, ["@stage1"], host="empty")
    answer = suggest_use(graph, config_constraints(graph, config))
    assert answer.exact and answer.flips and answer.unbreakable
    assert all(c.role == "breaks" and c.breaks for c in answer.changes)
    changed = with_changes(config, changes_for_cpvs(answer.flips))
    after = resolve(changed, ["@stage1"], host="empty")
    again = suggest_use(after, config_constraints(after, changed))
    assert again.flips == () and again.unbreakable


# ------------------------------------------------------------- the covering solver

ITEMS = "abcdef"


@st.composite
def covers(draw):
    option = st.frozensets(st.sampled_from(ITEMS), min_size=1, max_size=2)
    cons = draw(st.lists(st.lists(option, min_size=1, max_size=3).map(tuple),
                         min_size=1, max_size=7))
    forbidden = draw(st.sets(st.sampled_from(["ab", "cd", "ef", "a", "ce"]), max_size=2))
    surcharge = draw(st.sets(st.sampled_from(["a", "c", "e", "ace"]), max_size=2))
    return cons, forbidden, surcharge


@settings(max_examples=300, deadline=None)
@given(covers(), st.booleans())
def test_cover_is_minimum(case, exact):
    """Groups: {a,c,e} and {b,d,f}; a group's cost is its size, plus one for a surcharged
    subset present (monotone), infinite for a forbidden subset present."""
    from bootorder.usechange.cover import solve_cover
    cons, forbidden, surcharge = case

    def group_cost(items):
        if any(set(f) <= items for f in forbidden):
            return float("inf")
        return len(items) + sum(set(s) <= items for s in surcharge)

    def total(chosen):
        return sum(group_cost(frozenset(i for i in chosen if i in g)) if chosen & set(g) else 0
                   for g in ("ace", "bdf"))

    feasible = [frozenset(s) for k in range(len(ITEMS) + 1)
                for s in itertools.combinations(ITEMS, k)
                if total(frozenset(s)) < float("inf")
                and all(any(o <= set(s) for o in c) for c in cons)]
    result = solve_cover(cons, lambda i: i in "ace", group_cost,
                         exact_max_items=64 if exact else 0)
    if not feasible:
        return
    best = min(total(s) for s in feasible)
    assert result.chosen in feasible
    assert result.lower_bound <= best <= total(result.chosen)
    if exact:
        assert result.exact and total(result.chosen) == best == result.lower_bound


def test_one_flip_serves_both_roots():
    # a DEPENDs b under "x" in both roots; the target cycle needs a's flag, which then
    # also breaks the host cycle (alone, the host one would take b's "z", sorting first)
    g = DepGraph()
    for root in ("host", "target"):
        a = g.add_package("c/a-1", root, use=frozenset({"x", "y"}))
        b = g.add_package("c/0b-1", root, use=frozenset({"z"}))
        g.add_dep(a, b, "DEPEND", atom="c/0b", use=("x",))
        g.add_dep(b, a, "DEPEND", atom="c/a", use=("z",) if root == "host" else ())
    answer = suggest_use(g)
    assert _flips(answer) == ["c/a-1 -x"] and answer.exact and len(answer.cycles) == 2


def test_text_rendering_of_a_full_answer():
    from bootorder.render.usechange import format_suggestion
    x = NodeKey("c/x-1", "target")
    g = _graph({"c/x-1": "a", "c/y-1": "", "c/z-1": "", "c/p-1": "", "c/q-1": ""}, [
        ("c/x-1", "c/y-1", "DEPEND", ("a",), "c/y"),
        ("c/x-1", "c/z-1", "RDEPEND", ("a",), "c/z"),
        ("c/y-1", "c/x-1", "DEPEND", (), "c/x"),
        ("c/p-1", "c/q-1", "DEPEND", (), "c/q"),
        ("c/q-1", "c/p-1", "DEPEND", (), "c/p")])
    g.add_package("c/x-1", "target", target=True)
    rules = StaticConstraints(fixed_flags={NodeKey("c/p-1", "target"): {"zz": "forced"}},
                              iuse_flags={x: frozenset("ac")},
                              required_use={x: REQUIRED["|| ( a c )"]})
    assert format_suggestion(suggest_use(g, rules)) == """\
2 USE changes break every cycle a USE change can break (minimum):
  =c/x-1 -a
    breaks c/x-1@target -> c/y-1@target -> c/x-1@target
    also removes RDEPEND c/z (a?) of c/x-1@target
    no longer pulls in c/y-1@target, c/z-1@target
  =c/x-1 +c  (keeps REQUIRED_USE)
Cycles no allowed USE change can break:
  c/p-1@target -> c/q-1@target -> c/p-1@target
"""


def random_ebuilds(seed: int) -> dict:
    """3-5 packages with one to three flags (mostly on) and random, mostly conditional,
    DEPEND/BDEPEND/RDEPEND atoms between them."""
    import random
    rnd = random.Random(seed)
    n = rnd.randint(3, 5)
    ebuilds = {}
    for i in range(n):
        flags = [f"f{j}" for j in range(rnd.randint(1, 3))]
        iuse = " ".join(("+" if rnd.random() < 0.8 else "") + f for f in flags)
        deps: dict[str, list[str]] = {}
        for _ in range(rnd.randint(1, 3)):
            j = rnd.randrange(n)
            if j == i:
                continue
            atom, cls = f"t/p{j}", rnd.choice(["DEPEND", "DEPEND", "BDEPEND", "RDEPEND"])
            if rnd.random() < 0.7:
                flag = rnd.choice(flags)
                atom = f"{'!' if rnd.random() < 0.2 else ''}{flag}? ( {atom} )"
            deps.setdefault(cls, []).append(atom)
        ebuilds[f"t/p{i}-1"] = {"IUSE": iuse, **{k: " ".join(v) for k, v in deps.items()}}
    return ebuilds


@pytest.mark.parametrize("seed", [11, 14, 25, 32, 34, 36, 41])
def test_random_trees_against_emerge(seed, tmp_path):
    """Seeds where emerge meets cycles (two stay unbreakable by a USE change)."""
    from emerge_oracle import run_emerge
    ebuilds = random_ebuilds(seed)
    targets = sorted(k.rsplit("-", 1)[0] for k in ebuilds)
    union, applied, solved = emerge_rounds(ebuilds, targets)
    answer, ours = _ours(ebuilds, targets, tmp_path)
    assert union and answer.exact
    if solved:
        assert len(ours) <= len(union) and len(ours) <= len(applied)
        assert not answer.unbreakable
        assert "circular dependencies" not in run_emerge(apply_changes(ebuilds, ours), targets)
    else:
        assert answer.unbreakable


def test_existing_required_use_violations_may_stay():
    # x's USE already breaks "^^ ( a b )" (both on, as "-* build" setups often do):
    # turning t off keeps that violation and adds none, so it needs no accompaniment;
    # "|| ( t c )" is met now and would break: +c comes along
    from bootorder.usechange.constraints import MetadataConstraints, PackageUseInfo
    x = NodeKey("c/x-1", "target")
    g = _graph({"c/x-1": "a b t", "c/y-1": ""}, [
        ("c/x-1", "c/y-1", "DEPEND", ("t",), "c/y"), ("c/y-1", "c/x-1", "DEPEND", (), "c/x")])

    def rules(required):
        return MetadataConstraints(lambda pkg: PackageUseInfo(frozenset("abct"), required)
                                   if pkg == x else None)
    assert _flips(suggest_use(g, rules("^^ ( a b )"))) == ["c/x-1 -t"]
    assert _flips(suggest_use(g, rules("^^ ( a b ) || ( t c )"))) == ["c/x-1 +c", "c/x-1 -t"]
