"""``bootorder toolchain``: the order to build the toolchain into a new root, with reasons."""
from __future__ import annotations

EXAMPLES = """\
examples:
  bootorder toolchain
      the embedded example (or the live system's tree), toolchain targets, empty host
  bootorder toolchain --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay \\
      --profile coreos-overlay:coreos/amd64/sdk --json

Without TARGET the toolchain packages of the implicit model are resolved
(virtual/libc, sys-devel/gcc, sys-devel/binutils; C library and headers providers are
read from the tree's virtual/libc and virtual/os-headers), under the profile's USE
(--stage1: catalyst's stage 1 and its USE). On an empty build host (the default) every
dependency keeps its metadata; with --host seed, build dependencies stop at the seed's
packages.

JSON: {"order": [{"cp", "cpv", "reason", "member", "role"}], "forced": bool,
  "support": [{"cp", "cpv", "reason", "member", "role": "support"}], "plan": [cp...],
  "bootstrap": [{"cp", "kind": "seed-tool"|"pass"|"bootstrap-package", ...}],
  "constraints": [{"from", "to", "kind": "hard"|"soft", "class", "atom", "implicit",
                   "via", "through", "honoured", "why"}],
  "rules": {"members", "hard", "soft", "tie_break"}, "notes": [text],
  "use_changes": ["cpv -flag"] (what the bootstrap-package synthesis applies first to
                  break host build cycles; the order itself uses the profile's USE),
  "libc_built_twice": [{"cp", "answer", "why", "with_bootstrap_chain": {"steps",
                        "answer", "why"}}],
  "influence": {"passes", "built_twice": [cp...], "temporary", "packages": [...],
                "builds": [...]},
  "influence_with_bootstrap_chain": {... the same, after bootstrap-binutils and
                                     bootstrap-gcc ...}}
"order" has one entry per toolchain package of the new root ("role": libc, compiler,
binutils, headers or prerequisite); "forced" says whether the constraints alone fix it
(no tie-break used). Exit 0 when an order was produced, 4 when a problem of severity
error left something out.
"""


def register(subparsers) -> None:
    from .targets import add_resolve_command
    p = add_resolve_command(
        subparsers, "toolchain",
        help="the order to build the toolchain into a new root, with reasons",
        description="Derive the toolchain of a new root (C library, compiler, binutils, "
                    "their prerequisites) and the order to build it, from the metadata "
                    "and the implicit-dependency model.",
        epilog=EXAMPLES, func=run)
    p.add_argument("--json", action="store_true", help="print JSON (see below)")


def run(args) -> int:
    from .. import workflows
    from ..render.toolchain import format_toolchain
    from .output import answer, command_reporter
    from .targets import request_from_args
    with command_reporter(args.json) as reporter:
        result = workflows.toolchain(request_from_args(args, default_stage1=False), reporter)
    order = result.value
    return answer(result, reporter, json_mode=args.json,
                  doc=order.to_json() if args.json else None,
                  text=None if args.json else
                  format_toolchain(order, verbose=args.verbose > 0) + "\n")
