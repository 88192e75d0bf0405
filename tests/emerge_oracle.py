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


def run_emerge(ebuilds: dict, targets: list[str], profile_files: dict | None = None,
               **kwargs) -> str:
    """emerge's output for ``targets`` on a throw-away repository written from ``ebuilds``
    (``profile_files``: more files of its profile, e.g. ``{"use.mask": "x\\n"}``)."""
    module = _load_mini_emerge()
    if profile_files:
        write = module.write_repo

        def write_repo(base, ebuilds):
            repo = write(base, ebuilds)
            for name, text in profile_files.items():
                with open(f"{repo}/profiles/default/{name}", "w") as f:
                    f.write(text)
            return repo
        module.write_repo = write_repo  # a fresh module per call: nothing leaks
    with open(LOCK_PATH, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return module.mini_emerge(ebuilds, targets, **kwargs)


VERBOSE = ("--pretend", "--oneshot", "--verbose")
"""emerge's options for :func:`parse_emerge` (``--verbose`` shows each package's USE)."""


def parse_emerge(out: str) -> dict:
    """What an ``emerge --pretend --verbose`` answer says, for comparisons:
    ``merged`` ``{(cpv, "target"|"host"): enabled USE}`` of the packages it lists (a
    package merged ``to`` another root is in ``target``; when it stops on a cycle it
    lists only what it could not merge, as a tree whose ``[nomerge]`` lines are parents
    shown for context, not part of it), ``use_lines`` the ``package.use`` lines of "The
    following USE changes are necessary" (every root's block), ``unsatisfied`` the atoms
    of "there are no ebuilds [built with USE flags] to satisfy", ``circular`` whether it
    stopped on a cycle."""
    import re
    merged = {}
    for m in re.finditer(r'^\[ebuild[^\]]*\]\s+(\S+?)(?::[^:\s]+)?::\S+'
                         r'(\s+to\s+\S+)?(?:\s+USE="([^"]*)")?', out, re.M):
        flags = (f.strip("()").rstrip("*%") for f in (m.group(3) or "").split())
        merged[(m.group(1), "target" if m.group(2) else "host")] = \
            frozenset(f for f in flags if not f.startswith("-"))
    lines = []
    for block in out.split("The following USE changes are necessary to proceed:")[1:]:
        lines += [line for line in block.split("\n\n")[0].splitlines()[2:]
                  if line and not line.startswith(("#", "For "))]
    unsatisfied = sorted(re.findall(r'there are no ebuilds (?:built with USE flags )?'
                                    r'to satisfy "([^"]+)"', out))
    return {"merged": merged, "use_lines": sorted(lines), "unsatisfied": unsatisfied,
            "circular": "circular dependencies" in out}
