"""Cold stage-1 resolution: bootorder vs ``emerge --pretend`` on the same tree and profile.

bootorder: a fresh interpreter that imports bootorder, opens the corpus tree, loads the
profile, resolves catalyst's stage-1 list with ``--host empty`` (load, parse, resolve).
emerge: ``emerge --pretend --oneshot --implicit-system-deps=n --root=<tmp>`` with
``USE="-* build $BOOTSTRAP_USE"`` on a portage-readable mirror of the same corpus
(``tests/resolve_oracle.py``; the mirror is written once, outside the timing), under
the lock that serialises every use of the interpreter's ``etc/portage``; only the
``emerge`` command itself is timed. The runs alternate, so both see the same load.

Prints each best-of-N wall time and the ratio bootorder / emerge (target <= 0.3).

usage: python bench/resolve_stage1.py [--corpus DIR] [--profile REPO:PATH] [--repeat N]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

COLD = """
from bootorder.tree.repository import Tree
from bootorder.config.profile import Profile
from bootorder.config.configuration import Config
from bootorder.resolver.resolution import resolve
import sys
tree = Tree.open([sys.argv[1] + "/portage-stable", sys.argv[1] + "/coreos-overlay"])
config = Config.stage1(tree, Profile.load(tree, sys.argv[2]))
graph = resolve(config, ["@stage1"], host="empty", implicit=False)
print(len(graph))
"""


def timed(cmd: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, out.stdout + out.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(HERE.parent.parent / "shared" / "corpus" / "flatcar"))
    parser.add_argument("--profile", default="coreos-overlay:coreos/amd64/sdk/transition")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = Path(args.corpus)
    from resolve_oracle import emerge_pretend, portage_mirror

    from bootorder.config.profile import Profile
    from bootorder.tree.repository import Tree
    tree = Tree.open([corpus / "portage-stable", corpus / "coreos-overlay"])
    atoms = list(Profile.load(tree, args.profile).packages_build)
    work = Path(tempfile.mkdtemp(prefix="bootorder-bench-"))
    ours, theirs = [], []
    try:
        mirror = portage_mirror(corpus, work / "mirror")
        for _ in range(args.repeat):   # interleaved: both see the same machine load
            ours.append(timed([sys.executable, "-c", COLD, str(corpus), args.profile]))
            text, seconds = emerge_pretend(mirror, args.profile, atoms, stage1=True)
            theirs.append(seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    merges = sum(1 for line in text.splitlines() if line.startswith("[ebuild"))
    best_ours, best_theirs = min(t for t, _ in ours), min(theirs)
    print(f"bootorder cold stage-1 resolve: best {best_ours:.2f} s "
          f"({ours[0][1].strip()} package instances)")
    print(f"emerge --pretend (same tree, profile, USE): best {best_theirs:.2f} s "
          f"({merges} merges listed)")
    print(f"ratio bootorder/emerge = {best_ours / best_theirs:.2f} (target <= 0.30)")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
