"""catalyst's stage 1 as a plan: the steps exactly as catalyst 4's targets/stage1
runs them (options, atoms, make.conf USE against portage's own BOOTSTRAP_USE and
catalyst's stacked packages.build), the spec's keys against catalyst's lists, the
generated fix with its reason and a re-derive command that really shows the problem,
the merge list against emerge's stage-1 answer on the corpus, and a problem no USE
change solves written down as an incomplete plan."""
from __future__ import annotations

import json
import shlex

import pytest
from minirepo import write_repo
from portage_corpus import portage_answers

from bootorder.cli import main
from bootorder.core.errors import BootorderError
from bootorder.plan.catalyst import PKGCACHE_EMERGE, CatalystRequest, catalyst_plan, stage1_use
from bootorder.plan.spec import accepted_keys, required_keys
from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path

SDK = "coreos-overlay:coreos/amd64/sdk"
TRANSITION = "coreos-overlay:coreos/amd64/sdk/transition"
FIX_FILE = "steps/02-stage1/portage/package.use/bootorder/stage1"


@pytest.fixture(scope="module")
def example_plan():
    tree = Tree.open([example_repository_path()])
    args = ("--repo", str(example_repository_path()))
    return catalyst_plan(tree, CatalystRequest(EXAMPLE_PROFILE, tree_args=args))


@pytest.fixture(scope="module")
def sdk_plan(corpus_dir):
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    return catalyst_plan(tree, CatalystRequest(SDK, stage1_profile=TRANSITION))


def spec_values(text: str) -> dict:
    return dict(line.split(": ", 1) for line in text.splitlines() if not line.startswith("#"))


def test_the_steps_are_catalysts(example_plan):
    baselayout, stage1 = example_plan.steps
    assert (baselayout.name, baselayout.emerge, baselayout.atoms) == (
        "baselayout", ("--oneshot", "--nodeps"), ("sys-apps/baselayout",))
    assert dict(baselayout.make_conf) == {"USE": "-build"}
    assert (stage1.name, stage1.emerge) == ("stage1", ("--implicit-system-deps=n", "--oneshot"))
    assert stage1.atoms == ("app-arch/xz-utils", "sys-libs/zlib", "virtual/os-headers",
                            "virtual/libc", "sys-devel/binutils", "sys-devel/gcc",
                            ">=sys-devel/m4-1.4.18", "sys-apps/baselayout",
                            "app-alternatives/awk")
    assert dict(stage1.make_conf) == {"USE": "-* build cxx"}
    for step in (baselayout, stage1):
        assert (step.root, step.sysroot, step.config_root) == ("target", "/", "/")
        assert step.config == "steps/02-stage1/portage"       # one portage_confdir
        assert step.installed_in("/") == "seed"
    # stage 1 starts from what the baselayout step merged
    assert [(e.cpv, e.use) for e in stage1.installed_in("target")] == \
        [(m.cpv, m.use) for m in baselayout.merge]
    assert dict(stage1.installed_from) == {"target": ("baselayout",)}
    assert [m.use for m in baselayout.merge] == [
        ("amd64", "elibc_glibc", "kernel_linux", "split-usr")]       # build off, IUSE default
    assert "build" in next(m for m in stage1.merge if m.cpv.startswith("sys-apps/base")).use


def test_the_fix_is_written_with_its_reason_and_a_command_that_shows_it(
        example_plan, capsys, monkeypatch):
    text = dict(example_plan.files)[FIX_FILE]
    lines = text.splitlines()
    assert lines[-1] == "app-alternatives/awk gawk"            # the IUSE default (+gawk)
    assert lines[0].startswith("# required-use: app-alternatives/awk-4: REQUIRED_USE is not "
                               "satisfied") and lines[0].endswith("^^ ( gawk mawk )")
    command = lines[1].removeprefix("# re-derive: ")
    assert command != lines[1]
    argv = shlex.split(command)
    assert argv[:2] == ["bootorder", "stage1"]
    assert main(argv[1:] + ["--json"]) == 4     # the problem shown again: incomplete
    report = json.loads(capsys.readouterr().out)
    assert [(p["kind"], p["package"]) for p in report["problems"]] == [
        ("required-use", "app-alternatives/awk-4")]
    assert report["use_changes"] == ["app-alternatives/awk gawk"]
    assert example_plan.complete


def test_the_spec_has_only_keys_catalyst_accepts(example_plan):
    values = spec_values(dict(example_plan.files)["steps/02-stage1/stage1.spec"])
    assert required_keys("stage1") <= set(values) <= accepted_keys("stage1")
    assert values["target"] == "stage1" and values["subarch"] == "amd64"
    assert values["profile"] == EXAMPLE_PROFILE and values["portage_prefix"] == "bootorder"
    assert values["portage_confdir"] == "@PLAN_DIR@/steps/02-stage1/portage"
    assert {values[k] for k in ("version_stamp", "rel_type", "snapshot_treeish",
                                "source_subpath")} == {"@VERSION_STAMP@", "@REL_TYPE@",
                                                       "@SNAPSHOT_TREEISH@", "@SOURCE_SUBPATH@"}


def test_catalyst_options_and_refusals():
    tree = Tree.open([example_repository_path()])
    plan = catalyst_plan(tree, CatalystRequest(EXAMPLE_PROFILE, options=("pkgcache", "bindist"),
                                               prefix="releng"))
    assert [s.emerge[:4] for s in plan.steps] == [PKGCACHE_EMERGE] * 2
    assert dict(plan.steps[1].make_conf)["USE"] == "-* build bindist cxx"
    assert dict(plan.steps[0].make_conf)["USE"] == "-build"      # chroot.sh: no bindist here
    assert "steps/02-stage1/portage/package.use/releng/stage1" in dict(plan.files)
    for bad in ({"stages": ("stage3",)}, {"options": ("ccache",)}, {"prefix": "a/b"}):
        with pytest.raises(BootorderError):
            CatalystRequest(EXAMPLE_PROFILE, **bad)


def test_a_problem_no_flag_fixes_makes_the_plan_incomplete(tmp_path):
    repo = write_repo(tmp_path, {
        "sys-apps/baselayout-2": {},
        "app-misc/a-1": {"RDEPEND": "app-misc/gone"},
    }, packages_build=("sys-apps/baselayout", "app-misc/a"))
    tree = Tree.open([repo])
    plan = catalyst_plan(tree, CatalystRequest("mini:default"))
    assert [(p.kind, p.atom) for p in plan.problems] == [("missing-package", "app-misc/gone")]
    assert not plan.complete and plan.to_json()["problems"][0]["kind"] == "missing-package"
    plan.write(tmp_path / "plan")
    readme = (tmp_path / "plan" / "README").read_text()
    assert "THE PLAN IS INCOMPLETE: 1 problems" in readme and "app-misc/gone" in readme
    assert [m.cpv for m in plan.steps[1].merge] == ["app-misc/a-1", "sys-apps/baselayout-2"]


@pytest.mark.corpus
def test_flatcar_sdk_stage1_is_catalysts_and_emerges(sdk_plan, corpus_dir, oracle_dir):
    baselayout, stage1 = sdk_plan.steps
    buildpkgs = (oracle_dir / "flatcar-amd64-sdk-transition.stage1.buildpkgs").read_text()
    assert list(stage1.atoms) == buildpkgs.split()
    portage = portage_answers(corpus_dir, [tuple(TRANSITION.split(":"))])[TRANSITION]
    assert dict(stage1.make_conf)["USE"].split() == ["-*", "build", *portage["bootstrap_use"]]
    assert sdk_plan.profile == SDK and stage1.profile == TRANSITION
    assert sdk_plan.complete and dict(sdk_plan.files).keys() == {"steps/02-stage1/stage1.spec"}
    # emerge's stage-1 answer on an empty host: its target records are a part of the
    # seeded merge list (the rest sits behind the cycle emerge stops on), with equal USE
    oracle = json.loads((oracle_dir / "flatcar-amd64-sdk-transition.stage1.emerge.json")
                        .read_text())
    ours = {m.cpv: set(m.use) for m in stage1.merge}
    for record in (r for r in oracle if r["root"] == "target"):
        shown = set(record["use"]) | set(record["use_disabled"])
        assert ours[record["cpv"]] & shown == set(record["use"]), record["cpv"]
    assert len(stage1.merge) == 134 and [m.cpv for m in baselayout.merge] == [
        "sys-apps/baselayout-3.6.8-r23"]


def test_stage1_use_normalises_bootstrap_use():
    class Profile:
        variables = {"BOOTSTRAP_USE": " a  b\tc "}
    assert stage1_use(Profile()) == "-* build a b c"
    assert stage1_use(Profile(), ("bindist",)) == "-* build bindist a b c"


def test_the_same_tree_gives_the_same_plan(example_plan, tmp_path):
    again = catalyst_plan(Tree.open([example_repository_path()]), CatalystRequest(
        EXAMPLE_PROFILE, tree_args=("--repo", str(example_repository_path()))))
    assert again == example_plan
    example_plan.write(tmp_path / "a")
    again.write(tmp_path / "b")
    for name in ("plan.json", "README", FIX_FILE, "steps/02-stage1/stage1.spec"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
