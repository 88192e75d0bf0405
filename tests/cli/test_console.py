"""bootorder.cli: the console entry point (exit codes, a reader that stops early)."""
from __future__ import annotations

import subprocess
import sys


def _piped_into_head(argv: list[str]) -> subprocess.CompletedProcess:
    """Run ``python -m bootorder ARGV | head -c 1`` (the reader closes after one byte)."""
    cmd = [sys.executable, "-m", "bootorder", *argv]
    producer = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    producer.stdout.read(1)
    producer.stdout.close()
    err = producer.stderr.read().decode()
    return subprocess.CompletedProcess(cmd, producer.wait(timeout=120), "", err)


def test_a_reader_that_stops_early_is_no_error():
    # about 1.8 MB of JSON on the example: the reader is gone long before the end
    done = _piped_into_head(["cycles", "--stage1", "--host", "empty", "--all", "--json"])
    assert done.returncode == 0
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_exit_code_of_the_answer_survives_a_closed_pipe():
    done = _piped_into_head(["cycles", "--stage1", "--host", "empty"])
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
