"""The project's error types: one per failure kind, all derived from BootorderError.

Messages stay short whatever the input: a quoted word longer than 60 characters is
shown by its ends (:func:`clip`), and a syntax error shows a window of the source
around the caret.

>>> issubclass(DepSyntaxError, ValueError)
True
"""
from __future__ import annotations

WINDOW = 72
"""Characters of the source a ``DepSyntaxError`` shows around its caret."""
_MESSAGE_MAX = 400


def clip(text: str, width: int = 60) -> str:
    """``text``, or its two ends joined by ``...`` when longer than ``width``.

    >>> clip("x" * 100, 11)
    'xxxx...xxxx'
    """
    if len(text) <= width:
        return text
    keep = (width - 3) // 2
    return f"{text[:keep]}...{text[-keep:]}"


def window(source: str, column: int) -> tuple[str, int]:
    """The part of ``source`` shown for 1-based ``column``, and the caret's offset in it.

    At most :data:`WINDOW` characters of the source, with ``...`` where it was cut.

    >>> window("a/b )", 5)
    ('a/b )', 4)
    >>> text, at = window("a/b " * 100 + ")", 401); (len(text), text[at])
    (75, ')')
    """
    if len(source) <= WINDOW:
        return source, column - 1
    start = max(0, min(column - 1 - WINDOW // 2, len(source) - WINDOW))
    end = start + WINDOW
    head = "..." if start else ""
    tail = "..." if end < len(source) else ""
    return f"{head}{source[start:end]}{tail}", column - 1 - start + len(head)


class BootorderError(Exception):
    """Base of every error bootorder raises on purpose."""


class DepSyntaxError(BootorderError, ValueError):
    """A dependency (or REQUIRED_USE, LICENSE, ...) string that does not parse.

    Carries the source text, the 1-based ``column`` of the offending token and a
    ``message``; ``str()`` renders message, source line and a caret under the column.

    >>> print(DepSyntaxError("unexpected ')'", "a/b )", 5))
    unexpected ')' at column 5
      a/b )
          ^

    A long source shows :data:`WINDOW` characters around the caret; a message longer
    than 400 characters is clipped.
    """

    def __init__(self, message: str, source: str, column: int, origin: str | None = None):
        self.message = clip(message, _MESSAGE_MAX)
        self.source = source
        self.column = column
        self.origin = origin
        super().__init__(message, source, column)

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        shown, offset = window(self.source, self.column)
        return (f"{where}{self.message} at column {self.column}\n  {shown}\n"
                f"  {' ' * offset}^")


class MetadataError(BootorderError):
    """Malformed repository, profile or installed-package data (names file and line;
    ``column`` when known). :meth:`problem` turns it into a one-line
    :class:`~bootorder.core.problems.Problem` for answers that go on without the data.

    >>> err = MetadataError("DEPEND: unclosed (\\n  ( a/b\\n  ^", "cache/x/y-1", 3, 8)
    >>> err.problem(package="x/y-1").oneline()
    'cache/x/y-1:3:8: bad-metadata: DEPEND: unclosed ('
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(message, path, line)

    def problem(self, package: str | None = None, chain=(), atom: str | None = None,
                fix: str = "fix the ebuild and regenerate the metadata cache"):
        """This error as a ``bad-metadata`` problem of severity error."""
        from .problems import Problem
        first = self.message.splitlines()[0] if self.message else ""
        return Problem("bad-metadata", package, atom, tuple(chain), first, fix, "error",
                       self.path, self.line if self.path else None,
                       self.column if self.path else None)

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


class ResolutionError(BootorderError):
    """A question that cannot be answered on the given tree and configuration."""


class NoMatchError(BootorderError):
    """An argument (a target, an ``@set``, a ``--with`` atom) that matches no package.

    ``did_you_mean`` holds close names; ``str()`` reads like emerge's refusal.

    >>> print(NoMatchError("sys-devel/gccc", ("sys-devel/gcc",)))
    no package matches 'sys-devel/gccc' (did you mean sys-devel/gcc?)
    """

    def __init__(self, argument: str, did_you_mean=(), what: str = "package"):
        self.argument = argument
        self.did_you_mean = tuple(did_you_mean)
        self.what = what
        super().__init__(argument, self.did_you_mean)

    def __str__(self) -> str:
        hint = f" (did you mean {' or '.join(self.did_you_mean)}?)" if self.did_you_mean else ""
        return f"no {self.what} matches {self.argument!r}{hint}"


class MissingDependencyError(BootorderError):
    """An optional tool (portage's egencache, Graphviz's dot) is not installed."""


class PrivilegeError(BootorderError):
    """An operation that runs code from the data would run it with more privilege than
    needed (``bootorder cache`` as root without a ``portage`` user to drop to)."""
