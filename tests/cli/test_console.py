"""bootorder.cli and bootorder.__main__: the console entry point (exit codes, a reader
that stops early, a full disk, Ctrl-C, a bug, ``python -m bootorder``), run as a user
runs it: in a subprocess."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


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


def _bootorder(*argv, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bootorder", *argv], capture_output=True,
                          text=True, **kw)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("argv", [["order", "--stage1"], ["order", "--stage1", "--json"],
                                  ["--help"], ["parse", "a/b"]])
def test_a_full_disk_is_one_line_and_exit_5(argv):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "bootorder", *argv], stdout=full,
                              stderr=subprocess.PIPE, text=True)
    assert done.returncode == 5
    last = done.stderr.splitlines()[-1]
    assert last == "bootorder: cannot write the output: [Errno 28] No space left on device"
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def _reading_stdin(pid: int) -> bool:
    try:
        return "pipe" in Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return False


def test_ctrl_c_is_one_line_and_exit_130():
    """SIGINT to ``parse -`` while it waits for its input (after every import)."""
    proc = subprocess.Popen([sys.executable, "-m", "bootorder", "parse", "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _reading_stdin(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if not _reading_stdin(proc.pid):
        proc.kill()
        pytest.skip("/proc/PID/wchan does not say when the command waits for input")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, out, err) == (130, "", "bootorder: interrupted\n")


def test_a_bug_is_one_line_and_exit_1_and_the_debug_variable_shows_where():
    code = ("import sys, bootorder.cli as cli\n"
            "def main():\n    raise ZeroDivisionError('injected')\n"
            "cli.main = main\ncli.console_main()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k != "BOOTORDER_DEBUG"})
    assert done.returncode == 1
    assert done.stderr.startswith("bootorder: bug: ZeroDivisionError: injected (")
    assert done.stderr.count("\n") == 1
    debug = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={**os.environ, "BOOTORDER_DEBUG": "1"})
    assert debug.returncode == 1 and "line 3, in main" in debug.stderr


def test_a_hundred_thousand_levels_through_parse_and_stdin():
    deep = "( " * 100_000 + "a/b" + " )" * 100_000
    done = _bootorder("parse", "-", input=deep)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("bootorder: groups nested more than 100 deep "
                                  "(bootorder's limit) at column 201\n")
    assert len(done.stderr) < 300
    fine = _bootorder("parse", "--json", "-", input="( " * 100 + "a/b" + " )" * 100)
    assert fine.returncode == 0 and json.loads(fine.stdout)["normalised"].count("(") == 100


def test_undecodable_bytes_come_back_as_they_came_even_in_a_strict_locale():
    done = subprocess.run([sys.executable, "-m", "bootorder", "parse", "--key", "SRC_URI",
                           os.fsdecode(b"https://e.org/\xff.tgz")], capture_output=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"})
    assert (done.returncode, done.stdout) == (0, b"https://e.org/\xff.tgz\n")


def test_the_console_script_collects_garbage_less_often():
    """One command keeps its heap to the end: the script raises the collector's
    thresholds; a Python caller of bootorder.cli.main keeps its own."""
    from bootorder import cli
    code = ("import atexit, gc, sys\nfrom bootorder import cli\n"
            "atexit.register(lambda: print(gc.get_threshold()))\n"
            "sys.argv = ['bootorder', '--version']\ncli.console_main()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.splitlines()[-1] == str(cli.GC_THRESHOLDS)
    plain = subprocess.run([sys.executable, "-c", code.replace("cli.console_main()",
                                                                "cli.main(['--version'])")],
                           capture_output=True, text=True, timeout=120)
    assert plain.stdout.splitlines()[-1] == "(700, 10, 10)"
