"""catalyst's stage 3 as plan steps, checked by emerge: the rebuild of @system in stage
1's output meets the cycle stage 1's -* hid (the example's gcc[nls] -> gettext ->
gcc[openmp], stage 1's gcc built without openmp) and stops on it without the generated
line; the depclean removes exactly what @system no longer needs; stage 3's installed
packages must be stage 1's output."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bootorder.plan.catalyst import CatalystRequest, catalyst_plan
from bootorder.plan.model import Plan
from bootorder.plan.stage3 import CIRCULAR, output_of
from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path

LINE_FILE = f"steps/03-stage3/portage/package.use/bootorder/{CIRCULAR}"


@pytest.fixture(scope="module")
def tree():
    return Tree.open([example_repository_path()])


@pytest.fixture(scope="module")
def plan(tree):
    return catalyst_plan(tree, CatalystRequest(EXAMPLE_PROFILE))


def test_stage_3_runs_in_stage_1s_output(plan, tree):
    baselayout, stage1, stage3, clean = plan.steps
    held = output_of(tree, (baselayout, stage1))
    assert stage3.installed_in("/") == held
    assert {e.cpv for e in held} == {m.cpv for m in stage1.merge}   # baselayout again
    assert dict((e.cpv, e.use) for e in held)["sys-apps/baselayout-2.17"] == (
        "amd64", "build", "elibc_glibc", "kernel_linux")              # stage 1's USE
    assert output_of(tree, plan.steps) == clean.installed_in("/")[:0] + tuple(
        e for e in clean.installed_in("/") if e.cpv not in clean.unmerge)


def alone(plan, name, **change):
    """A plan of the one step ``name`` (its installed list spelled out, no
    installed_from), changed by ``change``."""
    step = replace(plan.step(name), installed_from=(), **change)
    return Plan(kind="catalyst", profile=plan.profile, steps=(step,), files=plan.files)


@pytest.mark.emerge
def test_emerge_stops_on_the_cycle_without_the_line(plan, tree):
    pytest.importorskip("portage")
    from bootorder.plan.verify import verify_plan, with_line_removed
    assert verify_plan(alone(plan, "stage3"), tree).holds
    without = verify_plan(with_line_removed(alone(plan, "stage3"), LINE_FILE, 3), tree)
    assert without.steps[0].cycle == ("sys-devel/gettext-0.22.5",
                                      "sys-devel/gcc-14.2.1_p20241116")


@pytest.mark.emerge
def test_a_wrong_depclean_fails(plan, tree):
    pytest.importorskip("portage")
    from bootorder.plan.verify import verify_plan
    clean = plan.step("stage3-depclean")
    found = verify_plan(alone(plan, "stage3-depclean", unmerge=clean.unmerge[1:]), tree)
    assert found.steps[0].differences == (f"removed, not in the plan: {clean.unmerge[0]}",)
