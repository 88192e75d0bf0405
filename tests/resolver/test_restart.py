"""A restart made from the kept walk (bootorder.resolver.restart) is the full resolution
with the same circular map: the same packages, edges and problems, stored in the same
order (every adjacency, every parallel edge's key), on hand-made and generated trees."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st
from minirepo import make_config

from bootorder.graph.depgraph import NodeKey
from bootorder.resolver import resolution
from bootorder.resolver.restart import Choice, KeptWalk, Rewind


def stored(graph) -> tuple:
    """Everything a graph stores, in its stored order."""
    g = graph.nx
    return (list(g._node.items()),
            [(u, [(v, list(keyed.items())) for v, keyed in deps.items()])
             for u, deps in g._succ.items()],
            [(v, [(u, list(keyed.items())) for u, keyed in deps.items()])
             for v, deps in g._pred.items()],
            graph.problems)


GO = {
    "x/app-1": {"BDEPEND": "x/go", "RDEPEND": "x/lib"},
    "x/go-1": {"BDEPEND": "|| ( x/go x/go-bootstrap )", "RDEPEND": "x/lib"},
    "x/go-bootstrap-1": {"RDEPEND": "x/lib x/zlib"},
    "x/zlib-1": {},
    "x/lib-1": {"RDEPEND": "|| ( x/zlib x/other )"},
    "x/other-1": {},
}


def test_a_restart_that_adds_a_package_is_the_full_resolution(tmp_path):
    """go's group takes go itself, then go-bootstrap (new to the graph) once go is in
    its own circular map: the restart goes on from that choice."""
    config = make_config(tmp_path, GO)
    graph, kept = resolution.resolve_kept(config, ["x/app"], host="empty", implicit=False)
    go = NodeKey("x/go-1", "host")
    assert [e.dep.cpv for e in graph.edges(go) if e.cls == "BDEPEND"] == ["x/go-1"]
    circular = {go: frozenset({go})}
    restarted = kept.restarted(circular)
    full = resolution.resolve(config, ["x/app"], host="empty", implicit=False,
                              circular=circular)
    assert restarted is not None
    assert [e.dep.cpv for e in restarted.edges(go) if e.cls == "BDEPEND"] == \
        ["x/go-bootstrap-1"]
    assert stored(restarted) == stored(full)


def test_a_map_that_changes_no_choice_keeps_the_graph(tmp_path):
    config = make_config(tmp_path, GO)
    graph, kept = resolution.resolve_kept(config, ["x/app"], host="empty", implicit=False)
    lib = NodeKey("x/lib-1", "target")
    unchanged = {lib: frozenset({NodeKey("x/other-1", "target")})}  # not the one taken
    assert kept.restarted(unchanged) is graph


def test_a_walk_that_changed_use_is_resolved_again(tmp_path):
    config = make_config(tmp_path, {"x/a-1": {"RDEPEND": "x/b[f] || ( x/c x/b )"},
                                    "x/b-1": {"IUSE": "f"}, "x/c-1": {}})
    graph, kept = resolution.resolve_kept(config, ["x/a"], host="empty", implicit=False)
    assert any(p.kind == "use-change" for p in graph.problems)
    assert kept.restarted({NodeKey("x/a-1", "target"): frozenset()}) is None


NAMES = [f"t/p{i}" for i in range(7)] + ["virtual/v"]
CLASSES = ("BDEPEND", "DEPEND", "RDEPEND", "PDEPEND")


@st.composite
def trees(draw) -> dict:
    """Packages t/p0..p6 (some in two versions) and virtual/v, with plain atoms and
    any-of groups (nested at times) among them, cycles included."""
    atoms = st.sampled_from(NAMES)
    group = st.lists(atoms, min_size=2, max_size=3, unique=True).map(
        lambda names: "|| ( " + " ".join(names) + " )")
    nested = st.tuples(atoms, st.lists(atoms, min_size=2, max_size=2, unique=True)).map(
        lambda t: f"|| ( {t[0]} ( {' '.join(t[1])} ) || ( {t[1][0]} {t[0]} ) )")
    entry = st.one_of(atoms, group, group, nested)
    ebuilds = {}
    for name in NAMES:
        versions = ["1", "2"] if name != "virtual/v" and draw(st.booleans()) else ["1"]
        for version in versions:
            meta = {}
            for cls in draw(st.lists(st.sampled_from(CLASSES), max_size=3, unique=True)):
                meta[cls] = " ".join(draw(st.lists(entry, min_size=1, max_size=3)))
            ebuilds[f"{name}-{version}"] = meta
    return ebuilds


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(ebuilds=trees(), data=st.data())
def test_generated_restarts_are_full_resolutions(tmp_path_factory, ebuilds, data):
    config = make_config(tmp_path_factory.mktemp("restart"), ebuilds)
    targets = data.draw(st.lists(st.sampled_from(NAMES[:-1]), min_size=1, max_size=3,
                                 unique=True))
    graph, kept = resolution.resolve_kept(config, targets, host="empty", implicit=False)
    nodes = list(graph.nx._node)
    circular: dict = {}
    for _ in range(2):  # a restart, then another one from the restarted walk
        more = data.draw(st.dictionaries(st.sampled_from(nodes), st.frozensets(
            st.sampled_from(nodes), min_size=1, max_size=3), max_size=4))
        circular = {k: circular.get(k, frozenset()) | more.get(k, frozenset())
                    for k in circular.keys() | more.keys()}
        restarted = kept.restarted(circular)
        full, again = resolution.resolve_kept(config, targets, host="empty", implicit=False,
                                              circular=circular)
        if restarted is None:
            kept = again
        else:
            assert stored(restarted) == stored(full)
        nodes = list(full.nx._node)


def test_the_walk_records_what_a_rewind_takes_back():
    assert issubclass(resolution._Resolver, Rewind)
    assert KeptWalk(None).restarted({}) is None
    assert Choice(NodeKey("x/a-1", "host"), "host", [], 0, None, (0,) * 5).item is None

