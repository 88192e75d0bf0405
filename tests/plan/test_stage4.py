"""catalyst's stage 4 as plan steps: the world update builds again, with the profile's
USE, what stage 3 built with a flag changed (its line is not in stage 4's confdir), and
only that; the stage-4 packages are merged with what stage 3's output lacks, their own
cycle broken in stage 4's confdir (emerge stops on it without the line); under pkgcache
(--usepkg) the update does not look at the build dependencies of what stays."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bootorder.plan.catalyst import CatalystRequest, catalyst_plan
from bootorder.plan.model import Plan
from bootorder.plan.stage4 import stage4_steps
from bootorder.plan.rootstage import RootStage
from bootorder.plan.state import after_step
from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path

LINE_FILE = "steps/06-stage4/portage/package.use/bootorder/circular"


@pytest.fixture(scope="module")
def tree():
    return Tree.open([example_repository_path()])


@pytest.fixture(scope="module")
def plan(tree):
    return catalyst_plan(tree, CatalystRequest(EXAMPLE_PROFILE, stage4=("media-libs/freetype",)))


def test_the_update_rebuilds_what_stage_3_changed_and_stage_4_adds(plan, tree):
    update, stage4 = plan.steps[-2:]
    assert [(m.cpv, "nls" in m.use) for m in update.merge] == [
        ("sys-devel/gcc-14.2.1_p20241116", True)]
    assert stage4.installed_in("/") == after_step(tree, update.installed_in("/"), update.merge)
    freetype = stage4.merge[0]
    assert (freetype.cpv, "harfbuzz" in freetype.use) == ("media-libs/freetype-2.13.3", False)
    lines = dict(plan.files)[LINE_FILE].splitlines()
    assert lines[-1] == "media-libs/freetype -harfbuzz"


def test_stage4_steps_alone_in_a_given_root(tree):
    """Under pkgcache: gcc (@system, built -nls by stage 3) updated all the same; zlib,
    already built with the profile's USE, not merged again (--newuse); mawk added."""
    request = CatalystRequest(EXAMPLE_PROFILE, stage4=("sys-apps/mawk", "sys-libs/zlib"),
                              options=("pkgcache",))
    held = tuple(plan_output(tree))
    done = stage4_steps(RootStage.open(tree, request), 4, held, ("stage3",))
    update, stage4 = done.steps
    assert [m.cpv for m in update.merge] == ["sys-devel/gcc-14.2.1_p20241116"]
    assert "--usepkg" in update.emerge
    assert [m.cpv for m in stage4.merge] == ["sys-apps/mawk-1.3.4_p20240123"]  # --newuse
    assert stage4.notes == ("stage 4 adds to stage 3's output: sys-apps/mawk-1.3.4_p20240123",)


def plan_output(tree):
    plan = catalyst_plan(tree, CatalystRequest(EXAMPLE_PROFILE, options=("pkgcache",)))
    clean = plan.step("stage3-depclean")
    return tuple(e for e in clean.installed_in("/") if e.cpv not in clean.unmerge)


@pytest.mark.emerge
def test_emerge_stops_on_stage_4s_cycle_without_the_line(plan, tree):
    pytest.importorskip("portage")
    from bootorder.plan.verify import verify_plan, with_line_removed
    step = replace(plan.step("stage4"), installed_from=())
    alone = Plan(kind="catalyst", profile=plan.profile, steps=(step,), files=plan.files)
    without = verify_plan(with_line_removed(alone, LINE_FILE, 3), tree)
    assert without.steps[0].cycle == ("media-libs/harfbuzz-9.0.0", "media-libs/freetype-2.13.3")
