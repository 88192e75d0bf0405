"""Versions: a hand-checked table, then portage's vercmp as the oracle on generated ones."""
from __future__ import annotations

import pytest
from depstrategies import versions
from hypothesis import given, settings, strategies as st
from portage.versions import catpkgsplit, vercmp as portage_vercmp

from bootorder.syntax.version import Version, split_cpv, valid_package_name, vercmp


def sign(x: int) -> int:
    return (x > 0) - (x < 0)


@pytest.mark.parametrize("a, b, expected", [
    ("1.0", "1.0", 0),
    ("1.0-r0", "1.0", 0),
    ("1.0", "1.00", 0),          # portage: fractional compare of "0" and "00"
    ("01", "1", 0),              # first component is an integer
    ("1.02", "1.1", -1),         # leading zero: decimal fraction
    ("1.01", "1.010", 0),        # 0.01 == 0.010 as fractions
    ("1.2", "1.10", -1),         # no leading zeros: integers
    ("1.0", "1.0.0", -1),
    ("1.0a", "1.0.0", -1),       # a missing component sorts below any present one
    ("1.0", "1.0a", -1),
    ("1_alpha", "1_beta", -1),
    ("1_beta", "1_pre", -1),
    ("1_pre", "1_rc", -1),
    ("1_rc", "1", -1),
    ("1", "1_p", -1),
    ("1_p", "1_p0", 0),
    ("1_p1", "1_p2", -1),
    ("1_alpha_p", "1_alpha", 1),
    ("1.0-r1", "1.0-r2", -1),
    ("1.0-r10", "1.0-r9", 1),
    ("9.06", "9.6", -1),
])
def test_vercmp_table(a, b, expected):
    assert vercmp(a, b) == expected
    assert vercmp(b, a) == -expected
    assert sign(portage_vercmp(a, b)) == expected  # the table itself agrees with portage


@settings(max_examples=400)
@given(versions(), versions())
def test_vercmp_sign_equals_portage(a, b):
    assert vercmp(a, b) == sign(portage_vercmp(a, b))


@settings(max_examples=200)
@given(st.lists(versions(), min_size=3, max_size=8))
def test_version_order_is_total_and_matches_vercmp(texts):
    ordered = sorted(texts, key=Version)
    for x, y in zip(ordered, ordered[1:]):
        assert vercmp(x, y) <= 0
    for x in texts:
        for y in texts:
            vx, vy = Version(x), Version(y)
            assert (vx < vy) == (vercmp(x, y) < 0)
            assert (vx == vy) == (vercmp(x, y) == 0)
            assert (hash(vx) == hash(vy)) or vx != vy


def test_version_keeps_text_and_rejects_garbage():
    assert str(Version("4.0.0-r0")) == "4.0.0-r0"
    assert Version("1.2_rc3-r4").revision == 4
    assert Version("1.2_rc3-r4").base == "1.2_rc3"
    with pytest.raises(ValueError):
        Version("1.0-x")
    with pytest.raises(ValueError):
        vercmp("1.0", "a")


@pytest.mark.parametrize("cpv", [
    "sys-devel/gcc-13.2.1_p20240113-r1", "dev-libs/foo-bar-1.0", "a/b-1-c-2",
    "x11-fonts/font-adobe-100dpi-1.0.4", "dev-libs/foo-1-2", "dev-libs/foo", "foo-1.0",
    "dev-libs/foo-r1-1", "dev-libs/foo-1.0a_beta2_p-r3", "dev-libs/+foo-1",
])
def test_split_cpv_agrees_with_catpkgsplit(cpv):
    split = catpkgsplit(cpv)
    if split is None or split[0] == "null":
        with pytest.raises(ValueError):
            split_cpv(cpv)
        return
    cat, pkg, ver, rev = split
    expected_ver = ver if rev == "r0" and not cpv.endswith("-r0") else f"{ver}-{rev}"
    assert split_cpv(cpv) == (f"{cat}/{pkg}", expected_ver)


@pytest.mark.parametrize("name, ok", [
    ("gtk+", True), ("foo-r1", True), ("foo-1-bar", True), ("font-adobe-100dpi", True),
    ("foo-1", False), ("foo-1.0", False), ("foo-1a", False), ("foo-1-r1", False),
    ("foo-1_p2", False), ("-foo", False), ("+foo", False), ("foo.bar", False),
])
def test_valid_package_name(name, ok):
    assert valid_package_name(name) is ok
