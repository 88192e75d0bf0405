"""bootorder plan cross on the Flatcar corpus: the plans for aarch64-cros-linux-gnu and
x86_64-cros-linux-gnu replayed by emerge (bootorder verify: every pass merges exactly
its cross package with the planned USE; the full gcc is a reinstall seen by --newuse);
a pass replayed without the earlier passes makes emerge pull exactly the needs derived
from the metadata; the shipped overlay's md5-cache is what egencache writes; the
crossdev command as Flatcar's toolchain_util.sh writes it, the versions as emerge picks
them; --target-profile adds the board plan's steps, and the whole plan replays."""
from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from bootorder.plan.cross import CrossRequest, cross_plan
from bootorder.plan.cross_overlay import crossdev_config
from bootorder.plan.model import Plan
from bootorder.plan.replay import replay
from bootorder.plan.verify import replay_tree, verify_plan
from bootorder.tree.egencache import find_egencache, generate_cache
from bootorder.tree.repository import Tree

pytest.importorskip("portage", reason="plans are replayed with portage's emerge")
pytestmark = pytest.mark.emerge

SDK = "coreos-overlay:coreos/amd64/sdk"


@pytest.fixture(scope="module")
def tree(corpus_dir):
    return Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])


@pytest.fixture(scope="module")
def arm64(tree, tmp_path_factory):
    out = tmp_path_factory.mktemp("cross") / "arm64"
    cross_plan(tree, CrossRequest("aarch64-cros-linux-gnu", SDK)).write(out)
    return out


@pytest.mark.parametrize("tuple_", ["aarch64-cros-linux-gnu", "x86_64-cros-linux-gnu"])
def test_the_cross_plan_replays(tree, tuple_, tmp_path):
    cross_plan(tree, CrossRequest(tuple_, SDK)).write(tmp_path)
    plan = Plan.read(tmp_path)          # what a user checks: the directory as written
    report = verify_plan(plan, tree, plan_dir=tmp_path)
    assert report.holds, [s.differences for s in report.steps] + list(report.plan_differences)
    assert [s.name for s in plan.steps] == ["binutils", "gcc-stage1", "linux-headers",
                                            "glibc", "gcc-stage2", "gdb"]
    use = {s.name: set(s.merge[0].use) for s in plan.steps}
    assert not {"cxx", "fortran", "openmp", "sanitize"} & use["gcc-stage1"]
    assert {"cxx", "fortran"} <= use["gcc-stage2"]
    assert "headers-only" in use["linux-headers"] and "static-libs" in use["glibc"]
    assert ("cet" in use["gcc-stage2"]) == tuple_.startswith("x86_64")


def test_without_the_earlier_passes_emerge_pulls_the_derived_needs(tree, arm64, tmp_path):
    plan = Plan.read(arm64)
    rtree = replay_tree(tree, tmp_path, {n: arm64 / p for n, p in plan.overlays})
    glibc = plan.step("glibc")
    done = replay(replace(glibc, over_seed=()), dict(plan.files), rtree)
    needs = {p["step"]: [n["pass"] for n in p["needs"]] for p in plan.cross["passes"]}
    step_of: dict[str, str] = {}
    for p in plan.cross["passes"]:           # gcc's cpv: the first pass that builds it
        step_of.setdefault(p["package"], p["step"])
    pulled = {step_of[m.key[0]] for m in done.result.merges}
    assert done.returncode == 0
    assert pulled == set(needs["glibc"]) | {"glibc"}


def test_the_overlay_cache_is_egencaches(arm64, corpus_dir, tmp_path):
    if find_egencache() is None:
        pytest.skip("egencache (portage) absent")
    name = "cross-aarch64-cros-linux-gnu"
    shipped = arm64 / "overlays" / name
    shutil.copytree(shipped, tmp_path / name)
    shutil.rmtree(tmp_path / name / "metadata" / "md5-cache")
    # the overlay's ebuilds are the plan's own stubs: running them as root (CI) is safe
    result = generate_cache(tmp_path / name, masters=[corpus_dir / "portage-stable",
                                                      corpus_dir / "coreos-overlay"],
                            allow_root=True)
    # egencache's output is passed on whole (as root without a portage user: portage's
    # warning that the ebuilds run as root), but no ebuild fails
    assert (result.returncode, result.entries) == (0, 5)
    assert not [line for line in result.errors if "ERROR" in line or "rror processing" in line]
    for entry in sorted((shipped / "metadata" / "md5-cache" / name).iterdir()):
        made = tmp_path / name / "metadata" / "md5-cache" / name / entry.name
        assert made.read_text() == entry.read_text(), entry.name


def test_crossdev_command_as_flatcar_writes_it(arm64):
    cross = Plan.read(arm64).cross
    versions = {pn: cpv.split("/")[1][len(pn) + 1:] for pn, cpv in cross["versions"].items()}
    init, stage4 = cross["crossdev"]
    assert init[:4] == ["crossdev", "--ex-gdb", "--target", "aarch64-cros-linux-gnu"]
    assert init[init.index("--gcc") + 1] == f"={versions['gcc']}"
    assert init[init.index("--libc") + 1] == f"={versions['glibc']}"
    assert init[init.index("--kernel") + 1] == f"={versions['linux-headers']}"
    assert init[-1] == "--init-target" and stage4[-1] == "--stage4"
    assert init[:-1] == stage4[:-1] and cross["order"]["same"]


def test_crossdev_config_pins_every_package():
    files = crossdev_config("cross-x", {"gcc": "15.3.0"}, {"gcc": "-cxx"}, {})
    assert files["package.accept_keywords/cross-x"].splitlines()[1:] == [
        "cross-x/gcc -*", "=cross-x/gcc-15.3.0 * ~* **"]
    assert files["package.mask/cross-x"].splitlines()[1:] == [">=cross-x/gcc-9999"]
    assert not any(path.startswith("profile/") for path in files)


def test_the_sysroot_steps_are_the_board_plans_and_the_whole_plan_replays(tmp_path):
    """--target-profile: issue 19's board plan for the target's @system, called (its
    steps renamed, its files moved after the toolchain's), replayed with the rest."""
    from bootorder.plan.board import BoardRequest, board_plan
    from bootorder.tree.repository import EXAMPLE_PROFILE, example_repository_path
    tree = Tree.open([example_repository_path()])
    plan = cross_plan(tree, CrossRequest("aarch64-unknown-linux-gnu", EXAMPLE_PROFILE,
                                         gdb=False, target_profile=EXAMPLE_PROFILE))
    board = board_plan(tree, BoardRequest(EXAMPLE_PROFILE, EXAMPLE_PROFILE, ("@system",)))
    sysroot = plan.steps[5:]
    assert [s.name for s in sysroot] == [f"sysroot-{s.name}" for s in board.steps]
    assert [(s.merge, s.root, s.config_root, s.emerge) for s in sysroot] == [
        (s.merge, s.root, s.config_root, s.emerge) for s in board.steps]
    assert sysroot[-1].installed_from == (("target", tuple(s.name for s in sysroot[:-1])),)
    assert all(s.config.startswith(f"steps/{i + 6:02d}-sysroot-")
               for i, s in enumerate(sysroot) if s.config)
    plan.write(tmp_path)
    report = verify_plan(Plan.read(tmp_path), tree, plan_dir=tmp_path)
    assert report.holds, [s.differences for s in report.steps] + list(report.plan_differences)


@pytest.mark.parametrize("tuple_", ["aarch64-cros-linux-gnu", "x86_64-cros-linux-gnu"])
def test_the_first_gcc_has_crossdevs_use_per_tuple(tree, tuple_):
    """The derived line disables more flags than crossdev's (front ends off by default),
    yet the first gcc gets the same USE as under crossdev's own line for the tuple."""
    use = cross_plan(tree, CrossRequest(tuple_, SDK, gdb=False)).cross["stage1_use"]
    assert use["same_use_as_crossdev"] is True
    # parse_target's GUSE: vtv's pattern is exactly "aarch64"; cet on x86_64 only
    assert use["crossdev_line"][0] == ("-vtv" if tuple_.startswith("aarch64") else "cet")


def test_the_versions_are_emerges_choice(tree, arm64, tmp_path):
    """toolchain_util.sh's rule: the versions ``emerge --pretend --nodeps`` picks for
    the native packages on the build host's profile."""
    from bootorder.plan.model import Step
    from bootorder.syntax.version import split_cpv
    plan = Plan.read(arm64)
    natives = [split_cpv(cpv)[0] for cpv in plan.cross["versions"].values()]
    step = Step(name="pin", profile=SDK, atoms=tuple(natives), emerge=("--oneshot", "--nodeps"),
                installed=(("/", ()),))
    done = replay(step, {}, replay_tree(tree, tmp_path))
    assert done.returncode == 0
    assert sorted(m.key[0] for m in done.result.merges) == sorted(
        plan.cross["versions"].values())
