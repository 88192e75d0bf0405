"""bootorder.tree.sources and the repository on filesystem faults: a table of files that
are not plain files (symlinks inside and leaving the repository, loops, dangling links,
directories, FIFOs) and what reading them says; a repository or VDB holding them reports
each as a problem naming the path and goes on, never raises, never reads outside."""
from __future__ import annotations

import errno
import os

import pytest

from bootorder.core.reporter import RecordingReporter
from bootorder.tree.repository import Repository, Tree
from bootorder.tree.sources import Refused, describe, inside, read_file

ENTRY = "EAPI=8\nSLOT=0\n_md5_=" + "0" * 32 + "\n"


def make(path, kind: str, repo):
    """Put at ``path`` a file of ``kind`` (see the table)."""
    if kind == "file":
        path.write_text(ENTRY)
    elif kind == "inside":
        (repo / "elsewhere").write_text(ENTRY)
        os.symlink(repo / "elsewhere", path)
    elif kind == "leaving":
        os.symlink("/etc/passwd", path)
    elif kind == "loop":
        os.symlink(path.name, path)
    elif kind == "dangling":
        os.symlink("nothing-here", path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)


@pytest.mark.parametrize("kind, error, said", [
    ("file", None, None),
    ("inside", None, None),
    ("leaving", Refused, "a symlink leaving the repository (to /etc/passwd)"),
    ("loop", OSError, "a symlink loop"),
    ("dangling", OSError, "missing"),
    ("directory", Refused, "a directory where a file is expected"),
    ("fifo", Refused, "not a regular file where a file is expected"),
])
def test_read_file(tmp_path, kind, error, said):
    make(tmp_path / "entry", kind, tmp_path)
    if error is None:
        assert read_file(tmp_path / "entry", [tmp_path]) == ENTRY
        return
    with pytest.raises(error) as err:
        read_file(tmp_path / "entry", [tmp_path])
    assert describe(err.value).startswith(said)


def test_inside_resolves_symlinks(tmp_path):
    os.symlink("/etc", tmp_path / "out")
    assert inside(tmp_path / "x", [tmp_path]) and not inside(tmp_path / "out" / "x", [tmp_path])
    assert describe(OSError(errno.EISDIR, "Is a directory")).startswith("a directory")


def repo_with(tmp_path, cat_kind: str = "dir", entry_kind: str = "file"):
    repo = tmp_path / "r"
    (repo / "profiles").mkdir(parents=True)
    (repo / "profiles" / "repo_name").write_text("r\n")
    cache = repo / "metadata" / "md5-cache"
    cache.mkdir(parents=True)
    (cache / "good").mkdir()
    (cache / "good" / "a-1").write_text(ENTRY)
    if cat_kind == "dir":
        (cache / "bad").mkdir()
        make(cache / "bad" / "b-1", entry_kind, repo)
    elif cat_kind == "loop":
        os.symlink("bad", cache / "bad")
    elif cat_kind == "leaving":
        outside = tmp_path / "outside"
        outside.mkdir()
        (outside / "b-1").write_text(ENTRY)
        os.symlink(outside, cache / "bad")
    return repo


@pytest.mark.parametrize("cat_kind, entry_kind, read", [
    ("dir", "file", True), ("dir", "inside", True), ("dir", "leaving", False),
    ("dir", "loop", False), ("dir", "dangling", False), ("dir", "directory", False),
    ("dir", "fifo", False), ("loop", None, False), ("leaving", None, False),
])
def test_repository_reports_the_fault_and_goes_on(tmp_path, cat_kind, entry_kind, read):
    rep = RecordingReporter()
    tree = Tree.open([repo_with(tmp_path, cat_kind, entry_kind)], rep)
    assert [p.cpv for p in tree.packages()] == ["bad/b-1"] * read + ["good/a-1"]
    problems = rep.problems()
    assert len(problems) == (not read)
    for p in problems:
        assert (p.kind, p.severity) == ("unreadable", "error") and "/metadata/md5-cache/bad" in p.file


def test_vdb_faults_are_reported_and_the_rest_is_read(tmp_path):
    vdb = tmp_path / "pkg"
    for cpv in ("sys-libs/zlib-1.3.1", "sys-libs/x-1", "app-misc/y-1"):
        (vdb / cpv).mkdir(parents=True)
        (vdb / cpv / "SLOT").write_text("0\n")
    os.symlink("/etc/passwd", vdb / "sys-libs/zlib-1.3.1" / "RDEPEND")
    (vdb / "sys-libs/x-1" / "DEPEND").mkdir()
    os.symlink("loop-1", vdb / "app-misc" / "loop-1")
    rep = RecordingReporter()
    repo = Repository.open_vdb(vdb, rep)
    assert [p.cpv for p in repo.packages()] == ["app-misc/y-1", "sys-libs/x-1",
                                                "sys-libs/zlib-1.3.1"]
    assert repo.package("sys-libs/zlib-1.3.1")["RDEPEND"] == ""
    said = sorted((os.path.relpath(p.file, vdb), p.kind) for p in rep.problems())
    assert said == [("app-misc/loop-1", "unreadable"), ("sys-libs/x-1/DEPEND", "unreadable"),
                    ("sys-libs/zlib-1.3.1/RDEPEND", "unreadable")]
