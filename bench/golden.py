"""Record every command's output on the example and the corpus, or diff against a record.

A refactor keeps behaviour: record before, check after. Each case runs
``python -m bootorder ARGS`` in a fresh interpreter and keeps its stdout and exit code
(stderr is kept too, but only compared with ``--stderr``: progress and banners may change
while answers must not).

usage:
  python bench/golden.py record DIR [--corpus DIR] [--jobs N]
  python bench/golden.py check DIR [--corpus DIR] [--jobs N] [--stderr]

``check`` prints one line per case that differs (with the first differing line) and exits
1 when any does. JSON output may gain keys (scripts read the old ones: keys are added,
never renamed or dropped): a JSON answer matches when every recorded key still holds the
recorded value.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent

CORPUS_PROFILE = "coreos-overlay:coreos/amd64/sdk/transition"
SDK_PROFILE = "coreos-overlay:coreos/amd64/sdk"

EXAMPLE_QUESTIONS = [
    ["stage1"],
    ["stage1", "--host", "empty"],
    ["order", "--stage1", "--waves"],
    ["order", "--stage1", "--host", "empty", "--waves"],
    ["cycles", "--stage1", "--host", "empty"],
    ["cycles", "--stage1", "--host", "empty", "--suggest-use"],
    ["cycles", "--stage1", "--host", "empty", "--scope", "all"],
    ["bootstrap"],
    ["bootstrap", "--scope", "all"],
    ["toolchain"],
    ["explain", "gcc"],
    ["explain", "gcc", "--host", "empty", "--stage1"],
    ["explain", "sys-libs/glibc", "--reverse"],
    ["graph", "--stage1", "--format", "dot"],
    ["graph", "--stage1", "--format", "json"],
    ["graph", "--stage1", "--host", "empty", "--around", "sys-libs/glibc", "--format", "dot",
     "--mark-cuts"],
    ["profile"],
    ["parse", "ssl? ( >=dev-libs/openssl-3:= ) || ( a/b c/d )"],
]
"""Questions asked of the embedded example (no --repo), each as text and with --json."""

CORPUS_QUESTIONS = [
    ["stage1", "--host", "empty"],
    ["stage1"],
    ["order", "--stage1", "--host", "empty", "--waves"],
    ["cycles", "--stage1", "--host", "empty"],
    ["cycles", "--stage1", "--host", "empty", "--suggest-use"],
    ["bootstrap", "--stage1"],
    ["explain", "sys-devel/gcc", "--stage1", "--host", "empty"],
    ["graph", "--stage1", "--host", "empty", "--format", "dot"],
    ["graph", "--stage1", "--host", "empty", "--format", "json"],
    ["profile"],
]
"""Questions asked of the Flatcar corpus with the stage-1 (transition) profile."""

CORPUS_SDK_QUESTIONS = [
    ["toolchain"],
    ["cycles", "@system", "--host", "empty"],
]
"""Questions asked of the Flatcar corpus with the SDK profile itself."""


def cases(corpus: Path | None) -> dict[str, list[str]]:
    """``{case name: argv}`` for every recorded question, text and ``--json``."""
    found: dict[str, list[str]] = {}

    def add(prefix: str, questions, extra: list[str]) -> None:
        for question in questions:
            for json_flag in ([], ["--json"]):
                if question[0] == "graph" and json_flag:
                    continue  # graph's --json is --format json, already asked
                argv = question + extra + json_flag
                name = prefix + "_".join(a.strip("-").replace("/", "~")[:40] for a in
                                         question + json_flag).replace(" ", "")
                found[name] = argv

    add("example-", EXAMPLE_QUESTIONS, [])
    if corpus is not None:
        repos = ["--repo", str(corpus / "portage-stable"), "--repo", str(corpus / "coreos-overlay")]
        add("corpus-", CORPUS_QUESTIONS, repos + ["--profile", CORPUS_PROFILE])
        add("corpus-sdk-", CORPUS_SDK_QUESTIONS, repos + ["--profile", SDK_PROFILE])
    return found


def run_case(argv: list[str]) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOTORDER_")}
    env["PYTHONHASHSEED"] = "0"
    done = subprocess.run([sys.executable, "-m", "bootorder", *argv], capture_output=True,
                          text=True, env=env, cwd=HERE.parent)
    return {"argv": argv, "exit": done.returncode, "stdout": done.stdout,
            "stderr": done.stderr}


def run_all(corpus: Path | None, jobs: int) -> dict[str, dict]:
    todo = cases(corpus)
    with ThreadPoolExecutor(jobs) as pool:
        results = dict(zip(todo, pool.map(run_case, todo.values())))
    return results


def json_contains(new, old, where: str = "$") -> str | None:
    """Where ``new`` stops holding everything ``old`` held (None: it holds it all)."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key, value in old.items():
            if key not in new:
                return f"{where}.{key} dropped"
            found = json_contains(new[key], value, f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return f"{where}: {len(old)} items became {len(new)}"
        for i, (n, o) in enumerate(zip(new, old)):
            found = json_contains(n, o, f"{where}[{i}]")
            if found:
                return found
        return None
    return None if new == old else f"{where}: {str(old)[:60]!r} became {str(new)[:60]!r}"


def stdout_difference(old: str, new: str) -> str | None:
    """How the new stdout differs from the recorded one (JSON compared by containment)."""
    if old == new:
        return None
    try:
        return json_contains(json.loads(new), json.loads(old))
    except ValueError:
        return first_difference(old, new)


def first_difference(a: str, b: str) -> str:
    for n, (x, y) in enumerate(zip(a.splitlines(), b.splitlines()), 1):
        if x != y:
            return f"line {n}: {x[:100]!r} != {y[:100]!r}"
    return f"length {len(a.splitlines())} != {len(b.splitlines())} lines"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("record", "check"))
    parser.add_argument("dir", type=Path)
    default_corpus = HERE.parent.parent / "shared" / "corpus" / "flatcar"
    parser.add_argument("--corpus", type=Path,
                        default=default_corpus if default_corpus.is_dir() else None)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--stderr", action="store_true", help="compare stderr too")
    args = parser.parse_args()
    results = run_all(args.corpus, args.jobs)
    if args.action == "record":
        args.dir.mkdir(parents=True, exist_ok=True)
        for name, result in results.items():
            (args.dir / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n")
        print(f"recorded {len(results)} cases in {args.dir}")
        return 0
    differing = 0
    for name, result in results.items():
        path = args.dir / f"{name}.json"
        if not path.is_file():
            print(f"{name}: not recorded")
            differing += 1
            continue
        old = json.loads(path.read_text())
        details = []
        if old["exit"] != result["exit"]:
            details.append(f"exit {old['exit']} != {result['exit']}")
        found = stdout_difference(old["stdout"], result["stdout"])
        if found:
            details.append(f"stdout differs: {found}")
        if args.stderr and old["stderr"] != result["stderr"]:
            details.append(f"stderr differs: {first_difference(old['stderr'], result['stderr'])}")
        if details:
            differing += 1
            print(f"{name}: " + "; ".join(details))
    print(f"{len(results) - differing} of {len(results)} cases identical")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
