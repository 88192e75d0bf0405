"""``bootorder profile``: the stacked profile (chain, stage-1 list, system set, USE, ...)."""
from __future__ import annotations

import argparse

EXAMPLES = """\
examples:
  bootorder profile --repo portage-stable --repo coreos-overlay \\
      --profile coreos-overlay:coreos/amd64/sdk/transition --json
      JSON: {"chain": ["repo:path", ...], "packages_build": [atom, ...],
      "system": [atom, ...], "use": [flag, ...], "arch": "...",
      "accept_keywords": [...], "bootstrap_use": [...]}
  bootorder profile
      the embedded example (or the live system), as text
"""


def register(subparsers) -> None:
    from .options import add_tree_options
    p = subparsers.add_parser(
        "profile", help="show a profile: parent chain, stage-1 list, system set, USE",
        description="Stack a profile the way portage does and show what it sets.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_tree_options(p)
    p.add_argument("--json", action="store_true", help="print JSON (see below)")
    p.set_defaults(func=run)



def run(args) -> int:
    from .. import workflows
    from ..render.profile import profile_json, profile_text
    from .options import tree_request
    from .output import answer, command_reporter
    with command_reporter(args.json) as reporter:
        result = workflows.profile(tree_request(args), reporter)
    doc = profile_json(result.value)
    return answer(result, reporter, json_mode=args.json, doc=doc, indent=2,
                  text=profile_text(doc) + "\n")
