"""bootorder.config.overrides: ``--with`` specs (a table of texts and their changes,
the round trip through ``with_text``, a table of errors and their messages)."""
from __future__ import annotations

import pytest

from bootorder.config.overrides import parse_with, with_text
from bootorder.core.errors import BootorderError


@pytest.mark.parametrize("text, atom, changes", [
    ("dev-libs/a -b", "dev-libs/a", (("b", False),)),
    ("=dev-libs/a-1 +x y -z", "=dev-libs/a-1", (("x", True), ("y", True), ("z", False))),
    ("  sys-devel/gcc:15   -nls ", "sys-devel/gcc:15", (("nls", False),)),
])
def test_spec_parse(text, atom, changes):
    parsed = parse_with(text)
    assert {c.package for c in parsed} == {atom}
    assert tuple((c.flag, c.enable) for c in parsed) == changes
    assert parse_with(with_text(parsed)) == parsed


@pytest.mark.parametrize("text, message", [
    ("dev-libs/a", "--with 'dev-libs/a': expected 'ATOM -flag|+flag ...'"),
    ("dev-libs/a --b", "--with 'dev-libs/a --b': bad flag change '--b'"),
    ("dev-libs/a-1 -b", "--with 'dev-libs/a-1 -b': invalid atom 'dev-libs/a-1'"),
])
def test_spec_errors(text, message):
    with pytest.raises(BootorderError) as err:
        parse_with(text)
    assert str(err.value).startswith(message)
