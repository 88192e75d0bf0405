"""Temporary USE changes: the first pass's clears are those a permanent change may not
make (a dependent of the full build pins the flag), found on the first pass's own
graph; only flags that are on are cleared; a graph without hard cycles needs no pass.
Emerge replays both passes in tests/plan/test_board.py."""
from __future__ import annotations

from functools import partial

from minirepo import make_config

from bootorder.resolver.resolution import resolve
from bootorder.usechange.constraints import config_constraints
from bootorder.usechange.suggestion import suggest_use
from bootorder.usechange.temporary import cycle_packages, hard_components, temporary_use

EBUILDS = {
    "app/a-1": {"IUSE": "+x off", "DEPEND": "x? ( app/b ) !off? ( app/b )"},
    "app/b-1": {"DEPEND": "app/a"},
    "app/c-1": {"RDEPEND": "app/a[x]"},
}


def board_resolve(config, atoms):
    return resolve(config, list(atoms), host="seed", implicit=False, sysroot="target")


def test_a_first_pass_only_clears_flags(tmp_path):
    config = make_config(tmp_path, EBUILDS)
    full = board_resolve(config, ["app/c"])
    assert cycle_packages(hard_components(full)) == ("app/a", "app/b")
    permanent = suggest_use(full, config_constraints(full, config))
    assert permanent.changes == () and len(permanent.unbreakable) == 1
    passes = temporary_use(full, config, partial(board_resolve))
    assert passes.packages == ("app/a", "app/b")
    # both edges of the link must go: clearing x removes one, the other needs 'off'
    # set, which a first pass never does: the cycle is left, and the plan says so
    assert [c.line() for c in passes.changes] == []
    assert passes.left and not passes.complete


def test_a_flag_a_dependent_pins_is_cleared_for_the_first_pass_only(tmp_path):
    config = make_config(tmp_path, {**EBUILDS, "app/a-1": {"IUSE": "+x",
                                                          "DEPEND": "x? ( app/b )"}})
    full = board_resolve(config, ["app/c"])
    passes = temporary_use(full, config, board_resolve)
    assert [c.line() for c in passes.changes] == ["app/a -x"]
    assert passes.locks[0][1] == "app/c-1 needs app/a[x]"
    assert passes.suggestion.exact and passes.complete
    assert {k.cpv for k in passes.first.nodes()} == {"app/a-1", "app/b-1"}
    assert temporary_use(passes.first, passes.first_config, board_resolve).packages == ()
