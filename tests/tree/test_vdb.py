"""Installed packages (/var/db/pkg): bootorder.tree.vdb's source on its own (which
directories are packages, which files are read and how), then read as a repository,
against portage's vardbapi."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bootorder.core.errors import MetadataError
from bootorder.core.reporter import RecordingReporter
from bootorder.tree.repository import Repository
from bootorder.tree.vdb import VDB_KEYS, VdbSource

KEYS = ["SLOT", "USE", "IUSE", "EAPI", "DEPEND", "RDEPEND", "BDEPEND", "PDEPEND",
        "KEYWORDS", "repository"]

SEED = {
    "sys-libs/zlib-1.3.1": {"SLOT": "0/1\n", "USE": "amd64 static\n", "IUSE": "+static minizip\n",
                            "EAPI": "8\n", "repository": "gentoo\n",
                            "DEPEND": "sys-libs/glibc\n  app-arch/xz-utils\n"},
    "sys-devel/gcc-14.2.1_p20241116": {"SLOT": "14\n", "USE": "cxx nls\n", "EAPI": "8\n",
                                       "IUSE": "+cxx fortran +nls\n",
                                       "RDEPEND": ">=dev-libs/gmp-4.3.2:0/10.4= sys-libs/zlib\n",
                                       "BDEPEND": "sys-devel/binutils:*\n", "CONTENTS": "x\n",
                                       "KEYWORDS": "amd64\n", "repository": "gentoo\n"},
    "virtual/libc-1-r1": {"SLOT": "0\n", "EAPI": "8\n", "USE": "\n", "RDEPEND": "sys-libs/glibc:2.2\n"},
}


@pytest.fixture
def vdb(tmp_path):
    root = tmp_path / "root"
    for cpv, files in SEED.items():
        d = root / "var" / "db" / "pkg" / cpv
        d.mkdir(parents=True)
        for key, text in files.items():
            (d / key).write_text(text)
    (root / "var" / "db" / "pkg" / "sys-libs" / "-MERGING-zlib-1.3.2").mkdir()
    (root / "etc" / "portage").mkdir(parents=True)
    return root


@pytest.fixture
def source(vdb):
    pkg = vdb / "var" / "db" / "pkg"
    (pkg / ".hidden" / "x-1").mkdir(parents=True)
    (pkg / "sys-libs" / ".keep-1").mkdir()
    (pkg / "sys-libs" / "stray-file").write_text("")
    (pkg / "not-a-category").write_text("")
    zlib = pkg / "sys-libs" / "zlib-1.3.1"
    (zlib / "environment.bz2").write_bytes(b"BZh9")
    (zlib / "LICENSE").write_bytes(b"ZLIB \xff\n")
    (zlib / "NEEDED.ELF.2").write_text("x\n")
    return VdbSource(pkg)


def test_source_categories_and_packages(source):
    assert source.categories() == ["sys-devel", "sys-libs", "virtual"]
    assert {cat: sorted(source.list_category(cat))
            for cat in ("sys-libs", "sys-devel", "virtual", "nope", "not-a-category")} == {
        "sys-libs": ["zlib-1.3.1"],               # not -MERGING-*, .keep-*, a stray file
        "sys-devel": ["gcc-14.2.1_p20241116"], "virtual": ["libc-1-r1"],
        "nope": [], "not-a-category": []}


@pytest.mark.parametrize("cpv, expected", [
    ("sys-libs/zlib-1.3.1", {"SLOT": "0/1", "USE": "amd64 static", "IUSE": "+static minizip",
                             "EAPI": "8", "repository": "gentoo", "LICENSE": "ZLIB \ufffd",
                             "DEPEND": "sys-libs/glibc app-arch/xz-utils"}),
    ("sys-devel/gcc-14.2.1_p20241116", {
        "SLOT": "14", "USE": "cxx nls", "EAPI": "8", "IUSE": "+cxx fortran +nls",
        "RDEPEND": ">=dev-libs/gmp-4.3.2:0/10.4= sys-libs/zlib",
        "BDEPEND": "sys-devel/binutils:*", "KEYWORDS": "amd64", "repository": "gentoo"}),
    ("virtual/libc-1-r1", {"SLOT": "0", "EAPI": "8", "USE": "", "RDEPEND": "sys-libs/glibc:2.2"}),
])
def test_source_reads_the_metadata_files_only(source, cpv, expected):
    """Files named by VDB_KEYS, whitespace collapsed, bad bytes replaced; CONTENTS,
    environment.bz2 and NEEDED.ELF.2 are not read."""
    meta, path, lines = source.read(cpv, None)
    assert (meta, path, lines) == (expected, str(source.directory / cpv), {})
    assert set(meta) <= VDB_KEYS and "CONTENTS" not in VDB_KEYS


def test_vdb_entries(vdb):
    repo = Repository.open_vdb(vdb / "var" / "db" / "pkg")
    assert repo.kind == "vdb" and repo.name == "installed"
    assert repo.cps() == ("sys-devel/gcc", "sys-libs/zlib", "virtual/libc")
    zlib = repo.package("sys-libs/zlib-1.3.1")
    assert zlib.installed and zlib.use == {"amd64", "static"} and zlib.origin == "gentoo"
    assert (zlib.slot, zlib.subslot) == ("0", "1")
    assert [a.cp for a in zlib.deps("DEPEND").atoms()] == ["sys-libs/glibc", "app-arch/xz-utils"]
    assert repo.package("virtual/libc-1-r1").origin == "installed"


def test_vdb_matches_portage_vardbapi(vdb):
    script = r'''
import json, sys, portage, portage.dbapi.vartree
root = sys.argv[1]
s = portage.config(config_root=root, target_root=root, eprefix="")
v = portage.dbapi.vartree.vardbapi(settings=s, vartree=portage.dbapi.vartree.vartree(settings=s))
keys = json.loads(sys.argv[2])
json.dump({cpv: dict(zip(keys, v.aux_get(cpv, keys))) for cpv in v.cpv_all()}, sys.stdout)
'''
    proc = subprocess.run([sys.executable, "-c", script, str(vdb), json.dumps(KEYS)],
                          capture_output=True, text=True, check=True)
    theirs = json.loads(proc.stdout)
    repo = Repository.open_vdb(vdb / "var" / "db" / "pkg")
    ours = {p.cpv: {k: p.get(k) for k in KEYS} for p in repo.packages()}
    assert ours == theirs


def test_bad_vdb_dependency_names_the_file(vdb):
    d = vdb / "var" / "db" / "pkg" / "sys-libs" / "zlib-1.3.1"
    (d / "RDEPEND").write_text("|| ( a/b\n")
    rep = RecordingReporter()
    repo = Repository.open_vdb(vdb / "var" / "db" / "pkg", rep)
    with pytest.raises(MetadataError) as err:
        repo.package("sys-libs/zlib-1.3.1").deps("RDEPEND")
    assert err.value.path == str(d / "RDEPEND")
    assert repo.load_all() == 3
    [problem] = rep.problems()
    assert (problem.file, problem.line, problem.kind) == (str(d / "RDEPEND"), 1, "bad-metadata")


def test_missing_vdb_is_an_error(tmp_path):
    with pytest.raises(MetadataError):
        Repository.open_vdb(tmp_path / "nope")
