"""``bootorder cycles``: dependency cycles, labelled as emerge labels them."""
from __future__ import annotations

import argparse

from . import use_changes

EXAMPLES = """\
examples:
  bootorder cycles --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay \\
      --profile coreos-overlay:coreos/amd64/sdk/transition --stage1 --host empty --json
      the cycles emerge stops on in catalyst's stage 1 on an empty build host
      (default --scope shortest: per blocked group of packages, the shortest cycle, as
      emerge's report shows it)
  bootorder cycles ... --scope hard
      every cycle emerge cannot break (up to --max-length packages, --max-cycles cycles)
  bootorder cycles ... --scope all
      every cycle, also those emerge breaks by ignoring soft edges
  bootorder cycles ... --suggest-use
      the fewest USE changes breaking the hard cycles, then the cycles of --scope one
      line each (-v: the enumeration of hard cycles the suggestion used)

JSON: {"scope": "shortest"|"hard"|"all", "hard": bool, "truncated": bool,
  "max_length", "max_cycles",
  "components": [[{"cpv", "root"}]],
  "cycles": [{"hard": bool, "edges": [{"from", "to", "class", "root", "use", "atom",
                                       "implicit", "priority", "hard"}]}]}
"from" is the dependent, "to" the dependency; "priority" is emerge's label
(buildtime_slot_op, buildtime, runtime_slot_op, runtime, runtime_post, optional).
A cycle is hard when emerge cannot break it: its edges are unsatisfied build-time or
runtime ones, at least one build-time (or := runtime in /). "components" are the
strongly connected components the cycles were taken from ("hard": those holding a hard
cycle, whatever the caps let through).
With --suggest-use or --with, the report is the enumeration the suggestion used
("scope": "hard", or "all" with --scope all) and adds "suggest_use", "whatif" and,
when --scope asked for another scope, "requested_scope" (that scope's report).
"context" and "problems" are every command's envelope (see `bootorder --help`).
Every enumeration is bounded (--max-length, --max-cycles); a capped count is written
"≥N (capped)" in text. Long enumerations show their progress on a terminal.
Exit 3 when a hard cycle exists, else 0, or 4 when a problem of severity error left
something out (see `bootorder --help`).
"""


def register(subparsers) -> None:
    from ..order.cycles import DEFAULT_MAX_CYCLES, DEFAULT_MAX_LENGTH, SCOPES
    from .targets import add_resolve_command
    p = add_resolve_command(
        subparsers, "cycles", help="dependency cycles with emerge's priorities",
        description="Strongly connected components and elementary cycles of the packages "
                    "to build, each edge with its class, root, USE condition, atom and "
                    "emerge priority.",
        epilog=EXAMPLES, func=run)
    p.add_argument("--scope", choices=SCOPES, default="shortest",
                   help="shortest: the shortest hard cycle of each strongly connected "
                        "component (default); hard: every hard cycle; all: every cycle")
    p.add_argument("--all", dest="scope", action="store_const", const="all",
                   help="same as --scope all")
    p.add_argument("--max-length", type=_positive, default=DEFAULT_MAX_LENGTH, metavar="N",
                   help=f"longest cycle enumerated, in packages (default {DEFAULT_MAX_LENGTH})")
    p.add_argument("--max-cycles", type=_positive, default=DEFAULT_MAX_CYCLES, metavar="N",
                   help=f"most cycles enumerated (default {DEFAULT_MAX_CYCLES})")
    p.add_argument("--json", action="store_true", help="print JSON (see below)")
    use_changes.add_options(p)


def _positive(text: str) -> int:
    """A whole number of at least 1 (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return value


def run(args) -> int:
    from .. import workflows
    from ..render.cycles import iter_report, report_json
    from .output import EXIT_CYCLE, EXIT_OK, answer, command_reporter
    from .targets import request_from_args
    if use_changes.wanted(args):  # --suggest-use / --with: bootorder.cli.use_changes
        return use_changes.run(args)
    with command_reporter(args.json) as reporter:
        result = workflows.cycles(request_from_args(args), args.scope, args.max_length,
                                  args.max_cycles, reporter)
    report = result.value
    code = EXIT_CYCLE if report.hard else EXIT_OK
    if args.json:
        doc, cycles = report_json(report)
        return answer(result, reporter, json_mode=True, doc=doc, streamed=("cycles", cycles),
                      code=code)
    return answer(result, reporter, json_mode=False, text=iter_report(result.graph, report),
                  code=code)
