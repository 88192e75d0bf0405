"""``bootorder verify DIR``: replay every step of a plan with emerge --pretend."""
from __future__ import annotations

import argparse

EXAMPLES = """\
examples:
  bootorder verify sdk-plan --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay
      replay each step of the plan on the tree it was made from
  bootorder verify example-plan --minimal
      also remove each generated line in turn: its step (or a later one) must then fail

Each step runs as `emerge --pretend --verbose <emerge> <atoms> --root --sysroot
--config-root` in a throw-away directory that stands for the build host's / (nothing
of this machine's portage configuration or installed packages is read), the step's
make.conf and config in place, its installed packages written as var/db/pkg entries,
"seed" as package.provided governing / only. A step holds when emerge exits 0, reports
no circular dependency and merges exactly the step's packages with the same USE.
A repository with a metadata cache but no ebuilds (the shared corpus) is replayed on a
mirror with one stub ebuild per cache entry. Needs portage (pip install
'bootorder[portage]').

JSON: {"plan": DIR, "holds": bool, "steps": [{"name", "holds", "exit", "cycle",
  "differences": [text], "merged", "planned", "command"}], "plan_differences": [text],
  "lines": null | [{"file", "line", "text", "needed", "failed_step", "reason"}],
  "notes": [text]}
Exit codes: 0 every step holds (and with --minimal every generated line is needed);
2 bad usage or input (no plan, portage missing); 4 the plan does not hold.
"""


def register(subparsers) -> None:
    from .options import add_tree_options
    p = subparsers.add_parser(
        "verify", help="replay every step of a plan with emerge --pretend",
        description="Replay every step of a plan directory with portage's own resolver "
                    "and compare what emerge would merge with the plan.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("plan_dir", metavar="DIR", help="the plan directory (plan.json)")
    add_tree_options(p)
    p.add_argument("--minimal", action="store_true",
                   help="also check that every generated line is needed")
    p.add_argument("--json", action="store_true", help="print JSON (see below)")
    p.set_defaults(func=run)


def run(args) -> int:
    from .. import planflows
    from ..render.plan import verify_json, verify_text
    from .options import tree_request
    from .output import EXIT_INCOMPLETE as EXIT_DOES_NOT_HOLD, EXIT_OK, answer, command_reporter
    with command_reporter(args.json) as reporter:
        result = planflows.verify(args.plan_dir, tree_request(args), minimal=args.minimal,
                                  reporter=reporter)
    report = result.value
    return answer(result, reporter, json_mode=args.json,
                  doc=verify_json(report, args.plan_dir) if args.json else None,
                  text=None if args.json else verify_text(report, args.plan_dir) + "\n",
                  code=EXIT_OK if report.holds else EXIT_DOES_NOT_HOLD)
