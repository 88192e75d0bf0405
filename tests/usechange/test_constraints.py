"""use_constraints: REQUIRED_USE (through the provider) against portage's
check_required_use (one provider for many packages too: packages with the same
REQUIRED_USE share its verdicts), dependency-adding flips, unknown packages."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from bootorder.graph.depgraph import NodeKey
from bootorder.usechange.constraints import MetadataConstraints, PackageUseInfo

portage_dep = pytest.importorskip("portage.dep")

FLAGS = ("a", "b", "c", "d")
PKG = NodeKey("x/p-1", "target")


@st.composite
def required_use(draw, depth=2):
    """REQUIRED_USE strings over FLAGS using every PMS construct."""
    def item(level):
        kind = draw(st.sampled_from(["flag", "flag", "cond", "||", "^^", "??"]
                                    if level else ["flag"]))
        if kind == "flag":
            return draw(st.sampled_from(["", "!"])) + draw(st.sampled_from(FLAGS))
        inner = " ".join(item(level - 1) for _ in range(draw(st.integers(1, 3))))
        if kind == "cond":
            return f"{draw(st.sampled_from(['', '!']))}{draw(st.sampled_from(FLAGS))}? ( {inner} )"
        return f"{kind} ( {inner} )"
    return " ".join(item(depth) for _ in range(draw(st.integers(1, 3))))


@settings(max_examples=300, deadline=None)
@given(required_use(), st.sets(st.sampled_from(FLAGS)))
def test_required_use_agrees_with_portage(text, use):
    expected = bool(portage_dep.check_required_use(text, use, FLAGS.__contains__, eapi="8"))
    rules = MetadataConstraints(lambda pkg: PackageUseInfo(frozenset(FLAGS), text))
    assert rules.required_use_ok(PKG, frozenset(use)) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(required_use(depth=1), min_size=1, max_size=3),
       st.lists(st.sets(st.sampled_from(FLAGS)), min_size=1, max_size=4))
def test_shared_verdicts_agree_with_portage_per_package(texts, uses):
    pkgs = [NodeKey(f"x/p{i}-1", "target") for i in range(len(texts) * 2)]
    text_of = {pkg: texts[i % len(texts)] for i, pkg in enumerate(pkgs)}
    rules = MetadataConstraints(lambda pkg: PackageUseInfo(frozenset(FLAGS), text_of[pkg]))
    for use in uses:
        for pkg in pkgs:
            expected = bool(portage_dep.check_required_use(text_of[pkg], use,
                                                           FLAGS.__contains__, eapi="8"))
            assert rules.required_use_ok(pkg, frozenset(use)) == expected


@pytest.mark.parametrize("depend, flag, enable, adds", [
    ("a? ( x/y )", "a", True, True),          # a turned on opens a? ( )
    ("a? ( x/y )", "a", False, False),        # turning it off only removes x/y
    ("!a? ( x/y )", "a", False, True),
    ("b? ( !a? ( x/y ) )", "a", False, True),  # nested: conservative
    ("a? ( !x/y )", "a", True, False),        # a blocker adds no package
    ("b? ( x/y ) a? ( !x/z )", "a", True, False),
    ("|| ( a? ( x/y ) x/z )", "a", True, True),
])
def test_flip_adds_deps_table(depend, flag, enable, adds):
    rules = MetadataConstraints(lambda pkg: PackageUseInfo(frozenset("ab"), depend=(depend,)))
    assert rules.flip_adds_deps(PKG, flag, enable) is adds


def test_unknown_package_is_free():
    rules = MetadataConstraints(lambda pkg: None)
    assert (rules.fixed(PKG), rules.iuse(PKG), rules.required_use_ok(PKG, frozenset()),
            rules.flip_adds_deps(PKG, "a", True)) == ({}, frozenset(), True, False)
