"""bootorder.bootstrap.stage and the search's clusters: a state computed near another
equals the state computed from scratch (every pair of subsets of generated graphs), a
hard cycle found per component equals the shortest hard cycle of the whole host
binding, and the search over two independent stages side by side finds the sum of
their minima (each checked by brute force in test_prebuild)."""
from __future__ import annotations

import itertools

from bootstrap_strategies import dep_graphs
from hypothesis import given, settings, strategies as st

from bootorder.bootstrap.prebuild import minimum_prebuilt
from bootorder.bootstrap.reduced import ReducedBuild
from bootorder.bootstrap.stage import Stage, choosable, shortest_hard_cycle
from bootorder.graph.depgraph import DepGraph, NodeKey

H, T = "host", "target"


def targeted(g: DepGraph) -> DepGraph:
    roots = [k for k in g.nodes() if k.root == T or not g.nx.in_degree(k)] or g.nodes()[:1]
    for k in roots:
        g.nx.nodes[k]["target"] = True
    return g


def stage_of(g: DepGraph) -> Stage:
    return Stage(g, {k: ReducedBuild(k, g.node(k)["use"]) for k in g.nodes() if choosable(g, k)})


def whole_host_cycle(stage: Stage, state):
    binding = stage.binding(state)
    return shortest_hard_cycle(binding.subgraph(k for k in binding if k.root == H))


@settings(max_examples=120, deadline=None)
@given(dep_graphs(), st.randoms(use_true_random=False))
def test_a_state_near_another_is_the_state_from_scratch(g, rng):
    stage = stage_of(targeted(g))
    nodes = sorted(stage.reduced)
    subsets = [frozenset(c) for k in range(len(nodes) + 1)
               for c in itertools.combinations(nodes, k)]
    for chosen in rng.sample(subsets, min(len(subsets), 12)):
        base = stage.state(chosen)
        assert stage.hard_cycle(base) == whole_host_cycle(stage, base)
        for other in rng.sample(subsets, min(len(subsets), 6)):
            near, scratch = stage.near(base, other), stage.state(other)
            assert (near.chosen, near.installed, near.alive) == \
                (scratch.chosen, scratch.installed, scratch.alive)
            assert all(near.is_alive(k) == (k in scratch.alive) for k in g.nodes())
            assert stage.hard_cycle(near) == whole_host_cycle(stage, scratch)


def renamed(g: DepGraph, suffix: str) -> DepGraph:
    """``g`` with every category renamed: a copy that shares nothing with ``g``."""
    def key(k):
        return NodeKey(k.cpv.replace("c/", f"c{suffix}/", 1), k.root)
    out = DepGraph()
    for k in g.nodes():
        data = g.node(k)
        out.add_package(key(k).cpv, k.root, installed=data["installed"], use=data["use"],
                        use_disabled=data["use_disabled"], target=data.get("target", False))
    for e in g.edges():
        out.add_dep(key(e.source), key(e.dep), e.cls, atom=e.atom.replace("c/", f"c{suffix}/", 1),
                    use=e.use, implicit=e.implicit)
    return out


def side_by_side(a: DepGraph, b: DepGraph) -> DepGraph:
    out = renamed(a, "a")
    other = renamed(b, "b")
    for k in other.nodes():
        data = other.node(k)
        out.add_package(k.cpv, k.root, installed=data["installed"], use=data["use"],
                        use_disabled=data["use_disabled"], target=data.get("target", False))
    for e in other.edges():
        out.add_dep(e.source, e.dep, e.cls, atom=e.atom, use=e.use, implicit=e.implicit)
    return out


@settings(max_examples=120, deadline=None)
@given(dep_graphs(), dep_graphs())
def test_independent_stages_side_by_side_cost_the_sum_of_their_minima(a, b):
    a, b = targeted(a), targeted(b)
    one, two = minimum_prebuilt(stage_of(a)), minimum_prebuilt(stage_of(b))
    both_stage = stage_of(side_by_side(a, b))
    both = minimum_prebuilt(both_stage)
    assert both.exact == (one.exact and two.exact)
    if both.exact:
        assert len(both.nodes) == len(one.nodes) + len(two.nodes)
        state = both_stage.state(both.nodes)
        assert state.complete and both_stage.hard_cycle(state) is None


ATOMS = ("c/b", ">=c/b-2", "<c/b-2", "c/b[nls]", "c/b[-nls]", "c/b[nls?]", "c/b[!nls?]",
         "c/b[nls=]", "c/b[nls(+)]", "=c/b-1*", "c/b:0", "not an atom")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.sampled_from(ATOMS)),
                max_size=16),
       st.lists(st.booleans(), min_size=3, max_size=3), st.randoms(use_true_random=False))
def test_stage_facts_meet_as_meets_says(links, flags, rng):
    """StageFacts.met, kept per atom and dependency (and dependent when the atom has USE
    dependencies), answers as meets does for every edge, asked in any order (dependents
    with and without the flag, reduced builds with and without it)."""
    from bootorder.bootstrap.stage import StageFacts, meets
    g = DepGraph()
    nls = frozenset({"nls"})
    sources = [g.add_package(f"c/a{i}-1", H, use=nls if i % 2 else frozenset(),
                             use_disabled=frozenset() if i % 2 else nls) for i in range(4)]
    deps = [g.add_package(f"c/b-{i + 1}", H, slot="0", use=nls if flags[i] else frozenset(),
                          use_disabled=frozenset() if flags[i] else nls) for i in range(3)]
    for s, d, atom in links:
        g.add_dep(sources[s], deps[d], "DEPEND", atom=atom)
    reduced = {d: ReducedBuild(d, nls if i and flags[i] else frozenset())
               for i, d in enumerate(deps)}
    facts = StageFacts(g, reduced)
    edges = g.edges()
    rng.shuffle(edges)
    assert [facts.met(e) for e in edges] == [meets(g, e, reduced[e.dep]) for e in edges]
