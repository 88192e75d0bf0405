"""Profiles: parent chain, make.defaults, use/package files, against portage.config."""
from __future__ import annotations

from pathlib import Path

import pytest
from minirepo import make_repo
from portage_corpus import all_profile_answers

from bootorder.config.files import parse_assignments
from bootorder.config.profile import Profile
from bootorder.core.errors import MetadataError
from bootorder.core.reporter import RecordingReporter
from bootorder.tree.repository import Tree


def warnings(rep):
    """The problems reported, as ``where: message``."""
    return [f"{p.where()}: {p.message}" for p in rep.problems()]


# --- make.defaults -------------------------------------------------------------------
@pytest.mark.parametrize("text, env, expected", [
    ('A="x y"', {}, {"A": "x y"}),
    ("A='$B literal'", {"B": "b"}, {"A": "$B literal"}),
    ('A="${B} $B"\nexport C=plain', {"B": "b"}, {"A": "b b", "C": "plain"}),
    ('USE="a"\nUSE="${USE} b" # comment', {}, {"USE": "a b"}),
    ('A="multi\nline"', {}, {"A": "multi\nline"}),
    ('A="\\$B"', {"B": "b"}, {"A": "$B"}),
    ('A=${UNSET}x', {}, {"A": "x"}),
])
def test_make_defaults_assignments(text, env, expected):
    assert parse_assignments(text, dict(env), "f") == expected


def test_make_defaults_bad_line_is_reported_and_skipped():
    rep = RecordingReporter()
    assert parse_assignments('A=1\nnot an assignment\nB="2', {}, "md", rep) == {"A": "1"}
    assert warnings(rep) == ["md:2: not a KEY=value assignment; line skipped",
                             "md:3: unterminated double quote; line skipped"]


# --- chain ---------------------------------------------------------------------------
def test_parent_forms_relative_colon_and_repo_colon(tmp_path):
    base = make_repo(tmp_path / "base", "base", {"b1/eapi": "5\n", "b1/make.defaults": 'X="1"\n'})
    over = make_repo(tmp_path / "over", "over", {
        "o/parent": "base:b1\n:shared\n",
        "shared/parent": "../extra\n",
        "extra/make.defaults": 'X="${X} 2"\n',
        "o/child/parent": "..\n",
        "o/child/make.defaults": 'X="${X} 3"\n'}, masters="base")
    tree = Tree.open([base, over])
    p = Profile.load(tree, "over:o/child")
    assert p.chain == ("base:b1", "over:extra", "over:shared", "over:o", "over:o/child")
    assert p.variables["X"] == "1 2 3"
    assert p.nodes[0].eapi == "5" and p.nodes[1].eapi == "0"


def test_colon_parent_needs_portage2_format(tmp_path):
    repo = make_repo(tmp_path / "r", "r", {"a/parent": ":b\n", "b/eapi": "5\n"},
                     formats="portage-1")
    with pytest.raises(MetadataError, match="not found") as err:
        Profile.load(Tree.open([repo]), "r:a")
    assert (Path(err.value.path).name, err.value.line) == ("parent", 1)


def test_parent_cycle_and_missing_profile_are_errors(tmp_path):
    repo = make_repo(tmp_path / "r", "r", {"a/parent": "../b\n", "b/parent": "../a\n"})
    tree = Tree.open([repo])
    with pytest.raises(MetadataError, match="cycle"):
        Profile.load(tree, "r:a")
    with pytest.raises(MetadataError, match="not found"):
        Profile.load(tree, "r:nope")


def test_profile_files_directory_format_eapi_and_bad_lines(tmp_path):
    repo = make_repo(tmp_path / "r", "r", {
        "p/eapi": "5\n",
        "p/make.defaults": 'ARCH="amd64"\nACCEPT_KEYWORDS="amd64"\nUSE="a b -c"\n'
                           'USE_EXPAND="PY"\nPY="3_12 3_13"\nBOOTSTRAP_USE="x y"\n',
        "p/use.force": "f\n-g\n",
        "p/package.use/10-x": "dev-libs/a flag -other\n",
        "p/package.use/20-y": "dev-libs/a:2 more\n",
        "p/package.mask/m": ">=dev-libs/b-2\n!!bad/atom\n",
        "p/package.provided": "sys-libs/x-1\nnot-a-cpv\n",
        "p/packages": "*dev-libs/a\n>=dev-libs/b-1\n",
        "p/child/parent": "..\n",
        "p/child/make.defaults": 'USE="-a d"\nPY="-3_12"\n',
        "p/child/package.mask": "-dev-libs/b\n->=dev-libs/b-2\n",
    })
    rep = RecordingReporter()
    p = Profile.load(Tree.open([repo]), "r:p/child", rep)
    assert p.use == ("amd64", "b", "d", "f", "py_3_13")
    assert (p.arch, p.accept_keywords, p.bootstrap_use) == ("amd64", ("amd64",), ("x", "y"))
    assert [(str(e.atom), e.values) for e in p.package_use[0]] == [
        ("dev-libs/a", ("flag", "-other")), ("dev-libs/a:2", ("more",))]
    assert p.package_mask == () and p.package_provided == ("sys-libs/x-1",)
    assert p.system == ("dev-libs/a",) and [str(a) for a in p.profile_atoms] == [
        "dev-libs/a", ">=dev-libs/b-1"]
    bad = warnings(rep)
    assert any("package.mask/m:2:" in w and "!!bad/atom" in w for w in bad)
    assert any("package.provided:2:" in w for w in bad)


# --- the corpus against portage.config ------------------------------------------------
@pytest.fixture(scope="module")
def answers(corpus_dir):
    return all_profile_answers(corpus_dir)


@pytest.fixture(scope="module")
def corpus_tree(corpus_dir):
    return Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])


def test_every_profile_matches_portage_config(answers, corpus_tree):
    """chain == portage.config().profiles, and USE, ARCH, ACCEPT_KEYWORDS, BOOTSTRAP_USE."""
    assert len(answers) == 495
    for spec, ans in answers.items():
        rep = RecordingReporter()
        p = Profile.load(corpus_tree, spec, rep)
        assert list(p.paths) == ans["chain"], spec
        assert list(p.use) == sorted(ans["use"]), spec
        assert p.arch == ans["arch"], spec
        assert sorted(p.accept_keywords) == sorted(ans["accept_keywords"]), spec
        assert list(p.bootstrap_use) == ans["bootstrap_use"], spec
        assert warnings(rep) == [], spec


def test_flatcar_sdk_chain_names(corpus_tree):
    p = Profile.load(corpus_tree, "coreos-overlay:coreos/amd64/sdk/transition")
    assert p.chain[0] == "portage-stable:base"
    assert p.chain[-3:] == ("coreos-overlay:coreos/amd64/sdk",
                            "coreos-overlay:coreos/targets/sdk/transition",
                            "coreos-overlay:coreos/amd64/sdk/transition")


def test_cli_profile_json_on_the_corpus(corpus_dir, oracle_dir, capsys):
    import json

    from bootorder.cli import main
    repos = ["--repo", str(corpus_dir / "portage-stable"), "--repo", str(corpus_dir / "coreos-overlay")]
    assert main(["profile", *repos, "--profile", "coreos-overlay:coreos/amd64/sdk/transition",
                 "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["packages_build"] == (
        oracle_dir / "flatcar-amd64-sdk-transition.stage1.buildpkgs").read_text().split()
    assert doc["chain"][-1] == "coreos-overlay:coreos/amd64/sdk/transition"
    assert (doc["arch"], doc["accept_keywords"]) == ("amd64", ["amd64"])
    assert "sys-devel/gcc" in doc["system"] and "elibc_glibc" in doc["use"]
    assert main(["profile", *repos, "--profile", "coreos-overlay:no/such/profile"]) == 2
    assert "not found" in capsys.readouterr().err
    assert main(["profile", "--repo", str(corpus_dir / "coreos-overlay"), "--json"]) == 2
    assert "portage-stable" in capsys.readouterr().err      # the missing master is named
