"""``bootorder parse``: parse one dependency string and show its tree or atoms."""
from __future__ import annotations

import argparse
import json
import sys

EXAMPLES = """\
examples:
  bootorder parse 'ssl? ( >=dev-libs/openssl-3:= ) || ( a/b c/d )'
      the normalised tree, one atom or group per line
  bootorder parse --eapi 4 --json 'dev-libs/glib:2[introspection?]'
      JSON: {"eapi", "normalised", "atoms": [{"text", "blocker", "operator",
      "category", "package", "cp", "version", "slot", "subslot", "slot_operator",
      "repo", "use_deps", "build_id"}], "tree": [atom | {"group", "children", ...}]}
  bootorder parse --eapi none 'sys-libs/glibc::gentoo'
      no EAPI (profiles, user input): repository deps allowed
  bootorder parse --key REQUIRED_USE --eapi 5 '^^ ( a b ) ?? ( c d )'
      another metadata key (checked against the EAPI; HOSTDEPEND has BDEPEND's syntax)
  bootorder parse - < depend.txt
      read the string from standard input (for values longer than an argument may be)

Bad input: the message with a caret under the column on stderr, exit 2 (a long
string is shown around the caret; groups may nest 100 deep).
"""


def register(subparsers) -> None:
    from ..syntax.eapi import EAPIS
    p = subparsers.add_parser(
        "parse", help="parse a *DEPEND string (normalised tree or JSON atoms)",
        description="Parse a dependency string with the PMS grammar of one EAPI.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--eapi", default="8", choices=[*EAPIS, "none"],
                   help="EAPI of the string (default 8; 'none': no EAPI)")
    p.add_argument("--key", default=None, type=str.upper,
                   help="metadata key: DEPEND, RDEPEND, PDEPEND, BDEPEND, IDEPEND, "
                        "HOSTDEPEND, REQUIRED_USE, LICENSE, RESTRICT, PROPERTIES, SRC_URI "
                        "(default: a *DEPEND value, no key check)")
    p.add_argument("--json", action="store_true", help="print JSON (see below)")
    p.add_argument("string", metavar="STRING",
                   help="the dependency string ('-': read it from standard input)")
    p.set_defaults(func=run)


def run(args) -> int:
    from .. import workflows
    from ..render.syntax import spec_json, spec_text
    eapi = None if args.eapi == "none" else args.eapi
    text = sys.stdin.read() if args.string == "-" else args.string
    spec = workflows.parse(text, eapi, args.key)
    print(json.dumps(spec_json(spec, eapi), indent=2) if args.json else spec_text(spec))
    return 0
