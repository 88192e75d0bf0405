"""``bootorder cache PATH``: generate a repository's metadata cache with portage's egencache
(which executes each ebuild's bash: see ``bootorder.tree.egencache``)."""
from __future__ import annotations

import argparse
import json
import sys

from .endings import NO_ROOM

DESCRIPTION = """\
Generate a repository's metadata cache (metadata/md5-cache) with portage's egencache.

This executes each ebuild's bash, and the eclasses it inherits: egencache sources them
to learn their metadata, and whatever their global scope does runs as the user egencache
runs as. As root, portage drops to the 'portage' user for that when the portage user
and group exist; without them this command refuses unless --allow-root is given.
Portage's messages are shown as they come; its temporary files go to a private
directory removed afterwards; when egencache fails, the cache is left as it was.
"""

EXAMPLES = """\
examples:
  bootorder cache ./my-overlay --master /var/db/repos/gentoo
      run egencache --update on ./my-overlay (its masters given as directories)
  bootorder cache ./repo --json
      JSON: {"repo", "path", "entries", "errors": [line, ...], "returncode", "ran_as",
             "ebuilds"}
      ("errors": every line egencache printed; "ran_as": the user the ebuilds ran as)

Needs portage's egencache (pip install 'bootorder[portage]'); without it the
command says what to install and exits 2. Exit 2 too when egencache fails (the
cache is then unchanged) or when it would run the ebuilds as root unasked; exit 4
when it exited 0 but wrote fewer entries than the repository has ebuilds (say,
portage's user could not read them); exit 5 when it failed because it could not
write (a full disk: the cache is unchanged).
"""


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "cache", help="generate metadata/md5-cache for a repository (runs egencache, "
                      "which executes the ebuilds' bash)",
        description=DESCRIPTION, epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("path", metavar="PATH", help="the ebuild repository")
    p.add_argument("--master", dest="masters", action="append", default=[], metavar="PATH",
                   help="a master repository named in layout.conf (repeatable)")
    p.add_argument("--jobs", type=int, default=1, help="parallel egencache jobs (default 1)")
    p.add_argument("--allow-root", action="store_true",
                   help="as root without a 'portage' user, run the ebuilds' bash as root "
                        "anyway (only for repositories you trust)")
    p.add_argument("--json", action="store_true", help="print JSON (see below)")
    p.set_defaults(func=run)


def run(args) -> int:
    from .. import workflows
    from .output import EXIT_INCOMPLETE, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE
    result = workflows.cache(args.path, args.masters, args.jobs, allow_root=args.allow_root)
    doc = {"repo": result.repo, "path": result.path, "entries": result.entries,
           "errors": list(result.errors), "returncode": result.returncode,
           "ran_as": result.ran_as, "ebuilds": result.ebuilds}
    if args.json:
        print(json.dumps(doc, indent=2))
    else:
        print(f"{result.repo}: {result.entries} cache entries in {result.path}/metadata/md5-cache")
        for line in result.errors:
            print(f"  {line}")
        print(f"bootorder: the ebuilds' bash ran as user '{result.ran_as}'", file=sys.stderr)
    if result.returncode == 0 and result.entries < result.ebuilds:
        print(f"bootorder: egencache exited 0 but wrote {result.entries} cache entries for "
              f"{result.ebuilds} ebuilds (see its output): the cache is incomplete",
              file=sys.stderr)
        return EXIT_INCOMPLETE
    if result.returncode == 0:
        return EXIT_OK
    no_room = _no_room(result.errors)
    why = f": it could not write ({no_room})" if no_room else ""
    print(f"bootorder: egencache failed (exit {result.returncode}){why}; "
          f"the cache was left as it was", file=sys.stderr)
    return EXIT_OUTPUT if no_room else EXIT_USAGE


def _no_room(lines) -> str | None:
    """The first error of egencache's output that only a write gets (a full disk).

    >>> _no_room(["  OSError: [Errno 28] No space left on device", "x"])
    '[Errno 28] No space left on device'
    """
    marks = tuple(f"[Errno {code}]" for code in sorted(NO_ROOM))
    for line in lines:
        for mark in marks:
            if mark in line:
                return line[line.index(mark):].strip()
    return None
