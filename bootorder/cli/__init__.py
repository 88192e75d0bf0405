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
answer was complete, else 0. Every other ending is one line on stderr
(:mod:`bootorder.cli.endings`): exit 5, 130, or 1 for a bug (``BOOTORDER_DEBUG=1`` in the
environment adds the traceback).
"""
from __future__ import annotations

import argparse
import gc
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
        code = args.func(args)
    except BootorderError as err:
        print(f"bootorder: {err}", file=sys.stderr)
        return 2
    _save_caches()
    return code


def _save_caches() -> None:
    """Write what the command read to the persistent metadata cache, when it used one."""
    cache = sys.modules.get("bootorder.tree.diskcache")  # loaded only when a tree was opened
    if cache is not None:
        cache.save_all()


GC_THRESHOLDS = (10_000, 50, 10)
"""The cyclic collector's thresholds in the console script (Python's: 700, 10, 10). One
command builds a large heap that lives to its end and little cyclic garbage: a young
collection every 10,000 allocations and a middle one every 50 of them find the same
garbage for half the scanning (collector time of a 20x ``bootstrap``: 1.87 s -> 0.86 s,
measured with ``gc.callbacks``)."""


def console_main() -> None:
    """Entry point of the ``bootorder`` console script (how it ends: ``cli.endings``)."""
    from . import output
    output.ONE_COMMAND_PROCESS = True
    gc.set_threshold(*GC_THRESHOLDS)
    sys.exit(endings.run(main))
