"""Planning catalyst's stage 1 against one ``emerge --pretend`` of stage 1, same tree.

bootorder: a fresh ``bootorder plan catalyst --stages stage1`` process (import, open
the tree, load the profiles, resolve both steps, check and fix their problems, order
the merge lists, write the plan directory), end to end.
emerge: the plan's stage-1 step run once by ``emerge --pretend`` exactly as ``bootorder
verify`` runs it (the seed as package.provided of "/", make.conf
``USE="-* build $BOOTSTRAP_USE"``, ``--oneshot --implicit-system-deps=n`` and the
stage-1 list, ``ROOT`` a throw-away target) on a portage-readable mirror of the same
corpus; the mirror and the configuration directories are written before, outside the
timing: only the ``emerge`` command is timed. The runs alternate, so both see the same
load.

With ``--kind bootstrap``: ``bootorder plan bootstrap --implicit off`` on the stage-1
profile (stage 1 on an empty build host: the bootstrap steps chosen, each checked
against the model, then the stage) against one ``emerge --pretend`` of the plan's
stage (its bootstrap packages installed in "/", every other build dependency merged
there too).

Prints each best-of-N wall time and the ratio bootorder / emerge (goal <= 2).

usage: python bench/plan_stage1.py [--corpus DIR] [--profile REPO:PATH]
                                   [--stage1-profile REPO:PATH] [--repeat N]
                                   [--kind catalyst|bootstrap]
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BOOTORDER = [sys.executable, "-m", "bootorder"]


def timed(cmd: list[str], env=None) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env,
                          stdin=subprocess.DEVNULL)
    return time.perf_counter() - start, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(HERE.parent.parent / "shared" / "corpus"
                                                / "flatcar"))
    parser.add_argument("--profile", default="coreos-overlay:coreos/amd64/sdk")
    parser.add_argument("--stage1-profile", default="coreos-overlay:coreos/amd64/sdk/transition")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kind", choices=("catalyst", "bootstrap"), default="catalyst")
    args = parser.parse_args()
    from bootorder.plan.model import Plan
    from bootorder.plan.replay import emerge_command, prepare
    from bootorder.plan.verify import replay_tree
    from bootorder.tree.repository import Tree

    corpus = Path(args.corpus)
    repos = [str(corpus / "portage-stable"), str(corpus / "coreos-overlay")]
    work = Path(tempfile.mkdtemp(prefix="bootorder-bench-plan-"))
    tree_args = [w for r in repos for w in ("--repo", r)]
    plan_cmd = [*BOOTORDER, "plan", "catalyst", *tree_args, "--profile", args.profile,
                "--stage1-profile", args.stage1_profile, "--stages", "stage1",
                "--out", str(work / "plan")]
    if args.kind == "bootstrap":
        plan_cmd = [*BOOTORDER, "plan", "bootstrap", *tree_args, "--profile",
                    args.stage1_profile, "--implicit", "off", "--out", str(work / "plan")]
    ours, theirs = [], []
    try:
        seconds, done = timed(plan_cmd)             # once first: the plan to replay
        if done.returncode not in (0, 4):
            sys.exit(f"bootorder plan failed:\n{done.stderr}")
        plan = Plan.read(work / "plan")
        step = plan.steps[-1]
        tree = replay_tree(Tree.open(repos), work / "mirror")
        for i in range(args.repeat):      # interleaved: both see the same machine load
            ours.append(timed(plan_cmd)[0])
            args_, env = prepare(step, dict(plan.files), tree, work / f"replay{i}")
            seconds, done = timed([str(emerge_command()), *args_], env)
            if done.returncode != 0:
                sys.exit(f"emerge failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
            theirs.append(seconds)
        merges = sum(1 for line in done.stdout.splitlines() if line.startswith("[ebuild"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    best_ours, best_theirs = min(ours), min(theirs)
    print(f"bootorder {' '.join(plan_cmd[3:5])}: best {best_ours:.2f} s "
          f"({len(step.merge)} stage-1 merges planned, {len(plan.steps)} steps)")
    host = "seed" if args.kind == "catalyst" else "bootstrap steps' packages in /"
    print(f"emerge --pretend of stage 1 (same tree, profile, USE, {host}): best "
          f"{best_theirs:.2f} s ({merges} merges listed)")
    print(f"ratio bootorder/emerge = {best_ours / best_theirs:.2f} (goal <= 2)")


if __name__ == "__main__":
    main()
