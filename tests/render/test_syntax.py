"""bootorder.render.syntax: a parsed string as text (one atom or group per line, a
hand-checked table) and as JSON (normalised text, the tree, and every atom's fields,
against portage's Atom on generated specs)."""
from __future__ import annotations

import json

import pytest
from depstrategies import spec_texts
from hypothesis import given, settings
from portage.dep import Atom as PAtom, use_reduce

from bootorder.render.syntax import spec_json, spec_text
from bootorder.syntax.parse import parse_depend, parse_license, parse_required_use


@pytest.mark.parametrize("spec, text", [
    (parse_depend("a/b || ( c/d e/f )"), "a/b\n|| (\n  c/d\n  e/f\n)"),
    (parse_depend("x? ( !y? ( >=c/d-1:2=[ssl] ) )"),
     "x? (\n  !y? (\n    >=c/d-1:2=[ssl]\n  )\n)"),
    (parse_depend("( a/b  !!c/d )"), "(\n  a/b\n  !!c/d\n)"),
    (parse_required_use("^^ ( a b ) c? ( !d )"), "^^ (\n  a\n  b\n)\nc? (\n  !d\n)"),
    (parse_license("GPL-2 || ( MIT BSD )"), "GPL-2\n|| (\n  MIT\n  BSD\n)"),
    (parse_depend(""), ""),
])
def test_spec_text(spec, text):
    assert spec_text(spec) == text


def test_spec_json_of_a_group():
    doc = spec_json(parse_required_use("^^ ( a b )"), None)
    assert doc == {"eapi": None, "normalised": "^^ ( a b )", "atoms": [],
                   "tree": [{"group": "exactly_one_of", "children": ["a", "b"]}]}


def test_spec_json_of_an_atom():
    text = "!>=dev-libs/c-1.2:2/2.1=::gentoo[ssl,-doc]"     # ::repo: no EAPI, any EAPI's syntax
    (atom,) = spec_json(parse_depend(text, None), None)["atoms"]
    assert atom == {"text": "!>=dev-libs/c-1.2:2/2.1=::gentoo[ssl,-doc]", "blocker": "!",
                    "operator": ">=", "category": "dev-libs", "package": "c",
                    "cp": "dev-libs/c", "version": "1.2", "slot": "2", "subslot": "2.1",
                    "slot_operator": "=", "repo": "gentoo", "use_deps": ["ssl", "-doc"],
                    "build_id": None}


@settings(max_examples=60, deadline=None)
@given(spec_texts("8"))
def test_spec_json_atoms_are_portages(text):
    doc = json.loads(json.dumps(spec_json(parse_depend(text, "8"), "8")))  # JSON-ready
    assert doc["normalised"] == " ".join(text.split()) and doc["eapi"] == "8"
    theirs = [a for a in use_reduce(text, matchall=True, flat=True, token_class=PAtom,
                                    eapi="8") if isinstance(a, PAtom)]
    assert [a["text"] for a in doc["atoms"]] == [str(a) for a in theirs]
    for ours, atom in zip(doc["atoms"], theirs):
        blocker = ("!!" if atom.blocker.overlap.forbid else "!") if atom.blocker else None
        assert (ours["cp"], ours["blocker"], ours["operator"], ours["slot"], ours["subslot"],
                ours["slot_operator"], ours["repo"]) == (
            atom.cp, blocker, atom.operator, atom.slot, atom.sub_slot, atom.slot_operator,
            atom.repo)
