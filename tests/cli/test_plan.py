"""``bootorder plan catalyst`` on the embedded example and a broken tree: the plan
directory it writes is the workflow's plan (every stage that applies by default; the
seed, its excludes and stage 4's packages as options, recorded in the command), the text
is its step table and notes, and the exit code says whether the plan is complete (0) or
incomplete (4); bad input exits 2."""
from __future__ import annotations

import json

import pytest
from minirepo import write_repo

from bootorder import workflows
from bootorder.cli import main
from bootorder.plan.model import Plan


@pytest.fixture
def no_live_system(monkeypatch):
    monkeypatch.setattr(workflows, "live_system", lambda *args: None)


@pytest.mark.usefixtures("no_live_system")
def test_plan_catalyst_writes_the_plan(tmp_path, capsys):
    assert main(["plan", "catalyst", "--out", str(tmp_path / "p"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    plan = Plan.read(tmp_path / "p")
    assert doc["plan"] == plan.to_json() and doc["complete"] is True
    assert doc["files"] == ["steps/02-stage1/portage/package.use/bootorder/stage1",
                            "steps/02-stage1/stage1.spec",
                            "steps/03-stage3/portage/package.use/bootorder/circular",
                            "steps/03-stage3/stage3.spec"]
    assert plan.command == ("bootorder", "plan", "catalyst", "--prefix", "bootorder", "--out",
                            str(tmp_path / "p"))
    assert main(["plan", "catalyst", "--out", str(tmp_path / "p"), "--stages",
                 "stage1,stage3,stage4", "--stage4", "media-libs/freetype",
                 "--seed-exclude", "dev-lang/rust"]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0].startswith("catalyst plan for bootorder-example:default/linux/amd64")
    assert text[2].split() == ["1", "baselayout", "target", "--oneshot", "--nodeps", "1", "1",
                               "1"]
    assert text[7].split() == ["6", "stage4", "/", "1", "1", "1"]
    assert text[-3] == "stage4: stage 4 adds to stage 3's output: media-libs/freetype-2.13.3"
    assert text[-1] == "complete: no problem left unsolved"
    assert Plan.read(tmp_path / "p").command[3:] == (
        "--stages", "stage1,stage3,stage4", "--prefix", "bootorder", "--seed-exclude",
        "dev-lang/rust", "--stage4", "media-libs/freetype", "--out", str(tmp_path / "p"))


def test_an_incomplete_plan_exits_4_and_bad_input_2(tmp_path, capsys):
    repo = write_repo(tmp_path, {"sys-apps/baselayout-2": {},
                                 "app-misc/a-1": {"RDEPEND": "app-misc/gone"}},
                      packages_build=("sys-apps/baselayout", "app-misc/a"))
    out = tmp_path / "p"
    tree = ["--repo", str(repo), "--profile", "mini:default"]
    assert main(["plan", "catalyst", *tree, "--out", str(out)]) == 4
    text = capsys.readouterr().out
    assert "INCOMPLETE: 1 problems" in text and "app-misc/gone" in text
    assert Plan.read(out).problems[0].atom == "app-misc/gone"
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("mine")
    assert main(["plan", "catalyst", *tree, "--out", str(tmp_path / "full")]) == 2
    assert "holds no plan.json" in capsys.readouterr().err
    for bad in (["--stages", "stage3"], ["--stages", "stage1,stage3,stage4"],
                ["--seed", "/var/db/pkg"], ["--seed", f"vdb:{tmp_path / 'none'}"]):
        assert main(["plan", "catalyst", *tree, "--out", str(out), *bad]) == 2
    assert "not an installed-package database directory" in capsys.readouterr().err


@pytest.mark.usefixtures("no_live_system")
def test_plan_cross_writes_the_plan_and_refuses_what_it_cannot_plan(tmp_path, capsys):
    out = str(tmp_path / "x")
    args = ["plan", "cross", "--target", "aarch64-unknown-linux-gnu", "--out", out]
    assert main([*args, "--without-gdb", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    plan = Plan.read(out)
    assert doc["plan"] == plan.to_json() and plan.kind == "cross"
    assert [s.name for s in plan.steps] == ["binutils", "gcc-stage1", "linux-headers",
                                            "glibc", "gcc-stage2"]
    assert "overlays/cross-aarch64-unknown-linux-gnu/profiles/repo_name" in doc["files"]
    assert plan.command[-3:] == ("--without-gdb", "--out", out)
    assert main(args) == 2                      # the example has no gdb to pin
    assert "dev-debug/gdb: no visible version" in capsys.readouterr().err
    assert main(["plan", "cross", "--target", "avr-unknown-elf", "--out", out]) == 2
    assert "plans linux-gnu and musl targets" in capsys.readouterr().err


def test_plan_board_writes_the_passes(tmp_path, capsys):
    """A board root cycle a <-> b broken by clearing x for the first pass (c needs it);
    a cycle no clear breaks (d <-> e) makes the plan incomplete (4); no SDK profile: 2."""
    repo = write_repo(tmp_path / "r", {
        "app/a-1": {"IUSE": "+x", "DEPEND": "x? ( app/b )"}, "app/b-1": {"DEPEND": "app/a"},
        "app/c-1": {"RDEPEND": "app/a[x]"},
        "app/d-1": {"DEPEND": "app/e"}, "app/e-1": {"DEPEND": "app/d"}})
    common = ["plan", "board", "--repo", str(repo), "--profile", "mini:default",
              "--host-profile", "mini:default"]
    out = str(tmp_path / "p")
    assert main([*common, "--out", out, "--json", "app/c"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["files"] == ["steps/01-break-cycles/portage/package.use/bootorder/break-cycles"]
    plan = Plan.read(out)
    assert [(s.name, s.atoms, s.config_root) for s in plan.steps] == [
        ("break-cycles", ("app/a", "app/b"), "target"), ("board", ("app/c",), "target")]
    assert plan.command[-3:] == ("--out", out, "app/c")
    assert main([*common, "--out", str(tmp_path / "q"), "app/c", "app/d"]) == 4
    assert "INCOMPLETE" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        main(["plan", "board", "--out", str(tmp_path / "s")])
    assert exit_.value.code == 2 and "--host-profile" in capsys.readouterr().err


@pytest.mark.usefixtures("no_live_system")
def test_plan_bootstrap_writes_the_plan(tmp_path, capsys):
    out = str(tmp_path / "b")
    assert main(["plan", "bootstrap", "--implicit", "off", "--out", out, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    plan = Plan.read(out)
    assert doc["plan"] == plan.to_json() and plan.kind == "bootstrap"
    assert [s.name for s in plan.steps] == ["bootstrap-xz-utils", "bootstrap-glibc", "stage1"]
    assert plan.command == ("bootorder", "plan", "bootstrap", "--host", "empty", "--implicit",
                            "off", "--scope", "all", "--out", out)
    assert main(["plan", "bootstrap", "--out", out]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0] == f"bootstrap plan for bootorder-example:default/linux/amd64, written to {out}"
    assert text[2].split() == ["1", "bootstrap-xz-utils", "/", "--oneshot", "--nodeps", "1",
                               "1", "0"]


@pytest.mark.usefixtures("no_live_system")
@pytest.mark.parametrize("kind", ["catalyst", "bootstrap"])
def test_every_problem_of_an_incomplete_plan_is_in_the_answers_problems(tmp_path, capsys, kind):
    """The envelope's "problems" (and stderr's lines) hold every problem plan.json holds:
    a script reading them is never told less than the plan says."""
    repo = write_repo(tmp_path, {"sys-apps/baselayout-2": {},
                                 "app-misc/a-1": {"RDEPEND": "app-misc/gone"}},
                      packages_build=("sys-apps/baselayout", "app-misc/a"))
    out = tmp_path / "p"
    args = ["plan", kind, "--repo", str(repo), "--profile", "mini:default", "--out", str(out)]
    assert main([*args, "--json"]) == 4
    doc = json.loads(capsys.readouterr().out)
    written = json.loads((out / "plan.json").read_text())["problems"]
    assert written and [p for p in written if p not in doc["problems"]] == []
    assert main(args) == 4
    assert "app-misc/gone" in capsys.readouterr().err
