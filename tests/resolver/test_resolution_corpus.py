"""The stage-1 closure of Flatcar's SDK transition profile against emerge's answers.

Two oracles:

1. ``shared/oracle/...stage1.emerge.json``: emerge's printed merge list on an empty
   host. emerge stops on the hard build cycles of an empty host (app-arch/xz-utils <->
   app-portage/elt-patches, sys-devel/gcc <-> sys-libs/glibc, all in ``/``) and then
   prints only the packages it had *not yet scheduled*: the cycles and every package
   that needs them through a build, install or run-time edge (PDEPEND aside). The
   packages it had scheduled already (sed, grep, bash, the acct-* users, ...) are
   missing from the file. The test computes that set from bootorder's own graph
   (:func:`resolve_oracle.unscheduled`) and requires Jaccard >= 0.95 per root against
   the file: this explains every difference between the full closure and the file.
2. emerge's whole dependency graph (``tests/resolve_oracle.py``: the depgraph behind
   ``emerge --pretend``, dumped before the merge list is cut), when portage is
   importable: the full closure per root, and the USE of every package.
"""
from __future__ import annotations

import json

import pytest
from resolve_oracle import unscheduled

from bootorder.config.configuration import Config
from bootorder.config.profile import Profile
from bootorder.resolver.resolution import resolve
from bootorder.tree.repository import Tree

pytestmark = pytest.mark.corpus

PROFILE = "coreos-overlay:coreos/amd64/sdk/transition"
ORACLE = "flatcar-amd64-sdk-transition.stage1.emerge.json"


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


@pytest.fixture(scope="module")
def tree(corpus_dir):
    return Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])


@pytest.fixture(scope="module")
def stage1_graph(tree):
    config = Config.stage1(tree, Profile.load(tree, PROFILE))
    return resolve(config, ["@stage1"], host="empty", implicit=False)


@pytest.fixture(scope="module")
def oracle(oracle_dir):
    return json.loads((oracle_dir / ORACLE).read_text())



def by_root(records, root):
    return {r["cpv"]: r for r in records if r["root"] == root}


def test_stage1_matches_emerge_merge_list(stage1_graph, oracle):
    shown = unscheduled(stage1_graph)
    for root in ("target", "host"):
        full = {k.cpv for k in stage1_graph.nodes(root)}
        mine = {k.cpv for k in shown if k.root == root}
        theirs = set(by_root(oracle, root))
        print(f"\n{root}: full closure {len(full)}, unscheduled {len(mine)}, emerge printed "
              f"{len(theirs)}; Jaccard(unscheduled) = {jaccard(mine, theirs):.3f}, "
              f"Jaccard(full closure) = {jaccard(full, theirs):.3f}")
        print(f"  only bootorder: {sorted(mine - theirs)}; only emerge: {sorted(theirs - mine)}")
        assert theirs <= full, f"emerge merges packages bootorder never reached: {theirs - full}"
        assert jaccard(mine, theirs) >= 0.95


def use_group(flags, profile) -> set:
    """The flags emerge shows in its ``USE="..."`` group (USE_EXPAND ones apart)."""
    prefixes = tuple(v.lower() + "_" for v in profile.use_expand)
    return {f for f in flags if not f.startswith(prefixes)}


def test_stage1_use_matches_emerge(tree, stage1_graph, oracle):
    profile = Profile.load(tree, PROFILE)
    agree = total = 0
    wrong = []
    for root in ("target", "host"):
        theirs = by_root(oracle, root)
        for key in stage1_graph.nodes(root):
            if key.cpv not in theirs:
                continue
            node, rec = stage1_graph.node(key), theirs[key.cpv]
            total += 1
            if use_group(node["use"], profile) == set(rec["use"]) and \
                    use_group(node["use_disabled"], profile) == set(rec["use_disabled"]):
                agree += 1
            else:
                wrong.append((key, sorted(node["use"]), rec["use"]))
    print(f"\neffective USE agrees with emerge for {agree}/{total} packages; differs: {wrong}")
    assert total == len(oracle)
    assert agree >= 0.95 * total


def test_stage1_has_no_problems_thanks_to_package_provided(tree, stage1_graph):
    """systemd's RDEPEND on udev-init-scripts and texinfo's BDEPEND on info-manual are
    in the profile's package.provided: satisfied, as emerge has them (no node)."""
    provided = Profile.load(tree, PROFILE).package_provided
    assert any(p.startswith("sys-fs/udev-init-scripts-") for p in provided)
    assert stage1_graph.problems == ()
    assert not stage1_graph.find("udev-init-scripts")


def test_stage1_graph_is_deterministic(tree, stage1_graph):
    config = Config.stage1(tree, Profile.load(tree, PROFILE))
    again = resolve(config, ["@stage1"], host="empty", implicit=False)
    assert again.to_json() == stage1_graph.to_json()


HELD_OUT = {
    # name: (profile, stage 1?, targets)
    "amd64-stage1": (PROFILE, True, ["@stage1"]),
    "arm64-stage1": ("coreos-overlay:coreos/arm64/sdk/transition", True, ["@stage1"]),
    "amd64-system": ("coreos-overlay:coreos/amd64/sdk", False, ["@system"]),
    "amd64-sdk-depends": ("coreos-overlay:coreos/amd64/sdk", False, ["coreos-devel/sdk-depends"]),
}


@pytest.fixture(scope="module")
def mirror(corpus_dir, tmp_path_factory):
    pytest.importorskip("portage")
    from resolve_oracle import portage_mirror
    return portage_mirror(corpus_dir, tmp_path_factory.mktemp("mirror"))


@pytest.mark.emerge
@pytest.mark.parametrize("case", sorted(HELD_OUT))
def test_graph_matches_emerge_depgraph(case, tree, mirror):
    """Nodes per root, USE and edges against emerge's whole depgraph (empty host)."""
    from resolve_oracle import emerge_graph
    profile_name, stage1, targets = HELD_OUT[case]
    profile = Profile.load(tree, profile_name)
    config = Config.stage1(tree, profile) if stage1 else Config(tree, profile)
    graph = resolve(config, targets, host="empty", implicit=False)
    atoms = list(profile.packages_build) if targets == ["@stage1"] else targets
    eg = emerge_graph(mirror, profile_name, atoms, stage1=stage1)
    use_agree = total = 0
    for root in ("target", "host"):
        mine = {k.cpv: graph.node(k) for k in graph.nodes(root)}
        theirs = by_root(eg["nodes"], root)
        print(f"\n{case} {root}: bootorder {len(mine)}, emerge {len(theirs)}, Jaccard "
              f"{jaccard(set(mine), set(theirs)):.3f}; only bootorder "
              f"{sorted(set(mine) - set(theirs))}; only emerge {sorted(set(theirs) - set(mine))}")
        assert jaccard(set(mine), set(theirs)) >= 0.95
        for cpv in set(mine) & set(theirs):
            total += 1
            use_agree += set(mine[cpv]["use"]) == set(theirs[cpv]["use"])
    ours = {((e.source.cpv, e.source.root), (e.dep.cpv, e.dep.root)) for e in graph.edges()}
    emerges = {(tuple(e["from"]), tuple(e["to"])) for e in eg["edges"]}
    print(f"USE agrees for {use_agree}/{total}; edges: Jaccard {jaccard(ours, emerges):.3f} "
          f"(only bootorder {sorted(ours - emerges)[:5]}, only emerge {sorted(emerges - ours)[:5]})")
    assert use_agree >= 0.95 * total
    assert jaccard(ours, emerges) >= 0.95


def test_seed_host_builds_the_same_target_root(tree, stage1_graph):
    """catalyst's real case: the seed provides every build dependency, so only the
    target root is built -- the same packages as on an empty host -- and every host
    node is an installed seed package that is not expanded."""
    config = Config.stage1(tree, Profile.load(tree, PROFILE))
    seed = resolve(config, ["@stage1"], host="seed", implicit=False)
    assert {k.cpv for k in seed.nodes("target")} == {k.cpv for k in stage1_graph.nodes("target")}
    host = seed.nodes("host")
    assert host and all(seed.node(k)["installed"] for k in host)
    assert not any(seed.edges(k) for k in host)


def test_stage1_cli_marks_what_emerge_prints(corpus_dir, oracle, capsys):
    """``bootorder stage1 --json``: the full closure, with emerge's cut-short list as "stuck"."""
    from bootorder.cli import main

    assert main(["stage1", "--repo", str(corpus_dir / "portage-stable"),
                 "--repo", str(corpus_dir / "coreos-overlay"), "--profile", PROFILE,
                 "--host", "empty", "--implicit", "off", "--json"]) == 0
    packages = json.loads(capsys.readouterr().out)["packages"]
    for root in ("target", "host"):
        stuck = {p["cpv"] for p in packages if p["root"] == root and p["stuck"]}
        theirs = set(by_root(oracle, root))
        assert stuck == theirs, (sorted(stuck - theirs), sorted(theirs - stuck))
        assert theirs <= {p["cpv"] for p in packages if p["root"] == root}
