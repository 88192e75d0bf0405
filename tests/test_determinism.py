"""Same input, byte-identical output: every command's JSON under different hash seeds.

Python randomises ``str`` hashing per process, so set iteration order differs between
runs; any output that leaks it (an enumeration cut by a cap, an unsorted listing) shows
up as a difference between two processes with different ``PYTHONHASHSEED``.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

COMMANDS = [
    ["stage1"], ["order", "--waves"], ["cycles"], ["cycles", "--scope", "all"],
    ["cycles", "--scope", "hard"], ["cycles", "--suggest-use"], ["bootstrap"],
    ["toolchain"], ["explain", "sys-devel/gcc"], ["graph", "--format", "json"],
]


def _run(args: list[str], seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-m", "bootorder", *args], env=env,
                          capture_output=True, timeout=300)
    assert done.returncode in (0, 3, 4), done.stderr.decode()    # 4: an incomplete answer
    return done.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_corpus_output_does_not_depend_on_hash_seed(command, corpus_dir):
    args = [*command, "--repo", str(corpus_dir / "portage-stable"),
            "--repo", str(corpus_dir / "coreos-overlay"),
            "--profile", "coreos-overlay:coreos/amd64/sdk/transition",
            "--stage1", "--host", "empty", "--json"]
    first = _run(args, "1")
    assert first.strip(), "no output"
    assert _run(args, "2") == first


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_example_output_does_not_depend_on_hash_seed(command, example_dir):
    args = [*command, "--repo", str(example_dir / "repo"), "--stage1", "--host", "empty", "--json"]
    first = _run(args, "3")
    assert first.strip(), "no output"
    assert _run(args, "4") == first
