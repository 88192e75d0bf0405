"""Plans and verify reports as text, JSON and Jupyter HTML: the step table (rows from
the plan) with what depclean steps remove and the steps' notes, the verdict per step
and per generated line, and the HTML registered for the Plan and VerifyReport classes."""
from __future__ import annotations

from bootorder.plan.catalyst import CatalystRequest, catalyst_plan
from bootorder.plan.verify import DropReport, LineReport, StepReport, VerifyReport
from bootorder.render.plan import plan_json, plan_text, step_rows, verify_json, verify_text
from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path


def test_plan_views():
    plan = catalyst_plan(Tree.open([example_repository_path()]),
                         CatalystRequest(EXAMPLE_PROFILE))
    assert step_rows(plan) == [
        (1, "baselayout", "target", "--oneshot --nodeps", 1, 1, 1),
        (2, "stage1", "target", "--implicit-system-deps=n --oneshot", 9, 17, 1),
        (3, "stage3", "/", "--emptytree --update --deep --with-bdeps=y", 1, 18, 1),
        (4, "stage3-depclean", "/", "--depclean --with-bdeps=y", 0, 0, 1)]
    text = plan_text(plan, "d").splitlines()
    assert text[8] == ("stage3-depclean removes: app-alternatives/awk-4, "
                       "sys-apps/baselayout-2.17, sys-apps/gawk-5.3.1")
    assert text[7].startswith("stage3: sys-devel/gcc is built in stage 3 with USE -nls")
    doc = plan_json(plan, "d")
    assert doc["complete"] and doc["plan"] == plan.to_json() and doc["out"] == "d"
    html = plan._repr_html_()
    assert "<td>stage1</td>" in html and "catalyst plan for" in html


def test_verify_views():
    ok = StepReport("baselayout", 0, (), (), 1, 1, ("emerge",), 0.5)
    bad = StepReport("stage1", 1, ("a/b-1", "c/d-1"), ("emerge exited 1",), 0, 3, (), 0.7)
    line = LineReport("steps/f", 3, "a/b x", None, "every step replays the same without it")
    clean = StepReport("stage3-depclean", 0, (), (), 0, 0, ("emerge",), 0.4, 3, 3)
    report = VerifyReport((ok, bad, clean), ("plan: x",), (line,))
    assert not report.holds
    text = verify_text(report, "d").splitlines()
    assert text == ["verify d",
                    "  step baselayout: holds (emerge exit 0, 1 merged, 1 planned)",
                    "  step stage1: FAILS (emerge exit 1, 0 merged, 3 planned)",
                    "    emerge exited 1",
                    "  step stage3-depclean: holds (emerge exit 0, 3 removed, 3 planned)",
                    "  plan: plan: x", "  --minimal: 1 generated lines",
                    "    steps/f:3: a/b x: NOT NEEDED (every step replays the same without it)",
                    "THE PLAN DOES NOT HOLD"]
    doc = verify_json(report, "d")
    assert doc["plan"] == "d" and doc["steps"][1]["cycle"] == ["a/b-1", "c/d-1"]
    assert doc["lines"][0]["needed"] is False
    assert "removed" not in doc["steps"][0]
    assert (doc["steps"][2]["removed"], doc["steps"][2]["planned_removals"]) == (3, 3)
    assert "<td>emerge exited 1</td>" in report._repr_html_()


def test_dropped_bootstrap_steps_are_shown():
    ok = StepReport("stage", 0, (), (), 3, 3, (), 0.5)
    dropped = (DropReport("bootstrap-a", "stage", "circular dependency: a -> b"),
               DropReport("bootstrap-gcc", None, "every later step still resolves without it",
                          implicit_only=True),
               DropReport("bootstrap-b", None, "every later step still resolves without it"))
    report = VerifyReport((ok,), dropped=dropped)
    assert not report.holds and VerifyReport((ok,), dropped=dropped[:2]).holds
    assert verify_text(report, "d").splitlines()[2:6] == [
        "  --minimal: 3 bootstrap steps",
        "    bootstrap-a: needed (without it stage: circular dependency: a -> b)",
        "    bootstrap-gcc: not needed by emerge, kept for bootorder's implicit toolchain "
        "model (every later step still resolves without it)",
        "    bootstrap-b: NOT NEEDED (every later step still resolves without it)"]
    assert verify_json(report, "d")["dropped_steps"][1] == {
        "step": "bootstrap-gcc", "needed": False, "failed_step": None,
        "reason": "every later step still resolves without it", "implicit_only": True}
