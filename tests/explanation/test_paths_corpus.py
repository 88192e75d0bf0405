"""`bootorder explain ... --json` on the shared Flatcar corpus, every step verified
against the md5-cache metadata with portage as the oracle:

- the step's atom is in ``from``'s metadata under ``class`` and is active under the
  step's USE condition (``portage.dep.use_reduce``), unless the step is implicit;
- the atom matches ``to`` (``portage.dep.match_from_list``);
- steps chain, each path starts at a target and ends at the package explained.
"""
from __future__ import annotations

import json

import pytest

from bootorder.cli import main

PROFILE = "coreos-overlay:coreos/amd64/sdk/transition"
REPOS = ("portage-stable", "coreos-overlay")


def run_explain(capsys, corpus_dir, *args):
    argv = ["explain", *args, "--profile", PROFILE, "--stage1", "--host", "empty", "--json"]
    for repo in REPOS:
        argv[1:1] = ["--repo", str(corpus_dir / repo)]
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def metadata(corpus_dir, cpv: str) -> list[dict]:
    """The md5-cache entries of ``cpv`` (one per repository that has it)."""
    out = []
    for repo in REPOS:
        path = corpus_dir / repo / "metadata" / "md5-cache" / cpv
        if path.is_file():
            out.append(dict(line.split("=", 1) for line in
                            path.read_text().splitlines() if "=" in line))
    return out


def active_atoms(dep: str, use: str) -> set[str]:
    from portage.dep import use_reduce
    enabled = [f[:-1] for f in use.split() if not f.startswith("!")]
    flat = use_reduce(dep, uselist=enabled, flat=True, eapi="8")
    return {str(a) for a in flat if a not in ("||",)}


def check_step(corpus_dir, step: dict) -> None:
    from portage.dep import Atom, match_from_list
    atom = Atom(step["atom"], allow_repo=True)
    assert match_from_list(atom.without_slot.without_repo.without_use, [step["to"]]), step
    if step["implicit"]:
        return
    metas = metadata(corpus_dir, step["from"])
    assert metas, f"no metadata for {step['from']}"
    assert any(step["atom"] in m.get(step["class"], "").split() and
               step["atom"] in active_atoms(m[step["class"]], step["use"])
               for m in metas), step
    if step["any_of"] is not None:  # the group's other alternatives are written there too
        words = {w for m in metas for w in m.get(step["class"], "").split()}
        alts = [w for alt in step["any_of"] for w in alt.split() if "/" in w]
        assert step["atom"] in alts and set(alts) <= words, step
        assert set(step["not_taken"]) <= set(step["any_of"]) - {step["atom"]}, step


def check_paths(corpus_dir, expl: dict, cp: str, atoms) -> None:
    assert expl["paths"], "some path reaches the package"
    for path in expl["paths"]:
        assert is_target(path[0]["from"], atoms), path[0]
        assert path[-1]["to"].startswith(cp + "-")
        for a, b in zip(path, path[1:]):
            assert a["to"] == b["from"]
        for step in path:
            check_step(corpus_dir, step)
    lengths = [len(p) for p in expl["paths"]]
    assert lengths == sorted(lengths)


def stage1_targets(oracle_dir):
    """catalyst's stage-1 atoms (the oracle's list): a path must start at one of them."""
    from portage.dep import Atom
    text = (oracle_dir / "flatcar-amd64-sdk-transition.stage1.buildpkgs").read_text()
    return [Atom(line) for line in text.split()]


def is_target(cpv: str, atoms) -> bool:
    from portage.dep import match_from_list
    return any(match_from_list(a.without_slot, [cpv]) for a in atoms)


@pytest.mark.corpus
@pytest.mark.parametrize("pkg, target", [("sys-devel/gcc", True), ("dev-libs/gmp", False)])
def test_explain_steps_against_metadata(capsys, corpus_dir, oracle_dir, pkg, target):
    atoms = stage1_targets(oracle_dir)
    expl = run_explain(capsys, corpus_dir, pkg)
    assert expl["package"] == pkg and expl["target"] is target
    assert expl["instances"] and all(is_target(i["cpv"], atoms) is target
                                     for i in expl["instances"])
    check_paths(corpus_dir, expl, pkg, atoms)
    everything = run_explain(capsys, corpus_dir, pkg, "--all", "--max-paths", "50")
    check_paths(corpus_dir, everything, pkg, atoms)
    assert len(everything["paths"]) >= min(50, len(expl["paths"]))


@pytest.mark.corpus
def test_explain_reverse_against_metadata(capsys, corpus_dir):
    expl = run_explain(capsys, corpus_dir, "dev-libs/gmp", "--reverse")
    cpvs = {i["cpv"] for i in expl["instances"]}
    assert expl["reverse"] is True and expl["paths"]
    for path in expl["paths"]:
        assert path[0]["from"] in cpvs
        for a, b in zip(path, path[1:]):
            assert a["to"] == b["from"]
        for step in path:
            check_step(corpus_dir, step)
