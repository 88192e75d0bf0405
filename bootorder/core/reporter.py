"""The observation seam: a reporter of no-op hooks that long work calls.

The library never prints; the CLI passes a reporter that draws progress on a
terminal, tests pass one that records.

>>> r = Reporter()
>>> r.progress("resolve", 1, 10)  # does nothing
"""
from __future__ import annotations


class Reporter:
    """Hooks called by long-running library work. Every method is a no-op here."""

    def progress(self, stage: str, done: int, total: int | None) -> None:
        """``done`` of ``total`` units of ``stage`` are finished (total None: unknown)."""

    def note(self, message: str) -> None:
        """A fact the user should know (which tree or profile was chosen, and why)."""

    def warning(self, message: str) -> None:
        """Something the user gave was skipped or looked wrong; the run goes on."""

    def cycle_found(self, cycle: object) -> None:
        """A dependency cycle was found."""

    def edge_dropped(self, edge: object, reason: str) -> None:
        """An edge was ignored to break a cycle."""


class RecordingReporter(Reporter):
    """A reporter that keeps every call, for tests and notebooks.

    >>> r = RecordingReporter()
    >>> r.warning("x")
    >>> r.calls
    [('warning', ('x',))]
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple]] = []

    def progress(self, stage, done, total):
        self.calls.append(("progress", (stage, done, total)))

    def note(self, message):
        self.calls.append(("note", (message,)))

    def warning(self, message):
        self.calls.append(("warning", (message,)))

    def cycle_found(self, cycle):
        self.calls.append(("cycle_found", (cycle,)))

    def edge_dropped(self, edge, reason):
        self.calls.append(("edge_dropped", (edge, reason)))


NULL_REPORTER = Reporter()
