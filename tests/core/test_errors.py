"""bootorder.core.errors: messages stay short whatever the input (``clip`` shows a long
word by its ends, ``window`` a long source around the caret) and the caret stays under
the column it names."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from bootorder.core.errors import WINDOW, DepSyntaxError, clip, window


@pytest.mark.parametrize("text, width, shown", [
    ("short", 60, "short"),
    ("x" * 60, 60, "x" * 60),
    ("a" * 30 + "b" * 31, 60, "a" * 28 + "..." + "b" * 28),
    ("abcdefghijkl", 11, "abcd...ijkl"),
])
def test_clip(text, width, shown):
    assert clip(text, width) == shown
    assert len(clip(text, width)) <= width


@given(st.text(alphabet="ab )(", min_size=1, max_size=400), st.data())
def test_the_caret_stays_under_its_column(source, data):
    column = data.draw(st.integers(1, len(source) + 1))
    shown, offset = window(source, column)
    assert len(shown) <= WINDOW + 6
    if column <= len(source):
        assert shown[offset] == source[column - 1]
        # the characters around the caret are the source's own
        assert source[column - 1:column + 1].startswith(shown[offset:offset + 2].rstrip("."))
    else:
        assert offset == len(shown) - shown.endswith("...") * 3


def test_a_one_mebibyte_source_gives_a_short_message():
    source = "a/b " * 262144 + ")"
    err = DepSyntaxError("')' without a matching '('", source, len(source))
    text = str(err)
    assert len(text) < 250
    head, line, caret = text.split("\n")
    assert head == f"')' without a matching '(' at column {len(source)}"
    assert line[2:].startswith("...") and line[2 + caret.index("^") - 2] == ")"


def test_a_long_message_is_clipped():
    err = DepSyntaxError("invalid atom '" + "x" * 10**6 + "'", "x", 1)
    assert len(err.message) <= 400 and err.message.startswith("invalid atom 'xxx")
    assert err.message.endswith("xxx'")
