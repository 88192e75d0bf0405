"""``bootorder bootstrap``: the bootstrap-* steps that break hard build cycles, a view of
``bootorder plan bootstrap``'s plan."""
from __future__ import annotations

EXAMPLES = """\
examples:
  bootorder bootstrap --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay \\
      --profile coreos-overlay:coreos/amd64/sdk/transition --stage1 --json
      catalyst's stage 1 on an empty build host: which packages to pre-build

The same computation as `bootorder plan bootstrap` (this command shows its bootstrap
steps and does not write the plan). A bootstrap-<pn> step pre-builds the package into /
with reduced USE (C only for the compiler, no flag that pulls in what / lacks); once
there it meets every dependency on it in / that its build meets, so emerge neither
builds it again there nor waits for it. On an empty build host (the default) every
build cycle is there to break; a seed host (--host seed) already breaks them all.
Without TARGET, catalyst's stage 1 is planned.
--scope unbreakable (default) first applies the smallest USE changes the profile allows
(as `bootorder cycles --suggest-use` finds them), then pre-builds for the cycles no USE
change breaks; --scope all pre-builds for every hard cycle, USE unchanged. With
--implicit off the steps are the fewest emerge (--implicit-system-deps=n) needs; with
--implicit on a step only the implicit model needs names its implicit edges.

JSON: {"scope", "use_changes": ["cpv -flag" or "cpv +flag"],
  "feedback_sets": [{"component": [cpv], "root": [root], "feedback_set": [cpv],
                     "exact": bool, "lower_bound": int}],
  "feedback_sets_through_runtime": [] (one model for every class now),
  "bootstrap": [{"cpv", "root", "real", "breaks_cycle": [cpv], "differs": [text],
                 "dropped": [edge], "used_by": [cpv], "name", "use", "reduced",
                 "implicit": [edge], "needs": [cpv], "host_needs": [cp],
                 "rebuilt_by_stage"}],
  "redirected": [edge], "order": [{"cpv", "root", "synthetic"}],
  "left_to_use_changes": [], "final_depends_on_bootstrap": [edge],
  "remaining_hard_cycles", "exact", "steps_emerge_needs": [name],
  "steps_implicit": [name], "plan": <plan.json>}
"bootstrap" lists the steps in the order they run; "redirected" the stage's
dependencies the pre-built packages serve; "order" the steps, then the stage's merges.
Edges are {"from", "to", "class", "root", "use", "atom", "implicit"}, "from" the
dependent. Exit 0 when a plan was produced, 4 when a problem of severity error left
something out.
"""


def register(subparsers) -> None:
    from .targets import add_resolve_command
    p = add_resolve_command(
        subparsers, "bootstrap", help="bootstrap-* steps: packages to pre-build for hard "
                                      "build cycles",
        description="Choose the fewest packages to pre-build into / with the host's tools "
                    "so that emerge builds the rest, each one a bootstrap-<pn> step, and "
                    "show them with the stage after them (bootorder plan bootstrap writes "
                    "them as a plan).",
        epilog=EXAMPLES, func=run)
    p.add_argument("--scope", choices=("unbreakable", "all"), default="unbreakable",
                   help="which build cycles to break (default: those no allowed USE "
                        "change breaks, after applying the smallest such changes)")
    p.add_argument("--json", action="store_true", help="print JSON (see below)")


def run(args) -> int:
    from .. import planflows
    from ..render.bootstrap import format_seedless, seedless_json
    from .output import answer, command_reporter
    from .targets import request_from_args
    with command_reporter(args.json) as reporter:
        result = planflows.bootstrap(request_from_args(args), args.scope, reporter)
    found, plan = result.value, result.extra["plan"]
    return answer(result, reporter, json_mode=args.json,
                  doc=seedless_json(found, plan) if args.json else None,
                  text=None if args.json else format_seedless(found) + "\n")
