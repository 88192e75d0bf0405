"""Progress on a terminal for every command: a :class:`~bootorder.core.reporter.Reporter`
that draws one status line on stderr, only when stderr is a terminal and only once
the command has run for more than a second. Warnings always go to stderr; problems
are kept (``reporter.problems``) for the envelope :mod:`bootorder.cli.output` prints
after the answer; notes go to stderr, or are kept (``reporter.notes``) with
``notes=False`` (``--json``: they travel in the answer's ``"context"``).

Every CLI module does::

    from .progress import terminal_reporter
    with terminal_reporter() as reporter:
        graph = resolve_from_args(args, reporter)

>>> import io
>>> with terminal_reporter(io.StringIO()) as r:   # not a terminal: draws nothing
...     r.progress("resolve", 5, 10)
>>> r.enabled
False
"""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterator, TextIO

from ..core.reporter import Reporter

DELAY = 1.0
"""Seconds of work before the first progress line is drawn."""

INTERVAL = 0.1
"""Minimum seconds between two redraws."""


class TerminalReporter(Reporter):
    """Draws ``stage: done/total (pct%), N s`` on one line of ``stream``.

    Parameters
    ----------
    stream : text stream, default ``sys.stderr``
    enabled : bool, optional
        Draw progress; default: ``stream.isatty()``.
    delay, interval : float
        See :data:`DELAY` and :data:`INTERVAL`.
    clock : callable
        Returns seconds (``time.monotonic``); tests pass a fake one.
    notes : bool
        Write notes to ``stream`` (else keep them in ``notes``).
    """

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None,
                 delay: float = DELAY, interval: float = INTERVAL,
                 clock: Callable[[], float] = time.monotonic, notes: bool = True) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _isatty(self.stream) if enabled is None else enabled
        self.show_notes = notes
        self.notes: list[str] = []
        self.problems: list = []
        self.delay, self.interval, self.clock = delay, interval, clock
        self.start = clock()
        self._last_draw: float | None = None
        self._width = 0

    def progress(self, stage: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.start < self.delay:
            return
        if total is not None and done >= total:
            self.clear()
            return
        if self._last_draw is not None and now - self._last_draw < self.interval:
            return
        self._draw(status_line(stage, done, total, now - self.start))
        self._last_draw = now

    def note(self, message: str) -> None:
        self.notes.append(message)
        if self.show_notes:
            self.clear()
            self.stream.write(f"bootorder: {message}\n")
            self.stream.flush()

    def problem(self, problem) -> None:
        """Kept for the envelope printed after the answer (not written here)."""
        if problem not in self.problems:
            self.problems.append(problem)

    def warning(self, message: str) -> None:
        self.clear()
        self.stream.write(f"bootorder: warning: {message}\n")
        self.stream.flush()

    def clear(self) -> None:
        """Erase the status line, if one is drawn."""
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def _draw(self, text: str) -> None:
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text) + pad


def status_line(stage: str, done: int, total: int | None, elapsed: float | None = None,
                ) -> str:
    """The text of one progress line (with the seconds elapsed when given).

    >>> status_line("resolve", 3, 12)
    'resolve: 3/12 (25%)'
    >>> status_line("cycles found", 40, None, 12.4)
    'cycles found: 40, 12 s'
    """
    seconds = f", {elapsed:.0f} s" if elapsed is not None else ""
    if not total:
        return f"{stage}: {done}{seconds}"
    return f"{stage}: {done}/{total} ({100 * done // total}%){seconds}"


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextmanager
def terminal_reporter(stream: TextIO | None = None, **options) -> Iterator[TerminalReporter]:
    """A :class:`TerminalReporter` whose status line is erased when the block ends."""
    reporter = TerminalReporter(stream, **options)
    try:
        yield reporter
    finally:
        reporter.clear()
