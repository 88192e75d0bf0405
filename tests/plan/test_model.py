"""The plan value: plan.json's format 1 fields (shared/PLAN.md) round-trip exactly,
and what format 1 forbids is refused with a message naming the field."""
from __future__ import annotations

import json

import pytest

import bootorder
from bootorder.core.problems import Problem
from bootorder.plan import FORMAT, KINDS, catalyst_plan, verify_plan
from bootorder.plan.model import Installed, Merge, Plan, PlanError, Step

STEP = Step(name="stage1", profile="r:p", atoms=("sys-libs/zlib", "@system"), root="target",
            sysroot="/", make_conf=(("USE", "-* build"),), config="steps/02-stage1/portage",
            emerge=("--oneshot",),
            installed=(("/", "seed"),
                       ("target", (Installed("sys-apps/baselayout-2", ("build",)),))),
            installed_from=(("target", ("baselayout",)),),
            merge=(Merge("sys-libs/zlib-1.3", "target", ("b", "a", "a")),), why="because")


def test_plan_json_has_every_field_of_format_1():
    plan = Plan(kind="catalyst", profile="r:p", steps=(STEP,), repositories=(("r", None),))
    data = plan.to_json()
    assert list(data) == ["format", "kind", "profile", "repositories", "steps", "problems"]
    step = data["steps"][0]
    assert list(step) == ["name", "config_root", "profile", "make_conf", "config",
                          "host_profile", "host_make_conf", "host_config", "root", "sysroot",
                          "emerge", "atoms", "installed", "installed_from", "merge", "why"]
    assert step["installed"] == {"/": "seed", "target": [
        {"cpv": "sys-apps/baselayout-2", "use": ["build"]}]}
    assert step["merge"] == [{"cpv": "sys-libs/zlib-1.3", "root": "target", "use": ["a", "b"]}]
    assert Plan.from_json(json.loads(json.dumps(data))) == plan


def test_optional_fields_round_trip():
    old_seed = Installed("dev-libs/b-0.5", ("foo",), repo="r", slot="0/1", binpkg=True,
                         metadata=(("SLOT", "0"), ("EAPI", "8")))
    step = Step(name="board", profile="r:board", atoms=("@system",), root="target",
                config_root="target", host_profile="r:sdk", host_make_conf=(("USE", "x"),),
                installed=(("/", (old_seed,)),))
    problem = Problem("missing-package", "a/b-1", "c/d", ("a/b-1",), "no c/d", "add it")
    plan = Plan(kind="board", profile="r:board", steps=(step,), problems=(problem,),
                overlays=(("cross", "overlays/cross"),), command=("bootorder", "plan"),
                bootstrap=(("rebuilt", ("a/b-1",)), ("implicit_only", ())))
    data = plan.to_json()
    assert data["bootstrap"] == {"rebuilt": ["a/b-1"], "implicit_only": []}
    assert "bootstrap" not in Plan(kind="board", profile="r:board", steps=(step,)).to_json()
    assert data["steps"][0]["installed"]["/"][0] == {
        "cpv": "dev-libs/b-0.5", "use": ["foo"], "repo": "r", "slot": "0/1", "binpkg": True,
        "metadata": {"EAPI": "8", "SLOT": "0"}}
    assert data["overlays"] == {"cross": "overlays/cross"} and not plan.complete
    assert Plan.from_json(data) == plan


def test_a_depclean_steps_unmerge_and_notes_are_written_only_when_given():
    clean = Step(name="stage3-depclean", profile="r:p", atoms=(),
                 emerge=("--depclean", "--with-bdeps=y"), unmerge=("a/b-1",),
                 notes=("stage 4 starts from what is left",))
    data = clean.to_json()
    assert (data["unmerge"], data["notes"]) == (["a/b-1"], ["stage 4 starts from what is left"])
    assert Step.from_json(data) == clean
    assert "unmerge" not in STEP.to_json() and "notes" not in STEP.to_json()


@pytest.mark.parametrize("change, message", [
    ({"root": "/tmp"}, "'/tmp' is neither"),
    ({"sysroot": "target", "root": "/"}, "sysroot and config_root"),
    ({"installed": {"target": "seed"}}, "\"seed\", which is for \"/\" only"),
    ({"installed": {"/": 3}}, "must be \"seed\" or a list"),
    ({"emerge": ["--root=/x"]}, "the root fields say it"),
    ({"atoms": "a/b"}, "atoms: expected a list"),
    ({"profile": None}, "'profile' is missing"),
])
def test_bad_steps_are_refused(change, message):
    data = {**STEP.to_json(), **change}
    with pytest.raises(PlanError, match=message):
        Step.from_json(data)


def test_bad_plans_are_refused():
    data = Plan(kind="catalyst", profile="r:p", steps=(STEP,)).to_json()
    with pytest.raises(PlanError, match="format 2"):
        Plan.from_json({**data, "format": 2})
    with pytest.raises(PlanError, match="plan kind 'stage'"):
        Plan.from_json({**data, "kind": "stage"})
    with pytest.raises(PlanError, match="step names repeat"):
        Plan.from_json({**data, "steps": data["steps"] * 2})
    with pytest.raises(PlanError, match="bootstrap: expected an object"):
        Plan.from_json({**data, "bootstrap": ["a"]})


def test_steps_and_files():
    plan = Plan(kind="catalyst", profile="r:p", steps=(STEP,)).with_files({"steps/b": "2",
                                                                         "steps/a": "1"})
    assert plan.files == (("steps/a", "1"), ("steps/b", "2"))
    assert plan.step("stage1") is STEP and plan.step_dir(0) == "steps/01-stage1"
    assert STEP.installed_in("target")[0].cpv == "sys-apps/baselayout-2"
    assert STEP.installed_in("/") == "seed" and not STEP.nodeps


def test_the_public_names():
    from bootorder.plan.catalyst import catalyst_plan as made
    from bootorder.plan.verify import verify_plan as checked
    assert (FORMAT, KINDS) == (1, ("catalyst", "board", "bootstrap", "cross"))
    assert bootorder.Plan is Plan and catalyst_plan is made and verify_plan is checked
    assert bootorder.catalyst_plan is made and bootorder.VerifyReport.__name__ == "VerifyReport"


def test_packages_over_the_seed_and_a_cross_summary_round_trip():
    over = Step(name="glibc", profile="r:p", atoms=("cross-x/glibc",),
                installed=(("/", "seed"),), over_seed=(Installed("cross-x/gcc-15", ("c",)),),
                installed_from=(("/", ("gcc",)),))
    plan = Plan(kind="cross", profile="r:p", steps=(over,), cross={"target": "x"})
    data = plan.to_json()
    assert data["steps"][0]["installed_over_seed"] == {"/": [{"cpv": "cross-x/gcc-15",
                                                              "use": ["c"]}]}
    assert Plan.from_json(data) == plan and data["cross"] == {"target": "x"}
    assert "installed_over_seed" not in STEP.to_json()
    with pytest.raises(PlanError, match="installed_over_seed needs"):
        Step(name="s", profile="r:p", atoms=(), installed=(("/", ()),),
             over_seed=(Installed("a/b-1"),))
