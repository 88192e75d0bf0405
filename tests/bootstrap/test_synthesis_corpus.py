"""bootorder.bootstrap.synthesis on the shared Flatcar corpus: catalyst's stage 1 on
an empty host (the xz-utils <-> elt-patches cycle broken, exact feedback sets, no
breakable hard cycle left, bootstrap-locale-gen serving glibc's IDEPEND) and
``bootstrap_for`` with its USE changes applied first."""
from __future__ import annotations

import pytest
from bootstrap_strategies import H

from bootorder.bootstrap.binding import binding_graph, hard_components
from bootorder.bootstrap.synthesis import (
    applied_graph,
    bootstrap_dependents,
    plan_schedule,
    remaining_hard_cycles,
    synthesize_bootstrap,
)
from bootorder.core.depclass import BUILD_TIME
from bootorder.order.schedule import build_order

# --- the corpus: catalyst's stage 1 on an empty host --------------------------------

@pytest.fixture(scope="module")
def stage1_empty(corpus_dir):
    from bootorder.config.configuration import Config
    from bootorder.config.profile import Profile
    from bootorder.resolver.resolution import resolve
    from bootorder.tree.repository import Tree
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    profile = Profile.load(tree, "coreos-overlay:coreos/amd64/sdk/transition")
    return resolve(Config.stage1(tree, profile), ["@stage1"], host="empty")


@pytest.mark.parametrize("scope", ["unbreakable", "all"])
def test_corpus_xz_elt_patches_cycle_is_broken(stage1_empty, scope):
    from bootorder.order.cycles import find_cycles
    plan = synthesize_bootstrap(stage1_empty, scope=scope)
    assert plan.use_changes == ()
    xz = stage1_empty.find("app-arch/xz-utils")
    elt = stage1_empty.find("app-portage/elt-patches")
    breakers = [p for p in plan.packages if p.real in xz + elt]
    assert len(breakers) == 1
    (p,) = breakers
    assert {k.cpv.split("/")[1].rsplit("-", 1)[0] for k in p.cycle} == {"xz-utils", "elt-patches"}
    assert p.key.cpv.startswith(p.real.cpv.split("/")[0] + "/bootstrap-")
    order, left = plan_schedule(plan)
    assert order.index(p.key) < order.index(p.real)
    assert bootstrap_dependents(plan) == []
    if scope == "all":
        assert left == []
        hard = find_cycles(plan.graph, scope="hard")
        assert [c.to_json() for c in hard.cycles
                if all(step.edge.cls in BUILD_TIME for step in c.edges)] == []


def test_corpus_feedback_sets_are_exact(stage1_empty):
    plan = synthesize_bootstrap(stage1_empty, scope="all")
    assert plan.feedback and all(fs.exact for fs in plan.feedback)
    # the exact part: the build-only cycles; the hard cycles through runtime edges
    # (emerge's rule) get more packages, greedily, in through_runtime
    assert sorted(k.cpv.split("/")[1].rsplit("-", 1)[0]
                  for fs in plan.feedback for k in fs.nodes) == ["binutils", "elt-patches", "gcc"]
    extra = {k for fs in plan.through_runtime for k in fs.nodes}
    assert plan.through_runtime and all(fs.exact for fs in plan.through_runtime)
    assert extra and not extra & {k for fs in plan.feedback for k in fs.nodes}
    assert sorted(p.real for p in plan.packages) == \
        sorted(extra | {k for fs in plan.feedback for k in fs.nodes})


def test_corpus_bootstrap_for_applies_use_changes_first(corpus_dir):
    from bootorder.bootstrap.synthesis import bootstrap_for
    from bootorder.config.configuration import Config
    from bootorder.config.profile import Profile
    from bootorder.tree.repository import Tree
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    config = Config.stage1(tree, Profile.load(tree, "coreos-overlay:coreos/amd64/sdk/transition"))
    plan = bootstrap_for(config, ["@stage1"])
    assert plan.use_changes                      # suggest_use found allowed flips
    order, left = plan_schedule(plan)            # raises if a hard cycle were left
    flips = {(f.package, f.flag, f.enable) for f in plan.use_changes}
    for e in left:                               # only what the USE changes remove
        assert any((e.source.cpv, lit.lstrip("!"), lit.startswith("!")) in flips for lit in e.use)
    from bootorder.syntax.version import split_cpv
    assert {split_cpv(p.real.cpv)[0] for p in plan.packages} & {"app-arch/xz-utils",
                                                                "app-portage/elt-patches"}
    assert bootstrap_dependents(plan) == []


# --- no hard cycle a copy could break is left ---------------------------------------

def _no_breakable_hard_cycle_left(plan) -> None:
    """Every hard cycle build_order still finds holds no build edge and no host-root
    IDEPEND edge (nothing a bootstrap copy could take over: e.g. a ``:=`` runtime edge,
    which emerge never ignores)."""
    hard = find_cycles_hard(applied_graph(plan))
    assert [c.to_json() for c in hard.cycles
            if any(step.edge.cls in BUILD_TIME or
                   (step.edge.cls == "IDEPEND" and step.edge.source.root == H)
                   for step in c.edges)] == []
    assert _candidates_left(plan) == []


def find_cycles_hard(graph):
    from bootorder.order.cycles import find_cycles
    return find_cycles(graph, scope="hard", max_cycles=5000)


def _candidates_left(plan) -> list:
    binding = binding_graph(plan.graph, plan.breakable)
    return [c for c in hard_components(binding)
            if any(d["build"] or d["install"] for _, _, d in binding.subgraph(c).edges(data=True))]


@pytest.mark.parametrize("scope", ["all", "unbreakable"])
def test_corpus_empty_host_plan_leaves_no_breakable_hard_cycle(stage1_empty, scope):
    from bootorder.order.cycles import find_cycles
    assert find_cycles(stage1_empty, scope="shortest").hard
    plan = synthesize_bootstrap(stage1_empty, scope=scope)
    xz = stage1_empty.find("app-arch/xz-utils") + stage1_empty.find("app-portage/elt-patches")
    (p,) = [p for p in plan.packages if p.real in xz]
    assert "/bootstrap-" in p.key.cpv
    if scope == "all":
        _no_breakable_hard_cycle_left(plan)
        assert bootstrap_dependents(plan) == []
        # perl := libcrypt ... glibc IDEPEND locale-gen RDEPEND perl, the one hard cycle
        # left before IDEPEND edges could be taken over, is gone: none is left at all
        assert find_cycles(plan.graph, scope="shortest").cycles == ()
        assert remaining_hard_cycles(plan) == 0 and not build_order(plan.graph).hard
        _locale_gen_serves_glibc(plan)


def _locale_gen_serves_glibc(plan) -> None:
    """glibc's IDEPEND on locale-gen is redirected to bootstrap-locale-gen; the real
    locale-gen (RDEPEND perl) stays, and no RDEPEND/PDEPEND edge reaches a copy."""
    (copy,) = [p for p in plan.packages if p.real.cpv.startswith("sys-apps/locale-gen-")]
    (glibc,) = [k for k in plan.graph.find("sys-libs/glibc") if k.root == copy.key.root]
    assert [e.cls for e in plan.graph.edges(glibc) if e.dep == copy.key] == ["IDEPEND"]
    assert glibc in copy.used_by and copy.real in plan.graph.nx
    copies = {p.key for p in plan.packages}
    assert [e for e in plan.graph.edges() if e.dep in copies and e.source not in copies
            and e.cls in ("RDEPEND", "PDEPEND")] == []


def test_corpus_bootstrap_for_plan_hard_cycles(corpus_dir):
    from bootorder.bootstrap.synthesis import bootstrap_for
    from bootorder.config.configuration import Config
    from bootorder.config.profile import Profile
    from bootorder.tree.repository import Tree
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    config = Config.stage1(tree, Profile.load(tree, "coreos-overlay:coreos/amd64/sdk/transition"))
    plan = bootstrap_for(config, ["@stage1"])
    _no_breakable_hard_cycle_left(plan)
    data = plan.to_json()
    assert data["final_depends_on_bootstrap"] == []
    assert data["remaining_hard_cycles"] == remaining_hard_cycles(plan)
    assert data["remaining_hard_cycles"] == len(find_cycles_hard(applied_graph(plan)).cycles)
    # the issue: with an empty host the plan has no cycle (the last one, through
    # glibc's IDEPEND on locale-gen, is broken by bootstrap-locale-gen)
    assert data["remaining_hard_cycles"] == 0 and not build_order(applied_graph(plan)).hard
    _locale_gen_serves_glibc(plan)
