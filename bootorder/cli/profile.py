"""``bootorder profile``: the stacked profile (chain, stage-1 list, system set, USE, ...)."""
from __future__ import annotations

import argparse
import json

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


def summary(profile) -> dict:
    """The JSON document of one profile."""
    return {"chain": list(profile.chain), "packages_build": list(profile.packages_build),
            "system": list(profile.system), "use": list(profile.use), "arch": profile.arch,
            "accept_keywords": list(profile.accept_keywords),
            "bootstrap_use": list(profile.bootstrap_use)}


def render_text(doc: dict) -> str:
    lines = ["chain:"] + [f"  {x}" for x in doc["chain"]]
    lines += [f"arch: {doc['arch']}", f"accept_keywords: {' '.join(doc['accept_keywords'])}",
              f"bootstrap_use: {' '.join(doc['bootstrap_use'])}", "packages_build:"]
    lines += [f"  {x}" for x in doc["packages_build"]] + ["system:"]
    lines += [f"  {x}" for x in doc["system"]] + [f"use: {' '.join(doc['use'])}"]
    return "\n".join(lines)


def run(args) -> int:
    from .options import load_tree_config
    from .progress import terminal_reporter
    with terminal_reporter() as reporter:
        config = load_tree_config(args, reporter)
        doc = summary(config.profile)
    print(json.dumps(doc, indent=2) if args.json else render_text(doc))
    return 0
