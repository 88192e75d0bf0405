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
