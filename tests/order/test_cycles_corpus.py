"""Cycles and orders on the shared Flatcar corpus (catalyst's stage 1), against emerge.

With an empty build host emerge stops on app-arch/xz-utils <-> app-portage/elt-patches
(both BDEPEND, ``shared/oracle/README.md``): that is the cycle its report shows, and what
``bootorder cycles`` shows by default. emerge's JSON report lists every cycle it met;
bootorder must find each of them.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bootorder.cli import main

pytestmark = pytest.mark.corpus

PROFILE = "coreos-overlay:coreos/amd64/sdk/transition"
XZ_ELT = {
    ("app-arch/xz-utils-5.8.3", "app-portage/elt-patches-20250718", "BDEPEND", "host",
     ">=app-portage/elt-patches-20250306", "buildtime"),
    ("app-portage/elt-patches-20250718", "app-arch/xz-utils-5.8.3", "BDEPEND", "host",
     "app-arch/xz-utils", "buildtime"),
}


def _tree(corpus_dir: Path) -> list[str]:
    return ["--repo", str(corpus_dir / "portage-stable"), "--repo",
            str(corpus_dir / "coreos-overlay"), "--profile", PROFILE]


def _run(capsys, argv: list[str]) -> tuple[int, dict]:
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


def _edges(report: dict) -> set:
    return {(e["from"], e["to"], e["class"], e["root"], e["atom"], e["priority"])
            for c in report["cycles"] for e in c["edges"]}


@pytest.mark.parametrize("implicit", [[], ["--implicit", "off"]], ids=["implicit-on", "off"])
def test_stage1_empty_host_cycles_are_exactly_xz_utils_and_elt_patches(corpus_dir, capsys,
                                                                        implicit):
    code, report = _run(capsys, ["cycles", *_tree(corpus_dir), "--stage1", "--host", "empty",
                                 *implicit, "--json"])
    assert code == 3
    assert _edges(report) == XZ_ELT
    assert report["hard"] and len(report["cycles"]) == 1


def test_stage1_seed_host_orders_without_hard_cycles(corpus_dir, capsys):
    code, result = _run(capsys, ["order", *_tree(corpus_dir), "--stage1", "--host", "seed",
                                 "--json", "--waves"])
    assert code == 0 and not result["hard"]
    position = {(k["cpv"], k["root"]): i for i, k in enumerate(result["order"])}
    wave = {(k["cpv"], k["root"]): i for i, w in enumerate(result["waves"]) for k in w}
    assert position.keys() == wave.keys()
    assert {i["reason"] for i in result["ignored"]} <= {"PDEPEND", "runtime not yet satisfied"}


def test_stage1_empty_host_order_exits_3_and_names_the_hard_edges(corpus_dir, capsys):
    code, result = _run(capsys, ["order", *_tree(corpus_dir), "--stage1", "--host", "empty",
                                 "--implicit", "off", "--json"])
    assert code == 3 and result["hard"]
    hard = {(i["from"], i["to"]) for i in result["ignored"] if i["reason"] == "hard"}
    members = {k["cpv"] for c in result["hard_cycles"] for e in c["edges"]
               for k in ({"cpv": e["from"]}, {"cpv": e["to"]})}
    assert hard and all(u in members or v in members for u, v in hard)


@pytest.fixture(scope="module")
def emerge_report(corpus_dir, oracle_dir, tmp_path_factory):
    """emerge --circular-deps-report=json on the corpus's stage 1 with an empty host."""
    pytest.importorskip("portage")
    from resolve_oracle import _bootstrap_use, portage_config, portage_mirror
    mirror = portage_mirror(corpus_dir, tmp_path_factory.mktemp("mirror"))
    buildpkgs = (oracle_dir / "flatcar-amd64-sdk-transition.stage1.buildpkgs").read_text()
    work = Path(tempfile.mkdtemp(prefix="bootorder-cycles-"))
    with portage_config(mirror, PROFILE, None) as etc:
        env = dict(os.environ)
        with open(etc / "make.conf", "a") as conf:
            conf.write(f'USE="-* build {_bootstrap_use(env)}"\n')
        (work / "root").mkdir()
        emerge = os.path.join(os.path.dirname(sys.executable), "emerge")
        out = subprocess.run([emerge, "--pretend", "--oneshot", "--implicit-system-deps=n",
                              "--circular-deps-report=json", f"--root={work / 'root'}",
                              *buildpkgs.split()], capture_output=True, text=True, env=env,
                             timeout=900).stdout
    found = re.search(r"^\{\n.*?^\}$", out, re.DOTALL | re.MULTILINE)
    assert found, "emerge printed no circular-dependency report"
    return json.loads(found.group(0))


def _canonical(cpvs) -> tuple:
    cpvs = tuple(cpvs)
    i = cpvs.index(min(cpvs))
    return cpvs[i:] + cpvs[:i]


@pytest.mark.emerge
def test_every_cycle_emerge_reports_on_the_corpus_is_found(corpus_dir, capsys, emerge_report):
    longest = max(len(c) for c in emerge_report["cycles"])
    code, report = _run(capsys, ["cycles", *_tree(corpus_dir), "--stage1", "--host", "empty",
                                 "--implicit", "off", "--scope", "hard", "--json",
                                 "--max-length", str(longest), "--max-cycles", "100000"])
    assert code == 3
    ours = {_canonical(e["from"] for e in c["edges"]) for c in report["cycles"]}
    assert [c for c in emerge_report["cycles"] if _canonical(c) not in ours] == []
    shown = {(e["parent"], e["child"], e["priority"]) for e in emerge_report["shortest_cycle"]}
    _, default = _run(capsys, ["cycles", *_tree(corpus_dir), "--stage1", "--host", "empty",
                               "--implicit", "off", "--json"])
    assert {(e["from"], e["to"], e["priority"]) for c in default["cycles"]
            for e in c["edges"]} == shown
