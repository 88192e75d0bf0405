"""portage itself as the oracle on the shared corpus, run in a fresh subprocess.

``portage_answers(corpus, profiles, use=None)`` builds a throw-away config_root per
profile (``etc/portage/make.profile`` symlink, ``repos.conf`` naming the corpus
repositories) and returns, per ``(repo, path)``: ``chain`` (``config.profiles``),
``use``, ``arch``, ``accept_keywords``, ``bootstrap_use`` and ``stage1`` (catalyst's
``targets/stage1/build.py`` recomputed with ``portage.util.stack_lists`` and
``grabfile_package`` over ``config.profiles``).

``portage_best_visible(corpus, profile, atoms)`` answers ``portdbapi.xmatch(
"bestmatch-visible", atom)`` for each atom. The corpus has no ebuilds, so it runs on a
shadow copy: ``metadata`` symlinked, ``profiles`` copied (portage resolves the profile
symlink, which must stay inside a known repository), an empty ``.ebuild`` per cache
entry, and cache validation (which compares ebuild checksums) disabled.
"""
from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bootorder.syntax.version import split_cpv

REPOS = ("portage-stable", "coreos-overlay")

_COMMON = r'''
import json, os, sys, tempfile
args = json.load(sys.stdin)
os.environ.pop("USE", None)
os.environ.pop("ACCEPT_KEYWORDS", None)

def make_root(repos, profile_dir):
    root = tempfile.mkdtemp(prefix="bootorder-portage-")
    ep = os.path.join(root, "etc", "portage")
    os.makedirs(ep)
    with open(os.path.join(ep, "repos.conf"), "w") as f:
        f.write("[DEFAULT]\nmain-repo = portage-stable\n")
        for name, loc in repos.items():
            f.write(f"[{name}]\nlocation = {loc}\n")
    os.symlink(profile_dir, os.path.join(ep, "make.profile"))
    return root
'''

_PROFILES = _COMMON + r'''
import portage
from portage.util import grabfile_package, stack_lists
from portage.dep import dep_getkey
if args["use"] is not None:
    os.environ["USE"] = args["use"]

def stage1(profiles):
    def scan(name):
        return stack_lists([grabfile_package(os.path.join(x, name)) for x in profiles],
                           incremental=1)
    pkgs, build = scan("packages"), scan("packages.build")
    for pkg in pkgs:
        try:
            i = build.index(dep_getkey(pkg))
            build[i] = pkg
            if build[i][0:1] == "*":
                build[i] = build[i][1:]
        except Exception:
            pass
    return [str(x) for x in build]

out = {}
for repo, path in args["profiles"]:
    root = make_root(args["repos"], os.path.join(args["repos"][repo], "profiles", path))
    s = portage.config(config_root=root, target_root=root, eprefix="")
    if args["use"] is not None and "$" in args["use"]:
        os.environ["USE"] = args["use"].replace("$BOOTSTRAP_USE", s.get("BOOTSTRAP_USE", ""))
        s = portage.config(config_root=root, target_root=root, eprefix="")
    out[f"{repo}:{path}"] = {
        "chain": list(s.profiles), "use": s["USE"].split(), "arch": s.get("ARCH", ""),
        "accept_keywords": s.get("ACCEPT_KEYWORDS", "").split(),
        "bootstrap_use": s.get("BOOTSTRAP_USE", "").split(),
        "stage1": stage1(s.profiles),
    }
json.dump(out, sys.stdout)
'''

_VISIBLE = _COMMON + r'''
import portage, portage.dbapi.porttree
import portage.cache.template
portage.cache.template.database.validate_entry = lambda self, *a, **k: True
root = make_root(args["repos"], args["profile_dir"])
s = portage.config(config_root=root, target_root=root, eprefix="")
db = portage.dbapi.porttree.portdbapi(mysettings=s)
out = {}
for atom in args["atoms"]:
    best = db.xmatch("bestmatch-visible", atom)
    out[atom] = str(best) if best else None
json.dump(out, sys.stdout)
'''


def _run(script: str, args: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("USE", "ACCEPT_KEYWORDS")}
    proc = subprocess.run([sys.executable, "-c", script], input=json.dumps(args),
                          capture_output=True, text=True, env=env, timeout=900)
    if proc.returncode:
        raise RuntimeError(f"portage oracle failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


def profiles_desc(corpus: Path) -> list[tuple[str, str]]:
    """Every (repo, path) listed in the corpus repositories' profiles.desc."""
    out = []
    for repo in REPOS:
        for line in (corpus / repo / "profiles" / "profiles.desc").read_text().splitlines():
            fields = line.split("#", 1)[0].split()
            if len(fields) >= 2:
                out.append((repo, fields[1]))
    return out


def portage_answers(corpus: Path, profiles, use: str | None = None) -> dict:
    repos = {r: str(corpus / r) for r in REPOS}
    return _run(_PROFILES, {"repos": repos, "profiles": list(profiles), "use": use})


def shadow_corpus(corpus: Path, dest: Path) -> dict[str, str]:
    """Shadow repositories with empty ebuilds (see module docstring)."""
    repos = {}
    for repo in REPOS:
        src, dst = corpus / repo, dest / repo
        dst.mkdir(parents=True)
        (dst / "metadata").symlink_to(src / "metadata")
        shutil.copytree(src / "profiles", dst / "profiles", symlinks=True)
        cache = src / "metadata" / "md5-cache"
        for cat in os.listdir(cache):
            for pf in os.listdir(cache / cat):
                cp, _ = split_cpv(f"{cat}/{pf}")
                d = dst / cp
                d.mkdir(parents=True, exist_ok=True)
                (d / f"{pf}.ebuild").touch()
        repos[repo] = str(dst)
    return repos


@functools.cache
def _session_shadow(corpus: Path) -> dict[str, str]:
    tmp = tempfile.mkdtemp(prefix="bootorder-shadow-")
    atexit.register(shutil.rmtree, tmp, True)
    return shadow_corpus(corpus, Path(tmp))


def portage_best_visible(corpus: Path, profile: tuple[str, str], atoms) -> dict:
    repos = _session_shadow(corpus)
    profile_dir = str(Path(repos[profile[0]]) / "profiles" / profile[1])
    return _run(_VISIBLE, {"repos": repos, "profile_dir": profile_dir, "atoms": list(atoms)})


@functools.cache
def all_profile_answers(corpus: Path) -> dict:
    """:func:`portage_answers` for every profile of the corpus's profiles.desc (cached)."""
    return portage_answers(corpus, profiles_desc(corpus))


_USE = _COMMON + r'''
import portage
root = make_root(args["repos"], args["profile_dir"])
for name, text in (args.get("etc") or {}).items():   # make.conf, package.use, ...
    with open(os.path.join(root, "etc", "portage", name), "w") as f:
        f.write(text)
s = portage.config(config_root=root, target_root=root, eprefix="")
if args["use"] is not None:
    os.environ["USE"] = args["use"].replace("$BOOTSTRAP_USE", s.get("BOOTSTRAP_USE", ""))
    s = portage.config(config_root=root, target_root=root, eprefix="")
keys = ["IUSE", "SLOT", "KEYWORDS", "EAPI", "RESTRICT", "PROPERTIES", "LICENSE",
        "DEFINED_PHASES", "INHERITED"]
out = {}
for repo, cpv in args["packages"]:
    with open(os.path.join(args["repos"][repo], "metadata", "md5-cache", cpv)) as f:
        raw = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
    meta = {k: raw.get(k, "") for k in keys}
    meta["repository"] = repo
    s.setcpv(cpv, mydb=meta)
    out[f"{cpv}::{repo}"] = sorted(s["PORTAGE_USE"].split())
json.dump(out, sys.stdout)
'''


def portage_use(corpus: Path, profile: tuple[str, str], packages, use: str | None = None,
                etc: dict[str, str] | None = None) -> dict:
    """``config.setcpv(); PORTAGE_USE`` for ``(repo, cpv)`` pairs, keyed ``cpv::repo``;
    ``etc``: files of the config root's etc/portage (``{"make.conf": 'USE="-*"'}``)."""
    repos = {r: str(corpus / r) for r in REPOS}
    return _run(_USE, {"repos": repos, "profile_dir": str(corpus / profile[0] / "profiles" /
                                                            profile[1]),
                       "packages": [list(p) for p in packages], "use": use, "etc": etc})
