"""bootorder.syntax.required_use: REQUIRED_USE evaluated against portage's
check_required_use on generated constraints, repairs (a hand-checked table and
properties), and the texts naming each violated condition."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings, strategies as st

from bootorder.syntax.parse import parse_required_use
from bootorder.syntax.required_use import fix_required_use, required_use_holds, violations

FLAGS = ("a", "b", "c", "d", "e")


flag = st.sampled_from(FLAGS)


leaf = st.one_of(flag, flag.map(lambda f: "!" + f))


def _group(children):
    op = st.sampled_from(["|| (", "^^ (", "?? (", "(", "a? (", "!b? (", "c? (", "!e? ("])
    return st.builds(lambda o, kids: f"{o} {' '.join(kids)} )", op,
                     st.lists(children, min_size=1, max_size=4))


required_use = st.lists(st.recursive(leaf, _group, max_leaves=10), min_size=1, max_size=4) \
    .map(" ".join)


use_sets = st.frozensets(flag)


def portage_holds(text, use):
    portage_dep = pytest.importorskip("portage.dep")
    return bool(portage_dep.check_required_use(text, sorted(use), lambda f: True, eapi="8"))


@settings(max_examples=400, deadline=None)
@given(required_use, use_sets)
@example("|| ( ( a? ( a ) ) )", frozenset())        # the empty nested group vanishes
@example("|| ( ( ( a? ( a ) ) ) b )", frozenset({"b"}))
@example("^^ ( ( a? ( a ) ) ( b ) )", frozenset({"b"}))
def test_evaluation_matches_portage(text, use):
    spec = parse_required_use(text)
    expected = portage_holds(text, use)
    assert required_use_holds(spec, use) == expected
    assert (violations(spec, use) == ()) == expected


@settings(max_examples=300, deadline=None)
@given(required_use, use_sets, use_sets, st.frozensets(flag, max_size=2))
def test_repair_satisfies_portage_and_keeps_fixed_flags(text, use, defaults, fixed_names):
    spec = parse_required_use(text)
    fixed = {f: "forced" if f in use else "masked" for f in fixed_names}
    fixed_use = fix_required_use(spec, use, defaults=defaults, fixed=fixed)
    if fixed_use is not None:
        assert portage_holds(text, fixed_use)
        assert all((f in fixed_use) == (f in use) for f in fixed)
        if portage_holds(text, use):
            assert fixed_use == use


@settings(max_examples=100, deadline=None)
@given(st.lists(flag, min_size=1, max_size=5, unique=True), use_sets, use_sets)
def test_exactly_one_of_flags_is_always_repairable(group, use, defaults):
    text = f"^^ ( {' '.join(group)} )"
    fixed_use = fix_required_use(parse_required_use(text), use, defaults=defaults)
    assert fixed_use is not None and portage_holds(text, fixed_use)
    on = [f for f in group if f in fixed_use]
    if not set(group) & use and set(group) & defaults:
        assert on[0] in defaults  # an IUSE default is preferred over the leftmost flag


REPAIRS = [  # (REQUIRED_USE, USE, IUSE defaults, fixed, expected USE after repair)
    ("^^ ( gawk busybox mawk nawk )", "", "gawk", {}, "gawk"),
    ("^^ ( gawk busybox mawk nawk )", "", "", {}, "gawk"),
    ("^^ ( gawk busybox mawk nawk )", "", "", {"gawk": "masked"}, "busybox"),
    ("^^ ( gawk busybox mawk nawk )", "gawk mawk", "mawk", {}, "mawk"),
    ("^^ ( gawk busybox mawk nawk )", "gawk mawk", "mawk", {"gawk": "forced"}, "gawk"),
    ("|| ( ssl gnutls )", "", "gnutls", {}, "gnutls"),
    ("ssl? ( || ( openssl libressl ) )", "ssl", "", {}, "ssl openssl"),
    ("crypt", "", "", {}, "crypt"),
    ("!static? ( pie )", "", "", {"pie": "masked"}, None),
    ("python? ( ^^ ( python_single_target_a python_single_target_b ) )", "python", "", {},
     "python python_single_target_a"),
]


@pytest.mark.parametrize("text,use,defaults,fixed,expected", REPAIRS)
def test_repair_table(text, use, defaults, fixed, expected):
    got = fix_required_use(parse_required_use(text), set(use.split()),
                           defaults=set(defaults.split()), fixed=fixed)
    assert got == (None if expected is None else frozenset(expected.split()))


def test_violation_texts_name_the_condition():
    spec = parse_required_use("ssl? ( ^^ ( openssl gnutls ) ) ?? ( x y ) z")
    assert violations(spec, {"ssl", "x", "y"}) == (
        "ssl? ^^ ( openssl gnutls )", "?? ( x y )", "z")
