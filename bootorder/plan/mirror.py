"""Repositories as a replay needs them: a portage-readable mirror of one that holds only
its metadata cache, and the git commit a repository is at.

portage lists packages from ebuild files and checks each ``metadata/md5-cache`` entry
against the ebuild's and the eclasses' md5. bootorder reads the cache alone, so a tree
shipped without ebuilds (the shared Flatcar corpus) can be planned but not replayed.
:func:`write_mirror_repo` writes what portage needs to replay it: one stub ebuild per
cache entry (an ``EAPI=`` line; nothing is ever built), an empty file per inherited
eclass, the cache entries with ``_md5_``/``_eclasses_`` rewritten to match those stubs,
and copies of ``metadata/layout.conf`` and ``profiles/`` (portage requires the
``make.profile`` link to resolve inside a known repository). The dependency metadata
portage reads is the cache's, unchanged.

>>> from bootorder.tree.repository import example_repository_path
>>> needs_mirror(example_repository_path())
False
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from ..syntax.version import split_cpv

__all__ = ["needs_mirror", "write_mirror_repo", "repo_cpvs", "read_cache_entry",
           "repository_commit"]

EMPTY_MD5 = hashlib.md5(b"").hexdigest()


def repo_cpvs(repo: Path) -> list[str]:
    """Every ``cat/pf`` of a repository's md5-cache, sorted."""
    cache = Path(repo) / "metadata" / "md5-cache"
    return sorted(f"{cat}/{pf}" for cat in os.listdir(cache) if (cache / cat).is_dir()
                  for pf in os.listdir(cache / cat))


def read_cache_entry(repo: Path, cpv: str) -> dict[str, str]:
    """The md5-cache entry of ``cpv`` as a dict of keys."""
    text = (Path(repo) / "metadata" / "md5-cache" / cpv).read_text(encoding="utf-8")
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def needs_mirror(repo: Path) -> bool:
    """True when some md5-cache entry of ``repo`` has no ebuild beside it."""
    repo = Path(repo)
    cache = repo / "metadata" / "md5-cache"
    if not cache.is_dir():
        return False
    for cpv in repo_cpvs(repo):
        cp = split_cpv(cpv)[0]
        if not (repo / cp / f"{cpv.split('/')[1]}.ebuild").is_file():
            return True
    return False


def write_mirror_repo(src: Path, out: Path) -> Path:
    """Mirror the metadata-only repository ``src`` into ``out`` (which must not exist)."""
    src, out = Path(src), Path(out)
    (out / "metadata").mkdir(parents=True)
    (out / "eclass").mkdir()
    if (src / "metadata" / "layout.conf").exists():
        shutil.copy(src / "metadata" / "layout.conf", out / "metadata" / "layout.conf")
    shutil.copytree(src / "profiles", out / "profiles", symlinks=True)
    eclasses: set[str] = set()
    for cpv in repo_cpvs(src):
        eclasses.update(_mirror_entry(src, out, cpv))
    for name in sorted(eclasses):
        (out / "eclass" / f"{name}.eclass").write_text("")
    return out


def _mirror_entry(src: Path, out: Path, cpv: str) -> list[str]:
    """Write the stub ebuild and rewritten cache entry of ``cpv``; returns its eclasses."""
    meta = read_cache_entry(src, cpv)
    body = f"EAPI={meta.get('EAPI', '0')}\n".encode()
    pkgdir = out / split_cpv(cpv)[0]
    pkgdir.mkdir(parents=True, exist_ok=True)
    (pkgdir / f"{cpv.split('/')[1]}.ebuild").write_bytes(body)
    meta["_md5_"] = hashlib.md5(body).hexdigest()
    names = meta.get("_eclasses_", "").split("\t")[0::2] if meta.get("_eclasses_") else []
    if names:
        meta["_eclasses_"] = "\t".join(f"{n}\t{EMPTY_MD5}" for n in names)
    entry = out / "metadata" / "md5-cache" / cpv
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text("".join(f"{k}={v}\n" for k, v in sorted(meta.items())), encoding="utf-8")
    return names


def repository_commit(path) -> str | None:
    """The commit of the git checkout whose top directory is ``path`` (a repository
    inside another project's checkout has none), or None."""
    def git(*args):
        done = subprocess.run(["git", "-C", str(path), *args], capture_output=True,
                              text=True, stdin=subprocess.DEVNULL)
        return done.stdout.strip() if done.returncode == 0 else ""
    top = git("rev-parse", "--show-toplevel")
    if not top or Path(top).resolve() != Path(path).resolve():
        return None
    return git("rev-parse", "HEAD") or None
