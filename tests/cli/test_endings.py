"""bootorder.cli.endings: every way a run stops maps to one line and a documented exit
code (a table of endings run in-process on streams that fail on purpose)."""
from __future__ import annotations

import errno
import io

import pytest

from bootorder.cli import endings


class FailingStream(io.StringIO):
    """A text stream whose writes (or only its flushes) fail with ``code``."""

    def __init__(self, code: int, on_flush: bool = False):
        super().__init__()
        self.code, self.on_flush = code, on_flush

    def write(self, text):
        if not self.on_flush:
            raise OSError(self.code, errno.errorcode[self.code])
        return super().write(text)

    def flush(self):
        if self.on_flush and self.getvalue():
            raise OSError(self.code, errno.errorcode[self.code])


def _raise(exc):
    def main():
        raise exc
    return main


def _prints(text, code=0):
    def main():
        print(text)
        return code
    return main


@pytest.mark.parametrize("main, stdout, code, said", [
    (_prints("answer", 3), io.StringIO(), 3, ""),
    (_prints("answer"), FailingStream(errno.ENOSPC), 5,
     "bootorder: cannot write the output: [Errno 28] ENOSPC\n"),
    (_prints("answer", 3), FailingStream(errno.EIO, on_flush=True), 5,
     "bootorder: cannot write the output: [Errno 5] EIO\n"),
    # a reader that stops early: quiet, with the code of a complete answer, else 0
    (_prints("answer", 3), FailingStream(errno.EPIPE, on_flush=True), 3, ""),
    (_prints("answer", 3), FailingStream(errno.EPIPE), 0, ""),
    (_raise(KeyboardInterrupt()), io.StringIO(), 130, "bootorder: interrupted\n"),
    # a file the command writes, on a full disk or a read-only file system
    (_raise(OSError(errno.ENOSPC, "No space left on device")), io.StringIO(), 5,
     "bootorder: cannot write: [Errno 28] No space left on device\n"),
    (_raise(OSError(errno.EROFS, "Read-only file system", "x")), io.StringIO(), 5,
     "bootorder: cannot write: [Errno 30] Read-only file system: 'x'\n"),
    (_raise(SystemExit(2)), io.StringIO(), 2, ""),
    (_raise(SystemExit(None)), io.StringIO(), 0, ""),
])
def test_endings(main, stdout, code, said):
    err = io.StringIO()
    assert endings.run(main, stdout=stdout, stderr=err) == code
    assert err.getvalue() == said


@pytest.mark.parametrize("exc", [RuntimeError("boom " * 100), KeyError("k"),
                                 FileNotFoundError(2, "No such file", "/x")])
def test_a_bug_is_one_line_without_a_traceback(exc, monkeypatch):
    monkeypatch.delenv(endings.DEBUG_VARIABLE, raising=False)
    err = io.StringIO()
    assert endings.run(_raise(exc), stdout=io.StringIO(), stderr=err) == 1
    line, = err.getvalue().splitlines()
    assert line.startswith(f"bootorder: bug: {type(exc).__name__}: ")
    assert "report it" in line and "BOOTORDER_DEBUG=1" in line and len(line) < 400


def test_the_debug_variable_adds_the_traceback(monkeypatch):
    monkeypatch.setenv(endings.DEBUG_VARIABLE, "1")
    err = io.StringIO()
    assert endings.run(_raise(RuntimeError("boom")), stdout=io.StringIO(), stderr=err) == 1
    text = err.getvalue()
    assert text.startswith("Traceback (most recent call last):")
    assert text.splitlines()[-1].startswith("bootorder: bug: RuntimeError: boom")


def test_a_dead_standard_error_ends_quietly_with_5():
    def main():
        print("a warning", file=__import__("sys").stderr)
        return 0
    assert endings.run(main, stdout=io.StringIO(), stderr=FailingStream(errno.ENOSPC)) == 5


def test_streams_are_restored_and_other_attributes_pass_through():
    import sys
    before = sys.stdout, sys.stderr
    seen = {}

    def main():
        seen["isatty"] = sys.stdout.isatty()
        seen["guarded"] = isinstance(sys.stdout, endings.GuardedStream)
        return 0
    assert endings.run(main, stdout=io.StringIO(), stderr=io.StringIO()) == 0
    assert seen == {"isatty": False, "guarded": True}
    assert (sys.stdout, sys.stderr) == before
