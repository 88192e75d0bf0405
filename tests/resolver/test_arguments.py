"""bootorder.resolver.arguments: arguments that match nothing, and the close names
suggested (a hand-checked table on a small tree); what exists but cannot be resolved is
left to the resolver."""
from __future__ import annotations

import types

import pytest

from bootorder.core.errors import NoMatchError
from bootorder.core.usechange import UseChange
from bootorder.resolver.arguments import as_atom, check_arguments, close_names, unmatched
from bootorder.tree.repository import Repository, Tree

TREE = Tree([Repository.from_dict("r", {
    "sys-devel/gcc-15": {}, "sys-devel/gcc-config-2": {}, "dev-lang/gcc-1": {},
    "sys-devel/m4-1": {}, "sys-libs/zlib-1.3": {}})])
CONFIG = types.SimpleNamespace(tree=TREE)


@pytest.mark.parametrize("targets, changes, said", [
    (["sys-devel/gcc", ">=sys-devel/gcc-99", "sys-libs/zlib:5", "@system", "@stage1"], [], []),
    (["sys-devel/gccc"], [], ["no package matches 'sys-devel/gccc' (did you mean "
                              "sys-devel/gcc or dev-lang/gcc?)"]),
    (["sys-devl/m4"], [], ["no package matches 'sys-devl/m4' (did you mean sys-devel/m4?)"]),
    (["x11-libs/nothing-like-it"], [], ["no package matches 'x11-libs/nothing-like-it'"]),
    (["@sytsem", "@nope"], [], ["no set matches '@sytsem' (did you mean @system?)",
                                "no set matches '@nope'"]),
    (["not an atom"], [], []),                       # the resolver says it is invalid
    ([], [UseChange("sys-libs/zlb", "x", False)],
     ["no package matches '--with sys-libs/zlb' (did you mean sys-libs/zlib?)"]),
    ([], [UseChange(">=sys-libs/zlib-2", "x", False)],
     ["no version matches '--with >=sys-libs/zlib-2'"]),
    ([], [UseChange("sys-libs/zlib", "x", False), UseChange("sys-libs/zlib", "y", True)], []),
])
def test_unmatched(targets, changes, said):
    assert [str(e) for e in unmatched(CONFIG, targets, changes)] == said


def test_check_arguments_raises_the_first():
    with pytest.raises(NoMatchError, match="'a/b'") as err:
        check_arguments(CONFIG, ["a/b", "c/d"])
    assert err.value.argument == "a/b" and err.value.did_you_mean == ()
    check_arguments(CONFIG, ["sys-libs/zlib"])


def test_close_names_and_as_atom():
    assert close_names(TREE, "gcc-confg") == ["sys-devel/gcc-config"]
    assert str(as_atom("sys-libs/zlib-1.3")) == "=sys-libs/zlib-1.3"
