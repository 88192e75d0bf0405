"""bootorder.tree.layout: layout.conf, the repository name and profiles/eapi read as
portage reads them, each fault reported with its file and line and the run going on
(hand-checked cases)."""
from __future__ import annotations

import pytest

from bootorder.core.reporter import RecordingReporter
from bootorder.tree.layout import check_repo_eapi, read_layout_conf, repo_name_of, valid_repo_name


@pytest.mark.parametrize("text, name", [
    ("gentoo", "gentoo"), ("my repo", "my-repo"), ("-lead", "lead"), ("../../x", "x"),
    ("a.b", "a-b"), ("", "x-"), ("...", "x-"),
])
def test_valid_repo_name(text, name):
    assert valid_repo_name(text) == name


def test_a_malformed_layout_line_is_reported_with_its_line(tmp_path):
    path = tmp_path / "layout.conf"
    path.write_text("masters = gentoo\n# comment\nnonsense\nrepo-name = r\n")
    reporter = RecordingReporter()
    assert read_layout_conf(path, reporter) == {"masters": "gentoo", "repo-name": "r"}
    [p] = reporter.problems()
    assert (p.kind, p.file, p.line) == ("bad-profile", str(path), 3)


def test_the_name_falls_back_as_portage_names_it(tmp_path):
    reporter = RecordingReporter()
    (tmp_path / "profiles").mkdir()
    assert repo_name_of(tmp_path, {}, reporter) == valid_repo_name("x-" + tmp_path.name)
    (tmp_path / "profiles" / "repo_name").write_text("bad name!\n")
    assert repo_name_of(tmp_path, {}, reporter) == "bad-name"
    assert repo_name_of(tmp_path, {"repo-name": "given"}, reporter) == "given"
    assert [p.kind for p in reporter.problems()] == ["bad-name", "bad-name"]


def test_a_profiles_eapi_of_two_lines_is_reported(tmp_path):
    reporter = RecordingReporter()
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "eapi").write_text("8\n9\n")
    check_repo_eapi(tmp_path, reporter)
    (tmp_path / "profiles" / "eapi").write_text("8\n")
    check_repo_eapi(tmp_path, reporter)
    assert [p.kind for p in reporter.problems()] == ["bad-profile"]
