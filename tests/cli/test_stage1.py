"""``bootorder stage1`` and the shared resolve options, on the corpus and the emerge oracle."""
from __future__ import annotations

import json

import pytest

from bootorder.cli import main

pytestmark = pytest.mark.corpus

PROFILE = "coreos-overlay:coreos/amd64/sdk/transition"
ORACLE = "flatcar-amd64-sdk-transition.stage1.emerge.json"


@pytest.fixture(scope="module")
def tree_args(corpus_dir):
    return ["--repo", str(corpus_dir / "portage-stable"), "--repo",
            str(corpus_dir / "coreos-overlay"), "--profile", PROFILE]


def run(capsys, argv):
    code = main(argv)
    out = capsys.readouterr().out
    return code, out


def test_stage1_json_shape_and_oracle(capsys, tree_args, oracle_dir):
    code, out = run(capsys, ["stage1", *tree_args, "--host", "empty", "--implicit", "off",
                             "--json"])
    assert code == 0
    report = json.loads(out)
    assert set(report) == {"buildpkgs", "use", "packages", "problems", "use_changes",
                           "use_expand", "use_expand_hidden", "use_flags", "context"}
    assert report["buildpkgs"] == (oracle_dir / ORACLE.replace(".emerge.json", ".buildpkgs")) \
        .read_text().split()
    assert report["use"].startswith("-* build ")
    first = report["packages"][0]
    assert set(first) == {"cpv", "slot", "subslot", "repo", "root", "use", "use_disabled",
                          "pulled_in_by", "stuck", "use_forced", "use_masked"}
    ours = {(p["cpv"], p["root"]) for p in report["packages"]}
    emerge = {(r["cpv"], r["root"]) for r in json.loads((oracle_dir / ORACLE).read_text())}
    assert emerge <= ours      # the file is emerge's list cut at its cycle: see test_resolve_corpus
    gcc = [p for p in report["packages"] if p["cpv"].startswith("sys-devel/gcc-1")
           and p["root"] == "host"]
    assert gcc and {"cpv": "sys-libs/glibc-2.43-r2", "root": "host", "class": "BDEPEND",
                    "atom": ">=sys-devel/gcc-6.2"} in gcc[0]["pulled_in_by"]


def test_stage1_json_is_deterministic(capsys, tree_args):
    argv = ["stage1", *tree_args, "--host", "empty", "--json"]
    assert run(capsys, argv) == run(capsys, argv)


def test_stage1_seed_host_builds_only_the_target_root(capsys, tree_args):
    code, out = run(capsys, ["stage1", *tree_args, "--host", "seed", "--json"])
    roots = {p["root"] for p in json.loads(out)["packages"]}
    assert code == 0 and roots == {"target"}


def test_stage1_text(capsys, tree_args):
    code, out = run(capsys, ["stage1", *tree_args, "--host", "empty"])
    assert code == 0 and "target root: 134 packages" in out and "host root: " in out


@pytest.mark.parametrize("argv, message", [
    (["stage1", "--host", "cloud"], "unknown host model"),
    (["stage1", "dev-libs/foo-1.0"], "invalid atom"),
])
def test_bad_input_exits_2(capsys, tree_args, argv, message):
    code = main([argv[0], *tree_args, *argv[1:]])
    assert code == 2 and message in capsys.readouterr().err
