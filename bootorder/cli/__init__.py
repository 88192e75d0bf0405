"""The command line: ``main(argv) -> int`` parses, calls one library function, renders.

Each command lives in its own module of this package with ``register(subparsers)``
(adds its parser and sets ``func``) and ``run(args) -> int``.

Every answer travels in one envelope (:mod:`bootorder.cli.output`,
:mod:`bootorder.render.envelope`): with ``--json`` the answer's object gains
``"context"`` (tree, profile, host model, targets) and ``"problems"`` (each
``{"kind", "severity", "file", "line", "column", "package", "atom", "message", "fix"}``);
as text, stderr carries a banner line, one line per problem
(``file:line:column: kind: message``) and a summary line.

Exit codes: one table for every command (:data:`bootorder.cli.output.EXIT_CODES`, at
the end of every ``--help``). A reader that stops early (``bootorder order ... | head``)
ends the command quietly, without a traceback: with the command's exit code when the
answer was complete, else 0.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from ..core.errors import BootorderError

COMMAND_MODULES = (
    "stage1",
    "order",
    "cycles",
    "explain",
    "graph",
    "parse",
    "profile",
    "cache",
    "toolchain",
    "bootstrap",
    "plan",
    "verify",
)
"""Modules of ``bootorder.cli`` that each add one subcommand, in ``--help`` order."""


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (commands are imported here, never at package import);
    the top-level help states the defaults, every command's help ends with the
    exit-code table."""
    from .output import EXIT_CODES_HELP
    from .parsing import DEFAULTS, CommandParser, VersionAction
    parser = argparse.ArgumentParser(
        prog="bootorder",
        description="Bootstrap orders, cycles and stages from ebuild dependency metadata.",
        epilog=DEFAULTS + "\n\n" + EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action=VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                parser_class=CommandParser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    for command in sub.choices.values():
        command.epilog = "\n".join(filter(None, [command.epilog, EXIT_CODES_HELP]))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.func(args)
    except BootorderError as err:
        print(f"bootorder: {err}", file=sys.stderr)
        return 2


def console_main() -> None:
    """Entry point of the ``bootorder`` console script."""
    code = 0
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:  # the reader closed the pipe (| head): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(code)
