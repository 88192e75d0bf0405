"""``bootorder order``: a build order (or parallel waves) and the edges ignored to get it."""
from __future__ import annotations

EXAMPLES = """\
examples:
  bootorder order --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay \\
      --profile coreos-overlay:coreos/amd64/sdk/transition --stage1 --host empty --waves
      catalyst's stage 1 on an empty build host, as waves of parallel builds

JSON: {"order": [{"cpv", "root"}], "waves": [[{"cpv", "root"}]] (with --waves),
  "ignored": [{"from", "to", "class", "root", "use", "atom", "implicit", "priority",
               "reason"}],
  "hard": bool, "hard_cycles": [{"hard", "edges": [{"from", "to", "class", "root",
               "use", "atom", "implicit", "priority", "hard"}]}],
  "hard_cycles_truncated": bool}
"from" is the dependent, "to" the dependency; an ignored edge's dependency comes after
its dependent. "reason" is the emerge level that ignores the edge (optional, PDEPEND
already satisfied, PDEPEND, runtime already satisfied, build-time already satisfied by
an installed package, build-time := ..., runtime not yet satisfied) or "hard".
"context" and "problems" are every command's envelope (see `bootorder --help`).
Exit 3 when a hard cycle remains (the order is then only a best effort), else 0, or 4
when a problem of severity error left something out.
"""


def register(subparsers) -> None:
    from .targets import add_resolve_command
    p = add_resolve_command(
        subparsers, "order",
        help="build order and parallel waves, breaking cycles as emerge does",
        description="Order every package to build so that each comes after what it needs; "
                    "cycles are broken the way emerge breaks them.",
        epilog=EXAMPLES, func=run)
    p.add_argument("--waves", action="store_true",
                   help="show parallel waves (packages of one wave can build together)")
    p.add_argument("--json", action="store_true", help="print JSON (see below)")


def run(args) -> int:
    from .. import workflows
    from ..render.order import format_order
    from .output import EXIT_CYCLE, EXIT_OK, answer, command_reporter
    from .targets import request_from_args
    with command_reporter(args.json) as reporter:
        result = workflows.order(request_from_args(args), reporter)
    order = result.value
    return answer(result, reporter, json_mode=args.json,
                  doc=order.to_json(waves=args.waves) if args.json else None,
                  text=None if args.json else
                  format_order(order, waves=args.waves, verbose=args.verbose > 0),
                  code=EXIT_CYCLE if order.hard else EXIT_OK)
