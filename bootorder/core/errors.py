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
    """Malformed repository, profile or installed-package data (names file and line)."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(message, path, line)

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


class ResolutionError(BootorderError):
    """A question that cannot be answered on the given tree and configuration."""


class MissingDependencyError(BootorderError):
    """An optional tool (portage's egencache, Graphviz's dot) is not installed."""
