"""bootorder.render.stage1: the stage-1 answer as JSON (packages per root without the
installed ones, who pulls each in, stuck packages, problems, USE fixes) and as text,
hand-checked on a small graph; then the command's JSON is this function's value."""
from __future__ import annotations

import json
import re
from types import SimpleNamespace

import pytest

from bootorder.core.problems import Problem
from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.render.stage1 import stage1_json, stage1_text

MISSING = Problem("missing-package", "app-misc/top-1", "x/none", ("app-misc/top-1",),
                  "no package x/none in any repository", "drop it")


def small_graph() -> DepGraph:
    g = DepGraph()
    top = g.add_package("app-misc/top-1", "target", slot="0", repo="r", target=True,
                        use=frozenset({"ssl"}), use_disabled=frozenset({"doc", "nls"}))
    lib = g.add_package("dev-libs/lib-2", "target", slot="2", subslot="2.1", repo="r")
    gcc = g.add_package("sys-devel/gcc-15", "host", slot="15", repo="r")
    seed = g.add_package("sys-devel/seed-1", "host", installed=True)
    g.add_dep(top, lib, "DEPEND", atom="dev-libs/lib")
    g.add_dep(top, lib, "DEPEND", atom="dev-libs/lib")            # shown once
    g.add_dep(top, lib, "RDEPEND", atom="dev-libs/lib:2=")
    g.add_dep(top, gcc, "BDEPEND", atom="sys-devel/gcc")
    g.add_dep(gcc, seed, "BDEPEND", atom="sys-devel/seed")
    g.problems = (MISSING,)
    return g


CONFIG = SimpleNamespace(use_override="-* build",
                         profile=SimpleNamespace(packages_build=("app-misc/top",)))


def test_stage1_json():
    report = stage1_json(small_graph(), CONFIG, stuck={NodeKey("sys-devel/gcc-15", "host")})
    assert report == {
        "buildpkgs": ["app-misc/top"], "use": "-* build",
        "packages": [
            {"cpv": "app-misc/top-1", "slot": "0", "subslot": None, "repo": "r",
             "root": "target", "use": ["ssl"], "use_disabled": ["doc", "nls"],
             "pulled_in_by": [], "stuck": False, "use_forced": [], "use_masked": []},
            {"cpv": "dev-libs/lib-2", "slot": "2", "subslot": "2.1", "repo": "r",
             "root": "target", "use": [], "use_disabled": [], "stuck": False,
             "use_forced": [], "use_masked": [], "pulled_in_by": [
                 {"cpv": "app-misc/top-1", "root": "target", "class": "DEPEND",
                  "atom": "dev-libs/lib"},
                 {"cpv": "app-misc/top-1", "root": "target", "class": "RDEPEND",
                  "atom": "dev-libs/lib:2="}]},
            {"cpv": "sys-devel/gcc-15", "slot": "15", "subslot": None, "repo": "r",
             "root": "host", "use": [], "use_disabled": [], "stuck": True,
             "use_forced": [], "use_masked": [], "pulled_in_by": [{"cpv": "app-misc/top-1", "root": "target",
                               "class": "BDEPEND", "atom": "sys-devel/gcc"}]}],
        "problems": [MISSING.to_json()],                        # the graph's own
        "use_expand": [], "use_expand_hidden": [],
        "use_flags": [{"flag": "build", "from": "catalyst's stage-1 USE"}]}


@pytest.mark.parametrize("kwargs, problems, use_changes", [
    ({"problems": []}, [], None),                              # the checks found none
    ({"use_changes": ["app-misc/top -ssl"]}, [MISSING.to_json()], ["app-misc/top -ssl"]),
])
def test_given_problems_and_use_changes(kwargs, problems, use_changes):
    report = stage1_json(small_graph(), CONFIG, **kwargs)
    assert report["problems"] == problems
    assert report.get("use_changes") == use_changes


TEXT = '''\
USE="-* build"
1 stage-1 atoms, 1 USE flags enabled (-v: where from)

target root: 2 packages
  app-misc/top-1  USE="ssl -doc -nls"
  dev-libs/lib-2

host root: 1 packages, 1 stuck behind a build cycle (marked *)
 *sys-devel/gcc-15

1 problems:
  missing-package: app-misc/top-1: x/none: no package x/none in any repository (fix: drop it)

Every USE fix at once: --with 'app-misc/top -ssl' --with 'dev-libs/lib +x\''''


def test_stage1_text():
    report = stage1_json(small_graph(), CONFIG, stuck={NodeKey("sys-devel/gcc-15", "host")},
                         use_changes=["app-misc/top -ssl", "dev-libs/lib +x"])
    assert stage1_text(report) == TEXT


def test_a_problem_of_a_target_has_no_package():
    report = {"use": "", "buildpkgs": [], "packages": [], "problems": [
        Problem("unknown-set", None, "@nope", (), "no set named @nope").to_json()]}
    assert stage1_text(report).splitlines()[-1] == "  unknown-set: (target): @nope: " \
                                                   "no set named @nope"


def test_the_command_prints_this_json(capsys, monkeypatch):
    from bootorder import workflows
    from bootorder.cli import main
    from bootorder.core.usechange import with_values
    monkeypatch.setattr(workflows, "live_system", lambda *args: None)
    assert main(["stage1", "--host", "empty", "--json"]) == 4    # awk's REQUIRED_USE
    printed = json.loads(capsys.readouterr().out)
    assert printed.pop("context")["targets"] == ["@stage1"]
    result = workflows.stage1(workflows.ResolveRequest(stage1=True, host="empty"))
    assert printed == stage1_json(result.graph, result.config, result.value.problems,
                                  result.extra["stuck"], with_values(result.value.changes))
    assert len(printed["packages"]) == len([k for k in result.graph.nodes()
                                            if not result.graph.node(k)["installed"]])


def test_the_effective_stage1_use_once_each_with_its_source(corpus_dir):
    """The USE override written as its net effect (catalyst stacks BOOTSTRAP_USE with
    repeats and contradictions such as ``xtpax ... -xtpax``): every enabled flag once,
    USE_EXPAND flags grouped, and under -v where each comes from."""
    from bootorder.config.configuration import Config
    from bootorder.config.profile import Profile
    from bootorder.config.useflags import apply_tokens
    from bootorder.tree.repository import Tree
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    config = Config.stage1(tree, Profile.load(tree, "coreos-overlay:coreos/amd64/sdk/transition"))
    report = stage1_json(DepGraph(), config)
    enabled: set[str] = set()
    apply_tokens(enabled, config.use_override.split())
    assert [f["flag"] for f in report["use_flags"]] == sorted(enabled)
    line = stage1_text(report).splitlines()[0]
    groups = dict(re.findall(r'(\w+)="([^"]*)"', line))
    assert all(len(v.split()) == len(set(v.split())) for v in groups.values())
    assert "xtpax" not in groups["USE"].split() and "-xtpax" not in groups["USE"].split()
    assert groups["PYTHON_TARGETS"] == "python3_11 python3_12"
    assert groups["USE"].startswith("-* build ")
    verbose = stage1_text(report, verbose=True).splitlines()[2:2 + len(enabled)]
    sources = dict(entry.split(None, 1) for entry in verbose)
    assert sources["build"] == "catalyst's stage-1 USE"
    assert sources["xml"] == "coreos-overlay:coreos/base (BOOTSTRAP_USE)"
