"""The persistent metadata cache: a warm run reads no entry file and gives exactly what a
run without the cache gives; every changed, added or removed entry is read again; a
damaged or forged file is refused with a warning and never trusted; several processes
may write at once; the directory stays under its bound; --no-cache writes nothing."""
from __future__ import annotations

import multiprocessing
import os
import pickle
import time
import zlib
from pathlib import Path

import pytest

from bootorder.cli import main
from bootorder.core.depclass import METADATA_KEYS
from bootorder.core.reporter import RecordingReporter
from bootorder.tree import cachefile, diskcache, sources
from bootorder.tree.repository import Tree

ENTRIES = {
    "dev-libs/gmp-6.3.0": "EAPI=8\nSLOT=0/10.5\nIUSE=+cxx static\nKEYWORDS=amd64\n"
                          "BDEPEND=sys-devel/m4\nRDEPEND=cxx? ( sys-libs/libstdc++ )\n"
                          "_md5_=" + "a" * 32 + "\n",
    "dev-libs/mpfr-4.2.1": "EAPI=8\nSLOT=0/6\nKEYWORDS=amd64\nDEPEND=>=dev-libs/gmp-5:0=\n"
                           "_md5_=" + "b" * 32 + "\n",
    "sys-devel/m4-1.4.19": "EAPI=7\nSLOT=0\nKEYWORDS=amd64\nBDEPEND=app-arch/xz-utils\n"
                           "_md5_=" + "c" * 32 + "\n",
}


SPOKEN = "sys-devel/m4-1.4.19"
"""The entry whose reading reports a problem: read every run, so it is reported."""


def write(root: Path, entries=ENTRIES) -> Path:
    (root / "profiles").mkdir(parents=True)
    (root / "profiles" / "repo_name").write_text("demo\n")
    (root / "metadata").mkdir()
    (root / "metadata" / "layout.conf").write_text("masters =\n")
    for cpv, text in entries.items():
        put(root, cpv, text)
    return root


def put(root: Path, cpv: str, text: str) -> Path:
    path = root / "metadata" / "md5-cache" / cpv
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def snapshot(tree: Tree) -> dict:
    """Everything a reader of the tree sees of its entries."""
    return {(p.repo, p.cpv): (dict(p.metadata), dict(p.lines), p.source, p.cp, str(p.vobj),
                              p.iuse, {k: str(p.deps(k)) for k in METADATA_KEYS if p.get(k)})
            for p in tree.packages()}


def run(root: Path, cache: Path, reporter=None) -> tuple[dict, list[str]]:
    """Open, load everything, save; what was seen and which entry files were read."""
    read = []
    original = sources.CacheDirSource.read

    def counting(self, cpv, rep):
        read.append(cpv)
        return original(self, cpv, rep)
    sources.CacheDirSource.read = counting
    try:
        tree = Tree.open([root], reporter or RecordingReporter(), cache=cache)
        tree.load_all()
        seen = snapshot(tree)
        tree.save_cache()
    finally:
        sources.CacheDirSource.read = original
    return seen, sorted(read)


@pytest.fixture(autouse=True)
def trusted_at_once(monkeypatch):
    """Entries are trusted by their stat as soon as they are read (a test cannot make a
    status-change time older); the one test of racy entries sets it back."""
    monkeypatch.setattr(diskcache, "RACY_SECONDS", 0)


@pytest.fixture
def repo(tmp_path):
    return write(tmp_path / "repo")


def test_a_warm_run_reads_no_entry_and_sees_what_an_uncached_run_sees(repo, tmp_path):
    uncached = snapshot(_loaded(Tree.open([repo])))
    assert len(uncached) == len(ENTRIES)  # every entry is valid: none is skipped
    cold, cold_read = run(repo, tmp_path / "cache")
    warm, warm_read = run(repo, tmp_path / "cache")
    assert cold == warm == uncached
    assert cold_read == sorted(ENTRIES) and warm_read == []


def _loaded(tree: Tree) -> Tree:
    tree.load_all()
    return tree


def test_problems_of_an_entry_are_reported_warm_too(repo, tmp_path):
    """An entry whose reading reports a problem (m4's SLOT twice) is read every run."""
    put(repo, SPOKEN, "SLOT=0\n" + ENTRIES[SPOKEN])
    for _ in range(2):
        reporter = RecordingReporter()
        assert run(repo, tmp_path / "cache", reporter)[1][-1:] == [SPOKEN]
        (problem,) = reporter.problems()
        assert problem.file.endswith("sys-devel/m4-1.4.19") and "twice" in problem.message


def test_checks_of_an_entry_give_the_same_problems_warm(repo, tmp_path):
    """A warm run skips the checks of an entry that had none to report, and reports
    those of an entry that had (an unknown EAPI, a bad SLOT) as a cold run does."""
    put(repo, "dev-libs/mpfr-4.2.1", ENTRIES["dev-libs/mpfr-4.2.1"].replace("EAPI=8", "EAPI=99")
        .replace("SLOT=0/6", "SLOT=/"))
    said = []
    for _ in range(2):
        reporter = RecordingReporter()
        seen, read = run(repo, tmp_path / "cache", reporter)
        said.append(([p.oneline() for p in reporter.problems()], seen))
    assert read == []
    assert said[0] == said[1] and len(said[0][0]) == 2


def test_versions_come_in_the_same_order_warm_without_their_version_objects(repo, tmp_path):
    """The file keeps each package's entries in version order (equal versions by name);
    a warm run uses it while the names are those it knows, and sorts otherwise."""
    entry = "EAPI=8\nSLOT=0\n_md5_=" + "d" * 32 + "\n"
    for pf in ("foo-1.10", "foo-1.9-r0", "foo-1.9", "foo-1.9_p1", "foo-1.09"):
        put(repo, f"dev-libs/{pf}", entry)

    def order():
        tree = Tree.open([repo], cache=tmp_path / "cache")
        found = tree.repos[0].versions("dev-libs/foo")
        tree.save_cache()
        return [p.pf for p in found], "vobj" in found[0]._cache
    uncached = [p.pf for p in Tree.open([repo]).versions("dev-libs/foo")]
    assert uncached == ["foo-1.09", "foo-1.9", "foo-1.9-r0", "foo-1.9_p1", "foo-1.10"]
    assert order() == (uncached, True) and order() == (uncached, False)
    put(repo, "dev-libs/foo-1.9.1", entry)
    assert order() == (uncached[:4] + ["foo-1.9.1", "foo-1.10"], True)
    entries = repo / "metadata/md5-cache/dev-libs"
    (entries / "foo-1.09").rename(entries / "foo-0.5")  # as many names, another one
    (entries / "gmp-6.3.0").rename(entries / "gmp-7")
    assert order() == (["foo-0.5"] + uncached[1:4] + ["foo-1.9.1", "foo-1.10"], True)
    reporter = RecordingReporter()
    tree = Tree.open([repo], reporter, cache=tmp_path / "cache")
    assert [p.pf for p in tree.repos[0].versions("dev-libs/gmp")] == ["gmp-7"]
    assert not reporter.problems()


def test_a_changed_entry_is_read_again_even_with_its_old_size_and_mtime(repo, tmp_path):
    run(repo, tmp_path / "cache")
    path = repo / "metadata/md5-cache/dev-libs/mpfr-4.2.1"
    before = path.stat()
    path.write_text(ENTRIES["dev-libs/mpfr-4.2.1"].replace(">=dev-libs/gmp-5", ">=dev-libs/gmp-6"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime
    seen, read = run(repo, tmp_path / "cache")
    assert read == ["dev-libs/mpfr-4.2.1"]
    assert seen[("demo", "dev-libs/mpfr-4.2.1")][-1]["DEPEND"] == ">=dev-libs/gmp-6:0="
    assert run(repo, tmp_path / "cache")[1] == []


def test_an_entry_only_touched_keeps_its_parses(repo, tmp_path, monkeypatch):
    run(repo, tmp_path / "cache")
    os.utime(repo / "metadata/md5-cache/dev-libs/gmp-6.3.0", ns=(10**18, 10**18))
    parsed = []
    monkeypatch.setattr("bootorder.tree.package._parse_depend",
                        lambda text, eapi: parsed.append(text))
    seen, read = run(repo, tmp_path / "cache")
    assert read == ["dev-libs/gmp-6.3.0"] and parsed == []


def test_added_and_removed_entries(repo, tmp_path):
    run(repo, tmp_path / "cache")
    (repo / "metadata/md5-cache/dev-libs/mpfr-4.2.1").unlink()
    put(repo, "dev-libs/mpc-1.3.1",
        "EAPI=8\nSLOT=0/3\nDEPEND=dev-libs/mpfr\n_md5_=" + "d" * 32 + "\n")
    seen, read = run(repo, tmp_path / "cache")
    assert read == ["dev-libs/mpc-1.3.1"]
    assert sorted(cpv for _, cpv in seen) == ["dev-libs/gmp-6.3.0", "dev-libs/mpc-1.3.1",
                                              "sys-devel/m4-1.4.19"]
    (cache,) = (tmp_path / "cache").glob("*.cache")
    kept = cachefile.CacheFile(cache, diskcache.fingerprint()).category("dev-libs")
    assert sorted(kept) == ["gmp-6.3.0", "mpc-1.3.1"]


def test_an_entry_written_just_before_it_was_read_is_read_again(repo, tmp_path, monkeypatch):
    time.sleep(0.05)
    path = repo / "metadata/md5-cache/dev-libs/gmp-6.3.0"
    path.write_text(ENTRIES["dev-libs/gmp-6.3.0"])
    written = path.stat().st_ctime_ns
    monkeypatch.setattr(diskcache, "RACY_SECONDS", 0.04)
    monkeypatch.setattr(diskcache, "_now", lambda: written + 10**6)  # read 1 ms later
    run(repo, tmp_path / "cache")
    assert run(repo, tmp_path / "cache")[1] == ["dev-libs/gmp-6.3.0"]


def _damage(cache_dir: Path, at: int) -> Path:
    (path,) = cache_dir.glob("*.cache")
    data = bytearray(path.read_bytes())
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("where", ["magic", "header", "blob", "trees", "truncated", "empty"])
def test_a_damaged_file_is_discarded_with_a_warning(repo, tmp_path, where):
    expected, _ = run(repo, tmp_path / "cache")
    (path,) = (tmp_path / "cache").glob("*.cache")
    data = path.read_bytes()
    if where in ("magic", "header", "blob", "trees"):
        file = cachefile.CacheFile(path, diskcache.fingerprint())
        part = file.categories["sys-devel" + ("/" if where == "trees" else "")]
        blob = file._base + part[0] + part[1] // 2
        file.close()
        _damage(tmp_path / "cache", {"magic": 0, "header": 30}.get(where, blob))
    else:
        path.write_bytes(data[:len(data) // 2] if where == "truncated" else b"")
    reporter = RecordingReporter()
    seen, read = run(repo, tmp_path / "cache", reporter)
    # the damaged part is read from the repository (damaged trees: parsed anew)
    assert seen == expected and (read or where == "trees")
    assert any("corrupt metadata cache" in a[0] and "discarded" in a[0]
               for n, a in reporter.calls if n == "warning")
    assert run(repo, tmp_path / "cache")[1] == []  # written anew


class Boom:
    def __reduce__(self):
        return (os.system, ("touch pwned",))


def test_a_forged_file_is_refused_not_run(repo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run(repo, tmp_path / "cache")
    (path,) = (tmp_path / "cache").glob("*.cache")
    blob = pickle.dumps({"gmp-6.3.0": Boom()})
    header = pickle.dumps({"fingerprint": diskcache.fingerprint(), "source": "",
                           "categories": {"dev-libs": (0, len(blob), zlib.crc32(blob))}})
    path.write_bytes(cachefile.MAGIC + cachefile._HEAD.pack(len(header), zlib.crc32(header))
                     + header + blob)
    reporter = RecordingReporter()
    seen, _ = run(repo, tmp_path / "cache", reporter)
    assert not (tmp_path / "pwned").exists()
    assert any("never written to the cache" in a[0] for n, a in reporter.calls
               if n == "warning")


def test_a_file_of_other_code_is_ignored_and_rewritten(repo, tmp_path, monkeypatch):
    run(repo, tmp_path / "cache")
    monkeypatch.setattr(diskcache, "fingerprint", lambda: "another version")
    reporter = RecordingReporter()
    _, read = run(repo, tmp_path / "cache", reporter)
    assert read == sorted(ENTRIES)
    assert not any("metadata cache" in a[0] for n, a in reporter.calls if n == "warning")
    assert run(repo, tmp_path / "cache")[1] == []


def _save_one_category(args) -> None:
    root, cache, cat = args
    diskcache.RACY_SECONDS = 0  # a spawned process: as the fixture does
    tree = Tree.open([root], cache=cache)
    for cp in tree.cps():
        if cp.startswith(cat + "/"):
            for pkg in tree.versions(cp):
                pkg.deps("DEPEND")
    tree.save_cache()


def test_processes_writing_at_once_lose_nothing(repo, tmp_path):
    cats = ["dev-libs", "sys-devel"] * 4
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        pool.map(_save_one_category, [(repo, tmp_path / "cache", c) for c in cats])
    assert run(repo, tmp_path / "cache")[1] == []


def test_the_directory_stays_under_its_bound(tmp_path, monkeypatch):
    repos = [write(tmp_path / f"repo{i}") for i in range(3)]
    for i, root in enumerate(repos):
        run(root, tmp_path / "cache")
        for old in (tmp_path / "cache").glob("*.cache"):
            os.utime(old, (time.time() - 10 * (3 - i), time.time() - 10 * (3 - i)))
    size = max(p.stat().st_size for p in (tmp_path / "cache").glob("*.cache"))
    monkeypatch.setenv("BOOTORDER_CACHE_MAX_MB", str(2.5 * size / (1 << 20)))
    (repos[0] / "metadata/md5-cache/dev-libs/gmp-6.3.0").unlink()
    run(repos[0], tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("*.cache"))) == 2
    monkeypatch.setenv("BOOTORDER_CACHE_MAX_MB", str(size / 2 / (1 << 20)))
    reporter = RecordingReporter()
    (repos[1] / "metadata/md5-cache/dev-libs/gmp-6.3.0").unlink()
    run(repos[1], tmp_path / "cache", reporter)
    assert any("over the bound" in a[0] for n, a in reporter.calls if n == "warning")


@pytest.mark.parametrize("flag, written", [([], True), (["--no-cache"], False)])
def test_the_command_line_uses_the_cache_unless_told(repo, tmp_path, monkeypatch, capsys,
                                                     flag, written):
    monkeypatch.setenv("BOOTORDER_CACHE_DIR", str(tmp_path / "cache"))
    (repo / "profiles/default").mkdir()
    (repo / "profiles/default/make.defaults").write_text('ARCH="amd64"\nACCEPT_KEYWORDS="amd64"\n')
    (repo / "profiles/profiles.desc").write_text("amd64 default stable\n")
    for cpv in ("app-arch/xz-utils-5.8.1", "sys-libs/libstdc++-1"):  # nothing is missing
        put(repo, cpv, "EAPI=8\nSLOT=0\nKEYWORDS=amd64\n_md5_=" + "e" * 32 + "\n")
    assert main(["graph", "dev-libs/mpfr", "--repo", str(repo), "--profile", "demo:default",
                 "--implicit", "off", *flag]) == 0
    assert bool(list((tmp_path / "cache").glob("*.cache"))) is written


def test_a_value_the_cache_cannot_rebuild_is_left_out(repo, tmp_path):
    """Parses holding a value of a class the closed-world unpickler would refuse are not
    written (the entries are, without them): the next run reads no entry file, parses
    again, and never calls the file corrupt."""
    from bootorder.core.problems import Problem
    tree = Tree.open([repo], cache=tmp_path / "cache")
    tree.load_all()
    gmp = tree.versions("dev-libs/gmp")[0]
    gmp._cache[("deps", "PDEPEND")] = Problem("bad-metadata", None, None, (), "not a parse", "")
    tree.save_cache()
    reporter = RecordingReporter()
    seen, read = run(repo, tmp_path / "cache", reporter)
    assert read == [] and seen == snapshot(_loaded(Tree.open([repo])))
    assert not any("metadata cache" in a[0] for n, a in reporter.calls if n == "warning")
