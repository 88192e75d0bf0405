"""The bootstrap steps of ``bootorder plan bootstrap`` against emerge on small
repositories: the plan replays (each step, then the stage with the steps' packages in
/), every step is needed (verify --minimal), and no smaller set of packages pre-built
with the same USE lets emerge build the stage (every smaller subset tried)."""
from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest
from bootstrap_strategies import RUNTIME_EBUILDS, XZ_EBUILDS
from minirepo import write_repo

from bootorder.plan.bootstrap import BootstrapRequest, bootstrap_plan
from bootorder.plan.model import Installed
from bootorder.plan.replay import replay
from bootorder.plan.verify import replay_tree, verify_plan
from bootorder.tree.repository import Tree

pytest.importorskip("portage", reason="emerge is the oracle (portage extra)")
pytestmark = pytest.mark.emerge

CXX_EBUILDS = {          # a C-only gcc does not meet gcc[cxx]: glibc is pre-built instead
    "sys-devel/gcc-15": {"IUSE": "+cxx", "DEPEND": "sys-libs/glibc"},
    "sys-libs/glibc-2": {"BDEPEND": "sys-devel/gcc"},
    "app-misc/top-1": {"BDEPEND": "sys-devel/gcc[cxx]", "DEPEND": "sys-libs/glibc"},
}
PLAIN_GCC_EBUILDS = {**CXX_EBUILDS, "app-misc/top-1": {"BDEPEND": "sys-devel/gcc",
                                                       "DEPEND": "sys-libs/glibc"}}
SHARED_EBUILDS = {       # b is on both cycles: one step, not two
    "x/a-1": {"BDEPEND": "x/b"}, "x/b-1": {"BDEPEND": "x/a x/c"}, "x/c-1": {"DEPEND": "x/b"},
    "x/top-1": {"BDEPEND": "x/a x/c"},
}
SSL_EBUILDS = {          # python's ssl pulls in openssl, which needs python to build
    "dev-lang/python-3": {"IUSE": "+ssl", "DEPEND": "ssl? ( dev-libs/openssl )"},
    "dev-libs/openssl-3": {"BDEPEND": "dev-lang/python"},
    "app-misc/top-1": {"BDEPEND": "dev-lang/python", "RDEPEND": "dev-libs/openssl"},
}


def generated(seed: int) -> dict:
    """Five packages with random build and runtime edges, and a target needing them."""
    rng = random.Random(seed)
    names = [f"x/p{i}" for i in range(5)]
    ebuilds = {}
    for name in names:
        meta = {}
        for cls in ("BDEPEND", "DEPEND", "RDEPEND"):
            deps = [d for d in names if d != name and rng.random() < 0.25]
            if deps:
                meta[cls] = " ".join(deps)
        ebuilds[f"{name}-1"] = meta
    ebuilds["x/top-1"] = {"BDEPEND": " ".join(names)}
    return ebuilds


def fails(step, files, tree) -> bool:
    done = replay(step, files, tree)
    return done.returncode != 0 or bool(done.result.cycle)


def repository(tmp_path, ebuilds: dict):
    return Tree.open([write_repo(tmp_path, ebuilds)])


def check(tmp_path, ebuilds: dict, target: str) -> list[str]:
    """Plan, verify --minimal, and try every smaller set; the plan's step names."""
    tree = repository(tmp_path, ebuilds)
    plan, found = bootstrap_plan(tree, BootstrapRequest("mini:default", targets=(target,),
                                                        implicit=False))
    report = verify_plan(plan, tree, minimal=True)
    assert report.holds, report.to_json()
    rtree = replay_tree(tree, tmp_path / "mirror")
    stage, files = plan.steps[-1], dict(plan.files)
    reduced = {k.cpv: Installed(k.cpv, tuple(sorted(r.use))) for k, r in found.reduced.items()}
    for size in range(len(found.steps)):
        for subset in itertools.combinations(sorted(reduced), size):
            tried = replace(stage, installed=(("/", tuple(reduced[c] for c in subset)),
                                              ("target", ())), installed_from=(), merge=())
            assert fails(tried, files, rtree), f"{subset} suffices: fewer steps than the plan"
    return [s.name for s in plan.steps]


@pytest.mark.parametrize("ebuilds, target, steps", [
    (XZ_EBUILDS, "dev-libs/gmp", ["bootstrap-xz-utils", "stage"]),
    (RUNTIME_EBUILDS, "app-misc/world", ["bootstrap-xz-utils", "stage"]),
    (CXX_EBUILDS, "app-misc/top", ["bootstrap-glibc", "stage"]),
    (PLAIN_GCC_EBUILDS, "app-misc/top", ["bootstrap-gcc", "stage"]),
    (SHARED_EBUILDS, "x/top", ["bootstrap-b", "stage"]),
    (SSL_EBUILDS, "app-misc/top", ["bootstrap-python", "stage"]),
])
def test_the_fewest_steps_emerge_needs(tmp_path, ebuilds, target, steps):
    assert check(tmp_path, ebuilds, target) == steps


@pytest.mark.parametrize("seed", [5])
def test_generated_repositories(tmp_path, seed):
    names = check(tmp_path, generated(seed), "x/top")
    assert names[-1] == "stage"
