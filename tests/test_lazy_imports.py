"""Importing part of bootorder does not import the heavy dependencies it does not use.

Each check runs in a fresh interpreter (``sys.modules`` of this one is already full).
"""
from __future__ import annotations

import subprocess
import sys

import pytest


def _loaded_after(code: str, *modules: str) -> dict[str, bool]:
    probe = f"{code}\nimport sys\nprint([m in sys.modules for m in {list(modules)!r}])"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    return dict(zip(modules, eval(out)))


@pytest.mark.parametrize("code, absent", [
    ("import bootorder", ("networkx", "lark", "pydot", "bootorder.order.schedule")),
    ("from bootorder.tree.repository import Tree", ("networkx", "lark", "pydot")),
    ("from bootorder.config.configuration import Config; from bootorder.config.profile import Profile",
     ("networkx", "lark", "pydot")),
    ("from bootorder.syntax.parse import parse_depend; parse_depend('a/b')", ("networkx", "pydot")),
    ("from bootorder.render.dot import FORMATS", ("pydot",)),
])
def test_heavy_modules_wait_until_needed(code, absent):
    loaded = _loaded_after(code, *absent)
    assert not any(loaded.values()), f"{code!r} imported {[m for m, v in loaded.items() if v]}"


CLI_PROBE = """
import contextlib, io
from bootorder.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        main({argv!r})
    except SystemExit:
        pass
"""


@pytest.mark.parametrize("argv", [
    ["--help"], ["parse", "ssl? ( a/b )"], ["profile"], ["profile", "--json"],
    ["cycles", "--help"], ["graph", "--help"], ["explain", "--help"], ["order", "--help"],
    ["plan", "catalyst", "--help"], ["verify", "--help"],
])
def test_cli_start_without_networkx(argv):
    """The parser and the commands that need no graph never load networkx (start-up:
    networkx alone costs more CPU than the rest of such a command)."""
    loaded = _loaded_after(CLI_PROBE.format(argv=argv), "networkx", "pydot")
    assert not any(loaded.values()), f"bootorder {' '.join(argv)} imported networkx"


def test_the_cli_probe_sees_an_import():
    assert _loaded_after(CLI_PROBE.format(argv=["order", "a/b"]), "networkx") == {"networkx": True}


def test_moved_constants_keep_their_old_names():
    """Scripts that import them from their first home keep working."""
    from bootorder.explanation import choices as explain_choices, paths
    from bootorder.graph import choices as graph_choices, neighbourhood
    from bootorder.order import choices as cycle_choices, cycles
    from bootorder.plan import catalyst, choices as plan_choices
    from bootorder.render import choices as render_choices, dot
    assert (cycles.SCOPES, cycles.DEFAULT_MAX_LENGTH, cycles.DEFAULT_MAX_CYCLES) == (
        cycle_choices.SCOPES, cycle_choices.DEFAULT_MAX_LENGTH, cycle_choices.DEFAULT_MAX_CYCLES)
    assert paths.DEFAULT_MAX_PATHS == explain_choices.DEFAULT_MAX_PATHS
    assert neighbourhood.DIRECTIONS == graph_choices.DIRECTIONS
    assert dot.FORMATS == render_choices.FORMATS
    assert (catalyst.STAGES, catalyst.OPTIONS) == (plan_choices.STAGES, plan_choices.OPTIONS)


def test_the_probe_sees_an_import():
    assert _loaded_after("from bootorder.graph.depgraph import DepGraph", "networkx") == {"networkx": True}


def test_every_export_resolves():
    import bootorder
    for name in bootorder.__all__:
        value = getattr(bootorder, name)
        assert isinstance(value, str) or value.__name__ == name
    assert set(bootorder.__all__) <= set(dir(bootorder))
    assert bootorder.order.schedule.build_order is bootorder.build_order   # submodules as attributes
    with pytest.raises(AttributeError):
        bootorder.no_such_name
