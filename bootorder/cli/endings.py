"""How the ``bootorder`` command ends: one line and a documented exit code for every
way a run can stop, never a traceback unless asked for.

====  ==========================================================================
5     the output could not be written (``> /dev/full``: ENOSPC, EIO, ...):
      ``bootorder: cannot write the output: [Errno 28] No space left on device``;
      a file the command writes (``plan --out`` on a full disk):
      ``bootorder: cannot write: [Errno 28] No space left on device``
130   interrupted (Ctrl-C): ``bootorder: interrupted``
1     a bug in bootorder: one line naming the exception and how to report it; with
      ``BOOTORDER_DEBUG=1`` in the environment the traceback comes first
====  ==========================================================================

The codes are those of the table every command shares
(:data:`bootorder.cli.output.EXIT_CODES`). A reader that stops early (``bootorder order
... | head``) ends the command quietly: with the command's exit code when the answer
was complete, else 0.

>>> import io
>>> def crash():
...     raise RuntimeError("boom")
>>> err = io.StringIO()
>>> run(crash, stdout=io.StringIO(), stderr=err), err.getvalue().split(":")[:2]
(1, ['bootorder', ' bug'])
"""
from __future__ import annotations

import errno
import os
import sys
import traceback
from typing import Callable

from ..core.errors import clip
from .output import EXIT_BUG, EXIT_INTERRUPTED, EXIT_OUTPUT

__all__ = ["run", "OutputError", "GuardedStream", "DEBUG_VARIABLE", "NO_ROOM"]

DEBUG_VARIABLE = "BOOTORDER_DEBUG"
"""Set (non-empty) in the environment, a bug's traceback is printed."""
NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})
"""Errors only a write gets: raised anywhere (a file the command writes, such as
``plan --out``), they end the run like a failed output (exit 5), not as a bug."""


class OutputError(Exception):
    """Writing to ``stream`` (standard output or error) failed with OSError ``error``."""

    def __init__(self, error: OSError, stream):
        super().__init__(error)
        self.error = error
        self.stream = stream


class GuardedStream:
    """A text stream whose failed writes raise :class:`OutputError`, so that they are
    told apart from every other OSError (a file that cannot be read, say)."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as err:
            raise OutputError(err, self._stream) from err

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as err:
            raise OutputError(err, self._stream) from err

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def run(main: Callable[[], int], stdout=None, stderr=None) -> int:
    """Run ``main()`` with guarded output streams; the exit code of how it ended.

    ``stdout``/``stderr`` default to ``sys.stdout``/``sys.stderr``, which are replaced
    by guarded ones while ``main`` runs.
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    _tolerate_undecodable(out)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = GuardedStream(out), GuardedStream(err)
    code = 0
    try:
        try:
            code = main()
        except SystemExit as done:  # argparse's --help and usage errors
            code = done.code if isinstance(done.code, int) else int(done.code is not None)
        sys.stdout.flush()
        return code
    except OutputError as failed:
        _silence(failed.stream)
        if failed.error.errno == errno.EPIPE:  # the reader closed the pipe (| head)
            return code
        if failed.stream is not err:
            _say(err, f"cannot write the output: {failed.error}")
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        _silence(out)
        _say(err, "interrupted")
        return EXIT_INTERRUPTED
    except Exception as bug:  # anything else is a bug in bootorder
        if isinstance(bug, OSError) and bug.errno in NO_ROOM:  # a file it writes (plan --out)
            _say(err, f"cannot write: {bug}")
            return EXIT_OUTPUT
        if os.environ.get(DEBUG_VARIABLE):
            _say(err, "".join(traceback.format_exception(bug)).rstrip(), prefix="")
        _say(err, f"bug: {type(bug).__name__}: {clip(str(bug), 200)} (an internal error; "
                  f"please report it to the bootorder maintainers with the command line "
                  f"and the traceback {DEBUG_VARIABLE}=1 prints)")
        return EXIT_BUG
    finally:
        sys.stdout, sys.stderr = saved


def _tolerate_undecodable(out) -> None:
    """Write back undecodable bytes of arguments and standard input as they came
    (Python decodes ``argv`` with ``surrogateescape``; a strict locale would fail)."""
    for stream in (out, sys.stdin):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="surrogateescape")
            except (OSError, ValueError):
                pass


def _silence(stream) -> None:
    """Send what is still buffered for ``stream`` to /dev/null: the interpreter flushes
    it at exit, and a second failure there would print a traceback."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _say(err, line: str, prefix: str = "bootorder: ") -> None:
    try:
        print(f"{prefix}{line}", file=err, flush=True)
    except (OSError, ValueError):  # standard error is gone too: nothing left to tell
        pass
