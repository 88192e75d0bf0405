"""portage's own resolver as a test oracle, via ``shared/tools/mini_emerge.py``.

``mini_emerge`` rewrites the interpreter prefix's ``etc/portage`` for the length of a
call, so calls are serialised with a file lock (several test processes may run at once).
Tests that use it skip cleanly when portage or the shared tools are absent.
"""
from __future__ import annotations

import fcntl
import importlib.util

import pytest

LOCK_PATH = "/tmp/bootorder-mini-emerge.lock"


def _load_mini_emerge():
    from conftest import _shared

    shared = _shared()
    script = shared / "tools" / "mini_emerge.py" if shared else None
    if script is None or not script.is_file():
        pytest.skip("shared/tools/mini_emerge.py absent: set BOOTORDER_SHARED")
    pytest.importorskip("portage", reason="portage (PyPI) is the oracle; install the 'portage' extra")
    spec = importlib.util.spec_from_file_location("mini_emerge", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_emerge(ebuilds: dict, targets: list[str], **kwargs) -> str:
    """emerge's output for ``targets`` on a throw-away repository written from ``ebuilds``."""
    module = _load_mini_emerge()
    with open(LOCK_PATH, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return module.mini_emerge(ebuilds, targets, **kwargs)
