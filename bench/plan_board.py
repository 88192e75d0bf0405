"""Planning a board build against emerge --pretend of its two passes, same tree.

bootorder: a fresh ``bootorder plan board`` process (import, open the tree, load the
board and SDK profiles, resolve the full build and the first pass twice, find the
fewest temporary clears, order the merge lists, write the plan directory), end to end.
emerge: the plan's ``break-cycles`` and ``board`` steps run by ``emerge --pretend``
exactly as ``bootorder verify`` runs them (ROOT=SYSROOT=PORTAGE_CONFIGROOT=target, the
SDK as package.provided of "/", build_packages' options), timed together; the mirror,
configuration directories and installed-package entries are written before, outside
the timing. The runs alternate, so both see the same load.

Prints each best-of-N wall time and the ratio bootorder / emerge.

usage: python bench/plan_board.py [--corpus DIR] [--profile REPO:PATH]
                                  [--host-profile REPO:PATH] [--repeat N]
"""
from __future__ import annotations

import shutil
import sys

from plan_stage1 import BOOTORDER, corpus_parser, corpus_work, first_plan, timed


def main() -> None:
    parser = corpus_parser(__doc__, "coreos-overlay:coreos/amd64/generic")
    parser.add_argument("--host-profile", default="coreos-overlay:coreos/amd64/sdk")
    args = parser.parse_args()
    from bootorder.plan.replay import emerge_command, prepare

    repos, work = corpus_work(args, "bootorder-bench-board-")
    plan_cmd = [*BOOTORDER, "plan", "board", *(w for r in repos for w in ("--repo", r)),
                "--profile", args.profile, "--host-profile", args.host_profile,
                "--out", str(work / "plan"), "@system", "coreos-devel/board-packages"]
    ours, theirs = [], []
    try:
        plan, tree = first_plan(plan_cmd, work, repos)      # once first: the plan to replay
        steps = [s for s in plan.steps if s.name in ("break-cycles", "board")]
        for i in range(args.repeat):      # interleaved: both see the same machine load
            ours.append(timed(plan_cmd)[0])
            total = 0.0
            for step in steps:
                args_, env = prepare(step, dict(plan.files), tree, work / f"{step.name}{i}")
                seconds, done = timed([str(emerge_command()), *args_], env)
                if done.returncode != 0:
                    sys.exit(f"emerge failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
                total += seconds
            theirs.append(total)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    best_ours, best_theirs = min(ours), min(theirs)
    print(f"bootorder plan board: best {best_ours:.2f} s "
          f"({sum(len(s.merge) for s in steps)} merges planned in {len(steps)} passes)")
    print(f"emerge --pretend of the passes (same tree, profiles, options, seed): best "
          f"{best_theirs:.2f} s")
    print(f"ratio bootorder/emerge = {best_ours / best_theirs:.2f}")


if __name__ == "__main__":
    main()
