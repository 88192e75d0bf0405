"""``bootorder verify DIR`` on the embedded example's plan: exit 0 and one line per
step when it holds, exit 4 and the difference when a generated line is removed, exit 2
without a plan; the JSON is the report's."""
from __future__ import annotations

import json

import pytest

from bootorder import workflows
from bootorder.cli import main

pytest.importorskip("portage", reason="verify replays with portage's emerge (portage extra)")
pytestmark = [pytest.mark.emerge, pytest.mark.usefixtures("no_live_system")]
FIX = "steps/02-stage1/portage/package.use/bootorder/stage1"


@pytest.fixture
def no_live_system(monkeypatch):
    monkeypatch.setattr(workflows, "live_system", lambda *args: None)


@pytest.fixture
def plan_dir(tmp_path, capsys):
    assert main(["plan", "catalyst", "--out", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    return tmp_path / "p"


def test_verify_holds_then_fails_without_the_fix(plan_dir, capsys):
    assert main(["verify", str(plan_dir), "--minimal", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["holds"] is True and doc["plan"] == str(plan_dir)
    assert [(s["name"], s["exit"], s["merged"]) for s in doc["steps"]] == [
        ("baselayout", 0, 1), ("stage1", 0, 17)]
    assert [(x["text"], x["needed"]) for x in doc["lines"]] == [("app-alternatives/awk gawk",
                                                                 True)]
    fix = plan_dir / FIX
    fix.write_text("".join(line for line in fix.read_text().splitlines(True)
                           if line.startswith("#")))
    assert main(["verify", str(plan_dir)]) == 4
    text = capsys.readouterr().out.splitlines()
    assert text[1] == "  step baselayout: holds (emerge exit 0, 1 merged, 1 planned)"
    assert text[2] == "  step stage1: FAILS (emerge exit 1, 0 merged, 17 planned)"
    assert any("REQUIRED_USE" in line for line in text) and text[-1] == "THE PLAN DOES NOT HOLD"


def test_verify_without_a_plan_exits_2(tmp_path, capsys):
    assert main(["verify", str(tmp_path)]) == 2
    assert "no plan.json" in capsys.readouterr().err
