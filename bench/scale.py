"""Whole-tree scale: CPU time, peak memory and growth exponent of every analysis.

Builds copies of the corpus scaled with ``shared/tools/scale_corpus.py`` (1x, 5x, 10x,
20x replicas of portage-stable, coreos-overlay beside each) and runs, on each, the
commands a release engineer runs on the whole tree, every ``cat/pkg`` of the tree as
targets (or ``@all``), ``--host empty``, the SDK profile::

    graph --format json, cycles --suggest-use, bootstrap, order --waves,
    explain sys-devel/gcc, and (the base of the "beyond" rows) resolve: the same graph
    cut to sys-devel/gcc alone

Each command runs in a fresh interpreter (``python -m bootorder ... --json``); its CPU
time (user + system, from ``wait4``, so other load on the machine does not count) and
peak RSS are the best of ``--repeat`` runs. Printed per command and size: CPU seconds,
the part beyond ``resolve``, peak RSS, and the growth exponent
``log(t2/t1) / log(k2/k1)`` between sizes (1.0: linear), plus from the first size
above 1x to the largest.

Also printed:

- ``emerge --pretend`` (PyPI portage) on a portage-readable mirror of the 1x tree, same
  targets, profile and an empty ``--root``: its CPU time and the ratio of every
  command's to it;
- load+parse (``Tree.open(...).load_all()``, imports excluded, CPU time) with the
  persistent metadata cache cold (empty) and warm, against portage's cold load of the
  same tree (``portdbapi.aux_get`` of every entry and ``use_reduce`` of every
  dependency string, ``bench/load_corpus.py``), per size in ``--load-sizes``.

Commands run with ``--no-cache`` when this bootorder has one (cold, comparable with a
bootorder without the cache), with ``BOOTORDER_CACHE_DIR`` pointing into the work
directory either way. ``--save DIR`` keeps every command's stdout per size, to compare
two versions byte for byte (``diff -r``).

usage: python bench/scale.py [--sizes 1,5,10,20] [--targets cp|all] [--repeat N]
       [--work DIR] [--commands graph,cycles,...] [--timeout S] [--no-emerge]
       [--load-sizes 1,20] [--save DIR]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(PROJECT / "tests"))

PROFILE = "coreos-overlay:coreos/amd64/sdk"
COMMANDS = {
    "resolve": (["graph"], ["--format", "json", "--around", "sys-devel/gcc", "--depth", "0"]),
    "graph": (["graph"], ["--format", "json"]),
    "cycles": (["cycles"], ["--suggest-use", "--json"]),
    "bootstrap": (["bootstrap"], ["--json"]),
    "order": (["order"], ["--waves", "--json"]),
    "explain": (["explain", "sys-devel/gcc"], ["--json"]),
}
"""The commands measured, by name: the words before the targets, the options after.
``resolve`` (the graph of one package out of the resolved whole) is the base the other
commands' "beyond" rows subtract: resolution and start-up without a big output."""


def shared_dir() -> Path:
    env = os.environ.get("BOOTORDER_SHARED")
    return Path(env) if env else PROJECT.parent / "shared"


def build_tree(corpus: Path, work: Path, k: int) -> Path:
    """``work/xK`` with ``portage-stable`` scaled K times and ``coreos-overlay`` beside it
    (kept from an earlier run when complete)."""
    dest = work / f"x{k}"
    done = dest / ".complete"
    if not done.exists():
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        tool = shared_dir() / "tools" / "scale_corpus.py"
        subprocess.run([sys.executable, str(tool), str(corpus / "portage-stable"),
                        str(dest / "portage-stable"), str(k)], check=True,
                       stdout=subprocess.DEVNULL)
        (dest / "coreos-overlay").symlink_to(corpus / "coreos-overlay")
        done.touch()
    return dest


def tree_args(tree: Path) -> list[str]:
    return ["--repo", str(tree / "portage-stable"), "--repo", str(tree / "coreos-overlay"),
            "--profile", PROFILE, "--host", "empty"]


def every_cp(tree: Path) -> list[str]:
    from bootorder.tree.repository import Tree
    return list(Tree.open([tree / "portage-stable", tree / "coreos-overlay"]).cps())


def run_measured(argv: list[str], env: dict, timeout: float, stdout=subprocess.DEVNULL
                 ) -> dict:
    """Run ``argv``; its CPU seconds (user + system), peak RSS (MB), exit code."""
    with open(os.devnull, "w") as devnull:
        proc = subprocess.Popen(argv, stdout=stdout, stderr=devnull, env=env, cwd=PROJECT)
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            return {"cpu": None, "rss": None, "exit": "timeout"}
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024,
            "exit": proc.returncode}


def has_no_cache_option() -> bool:
    out = subprocess.run([sys.executable, "-m", "bootorder", "graph", "--help"],
                         capture_output=True, text=True, cwd=PROJECT).stdout
    return "--no-cache" in out


def command_argv(name: str, tree: Path, targets: list[str], no_cache: bool) -> list[str]:
    words, options = COMMANDS[name]
    return [sys.executable, "-m", "bootorder", *words, *targets, *options, *tree_args(tree),
            *(["--no-cache"] if no_cache else [])]


def measure_warm_graph(tree: Path, targets: list[str], args, env: dict) -> dict:
    """``graph`` with the persistent cache filled by a first run (not timed)."""
    env = {**env, "BOOTORDER_CACHE_DIR": str(Path(env["BOOTORDER_CACHE_DIR"]) / tree.name)}
    argv = command_argv("graph", tree, targets, False)
    run_measured(argv, env, args.timeout)
    best = min((run_measured(argv, env, args.timeout) for _ in range(args.repeat)),
               key=lambda r: r["cpu"] if r["cpu"] is not None else float("inf"))
    print(f"  graph, warm cache: cpu {fmt(best['cpu'])} s  rss {fmt(best['rss'], 0)} MB",
          flush=True)
    return best


def measure_commands(tree: Path, targets: list[str], args, env: dict, no_cache: bool,
                     save: Path | None) -> dict[str, dict]:
    results = {}
    for name in args.commands:
        argv = command_argv(name, tree, targets, no_cache)
        runs = []
        for attempt in range(args.repeat):
            out = open(save / f"{name}.out", "w") if save and attempt == 0 else None
            try:
                runs.append(run_measured(argv, env, args.timeout,
                                         stdout=out or subprocess.DEVNULL))
            finally:
                if out:
                    out.close()
            if runs[-1]["cpu"] is None:
                break
        timed = [r for r in runs if r["cpu"] is not None]
        results[name] = min(timed, key=lambda r: r["cpu"]) if timed else runs[-1]
        shown = results[name]
        print(f"  {name:10s} cpu {fmt(shown['cpu'])} s  rss {fmt(shown['rss'], 0)} MB  "
              f"exit {shown['exit']}", flush=True)
    return results


def fmt(value, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def exponent(t1, t2, k1: int, k2: int):
    if not t1 or not t2 or t1 <= 0 or t2 <= 0:
        return None
    return math.log(t2 / t1) / math.log(k2 / k1)


def print_table(sizes: list[int], table: dict[int, dict[str, dict]], commands: list[str],
                emerge_cpu: float | None) -> None:
    """CPU per size, peak RSS per size, growth exponents; a "beyond" row per command
    other than resolve: its CPU minus resolve's (the work beyond resolution)."""
    pairs = list(zip(sizes, sizes[1:]))
    if len(sizes) > 2:
        pairs.append((sizes[1], sizes[-1]))
    print("\ncommand     " + "".join(f"{f'{k}x cpu':>10s}" for k in sizes)
          + "".join(f"{f'{k}x MB':>8s}" for k in sizes)
          + "".join(f"{f'{a}->{b}x':>9s}" for a, b in pairs)
          + ("   /emerge@1x" if emerge_cpu else ""))
    for name in commands:
        rows = [(name, {k: table[k][name]["cpu"] for k in sizes}, True)]
        if name != "resolve" and "resolve" in commands:
            rows.append(("  beyond", {k: _minus(table[k][name]["cpu"],
                                                table[k]["resolve"]["cpu"])
                                      for k in sizes}, False))
        for label, cpu, main_row in rows:
            line = f"{label:12s}" + "".join(f"{fmt(cpu[k]):>10s}" for k in sizes)
            line += "".join(f"{fmt(table[k][name]['rss'], 0) if main_row else '':>8s}"
                            for k in sizes)
            line += "".join(f"{fmt(exponent(cpu[a], cpu[b], a, b)):>9s}" for a, b in pairs)
            if emerge_cpu and main_row and cpu.get(1) is not None:
                line += f"{cpu[1] / emerge_cpu:13.2f}"
            print(line)


def _minus(a, b):
    return None if a is None or b is None else a - b


def measure_emerge(tree: Path, targets: list[str], work: Path, timeout: float) -> dict:
    """``emerge --pretend`` on a portage-readable mirror of ``tree`` (written first,
    not timed), under the lock that guards the interpreter's ``etc/portage``."""
    from resolve_oracle import portage_config, portage_mirror
    mirror = work / f"mirror-{tree.name}"
    if not (mirror / ".complete").exists():
        shutil.rmtree(mirror, ignore_errors=True)
        portage_mirror(tree, mirror)
        (mirror / ".complete").touch()
    root = Path(tempfile.mkdtemp(prefix="bench-emerge-root-", dir=work))
    emerge = os.path.join(os.path.dirname(sys.executable), "emerge")
    try:
        with portage_config(mirror, PROFILE, None):
            argv = [emerge, "--pretend", "--oneshot", "--implicit-system-deps=n",
                    f"--root={root}", *targets]
            return run_measured(argv, dict(os.environ), timeout)
    finally:
        shutil.rmtree(root, ignore_errors=True)


# Run in a fresh interpreter; imports are not counted, as in bench/load_corpus.py.
LOAD_CHILD = """
import json, sys, time
t0 = time.process_time()
from bootorder.tree.repository import Tree
from bootorder.tree import diskcache
t1 = time.process_time()
tree = Tree.open([sys.argv[1] + "/portage-stable", sys.argv[1] + "/coreos-overlay"],
                 cache=diskcache.location() if sys.argv[2] == "on" else None)
entries = tree.load_all()
t2 = time.process_time()
tree.save_cache()
print(json.dumps({"entries": entries, "load": t2 - t1, "with_imports": t2 - t0}))
"""


def measure_load(tree: Path, work: Path, repeat: int) -> dict | None:
    """Cold and warm load+parse of bootorder (CPU s) and portage's cold load."""
    import load_corpus
    env = {**os.environ, "BOOTORDER_CACHE_DIR": str(work / f"load-cache-{tree.name}")}
    shutil.rmtree(env["BOOTORDER_CACHE_DIR"], ignore_errors=True)

    def child(mode: str) -> dict:
        out = subprocess.run([sys.executable, "-c", LOAD_CHILD, str(tree), mode],
                             capture_output=True, text=True, env=env, cwd=PROJECT)
        if out.returncode:
            raise RuntimeError(out.stderr[-2000:])
        return json.loads(out.stdout.strip().splitlines()[-1])

    cold = min((child("off") for _ in range(repeat)), key=lambda r: r["load"])
    child("on")  # fills the cache
    warm = min((child("on") for _ in range(repeat)), key=lambda r: r["load"])
    with tempfile.TemporaryDirectory(prefix="bench-shadow-", dir=work) as tmp:
        repos = load_corpus.shadow(tree, Path(tmp))
        profile = str(Path(repos["coreos-overlay"]) / "profiles/coreos/amd64/sdk")
        portage = min((load_corpus.run_child("portage", json.dumps(repos), profile, "cpu")
                       for _ in range(repeat)), key=lambda r: r["load"])
    return {"cold": cold, "warm": warm, "portage": portage}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,5,10,20")
    parser.add_argument("--targets", choices=("cp", "all"), default="cp",
                        help="every cat/pkg of the tree (default) or @all")
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--repeat", type=int, default=1, help="runs per command (best kept)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per run")
    parser.add_argument("--work", type=Path, help="keep the scaled trees here (default: tmp)")
    parser.add_argument("--no-emerge", action="store_true")
    parser.add_argument("--load-sizes", default="1,20",
                        help="sizes for the load+parse comparison ('' for none)")
    parser.add_argument("--save", type=Path, help="keep each command's stdout here")
    args = parser.parse_args()
    args.commands = args.commands.split(",")
    sizes = [int(k) for k in args.sizes.split(",")]
    load_sizes = [int(k) for k in args.load_sizes.split(",") if k]
    corpus = shared_dir() / "corpus" / "flatcar"
    work = args.work or Path(tempfile.mkdtemp(prefix="bootorder-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "BOOTORDER_CACHE_DIR": str(work / "cache"), "PYTHONHASHSEED": "0"}
    no_cache = has_no_cache_option()
    print(f"work directory {work}; commands {'with --no-cache' if no_cache else 'as is'}; "
          f"CPU seconds (user+system), best of {args.repeat}")
    table: dict[int, dict[str, dict]] = {}
    emerge = None
    try:
        for k in sizes:
            tree = build_tree(corpus, work, k)
            targets = every_cp(tree) if args.targets == "cp" else ["@all"]
            print(f"{k}x: {len(targets)} targets", flush=True)
            save = None
            if args.save:
                save = args.save / f"x{k}"
                save.mkdir(parents=True, exist_ok=True)
            table[k] = measure_commands(tree, targets, args, env, no_cache, save)
            if no_cache and "graph" in args.commands:
                measure_warm_graph(tree, targets, args, env)
            if k == 1 and not args.no_emerge:
                emerge = measure_emerge(tree, every_cp(tree), work, args.timeout)
                print(f"  emerge --pretend cpu {fmt(emerge['cpu'])} s  "
                      f"rss {fmt(emerge['rss'], 0)} MB  exit {emerge['exit']}", flush=True)
        print_table(sizes, table, args.commands, emerge and emerge["cpu"])
        if load_sizes:
            print("\nload+parse, CPU s   bootorder cold   warm   portage cold   "
                  "cold/portage   warm/portage")
        for k in load_sizes:
            found = measure_load(build_tree(corpus, work, k), work, max(args.repeat, 2))
            c, w, p = found["cold"]["load"], found["warm"]["load"], found["portage"]["load"]
            print(f"{k}x ({found['cold']['entries']} entries)".ljust(20)
                  + f"{c:12.3f}{w:9.3f}{p:13.3f}{c / p:14.2f}{w / p:15.3f}", flush=True)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
