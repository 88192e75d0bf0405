"""``bootorder cache``: portage's egencache on a small ebuild repository."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bootorder.cli import main
from bootorder.core.errors import MetadataError, MissingDependencyError
from bootorder.tree import egencache as cache
from bootorder.tree.repository import Repository

EBUILDS = {
    "dev-libs/foo/foo-1.2.ebuild": 'EAPI=8\nDESCRIPTION="foo"\nHOMEPAGE="https://e.org"\n'
                                   'LICENSE="MIT"\nSLOT="0/1.2"\nKEYWORDS="amd64"\nIUSE="+ssl"\n'
                                   'DEPEND="ssl? ( dev-libs/bar:= )"\nBDEPEND="sys-devel/m4"\n',
    "dev-libs/bar/bar-2.ebuild": 'EAPI=7\nDESCRIPTION="bar"\nHOMEPAGE="https://e.org"\n'
                                 'LICENSE="MIT"\nSLOT="0"\nKEYWORDS="~amd64"\n'
                                 'RDEPEND="virtual/baz"\n',
    "virtual/baz/baz-0.ebuild": 'EAPI=8\nDESCRIPTION="baz"\nSLOT="0"\nKEYWORDS="amd64"\n',
    "dev-libs/broken/broken-1.ebuild": 'EAPI=8\nSLOT="0"\nthis is ( not bash\n',
}

needs_egencache = pytest.mark.skipif(cache.find_egencache() is None,
                                     reason="portage's egencache is not installed")


def ebuild_repo(root: Path, masters: str = "") -> Path:
    (root / "profiles").mkdir(parents=True)
    (root / "profiles" / "repo_name").write_text("tiny\n")
    (root / "profiles" / "categories").write_text("dev-libs\nvirtual\n")
    (root / "metadata").mkdir()
    (root / "metadata" / "layout.conf").write_text(
        f"masters = {masters}\nthin-manifests = true\nuse-manifests = false\n")
    for rel, text in EBUILDS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


@needs_egencache
def test_generate_cache_on_a_small_repository(tmp_path):
    repo = ebuild_repo(tmp_path / "tiny")
    result = cache.generate_cache(repo)
    assert (result.repo, result.entries, result.returncode) == ("tiny", 3, 0)
    assert any("dev-libs/broken-1" in line for line in result.errors)
    r = Repository.open(repo)
    foo = r.package("dev-libs/foo-1.2")
    assert (foo.eapi, foo.slot, foo.subslot, foo.iuse_defaults) == ("8", "0", "1.2", {"ssl"})
    assert foo["DEPEND"] == "ssl? ( dev-libs/bar:= )" and foo["BDEPEND"] == "sys-devel/m4"
    assert r.package("dev-libs/bar-2")["RDEPEND"] == "virtual/baz"
    assert r.package("dev-libs/broken-1") is None


@needs_egencache
def test_cli_cache_json(tmp_path, capsys):
    repo = ebuild_repo(tmp_path / "tiny")
    assert main(["cache", str(repo), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["repo"], doc["entries"], doc["returncode"]) == ("tiny", 3, 0)


def test_missing_egencache_says_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cache, "find_egencache", lambda: None)
    repo = ebuild_repo(tmp_path / "tiny")
    with pytest.raises(MissingDependencyError, match="pip install 'bootorder\\[portage\\]'"):
        cache.generate_cache(repo)
    assert main(["cache", str(repo)]) == 2
    assert "egencache" in capsys.readouterr().err


def test_master_must_be_given(tmp_path):
    repo = ebuild_repo(tmp_path / "tiny", masters="gentoo")
    with pytest.raises(MetadataError, match="gentoo"):
        cache.generate_cache(repo, egencache="/bin/true")


def test_not_a_repository(tmp_path):
    with pytest.raises(MetadataError, match="not an ebuild repository"):
        cache.generate_cache(tmp_path)
