"""catalyst's pipeline as a plan. Stage 1: the steps exactly as catalyst 4's
targets/stage1 runs them (options, atoms, make.conf USE against portage's own
BOOTSTRAP_USE and catalyst's stacked packages.build), the spec's keys against catalyst's
lists, the generated fix with its reason and a re-derive command that really shows the
problem, the merge list against emerge's stage-1 answer on the corpus, and a problem no
USE change solves written down as an incomplete plan. The whole pipeline: the stages
planned by default, each step's installed packages chained from the steps before it,
one spec per stage with only the keys catalyst accepts, the same plan twice."""
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
    return catalyst_plan(tree, CatalystRequest(EXAMPLE_PROFILE, tree_args=args,
                                               stages=("stage1",)))


@pytest.fixture(scope="module")
def sdk_plan(corpus_dir):
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    return catalyst_plan(tree, CatalystRequest(SDK, stage1_profile=TRANSITION,
                                               stages=("stage1",)))


def spec_values(text: str) -> dict:
    """A spec's keys: ``key: value``, or ``key:`` and one tab-indented value a line."""
    values: dict = {}
    for line in text.splitlines():
        if line.startswith("\t"):
            values[key].append(line.strip())
        elif line.strip() and not line.startswith("#"):
            key, _, value = line.partition(":")
            values[key] = value.strip() or []
    return values


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
                                               prefix="releng", stage4=("sys-apps/mawk",)))
    assert [s.emerge[:4] for s in plan.steps] == [PKGCACHE_EMERGE] * 6
    assert dict(plan.steps[1].make_conf)["USE"] == "-* build bindist cxx"
    assert dict(plan.steps[0].make_conf)["USE"] == "-build"      # chroot.sh: no bindist here
    assert {dict(s.make_conf)["USE"] for s in plan.steps[2:]} == {"bindist"}  # catalyst_use
    assert {"steps/02-stage1/portage/package.use/releng/stage1",
            "steps/03-stage3/portage/package.use/releng/circular"} <= set(dict(plan.files))
    for bad in ({"stages": ("stage3",)}, {"options": ("ccache",)}, {"prefix": "a/b"},
                {"stages": ("stage1", "stage3", "stage4")}, {"seed": "/var/db/pkg"}):
        with pytest.raises(BootorderError):
            CatalystRequest(EXAMPLE_PROFILE, **bad)


def test_a_problem_no_flag_fixes_makes_the_plan_incomplete(tmp_path):
    repo = write_repo(tmp_path, {
        "sys-apps/baselayout-2": {},
        "app-misc/a-1": {"RDEPEND": "app-misc/gone"},
    }, packages_build=("sys-apps/baselayout", "app-misc/a"))
    tree = Tree.open([repo])
    plan = catalyst_plan(tree, CatalystRequest("mini:default", stages=("stage1",)))
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


STAGE4 = ("media-libs/freetype",)


@pytest.fixture(scope="module")
def pipeline():
    """The example's whole pipeline: stage 1, stage 3, stage 4 with freetype."""
    return catalyst_plan(Tree.open([example_repository_path()]),
                         CatalystRequest(EXAMPLE_PROFILE, stage4=STAGE4))


def output(*steps):
    """``{cpv: use}`` a root holds after ``steps`` (a later merge replaces an earlier,
    a depclean's unmerge removes), each step merging into its own root."""
    held: dict = {}
    for step in steps:
        held.update({m.cpv: m.use for m in step.merge if m.root == step.root})
        for cpv in step.unmerge:
            del held[cpv]
    return held


def test_every_stage_that_applies_each_step_in_what_the_ones_before_left(pipeline):
    names = [s.name for s in pipeline.steps]
    assert names == ["baselayout", "stage1", "stage3", "stage3-depclean", "stage4-update",
                     "stage4"]
    bl, s1, s3, clean, update, s4 = pipeline.steps
    for step, before in ((s3, (bl, s1)), (clean, (bl, s1, s3)), (update, (bl, s1, s3, clean)),
                         (s4, (bl, s1, s3, clean, update))):
        assert (step.root, step.sysroot, step.config_root) == ("/", "/", "/")
        assert {e.cpv: e.use for e in step.installed_in("/")} == output(*before), step.name
        assert dict(step.installed_from) == {"/": tuple(s.name for s in before)}
    assert (s3.emerge, s3.atoms) == (("--emptytree", "--update", "--deep", "--with-bdeps=y"),
                                     ("@system",))
    assert (clean.emerge, clean.atoms, clean.merge) == (("--depclean", "--with-bdeps=y"), (), ())
    assert (update.emerge, update.atoms) == (("--update", "--deep", "--newuse"), ("@world",))
    assert (s4.emerge, s4.atoms) == ((), STAGE4)
    assert s3.config == clean.config == "steps/03-stage3/portage"
    assert update.config == s4.config == "steps/06-stage4/portage"
    # stage 1's -* list, awk and its gawk are not in the example's @system closure
    assert clean.unmerge == ("app-alternatives/awk-4", "sys-apps/baselayout-2.17",
                             "sys-apps/gawk-5.3.1")
    # gcc ships from stage 3 without nls; stage 4's --newuse builds it again with nls
    gcc = "sys-devel/gcc-14.2.1_p20241116"
    assert "nls" not in dict((m.cpv, m.use) for m in s3.merge)[gcc]
    assert [(m.cpv, "nls" in m.use) for m in update.merge] == [(gcc, True)]
    assert s3.notes == ("sys-devel/gcc is built in stage 3 with USE -nls (steps/03-stage3/"
                        "portage/package.use/bootorder/circular breaks a build cycle with it; catalyst removes that file "
                        "from the stage it ships); stage4-update rebuilds it with --newuse as "
                        "the profile says",)
    assert [m.cpv for m in s4.merge] == ["media-libs/freetype-2.13.3"]
    assert s4.notes == ("stage 4 adds to stage 3's output: media-libs/freetype-2.13.3",
                        "media-libs/freetype is built in stage 4 with USE -harfbuzz (steps/"
                        "06-stage4/portage/package.use/bootorder/circular breaks a build cycle with it; catalyst removes "
                        "that file from the stage it ships); no later step of this plan "
                        "rebuilds it: it ships that way")
    assert s1.notes[0].startswith("no seed was given (--seed vdb:PATH)")


def test_one_spec_per_stage_with_only_keys_catalyst_accepts(pipeline):
    files = dict(pipeline.files)
    for step, target in ((1, "stage1"), (2, "stage3"), (5, "stage4")):
        spec = f"steps/{step + 1:02d}-{target}/{target}.spec"
        values = spec_values(files[spec])
        assert required_keys(target) <= set(values) <= accepted_keys(target), spec
        assert values["target"] == target and values["portage_prefix"] == "bootorder"
        assert values["portage_confdir"] == f"@PLAN_DIR@/{pipeline.steps[step].config}"
        assert values["profile"] == EXAMPLE_PROFILE
    assert spec_values(files["steps/06-stage4/stage4.spec"])["stage4/packages"] == list(STAGE4)
    assert "update_seed" not in spec_values(files["steps/02-stage1/stage1.spec"])


def test_the_cycles_of_stages_3_and_4_are_written_with_the_cycle_and_the_command(pipeline):
    files = dict(pipeline.files)
    for path, line, cycle in (
            ("steps/03-stage3/portage/package.use/bootorder/circular", "sys-devel/gcc -nls",
             "sys-devel/gcc-14.2.1_p20241116 BDEPEND sys-devel/gettext [nls?] -> "
             "sys-devel/gettext-0.22.5 BDEPEND sys-devel/gcc[openmp] [openmp?] (installed "
             "sys-devel/gcc-14.2.1_p20241116 does not satisfy it) -> "
             "sys-devel/gcc-14.2.1_p20241116"),
            ("steps/06-stage4/portage/package.use/bootorder/circular",
             "media-libs/freetype -harfbuzz", "media-libs/freetype-2.13.3 DEPEND "
             "media-libs/harfbuzz[truetype] [harfbuzz?] -> media-libs/harfbuzz-9.0.0 DEPEND "
             "media-libs/freetype:2 [truetype?] -> media-libs/freetype-2.13.3")):
        comment, command, written = files[path].splitlines()
        assert written == line
        assert comment == f"# circular-dependency: {comment.split(': ')[1]}: a build cycle " \
                          f"nothing installed breaks: {cycle}"
        assert command == "# re-derive: bootorder plan catalyst"
    assert pipeline.complete


def test_the_same_tree_gives_the_same_plan(pipeline, tmp_path):
    again = catalyst_plan(Tree.open([example_repository_path()]),
                          CatalystRequest(EXAMPLE_PROFILE, stage4=STAGE4))
    assert again == pipeline
    pipeline.write(tmp_path / "a")
    again.write(tmp_path / "b")
    names = ["plan.json", "README", *dict(pipeline.files)]
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
