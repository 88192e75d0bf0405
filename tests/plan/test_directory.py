"""The plan directory on disk: written byte-identically for the same plan, read back
to the same value, a config directory without files still made (catalyst checks that
portage_confdir exists), and a non-plan directory or a path leaving steps/ refused."""
from __future__ import annotations

import pytest

from bootorder.core.errors import BootorderError
from bootorder.plan.directory import read_tree, write_tree
from bootorder.plan.model import Merge, Plan, Step


def plan_with(files):
    step = Step(name="stage1", profile="r:p", atoms=("a/b",), root="target", sysroot="/",
                config="steps/01-stage1/portage", merge=(Merge("a/b-1", "target"),))
    return Plan(kind="catalyst", profile="r:p", steps=(step,), files=tuple(files.items()))


def snapshot(path):
    return {p.relative_to(path).as_posix(): p.read_bytes() if p.is_file() else None
            for p in sorted(path.rglob("*"))}


def test_write_read_round_trip_and_determinism(tmp_path):
    plan = plan_with({"steps/01-stage1/stage1.spec": "target: stage1\n"})
    plan.write(tmp_path / "a")
    plan.write(tmp_path / "b")
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")
    assert (tmp_path / "a" / "steps" / "01-stage1" / "portage").is_dir()
    assert Plan.read(tmp_path / "a") == plan
    assert (tmp_path / "a" / "README").read_text().startswith("bootorder plan (catalyst)")


def test_rewriting_a_plan_drops_files_it_no_longer_has(tmp_path):
    plan_with({"steps/01-stage1/old": "x\n"}).write(tmp_path)
    plan_with({}).write(tmp_path)
    assert read_tree(tmp_path)[1] == {}


def test_refusals(tmp_path):
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "mine.txt").write_text("keep me")
    with pytest.raises(BootorderError, match="holds no plan.json"):
        plan_with({}).write(tmp_path / "other")
    with pytest.raises(BootorderError, match="under steps/"):
        write_tree(tmp_path / "x", {"steps": []}, {"../escape": "x"}, "")
    with pytest.raises(BootorderError, match="not a plan directory"):
        read_tree(tmp_path / "other")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "plan.json").write_text('{"format": 1,\n "kind": }')
    with pytest.raises(BootorderError, match=r"plan.json:2:10: Expecting value"):
        read_tree(tmp_path / "bad")


def test_a_shipped_overlay_is_written_and_read_back(tmp_path):
    plan = plan_with({"overlays/x/profiles/repo_name": "x\n"})
    plan = Plan(kind="cross", profile="r:p", steps=plan.steps, files=plan.files,
                overlays=(("x", "overlays/x"),))
    plan.write(tmp_path)
    assert (tmp_path / "overlays" / "x" / "profiles" / "repo_name").read_text() == "x\n"
    assert Plan.read(tmp_path) == plan
    plan_with({}).write(tmp_path)               # a plan without it: the overlay goes
    assert not (tmp_path / "overlays").exists()
    with pytest.raises(BootorderError, match="under steps/ or overlays/"):
        write_tree(tmp_path / "y", {"steps": []}, {"elsewhere/x": "x"}, "")
