"""``bootorder bootstrap``: synthesized bootstrap-* packages that break hard build cycles."""
from __future__ import annotations

EXAMPLES = """\
examples:
  bootorder bootstrap --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay \\
      --profile coreos-overlay:coreos/amd64/sdk/transition --stage1 --json
      catalyst's stage 1 on an empty build host: which packages to pre-build

On an empty build host (the default) every build cycle is there to break; a seed host
(--host seed) already breaks them all. Without TARGET, catalyst's stage 1 is planned.
--scope unbreakable (default) first applies the smallest USE changes the profile allows
(as `bootorder cycles --suggest-use` finds them), then breaks the cycles no USE change
breaks; --scope all breaks every build cycle with bootstrap packages, USE unchanged.

JSON: {"scope", "use_changes": ["cpv -flag" or "cpv +flag"],
  "feedback_sets": [{"component": [cpv], "root": [root], "feedback_set": [cpv],
                     "exact": bool, "lower_bound": int}],
  "bootstrap": [{"cpv", "root", "real", "breaks_cycle": [cpv], "differs": [text],
                 "dropped": [edge], "used_by": [cpv]}],
  "redirected": [edge], "order": [{"cpv", "root", "synthetic"}],
  "left_to_use_changes": [edge], "final_depends_on_bootstrap": [edge]}
"left_to_use_changes" are build edges the USE changes remove that would close a cycle;
with them applied, "order" respects every other build edge.
Edges are {"from", "to", "class", "root", "use", "atom", "implicit"}, "from" the
dependent. "redirected" edges are shown as they were (to the real package); in the plan
they point at its bootstrap copy. Exit 0 when a plan was produced, 4 when a problem of
severity error left something out.
"""


def register(subparsers) -> None:
    from .targets import add_resolve_command
    p = add_resolve_command(
        subparsers, "bootstrap", help="synthesize bootstrap-* packages for hard build cycles",
        description="Choose a minimum set of packages to pre-build with the host's tools "
                    "(a feedback vertex set of the hard build cycles), synthesize their "
                    "bootstrap-* copies and give the resulting plan.",
        epilog=EXAMPLES, func=run)
    p.add_argument("--scope", choices=("unbreakable", "all"), default="unbreakable",
                   help="which build cycles to break (default: those no allowed USE "
                        "change breaks, after applying the smallest such changes)")
    p.add_argument("--json", action="store_true", help="print JSON (see below)")


def run(args) -> int:
    from .. import workflows
    from ..render.bootstrap import format_plan
    from .output import answer, command_reporter
    from .targets import request_from_args
    with command_reporter(args.json) as reporter:
        result = workflows.bootstrap(request_from_args(args), args.scope, reporter)
    plan = result.value
    return answer(result, reporter, json_mode=args.json,
                  doc=plan.to_json() if args.json else None,
                  text=None if args.json else format_plan(plan) + "\n")
