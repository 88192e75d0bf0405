"""``bootorder plan catalyst``: catalyst's stage 1 as a plan directory (shared/PLAN.md);
``bootorder plan bootstrap``: a build without a seed, bootstrap-* steps then the stage."""
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
    _register_bootstrap(kinds)


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
    words = ["bootorder", "plan", "catalyst"]
    words += [w for repo in args.repos for w in ("--repo", repo)]
    for option, value in (("--profile", args.profile), ("--stage1-profile",
                          args.stage1_profile), ("--stages", args.stages),
                          ("--prefix", args.prefix)):
        words += [option, value] if value else []
    words += [w for option in args.options for w in ("--option", option)]
    return (*words, "--out", args.out)


def run(args) -> int:
    from .. import workflows
    from .options import tree_request
    from .output import command_reporter
    request = workflows.PlanRequest(
        tree_request(args), args.out, tuple(s for s in args.stages.split(",") if s),
        args.stage1_profile, args.prefix, tuple(args.options), command_of(args))
    with command_reporter(args.json) as reporter:
        result = workflows.plan_catalyst(request, reporter)
    return _answer(args, result, reporter)


def _answer(args, result, reporter) -> int:
    from ..render.plan import plan_json, plan_text
    from .output import EXIT_OK, answer
    plan = result.value
    return answer(result, reporter, json_mode=args.json,
                  doc=plan_json(plan, args.out) if args.json else None,
                  text=None if args.json else plan_text(plan, args.out) + "\n",
                  code=EXIT_OK if plan.complete else EXIT_INCOMPLETE)


def bootstrap_command_of(args) -> tuple[str, ...]:
    """The command line that makes this bootstrap plan again (recorded in plan.json)."""
    words = ["bootorder", "plan", "bootstrap", *args.targets]
    words += [w for repo in args.repos for w in ("--repo", repo)]
    words += ["--profile", args.profile] if args.profile else []
    words += ["--stage1"] if args.stage1 else []
    words += ["--host", args.host, "--implicit", args.implicit, "--scope", args.scope]
    words += [w for spec in args.with_specs for w in ("--with", spec)]
    return (*words, "--out", args.out)


def run_bootstrap(args) -> int:
    from .. import workflows
    from .output import command_reporter
    from .targets import request_from_args
    with command_reporter(args.json) as reporter:
        result = workflows.plan_bootstrap(request_from_args(args, default_stage1=True),
                                          out=args.out, scope=args.scope,
                                          command=bootstrap_command_of(args),
                                          reporter=reporter)
    return _answer(args, result, reporter)
