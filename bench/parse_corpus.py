"""Parse every *DEPEND string of md5-cache trees with bootorder and with portage.

Usage: python bench/parse_corpus.py TREE... [--repeat N]

A TREE is an md5-cache directory, a repository (``metadata/md5-cache`` inside) or
any directory above repositories. Each parser runs in a fresh interpreter (cold:
imports done before the clock starts, parser construction and every cache inside
the clock); the script prints both times (wall and CPU: CPU is steadier on a busy machine) and
the ratios bootorder/portage.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KEYS = ("DEPEND", "RDEPEND", "PDEPEND", "BDEPEND", "IDEPEND")


def md5_dirs(tree: Path) -> list[Path]:
    if tree.name == "md5-cache":
        return [tree]
    return sorted(p for p in tree.rglob("md5-cache") if p.is_dir())


def collect(trees: list[str]) -> list[tuple[str, str]]:
    """(text, EAPI) of every dependency value, in file order."""
    out = []
    for tree in trees:
        for cache in md5_dirs(Path(tree)):
            for entry in sorted(cache.glob("*/*")):
                meta = dict(line.rstrip("\n").split("=", 1)
                            for line in entry.open(encoding="utf-8") if "=" in line)
                out.extend((meta[k], meta.get("EAPI", "0")) for k in KEYS if k in meta)
    return out


def child(which: str, path: str) -> None:
    """Run in a fresh interpreter: parse everything, print seconds as JSON."""
    strings = json.loads(Path(path).read_text())
    if which == "bootorder":
        from bootorder.syntax.parse import parse_depend as parse

        def run(text, eapi):
            return parse(text, eapi).atoms()
    else:
        from portage.dep import Atom, use_reduce

        def run(text, eapi):
            return use_reduce(text, matchall=True, flat=True, token_class=Atom, eapi=eapi)
    errors = 0
    start, cpu = time.perf_counter(), time.process_time()
    for text, eapi in strings:
        try:
            run(text, eapi)
        except Exception:  # both sides count the strings they reject
            errors += 1
    print(json.dumps({"seconds": time.perf_counter() - start,
                      "cpu": time.process_time() - cpu, "errors": errors}))


def measure(which: str, path: str) -> dict:
    env = dict(os.environ, XDG_CACHE_HOME=tempfile.mkdtemp(prefix="bench-cache-"))
    out = subprocess.run([sys.executable, __file__, "--child", which, path],
                         check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", metavar="TREE")
    parser.add_argument("--repeat", type=int, default=1, help="runs each; best is kept")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    if not args.trees:
        parser.error("give at least one TREE")
    strings = collect(args.trees)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(strings, fh)
    try:
        best = {w: min((measure(w, fh.name) for _ in range(args.repeat)),
                       key=lambda r: r["seconds"]) for w in ("bootorder", "portage")}
    finally:
        os.unlink(fh.name)
    b, p = best["bootorder"], best["portage"]
    print(f"strings:   {len(strings)} ({len(set(strings))} unique)")
    for name, r in (("bootorder", b), ("portage", p)):
        print(f"{name + ':':<10} {r['seconds']:.3f} s wall, {r['cpu']:.3f} s CPU "
              f"({r['errors']} rejected)")
    print(f"ratio bootorder/portage: {b['seconds'] / p['seconds']:.2f} wall, "
          f"{b['cpu'] / p['cpu']:.2f} CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
