"""parse_depend and friends: round trips for every EAPI, portage's use_reduce as oracle."""
from __future__ import annotations

import json

import pytest
from depstrategies import EAPIS, spec_texts
from hypothesis import given, settings, strategies as st
from portage.dep import Atom as PAtom, use_reduce

import bootorder
from bootorder.cli import main
from bootorder.core.errors import DepSyntaxError
from bootorder.syntax.depspec import (
    AnyOf,
    AtMostOneOf,
    ExactlyOneOf,
    Flag,
    Root,
    Uri,
    UseConditional,
)
from bootorder.syntax.parse import (
    parse_depend,
    parse_license,
    parse_metadata,
    parse_required_use,
    parse_restrict,
    parse_src_uri,
)


def portage_atoms(text: str, eapi: str | None, use=None) -> list[str]:
    flat = use_reduce(text, uselist=use or (), matchall=use is None, flat=True,
                      token_class=PAtom, eapi=eapi)
    return [str(a.unevaluated_atom) for a in flat if isinstance(a, PAtom)]


@pytest.mark.parametrize("eapi", EAPIS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_round_trip_and_atoms_for_every_eapi(eapi, data):
    text = data.draw(spec_texts(eapi))
    spec = parse_depend(text, eapi)
    assert str(spec) == " ".join(text.split())          # normalisation: whitespace only
    assert parse_depend(str(spec), eapi) == spec          # parse(str(x)) == x
    assert [str(a) for a in spec.atoms()] == portage_atoms(text, eapi)


@settings(max_examples=150, deadline=None)
@given(spec_texts("8"), st.sets(st.sampled_from(["ssl", "a"])))
def test_evaluate_equals_use_reduce_with_uselist(text, use):
    spec = parse_depend(text, "8").evaluate(use)
    assert [str(a) for a in spec.atoms()] == portage_atoms(text, "8", use=sorted(use))
    assert not any(isinstance(n, UseConditional) for n in _nodes(spec))


def _nodes(spec):
    for child in spec.children:
        if hasattr(child, "children"):
            yield child
            yield from _nodes(child)


def test_tree_shapes_and_public_api():
    spec = bootorder.parse_depend("a/b || ( c/d !x? ( e/f ) ) ( g/h )")
    assert isinstance(spec, bootorder.DepSpec) and isinstance(spec, Root)
    any_of = spec.children[1]
    assert isinstance(any_of, AnyOf)
    assert any_of.children[1] == UseConditional("x", True, (bootorder.Atom.parse("e/f"),))
    assert str(spec.children[2]) == "( g/h )"
    assert [a.cp for a in spec.atoms()] == ["a/b", "c/d", "e/f", "g/h"]
    assert str(spec.evaluate({"x"})) == "a/b || ( c/d ) ( g/h )"
    assert parse_depend("") == Root(())


def test_parse_results_are_shared_and_deterministic():
    text = "ssl? ( dev-libs/openssl:= ) sys-libs/zlib"
    assert parse_depend(text) is parse_depend(text)
    assert parse_depend(text, "7") == parse_depend(text, "8")


@pytest.mark.parametrize("key, eapi, ok", [
    ("BDEPEND", "6", False), ("BDEPEND", "7", True), ("IDEPEND", "7", False),
    ("IDEPEND", "8", True), ("HOSTDEPEND", "0", True), ("HOSTDEPEND", "8", True),
    ("REQUIRED_USE", "3", False), ("REQUIRED_USE", "4", True), ("DEPEND", "0", True),
    ("PDEPEND", "9", True), ("RDEPEND", "5", True), ("IDEPEND", None, True),
])
def test_parse_metadata_checks_keys_per_eapi(key, eapi, ok):
    text = "a" if key == "REQUIRED_USE" else "dev-libs/a"
    if ok:
        parse_metadata(key, text, eapi)
    else:
        with pytest.raises(DepSyntaxError, match=f"{key} is not allowed in EAPI {eapi}") as err:
            parse_metadata(key, text, eapi)
        assert err.value.origin == key


def test_hostdepend_has_bdepend_syntax_and_errors_name_the_key():
    assert parse_metadata("HOSTDEPEND", "sys-devel/binutils:=", "8") == \
        parse_metadata("BDEPEND", "sys-devel/binutils:=", "8")
    with pytest.raises(DepSyntaxError) as err:
        parse_metadata("HOSTDEPEND", "a/b:=", "4")
    assert err.value.origin == "HOSTDEPEND" and str(err.value).startswith("HOSTDEPEND: ")
    with pytest.raises(bootorder.BootorderError, match="unknown"):
        parse_metadata("KEYWORDS", "amd64", "8")


def test_required_use():
    spec = parse_required_use("^^ ( a b ) ?? ( c d ) e? ( !f ) || ( g h )", "5")
    assert [type(c) for c in spec.children] == [ExactlyOneOf, AtMostOneOf, UseConditional, AnyOf]
    assert list(spec.leaves())[:2] == [Flag("a"), Flag("b")]
    assert Flag("f", True) in spec.leaves()
    with pytest.raises(DepSyntaxError, match=r"'\?\?' groups are not allowed in EAPI 4"):
        parse_required_use("?? ( c d )", "4")


@pytest.mark.parametrize("text", [
    "|| ( MIT GPL-2+ ) doc? ( FDL-1.3 ) ( BSD )", "LGPL-2.1+ !minimal? ( GPL-3 )", ""])
def test_license_leaves_equal_use_reduce(text):
    assert list(parse_license(text).leaves()) == [
        t for t in use_reduce(text, matchall=True, flat=True) if t != "||"]


def test_restrict_and_properties():
    assert list(parse_restrict("!test? ( test ) strip").evaluate(set()).leaves()) == ["test", "strip"]
    assert parse_metadata("PROPERTIES", "live", "8") == parse_restrict("live")
    with pytest.raises(DepSyntaxError, match=r"'\|\|' groups are not allowed in RESTRICT"):
        parse_restrict("|| ( a b )")


@pytest.mark.parametrize("eapi", ["2", "8"])
def test_src_uri_equals_use_reduce(eapi):
    text = ("https://e.org/a-1.tgz -> a-1.tar.gz doc? ( mirror://gnu/a-doc.tgz ) "
            "https://x.org/b.patch")
    flat = use_reduce(text, matchall=True, flat=True, is_src_uri=True, eapi=eapi)
    uris = list(parse_src_uri(text, eapi).leaves())
    assert uris == [Uri("https://e.org/a-1.tgz", "a-1.tar.gz"),
                    Uri("mirror://gnu/a-doc.tgz"), Uri("https://x.org/b.patch")]
    assert [u.uri for u in uris] == [t for i, t in enumerate(flat)
                                     if t != "->" and (i == 0 or flat[i - 1] != "->")]
    assert str(parse_src_uri(text, eapi)) == text


def test_src_uri_eapi_gates():
    with pytest.raises(DepSyntaxError, match="'->' renames are not allowed in EAPI 1"):
        parse_src_uri("https://e.org/a -> b", "1")
    with pytest.raises(DepSyntaxError, match="'fetch\\+'/'mirror\\+' URIs"):
        parse_src_uri("fetch+https://e.org/a", "7")
    assert str(parse_src_uri("fetch+https://e.org/a", "8")) == "fetch+https://e.org/a"


def test_cli_tree_json_and_errors(capsys):
    assert main(["parse", "ssl? ( >=dev-libs/openssl-3:= )  a/b"]) == 0
    assert capsys.readouterr().out == "ssl? (\n  >=dev-libs/openssl-3:=\n)\na/b\n"
    assert main(["parse", "--json", "--eapi", "5", "!!a/b:1/2=[x(+)]"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["atoms"] == [{"text": "!!a/b:1/2=[x(+)]", "blocker": "!!", "operator": None,
                              "category": "a", "package": "b", "cp": "a/b", "version": None,
                              "slot": "1", "subslot": "2", "slot_operator": "=",
                              "repo": None, "use_deps": ["x(+)"], "build_id": None}]
    assert data["normalised"] == "!!a/b:1/2=[x(+)]"
    assert main(["parse", "a/b ( c/d"]) == 2
    err = capsys.readouterr().err
    assert "unclosed group opened at column 5" in err and err.rstrip().endswith("^")
    assert main(["parse", "--eapi", "none", "a/b::gentoo"]) == 0
    capsys.readouterr()
    assert main(["parse", "--key", "required_use", "--eapi", "5", "^^ ( a b ) !c? ( d )"]) == 0
    assert capsys.readouterr().out == "^^ (\n  a\n  b\n)\n!c? (\n  d\n)\n"
    assert main(["parse", "--key", "BDEPEND", "--eapi", "6", "a/b"]) == 2
    assert "BDEPEND is not allowed in EAPI 6" in capsys.readouterr().err


@st.composite
def _required_use_texts(draw, depth=2):
    items = []
    for kind in draw(st.lists(st.integers(0, 5 if depth else 0), min_size=1, max_size=4)):
        if kind <= 1:
            items.append(draw(st.sampled_from(["a", "!b", "c_d", "e+f", "g@h"])))
        else:
            head = ["(", "|| (", "^^ (", "?? (", "x? (", "!y? ("][kind]
            items.append(f"{head} {draw(_required_use_texts(depth - 1))} )")
    return draw(st.sampled_from([" ", "  ", "\n"])).join(items)


@settings(max_examples=150, deadline=None)
@given(_required_use_texts())
def test_required_use_round_trip(text):
    spec = parse_required_use(text, "8")
    assert str(spec) == " ".join(text.split())
    assert parse_required_use(str(spec), "8") == spec
    assert [str(f) for f in spec.leaves()] == [w for w in text.split()
                                               if w not in ("(", ")", "||", "^^", "??")
                                               and not w.endswith("?")]
