"""Repositories and trees: md5-cache / flat_hash reading, layout, masters, laziness, errors."""
from __future__ import annotations

import functools
from pathlib import Path

import pytest

from bootorder.core.errors import MetadataError
from bootorder.core.reporter import RecordingReporter
from bootorder.tree.package import Package
from bootorder.tree.repository import Repository, Tree
from bootorder.tree.sources import parse_cache_lines


MD5 = "_md5_=" + "0" * 32 + "\n"
"""The last line egencache writes in every md5-cache entry."""


def write_repo(root: Path, name: str, entries: dict[str, str], masters: str = "",
               cache_dir: str = "md5-cache", md5: bool = True) -> Path:
    """A repository whose cache files hold the given raw texts (with ``md5`` in an
    md5-cache, each ending with an ``_md5_`` line as egencache writes it)."""
    (root / "profiles").mkdir(parents=True)
    (root / "profiles" / "repo_name").write_text(name + "\n")
    (root / "metadata").mkdir()
    (root / "metadata" / "layout.conf").write_text(f"masters = {masters}\n")
    for cpv, text in entries.items():
        f = root / "metadata" / cache_dir / cpv
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text + (MD5 if md5 and cache_dir == "md5-cache" else ""))
    return root


def warnings(rep: RecordingReporter) -> list[str]:
    """Every problem reported, as the one line bootorder prints."""
    return [p.oneline() for p in rep.problems()]


@pytest.mark.parametrize("text, meta, lines", [
    ("EAPI=8\nSLOT=0\n", {"EAPI": "8", "SLOT": "0"}, {"EAPI": 1, "SLOT": 2}),
    ("DEPEND=a/b x? ( c/d )\n", {"DEPEND": "a/b x? ( c/d )"}, {"DEPEND": 1}),
    ("KEYWORDS=\n", {"KEYWORDS": ""}, {"KEYWORDS": 1}),
    ("HOMEPAGE=https://x.org/?a=b\n", {"HOMEPAGE": "https://x.org/?a=b"}, {"HOMEPAGE": 1}),
    ("_eclasses_=toolchain\tabc\n", {"_eclasses_": "toolchain\tabc"}, {"_eclasses_": 1}),
])
def test_cache_lines_table(text, meta, lines):
    assert parse_cache_lines(text, "f", RecordingReporter()) == (meta, lines)


def test_line_without_equals_makes_the_entry_corrupt_as_in_portage(tmp_path):
    """portage's cache reader raises CacheCorruption on a line without '=': the entry
    is unusable; the other version of the package stays."""
    repo = write_repo(tmp_path / "r", "r", {"dev-libs/a-1": "EAPI=8\nthis is junk\nSLOT=2\n",
                                            "dev-libs/a-0": "EAPI=8\nSLOT=0\n"})
    rep = RecordingReporter()
    assert [p.cpv for p in Repository.open(repo, rep).versions("dev-libs/a")] == ["dev-libs/a-0"]
    [msg] = warnings(rep)
    assert msg.startswith(f"{repo / 'metadata/md5-cache/dev-libs/a-1'}:2: bad-metadata: "
                          "corrupt cache entry (line 2 has no '='")


def test_bad_dependency_string_names_file_and_line(tmp_path):
    repo = write_repo(tmp_path / "r", "r", {
        "dev-libs/a-1": "EAPI=8\nSLOT=0\nDEPEND=x? ( dev-libs/b\n",
        "dev-libs/b-1": "EAPI=8\nSLOT=0\nDEPEND=dev-libs/a\n"})
    rep = RecordingReporter()
    r = Repository.open(repo, rep)
    with pytest.raises(MetadataError) as err:
        r.versions("dev-libs/a")[0].deps("DEPEND")
    assert (err.value.path, err.value.line) == (str(repo / "metadata/md5-cache/dev-libs/a-1"), 3)
    assert r.load_all() == 2
    [msg] = warnings(rep)
    assert msg.startswith(f"{repo / 'metadata/md5-cache/dev-libs/a-1'}:3:23: bad-metadata: DEPEND")
    assert [str(a) for a in r.versions("dev-libs/b")[0].deps("DEPEND").atoms()] == ["dev-libs/a"]


def test_entry_with_invalid_name_is_reported_and_skipped(tmp_path):
    repo = write_repo(tmp_path / "r", "r", {"dev-libs/a-1": "SLOT=0\n",
                                            "dev-libs/notaversion": "SLOT=0\n"})
    rep = RecordingReporter()
    r = Repository.open(repo, rep)
    assert r.cps() == ("dev-libs/a",)
    [problem] = rep.problems()
    assert (problem.kind, problem.severity) == ("bad-name", "warning")
    assert "notaversion" in problem.message


def test_entries_load_lazily_per_category_and_package(tmp_path):
    repo = write_repo(tmp_path / "r", "r", {"dev-libs/a-1": "SLOT=0\n",
                                            "sys-libs/b-1": "junk\n", "dev-libs/c-1": "junk\n"})
    rep = RecordingReporter()
    r = Repository.open(repo, rep)
    assert [p.cpv for p in r.versions("dev-libs/a")] == ["dev-libs/a-1"]
    assert warnings(rep) == []            # neither the other package nor category was read
    r.versions("sys-libs/b")
    assert len(warnings(rep)) == 1


def test_flat_hash_metadata_cache(tmp_path):
    repo = write_repo(tmp_path / "r", "old", {"dev-libs/a-1.2": "EAPI=5\nSLOT=1\nRDEPEND=dev-libs/b\n"},
                      cache_dir="cache")
    pkg = Repository.open(repo).package("dev-libs/a-1.2")
    assert (pkg.eapi, pkg.slot, pkg.repo) == ("5", "1", "old")
    assert [a.cp for a in pkg.deps("RDEPEND").atoms()] == ["dev-libs/b"]


def test_layout_masters_and_tree_order(tmp_path):
    base = write_repo(tmp_path / "base", "base", {"a/b-1": "SLOT=0\n", "a/b-2": "SLOT=0\n"})
    assert (base / "metadata/md5-cache/a/b-1").read_text() == "SLOT=0\n" + MD5
    over = write_repo(tmp_path / "over", "over", {"a/b-2": "SLOT=0\n", "a/c-1": "SLOT=0\n"},
                      masters="base")
    tree = Tree.open([over, base])
    assert [r.name for r in tree.repos] == ["base", "over"]
    assert tree.repo("over").masters == ("base",)
    assert [(p.cpv, p.repo) for p in tree.versions("a/b")] == [
        ("a/b-1", "base"), ("a/b-2", "base"), ("a/b-2", "over")]
    assert tree.cps() == ("a/b", "a/c")
    assert [p.repo for p in tree.match("=a/b-2::base")] == ["base"]


def test_missing_master_is_an_error_naming_layout_conf(tmp_path):
    over = write_repo(tmp_path / "over", "over", {}, masters="gentoo")
    with pytest.raises(MetadataError, match="gentoo") as err:
        Tree.open([over])
    assert err.value.path.endswith("layout.conf")


def test_package_fields():
    p = Package("sys-devel/gcc-14.2.1_p20241116", "x",
                {"SLOT": "14", "IUSE": "+cxx -fortran nls", "KEYWORDS": "amd64 ~arm64"})
    assert (p.cp, p.version, p.slot, p.subslot) == ("sys-devel/gcc", "14.2.1_p20241116", "14", "14")
    assert p.iuse == ("cxx", "fortran", "nls") and p.iuse_defaults == frozenset({"cxx"})
    assert p.keywords == ("amd64", "~arm64") and p.eapi == "0"
    assert p == Package("sys-devel/gcc-14.2.1_p20241116", "x", {}) and p["DEPEND"] == ""


@functools.cache
def _corpus_tree(corpus: Path):
    return Tree.open([corpus / "portage-stable", corpus / "coreos-overlay"])


def test_corpus_every_entry_loads_and_parses(corpus_dir):
    rep = RecordingReporter()
    tree = Tree.open([corpus_dir / "coreos-overlay", corpus_dir / "portage-stable"], rep)
    files = sum(1 for r in ("portage-stable", "coreos-overlay")
                for f in (corpus_dir / r / "metadata" / "md5-cache").glob("*/*"))
    assert tree.load_all() == files == 1761 + 110
    assert warnings(rep) == []
    assert [r.name for r in tree.repos] == ["portage-stable", "coreos-overlay"]


def test_corpus_versions_sorted_like_portage(corpus_dir):
    from portage.versions import pkgsplit, vercmp
    tree = _corpus_tree(corpus_dir)
    for cp in tree.cps():
        vers = [p.version for p in tree.versions(cp)]
        assert all(vercmp(a, b) <= 0 for a, b in zip(vers, vers[1:])), cp
        for p in tree.versions(cp):
            name, ver, rev = pkgsplit(p.cpv)
            assert (name, ver if rev == "r0" else f"{ver}-{rev}") == (p.cp, p.version)


def test_corpus_metadata_matches_portage_cache_reader(corpus_dir):
    from portage.cache.flat_hash import md5_database
    tree = _corpus_tree(corpus_dir)
    for repo in tree.repos:
        db = md5_database(str(repo.path / "metadata"), "md5-cache", [], readonly=True)
        for cp in repo.cps()[::7]:
            for p in repo.versions(cp):
                theirs = db[p.cpv]
                for key in ("SLOT", "EAPI", "IUSE", "KEYWORDS", "DEPEND", "RDEPEND", "BDEPEND"):
                    assert p[key] == theirs.get(key, ""), (p.cpv, key)


def test_load_reports_progress_and_order_does_not_depend_on_insertion():
    import random
    entries = {f"c{i % 3}/p{i % 5}-{v}": {"SLOT": str(i % 2)}
               for i in range(40) for v in ("1", "1.10", "1.9", "2_rc1", "2")}
    items = list(entries.items())
    random.Random(1).shuffle(items)
    a, b = (Repository.from_dict("r", dict(x)) for x in (entries.items(), items))
    assert [p.cpv for p in a.packages()] == [p.cpv for p in b.packages()]
    assert [p.version for p in a.versions("c0/p0")] == ["1", "1.9", "1.10", "2_rc1", "2"]
    rep = RecordingReporter()
    r = Repository.from_dict("r", entries, reporter=rep)
    assert r.load_all() == len(entries)
    assert rep.calls[-1] == ("progress", ("load r", len(r.cps()), len(r.cps())))


def test_repository_without_cache_says_how_to_make_one(tmp_path):
    repo = write_repo(tmp_path / "bare", "bare", {})
    rep = RecordingReporter()
    assert Repository.open(repo, rep).cps() == ()
    assert "bootorder cache" in rep.problems()[0].fix
