"""Benchmark: load the whole corpus (both repositories, every entry read and every
dependency string parsed), bootorder against portage's own loading of the same data.

Each side runs in a separate fresh Python process and reports its own time (imports
excluded, then included):

- bootorder: ``Tree.open([portage-stable, coreos-overlay]).load_all()``.
- portage: ``portdbapi.aux_get`` of every cpv of every repository (all dependency keys,
  SLOT, IUSE, KEYWORDS, EAPI, ...), then ``portage.dep.use_reduce(..., matchall=True)``
  on each dependency string. The corpus has no ebuilds, so portage runs on a shadow
  copy (metadata symlinked, profiles copied, an empty ebuild per cache entry, cache
  validation disabled), built before timing starts.

usage: python bench/load_corpus.py [CORPUS_DIR] [--repeat N]
(CORPUS_DIR defaults to $BOOTORDER_SHARED/corpus/flatcar or ../shared/corpus/flatcar)
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOS = ("portage-stable", "coreos-overlay")
DEP_KEYS = ["DEPEND", "RDEPEND", "BDEPEND", "PDEPEND", "IDEPEND"]
KEYS = DEP_KEYS + ["SLOT", "IUSE", "KEYWORDS", "EAPI", "LICENSE", "RESTRICT", "REQUIRED_USE"]


def child_bootorder(corpus: str, clock=time.perf_counter) -> dict:
    t0 = clock()
    from bootorder.tree.repository import Tree
    t1 = clock()
    tree = Tree.open([Path(corpus) / r for r in REPOS])
    entries = tree.load_all()
    t2 = clock()
    return {"entries": entries, "load": t2 - t1, "with_imports": t2 - t0}


def child_portage(repos: dict, profile_dir: str, clock=time.perf_counter) -> dict:
    t0 = clock()
    import portage
    import portage.cache.template
    import portage.dbapi.porttree
    from portage.dep import use_reduce
    portage.cache.template.database.validate_entry = lambda self, *a, **k: True
    t1 = clock()
    root = tempfile.mkdtemp(prefix="bench-portage-")
    etc = Path(root) / "etc" / "portage"
    etc.mkdir(parents=True)
    (etc / "repos.conf").write_text("[DEFAULT]\nmain-repo = portage-stable\n" + "".join(
        f"[{n}]\nlocation = {loc}\n" for n, loc in repos.items()))
    (etc / "make.profile").symlink_to(profile_dir)
    settings = portage.config(config_root=root, target_root=root, eprefix="")
    db = portage.dbapi.porttree.portdbapi(mysettings=settings)
    entries = 0
    for name, loc in repos.items():
        for cp in db.cp_all(trees=[loc]):
            for cpv in db.cp_list(cp, mytree=loc):
                meta = dict(zip(KEYS, db.aux_get(cpv, KEYS, myrepo=name)))
                for key in DEP_KEYS:
                    if meta[key]:
                        use_reduce(meta[key], matchall=True, eapi=meta["EAPI"] or "0",
                                   token_class=portage.dep.Atom)
                entries += 1
    t2 = clock()
    shutil.rmtree(root, ignore_errors=True)
    return {"entries": entries, "load": t2 - t1, "with_imports": t2 - t0}


def shadow(corpus: Path, dest: Path) -> dict:
    """The tests' shadow copy (``tests/portage_corpus.py``), imported here only:
    the timed children must not have bootorder imported before they start."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from portage_corpus import shadow_corpus
    return shadow_corpus(corpus, dest)


def run_child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", *args],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def default_corpus() -> Path:
    shared = os.environ.get("BOOTORDER_SHARED")
    base = Path(shared) if shared else Path(__file__).resolve().parents[2] / "shared"
    return base / "corpus" / "flatcar"


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, rest = sys.argv[2], sys.argv[3:]
        clock = time.process_time if rest[-1] == "cpu" else time.perf_counter
        result = (child_bootorder(rest[0], clock) if kind == "bootorder"
                  else child_portage(json.loads(rest[0]), rest[1], clock))
        print(json.dumps(result))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=default_corpus())
    ap.add_argument("--repeat", type=int, default=3, help="runs per side (best is kept)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-shadow-") as tmp:
        repos = shadow(args.corpus, Path(tmp))
        profile = str(Path(repos["coreos-overlay"]) / "profiles/coreos/amd64/sdk/transition")
        ours = [run_child("bootorder", str(args.corpus)) for _ in range(args.repeat)]
        theirs = [run_child("portage", json.dumps(repos), profile) for _ in range(args.repeat)]
    best = lambda runs, k: min(r[k] for r in runs)  # noqa: E731
    print(f"entries: bootorder {ours[0]['entries']}, portage {theirs[0]['entries']}")
    for key, label in (("load", "load+parse"), ("with_imports", "incl. imports")):
        b, p = best(ours, key), best(theirs, key)
        print(f"{label:14s} bootorder {b:7.3f}s  portage {p:7.3f}s  "
              f"ratio bootorder/portage {b / p:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
