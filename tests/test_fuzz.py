"""Mutated real inputs through every input path: only the project's own errors.

Real values of the Flatcar corpus' md5-cache (every dependency-style key and the
others an entry has) and real files of the embedded example (cache entries, profile
files, an installed-package database made from its entries) are mutated (characters
deleted, inserted, duplicated, cut; words swapped; groups nested up to 5,000 deep;
undecodable bytes, NULs, lines dropped or doubled, keys renamed, files emptied) and fed
to every parser and to every command. Accepted: a result, a ``BootorderError``
(exit 2 on the command line), problems and warnings in the answer. Anything else (an
exception escaping ``main``, a traceback in the output) fails the test.

Each test runs ``BOOTORDER_FUZZ_EXAMPLES`` examples (default: a few seconds in all,
derandomized so CI is reproducible); set it to fuzz longer, with fresh random seeds.
"""
from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bootorder.cli import main
from bootorder.core.errors import BootorderError
from bootorder.syntax import parse as syntax
from bootorder.syntax.atom import Atom

_ASKED = os.environ.get("BOOTORDER_FUZZ_EXAMPLES")
FUZZ = settings(max_examples=int(_ASKED or 12), deadline=None, database=None,
                derandomize=not _ASKED,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
STRINGS = settings(FUZZ, max_examples=int(_ASKED or 150))

KEYS = ("DEPEND", "RDEPEND", "PDEPEND", "BDEPEND", "IDEPEND", "REQUIRED_USE", "LICENSE",
        "RESTRICT", "PROPERTIES", "SRC_URI", "IUSE", "SLOT", "KEYWORDS", "EAPI")
PROFILE = "bootorder-example:default/linux/amd64"
COMMANDS = (["stage1"], ["order", "--stage1"], ["cycles", "--stage1"], ["toolchain"],
            ["bootstrap", "--stage1"], ["explain", "sys-devel/gcc", "--stage1"],
            ["graph", "sys-libs/zlib", "--format", "dot"], ["profile"], ["stage1", "--json"])
PIECES = ["(", ")", " ( ", " ) ", "||", "^^", "??", "?", "!", "!!", "[", "]", ",", ":",
          "::", "=", "*", "/", "-", "-r1", "->", "\n", "\t", " ", "\x00", "é", "\ufffd",
          "$", "\\", "'", '"', "a/b", "x? (", "(+)", "[-x]", ":=", "|| (", "~", "<=", ">"]


@st.composite
def mutated(draw, text: str) -> str:
    """``text`` after one to four random edits."""
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 40)))
        edit = draw(st.sampled_from(["delete", "insert", "insert", "double", "cut", "swap",
                                     "nest"]))
        if edit == "delete":
            text = text[:i] + text[j:]
        elif edit == "insert":
            piece = draw(st.sampled_from(PIECES) | st.text(max_size=4))
            text = text[:i] + piece + text[i:]
        elif edit == "double":
            text = text[:j] + text[i:j] + text[j:]
        elif edit == "cut":
            text = text[:i]
        elif edit == "swap":
            words = text.split(" ")
            a, b = draw(st.integers(0, len(words) - 1)), draw(st.integers(0, len(words) - 1))
            words[a], words[b] = words[b], words[a]
            text = " ".join(words)
        else:
            depth = draw(st.sampled_from([1, 3, 100, 101, 5000]))
            text = text[:i] + "( " * depth + text[i:j] + " )" * depth + text[j:]
    return text


@st.composite
def mutated_file(draw, data: bytes, values: list[str]) -> bytes:
    """A file's bytes after line edits, text edits or raw bytes."""
    lines = data.split(b"\n")
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            lines = [b""]
        n = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["text", "text", "value", "drop", "double", "bytes",
                                     "rename", "empty"]))
        if edit == "text":
            lines[n] = draw(mutated(lines[n].decode("utf-8", "surrogateescape"))).encode(
                "utf-8", "surrogateescape")
        elif edit == "value" and b"=" in lines[n]:
            key = lines[n].split(b"=", 1)[0]
            lines[n] = key + b"=" + draw(mutated(draw(st.sampled_from(values)))).encode(
                "utf-8", "surrogateescape")
        elif edit == "drop":
            del lines[n]
        elif edit == "double":
            lines.insert(n, lines[n])
        elif edit == "bytes":
            lines.insert(n, draw(st.binary(max_size=12)))
        elif edit == "rename":
            lines[n] = re.sub(rb"^[A-Z_]+", lambda m: m.group().lower(), lines[n])
        elif edit == "empty":
            lines = []
    return b"\n".join(lines)


class Pool(list):
    """A list that a failing example's report shows by its size only."""

    def __repr__(self) -> str:
        return f"<{len(self)} corpus values>"


@pytest.fixture(scope="module")
def corpus_values(corpus_dir) -> Pool:
    """Distinct (key, EAPI, value) of every entry of the corpus' md5-caches."""
    found = set()
    for entry in sorted(corpus_dir.glob("*/metadata/md5-cache/*/*")):
        meta = dict(line.split("=", 1) for line in entry.read_text().splitlines()
                    if "=" in line)
        found.update((k, meta.get("EAPI", "0"), meta[k]) for k in KEYS if k in meta)
    return Pool(sorted(found))


def _parsers(key: str, eapi: str):
    yield lambda text: syntax.parse_metadata(key, text, eapi)
    for language in ("depend", "required_use", "license", "restrict", "src_uri"):
        yield functools.partial(getattr(syntax, f"parse_{language}"), eapi=None)
    yield lambda text: [Atom.parse(word, eapi) for word in text.split()[:50]]


@STRINGS
@given(data=st.data())
def test_mutated_strings_through_every_parser(corpus_values, data):
    key, eapi, value = data.draw(st.sampled_from(corpus_values))
    text = data.draw(mutated(value))
    for parse in _parsers(key if key not in ("IUSE", "SLOT", "KEYWORDS", "EAPI")
                          else "DEPEND", eapi):
        try:
            result = parse(text)
        except BootorderError:
            continue
        if hasattr(result, "children"):  # a parsed tree: its text parses to it again
            assert parse(str(result)) == result


def _run(argv: list[str]) -> tuple[int, str]:
    """``main(argv)``; an exception other than the project's own escapes."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(argv)
        except SystemExit as usage:  # argparse: an argument that is no option's
            code = usage.code
    text = out.getvalue()
    assert "Traceback" not in text
    return code, text


@contextlib.contextmanager
def _example_copy(example_dir: Path):
    with tempfile.TemporaryDirectory(prefix="bootorder-fuzz-") as work:
        repo = Path(work) / "repo"
        shutil.copytree(example_dir / "repo", repo)
        yield repo


def _files(root: Path, pattern: str) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.glob(pattern)
                  if p.is_file())


def _fuzz_one_file(example_dir, data, values, pattern, extra=()):
    with _example_copy(example_dir) as repo:
        rel = data.draw(st.sampled_from(_files(repo, pattern)))
        path = repo / rel
        path.write_bytes(data.draw(mutated_file(path.read_bytes(), values)))
        argv = data.draw(st.sampled_from(COMMANDS))
        code, _ = _run([*argv, "--repo", str(repo), "--profile", PROFILE, *extra])
        assert code in (0, 2, 3, 4)


@pytest.fixture(scope="module")
def values(corpus_values) -> Pool:
    return Pool(v for _, _, v in corpus_values)


@FUZZ
@given(data=st.data())
def test_mutated_cache_entries_through_every_command(example_dir, values, data):
    _fuzz_one_file(example_dir, data, values, "metadata/md5-cache/*/*")


@FUZZ
@given(data=st.data())
def test_mutated_profile_files_through_every_command(example_dir, values, data):
    _fuzz_one_file(example_dir, data, values, "profiles/**/*")


def _vdb_of(repo: Path, vdb: Path) -> None:
    """An installed-package database holding every package of the example's cache."""
    for entry in (repo / "metadata" / "md5-cache").glob("*/*"):
        target = vdb / entry.parent.name / entry.name
        target.mkdir(parents=True)
        meta = dict(line.split("=", 1) for line in entry.read_text().splitlines()
                    if "=" in line)
        meta.update(repository="bootorder-example", USE=meta.get("IUSE", "").replace("+", ""))
        for key, value in meta.items():
            if not key.startswith("_"):
                (target / key).write_text(value + "\n")


@FUZZ
@given(data=st.data())
def test_mutated_installed_packages_through_every_command(example_dir, values, data):
    with _example_copy(example_dir) as repo:
        vdb = repo.parent / "vdb"
        _vdb_of(repo, vdb)
        path = vdb / data.draw(st.sampled_from(_files(vdb, "*/*/*")))
        path.write_bytes(data.draw(mutated_file(path.read_bytes(), values)))
        argv = data.draw(st.sampled_from(COMMANDS[:5]))
        code, _ = _run([*argv, "--repo", str(repo), "--profile", PROFILE,
                        "--host", f"vdb:{vdb}"])
        assert code in (0, 2, 3, 4)


@FUZZ
@given(data=st.data())
def test_mutated_arguments_through_every_command(example_dir, data):
    atom = data.draw(mutated(data.draw(st.sampled_from(
        ["sys-devel/gcc", ">=sys-libs/zlib-1.3:0/1[minizip]", "@stage1", "virtual/libc"]))))
    change = data.draw(mutated("sys-devel/gcc -nls +cxx"))
    command = data.draw(st.sampled_from(["order", "cycles", "stage1", "explain"]))
    argv = [command, atom] if command != "stage1" else [command]
    code, _ = _run([*argv, "--with", change, "--repo", str(example_dir / "repo"),
                    "--profile", PROFILE])
    assert code in (0, 2, 3, 4)
    code, _ = _run(["parse", "--key", data.draw(st.sampled_from(KEYS[:10])), atom])
    assert code in (0, 2)


def test_an_undecodable_repo_name_is_the_projects_own_error(example_dir):
    with _example_copy(example_dir) as repo:
        (repo / "profiles" / "repo_name").write_bytes(b"\x80\nbootorder-example\n")
        code, _ = _run(["stage1", "--repo", str(repo), "--profile", PROFILE])
        assert code in (0, 2, 4)
