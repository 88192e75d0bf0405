"""``bootorder plan catalyst``: catalyst's stages as a plan directory (shared/PLAN.md);
``bootorder plan board``: a board build (SYSROOT=ROOT) in two passes; ``bootorder plan
bootstrap``: a build without a seed, bootstrap-* steps then the stage."""
from __future__ import annotations

import argparse

EXAMPLES = """\
examples:
  bootorder plan catalyst --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay \\
      --profile coreos-overlay:coreos/amd64/sdk \\
      --stage1-profile coreos-overlay:coreos/amd64/sdk/transition \\
      --stage4 coreos-devel/sdk-depends --option pkgcache --out sdk-plan
      Flatcar's SDK: stage 1 under its transition profile, stages 3 and 4
  bootorder plan catalyst --seed vdb:/var/db/pkg --seed-exclude 'cross-*-cros-linux-gnu/*' \\
      --stages seed-update,stage1 --out seed-plan
      the seed update (@changed-subslot of the seed's installed packages) and stage 1
  bootorder plan catalyst --stage4 media-libs/freetype --out example-plan
      the embedded example: stage 1 needs a USE fix (steps/02-stage1/portage/
      package.use/bootorder/stage1), stage 3 a cycle broken (steps/03-stage3/portage/
      package.use/bootorder/circular), stage 4 adds freetype (its own cycle broken)

Steps, one per emerge catalyst runs: seed-update (with --seed), baselayout, stage1,
stage3, stage3-depclean, stage4-update, stage4 (with --stage4). The plan directory:
plan.json (the steps: emerge options, atoms, make.conf, roots, installed packages, merge
list with USE, a depclean's unmerge list, notes), steps/NN-NAME/ (stageN.spec, portage/
= the spec's portage_confdir with the generated lines), README (what to run, in order).
Check it with `bootorder verify DIR`.

JSON: {"out": DIR, "complete": bool, "plan": <plan.json>, "files": [path, ...]}
Exit codes: 0 a complete plan; 2 bad usage or input; 4 the plan was written but is
incomplete (a problem no USE change solves: see plan.json's "problems" and the README).
"""

BOOTSTRAP_EXAMPLES = """\
examples:
  bootorder plan bootstrap --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay \\
      --profile coreos-overlay:coreos/amd64/sdk/transition --implicit off --out sdk-seedless
      Flatcar's SDK stage 1 on an empty build host: the fewest packages emerge needs
      pre-built into /, then stage 1
  bootorder plan bootstrap @system --host vdb:/mnt/host/var/db/pkg --out sys-plan
      @system on a host that has some packages already

Each bootstrap-<pn> step is `emerge --oneshot --nodeps =<cpv>` into / with the stage's
make.conf and, in steps/NN-bootstrap-<pn>/portage/, one line per flag its reduced build
turns off (C only for the compiler; a flag that pulls in what / lacks). The last step is
the stage (without TARGET: catalyst's stage 1, USE="-* build $BOOTSTRAP_USE") into an
empty target root, every step's package installed in /. With --implicit on (default),
steps that only bootorder's implicit toolchain model needs say so (plan.json's
bootstrap.implicit_only); --implicit off gives the fewest steps emerge needs.
Check the plan with `bootorder verify DIR --minimal` (every step and line needed).

JSON: {"out": DIR, "complete": bool, "plan": <plan.json>, "files": [path, ...]}
Exit codes: 0 a complete plan; 2 bad usage or input; 4 the plan was written but is
incomplete (see plan.json's "problems").
"""


def register(subparsers) -> None:
    from ..plan.choices import OPTIONS, STAGES
    from .options import add_tree_options
    p = subparsers.add_parser(
        "plan", help="write a plan: the emerge steps a build runs, with its configuration",
        description="Write a plan directory that a build (catalyst) consumes, every step "
                    "replayable with emerge --pretend (bootorder verify).",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    kinds = p.add_subparsers(dest="plan_kind", metavar="KIND", required=True)
    c = kinds.add_parser("catalyst", help="catalyst's stages",
                         description="catalyst's stages as a plan: the seed update, "
                                     "stage 1, stage 3 and stage 4.", epilog=EXAMPLES,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    add_tree_options(c)
    c.add_argument("--out", required=True, metavar="DIR",
                   help="the plan directory to write (new, empty, or an earlier plan)")
    c.add_argument("--stages", metavar="STAGE,...",
                   help=f"the stages to plan, of {', '.join(STAGES)} (default: all that "
                        "apply: seed-update with --seed, stage4 with --stage4)")
    c.add_argument("--seed", metavar="vdb:PATH",
                   help="the seed's installed packages (its var/db/pkg): plans catalyst's "
                        "seed update (@changed-subslot) and builds stage 1 against them")
    c.add_argument("--seed-exclude", action="append", default=[], metavar="PATTERN",
                   help="a package (cat/pkg, wildcards, :SLOT) the seed update leaves "
                        "alone (emerge --exclude; repeatable), e.g. 'cross-*-cros-linux-gnu/*'")
    c.add_argument("--stage4", nargs="+", default=[], metavar="ATOM",
                   help="stage 4's packages (the spec's stage4/packages)")
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
    _register_bootstrap(kinds)


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
    from .. import planflows
    from .options import tree_request
    from .output import command_reporter
    request = planflows.CrossPlanRequest(
        tree_request(args), args.target, args.out, tuple(args.portage.split()),
        not args.without_gdb, cross_command_of(args), args.target_profile)
    with command_reporter(args.json) as reporter:
        result = planflows.plan_cross(request, reporter)
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
    from ..plan.choices import BOARD_TARGETS as DEFAULT_TARGETS
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


def _register_bootstrap(kinds) -> None:
    from .targets import add_resolve_options
    b = kinds.add_parser("bootstrap", help="a build without a seed: bootstrap-* steps, "
                         "then the stage", description="Pre-build the fewest packages into "
                         "/ that let emerge build the stage on a build host without a seed, "
                         "each one a bootstrap-<pn> step, then the stage.",
                         epilog=BOOTSTRAP_EXAMPLES,
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    add_resolve_options(b)
    b.add_argument("--out", required=True, metavar="DIR",
                   help="the plan directory to write (new, empty, or an earlier plan)")
    b.add_argument("--scope", choices=("all", "unbreakable"), default="all",
                   help="all (default): every hard cycle gets a bootstrap step; "
                        "unbreakable: the smallest USE changes the profile allows come "
                        "first (written to the stage's package.use)")
    b.add_argument("--json", action="store_true", help="print JSON (see below)")
    b.set_defaults(func=run_bootstrap)


def command_of(args) -> tuple[str, ...]:
    """The command line that makes this plan again (recorded in plan.json)."""
    words = _command_start("catalyst", args)
    for option, value in (("--profile", args.profile), ("--stage1-profile",
                          args.stage1_profile), ("--stages", args.stages),
                          ("--prefix", args.prefix), ("--seed", args.seed)):
        words += [option, value] if value else []
    words += [w for pattern in args.seed_exclude for w in ("--seed-exclude", pattern)]
    words += [w for option in args.options for w in ("--option", option)]
    words += ["--stage4", *args.stage4] if args.stage4 else []
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
    from .. import planflows
    from ..plan.board import DEFAULT_TARGETS
    from .options import tree_request
    from .output import command_reporter
    request = planflows.BoardPlanRequest(
        tree_request(args), args.out, args.host_profile,
        tuple(args.targets) or DEFAULT_TARGETS, args.prefix, board_command_of(args),
        tuple(_pair(text) for text in args.make_conf))
    with command_reporter(args.json) as reporter:
        result = planflows.plan_board(request, reporter)
    return _answer_plan(result, reporter, args)


def _pair(text: str) -> tuple[str, str]:
    from ..core.errors import BootorderError
    name, sep, value = text.partition("=")
    if not sep:
        raise BootorderError(f"--make-conf {text!r}: expected VAR=VALUE")
    return name, value


def _answer_plan(result, reporter, args) -> int:
    from ..render.plan import plan_json, plan_text
    from .output import EXIT_INCOMPLETE, EXIT_OK, answer
    plan = result.value
    return answer(result, reporter, json_mode=args.json,
                  doc=plan_json(plan, args.out) if args.json else None,
                  text=None if args.json else plan_text(plan, args.out) + "\n",
                  code=EXIT_OK if plan.complete else EXIT_INCOMPLETE)


def run(args) -> int:
    from .. import planflows
    from .options import tree_request
    from .output import command_reporter
    stages = None if args.stages is None else tuple(s for s in args.stages.split(",") if s)
    request = planflows.PlanRequest(
        tree_request(args), args.out, stages, args.stage1_profile, args.prefix,
        tuple(args.options), command_of(args), args.seed, tuple(args.seed_exclude),
        tuple(args.stage4))
    with command_reporter(args.json) as reporter:
        result = planflows.plan_catalyst(request, reporter)
    return _answer_plan(result, reporter, args)


def bootstrap_command_of(args) -> tuple[str, ...]:
    """The command line that makes this bootstrap plan again (recorded in plan.json)."""
    words = [*_command_start("bootstrap", args), *args.targets]
    words += ["--profile", args.profile] if args.profile else []
    words += ["--stage1"] if args.stage1 else []
    words += ["--host", args.host, "--implicit", args.implicit, "--scope", args.scope]
    words += [w for spec in args.with_specs for w in ("--with", spec)]
    return (*words, "--out", args.out)


def run_bootstrap(args) -> int:
    from .. import planflows
    from .output import command_reporter
    from .targets import request_from_args
    with command_reporter(args.json) as reporter:
        result = planflows.plan_bootstrap(request_from_args(args, default_stage1=True),
                                          out=args.out, scope=args.scope,
                                          command=bootstrap_command_of(args),
                                          reporter=reporter)
    return _answer_plan(result, reporter, args)
