"""A metadata-only repository mirrored for portage: one stub ebuild per cache entry,
cache entries whose _md5_ and _eclasses_ match the stubs, profiles and layout copied;
a repository with ebuilds needs no mirror. (That portage reads the mirror is shown by
every verify test on the corpus.)"""
from __future__ import annotations

import hashlib

from minirepo import write_repo

from bootorder.plan.mirror import (
    EMPTY_MD5,
    needs_mirror,
    read_cache_entry,
    repo_cpvs,
    write_mirror_repo,
)
from bootorder.tree.repository import example_repository_path


def test_mirror_of_a_metadata_only_repository(tmp_path):
    src = write_repo(tmp_path, {"dev-libs/a-1": {"_eclasses_": "toolchain\tabc\tflag-o\tdef"},
                                "dev-libs/b-2-r1": {"EAPI": "7"}})
    assert needs_mirror(src) and not needs_mirror(example_repository_path())
    out = write_mirror_repo(src, tmp_path / "mirror")
    assert not needs_mirror(out)
    assert repo_cpvs(out) == repo_cpvs(src) == ["dev-libs/a-1", "dev-libs/b-2-r1"]
    stub = (out / "dev-libs" / "b" / "b-2-r1.ebuild").read_bytes()
    assert stub == b"EAPI=7\n"
    entry = read_cache_entry(out, "dev-libs/b-2-r1")
    assert entry["_md5_"] == hashlib.md5(stub).hexdigest() and entry["EAPI"] == "7"
    assert read_cache_entry(out, "dev-libs/a-1")["_eclasses_"] == \
        f"toolchain\t{EMPTY_MD5}\tflag-o\t{EMPTY_MD5}"
    assert sorted(p.name for p in (out / "eclass").iterdir()) == ["flag-o.eclass",
                                                                  "toolchain.eclass"]
    assert (out / "profiles" / "default" / "make.defaults").read_text() == \
        (src / "profiles" / "default" / "make.defaults").read_text()


def test_repository_commit(tmp_path):
    import subprocess

    from bootorder.plan.mirror import repository_commit
    repo = write_repo(tmp_path, {"dev-libs/a-1": {}})
    assert repository_commit(repo) is None                 # no checkout at all

    def git(*args):
        return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t",
                               "-c", "user.email=t@t", *args], capture_output=True,
                              text=True, check=True).stdout.strip()
    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "x")
    assert repository_commit(repo) == git("rev-parse", "HEAD")
    assert repository_commit(repo / "profiles") is None    # inside another checkout
