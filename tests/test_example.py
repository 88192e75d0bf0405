"""The embedded example repository: loads cleanly, models the toolchain and its cycles."""
from __future__ import annotations

import filecmp
import shutil

import pytest

from bootorder.cli import main
from bootorder.config.configuration import Config
from bootorder.config.profile import Profile
from bootorder.core.reporter import RecordingReporter
from bootorder.tree import egencache as cache
from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path


@pytest.fixture(scope="module")
def example():
    rep = RecordingReporter()
    tree = Tree.open([example_repository_path()], rep)
    profile = Profile.load(tree, EXAMPLE_PROFILE, rep)
    return tree, profile, rep


def deps(tree, cp, key):
    return sorted({a.cp for a in tree.versions(cp)[0].deps(key).atoms()})


def test_example_loads_without_warnings(example, example_dir):
    tree, profile, rep = example
    assert example_repository_path() == example_dir / "repo"
    assert tree.load_all() == 26
    assert [c for c in rep.calls if c[0] == "warning"] == []
    assert profile.chain == ("bootorder-example:base", "bootorder-example:default/linux",
                             "bootorder-example:arch/amd64",
                             "bootorder-example:default/linux/amd64")


def test_example_models_the_toolchain(example):
    tree, _, _ = example
    assert deps(tree, "sys-libs/glibc", "DEPEND") == ["virtual/os-headers"]
    assert {"sys-devel/binutils", "sys-devel/gcc"} <= set(deps(tree, "sys-libs/glibc", "BDEPEND"))
    assert set(deps(tree, "sys-devel/gcc", "DEPEND")) >= {
        "sys-libs/glibc", "dev-libs/gmp", "dev-libs/mpfr", "dev-libs/mpc", "virtual/zlib"}
    # zlib through virtual/zlib:=, as gcc and binutils name it on the corpus
    for cp in ("sys-devel/gcc", "sys-devel/binutils"):
        for key in ("DEPEND", "RDEPEND"):
            assert "sys-libs/zlib" not in deps(tree, cp, key)
            assert "virtual/zlib:=" in str(tree.versions(cp)[0].deps(key)).split()
    assert deps(tree, "virtual/zlib", "RDEPEND") == ["sys-libs/zlib"]
    assert deps(tree, "dev-libs/mpfr", "DEPEND") == ["dev-libs/gmp"]
    assert deps(tree, "dev-libs/mpc", "DEPEND") == ["dev-libs/gmp", "dev-libs/mpfr"]
    assert deps(tree, "virtual/os-headers", "RDEPEND") == ["sys-kernel/linux-headers"]
    assert deps(tree, "virtual/libc", "RDEPEND") == ["sys-libs/glibc"]
    # the build-time cycle a real bootstrap meets, and a USE-conditional one
    assert "app-portage/elt-patches" in deps(tree, "app-arch/xz-utils", "BDEPEND")
    assert deps(tree, "app-portage/elt-patches", "BDEPEND") == ["app-arch/xz-utils"]
    assert str(tree.versions("media-libs/freetype")[0].deps("DEPEND")).count("harfbuzz? (") == 1
    assert str(tree.versions("media-libs/harfbuzz")[0].deps("DEPEND")) == \
        "truetype? ( media-libs/freetype:2 )"


def test_example_profile_and_stage1(example):
    tree, profile, _ = example
    assert profile.packages_build == (
        "app-arch/xz-utils", "sys-libs/zlib", "virtual/os-headers", "virtual/libc",
        "sys-devel/binutils", "sys-devel/gcc", ">=sys-devel/m4-1.4.18", "sys-apps/baselayout",
        "app-alternatives/awk")
    assert (profile.arch, profile.accept_keywords, profile.bootstrap_use) == (
        "amd64", ("amd64",), ("cxx",))
    normal, stage1 = Config(tree, profile), Config.stage1(tree, profile)
    gcc = normal.best_visible("sys-devel/gcc")
    assert gcc.cpv == "sys-devel/gcc-14.2.1_p20241116"        # live 15 masked, 2.41 glibc ~arch
    assert normal.best_visible("sys-libs/glibc").cpv == "sys-libs/glibc-2.40-r5"
    assert normal.effective_use(gcc) >= {"nls", "cxx", "openmp", "elibc_glibc"}
    assert "fortran" not in normal.effective_use(gcc)          # profile package.use
    assert stage1.effective_use(gcc) == {"cxx", "amd64", "elibc_glibc", "kernel_linux"}
    assert "asm" in stage1.effective_use(stage1.best_visible("dev-libs/gmp"))  # forced
    # stage 1's -* clears awk's IUSE default (+gawk): its ^^ ( gawk mawk ) then fails
    awk = stage1.best_visible("app-alternatives/awk")
    assert "gawk" in normal.effective_use(awk) and not {"gawk", "mawk"} & stage1.effective_use(awk)


def test_cli_profile_uses_the_example_without_repo(capsys, monkeypatch):
    from bootorder import workflows
    monkeypatch.setattr(workflows, "live_system", lambda *args: None)
    assert main(["profile", "--json"]) == 0
    out = capsys.readouterr()
    import json
    doc = json.loads(out.out)
    assert out.err == "" and "embedded example" in doc["context"]["notes"][0]
    assert doc["context"]["source"] == "example"
    assert set(doc) == {"chain", "packages_build", "system", "use", "arch", "accept_keywords",
                        "bootstrap_use", "context", "problems"}
    assert doc["chain"][-1] == EXAMPLE_PROFILE and doc["arch"] == "amd64"


# hand-checked: the toolchain of a new root (linux-headers before glibc, binutils needs glibc,
# gcc needs gmp/mpfr/mpc and the new binutils); zlib reaches gcc and binutils only through
# virtual/zlib, so it is a support package, as on the Flatcar corpus
FOUNDING = ["sys-kernel/linux-headers", "sys-libs/glibc", "sys-devel/binutils", "dev-libs/gmp",
            "dev-libs/mpfr", "dev-libs/mpc", "sys-devel/gcc"]


def test_cli_toolchain_on_the_example_is_the_founding_order(capsys, monkeypatch):
    """The README's first command, ``bootorder toolchain`` with no arguments."""
    import json

    from bootorder import workflows
    monkeypatch.setattr(workflows, "live_system", lambda *args: None)
    assert main(["toolchain", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [e["cp"] for e in doc["order"]] == FOUNDING
    assert doc["forced"] is True
    support = {e["cp"]: e["reason"] for e in doc["support"]}
    assert support["sys-libs/zlib"].endswith("not part of the toolchain: reached through "
                                             "virtual/zlib")
    assert main(["toolchain"]) == 0
    numbered = [line.split() for line in capsys.readouterr().out.splitlines()
                if line[:4].strip().rstrip(".").isdigit()]
    assert numbered == [[f"{i}.", e["cpv"]] for i, e in enumerate(doc["order"], 1)]


@pytest.mark.skipif(cache.find_egencache() is None, reason="egencache not installed")
def test_example_cache_is_what_egencache_writes(tmp_path):
    src = example_repository_path()
    copy = tmp_path / "repo"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("md5-cache"))
    result = cache.generate_cache(copy, allow_root=True)
    # egencache's output is passed on whole: as root without a portage user it holds
    # portage's warning that the ebuilds run as root, but no ebuild fails
    assert (result.returncode, result.entries, result.ebuilds) == (0, 26, 26)
    assert not [line for line in result.errors if "ERROR" in line or "rror processing" in line]
    cmp = filecmp.dircmp(src / "metadata" / "md5-cache", copy / "metadata" / "md5-cache")
    stack = [cmp]
    while stack:
        c = stack.pop()
        assert not (c.left_only or c.right_only or c.diff_files), c.left
        stack.extend(c.subdirs.values())


def test_example_cycles_are_real_for_emerge(example):
    """emerge itself reports both cycles on the example's metadata."""
    from emerge_oracle import run_emerge
    tree, _, _ = example
    keys = ("EAPI", "SLOT", "IUSE", "DEPEND", "RDEPEND", "BDEPEND", "KEYWORDS")
    pick = ("app-arch/xz-utils", "app-portage/elt-patches", "media-libs/freetype",
            "media-libs/harfbuzz", "sys-libs/zlib", "sys-devel/gettext", "virtual/libiconv")
    ebuilds = {p.cpv: {k: p[k] for k in keys if p[k]} for cp in pick for p in tree.versions(cp)}
    ebuilds["virtual/libiconv-0-r2"]["RDEPEND"] = ""
    out = run_emerge(ebuilds, ["app-arch/xz-utils"])
    assert "circular dependencies" in out and "app-portage/elt-patches" in out
    out = run_emerge(ebuilds, ["media-libs/freetype"])
    assert "circular dependencies" in out and "media-libs/harfbuzz" in out
    out = run_emerge(ebuilds, ["media-libs/freetype"], use="-harfbuzz")
    assert "media-libs/harfbuzz" not in out          # only the xz-utils cycle is left
