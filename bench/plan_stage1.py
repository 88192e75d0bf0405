"""Planning catalyst's stages against ``emerge --pretend`` of the planned steps, same tree.

bootorder: a fresh ``bootorder plan catalyst --stages STAGES`` process (import, open
the tree, load the profiles, resolve every step, check and fix their problems and
cycles, order the merge lists, write the plan directory), end to end.
emerge: each planned step run once by ``emerge --pretend`` exactly as ``bootorder
verify`` runs it (stage 1: the seed as package.provided of "/", make.conf
``USE="-* build $BOOTSTRAP_USE"``, ``--oneshot --implicit-system-deps=n`` and the
stage-1 list, ``ROOT`` a throw-away target; stages 3 and 4: their installed packages as
``var/db/pkg`` entries) on a portage-readable mirror of the same corpus; the mirror and
the configuration directories are written before, outside the timing: only the
``emerge`` commands are timed (their sum, with ``--stages`` beyond stage1). The runs
alternate, so both see the same load. Default: stage 1 alone (and only its main step
timed), as issue 17 asks.

With ``--kind bootstrap``: ``bootorder plan bootstrap --implicit off`` on the stage-1
profile (stage 1 on an empty build host: the bootstrap steps chosen, each checked
against the model, then the stage) against one ``emerge --pretend`` of the plan's
stage (its bootstrap packages installed in "/", every other build dependency merged
there too).

Prints each best-of-N wall time and the ratio bootorder / emerge (goal <= 2).

usage: python bench/plan_stage1.py [--corpus DIR] [--profile REPO:PATH]
                                   [--stage1-profile REPO:PATH] [--repeat N]
                                   [--stages STAGE,...] [--stage4 ATOM ...]
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
    parser.add_argument("--stages", default="stage1")
    parser.add_argument("--stage4", nargs="+", default=[])
    parser.add_argument("--kind", choices=("catalyst", "bootstrap"), default="catalyst")
    args = parser.parse_args()
    from bootorder.plan.replay import emerge_command, prepare

    repos, work = corpus_work(args, "bootorder-bench-plan-")
    plan_cmd = [*BOOTORDER, "plan", "catalyst", *(w for r in repos for w in ("--repo", r)),
                "--profile", args.profile, "--stage1-profile", args.stage1_profile,
                "--stages", args.stages, "--out", str(work / "plan")]
    plan_cmd += ["--stage4", *args.stage4] if args.stage4 else []
    if args.kind == "bootstrap":
        plan_cmd = [*BOOTORDER, "plan", "bootstrap", *(w for r in repos for w in ("--repo", r)),
                    "--profile", args.stage1_profile, "--implicit", "off",
                    "--out", str(work / "plan")]
    ours, theirs = [], []
    try:
        plan, tree = first_plan(plan_cmd, work, repos)      # once first: the plan to replay
        steps = [plan.steps[-1]] if args.kind == "bootstrap" else \
            [plan.step("stage1")] if args.stages == "stage1" else list(plan.steps)
        for i in range(args.repeat):      # interleaved: both see the same machine load
            ours.append(timed(plan_cmd)[0])
            theirs.append(0.0)
            merges = 0
            for n, step in enumerate(steps):
                args_, env = prepare(step, dict(plan.files), tree, work / f"replay{i}-{n}")
                seconds, done = timed([str(emerge_command()), *args_], env)
                if done.returncode != 0:
                    sys.exit(f"emerge failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
                theirs[-1] += seconds
                merges += sum(1 for line in done.stdout.splitlines()
                              if line.startswith("[ebuild"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    best_ours, best_theirs = min(ours), min(theirs)
    planned = sum(len(s.merge) for s in steps)
    print(f"bootorder {' '.join(plan_cmd[3:5])}: best {best_ours:.2f} s "
          f"({planned} merges planned in the {len(steps)} steps timed, "
          f"{len(plan.steps)} steps)")
    print(f"emerge --pretend of {', '.join(s.name for s in steps)} (same tree, profile, "
          f"USE, installed packages): best {best_theirs:.2f} s ({merges} merges listed)")
    print(f"ratio bootorder/emerge = {best_ours / best_theirs:.2f} (goal <= 2)")


if __name__ == "__main__":
    main()
