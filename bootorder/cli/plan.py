"""``bootorder plan catalyst``: catalyst's stage 1 as a plan directory (shared/PLAN.md)."""
from __future__ import annotations

import argparse

EXAMPLES = """\
examples:
  bootorder plan catalyst --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay \\
      --profile coreos-overlay:coreos/amd64/sdk \\
      --stage1-profile coreos-overlay:coreos/amd64/sdk/transition --out sdk-plan
      Flatcar's SDK: stage 1 under its transition profile
  bootorder plan catalyst --out example-plan
      the embedded example: stage 1 needs a USE fix, written to
      example-plan/steps/02-stage1/portage/package.use/bootorder/stage1

The plan directory: plan.json (the steps: emerge options, atoms, make.conf, roots,
installed packages, merge list with USE), steps/NN-NAME/ (stage1.spec, portage/ =
the spec's portage_confdir with the generated fixes), README (what to run, in order).
Check it with `bootorder verify DIR`.

JSON: {"out": DIR, "complete": bool, "plan": <plan.json>, "files": [path, ...]}
Exit codes: 0 a complete plan; 2 bad usage or input; 4 the plan was written but is
incomplete (a problem no USE change solves: see plan.json's "problems" and the README).
"""

EXIT_INCOMPLETE = 4


def register(subparsers) -> None:
    from ..plan.catalyst import OPTIONS, STAGES
    from .options import add_tree_options
    p = subparsers.add_parser(
        "plan", help="write a plan: the emerge steps a build runs, with its configuration",
        description="Write a plan directory that a build (catalyst) consumes, every step "
                    "replayable with emerge --pretend (bootorder verify).",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    kinds = p.add_subparsers(dest="plan_kind", metavar="KIND", required=True)
    c = kinds.add_parser("catalyst", help="catalyst's stages",
                         description="catalyst's stage 1 as a plan.", epilog=EXAMPLES,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    add_tree_options(c)
    c.add_argument("--out", required=True, metavar="DIR",
                   help="the plan directory to write (new, empty, or an earlier plan)")
    c.add_argument("--stages", default=",".join(STAGES), metavar="STAGE,...",
                   help=f"the stages to plan (this bootorder: {', '.join(STAGES)})")
    c.add_argument("--stage1-profile", metavar="REPO:PATH",
                   help="a stage-1-only profile (Flatcar's .../sdk/transition); "
                        "default: --profile")
    c.add_argument("--prefix", default="bootorder", metavar="NAME",
                   help="catalyst's portage_prefix: generated files go under "
                        "package.use/NAME/ ... and are removed from the shipped stage "
                        "(default bootorder)")
    c.add_argument("--option", dest="options", action="append", default=[],
                   choices=OPTIONS, help="a catalyst.conf option in force (repeatable): "
                   "pkgcache adds --usepkg --buildpkg --binpkg-respect-use=y --newuse; "
                   "bindist adds USE=bindist to stage 1")
    c.add_argument("--json", action="store_true", help="print JSON (see below)")
    c.set_defaults(func=run)
    register_cross(kinds)
    _register_board(kinds)


CROSS_EXAMPLES = """\
examples:
  bootorder plan cross --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay \\
      --profile coreos-overlay:coreos/amd64/sdk --target aarch64-cros-linux-gnu \\
      --out cross-arm64
      Flatcar's SDK: the arm64 cross toolchain, crossdev's passes one step each;
      add --target-profile coreos-overlay:coreos/arm64/generic for the board's
      @system in the sysroot /usr/aarch64-cros-linux-gnu (plan board's steps)

The plan directory: plan.json (the steps; "cross": the pinned versions, the crossdev
commands, the derived order and the first gcc's USE next to crossdev's),
overlays/cross-TUPLE (the cross packages' metadata as a repository, for replays),
steps/NN-PASS/portage (what crossdev writes to /etc/portage for that pass), README.
Check it with `bootorder verify DIR`.

JSON: {"out": DIR, "complete": bool, "plan": <plan.json>, "files": [path, ...]}
Exit codes: 0 a complete plan; 2 bad usage or input (a tuple this bootorder does not
plan, a toolchain package with no visible version); 4 the plan was written but its
sysroot steps (--target-profile) are incomplete (see plan.json's "problems").
"""


def _plan_parser(kinds, name: str, summary: str, description: str, epilog: str):
    """A ``plan KIND`` parser with the tree options and ``--out``."""
    from .options import add_tree_options
    parser = kinds.add_parser(name, help=summary, description=description, epilog=epilog,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    add_tree_options(parser)
    parser.add_argument("--out", required=True, metavar="DIR",
                        help="the plan directory to write (new, empty, or an earlier plan)")
    return parser


def register_cross(kinds) -> None:
    """``plan cross``: crossdev's passes for one target tuple."""
    c = _plan_parser(kinds, "cross", "a cross toolchain (crossdev's passes)",
                     "A cross toolchain for one target tuple as a plan: crossdev's passes, "
                     "their order derived from the metadata. --profile is the build "
                     "host's profile.", CROSS_EXAMPLES)
    c.add_argument("--target", required=True, metavar="TUPLE",
                   help="the target tuple, e.g. aarch64-cros-linux-gnu")
    c.add_argument("--portage", default="", metavar="OPTS",
                   help="crossdev's --portage: emerge options added to every pass")
    c.add_argument("--without-gdb", action="store_true",
                   help="leave out crossdev's --ex-gdb pass (Flatcar builds gdb)")
    c.add_argument("--target-profile", metavar="REPO:PATH",
                   help="the target's profile: adds its @system into the sysroot "
                        "/usr/TUPLE as a board plan (plan board's steps); without it the "
                        "plan ends with the toolchain")
    c.add_argument("--json", action="store_true", help="print JSON (see below)")
    c.set_defaults(func=run_cross)


def _command_start(kind: str, args) -> list[str]:
    """``bootorder plan KIND`` and the ``--repo`` options of ``args``."""
    return ["bootorder", "plan", kind, *(w for repo in args.repos for w in ("--repo", repo))]


def cross_command_of(args) -> tuple[str, ...]:
    """The command line that makes this cross plan again (recorded in plan.json)."""
    words = _command_start("cross", args)
    words += ["--profile", args.profile] if args.profile else []
    words += ["--target", args.target]
    words += ["--portage", args.portage] if args.portage else []
    words += ["--without-gdb"] if args.without_gdb else []
    words += ["--target-profile", args.target_profile] if args.target_profile else []
    return (*words, "--out", args.out)


def run_cross(args) -> int:
    from .. import workflows
    from .options import tree_request
    request = workflows.CrossPlanRequest(
        tree_request(args), args.target, args.out, tuple(args.portage.split()),
        not args.without_gdb, cross_command_of(args), args.target_profile)
    with _reporter(args) as reporter:
        result = workflows.plan_cross(request, reporter)
    return _answer_plan(result, reporter, args)


BOARD_EXAMPLES = """\
examples:
  bootorder plan board --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay \\
      --profile coreos-overlay:coreos/amd64/generic \\
      --host-profile coreos-overlay:coreos/amd64/sdk --out board-plan \\
      @system coreos-devel/board-packages
      Flatcar's amd64 board: baselayout, the first pass breaking the board root's
      cycles with flags cleared (break_dep_loop, derived), the full run

Every step runs as emerge-<board> does: ROOT=SYSROOT=PORTAGE_CONFIGROOT=the board root
(--profile), the SDK in / (--host-profile) with every build tool. Check the plan with
`bootorder verify DIR`.

JSON: {"out": DIR, "complete": bool, "plan": <plan.json>, "files": [path, ...]}
Exit codes: 0 a complete plan; 2 bad usage or input; 4 the plan was written but is
incomplete (a cycle no clear breaks, a problem of the graph: see plan.json's
"problems" and the README).
"""


def _register_board(kinds) -> None:
    from ..plan.board import DEFAULT_TARGETS
    from .options import add_tree_options
    b = kinds.add_parser("board", help="a board build (SYSROOT=ROOT) in two passes",
                         description="A board build as a plan: the board root's build "
                                     "cycles broken by a first pass with the fewest "
                                     "temporary flag clears, then the full run.",
                         epilog=BOARD_EXAMPLES,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    add_tree_options(b)
    b.add_argument("targets", nargs="*", metavar="TARGET",
                   help=f"atoms or sets (default: {' '.join(DEFAULT_TARGETS)})")
    b.add_argument("--out", required=True, metavar="DIR",
                   help="the plan directory to write (new, empty, or an earlier plan)")
    b.add_argument("--host-profile", required=True, metavar="REPO:PATH",
                   help="the SDK's profile, governing / (coreos-overlay:coreos/amd64/sdk)")
    b.add_argument("--prefix", default="bootorder", metavar="NAME",
                   help="generated clears go to package.use/NAME/break-cycles "
                        "(default bootorder)")
    b.add_argument("--make-conf", dest="make_conf", action="append", default=[],
                   metavar="VAR=VALUE", help="a variable the board's make.conf adds "
                   "(repeatable; setup_board writes CHOST=x86_64-cros-linux-gnu "
                   "CBUILD=x86_64-pc-linux-gnu)")
    b.add_argument("--json", action="store_true", help="print JSON (see below)")
    b.set_defaults(func=run_board)


def command_of(args) -> tuple[str, ...]:
    """The command line that makes this plan again (recorded in plan.json)."""
    words = _command_start("catalyst", args)
    for option, value in (("--profile", args.profile), ("--stage1-profile",
                          args.stage1_profile), ("--stages", args.stages),
                          ("--prefix", args.prefix)):
        words += [option, value] if value else []
    words += [w for option in args.options for w in ("--option", option)]
    return (*words, "--out", args.out)


def board_command_of(args) -> tuple[str, ...]:
    """The command line that makes this board plan again (recorded in plan.json)."""
    words = ["bootorder", "plan", "board"]
    words += [w for repo in args.repos for w in ("--repo", repo)]
    words += ["--profile", args.profile] if args.profile else []
    words += ["--host-profile", args.host_profile, "--prefix", args.prefix]
    words += [w for pair in args.make_conf for w in ("--make-conf", pair)]
    return (*words, "--out", args.out, *args.targets)


def run_board(args) -> int:
    from .. import workflows
    from ..plan.board import DEFAULT_TARGETS
    from .options import tree_request
    request = workflows.BoardPlanRequest(
        tree_request(args), args.out, args.host_profile,
        tuple(args.targets) or DEFAULT_TARGETS, args.prefix, board_command_of(args),
        tuple(_pair(text) for text in args.make_conf))
    with _reporter(args) as reporter:
        result = workflows.plan_board(request, reporter)
    return _answer_plan(result, reporter, args)


def _pair(text: str) -> tuple[str, str]:
    from ..core.errors import BootorderError
    name, sep, value = text.partition("=")
    if not sep:
        raise BootorderError(f"--make-conf {text!r}: expected VAR=VALUE")
    return name, value


def _reporter(args):
    from .output import command_reporter
    return command_reporter(args.json)


def _answer_plan(result, reporter, args) -> int:
    from ..render.plan import plan_json, plan_text
    from .output import EXIT_OK, answer
    plan = result.value
    return answer(result, reporter, json_mode=args.json,
                  doc=plan_json(plan, args.out) if args.json else None,
                  text=None if args.json else plan_text(plan, args.out) + "\n",
                  code=EXIT_OK if plan.complete else EXIT_INCOMPLETE)


def run(args) -> int:
    from .. import workflows
    from .options import tree_request
    request = workflows.PlanRequest(
        tree_request(args), args.out, tuple(s for s in args.stages.split(",") if s),
        args.stage1_profile, args.prefix, tuple(args.options), command_of(args))
    with _reporter(args) as reporter:
        result = workflows.plan_catalyst(request, reporter)
    return _answer_plan(result, reporter, args)
