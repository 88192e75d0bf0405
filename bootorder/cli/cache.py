"""``bootorder cache PATH``: generate a repository's metadata cache with portage's egencache."""
from __future__ import annotations

import argparse
import json

EXAMPLES = """\
examples:
  bootorder cache ./my-overlay --master /var/db/repos/gentoo
      run egencache --update on ./my-overlay (its masters given as directories)
  bootorder cache ./repo --json
      JSON: {"repo", "path", "entries", "errors": [line, ...], "returncode"}

Needs portage's egencache (pip install 'bootorder[portage]'); without it the
command says what to install and exits 2.
"""


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "cache", help="generate metadata/md5-cache for a repository (portage's egencache)",
        description="Generate a repository's metadata cache with portage's egencache.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("path", metavar="PATH", help="the ebuild repository")
    p.add_argument("--master", dest="masters", action="append", default=[], metavar="PATH",
                   help="a master repository named in layout.conf (repeatable)")
    p.add_argument("--jobs", type=int, default=1, help="parallel egencache jobs (default 1)")
    p.add_argument("--json", action="store_true", help="print JSON (see below)")
    p.set_defaults(func=run)


def run(args) -> int:
    from .. import workflows
    result = workflows.cache(args.path, args.masters, args.jobs)
    doc = {"repo": result.repo, "path": result.path, "entries": result.entries,
           "errors": list(result.errors), "returncode": result.returncode}
    if args.json:
        print(json.dumps(doc, indent=2))
    else:
        print(f"{result.repo}: {result.entries} cache entries in {result.path}/metadata/md5-cache")
        for line in result.errors:
            print(f"  {line}")
    return 0 if result.returncode == 0 else 2
