"""bootorder.resolver.anyof: portage's ``dep_zapdeps`` choice bins (a hand-checked table
reaching every bin), the choice itself (in-bin promotions: installed slots, upgrades,
packages already in the graph), and properties on generated alternatives."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from bootorder.resolver.anyof import BINS, Alternative, choose

A = Alternative


BIN_TABLE = [
    (A(available=True, use_satisfied=True, in_graph=True), "preferred"),
    (A(available=True, use_satisfied=True, installed=True), "preferred"),
    (A(available=True, use_satisfied=True), "preferred_non_installed"),
    (A(available=True, in_graph=True), "unsat_use_in_graph"),
    (A(available=True, installed_slots=True), "unsat_use_installed"),
    (A(available=True, installed=True), "unsat_use_non_installed"),   # slots decide here
    (A(available=True), "unsat_use_non_installed"),
    (A(installed=True), "other_installed"),
    (A(some_installed=True), "other_installed_some"),
    (A(any_slot_installed=True), "other_installed_any_slot"),
    (A(), "other"),
    # an alternative closing a cycle through the dependent goes last, whatever else holds
    (A(available=True, use_satisfied=True, in_graph=True, circular=True), "other"),
    (A(installed=True, circular=True), "other_installed"),            # unavailable: as usual
]


@pytest.mark.parametrize("alt, bin_", BIN_TABLE)
def test_bins(alt, bin_):
    assert alt.bin() == bin_


def test_the_table_reaches_every_bin():
    assert {bin_ for _, bin_ in BIN_TABLE} == set(BINS)


PY312 = (("dev-lang/python", "3.12"),)
PY313 = (("dev-lang/python", "3.13"),)
OLD, NEW = A(True, True, versions=PY312), A(True, True, versions=PY313)


@pytest.mark.parametrize("alternatives, chosen", [
    ([A(True, True), A(True, True, in_graph=True)], 1),            # keep what the graph has
    ([A(True, True, in_graph=True), A(True, True, installed=True)], 0),   # same bin: leftmost
    ([A(True, True), A(False, installed=True)], 0),                 # first visible wins
    ([A(False), A(False, installed=True)], 1),                      # none visible: best bin
    ([A(False), A(False)], 0),
    ([A(True, False), A(True, True)], 1),                           # USE deps met first
    ([A(True, True, in_graph=True, circular=True), A(True, True)], 1),
    ([OLD, NEW], 1),                                                # an upgrade moves ahead
    ([NEW, OLD], 0),
    ([A(True, True, in_graph=True), A(True, True, versions=PY313)], 0),   # bins come first
    # one bin (preferred): all in the graph moves ahead of installed ...
    ([A(True, True, installed=True), A(True, True, in_graph=True)], 1),
    # ... unless it trades an upgrade for a downgrade
    ([A(True, True, installed=True, versions=PY313),
      A(True, True, in_graph=True, versions=PY312)], 0),
    ([A(True, True, installed=True, versions=PY312),
      A(True, True, in_graph=True, versions=PY313)], 1),
    # upgrading one package while downgrading another is no upgrade
    ([A(True, True, versions=PY312 + (("a/b", "2"),)),
      A(True, True, versions=PY313 + (("a/b", "1"),))], 0),
    # installed slots move ahead inside the unsatisfied-USE bins
    ([A(True), A(True, installed_slots=True)], 1),
])
def test_choose(alternatives, chosen):
    assert choose(alternatives) == chosen


def test_an_empty_group_is_an_error():
    with pytest.raises(ValueError, match="at least one alternative"):
        choose([])


alternatives = st.builds(
    Alternative, available=st.booleans(), use_satisfied=st.booleans(),
    in_graph=st.booleans(), installed=st.booleans(), installed_slots=st.booleans(),
    some_installed=st.booleans(), any_slot_installed=st.booleans(),
    versions=st.lists(st.tuples(st.sampled_from(["a/b", "c/d"]),
                                st.sampled_from(["1", "2", "3"])),
                      max_size=2, unique_by=lambda v: v[0]).map(tuple),
    circular=st.booleans())


@given(st.lists(alternatives, min_size=1, max_size=5))
def test_the_choice_comes_from_the_best_bin_with_a_visible_alternative(alts):
    """Promotions only reorder a bin: the choice is visible when one is, and no visible
    alternative sits in a better bin (none visible: nothing sits in a better bin)."""
    i = choose(alts)
    candidates = [a for a in alts if a.available] or alts
    assert alts[i] in candidates
    assert BINS.index(alts[i].bin()) == min(BINS.index(a.bin()) for a in candidates)


def test_the_walk_decides_groups_with_the_mixin():
    from bootorder.resolver import resolution
    from bootorder.resolver.anyofwalk import AnyOfWalk
    assert issubclass(resolution._Resolver, AnyOfWalk)
