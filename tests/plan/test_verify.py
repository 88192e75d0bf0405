"""bootorder verify: every step of the example's and the Flatcar SDK's plans replayed by
emerge --pretend holds (stage 1 alone, and the whole pipeline: seed update, stage 1,
stage 3 and its depclean, stage 4), --minimal finds every generated line needed, and a
deliberately wrong plan (a line removed, a package added to or dropped from a merge, a
flag changed, a fix written where stage 1's -* wipes it, an installed list that is not
the earlier step's output) fails with the difference named."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bootorder.plan.catalyst import CatalystRequest, catalyst_plan
from bootorder.plan.model import Installed, Merge, Plan, Step
from bootorder.plan.stage3 import output_of
from bootorder.plan.verify import verify_plan, with_line_removed, without_step
from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path

pytest.importorskip("portage", reason="verify replays with portage's emerge (portage extra)")
pytestmark = pytest.mark.emerge

FIX_FILE = "steps/02-stage1/portage/package.use/bootorder/stage1"


@pytest.fixture(scope="module")
def tree():
    return Tree.open([example_repository_path()])


@pytest.fixture(scope="module")
def plan(tree):
    return catalyst_plan(tree, CatalystRequest(EXAMPLE_PROFILE, stages=("stage1",)))


@pytest.fixture(scope="module")
def report(plan, tree):
    return verify_plan(plan, tree, minimal=True)


def test_the_example_plan_holds_and_every_line_is_needed(report):
    assert [(s.name, s.holds, s.returncode, s.merged, s.planned) for s in report.steps] == [
        ("baselayout", True, 0, 1, 1), ("stage1", True, 0, 17, 17)]
    assert [(x.text, x.needed, x.failed_step) for x in report.lines] == [
        ("app-alternatives/awk gawk", True, "stage1")]
    assert report.lines[0].reason.startswith("unsatisfied: !!! Problem resolving "
                                             "dependencies for app-alternatives/awk")
    assert report.holds and report.plan_differences == ()
    assert report.steps[1].command[-3:] == ("--root=W/target", "--sysroot=/",
                                            "--config-root=W/target-config")


def differences(plan, tree, step="stage1"):
    found = verify_plan(plan, tree)
    assert not found.holds
    return [d for s in found.steps if s.name == step for d in s.differences]


def test_a_plan_without_its_fix_fails(plan, tree):
    diffs = differences(with_line_removed(plan, FIX_FILE, 3), tree)
    assert any(d.startswith("required-use: The following REQUIRED_USE flag constraints")
               for d in diffs) and "emerge exited 1" in diffs


def with_merge(plan, merge):
    stage1 = replace(plan.steps[1], merge=merge)
    return replace(plan, steps=(plan.steps[0], stage1))


def test_a_wrong_merge_list_fails(plan, tree):
    merge = plan.steps[1].merge
    added = with_merge(plan, merge + (Merge("sys-apps/mawk-1.3.4_p20240123", "target"),))
    assert differences(added, tree) == ["not merged: sys-apps/mawk-1.3.4_p20240123 in target"]
    dropped = with_merge(plan, merge[1:])
    assert differences(dropped, tree) == [f"merged, not in the plan: {merge[0].cpv} in target"]
    awk = next(i for i, m in enumerate(merge) if m.cpv == "app-alternatives/awk-4")
    flipped = list(merge)
    flipped[awk] = Merge("app-alternatives/awk-4", "target", ("mawk",))
    assert differences(with_merge(plan, tuple(flipped)), tree) == [
        "USE of app-alternatives/awk-4 in target: plan 'mawk', emerge 'gawk'"]


def test_the_fix_takes_effect_in_package_use_not_in_the_profiles(plan, tree):
    """Why package.use/<prefix>/stage1: make.conf's -* (the conf layer) wipes the
    profile's package.use, /etc/portage/profile/package.use included, and the IUSE
    defaults, but not /etc/portage/package.use."""
    text = dict(plan.files)[FIX_FILE]
    moved = replace(plan, files=tuple({**{k: v for k, v in plan.files if k != FIX_FILE},
                                       "steps/02-stage1/portage/profile/package.use": text
                                       }.items()))
    assert any("REQUIRED_USE" in d for d in differences(moved, tree))


def test_installed_must_be_what_the_earlier_step_merged(plan, tree):
    stage1 = replace(plan.steps[1], installed=(("/", "seed"), ("target", (
        Installed("sys-apps/baselayout-2.17", ("build",)),))))
    found = verify_plan(replace(plan, steps=(plan.steps[0], stage1)), tree)
    assert found.plan_differences == (
        "step stage1: installed['target'] is not what baselayout merged",)


@pytest.mark.corpus
@pytest.mark.parametrize("options, merged", [((), 134), (("pkgcache",), 133)])
def test_the_flatcar_sdk_stage1_plan_holds(corpus_dir, options, merged):
    """Flatcar runs catalyst with options: pkgcache, whose --newuse leaves baselayout
    alone in stage 1 when its USE did not change since the baselayout step."""
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    plan = catalyst_plan(tree, CatalystRequest("coreos-overlay:coreos/amd64/sdk",
                                               "coreos-overlay:coreos/amd64/sdk/transition",
                                               options=options, stages=("stage1",)))
    found = verify_plan(plan, tree, minimal=True)
    assert [(s.name, s.holds, s.merged, s.planned) for s in found.steps] == [
        ("baselayout", True, 1, 1), ("stage1", True, merged, merged)]
    assert found.lines == () and found.holds


def test_the_example_pipeline_holds_and_every_line_is_needed(tree):
    """Stage 1, stage 3 (gcc -nls breaks gcc[nls] -> gettext -> gcc[openmp]), its
    depclean, stage 4's update (gcc built again with nls) and freetype (-harfbuzz)."""
    plan = catalyst_plan(tree, CatalystRequest(EXAMPLE_PROFILE, stage4=("media-libs/freetype",)))
    found = verify_plan(plan, tree, minimal=True)
    assert [(s.name, s.holds, s.merged, s.planned) for s in found.steps] == [
        ("baselayout", True, 1, 1), ("stage1", True, 17, 17), ("stage3", True, 18, 18),
        ("stage3-depclean", True, 0, 0), ("stage4-update", True, 1, 1), ("stage4", True, 1, 1)]
    assert [(s.name, s.removed, s.planned_removals) for s in found.steps
            if s.removed is not None] == [("stage3-depclean", 3, 3)]
    assert [(x.text, x.failed_step) for x in found.lines] == [
        ("app-alternatives/awk gawk", "stage1"), ("sys-devel/gcc -nls", "stage3"),
        ("media-libs/freetype -harfbuzz", "stage4")]
    assert found.holds and found.plan_differences == ()


SDK = ("coreos-overlay:coreos/amd64/sdk", "coreos-overlay:coreos/amd64/sdk/transition")
OLD_SUBSLOTS = {"sys-libs/ncurses": "5", "dev-libs/openssl": "1.1", "dev-lang/rust-bin": "old"}
"""The seed of the corpus test: the SDK the same tree makes, these sub-slots older."""


@pytest.mark.corpus
def test_the_flatcar_sdk_pipeline_holds(corpus_dir, tmp_path):
    """Flatcar's SDK as catalyst builds it (options: pkgcache; its update_seed_command's
    excludes; stage 4's coreos-devel/sdk-depends), seeded with the SDK this tree makes
    where three packages have an older sub-slot: every step replayed by emerge."""
    from bootorder.plan.state import tree_package
    from bootorder.plan.vdb import write_vdb
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    request = CatalystRequest(*SDK, options=("pkgcache",), stage4=("coreos-devel/sdk-depends",))
    seed = []
    for entry in output_of(tree, catalyst_plan(tree, request).steps):
        cp = tree_package(tree, entry.cpv).cp
        if cp in OLD_SUBSLOTS:
            slot = tree_package(tree, entry.cpv).get("SLOT").partition("/")[0]
            entry = replace(entry, slot=f"{slot}/{OLD_SUBSLOTS[cp]}")
        seed.append(entry)
    write_vdb(tmp_path, {r.name: r.path for r in tree.repos}, seed)
    plan = catalyst_plan(tree, replace(
        request, seed=f"vdb:{tmp_path / 'var' / 'db' / 'pkg'}",
        seed_exclude=("cross-*-cros-linux-gnu/*", "dev-lang/rust", "dev-lang/rust-bin")))
    found = verify_plan(plan, tree, minimal=True)
    assert [(s.name, s.holds, s.merged) for s in found.steps] == [
        ("seed-update", True, 2), ("baselayout", True, 1), ("stage1", True, 133),
        ("stage3", True, 272), ("stage3-depclean", True, 0), ("stage4-update", True, 0),
        ("stage4", True, 197)]
    assert [m.cpv for m in plan.steps[0].merge] == ["dev-libs/openssl-3.5.7",
                                                     "sys-libs/ncurses-6.5_p20251220"]
    assert found.lines == () and found.holds and plan.complete


def test_a_plan_overlay_is_replayed_and_a_commit_difference_noted(tree, tmp_path):
    """A repository the plan ships (``overlays``) joins the tree; a step merging from it
    holds. The plan's commit of the example repository differs from the tree's: a note."""
    overlay = tmp_path / "plan" / "overlays" / "ov"
    (overlay / "profiles").mkdir(parents=True)
    (overlay / "profiles" / "repo_name").write_text("ov\n")
    (overlay / "profiles" / "categories").write_text("app-misc\n")
    (overlay / "metadata" / "md5-cache" / "app-misc").mkdir(parents=True)
    (overlay / "metadata" / "layout.conf").write_text("masters = bootorder-example\n")
    (overlay / "metadata" / "md5-cache" / "app-misc" / "ov-1").write_text(
        "EAPI=8\nSLOT=0\nKEYWORDS=amd64\nRDEPEND=sys-libs/zlib\n")
    step = Step(name="ov", profile=EXAMPLE_PROFILE, atoms=("app-misc/ov",),
                emerge=("--oneshot",), installed=(("/", (Installed("sys-libs/zlib-1.3.1-r1"),)),),
                merge=(Merge("app-misc/ov-1", "/"),))
    plan = Plan(kind="bootstrap", profile=EXAMPLE_PROFILE, steps=(step,),
                repositories=(("bootorder-example", "0" * 40),), overlays=(("ov", "overlays/ov"),))
    found = verify_plan(plan, tree, plan_dir=tmp_path / "plan")
    assert found.holds, found.steps[0].differences
    assert found.notes[0].startswith("ov: a metadata cache without ebuilds")
    assert found.notes[1].startswith(f"repository bootorder-example: the plan was made from "
                                     f"{'0' * 40}, the tree is at ")


def test_without_step_takes_its_merges_out_of_later_installed_lists():
    first = Step(name="bootstrap-a", profile="r:p", atoms=("=x/a-1",),
                 merge=(Merge("x/a-1", "/", ("u",)),))
    second = Step(name="bootstrap-b", profile="r:p", atoms=("=x/b-1",),
                  installed=(("/", (Installed("x/a-1", ("u",)),)),),
                  installed_from=(("/", ("bootstrap-a",)),), merge=(Merge("x/b-1", "/"),))
    stage = Step(name="stage", profile="r:p", atoms=("x/top",), root="target", sysroot="/",
                 installed=(("/", (Installed("x/a-1", ("u",)), Installed("x/b-1"))),
                            ("target", ())),
                 installed_from=(("/", ("bootstrap-a", "bootstrap-b")),))
    plan = Plan(kind="bootstrap", profile="r:p", steps=(first, second, stage))
    left = without_step(plan, "bootstrap-a")
    assert [s.name for s in left.steps] == ["bootstrap-b", "stage"]
    assert left.steps[0].installed == (("/", ()),) and left.steps[0].installed_from == ()
    assert left.steps[1].installed_in("/") == (Installed("x/b-1"),)
    assert left.steps[1].installed_from == (("/", ("bootstrap-b",)),)


def test_a_bootstrap_step_emerge_does_not_need_fails_minimal(tree):
    """A plan with a step too many (m4 pre-built besides the example's two): --minimal
    finds it not needed and the plan does not hold."""
    from bootorder.plan.bootstrap import BootstrapRequest, bootstrap_plan
    plan, _ = bootstrap_plan(tree, BootstrapRequest(EXAMPLE_PROFILE, implicit=False))
    m4 = next(m for m in plan.steps[-1].merge if m.cpv.startswith("sys-devel/m4-"))
    extra = Step(name="bootstrap-m4", profile=plan.profile, atoms=(f"={m4.cpv}",),
                 make_conf=plan.steps[0].make_conf, emerge=("--oneshot", "--nodeps"),
                 installed=(("/", ()),), merge=(Merge(m4.cpv, "/", m4.use),))
    stage = plan.steps[-1]
    held = (Installed(m4.cpv, m4.use),)
    rest = [replace(s, installed=(("/", held + s.installed_in("/")),) + tuple(
        (r, v) for r, v in s.installed if r != "/")) for s in plan.steps]
    rest[-1] = replace(rest[-1], merge=tuple(m for m in stage.merge if m != m4))
    wrong = replace(plan, steps=(extra, *rest))
    report = verify_plan(wrong, tree, minimal=True)
    assert all(s.holds for s in report.steps), report.to_json()
    assert [(d.step, d.needed) for d in report.dropped] == [
        ("bootstrap-m4", False), ("bootstrap-xz-utils", True), ("bootstrap-glibc", True)]
    assert not report.holds
