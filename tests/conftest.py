"""Shared fixtures: where the shared corpus and oracle are (skip cleanly without them).

Puts tests/ on sys.path, so that test files in tests/<subpackage>/ import the helper
modules kept here (depstrategies, minirepo, emerge_oracle, ...)."""
from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

# The persistent metadata cache of every command and workflow a test runs (subprocesses
# inherit it) goes to a throw-away directory, never the user's ~/.cache/bootorder.
CACHE_DIR = tempfile.mkdtemp(prefix="bootorder-test-cache-")
os.environ["BOOTORDER_CACHE_DIR"] = CACHE_DIR
atexit.register(shutil.rmtree, CACHE_DIR, True)


def _shared() -> Path | None:
    env = os.environ.get("BOOTORDER_SHARED")
    if env:
        return Path(env)
    default = PROJECT.parent / "shared"
    return default if default.is_dir() else None


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (or ``$BOOTORDER_SHARED``); skips when absent."""
    path = _shared()
    if path is None or not (path / "corpus").is_dir():
        pytest.skip("shared corpus absent: set BOOTORDER_SHARED to the shared/ directory")
    return path


@pytest.fixture(scope="session")
def corpus_dir(shared_dir) -> Path:
    """The Flatcar corpus: a directory with ``portage-stable`` and ``coreos-overlay``."""
    return shared_dir / "corpus" / "flatcar"


@pytest.fixture(scope="session")
def oracle_dir(shared_dir) -> Path:
    return shared_dir / "oracle"


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return PROJECT / "examples"
