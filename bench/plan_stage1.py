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

Prints each best-of-N wall time and the ratio bootorder / emerge (goal <= 2).

usage: python bench/plan_stage1.py [--corpus DIR] [--profile REPO:PATH]
                                   [--stage1-profile REPO:PATH] [--repeat N]
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


def corpus_parser(doc: str, profile: str) -> argparse.ArgumentParser:
    """``--corpus``, ``--profile`` (default ``profile``) and ``--repeat``."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--corpus", default=str(HERE.parent.parent / "shared" / "corpus"
                                                / "flatcar"))
    parser.add_argument("--profile", default=profile)
    parser.add_argument("--repeat", type=int, default=3)
    return parser


def corpus_work(args, prefix: str) -> tuple[list[str], Path]:
    """The corpus repositories ``--corpus`` names and a new work directory."""
    corpus = Path(args.corpus)
    repos = [str(corpus / "portage-stable"), str(corpus / "coreos-overlay")]
    return repos, Path(tempfile.mkdtemp(prefix=prefix))


def first_plan(plan_cmd: list[str], work: Path, repos: list[str]):
    """Run ``plan_cmd`` once (it writes ``work/plan``): the Plan and its replay tree."""
    from bootorder.plan.model import Plan
    from bootorder.plan.verify import replay_tree
    from bootorder.tree.repository import Tree
    seconds, done = timed(plan_cmd)
    if done.returncode not in (0, 4):
        sys.exit(f"bootorder plan failed:\n{done.stderr}")
    return Plan.read(work / "plan"), replay_tree(Tree.open(repos), work / "mirror")


def main() -> None:
    parser = corpus_parser(__doc__, "coreos-overlay:coreos/amd64/sdk")
    parser.add_argument("--stage1-profile", default="coreos-overlay:coreos/amd64/sdk/transition")
    args = parser.parse_args()
    from bootorder.plan.replay import emerge_command, prepare

    repos, work = corpus_work(args, "bootorder-bench-plan-")
    plan_cmd = [*BOOTORDER, "plan", "catalyst", *(w for r in repos for w in ("--repo", r)),
                "--profile", args.profile, "--stage1-profile", args.stage1_profile,
                "--stages", "stage1", "--out", str(work / "plan")]
    ours, theirs = [], []
    try:
        plan, tree = first_plan(plan_cmd, work, repos)      # once first: the plan to replay
        step = plan.step("stage1")
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
    print(f"bootorder plan catalyst --stages stage1: best {best_ours:.2f} s "
          f"({len(step.merge)} stage-1 merges planned, {len(plan.steps)} steps)")
    print(f"emerge --pretend of stage 1 (same tree, profile, USE, seed): best "
          f"{best_theirs:.2f} s ({merges} merges listed)")
    print(f"ratio bootorder/emerge = {best_ours / best_theirs:.2f} (goal <= 2)")


if __name__ == "__main__":
    main()
