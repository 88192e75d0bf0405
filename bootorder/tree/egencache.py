"""Generate a repository's metadata cache with portage's ``egencache``.

bootorder reads ``metadata/md5-cache``; a repository of bare ebuilds has none. This
module runs portage's ``egencache --update`` (the optional ``portage`` extra) on it.

**It runs code from the repository**: egencache sources every ebuild, and the eclasses
it inherits, with bash to learn its metadata; whatever an ebuild's global scope does,
it does as the user egencache runs it as. So:

- As root, portage drops to the ``portage`` user for that (``FEATURES=userpriv``,
  forced here) when the ``portage`` user and group exist; without them
  ``generate_cache`` refuses (:class:`~bootorder.core.errors.PrivilegeError`) unless
  called with ``allow_root=True`` (``bootorder cache --allow-root``): then the ebuilds
  run as root, and portage's warning that says so is passed on like all its output
  (``CacheResult.errors``; nothing is filtered). ``CacheResult.ran_as`` names the user.
- Everything egencache writes besides the cache goes to one private temporary
  directory, removed afterwards: the configuration root (the machine's
  ``/etc/portage`` is never read), ``PORTAGE_TMPDIR`` and ``PORTAGE_DEPCACHEDIR``.
- Each cache entry is written atomically (portage writes a temporary file and renames
  it). While egencache runs, the old cache is kept as hard links beside it; when
  egencache fails or is interrupted the cache is put back as it was, and nothing it
  wrote is left behind (a full disk leaves no ``md5-cache/tmp*`` file).

Public API
----------
``find_egencache() -> str | None``
    The ``egencache`` executable (next to the running interpreter, else on PATH).
``generate_cache(path, masters=(), jobs=1, egencache=None, allow_root=False) -> CacheResult``
    Run ``egencache`` on the repository at ``path``; ``masters`` are the directories of
    the repositories named by its ``layout.conf`` ``masters``. Raises
    :class:`~bootorder.core.errors.MissingDependencyError` (saying what to install) when
    egencache is missing, :class:`~bootorder.core.errors.MetadataError` when ``path`` is not
    a repository, a master is not given or the cache cannot be kept while updating it,
    :class:`~bootorder.core.errors.PrivilegeError` as root without a ``portage`` user.
``ebuild_user(allow_root=False) -> str``
    The user egencache would run the ebuilds' bash as (or the PrivilegeError).
``CacheResult``
    ``repo`` (name), ``path``, ``entries`` (cache entries present afterwards),
    ``errors`` (every line egencache printed, unfiltered), ``returncode``, ``ran_as``.
``INSTALL_HINT``
    What to install when egencache is missing.

>>> INSTALL_HINT.split(":")[0]
"portage's egencache is needed to generate a metadata cache"
"""
from __future__ import annotations

import grp
import os
import pwd
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import MetadataError, MissingDependencyError, PrivilegeError, clip

INSTALL_HINT = ("portage's egencache is needed to generate a metadata cache: "
                "install it with `pip install 'bootorder[portage]'` (or `pip install portage`), "
                "or on Gentoo `emerge sys-apps/portage`")

ROOT_REFUSED = (
    "refusing to run egencache as root: it executes each ebuild's bash, and without a "
    "'portage' user and group portage cannot drop privileges, so the ebuilds would run "
    "as root; create them (on Gentoo: acct-user/portage and acct-group/portage), run as "
    "another user, or accept running the ebuilds as root with --allow-root")


@dataclass(frozen=True, slots=True)
class CacheResult:
    """What one egencache run did (``entries`` written, ``ebuilds`` in the repository:
    fewer entries than ebuilds means some were not cached)."""

    repo: str
    path: str
    entries: int
    errors: tuple[str, ...]
    returncode: int
    ran_as: str = ""
    ebuilds: int = 0


def find_egencache() -> str | None:
    """Path of ``egencache``, or None when portage is not installed."""
    beside = Path(sys.executable).parent / "egencache"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("egencache")


def ebuild_user(allow_root: bool = False) -> str:
    """Who egencache runs the ebuilds' bash as: ``portage`` when root can drop to it,
    the invoking user otherwise; as root without a ``portage`` user a PrivilegeError,
    unless ``allow_root``.

    >>> ebuild_user(allow_root=True) in ("portage", "root", _user_name(os.geteuid()))
    True
    """
    if os.geteuid() != 0:
        return _user_name(os.geteuid())
    if _portage_account():
        return "portage"
    if allow_root:
        return "root"
    raise PrivilegeError(ROOT_REFUSED)


def _portage_account() -> bool:
    try:
        return pwd.getpwnam("portage").pw_uid != 0 and grp.getgrnam("portage").gr_gid != 0
    except KeyError:
        return False


def _user_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


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
                   egencache: str | None = None, allow_root: bool = False) -> CacheResult:
    """Run egencache on the repository at ``path`` (see module docstring)."""
    path = Path(path).resolve()
    if not os.path.isdir(path / "profiles"):  # False, not OSError, for a name too long
        raise MetadataError("not an ebuild repository (no profiles/ directory)",
                            clip(str(path), 200))
    exe = egencache or find_egencache()
    if exe is None:
        raise MissingDependencyError(INSTALL_HINT)
    ran_as = ebuild_user(allow_root)
    name, conf = _repos_conf(path, masters)
    cache = path / "metadata" / "md5-cache"
    with tempfile.TemporaryDirectory(prefix="bootorder-egencache-") as work:
        root = _private_root(Path(work), reachable=ran_as == "portage")
        kept = _keep(cache)
        argv = [exe, "--update", f"--repo={name}", f"--jobs={jobs}", f"--config-root={root}",
                f"--repositories-configuration={conf}"]
        try:
            proc = _run(argv)
        except BaseException:
            _put_back(cache, kept)
            raise
        if proc.returncode == 0:
            _remove(kept)
        else:
            _put_back(cache, kept)
    lines = (proc.stdout + proc.stderr).splitlines()
    errors = tuple(ln.rstrip() for ln in lines if ln.strip())
    return CacheResult(name, str(path), _count(cache), errors, proc.returncode, ran_as,
                       len(list(path.glob("*/*/*.ebuild"))))


def _run(argv: list[str]) -> subprocess.CompletedProcess:
    """Run egencache in a session of its own; when interrupted, interrupt it (it stops its
    ebuild processes), then kill what is left."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            errors="backslashreplace", env=_env(), start_new_session=True)
    try:
        out, err = proc.communicate()
    except BaseException:
        _stop(proc)
        raise
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)


def _stop(proc: subprocess.Popen) -> None:
    for sig, grace in ((signal.SIGINT, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
            proc.wait(grace)
            break
        except ProcessLookupError:
            break
        except subprocess.TimeoutExpired:
            continue
    for stream in (proc.stdout, proc.stderr):
        stream.close()


def _private_root(work: Path, reachable: bool) -> Path:
    """A configuration root whose make.conf keeps portage's files inside ``work``."""
    if reachable:  # the portage user must reach PORTAGE_TMPDIR through it
        work.chmod(0o755)
    for sub in ("tmp", "dep", "etc/portage"):
        (work / sub).mkdir(parents=True)
    (work / "etc/portage/make.conf").write_text(
        f"PORTAGE_TMPDIR={shlex.quote(str(work / 'tmp'))}\n"
        f"PORTAGE_DEPCACHEDIR={shlex.quote(str(work / 'dep'))}\n"
        'FEATURES="userpriv"\n')
    return work


def _keep(cache: Path) -> Path | None:
    """Hard links of the entries of ``cache``, beside it (None when there is none).

    Links suffice: portage replaces an entry by renaming a new file over it and never
    writes into one, so a link keeps the old contents.
    """
    if not cache.is_dir():
        return None
    kept = None
    try:
        kept = Path(tempfile.mkdtemp(prefix=".md5-cache-kept-", dir=cache.parent))
        shutil.copytree(cache, kept, copy_function=_link_or_copy, dirs_exist_ok=True)
    except (OSError, shutil.Error) as err:
        _remove(kept)
        raise MetadataError(f"cannot keep the cache while updating it: {err}",
                            str(cache)) from None
    return kept


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _put_back(cache: Path, kept: Path | None) -> None:
    """Make ``cache`` what it was before egencache ran (removing needs no free space)."""
    _remove(cache)
    if kept is not None:
        kept.rename(cache)


def _remove(path: Path | None) -> None:
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PORTAGE_", "PORTDIR"))
           and k not in ("USE", "ROOT", "FEATURES")}
    env.setdefault("PATH", os.defpath)
    return env


def _count(cache: Path) -> int:
    if not cache.is_dir():
        return 0
    return sum(len(os.listdir(c)) for c in cache.iterdir() if c.is_dir())
