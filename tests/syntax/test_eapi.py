"""The EAPI features table against portage's own table (portage.eapi._get_eapi_attrs)."""
from __future__ import annotations

import pytest
from portage.eapi import _get_eapi_attrs

from bootorder.core.errors import BootorderError
from bootorder.syntax.eapi import EAPIS, features, is_known, parse_features

# our name -> portage's name (same meaning)
PAIRS = {
    "slot_deps": "slot_deps", "use_deps": "use_deps", "strong_blocks": "strong_blocks",
    "src_uri_arrows": "src_uri_arrows", "use_dep_defaults": "use_dep_defaults",
    "required_use": "required_use", "at_most_one_of": "required_use_at_most_one_of",
    "slot_operators": "slot_operator", "bdepend": "bdepend", "idepend": "idepend",
    "selective_fetch": "selective_src_uri_restriction", "repo_deps": "repo_deps",
}


@pytest.mark.parametrize("eapi", EAPIS + (None,))
def test_features_equal_portage(eapi):
    ours, theirs = features(eapi), _get_eapi_attrs(eapi)
    for mine, portage_name in PAIRS.items():
        assert getattr(ours, mine) == getattr(theirs, portage_name), (eapi, mine)
    if eapi is not None:
        assert ours.empty_any_of_false == (not theirs.empty_groups_always_true)


def test_eapis_and_keys():
    assert EAPIS == tuple(str(n) for n in range(10))
    assert features("6").keys == {"DEPEND", "RDEPEND", "PDEPEND"}
    assert features("7").keys == {"DEPEND", "RDEPEND", "PDEPEND", "BDEPEND"}
    assert "IDEPEND" in features("9").keys


@pytest.mark.parametrize("eapi", ["10", "5-progress", "4-python", ""])
def test_unknown_eapi_is_refused_but_parses_like_no_eapi_as_in_portage(eapi):
    with pytest.raises(BootorderError, match="unsupported EAPI"):
        features(eapi)               # what visibility (masking) asks
    theirs = _get_eapi_attrs(eapi)  # what the parsers apply, as portage does
    for mine, portage_name in PAIRS.items():
        assert getattr(parse_features(eapi), mine) == getattr(theirs, portage_name), mine
    assert not is_known(eapi) and is_known("0") and is_known(None)
    with pytest.raises(BootorderError):
        parse_features(8)
