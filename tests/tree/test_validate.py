"""bootorder.tree.validate: an entry judged as portage judges it (a hand-checked table,
the masks checked against emerge's "masked by" reasons) and what the repository then
does with it."""
from __future__ import annotations

import pytest

from bootorder.core.reporter import RecordingReporter
from bootorder.tree.repository import Repository
from bootorder.tree.validate import check_entry, iuse_names

MD5 = {"_md5_": "0123456789abcdef" * 2}


@pytest.mark.parametrize("meta, strict, skip, invalid, kinds", [
    ({"SLOT": "0", "EAPI": "8", **MD5}, True, False, (), []),
    ({"SLOT": "0", "EAPI": "8"}, True, True, (), [("bad-metadata", "error")]),
    ({}, True, True, (), [("bad-metadata", "error")]),
    ({"SLOT": "0", "_md5_": "5ab2"}, True, True, (), [("bad-metadata", "error")]),
    ({"EAPI": "8", **MD5}, True, False, ("SLOT: undefined",), [("bad-metadata", "error")]),
    ({"EAPI": "8"}, False, False, (), []),                      # a dict source: SLOT 0
    ({"SLOT": "/", **MD5}, True, False, ("SLOT: invalid value: '/'",),
     [("bad-metadata", "error")]),
    ({"SLOT": "0/1/2"}, False, False, ("SLOT: invalid value: '0/1/2'",),
     [("bad-metadata", "error")]),
    ({"SLOT": "0/1.2", "EAPI": "8"}, False, False, (), []),
    ({"SLOT": "0", "EAPI": "99"}, False, False, (), [("unknown-eapi", "warning")]),
    ({"SLOT": "0", "EAPI": "8 x"}, False, False, (), [("unknown-eapi", "warning")]),
    ({"SLOT": "0", "IUSE": "+a -b c_d e@f g+h"}, False, False, (), []),
    ({"SLOT": "0", "IUSE": "+ - ++x (bad)"}, False, False, (), [("bad-metadata", "warning")]),
])
def test_verdicts(meta, strict, skip, invalid, kinds):
    verdict = check_entry("a/b-1", meta, "f", {"SLOT": 2, "EAPI": 1}, strict=strict)
    assert (verdict.skip, verdict.invalid) == (skip, invalid)
    assert [(p.kind, p.severity) for p in verdict.problems] == kinds
    assert all(p.file == "f" for p in verdict.problems)


def test_iuse_names_as_portage_reads_them():
    """portage strips one default sign: ``++x`` declares ``+x``; empty names are dropped."""
    assert iuse_names("+ - ++x (bad) -y z") == ("+x", "(bad)", "y", "z")


@pytest.mark.parametrize("meta, ours, theirs", [
    ({"SLOT": "/"}, "invalid: SLOT: invalid value: '/'", "invalid: SLOT: invalid value: '/'"),
    ({"EAPI": "99"}, "EAPI 99 unsupported", "EAPI 99"),
])
def test_masked_like_emerge(tmp_path, meta, ours, theirs):
    """emerge refuses the package with the same reason ('masked by: ...')."""
    from emerge_oracle import run_emerge
    from minirepo import make_config
    entry = {"SLOT": "0", "EAPI": "8", "KEYWORDS": "amd64", **meta}
    config = make_config(tmp_path, {"a/b-1": entry})
    [pkg] = config.tree.versions("a/b")
    assert config.mask_reasons(pkg) == (ours,)
    assert f"a/b-1::mini (masked by: {theirs})" in run_emerge({"a/b-1": meta}, ["a/b"])


def test_repository_reports_each_bad_entry_once_and_keeps_the_others(tmp_path):
    cache = tmp_path / "r" / "metadata" / "md5-cache" / "a"
    cache.mkdir(parents=True)
    (tmp_path / "r" / "profiles").mkdir()
    (tmp_path / "r" / "profiles" / "repo_name").write_text("r\n")
    good = "EAPI=8\nSLOT=0\n_md5_=" + "0" * 32 + "\n"
    (cache / "b-1").write_text(good)
    (cache / "b-2").write_text("EAPI=8\nSLOT=0\n")                 # truncated: no _md5_
    (cache / "b-3").write_text(good.replace("EAPI=8", "EAPI=99"))
    rep = RecordingReporter()
    repo = Repository.open(tmp_path / "r", rep)
    assert [p.cpv for p in repo.versions("a/b")] == ["a/b-1", "a/b-3"]
    assert [p.cpv for p in repo.versions("a/b")] == ["a/b-1", "a/b-3"]     # read once
    assert [(p.kind, p.package) for p in rep.problems()] == [
        ("bad-metadata", "a/b-2"), ("unknown-eapi", "a/b-3")]
