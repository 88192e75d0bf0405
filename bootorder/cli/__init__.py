"""The command line: ``main(argv) -> int`` parses, calls one library function, renders.

Each command lives in its own module of this package with ``register(subparsers)``
(adds its parser and sets ``func``) and ``run(args) -> int``.

Exit codes (every command):

==  =========================================================================
0   an answer was produced (problems found in the data are part of the answer)
1   an unexpected internal error
2   bad usage or bad input (a syntax error in a string the user gave, an
    unknown profile or repository, a missing optional tool)
3   ``order``/``cycles``: a cycle of unsatisfied build-time edges remains that
    nothing can break without a change (``toolchain`` and ``bootstrap`` answer it
    with synthesized bootstrap-* packages and exit 0)
5   the output could not be written (a full disk, an I/O error)
130 interrupted (Ctrl-C)
==  =========================================================================

A reader that stops early (``bootorder order ... | head``) ends the command quietly,
without a traceback: with the command's exit code when the answer was complete, else 0.
Exit 1 prints one line; BOOTORDER_DEBUG=1 in the environment adds the traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from ..core.errors import BootorderError
from . import endings

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
)
"""Modules of ``bootorder.cli`` that each add one subcommand, in ``--help`` order."""


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (commands are imported here, never at package import)."""
    parser = argparse.ArgumentParser(
        prog="bootorder",
        description="Bootstrap orders, cycles and stages from ebuild dependency metadata.",
        epilog=__doc__.split("Exit codes", 1)[1].join(["Exit codes", ""]),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
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
    """Entry point of the ``bootorder`` console script (how it ends: ``cli.endings``)."""
    sys.exit(endings.run(main))
