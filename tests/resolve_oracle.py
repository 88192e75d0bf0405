"""emerge itself on the shared corpus, as an oracle for the resolver tests and bench.

The corpus holds only md5-cache entries, no ebuilds; portage lists packages from the
ebuild files and validates cache entries against their md5. :func:`portage_mirror`
writes a throw-away copy portage accepts: one stub ebuild per entry (``EAPI=`` line),
empty eclasses, and the cache entries with ``_md5_``/``_eclasses_`` rewritten to match.

:func:`emerge_graph` runs emerge's resolver (``backtrack_depgraph``, the code behind
``emerge --pretend``) in a subprocess on that mirror and returns *its whole dependency
graph* (every package node with root and USE, every edge with its priority), not just
the merge list, which emerge truncates when it meets an unbreakable cycle.
``emerge_pretend`` runs the real ``emerge --pretend`` command (for the benchmark).
``unscheduled(graph)`` is what emerge prints when build cycles stop it.

Both rewrite the interpreter prefix's ``etc/portage`` for the length of the call, so
they hold the lock of :mod:`emerge_oracle` (the same file), exactly like ``run_emerge``.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

LOCK_PATH = "/tmp/bootorder-mini-emerge.lock"
REPOS = ("portage-stable", "coreos-overlay")


def portage_mirror(corpus: Path, dest: Path) -> Path:
    """Write a portage-readable copy of the corpus repositories under ``dest``
    (:func:`bootorder.plan.mirror.write_mirror_repo`, the mirror ``bootorder verify``
    replays metadata-only repositories on)."""
    from bootorder.plan.mirror import write_mirror_repo
    for name in REPOS:
        write_mirror_repo(corpus / name, dest / name)
    return dest


@contextmanager
def portage_config(mirror: Path, profile: str, use: str | None):
    """The interpreter's ``etc/portage`` pointing at ``mirror`` (under the lock)."""
    etc = Path(sys.prefix) / "etc" / "portage"
    with open(LOCK_PATH, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        backup = Path(tempfile.mkdtemp(prefix="bootorder-etc-")) / "etc"
        if etc.exists():
            shutil.copytree(etc, backup, symlinks=True)
            shutil.rmtree(etc)
        try:
            (etc / "repos.conf").mkdir(parents=True)
            (etc / "repos.conf" / "corpus.conf").write_text(
                "[DEFAULT]\nmain-repo = portage-stable\n" + "".join(
                    f"[{n}]\nlocation = {mirror / n}\n" for n in REPOS))
            repo, _, path = profile.partition(":")
            (etc / "make.profile").symlink_to(mirror / repo / "profiles" / path)
            conf = 'FEATURES="-sandbox -usersandbox"\n'
            if use is not None:
                conf += f'USE="{use}"\n'
            (etc / "make.conf").write_text(conf)
            yield etc
        finally:
            shutil.rmtree(etc, ignore_errors=True)
            if backup.exists():
                shutil.copytree(backup, etc, symlinks=True)
            shutil.rmtree(backup.parent, ignore_errors=True)


_DUMP = r'''
import json, os, sys
import _emerge.actions as actions
import _emerge.depgraph as dg
from _emerge.Package import Package
out = {}
TARGET = os.environ.get("BOOTORDER_TARGET_ROOT") or "\0"
def _root(pkg):
    return "target" if pkg.root.startswith(TARGET) else "host"
orig = dg.backtrack_depgraph
def wrapped(*a, **k):
    res = orig(*a, **k)
    g = res[1]._dynamic_config.digraph
    nodes, edges = [], []
    for n in g:
        if not isinstance(n, Package):
            continue
        root = _root(n)
        iuse = set(n.iuse.all)
        nodes.append({"cpv": n.cpv, "root": root, "slot": n.slot, "subslot": n.sub_slot,
                      "repo": n.repo, "use": sorted(set(n.use.enabled) & iuse),
                      "use_disabled": sorted(iuse - set(n.use.enabled)),
                      "merge": n.operation == "merge"})
        for c in g.child_nodes(n):
            if isinstance(c, Package):
                for p in g.nodes[n][0][c]:
                    edges.append({"from": [n.cpv, root], "to": [c.cpv, _root(c)],
                                  "priority": str(p), "buildtime": bool(p.buildtime),
                                  "runtime": bool(p.runtime), "runtime_post": bool(p.runtime_post)})
    out["graph"] = {"nodes": nodes, "edges": edges}
    return res
actions.backtrack_depgraph = wrapped
from _emerge.main import emerge_main
try:
    emerge_main(sys.argv[2:])
except SystemExit:
    pass
json.dump(out.get("graph"), open(sys.argv[1], "w"))
'''


def _bootstrap_use(env: dict) -> str:
    code = "import portage; print(portage.settings.get('BOOTSTRAP_USE', ''))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env).stdout.strip()


def emerge_graph(mirror: Path, profile: str, targets: list[str], *, stage1: bool,
                 root: bool = True, implicit_system_deps: bool = False) -> dict:
    """emerge's whole dependency graph for ``targets`` (``--root`` to a fresh directory
    when ``root``, else everything in ``/``, which the dump calls ``host``; stage 1:
    ``USE="-* build $BOOTSTRAP_USE"`` in make.conf)."""
    work = Path(tempfile.mkdtemp(prefix="bootorder-emerge-"))
    try:
        with portage_config(mirror, profile, None) as etc:
            env = dict(os.environ)
            use = f"-* build {_bootstrap_use(env)}" if stage1 else None
            if use is not None:
                with open(etc / "make.conf", "a") as conf:
                    conf.write(f'USE="{use}"\n')
            args = ["--pretend", "--oneshot", "--quiet",
                    f"--implicit-system-deps={'y' if implicit_system_deps else 'n'}"]
            if root:
                (work / "root").mkdir()
                args.append(f"--root={work / 'root'}")
                env["BOOTORDER_TARGET_ROOT"] = str(work / "root")
            subprocess.run([sys.executable, "-c", _DUMP, str(work / "g.json"), *args, *targets],
                           capture_output=True, text=True, env=env, timeout=600)
        return json.loads((work / "g.json").read_text())
    finally:
        shutil.rmtree(work, ignore_errors=True)


def emerge_pretend(mirror: Path, profile: str, targets: list[str], *,
                   stage1: bool) -> tuple[str, float]:
    """The text output of the real ``emerge --pretend`` and the seconds the command took
    (the set-up around it not counted: the benchmark)."""
    work = Path(tempfile.mkdtemp(prefix="bootorder-emerge-"))
    try:
        with portage_config(mirror, profile, None) as etc:
            env = dict(os.environ)
            if stage1:
                with open(etc / "make.conf", "a") as conf:
                    conf.write(f'USE="-* build {_bootstrap_use(env)}"\n')
            (work / "root").mkdir()
            emerge = os.path.join(os.path.dirname(sys.executable), "emerge")
            start = time.perf_counter()
            r = subprocess.run([emerge, "--pretend", "--oneshot", "--implicit-system-deps=n",
                                f"--root={work / 'root'}", *targets],
                               capture_output=True, text=True, env=env, timeout=600)
            return r.stdout + r.stderr, time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)


def unscheduled(graph) -> set:
    """What emerge has not merged when its build cycles stop it: the packages it prints
    then (``tests/resolver/test_resolution_corpus.py`` says why)."""
    from bootorder.order.stuck import stuck_packages
    return set(stuck_packages(graph))
