"""``bootorder explain PKG``: why a package is in the graph, and what it needs."""
from __future__ import annotations

import argparse
import sys

from ..explanation.paths import DEFAULT_MAX_PATHS

EXAMPLES = """\
examples:
  bootorder explain gcc
      why gcc is in the embedded example's stage-1 closure
  bootorder explain sys-devel/gcc --repo CORPUS/portage-stable \\
      --repo CORPUS/coreos-overlay --profile coreos-overlay:coreos/amd64/sdk/transition \\
      --stage1 --host empty
      the same on a real tree, with build dependencies resolved on an empty host
  bootorder explain sys-libs/zlib sys-devel/gcc --all
      every path from the target gcc to zlib (bounded, shortest first)
  bootorder explain sys-libs/glibc --needs --json
      what glibc needs, as JSON (--reverse: the same)

JSON (--json): {"package", "found", "target": bool, "reverse": bool,
  "instances": [{"cpv", "root", "slot", "subslot", "repo", "use", "use_disabled",
                 "target", "installed", "synthetic"}],
  "paths": [[step, ...], ...], "truncated": bool, "unreached": [{"cpv", "root"}],
  "dependencies": [step, ...], "cycles": [...], "build": [...], "absent": null | {...}}
  step = {"from": dependent cpv, "to": dependency cpv, "class", "root", "use": "flag? ...",
          "atom": as written in from's metadata under class, "implicit": bool,
          "any_of": [alternatives] | null, "not_taken": [...], "also": [parallel edges]}
  A path starts at a target (reverse: at PKG); path[i]["to"] == path[i+1]["from"].
  cycles: [{"packages": [cpv, ..., cpv], "roots": [...], "hard": bool,
            "edges": [step-like + "priority", "hard"], "broken_by": [text]}]
  build: [{"cpv", "root", "position" (null: installed), "of", "wave", "waves",
           "installed"}]
  absent (PKG not in the graph): {"reason": "not-found" | "masked" | "keywords" |
          "not-needed" | "not-in-graph" (no configuration given), "message", "cps",
          "versions": [{"cpv", "repo", "visible", "reasons", "missing_keywords",
          "keywords_only"}], "did_you_mean": [cp],
          "pulled_in_by": [{"from", "root", "class", "atom", "use", "change", "why"}]}
          (pulled_in_by: the USE change on a package of the graph, or the any-of
          group, that would pull PKG in)
"""


DESCRIPTION = """\
Why PKG is in the resolved graph: every path from a requested package (a TARGET, or
catalyst's stage-1 list without one) to it, shortest first, the atom and USE condition
of each step, its own dependencies, its cycles and how the build order breaks them,
and where it is built. A package in a root is written cpv@target (the new root) or
cpv@host (the build host). Long USE dependencies are shortened to [...] (-v: whole).
Exit 0 with an answer (also when PKG is not in the graph: it says why and which
USE change would pull it in), 2 on bad input or when PKG names no package of the
tree (the answer still says which names are close), 4 when a problem of severity
error left something out."""


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "explain", help="why a package is in the graph (paths from the targets)",
        description=DESCRIPTION,
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("package", metavar="PKG", help="cpv, cat/pkg, package name or atom")
    _add_resolve_options(p)
    p.add_argument("--all", dest="all_paths", action="store_true",
                   help="every path, not one per dependent (bounded by --max-paths)")
    p.add_argument("--max-paths", type=int, default=DEFAULT_MAX_PATHS, metavar="N",
                   help=f"bound on paths with --all (default {DEFAULT_MAX_PATHS})")
    p.add_argument("--needs", "--reverse", dest="reverse", action="store_true",
                   help="show what PKG needs (its dependencies, as equery depgraph) "
                        "instead of what pulls it in (as equery depends); --reverse is "
                        "the old name")
    p.add_argument("--json", action="store_true", help="print JSON (schema below)")
    p.set_defaults(func=run)


def _add_resolve_options(parser) -> None:
    from .targets import add_resolve_options
    add_resolve_options(parser)


def run(args) -> int:
    from .. import workflows
    from ..core.errors import NoMatchError
    from ..render.explanation import SHOWN_PATHS, render_text
    from .output import EXIT_USAGE, answer, command_reporter
    from .targets import request_from_args
    with command_reporter(args.json) as reporter:
        result = workflows.explain(request_from_args(args), args.package,
                                   all_paths=args.all_paths, reverse=args.reverse,
                                   max_paths=args.max_paths, reporter=reporter)
    expl = result.value
    absent = expl.absent or {}
    code = answer(result, reporter, json_mode=args.json, indent=2,
                  doc=expl.to_json() if args.json else None,
                  text=None if args.json else
                  render_text(expl, limit=None if args.all_paths else SHOWN_PATHS,
                              verbose=args.verbose > 0, config=result.config) + "\n")
    if absent.get("reason") == "not-found":  # PKG names nothing in the tree: bad input
        if not args.json:
            print(f"bootorder: {NoMatchError(args.package, absent.get('did_you_mean', ()))}",
                  file=sys.stderr)
        return EXIT_USAGE
    return code
