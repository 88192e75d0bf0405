"""``bootorder order``: a build order (or parallel waves) and the edges ignored to get it."""
from __future__ import annotations

import json

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
Exit 3 when a hard cycle remains (the order is then only a best effort), else 0.
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
    from .progress import terminal_reporter
    from .targets import request_from_args
    with terminal_reporter() as reporter:
        result = workflows.order(request_from_args(args), reporter).value
    if args.json:
        print(json.dumps(result.to_json(waves=args.waves), indent=1))
    else:
        print(format_order(result, waves=args.waves, verbose=args.verbose > 0), end="")
    return 3 if result.hard else 0
