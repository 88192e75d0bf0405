"""The observation seam: a reporter of no-op hooks that long work calls.

The library never prints; the CLI passes a reporter that draws progress on a
terminal, tests pass one that records. Problems of the data (a broken cache entry, a
malformed profile line, an unreadable file) arrive through :meth:`Reporter.problem`
as :class:`bootorder.core.problems.Problem` values; :class:`ProblemCollector` keeps
them (each once) for the answer while passing every call on.

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

    def problem(self, problem) -> None:
        """A :class:`~bootorder.core.problems.Problem` of the data; the run goes on.

        Here: passed to :meth:`warning` as its one-line text, so a reporter written
        before problems existed still hears of them."""
        self.warning(problem.oneline())

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

    def problem(self, problem):
        self.calls.append(("problem", (problem,)))

    def problems(self) -> list:
        """The problems reported so far, in order."""
        return [args[0] for kind, args in self.calls if kind == "problem"]

    def cycle_found(self, cycle):
        self.calls.append(("cycle_found", (cycle,)))

    def edge_dropped(self, edge, reason):
        self.calls.append(("edge_dropped", (edge, reason)))


class ProblemCollector(Reporter):
    """Passes every call on to ``inner`` and keeps each distinct problem once.

    >>> from bootorder.core.problems import in_file
    >>> inner = RecordingReporter()
    >>> c = ProblemCollector(inner)
    >>> p = in_file("unreadable", "f", "m")
    >>> c.problem(p); c.problem(p); c.note("n")
    >>> c.problems == [p], [k for k, _ in inner.calls]
    (True, ['problem', 'note'])
    """

    def __init__(self, inner: Reporter | None = None) -> None:
        self.inner = inner if inner is not None else NULL_REPORTER
        self.problems: list = []
        self._seen: set = set()

    def progress(self, stage, done, total):
        self.inner.progress(stage, done, total)

    def note(self, message):
        self.inner.note(message)

    def warning(self, message):
        self.inner.warning(message)

    def problem(self, problem):
        if problem not in self._seen:
            self._seen.add(problem)
            self.problems.append(problem)
            self.inner.problem(problem)

    def cycle_found(self, cycle):
        self.inner.cycle_found(cycle)

    def edge_dropped(self, edge, reason):
        self.inner.edge_dropped(edge, reason)


NULL_REPORTER = Reporter()
