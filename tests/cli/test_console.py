"""bootorder.cli and bootorder.__main__: the console entry point (exit codes, a reader
that stops early, ``python -m bootorder``)."""
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


def test_importing_the_main_module_runs_nothing():
    """``bootorder.__main__`` runs the command only as ``python -m bootorder``."""
    code = ("import contextlib, io, sys\n"
            "out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):\n"
            "    import bootorder.__main__ as m\n"
            "import bootorder.cli\n"
            "print(repr(out.getvalue()), m.console_main is bootorder.cli.console_main)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout == "'' True\n"


def test_python_m_bootorder_is_the_command():
    import bootorder.__main__  # noqa: F401  (importing it here runs nothing either)
    done = subprocess.run([sys.executable, "-m", "bootorder", "parse", "a/b || ( c/d )"],
                          capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "a/b\n|| (\n  c/d\n)\n")
    bad = subprocess.run([sys.executable, "-m", "bootorder", "parse", "a/b )"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("bootorder: ')' without a matching")
