"""bootorder.order.backtrack: emerge's restart after a cycle it cannot merge, with its
``circular_dependency`` map. The map of small graphs (hand-checked), then resolutions
against emerge (``--root``, empty ``/``): the packages merged in each root and whether it
stops on a cycle, for the issue's any-of cases and the shapes emerge does not avoid;
then generated repositories of that shape (``resolve_strategies.any_of_repos``)."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from bootstrap_strategies import dep_graphs
from hypothesis import HealthCheck, given, settings
from minirepo import make_config
from resolve_strategies import any_of_repos, bootorder_answer, differences, emerge_answer

from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.order.backtrack import circular_dependencies, resolve, stuck_remainder
from bootorder.order.cycles import find_cycles

H, T = "host", "target"


def graph(edges, installed=()) -> DepGraph:
    g = DepGraph()
    for u, v, cls in edges:
        for name in (u, v):
            g.add_package(f"x/{name}-1", T if name.isupper() else H,
                          installed=name in installed)
        g.add_dep(NodeKey(f"x/{u}-1", T if u.isupper() else H),
                  NodeKey(f"x/{v}-1", T if v.isupper() else H), cls, atom=f"x/{v}")
    return g


def names(found) -> dict:
    return {k.cpv[2:-2]: sorted(v.cpv[2:-2] for v in vs) for k, vs in found.items()}


@pytest.mark.parametrize("edges, installed, expected", [
    # a 2-cycle: each depends on the other
    ([("top", "a", "BDEPEND"), ("a", "top", "DEPEND")], (), {"a": ["top"], "top": ["a"]}),
    # a 3-cycle: each package gets the one that depends on it, never the one it depends on
    ([("top", "a", "BDEPEND"), ("a", "c", "DEPEND"), ("c", "top", "DEPEND")], (),
     {"a": ["top"], "c": ["a"], "top": ["c"]}),
    # a runtime 2-cycle alone is not stuck: no restart
    ([("top", "a", "RDEPEND"), ("a", "top", "RDEPEND")], (), {}),
    # stuck behind a hard cycle, a runtime 2-cycle of the target root is in the map too;
    # PDEPEND edges are not (portage's ignore_medium_soft)
    ([("A", "B", "RDEPEND"), ("B", "A", "RDEPEND"), ("A", "h", "DEPEND"), ("h", "g", "BDEPEND"),
      ("g", "h", "BDEPEND"), ("C", "A", "PDEPEND"), ("A", "C", "RDEPEND")], (),
     {"A": ["B"], "B": ["A"], "g": ["h"], "h": ["g"]}),
    # an edge to an installed package is satisfied: no cycle
    ([("top", "a", "BDEPEND"), ("a", "top", "DEPEND")], ("a",), {}),
])
def test_circular_dependencies_table(edges, installed, expected):
    assert names(circular_dependencies(graph(edges, installed))) == expected


A_B = {"dev-libs/a-1": {"DEPEND": "dev-libs/top"}, "dev-libs/b-1": {}}


def any_of(cls: str, alternatives: str = "dev-libs/a dev-libs/b") -> dict:
    return {**A_B, "dev-libs/top-1": {cls: f"|| ( {alternatives} )"}}


CASES = {  # name: (ebuilds, targets, emerge stops on a cycle)
    "BDEPEND, target top": (any_of("BDEPEND"), ["dev-libs/top"], False),
    "DEPEND, target top": (any_of("DEPEND"), ["dev-libs/top"], False),
    "BDEPEND, target a": (any_of("BDEPEND"), ["dev-libs/a"], False),
    "RDEPEND, target top": (any_of("RDEPEND"), ["dev-libs/top"], False),
    "PDEPEND, target top": (any_of("PDEPEND"), ["dev-libs/top"], False),
    "both alternatives circular": (
        {**any_of("BDEPEND"), "dev-libs/b-1": {"DEPEND": "dev-libs/top"}}, ["dev-libs/top"], True),
    "a 3-cycle is not avoided": (
        {**any_of("BDEPEND"), "dev-libs/a-1": {"DEPEND": "dev-libs/c"},
         "dev-libs/c-1": {"DEPEND": "dev-libs/top"}}, ["dev-libs/top"], True),
    "a runtime-only 2-cycle is kept": (
        {**any_of("RDEPEND"), "dev-libs/a-1": {"RDEPEND": "dev-libs/top"}}, ["dev-libs/top"],
        False),
    "b named first": (any_of("BDEPEND", "dev-libs/b dev-libs/a"), ["dev-libs/top"], False),
    "a self-dependency in RDEPEND is kept": (
        {"dev-libs/p-1": {"RDEPEND": "|| ( dev-libs/p dev-libs/q )"}, "dev-libs/q-1": {}},
        ["dev-libs/p"], False),
    "a build-time self-dependency is avoided": (
        {"dev-lang/gd-1": {"DEPEND": "|| ( dev-lang/gd dev-lang/gd-bin )"},
         "dev-lang/gd-bin-1": {}}, ["dev-lang/gd"], False),
}


def resolved(tmp_path, ebuilds: dict, targets: list[str]) -> tuple[set, bool]:
    """The packages emerge would list (all, or those stuck behind a hard cycle) and
    whether a hard cycle stops the merge."""
    g = resolve(make_config(tmp_path, ebuilds), targets, host="empty", implicit=False)
    assert not g.problems
    hard = find_cycles(g, scope="shortest").hard
    return set(stuck_remainder(g) if hard else g.nodes()), hard


@pytest.mark.emerge
@pytest.mark.parametrize("name", sorted(CASES))
def test_any_of_choices_and_cycles_are_emerges(tmp_path, name):
    from emerge_oracle import VERBOSE, parse_emerge, run_emerge
    ebuilds, targets, stops = CASES[name]
    theirs = parse_emerge(run_emerge(ebuilds, targets, root=True, options=VERBOSE))
    assert theirs["circular"] == stops
    assert resolved(tmp_path, ebuilds, targets) == ({tuple(k) for k in theirs["merged"]}, stops)


def test_the_issue_case_needs_no_bootstrap_copy(tmp_path):
    """issue 16: no cycle is left for ``bootstrap`` to plan a copy for."""
    from bootorder.bootstrap.synthesis import bootstrap_for
    plan = bootstrap_for(make_config(tmp_path, any_of("BDEPEND")), ["dev-libs/top"],
                         implicit=False)
    assert plan.packages == () and plan.to_json()["remaining_hard_cycles"] == 0


@pytest.mark.emerge
@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(any_of_repos())
def test_generated_any_of_repositories_agree_with_emerge(case):
    """An any-of group owned by a package needed in the host root, some alternatives
    depending back on it (seeded: the same repositories every run)."""
    with tempfile.TemporaryDirectory() as tmp:
        ours = bootorder_answer(Path(tmp), case)
    assert differences(ours, emerge_answer(case)) == [], json.dumps(case)


def portage_get_cycles(g: DepGraph) -> dict:
    """The map as portage's ``get_cycles`` computes it, transcribed without shortcuts:
    the stuck packages (hard components and every ancestor of theirs along the edges
    ``ignore_medium_soft`` keeps), then one backward search over all of them per
    package."""
    import networkx as nx

    from bootorder.order.backtrack import MEDIUM_SOFT
    from bootorder.order.priority import scheduled_edges
    kept = nx.DiGraph()
    hard = find_cycles(g, scope="shortest").hard_components
    if not hard:
        return {}
    kept.add_edges_from((e.source, e.dep) for e, p in scheduled_edges(g)
                        if not p.ignore_mask & (1 << MEDIUM_SOFT))
    stuck = {k for comp in hard for k in comp}
    stuck |= {a for k in list(stuck) if k in kept for a in nx.ancestors(kept, k)}
    found: dict = {}
    for node in sorted(stuck):
        children = sorted(v for v in kept.successors(node) if v in stuck)
        towards, queue = {node: None}, [node]
        for x in queue:
            for p in sorted(p for p in kept.predecessors(x) if p in stuck):
                if p not in towards:
                    towards[p] = x
                    queue.append(p)
        paths = []
        for c in children:
            if c in towards:
                path = [c]
                while path[-1] != node:
                    path.append(towards[path[-1]])
                paths.append(path)
        shortest = min((len(p) for p in paths), default=0)
        for cycle in (p for p in paths if len(p) == shortest):
            for i, k in enumerate(cycle):
                found.setdefault(k, set()).add(cycle[i - 1])
    return {k: frozenset(v) for k, v in sorted(found.items())}


@settings(max_examples=200, deadline=None)
@given(dep_graphs())
def test_the_map_is_portages_get_cycles_over_every_stuck_package(g):
    """Searching each package's component only, and the stuck packages in one backward
    search, give the map of the search over all of them."""
    assert circular_dependencies(g) == portage_get_cycles(g)
