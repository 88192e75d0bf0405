"""Generate a repository's metadata cache with portage's ``egencache``.

bootorder reads ``metadata/md5-cache``; a repository of bare ebuilds has none. This
module runs portage's ``egencache --update`` (the optional ``portage`` extra) on it, in
a throw-away configuration root so the machine's own ``/etc/portage`` is never read.

Public API
----------
``find_egencache() -> str | None``
    The ``egencache`` executable (next to the running interpreter, else on PATH).
``generate_cache(path, masters=(), jobs=1, egencache=None) -> CacheResult``
    Run ``egencache`` on the repository at ``path``; ``masters`` are the directories of
    the repositories named by its ``layout.conf`` ``masters``. Raises
    :class:`~bootorder.core.errors.MissingDependencyError` (saying what to install) when
    egencache is missing, :class:`~bootorder.core.errors.MetadataError` when ``path`` is not
    a repository or a master is not given.
``CacheResult``
    ``repo`` (name), ``path``, ``entries`` (cache entries present afterwards),
    ``errors`` (egencache's per-package error lines), ``returncode``.
``INSTALL_HINT``
    What to install when egencache is missing.

>>> INSTALL_HINT.split(":")[0]
"portage's egencache is needed to generate a metadata cache"
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import MetadataError, MissingDependencyError

INSTALL_HINT = ("portage's egencache is needed to generate a metadata cache: "
                "install it with `pip install 'bootorder[portage]'` (or `pip install portage`), "
                "or on Gentoo `emerge sys-apps/portage`")

_NOISE = ("portage: 'portage' user or group missing", "For the defaults, line 1",
          "portage:x:", "portage::", "*** WARNING ***")


@dataclass(frozen=True, slots=True)
class CacheResult:
    """What one egencache run did."""

    repo: str
    path: str
    entries: int
    errors: tuple[str, ...]
    returncode: int


def find_egencache() -> str | None:
    """Path of ``egencache``, or None when portage is not installed."""
    beside = Path(sys.executable).parent / "egencache"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("egencache")


def _repos_conf(path: Path, masters) -> tuple[str, str]:
    from .repository import Repository
    repo = Repository.open(path)
    known = {repo.name: path}
    for m in masters:
        mr = Repository.open(m)
        known[mr.name] = Path(m).resolve()
    missing = [m for m in repo.masters if m not in known]
    if missing:
        raise MetadataError(f"master repository {', '.join(missing)} not given "
                            f"(pass its directory as a master)",
                            str(path / "metadata" / "layout.conf"))
    text = f"[DEFAULT]\nmain-repo = {repo.masters[0] if repo.masters else repo.name}\n"
    text += "".join(f"[{name}]\nlocation = {loc}\n" for name, loc in known.items())
    return repo.name, text


def generate_cache(path: str | os.PathLike, masters=(), jobs: int = 1,
                   egencache: str | None = None) -> CacheResult:
    """Run egencache on the repository at ``path`` (see module docstring)."""
    path = Path(path).resolve()
    if not (path / "profiles").is_dir():
        raise MetadataError("not an ebuild repository (no profiles/ directory)", str(path))
    exe = egencache or find_egencache()
    if exe is None:
        raise MissingDependencyError(INSTALL_HINT)
    name, conf = _repos_conf(path, masters)
    with tempfile.TemporaryDirectory(prefix="bootorder-egencache-") as root:
        (Path(root) / "etc" / "portage").mkdir(parents=True)
        proc = subprocess.run(
            [exe, "--update", f"--repo={name}", f"--jobs={jobs}", f"--config-root={root}",
             f"--repositories-configuration={conf}"],
            capture_output=True, text=True, env=_env())
    lines = (proc.stdout + proc.stderr).splitlines()
    errors = tuple(ln.strip() for ln in lines
                   if ln.strip() and not any(n in ln for n in _NOISE))
    return CacheResult(name, str(path), _count(path / "metadata" / "md5-cache"), errors,
                       proc.returncode)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PORTAGE_", "PORTDIR")) and k not in ("USE", "ROOT")}
    env.setdefault("PATH", os.defpath)
    return env


def _count(cache: Path) -> int:
    if not cache.is_dir():
        return 0
    return sum(len(os.listdir(c)) for c in cache.iterdir() if c.is_dir())
