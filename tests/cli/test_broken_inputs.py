"""Broken inputs through the command line, one thing broken per copy of the corpus: a
table of (what is broken, the command, the exit code, the problem named with its file
and line, and what the rest of the answer must equal).

The oracle of "the rest of the answer" is the same command on the clean tree, changed
only the way portage treats the broken thing: ``SAME`` (the answer is the clean
tree's), ``without(...)`` (the clean tree without the entries portage skips or masks),
``edited(...)`` (the clean tree with the broken value removed: what the answer could
not use) or ``argv(...)`` (the clean tree's answer without the argument nothing
satisfies). The corpus is copied once; each row changes the copy and restores it.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from bootorder.cli import main

pytestmark = pytest.mark.corpus

PROFILE = "coreos-overlay:coreos/amd64/sdk/transition"
CACHE = "portage-stable/metadata/md5-cache/"
ZLIB = CACHE + "sys-libs/zlib-1.3.2-r1"
GCC = CACHE + "sys-devel/gcc-15.3.0"
WHICH = CACHE + "sys-apps/which-2.23"
IDN = CACHE + "net-dns/libidn2-2.3.8"
GLIBC = CACHE + "sys-libs/glibc-2.43-r2"
LIBIDN = b">=net-dns/libidn2-2.3.0"
SDK = "coreos-overlay/profiles/coreos/amd64/sdk/"
VDB = "vdb/"
VDB_ZSTD = VDB + "app-arch/xz-utils-5.8.3"

SEED = ["--host", "seed"]        # the host model the table was written for (not the default)
G = ["graph", "--stage1", *SEED, "--json"]             # catalyst's stage 1, seed host
S = ["stage1", "--host", "empty", "--json"]            # on an empty host
W = ["graph", "sys-apps/which", *SEED, "--json"]       # a small closure
OW = ["order", "sys-apps/which", *SEED, "--json"]
OWS = ["order", "sys-apps/which", "sys-apps/sed", *SEED, "--json"]
OS_ = ["order", "sys-apps/sed", *SEED, "--json"]
VW = ["graph", "sys-apps/which", "--host", "vdb:{vdb}", "--json"]


# ---- changes to the copy ----------------------------------------------------------------

def text(rel: str, change):
    """Replace the file's bytes by ``change(old bytes)``."""
    return lambda root: (root / rel).write_bytes(change((root / rel).read_bytes()))


def lines(rel: str, change):
    """Replace the file's lines by ``change(list of lines)`` (newlines kept)."""
    return text(rel, lambda b: b"".join(change(b.splitlines(keepends=True))))


def set_key(rel: str, key: str, value: str | None):
    """Set ``KEY=value`` in a cache entry (None: drop the line; a new key goes first)."""
    def change(rows):
        kept = [r for r in rows if not r.startswith(key.encode() + b"=")]
        if value is None:
            return kept
        line = f"{key}={value}\n".encode()
        at = next((i for i, r in enumerate(rows) if r.startswith(key.encode() + b"=")), 0)
        return kept[:at] + [line] + kept[at:]
    return lines(rel, change)


def insert(rel: str, at: int, line: bytes):
    return lines(rel, lambda rows: rows[:at - 1] + [line] + rows[at - 1:])


def append(rel: str, line: str):
    def apply(root):
        with (root / rel).open("a") as f:
            f.write(line)
    return apply


def remove(rel: str):
    return lambda root: _clear(root / rel)


def symlink(rel: str, target: str):
    """Make ``rel`` a symlink to ``target`` (``{root}`` is the copy's root)."""
    def apply(root):
        _clear(root / rel)
        os.symlink(target.format(root=root), root / rel)
    return apply


def directory(rel: str):
    def apply(root):
        _clear(root / rel)
        (root / rel).mkdir()
    return apply


def copy(rel: str, to: str):
    return lambda root: shutil.copy(root / rel, root / to)


def move_out(rel: str, outside: str):
    """Move a directory out of the repository and leave a symlink to it behind."""
    def apply(root):
        shutil.copytree(root / rel, root.parent / outside, dirs_exist_ok=True)
        _clear(root / rel)
        os.symlink(root.parent / outside, root / rel)
    return apply


def _clear(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


class Corpus:
    """A copy of the corpus (plus a small VDB) that rows change and restore."""

    def __init__(self, root: Path):
        self.root = root

    @contextlib.contextmanager
    def changed(self, rels, changes):
        saved = [(rel, self._save(self.root / rel)) for rel in rels]
        try:
            for change in changes:
                change(self.root)
            yield
        finally:
            for rel, state in reversed(saved):
                self._restore(self.root / rel, state)

    def _save(self, path: Path):
        if path.is_symlink():
            return ("link", os.readlink(path))
        if path.is_file():
            return ("file", path.read_bytes())
        if path.is_dir():
            keep = self.root.parent / f"saved-{len(os.listdir(self.root.parent))}"
            shutil.copytree(path, keep, symlinks=True)
            return ("dir", keep)
        return ("none", None)

    @staticmethod
    def _restore(path: Path, state) -> None:
        _clear(path)
        kind, value = state
        if kind == "link":
            os.symlink(value, path)
        elif kind == "file":
            path.write_bytes(value)
        elif kind == "dir":
            shutil.move(value, path)


# ---- the table ------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One broken input: ``rels`` the paths ``changes`` touch (restored afterwards)."""

    id: str
    rels: tuple
    changes: tuple
    argv: list
    code: int
    kind: str | None                  # the problem's kind (None: no problem expected)
    where: str | None                 # the file it names (relative), or None
    line: int | None
    expect: tuple                     # ("same",) | ("without", rels) | ("edited", ...) | ("argv", argv) | ("none", fragment)


FIRST = "the first changed path"


def row(id, rel, change, argv, code, kind, line, expect, where=FIRST):
    rels = rel if isinstance(rel, tuple) else (rel,)
    changes = change if isinstance(change, tuple) else (change,)
    if where is FIRST:
        where = rels[0] if rels else None
    return Row(id, rels, changes, argv, code, kind, where, line, expect)


SAME = ("same",)


def without(*rels):
    return ("without", rels, tuple(remove(r) for r in rels))


def edited(rel, *changes):
    return ("edited", (rel,), changes)


def argv(*args):
    return ("argv", list(args))


def refused(fragment):
    return ("none", fragment)


GARBAGE = b"\x00\x01\xfe\xff\x1b[31m binary junk \xc3\x28\n"
CATS = (CACHE + "sys-apps",)

ROWS = [
    # -- cache entries: skipped (portage cannot use them) ----------------------------
    row("truncated entry", ZLIB, text(ZLIB, lambda b: b[:300]), S, 4, "bad-metadata",
        None, without(ZLIB)),
    row("empty entry", ZLIB, text(ZLIB, lambda b: b""), G, 4, "bad-metadata", None,
        without(ZLIB)),
    row("truncated gcc (toolchain)", GCC, text(GCC, lambda b: b[:200]), ["toolchain", "--json"],
        4, "bad-metadata", None, without(GCC)),
    row("line without '=' (explain)", GCC, insert(GCC, 3, GARBAGE),
        ["explain", "sys-devel/gcc", "--stage1", "--host", "empty", "--json"], 4,
        "bad-metadata", 3, without(GCC)),
    row("binary garbage line", ZLIB, insert(ZLIB, 5, GARBAGE), G, 4, "bad-metadata", 5,
        without(ZLIB)),
    row("_md5_ cut short", ZLIB, text(ZLIB, lambda b: b[:-20]), G, 4, "bad-metadata", None,
        without(ZLIB)),
    # -- cache entries: masked as portage masks them -----------------------------------
    row("EAPI=99", ZLIB, set_key(ZLIB, "EAPI", "99"), G, 0, "unknown-eapi", 5, without(ZLIB)),
    row("EAPI='8 x'", ZLIB, set_key(ZLIB, "EAPI", "8 x"), S, 0, "unknown-eapi", 5,
        without(ZLIB)),
    row("EAPI=99 on gcc (order)", GCC, set_key(GCC, "EAPI", "99"),
        ["order", "sys-devel/gcc", *SEED, "--json"], 0, "unknown-eapi", 5, without(GCC)),
    row("SLOT missing", ZLIB, set_key(ZLIB, "SLOT", None), G, 4, "bad-metadata", None,
        without(ZLIB)),
    row("SLOT=/", ZLIB, set_key(ZLIB, "SLOT", "/"), S, 4, "bad-metadata", 12, without(ZLIB)),
    row("SLOT=0/1/2", ZLIB, set_key(ZLIB, "SLOT", "0/1/2"), G, 4, "bad-metadata", 12,
        without(ZLIB)),
    row("SLOT=(bad)", GCC, set_key(GCC, "SLOT", "(bad)"), ["toolchain", "--json"], 4,
        "bad-metadata", None, without(GCC)),
    # -- cache entries: used as portage uses them, and said ----------------------------
    row("IUSE=+ - ++x (bad)", ZLIB,
        set_key(ZLIB, "IUSE", "minizip static-libs abi_x86_64 + - ++x (bad)"), G, 0,
        "bad-metadata", 8, SAME),
    row("duplicate key, same value", ZLIB, append(ZLIB, "SLOT=0/1\n"), G, 0, "bad-metadata",
        16, SAME),
    row("duplicate key, last wins", ZLIB, append(ZLIB, "DEPEND=\n"), S, 0, "bad-metadata",
        16, edited(ZLIB, set_key(ZLIB, "DEPEND", ""))),
    row("odd key", ZLIB, insert(ZLIB, 2, b"\x00\xff key=x\n"), G, 0, "bad-metadata", 2, SAME),
    row("invalid entry name", CACHE + "sys-libs/zlib-notaversion",
        copy(ZLIB, CACHE + "sys-libs/zlib-notaversion"), G, 0, "bad-name", None, SAME),
    # -- filesystem faults ---------------------------------------------------------------
    row("directory instead of entry", ZLIB, directory(ZLIB), G, 4, "unreadable", None,
        without(ZLIB)),
    row("entry symlink to /etc/passwd", ZLIB, symlink(ZLIB, "/etc/passwd"), G, 4,
        "unreadable", None, without(ZLIB)),
    row("entry symlink loop", ZLIB, symlink(ZLIB, "zlib-1.3.2-r1"), G, 4, "unreadable",
        None, without(ZLIB)),
    row("dangling entry symlink", ZLIB, symlink(ZLIB, "zlib-9"), G, 4, "unreadable", None,
        without(ZLIB)),
    row("entry symlink inside the repository", (ZLIB, "portage-stable/metadata/zlib"),
        (copy(ZLIB, "portage-stable/metadata/zlib"), symlink(ZLIB, "../../zlib")), G, 0,
        None, None, SAME),
    row("category symlink loop", CATS, symlink(CATS[0], "sys-apps"), G, 4, "unreadable",
        None, without(*CATS)),
    row("category symlink leaving the repository", CATS, move_out(CATS[0], "outside"), G, 4,
        "unreadable", None, without(*CATS)),
    # -- dependency strings that do not parse: the edges are left out ------------------
    row("DEPEND unclosed '('", IDN, set_key(IDN, "DEPEND", "( dev-libs/libunistring:="), W,
        4, "bad-metadata", 3, edited(IDN, set_key(IDN, "DEPEND", None))),
    row("RDEPEND unclosed '(' (cycles)", IDN,
        set_key(IDN, "RDEPEND", "|| ( dev-libs/libunistring"),
        ["cycles", "sys-apps/which", *SEED, "--json"],
        4, "bad-metadata", 11, edited(IDN, set_key(IDN, "RDEPEND", None))),
    row("BDEPEND bad atom (order)", IDN, set_key(IDN, "BDEPEND", "dev-lang/perl-5"), OW, 4,
        "bad-metadata", 1, edited(IDN, set_key(IDN, "BDEPEND", None))),
    row("DEPEND unclosed (bootstrap)", WHICH, set_key(WHICH, "DEPEND", "( sys-libs/glibc"),
        ["bootstrap", "sys-apps/which", "--json"], 4, "bad-metadata", 1, SAME),
    row("REQUIRED_USE unclosed", WHICH, set_key(WHICH, "REQUIRED_USE", "^^ ( a"), OW, 4,
        "bad-metadata", 1, SAME),
    # -- dependencies nothing satisfies: problems, the answer unchanged ----------------
    row("dependency missing", WHICH, set_key(WHICH, "RDEPEND", "dev-libs/nosuch"), OW, 4,
        "missing-package", 1, SAME),
    row("dependency version", WHICH, set_key(WHICH, "RDEPEND", "<sys-libs/glibc-1"), OW, 4,
        "no-match", 1, SAME),
    row("dependency slot", WHICH, set_key(WHICH, "RDEPEND", "sys-libs/glibc:7"), OW, 4,
        "no-match", 1, SAME),
    row("dependency keyword", WHICH, set_key(WHICH, "RDEPEND", "=sys-libs/glibc-9999"), OW, 4,
        "missing-keyword", 1, SAME),
    row("dependency masked", SDK + "package.mask", append(SDK + "package.mask",
                                                          "net-dns/libidn2\n"),
        W, 4, "masked", 13, edited(GLIBC, text(GLIBC, lambda b: b.replace(LIBIDN, b""))),
        where=GLIBC),
    row("dependency USE", WHICH, set_key(WHICH, "RDEPEND", "sys-libs/glibc[nosuchflag]"), OW,
        4, "use-conflict", 1, SAME),
    row("blocker in the graph", WHICH, set_key(WHICH, "RDEPEND", "!sys-libs/glibc"), OW, 4,
        "blocker", 1, SAME),
    row("REQUIRED_USE the defaults break", WHICH,
        (set_key(WHICH, "IUSE", "+a +b"), set_key(WHICH, "REQUIRED_USE", "^^ ( a b )")), OW, 4,
        "required-use", 1, SAME),
    row("target without keyword", WHICH, set_key(WHICH, "KEYWORDS", "~amd64"), OWS, 4,
        "missing-keyword", None, argv(*OS_), where=None),
    row("target masked (package.mask)", SDK + "package.mask",
        append(SDK + "package.mask", "sys-apps/which\n"), OWS, 4, "masked", None,
        argv(*OS_), where=None),
    row("target version", (), (),
        ["order", "sys-apps/sed", ">=sys-apps/which-99", *SEED, "--json"], 4, "no-match",
        None, argv(*OS_)),
    row("target slot", (), (), ["graph", "sys-apps/which", "sys-libs/zlib:5", *SEED, "--json"],
        4, "no-match", None, argv(*W)),
    # -- arguments that match nothing: exit 2 ------------------------------------------
    row("order gccc", (), (), ["order", "sys-devel/gccc"], 2, None, None,
        refused("no package matches 'sys-devel/gccc' (did you mean sys-devel/gcc")),
    row("order @nosuchset", (), (), ["order", "@nosuchset"], 2, None, None,
        refused("no set matches '@nosuchset'")),
    row("graph gccc", (), (), ["graph", "sys-devel/gccc"], 2, None, None,
        refused("no package matches 'sys-devel/gccc'")),
    row("stage1 --with gccc", (), (), ["stage1", "--with", "sys-devel/gccc -nls"], 2, None,
        None, refused("no package matches '--with sys-devel/gccc'")),
    row("explain gccc", (), (), ["explain", "sys-devel/gccc"], 2, None, None,
        refused("no package matches 'sys-devel/gccc' (did you mean sys-devel/gcc")),
    row("cycles @sytsem", (), (), ["cycles", "@sytsem"], 2, None, None,
        refused("no set matches '@sytsem' (did you mean @system?)")),
    row("bootstrap --with no version", (), (),
        ["bootstrap", "--with", ">=sys-devel/gcc-99 -nls"], 2, None, None,
        refused("no version matches '--with >=sys-devel/gcc-99'")),
    # -- profiles and repositories -----------------------------------------------------
    row("profile eapi 99", SDK + "eapi", append(SDK + "eapi", "99\n"), G, 2, None, None,
        refused(f"{SDK}eapi:1: profile contains unsupported EAPI '99'")),
    row("repository eapi 99", "portage-stable/profiles/eapi",
        text("portage-stable/profiles/eapi", lambda b: b"99\n"), G, 0, "unknown-eapi", 1,
        SAME),
    row("profile package.use bad atom", SDK + "package.use",
        append(SDK + "package.use", "!!bad/atom x\n"), G, 0, "bad-profile", None, SAME),
    row("profile make.defaults bad line", SDK + "make.defaults",
        append(SDK + "make.defaults", "not an assignment\n"), G, 0, "bad-profile", None, SAME),
    row("profile use.mask bad flag", SDK + "use.mask", append(SDK + "use.mask", "(bad)\n"), G,
        0, "bad-profile", None, SAME),
    row("layout.conf bad line", "coreos-overlay/metadata/layout.conf",
        append("coreos-overlay/metadata/layout.conf", "no equals sign\n"), G, 0,
        "bad-profile", 6, SAME),
    row("repo_name ../../evil/x", "portage-stable/profiles/repo_name",
        text("portage-stable/profiles/repo_name", lambda b: b"../../evil/x\n"), G, 2,
        "bad-name", 1, refused("needs master(s) portage-stable")),
    # -- an installed-package database (--host vdb:PATH) --------------------------------
    row("VDB invalid entry name", VDB + "sys-apps/notaversion",
        directory(VDB + "sys-apps/notaversion"), VW, 0, "bad-name", None, SAME),
    row("VDB entry symlink loop", VDB_ZSTD, symlink(VDB_ZSTD, "xz-utils-5.8.3"), VW, 4,
        "unreadable", None, without(VDB_ZSTD)),
    row("VDB key file leaving the database", VDB_ZSTD + "/RDEPEND",
        symlink(VDB_ZSTD + "/RDEPEND", "/etc/passwd"), VW, 4, "unreadable", None, SAME),
    row("VDB key file is a directory", VDB_ZSTD + "/DEPEND", directory(VDB_ZSTD + "/DEPEND"),
        VW, 4, "unreadable", None, SAME),
    row("VDB category leaving the database", VDB + "app-arch",
        move_out(VDB + "app-arch", "vdb-outside"), VW, 4, "unreadable", None,
        without(VDB + "app-arch")),
]


# ---- running ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory, corpus_dir) -> Corpus:
    root = tmp_path_factory.mktemp("broken") / "corpus"
    shutil.copytree(corpus_dir, root, symlinks=True)
    made = Corpus(root)
    _write_vdb(made)
    return made


def _write_vdb(corpus: Corpus) -> None:
    """The host packages of ``graph sys-apps/which`` as an installed-package database
    (with the USE the graph gives them)."""
    _, out, _ = run(corpus, W)
    for node in json.loads(out)["nodes"]:
        if node["root"] != "host":
            continue
        entry = next((corpus.root / r / "metadata/md5-cache" / node["cpv"])
                     for r in ("coreos-overlay", "portage-stable")
                     if (corpus.root / r / "metadata/md5-cache" / node["cpv"]).is_file())
        meta = dict(line.split("=", 1) for line in entry.read_text().splitlines())
        d = corpus.root / VDB / node["cpv"]
        d.mkdir(parents=True)
        for key in ("SLOT", "EAPI", "KEYWORDS", "IUSE", "RDEPEND", "DEPEND", "BDEPEND"):
            (d / key).write_text(meta.get(key, "") + "\n")
        (d / "USE").write_text(" ".join(node["use"]) + "\n")
        (d / "repository").write_text(node["repo"] + "\n")


def run(corpus: Corpus, args: list) -> tuple[int, str, str]:
    """``bootorder ARGS`` on the copy: (exit code, stdout, stderr)."""
    tree = ["--repo", str(corpus.root / "portage-stable"), "--repo",
            str(corpus.root / "coreos-overlay"), "--profile", PROFILE]
    args = [a.format(vdb=corpus.root / VDB) for a in args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([args[0], *tree, *args[1:]])
    return code, out.getvalue(), err.getvalue()


def rest(out: str) -> object:
    """The answer without its envelope (and stage 1's and a bootstrap plan's own problem
    lists)."""
    doc = json.loads(out)
    for key in ("context", "problems", "use_changes"):
        doc.pop(key, None)
    if isinstance(doc.get("plan"), dict):
        doc["plan"].pop("problems", None)
    return doc


_EXPECTED: dict = {}


def expected(corpus: Corpus, r: Row):
    kind = r.expect[0]
    args = r.expect[1] if kind == "argv" else r.argv
    key = (tuple(args),) + ((kind, r.expect[1]) if kind in ("without", "edited") else ())
    if key not in _EXPECTED:
        rels, changes = (r.expect[1], r.expect[2]) if kind in ("without", "edited") else ((), ())
        with corpus.changed(rels, changes):
            code, out, _ = run(corpus, args)
        _EXPECTED[key] = rest(out)
    return _EXPECTED[key]


@pytest.mark.parametrize("r", ROWS, ids=[r.id for r in ROWS])
def test_broken_input(corpus, r):
    with corpus.changed(r.rels, r.changes):
        code, out, err = run(corpus, r.argv)
    assert code == r.code, err
    if r.expect[0] == "none":
        assert r.expect[1] in err
        found = [line for line in err.splitlines() if r.kind and f": {r.kind}: " in line]
        assert not r.kind or any(r.where in line for line in found), err
        return
    doc = json.loads(out)
    problems = doc["problems"]
    assert err == ""                                   # --json: all of it is in the JSON
    if r.kind is None and r.where is not None and r.line is None and r.code == 0:
        assert problems == []
    if r.kind is not None:
        mine = [p for p in problems if p["kind"] == r.kind and
                (r.where is None or (p["file"] or "").endswith(r.where))]
        assert mine, problems
        assert all(p["severity"] == ("error" if r.code == 4 else "warning") for p in mine)
        if r.line is not None:
            assert any(p["line"] == r.line for p in mine), mine
    if r.where is not None and r.code != 0:
        assert any((p["file"] or "").endswith(r.where) for p in problems), problems
    assert rest(out) == expected(corpus, r)


def test_the_table_covers_every_case_of_the_issue():
    assert len(ROWS) >= 40
    assert {r.argv[0] for r in ROWS} >= {"order", "cycles", "bootstrap", "graph", "stage1",
                                         "explain", "toolchain"}


def test_text_mode_one_escaped_line_per_bad_file_then_the_summary(corpus):
    """stderr: the banner, one line per problem (never raw bytes, one per bad file), the
    summary; stdout: the clean tree's answer without the skipped entry."""
    broken = insert(ZLIB, 5, GARBAGE * 80)
    with corpus.changed((ZLIB,), (broken,)):
        code, out, err = run(corpus, ["graph", "--stage1", *SEED, "--format", "dot"])
    with corpus.changed((ZLIB,), (remove(ZLIB),)):
        _, clean, _ = run(corpus, ["graph", "--stage1", *SEED, "--format", "dot"])
    assert code == 4 and out == clean
    banner, *problems, summary = err.splitlines()
    assert banner.startswith("bootorder: tree portage-stable, coreos-overlay (given); "
                             f"profile {PROFILE} (given); host seed; targets @stage1")
    [line] = problems
    assert line.startswith(f"{corpus.root / ZLIB}:5: bad-metadata: corrupt cache entry")
    assert "\\x00\\x01" in line and "\x00" not in err and "\x1b" not in err
    assert summary == "bootorder: 1 problem: 1 bad-metadata; the answer is incomplete"


def test_text_mode_names_the_column_of_a_bad_dependency(corpus):
    broken = set_key(IDN, "DEPEND", "( dev-libs/libunistring:=")
    with corpus.changed((IDN,), (broken,)):
        code, out, err = run(corpus, ["order", "sys-apps/which", *SEED])
    assert code == 4
    assert f"{corpus.root / IDN}:3:" in err and ": bad-metadata: DEPEND: " in err


def test_symlink_to_etc_passwd_is_never_read(corpus):
    with corpus.changed((ZLIB,), (symlink(ZLIB, "/etc/passwd"),)):
        code, out, err = run(corpus, ["stage1"])
    assert code == 4 and "leaving the repository" in err and "root:x:" not in out + err
