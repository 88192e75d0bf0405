"""Differential run: generated repositories resolved by bootorder and by emerge.

Draws ``COUNT`` repositories of one shape with a fixed hypothesis seed, resolves each
with bootorder (empty host, no implicit edges, emerge's restarts) and with ``emerge
--pretend --oneshot --verbose --root=<tmp>`` (``tests/emerge_oracle.py``), and compares
them as the seeded property tests do (``resolve_strategies.differences``: the atoms
nothing satisfies, the ``package.use`` lines, whether a hard cycle stops the merge, and
every package with its USE or, when stopped, what is stuck). Shapes:
``any_of`` (an any-of group owned by a package needed in the host root),
``use_dep`` (USE dependencies whose flag pulls the dependent back, masked and forced
flags, make.conf USE), ``plain`` (random build and runtime edges,
``tests/order/test_cycles_emerge.small_trees``).

Prints ``SHAPE seed S: AGREE/DISTINCT agree`` and, for each disagreement, the case as
JSON. Exits 1 when any case disagrees. emerge runs rewrite the interpreter prefix's
``etc/portage`` for their length (under the oracle's lock), which bootorder's own
configuration lookup reads: run this from a venv no other work uses at the same time.

usage: python bench/emerge_agreement.py SHAPE [--count N] [--seed S]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "tests"), str(HERE.parent / "tests" / "order")]


def strategies() -> dict:
    from resolve_strategies import any_of_repos, use_dep_repos
    from test_cycles_emerge import small_trees
    plain = small_trees().map(lambda case: {"ebuilds": case["ebuilds"], "use": "",
                                            "targets": case["targets"], "profile_files": {}})
    return {"any_of": any_of_repos(), "use_dep": use_dep_repos(), "plain": plain}


def draw(strategy, count: int, seed: int) -> list[dict]:
    """``count`` examples of ``strategy`` (seeded), without repeats, in drawing order."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as with_seed
    drawn: dict[str, dict] = {}

    @settings(max_examples=count, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @with_seed(seed)
    @given(strategy)
    def collect(case):
        drawn.setdefault(json.dumps(case, sort_keys=True), case)

    collect()
    return list(drawn.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shape", choices=("any_of", "use_dep", "plain"))
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1616)
    args = parser.parse_args()
    from resolve_strategies import bootorder_answer, differences, emerge_answer
    cases = draw(strategies()[args.shape], args.count, args.seed)
    start, agree = time.monotonic(), 0
    for case in cases:
        with tempfile.TemporaryDirectory() as tmp:
            found = differences(bootorder_answer(Path(tmp), case), emerge_answer(case))
        agree += not found
        if found:
            print(f"differs in {', '.join(found)}: {json.dumps(case)}", flush=True)
    print(f"{args.shape} seed {args.seed}: {agree}/{len(cases)} agree "
          f"({time.monotonic() - start:.0f} s)")
    return 0 if agree == len(cases) else 1


if __name__ == "__main__":
    sys.exit(main())
