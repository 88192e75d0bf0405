"""Atoms: fields, validity per EAPI and matching, with portage.dep.Atom as the oracle."""
from __future__ import annotations

import pytest
from depstrategies import EAPIS, atom_texts, versions
from hypothesis import given, settings, strategies as st
from portage.dep import Atom as PAtom, match_from_list
from portage.exception import InvalidAtom as PInvalidAtom
from portage.versions import _pkg_str

from bootorder.syntax.atom import Atom, InvalidAtom, UseDep


def portage_fields(text: str, eapi: str | None):
    """portage's fields of ``text`` in ``eapi``, or None when portage rejects it."""
    try:
        a = PAtom(text, eapi=eapi)
    except PInvalidAtom:
        return None
    blocker = None if not a.blocker else ("!!" if a.blocker.overlap.forbid else "!")
    return (str(a), blocker, a.operator, a.cp, a.version, a.slot, a.sub_slot,
            a.slot_operator, a.repo, tuple(a.use.tokens) if a.use else (), a.build_id)


def our_fields(text: str, eapi: str | None):
    try:
        a = Atom.parse(text, eapi)
    except InvalidAtom:
        return None
    return (str(a), a.blocker, a.operator, a.cp, a.version, a.slot, a.subslot,
            a.slot_operator, a.repo, a.use_deps, a.build_id)


@settings(max_examples=600)
@given(atom_texts(), st.sampled_from(EAPIS + (None,)))
def test_fields_and_validity_equal_portage(text, eapi):
    expected = portage_fields(text, eapi)
    assert our_fields(text, eapi) == expected


@pytest.mark.parametrize("text, field, value", [
    ("=dev-libs/foo-4.0.0-r0", "version", "4.0.0-r0"),
    ("=app-text/ghostscript-gpl-9.06", "version", "9.06"),
    ("=sys-devel/gcc-13*", "operator", "=*"),
    ("=sys-devel/gcc-13*", "version", "13"),
    ("!!<sys-libs/glibc-2.30", "blocker", "!!"),
    ("!x11-libs/gtk+:3", "package", "gtk+"),
    ("dev-lang/perl:=", "slot_operator", "="),
    ("dev-lang/perl:=", "slot", None),
    ("dev-libs/icu:0/74.1=", "subslot", "74.1"),
    ("sci-libs/lapack[-fortran(-)]", "use_deps", ("-fortran(-)",)),
    ("x11-fonts/font-adobe-100dpi", "package", "font-adobe-100dpi"),
    ("=sys-libs/glibc-2.38-r10-3", "build_id", 3),
    ("=sys-libs/glibc-2.38-r10-3", "version", "2.38-r10"),
    ("~dev-lang/perl-5.38.2", "cp", "dev-lang/perl"),
])
def test_field_table(text, field, value):
    assert getattr(Atom.parse(text), field) == value
    same = {"operator": "operator", "version": "version", "cp": "cp", "slot": "slot",
            "subslot": "sub_slot", "slot_operator": "slot_operator", "build_id": "build_id",
            "package": "package_name"}
    if field in same:
        assert getattr(PAtom(text), same[field]) == value


@settings(max_examples=200)
@given(atom_texts())
def test_str_round_trip_and_order_free_equality(text):
    try:
        atom = Atom.parse(text, None)
    except InvalidAtom:
        return
    assert str(atom) == text
    assert Atom.parse(str(atom), None) == atom
    if len(atom.use_deps) > 1:
        swapped = text[: text.index("[")] + "[" + ",".join(reversed(atom.use_deps)) + "]"
        other = Atom.parse(swapped, None)
        assert other == atom and hash(other) == hash(atom)
        assert str(other) == swapped


def test_atoms_differing_in_any_field_are_not_equal():
    texts = ["a/b", "!a/b", "a/b:1", "a/b:1=", "a/b[x]", "=a/b-1", "=a/b-1.0", "~a/b-1"]
    atoms = [Atom.parse(t) for t in texts]
    assert len(set(atoms)) == len(texts)


def test_use_deps_parsed():
    atom = Atom.parse("a/b[x,-y,z?,!w?,v=,!u=,t(+),-s(-)]")
    assert [(u.flag, u.kind, u.default) for u in atom.use] == [
        ("x", "enabled", None), ("y", "disabled", None), ("z", "if_enabled", None),
        ("w", "if_disabled", None), ("v", "equal", None), ("u", "not_equal", None),
        ("t", "enabled", "+"), ("s", "disabled", "-")]
    assert [str(u) for u in atom.use] == list(atom.use_deps)
    states = [u.required_state({"z", "v"}) for u in atom.use]
    assert states == [True, False, True, False, True, True, True, False]


def _portage_match(atom: str, cpv: str, slot: str | None, repo: str | None) -> bool:
    pkg = _pkg_str(cpv, slot=slot, repo=repo) if slot else _pkg_str(cpv, repo=repo)
    return bool(match_from_list(PAtom(atom, allow_repo=True), [pkg]))


_ops = st.sampled_from(["", "<", "<=", "=", "~", ">=", ">", "=*"])


@settings(max_examples=500)
@given(_ops, versions(), versions(), st.sampled_from(["", ":1", ":1/2", ":2", ":1/3"]),
       st.sampled_from(["1/2", "2/2", "1/3", None]), st.sampled_from(["", "::gentoo"]),
       st.sampled_from(["gentoo", "other"]))
def test_matches_equals_match_from_list(op, aver, pver, slot, pslot, repo, prepo):
    text = f"{'=' if op == '=*' else op}dev-libs/foo"
    if op:
        text += f"-{aver}{'*' if op == '=*' else ''}"
    text += slot + repo
    atom = Atom.parse(text, None)
    cpv = f"dev-libs/foo-{pver}"
    slot_, _, sub = (pslot or "").partition("/")
    expected = _portage_match(text, cpv, pslot, prepo)
    assert atom.matches(cpv, slot=slot_ or None, subslot=sub or None, repo=prepo) == expected


@pytest.mark.parametrize("atom, cpv, expected", [
    ("=sys-devel/gcc-13*", "sys-devel/gcc-13.2.1", True),
    ("=sys-devel/gcc-1*", "sys-devel/gcc-13.2.1", False),     # bug 560466: boundaries
    ("=sys-devel/gcc-1.0*", "sys-devel/gcc-1.0_rc1", True),
    ("~dev-lang/perl-5.38.2", "dev-lang/perl-5.38.2-r9", True),
    ("~dev-lang/perl-5.38.2-r1", "dev-lang/perl-5.38.2", True),  # ~ ignores revisions
    ("=dev-libs/foo-1.0", "dev-libs/foo-1.00", True),        # vercmp-equal
    ("!!<sys-libs/glibc-2.30", "sys-libs/glibc-2.29", True),  # blocker prefix ignored
    ("dev-libs/foo", "dev-libs/foobar-1", False),
])
def test_matches_table(atom, cpv, expected):
    assert Atom.parse(atom).matches(cpv) is expected
    assert _portage_match(atom.lstrip("!"), cpv, None, None) is expected


def test_matches_ignores_use_deps_and_unknown_slot():
    atom = Atom.parse(">=dev-libs/glib-2.76:2[introspection]")
    assert atom.matches("dev-libs/glib-2.80.0")
    assert atom.matches("dev-libs/glib-2.80.0", slot="2")
    assert not atom.matches("dev-libs/glib-2.80.0", slot="3")


def test_invalid_atom_names_the_reason():
    with pytest.raises(InvalidAtom, match="ends in a version"):
        Atom.parse("dev-libs/foo-1.0")
    with pytest.raises(InvalidAtom, match="not allowed in EAPI 8"):
        Atom.parse("a/b::gentoo", "8")
    with pytest.raises(ValueError):
        UseDep.parse("-a?")
