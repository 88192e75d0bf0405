"""Deep nesting through every command: an md5-cache entry whose RDEPEND and
REQUIRED_USE nest ``MAX_NESTING`` groups deep is used like any other (the same exit code
as the same groups nested 4 deep, its dependency in every answer), and one nesting
100,000 deep is a short syntax error that no command turns into a traceback (``stage1``
names it as a problem of each root, with the file and a column, never the source).
A dependency chain, or a chain of virtuals, longer than Python's recursion limit is
resolved and explained step by step, and a long REQUIRED_USE that fails is a short
line."""
from __future__ import annotations

import json
import re
import shutil

import pytest

from bootorder.cli import main
from bootorder.syntax.parse import MAX_NESTING

PROFILE = "bootorder-example:default/linux/amd64"
COMMANDS = [
    ["stage1"], ["order", "sys-libs/zlib"], ["cycles", "sys-libs/zlib"],
    ["explain", "app-arch/xz-utils", "sys-libs/zlib"], ["graph", "sys-libs/zlib"],
    ["graph", "sys-libs/zlib", "--format", "dot"], ["toolchain"],
    ["bootstrap", "sys-libs/zlib"], ["profile"], ["cycles", "--stage1", "--suggest-use"],
    ["explain", "sys-libs/zlib", "--stage1", "--json"],
]


@pytest.fixture(scope="module")
def deep_repos(example_dir, tmp_path_factory):
    """The example repository three times: zlib's RDEPEND and REQUIRED_USE nested 4
    deep, at the limit and 100,000 deep (any-of, all-of and USE-conditional groups in turn)."""
    repos = {}
    for depth in (4, MAX_NESTING, 100_000):
        repo = tmp_path_factory.mktemp(f"deep{depth}") / "repo"
        shutil.copytree(example_dir / "repo", repo)
        entry = repo / "metadata" / "md5-cache" / "sys-libs" / "zlib-1.3.1-r1"
        text = re.sub(r"^RDEPEND=.*\n", "", entry.read_text(), flags=re.M)
        opens = "".join(("|| ( ", "( ", "!minizip? ( ")[i % 3] for i in range(depth))
        required = "".join(("^^ ( ", "( ", "minizip? ( ")[i % 3] for i in range(depth))
        entry.write_text(f"{text}RDEPEND={opens}app-arch/xz-utils{' )' * depth}\n"
                         f"REQUIRED_USE={required}!static-libs{' )' * depth}\n")
        repos[depth] = repo
    return repos


def _run(capsys, argv, repo):
    code = main([*argv, "--repo", str(repo), "--profile", PROFILE])
    return code, *capsys.readouterr()


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_at_the_limit_every_command_uses_the_dependency(deep_repos, capsys, argv):
    code, out, err = _run(capsys, argv, deep_repos[MAX_NESTING])
    shallow_code, _, _ = _run(capsys, argv, deep_repos[4])
    assert code == shallow_code and code in (0, 3, 4)
    assert "bad-metadata" not in out + err and "Traceback" not in err
    if argv[0] in ("order", "explain", "graph", "stage1"):
        assert "app-arch/xz-utils" in out


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_a_hundred_thousand_levels_is_no_crash(deep_repos, capsys, argv):
    code, out, err = _run(capsys, argv, deep_repos[100_000])
    assert code in (0, 2, 3, 4) and "Traceback" not in err
    # the entry's two values hold 1.2 MB; neither is echoed, not even in part
    assert "( ( !minizip? ( " * 20 not in out + err and "( minizip? ( ^^ " * 20 not in out + err
    assert len(out) < 100_000 and len(err) < 2_000


def test_stage1_names_the_deep_entry_briefly(deep_repos, capsys):
    _, out, _ = _run(capsys, ["stage1", "--json"], deep_repos[100_000])
    problems = [p for p in json.loads(out)["problems"] if p["kind"] == "bad-metadata"]
    # once for each root zlib is in (the target root and the build host)
    assert sorted(p["package"] for p in problems) == ["sys-libs/zlib-1.3.1-r1"] * 2 + [
        "sys-libs/zlib-1.3.1-r1 (host)"] * 2
    assert sorted((p["atom"], p["line"]) for p in problems) == [
        ("RDEPEND", 11), ("RDEPEND", 11), ("REQUIRED_USE", 12), ("REQUIRED_USE", 12)]
    assert all("groups nested more than 100 deep" in p["message"] and len(p["message"]) < 400
               and p["file"].endswith("sys-libs/zlib-1.3.1-r1") for p in problems)


def test_a_long_required_use_is_a_short_problem_line(example_dir, tmp_path, capsys):
    repo = tmp_path / "repo"
    shutil.copytree(example_dir / "repo", repo)
    entry = repo / "metadata" / "md5-cache" / "sys-libs" / "zlib-1.3.1-r1"
    flags = " ".join(f"f{i}" for i in range(20_000))  # 130 KB: ^^ of flags all off
    text = re.sub(r"^(REQUIRED_USE|IUSE)=.*\n", "", entry.read_text(), flags=re.M)
    entry.write_text(f"{text}IUSE={flags}\nREQUIRED_USE=^^ ( {flags} )\n")
    code, _, err = _run(capsys, ["order", "sys-libs/zlib"], repo)
    zlib = [line for line in err.splitlines() if "/sys-libs/zlib-1.3.1-r1:" in line]
    # one root: IUSE lost static-libs, so virtual/zlib's zlib[static-libs?] is a
    # use-conflict in / and pulls nothing in there
    assert code in (3, 4) and len(zlib) == 1
    assert all("...: REQUIRED_USE is not satisfied by USE=" in line and line.endswith("...")
               and len(line) < 8_400 for line in zlib)


def test_a_chain_longer_than_the_recursion_limit_is_explained(example_dir, tmp_path, capsys):
    repo = tmp_path / "repo"
    shutil.copytree(example_dir / "repo", repo)
    template = (repo / "metadata" / "md5-cache" / "sys-libs" / "zlib-1.3.1-r1").read_text()
    common = "".join(ln + "\n" for ln in template.splitlines()
                     if ln.split("=", 1)[0] in ("EAPI", "SLOT", "KEYWORDS", "_md5_"))
    (repo / "metadata" / "md5-cache" / "chain-x").mkdir()
    length = 1_200  # more steps than Python's default recursion limit (1,000)
    for i in range(length):
        dep = f"RDEPEND=chain-x/p{i + 1}\n" if i + 1 < length else ""
        (repo / "metadata" / "md5-cache" / "chain-x" / f"p{i}-1").write_text(common + dep)
    with (repo / "profiles" / "categories").open("a") as categories:
        categories.write("chain-x\n")
    code, out, err = _run(capsys, ["explain", f"chain-x/p{length - 1}", "chain-x/p0"], repo)
    assert (code, "Traceback" in err) == (0, False)
    steps = [ln for ln in out.splitlines() if ln.lstrip().startswith("RDEPEND chain-x/p")]
    assert len(steps) == length - 1  # one line per step, each indented one more
    assert steps[-1] == "  " * (length - 1) + "RDEPEND chain-x/p1 from chain-x/p0-1@target (requested)"


@pytest.mark.parametrize("argv", [["order"], ["graph", "--format", "json"],
                                  ["explain", "sys-libs/zlib"]], ids=" ".join)
def test_a_chain_of_virtuals_longer_than_the_recursion_limit(example_dir, tmp_path, capsys,
                                                             argv):
    repo = tmp_path / "repo"
    shutil.copytree(example_dir / "repo", repo)
    cache = repo / "metadata" / "md5-cache"
    template = (cache / "sys-libs" / "zlib-1.3.1-r1").read_text()
    common = "".join(ln + "\n" for ln in template.splitlines()
                     if ln.split("=", 1)[0] in ("EAPI", "SLOT", "KEYWORDS", "_md5_"))
    length = 1_200
    for i in range(length):
        dep = f"virtual/v{i + 1}" if i + 1 < length else "sys-libs/zlib"
        (cache / "virtual" / f"v{i}-1").write_text(f"{common}RDEPEND={dep}\n")
    (cache / "app-arch" / "top-1").write_text(f"{common}RDEPEND=virtual/v0\n")
    code, out, err = _run(capsys, [*argv, "app-arch/top"], repo)
    assert code in (0, 3) and "Traceback" not in err
    assert "virtual/v1199" in out and "sys-libs/zlib" in out
