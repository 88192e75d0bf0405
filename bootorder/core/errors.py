"""The project's error types: one per failure kind, all derived from BootorderError.

>>> issubclass(DepSyntaxError, ValueError)
True
"""
from __future__ import annotations


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
    """

    def __init__(self, message: str, source: str, column: int, origin: str | None = None):
        self.message = message
        self.source = source
        self.column = column
        self.origin = origin
        super().__init__(message, source, column)

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        caret = " " * (self.column - 1) + "^"
        return f"{where}{self.message} at column {self.column}\n  {self.source}\n  {caret}"


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
