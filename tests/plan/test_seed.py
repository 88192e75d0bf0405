"""catalyst's seed update as a plan step: portage's @changed-subslot of the seed's
installed packages (a package whose best visible ebuild in its slot has another
sub-slot; another version with the same sub-slot is left alone), the excludes, no
pkgcache options, which stage-1 builds each update serves, the spec's update_seed_command
equal to the step's options and atoms, stage 1 built against the updated seed; and emerge,
expanding @changed-subslot itself, merges exactly the step's list."""
from __future__ import annotations

import pytest

from bootorder.plan.catalyst import CatalystRequest, catalyst_plan
from bootorder.plan.model import Installed
from bootorder.plan.seed import changed_subslot, excluded
from bootorder.plan.stage1 import Stage1
from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path

OLD = {  # cpv the seed holds instead of the tree's: (SLOT, USE)
    "sys-libs/zlib": ("sys-libs/zlib-1.2.13-r1", "0/0", ""),      # sub-slot moved: update
    "dev-libs/mpfr": ("dev-libs/mpfr-4.1.0", "0/5", ""),          # moved, but excluded
    "dev-libs/gmp": ("dev-libs/gmp-6.2.1-r5", "0/10.4", "asm cxx"),  # same sub-slot
}
SPEC = "steps/03-stage1/stage1.spec"


@pytest.fixture(scope="module")
def tree():
    return Tree.open([example_repository_path()])


@pytest.fixture(scope="module")
def seed(tree, tmp_path_factory):
    """A seed's var/db/pkg: the example's packages, three of them older."""
    vdb = tmp_path_factory.mktemp("seed") / "pkg"
    for pkg in tree.packages():
        if pkg.cpv in ("sys-devel/gcc-15.0.9999", "sys-libs/glibc-2.41"):
            continue
        cpv, slot, use = OLD.get(pkg.cp, (pkg.cpv, pkg.get("SLOT"), ""))
        entry = vdb / cpv
        entry.mkdir(parents=True)
        for key, value in {"SLOT": slot, "USE": use, "EAPI": "8", "KEYWORDS": "amd64",
                           "IUSE": pkg.get("IUSE"), "repository": pkg.repo}.items():
            (entry / key).write_text(value + "\n")
    return vdb


@pytest.fixture(scope="module")
def plan(tree, seed):
    return catalyst_plan(tree, CatalystRequest(
        EXAMPLE_PROFILE, seed=f"vdb:{seed}", seed_exclude=("dev-libs/mpfr",),
        stages=("seed-update", "stage1"), options=("pkgcache",)))


def test_changed_subslot_and_excludes(tree):
    seed = (Installed("sys-libs/zlib-1.2.13-r1", slot="0/0", metadata=(("SLOT", "0/0"),)),
            Installed("dev-libs/gmp-6.2.1-r5", slot="0/10.4", metadata=(("SLOT", "0/10.4"),)),
            Installed("sys-libs/glibc-2.40-r5"))
    config = Stage1.open(tree, CatalystRequest(EXAMPLE_PROFILE)).config(None, ())
    assert changed_subslot(config, seed) == ("sys-libs/zlib:0",)
    assert [excluded(a, ("cross-*-cros-linux-gnu/*", "dev-lang/rust:0")) for a in (
        "cross-x86_64-cros-linux-gnu/gcc:0", "dev-lang/rust:0", "dev-lang/rust:1",
        "dev-lang/rust-bin:0")] == [True, True, False, False]


def test_the_seed_update_step(plan):
    update, baselayout, stage1 = plan.steps
    assert (update.name, update.root, update.config) == ("seed-update", "/",
                                                         "steps/03-stage1/portage")
    assert update.emerge == ("--buildpkg=n", "--exclude", "dev-libs/mpfr", "--ignore-world",
                             "y", "--ignore-built-slot-operator-deps", "y")   # no pkgcache
    assert update.atoms == ("@changed-subslot",)
    assert [(m.cpv, m.root) for m in update.merge] == [("sys-libs/zlib-1.3.1-r1", "/")]
    assert update.notes == (
        "@changed-subslot is dev-libs/mpfr:0, sys-libs/zlib:0 for this seed",
        "--exclude leaves dev-libs/mpfr:0 alone",
        "sys-libs/zlib-1.3.1-r1 serves the stage-1 builds of sys-devel/binutils-2.42-r1, "
        "sys-devel/gcc-14.2.1_p20241116")              # their DEPEND virtual/zlib:=
    seed = {e.cpv for e in update.installed_in("/")}
    after = {e.cpv for e in stage1.installed_in("/")}
    assert after == seed - {"sys-libs/zlib-1.2.13-r1"} | {"sys-libs/zlib-1.3.1-r1"}
    assert baselayout.installed_in("/") == stage1.installed_in("/")
    spec = dict(plan.files)[SPEC].splitlines()
    assert "update_seed: yes" in spec
    assert f"update_seed_command: {' '.join(update.emerge[1:] + update.atoms)}" in spec


@pytest.mark.emerge
def test_emerge_expands_changed_subslot_to_the_same_merges(plan, tree):
    pytest.importorskip("portage")
    from bootorder.plan.verify import verify_plan
    report = verify_plan(plan, tree, minimal=True)
    assert report.holds, [(s.name, s.differences) for s in report.steps]
    assert [(s.name, s.merged) for s in report.steps] == [
        ("seed-update", 1), ("baselayout", 1), ("stage1", 17)]   # baselayout: build on now
    assert [x.failed_step for x in report.lines] == ["stage1"]
