"""Is the bootstrap plan's set of steps the smallest emerge accepts? An exhaustive check.

``bootorder plan bootstrap --implicit off`` (stage 1 on an empty build host, the
Flatcar SDK corpus by default) chooses k bootstrap steps. This script asks emerge
itself whether fewer would do: for every subset of fewer than k packages of a pool, it
replays the plan's stage (``emerge --pretend --implicit-system-deps=n`` into an empty
target root) with exactly those packages installed in "/", each with the USE of its
reduced build (the USE its bootstrap step would give it), as ``bootorder verify`` does.
Every subset must fail (a cycle or an unresolved dependency); one that resolves is
printed and the script exits 1.

The pool is the plan's own packages and every package on the cycles its steps break
(virtuals left out: no step pre-builds a virtual), plus ``--also`` packages (for
example the ten names of issue 21's measurement). A subset of a larger pool, or one
where a package is pre-built with other USE, is not tried: the plan's minimality over
the whole graph is the model's (``exact``), this script checks it against emerge where
a smaller set would have to come from.

usage: python bench/seedless_minimum.py [--corpus DIR] [--profile REPO:PATH]
                                        [--also CP ...] [--max-size N]
Prints each subset size with the number tried and the number emerge accepts, and the
seconds taken.
"""
from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bootorder.plan.bootstrap import BootstrapRequest, bootstrap_plan  # noqa: E402
from bootorder.plan.model import Installed  # noqa: E402
from bootorder.plan.replay import replay  # noqa: E402
from bootorder.plan.verify import replay_tree  # noqa: E402
from bootorder.tree.repository import Tree  # noqa: E402

SDK = "coreos-overlay:coreos/amd64/sdk/transition"


def pool_of(found, also: list[str]) -> dict[str, Installed]:
    """cpv -> the Installed entry of its reduced build, for the pool (module docstring)."""
    reduced = found.reduced
    keys = {k for s in found.steps for k in (s.key, *s.cycle)}
    keys |= {k for k in reduced if found.graph.node(k)["cp"] in set(also)}
    return {k.cpv: Installed(k.cpv, tuple(sorted(reduced[k].use)))
            for k in sorted(keys) if k in reduced and not k.cpv.startswith("virtual/")}


def accepted(stage, files, rtree, entries) -> bool:
    """emerge resolves the stage with ``entries`` (and nothing else) in "/"."""
    tried = replace(stage, installed=(("/", tuple(entries)), ("target", ())),
                    installed_from=(), merge=())
    done = replay(tried, files, rtree)
    return done.returncode == 0 and not done.result.cycle


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path,
                        default=Path(os.environ.get("BOOTORDER_SHARED", "/work/shared"))
                        / "corpus" / "flatcar")
    parser.add_argument("--profile", default=SDK)
    parser.add_argument("--also", nargs="*", default=[])
    parser.add_argument("--max-size", type=int, default=None,
                        help="largest subset size tried (default: the plan's steps - 1)")
    args = parser.parse_args()
    tree = Tree.open([args.corpus / "portage-stable", args.corpus / "coreos-overlay"])
    plan, found = bootstrap_plan(tree, BootstrapRequest(args.profile, implicit=False))
    steps = [s.key.cpv for s in found.steps]
    pool = pool_of(found, args.also)
    print(f"plan: {len(steps)} steps ({', '.join(steps)}); pool of {len(pool)}: "
          + ", ".join(pool))
    stage, files = plan.steps[-1], dict(plan.files)
    failed = 0
    with tempfile.TemporaryDirectory() as work:
        rtree = replay_tree(tree, Path(work))
        plan_ok = accepted(stage, files, rtree, [pool[c] for c in steps])
        print(f"the plan's {len(steps)} packages, each with its reduced USE: "
              + ("accepted" if plan_ok else "NOT accepted"), flush=True)
        if not plan_ok:
            return 1
        top = len(steps) - 1 if args.max_size is None else args.max_size
        for size in range(top + 1):
            start, tried, ok = time.perf_counter(), 0, []
            for subset in itertools.combinations(sorted(pool), size):
                tried += 1
                if accepted(stage, files, rtree, [pool[c] for c in subset]):
                    ok.append(subset)
            failed += len(ok)
            print(f"size {size}: {tried} subsets tried, {len(ok)} accepted by emerge "
                  f"({time.perf_counter() - start:.0f} s)", flush=True)
            for subset in ok:
                print("  accepted:", " ".join(subset))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
