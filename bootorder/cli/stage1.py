"""``bootorder stage1``: what catalyst's stage 1 merges, in which root, with which USE."""
from __future__ import annotations

EXAMPLES = """\
examples:
  bootorder stage1 --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay \\
      --profile coreos-overlay:coreos/amd64/sdk/transition --host empty --json
      the stage-1 closure on an empty build host (build dependencies land in "host")
  bootorder stage1 ... --host seed --implicit off
      catalyst's real case: the seed provides every build dependency

JSON: {"buildpkgs": [atom, ...], "use": "the USE override",
  "packages": [{"cpv", "slot", "subslot", "repo", "root", "use", "use_disabled",
                "pulled_in_by": [{"cpv", "root", "class", "atom"}],
                "stuck": bool}],
  "problems": [{"kind", "severity", "file", "line", "column", "package", "atom",
                "chain", "message", "fix", "use_changes", "pulls_in"}],
  "use_changes": ["cat/pkg flag -flag", ...]}
"packages" lists what would be built (not what the seed host already has), target
root first; "pulled_in_by" is empty for the stage-1 list's own atoms; "stuck" is true
for a package that cannot be merged while a hard build cycle stands (on a build cycle,
or needing one): emerge, stopping on such a cycle, prints exactly these.
"use_changes" gathers the USE fixes of every problem, one value per package: give
each to --with to resolve again with all of them applied.
"problems" also lists the problems of the data read (without "use_changes"); the text
answer lists the graph's problems, stderr every problem. Exit 0 with a complete answer,
4 when a problem of severity error left something out (see `bootorder --help`).
"""


def register(subparsers) -> None:
    from .targets import add_resolve_command
    p = add_resolve_command(
        subparsers, "stage1", help="catalyst's stage-1 closure in two roots, with USE",
        description="Resolve catalyst's stage 1 (packages.build under "
                    "USE=\"-* build $BOOTSTRAP_USE\") into the target and host roots.",
        epilog=EXAMPLES, func=run, stage1=True)
    p.add_argument("--json", action="store_true", help="print JSON (see below)")


def run(args) -> int:
    from .. import workflows
    from ..core.usechange import with_values
    from ..render.stage1 import stage1_json, stage1_text
    from .output import answer, command_reporter
    from .targets import request_from_args
    args.stage1 = True
    with command_reporter(args.json) as reporter:
        result = workflows.stage1(request_from_args(args), reporter)
    report = stage1_json(result.graph, result.config, result.value.problems,
                         result.extra["stuck"], with_values(result.value.changes))
    return answer(result, reporter, json_mode=args.json, doc=report,
                  text=stage1_text(report, verbose=args.verbose > 0) + "\n")
