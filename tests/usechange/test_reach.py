"""bootorder.usechange.reach: what flips stop pulling in, against a search of the whole
graph without the removed edges (the oracle), on generated graphs with USE conditionals,
installed packages and cycles."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from bootorder.core.usechange import UseChange
from bootorder.graph.depgraph import DepGraph
from bootorder.usechange.reach import PulledIn
from bootorder.usechange.suggestion import edge_removed

FLAGS = ("a", "b", "!a")


@st.composite
def graphs(draw):
    count = draw(st.integers(1, 10))
    g = DepGraph()
    keys = [g.add_package(f"x/p{i}-1", draw(st.sampled_from(("host", "target"))),
                          installed=draw(st.integers(0, 6)) == 0,
                          target=draw(st.integers(0, 3)) == 0) for i in range(count)]
    for _ in range(draw(st.integers(0, 30))):
        u, v = draw(st.sampled_from(keys)), draw(st.sampled_from(keys))
        use = tuple(draw(st.lists(st.sampled_from(FLAGS), max_size=2, unique=True)))
        g.add_dep(u, v, draw(st.sampled_from(("DEPEND", "RDEPEND", "BDEPEND"))),
                  atom=v.cpv.rsplit("-", 1)[0], use=use)
    flips = draw(st.sets(st.builds(UseChange, st.sampled_from([k.cpv for k in keys]),
                                   st.sampled_from(("a", "b")), st.booleans()), max_size=4))
    return g, flips


def reached(g: DepGraph, roots, flips) -> set:
    seen, stack = set(roots), list(roots)
    while stack:
        node = stack.pop()
        for e in g.edges(node):
            removed = not g.node(node)["installed"] and edge_removed(e, flips)
            if e.dep not in seen and not removed:
                seen.add(e.dep)
                stack.append(e.dep)
    return seen


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_dropped_is_what_a_search_without_the_removed_edges_no_longer_reaches(case):
    _check(case)


def _check(case):
    g, flips = case
    roots = g.targets() or sorted(n for n in g.nx if g.nx.in_degree(n) == 0)
    pulled = PulledIn(g, roots)
    assert pulled.reached == reached(g, roots, frozenset())
    assert pulled.dropped(flips) == pulled.reached - reached(g, roots, flips)


@st.composite
def trees(draw):
    """Mostly a tree below one target, its links often conditional, a few more edges
    (some closing cycles): flips drop whole subtrees, or parts other paths keep."""
    count = draw(st.integers(2, 14))
    g = DepGraph()
    keys = [g.add_package(f"x/p{i}-1", "target", installed=draw(st.integers(0, 12)) == 0,
                          target=i == 0) for i in range(count)]
    uses = st.sampled_from(((), ("a",), ("a",), ("b",), ("!a",), ("a", "b")))
    links = [(keys[draw(st.integers(0, i - 1))], keys[i]) for i in range(1, count)]
    links += draw(st.lists(st.tuples(st.sampled_from(keys), st.sampled_from(keys)), max_size=5))
    for u, v in links:
        g.add_dep(u, v, "DEPEND", atom=v.cpv.rsplit("-", 1)[0], use=draw(uses))
    flips = draw(st.sets(st.builds(UseChange, st.sampled_from([k.cpv for k in keys]),
                                   st.sampled_from(("a", "a", "b")), st.booleans()),
                         min_size=1, max_size=4))
    return g, flips


@settings(max_examples=300, deadline=None)
@given(trees())
def test_dropped_subtrees_are_what_a_search_no_longer_reaches(case):
    _check(case)
