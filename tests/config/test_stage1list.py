"""catalyst's stage-1 list: stack_lists semantics, swap-in from packages, invalid lines."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from minirepo import make_repo
from portage_corpus import all_profile_answers, profiles_desc

from bootorder.config.profile import Profile
from bootorder.config.stage1list import grab_package_lines, stack_lists, stage1_list
from bootorder.core.reporter import RecordingReporter
from bootorder.tree.repository import Tree


def catalyst_reference(profile_dirs) -> list[str]:
    """catalyst's targets/stage1/build.py, verbatim semantics, on portage itself."""
    from portage.dep import dep_getkey
    from portage.util import grabfile_package, stack_lists as portage_stack_lists

    def scan(name):
        return portage_stack_lists([grabfile_package(os.path.join(x, name))
                                    for x in profile_dirs], incremental=1)
    pkgs, build = scan("packages"), scan("packages.build")
    for pkg in pkgs:
        try:
            i = build.index(dep_getkey(pkg))
            build[i] = pkg
            if build[i][0:1] == "*":
                build[i] = build[i][1:]
        except Exception:  # noqa: BLE001 - catalyst's own bare except
            pass
    return [str(x) for x in build]


@pytest.mark.parametrize("lists, expected", [
    ([["a", "b", "c"]], ["a", "b", "c"]),
    ([["a", "b"], ["a"]], ["a", "b"]),                 # added again: keeps its place
    ([["a", "b"], ["-a", "a"]], ["b", "a"]),           # removed then added: goes last
    ([["a", "b"], ["-*", "c"]], ["c"]),
    ([["a"], ["-z"]], ["a"]),                          # unmatched removal: ignored
])
def test_stack_lists_table(lists, expected):
    from portage.util import stack_lists as portage_stack_lists
    assert stack_lists(lists) == expected == portage_stack_lists(lists, incremental=1)


token = st.sampled_from(["a", "b", "c", "d", "-a", "-b", "-c", "-*"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(token, max_size=6), max_size=5))
def test_stack_lists_equals_portage(lists):
    from portage.util import stack_lists as portage_stack_lists
    assert stack_lists(lists) == portage_stack_lists(lists, incremental=1)


def test_flatcar_sdk_transition_equals_catalyst_oracle(corpus_dir, oracle_dir):
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    rep = RecordingReporter()
    profile = Profile.load(tree, "coreos-overlay:coreos/amd64/sdk/transition", rep)
    expected = (oracle_dir / "flatcar-amd64-sdk-transition.stage1.buildpkgs").read_text().split()
    assert len(expected) == 40
    assert list(stage1_list(profile)) == expected
    assert rep.calls == []


def test_every_corpus_profile_equals_catalyst_on_portage(corpus_dir):
    answers = all_profile_answers(corpus_dir)
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    for repo, path in profiles_desc(corpus_dir):
        spec = f"{repo}:{path}"
        assert list(Profile.load(tree, spec).packages_build) == answers[spec]["stage1"], spec


@pytest.fixture
def odd_profile(tmp_path):
    repo = make_repo(tmp_path / "r", "r", {
        "base/packages": "*>=sys-libs/glibc-2.30\n*sys-devel/gcc\n>=sys-apps/sed-4\n"
                         "sys-apps/grep:0\n",
        "base/packages.build": "sys-libs/glibc\nsys-devel/gcc\nsys-apps/sed\n"
                               "sys-apps/grep\nsys-apps/which\nbad atom here\n",
        "child/parent": "../base\n",
        "child/packages.build": "-*\n-sys-apps/which\nsys-apps/which\n-sys-devel/gcc\n"
                                "sys-apps/sed\n=not-an-atom\n",
    })
    return Profile.load(Tree.open([repo]), "r:child")


def test_swap_in_and_invalid_lines_like_catalyst(odd_profile):
    rep = RecordingReporter()
    ours = stage1_list(odd_profile, rep)
    assert list(ours) == catalyst_reference(odd_profile.paths)
    assert ours == ("sys-libs/glibc", ">=sys-apps/sed-4", "sys-apps/grep:0", "sys-apps/which")
    warned = [f"{p.where()}: {p.message}" for p in rep.problems()]
    child = Path(odd_profile.paths[-1]) / "packages.build"
    base = Path(odd_profile.paths[0]) / "packages.build"
    assert [w.split(": ")[0] for w in warned] == [f"{base}:6", f"{child}:1", f"{child}:6"]
    assert "invalid atom '*'" in warned[1]


def test_dash_star_is_kept_in_packages_files(tmp_path):
    f = tmp_path / "packages"
    f.write_text("*a/b\n-*\n")
    assert grab_package_lines(f, packages=True) == ["*a/b", "-*"]
    g = tmp_path / "packages.build"
    g.write_text("a/b\n-*\n")
    rep = RecordingReporter()
    assert grab_package_lines(g, rep) == ["a/b"]
    assert rep.problems()[0].where() == f"{g}:2"
