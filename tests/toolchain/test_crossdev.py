"""toolchain.crossdev: the passes' order derived from the cross metadata of the corpus
equals crossdev's documented stages for both Flatcar tuples; the first gcc's disabled
features derived from the gcc ebuild's IUSE cover crossdev's GUSE_DISABLE_STAGE_1
(hand-checked differences); the cross metadata follows glibc's and gcc's category
tests; crossdev's per-tuple USE and masks as its parse_target writes them."""
from __future__ import annotations

import pytest

from bootorder.config.configuration import Config
from bootorder.config.profile import Profile
from bootorder.core.errors import BootorderError
from bootorder.toolchain.crossdev import (CROSSDEV, CROSSDEV_ORDER, CrossTarget,
                                          cross_atoms, cross_metadata, crossdev_masks,
                                          crossdev_use, derive_passes, stage1_disabled)
from bootorder.tree.repository import Tree

SDK = "coreos-overlay:coreos/amd64/sdk"
NATIVE = {"binutils": "sys-devel/binutils", "gcc": "sys-devel/gcc",
          "linux-headers": "sys-kernel/linux-headers", "glibc": "sys-libs/glibc"}


@pytest.fixture(scope="module")
def natives(corpus_dir):
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    config = Config(tree, Profile.load(tree, SDK))
    return {pn: config.best_visible(atom) for pn, atom in NATIVE.items()}


def _meta(pkg):
    return {k: pkg.get(k) for k in ("EAPI", "SLOT", "IUSE", "KEYWORDS", "DEPEND",
                                    "RDEPEND", "BDEPEND", "PDEPEND")}


@pytest.mark.parametrize("tuple_", ["aarch64-cros-linux-gnu", "x86_64-cros-linux-gnu"])
def test_derived_order_is_crossdevs_documented_one(natives, tuple_):
    target = CrossTarget.parse(tuple_)
    metadata = {pn: cross_metadata(target, pn, _meta(p)) for pn, p in natives.items()}
    passes = derive_passes(target, metadata)
    assert [p.name.replace("glibc", "libc") for p in passes] == list(CROSSDEV_ORDER)
    needs = {p.name: dict(p.needs) for p in passes}
    # read from the metadata: the libc's build needs; modelled: gcc's
    assert needs["glibc"] == {"binutils": "BDEPEND of the cross glibc",
                              "gcc-stage1": "BDEPEND of the cross glibc",
                              "linux-headers": "DEPEND of the cross glibc"}
    assert set(needs["gcc-stage2"]) == {"binutils", "gcc-stage1", "glibc"}
    assert "has_version" in needs["gcc-stage2"]["glibc"]
    assert [p.name for p in passes if p.sysroot] == ["linux-headers", "glibc"]


def test_metadata_alone_puts_no_cross_package_before_gcc(natives):
    """Without the modelled facts gcc needs nothing cross: the metadata does not show
    the second gcc pass (crossdev_board.md A3)."""
    target = CrossTarget.parse("aarch64-cros-linux-gnu")
    gcc = cross_metadata(target, "gcc", _meta(natives["gcc"]))
    assert not any(cross_atoms(gcc[k], target.category) for k in ("DEPEND", "RDEPEND",
                                                                   "BDEPEND"))
    assert "sys-libs/glibc" not in gcc["DEPEND"] + gcc["RDEPEND"]
    glibc = cross_metadata(target, "glibc", _meta(natives["glibc"]))
    assert "virtual/os-headers" not in glibc["DEPEND"]
    assert "sys-devel/gcc" not in glibc["BDEPEND"] and "timezone-data" not in glibc["RDEPEND"]
    assert "PDEPEND" not in glibc


def test_first_gcc_use_covers_crossdevs(natives):
    iuse = natives["gcc"].get("IUSE")
    derived = {flag for flag, _ in stage1_disabled(iuse)}
    crossdev = {w[1:] for w in CROSSDEV["GUSE_DISABLE_STAGE_1"]}
    flags = {w.lstrip("+-") for w in iuse.split()}
    assert crossdev & flags <= derived
    # hand-checked: front ends and libssp crossdev leaves to their IUSE default (off);
    # zlib is no gcc-15 flag
    assert derived - crossdev == {"ada", "modula2", "rust", "cobol", "libssp"}
    assert crossdev - flags == {"zlib"}
    assert not {"pie", "ssp", "hardened", "nls", "multilib"} & derived


def test_crossdev_per_tuple_use_and_masks():
    arm, x86 = (CrossTarget.parse(t) for t in ("aarch64-cros-linux-gnu",
                                              "x86_64-cros-linux-gnu"))
    assert crossdev_use(arm)["gcc"] == ("-vtv",)      # vtv's pattern is exactly aarch64
    assert crossdev_use(x86)["gcc"] == ("cet",)
    assert crossdev_use(arm)["glibc"] == ("static-libs",)
    assert crossdev_masks(arm)["gcc"] == (("cet", "multilib"), ())
    assert crossdev_masks(x86)["binutils"] == (("multilib",), ("cet",))
    assert CrossTarget.parse("riscv64-unknown-linux-musl").libc == "musl"
    with pytest.raises(BootorderError, match="plans linux-gnu and musl"):
        CrossTarget.parse("avr-unknown-elf")
