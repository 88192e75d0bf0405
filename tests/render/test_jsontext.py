"""render.jsontext: indented JSON byte-identical to json.dumps(value, indent=...), on
generated values (every JSON type, nested, unicode, non-string keys)."""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings, strategies as st

from bootorder.render.jsontext import indented, indented_pieces

leaves = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
keys = st.text() | st.integers() | st.booleans() | st.none() | \
    st.floats(allow_nan=False)
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) |
                      st.lists(inner, max_size=3).map(tuple) |
                      st.dictionaries(keys, inner, max_size=4), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(values, st.integers(0, 3), st.sampled_from(["", "  ", "\t"]))
def test_the_text_is_json_dumps(value, indent, margin):
    assert indented(value, indent, margin) == \
        json.dumps(value, indent=indent).replace("\n", "\n" + margin)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(), values, max_size=5) | values, st.integers(0, 2))
def test_the_pieces_join_to_json_dumps(doc, indent):
    assert "".join(indented_pieces(doc, indent)) == json.dumps(doc, indent=indent)


def test_special_floats_and_what_is_not_json():
    assert indented([math.nan, math.inf, -math.inf]) == json.dumps(
        [math.nan, math.inf, -math.inf], indent=1)
    with pytest.raises(TypeError):
        indented({"a": {1, 2}})
    with pytest.raises(TypeError):
        indented({(1, 2): "tuple key"})
