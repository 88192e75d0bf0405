"""Replay one plan step with portage's own resolver: ``emerge --pretend`` in a
throw-away directory standing for the build host's ``/``, never the real machine's.

The step runs as ``emerge --pretend --verbose <emerge> <atoms> --root=R --sysroot=S
--config-root=C`` in a clean environment (nothing inherited)::

    W/host/                      the fake "/" (PORTAGE_OVERRIDE_EPREFIX=W/host)
        etc/portage/             repos.conf, make.profile, make.conf, the step's config
                                 (host_config when config_root is "target"), and for an
                                 idealised seed profile/package.provided
        share/portage/config/    make.globals and sets (portage reads them under
                                 EPREFIX); repos.conf emptied (no [gentoo] declared)
        var/db/pkg/              installed["/"] as a list, or installed_over_seed
    W/target/                    ROOT (and SYSROOT when sysroot is "target"), EPREFIX=""
        var/db/pkg/              installed["target"]
        etc/portage/             only when config_root is "target"
    W/target-config/etc/portage  config_root "/" with root "target": the target's own
                                 copy of "/"'s configuration, without package.provided

Why: with portage installed by pip, the configuration of "/" is always read from
``EPREFIX/etc/portage`` (``portage.create_trees`` builds it with ``config_root=None``)
and its installed packages from ``EPREFIX/var/db/pkg``, whatever ``--config-root``
says; ``PORTAGE_OVERRIDE_EPREFIX`` moves both into ``W/host``, and ``EPREFIX=""`` keeps
the target's EROOT at ``W/target``. A configuration's ``package.provided`` satisfies
every dependency resolved in that configuration's root, arguments included, so the
seed's must not govern the target: hence the target's own copy. The seed is the tree's
packages, not those of the repositories a plan ships (``shipped``: what the plan
builds, crossdev's ``cross-<tuple>`` packages) nor those a step holds over the seed. ``--package-moves=n``
keeps portage from rewriting the entries written here (global updates).
"""
from __future__ import annotations

import grp
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import BootorderError
from .emerge_output import EmergeProblem, EmergeResult, parse_emerge_output
from .mirror import repo_cpvs
from .vdb import slots_of, write_vdb

__all__ = ["ReplayTree", "Replay", "emerge_command", "prepare", "replay", "DISPLAY_OPTIONS"]

DISPLAY_OPTIONS = frozenset(("--ask", "-a", "--quiet", "-q", "--tree", "-t", "--columns",
                             "--ask-enter-invalid", "--alphabetical", "--verbose", "-v"))
"""Options of a real invocation that change what the output shows, not what is
resolved: left out (the replay reads ``--verbose`` output without ``--tree``)."""
_VERIFIER_MAKE_CONF = {"FEATURES": "-sandbox -usersandbox -userpriv -news",
                       "PORTAGE_BZIP2_COMMAND": "bzip2", "PORTAGE_BUNZIP2_COMMAND": "bunzip2"}


@dataclass(frozen=True, slots=True)
class ReplayTree:
    """Portage-readable repositories by name (masters first) and the main one."""

    repos: tuple[tuple[str, Path], ...]
    main_repo: str
    shipped: tuple[str, ...] = ()

    @property
    def paths(self) -> dict[str, Path]:
        return {name: Path(path).absolute() for name, path in self.repos}

    def profile_dir(self, profile: str) -> Path:
        """The directory of a ``REPO:PATH`` profile (which must exist)."""
        repo, _, path = profile.partition(":")
        if repo not in self.paths:
            raise BootorderError(f"profile {profile}: no repository {repo!r} in the tree")
        found = self.paths[repo] / "profiles" / path
        if not found.is_dir():       # else portage would run with no profile, silently
            raise BootorderError(f"profile {profile}: no directory {found}")
        return found

    def seed(self) -> list[str]:
        """Every ebuild of the tree but the ``shipped`` repositories': an idealised
        seed's package.provided."""
        return sorted({cpv for name, path in self.paths.items() if name not in self.shipped
                       for cpv in repo_cpvs(path)})


@dataclass(frozen=True, slots=True)
class Replay:
    """One replay: the command, its environment, what emerge printed and said."""

    command: tuple[str, ...]
    returncode: int
    output: str
    seconds: float
    result: EmergeResult


def emerge_command() -> Path:
    """portage's ``emerge`` beside this interpreter (the ``portage`` extra)."""
    path = Path(sys.executable).parent / "emerge"
    if not path.exists():
        raise BootorderError("verify needs portage's emerge: install the 'portage' extra "
                             "(pip install 'bootorder[portage]')")
    return path


def _make_conf(values, workdir: Path) -> str:
    own = {**_VERIFIER_MAKE_CONF, "PKGDIR": str(workdir / "binpkgs"),
           "DISTDIR": str(workdir / "distfiles"), "PORTAGE_TMPDIR": str(workdir / "tmp")}
    for key, value in values:
        if any(c in value for c in '$"\\'):
            raise BootorderError(f"make_conf {key}: values are expanded words, without "
                                 "$, quotes or backslashes")
    return "".join(f'{k}="{v}"\n' for k, v in {**own, **dict(values)}.items())


def _write_config(root: Path, tree: ReplayTree, profile: str, make_conf, files: dict,
                  provided: list[str] | None, workdir: Path) -> None:
    """``root/etc/portage`` of one configuration; ``files``: the step's config files
    ``{path under etc/portage: text}``."""
    etc = root / "etc" / "portage"
    for rel, text in files.items():
        if rel.split("/")[0] in ("make.conf", "make.profile"):
            raise BootorderError(f"a step's config must not hold {rel}")
        (etc / rel).parent.mkdir(parents=True, exist_ok=True)
        (etc / rel).write_text(text)
    (etc / "repos.conf").mkdir(parents=True, exist_ok=True)
    (etc / "repos.conf" / "zz-verify.conf").write_text(
        f"[DEFAULT]\nmain-repo = {tree.main_repo}\n"
        + "".join(f"[{name}]\nlocation = {path}\n" for name, path in tree.paths.items()))
    (etc / "make.profile").symlink_to(tree.profile_dir(profile))
    (etc / "make.conf").write_text(_make_conf(make_conf, workdir))
    if provided:
        (etc / "profile").mkdir(exist_ok=True)
        with open(etc / "profile" / "package.provided", "a") as out:
            out.write("".join(f"{cpv}\n" for cpv in provided))


def _global_config(eprefix: Path) -> None:
    """``EPREFIX/share/portage/config`` from the installed portage, no [gentoo] repo."""
    dst = eprefix / "share" / "portage" / "config"
    shutil.copytree(Path(sys.prefix) / "share" / "portage" / "config", dst, symlinks=True)
    (dst / "repos.conf").write_text("[DEFAULT]\n")


def _config_files(files: dict[str, str], config: str | None) -> dict[str, str]:
    if not config:
        return {}
    prefix = config.rstrip("/") + "/"
    return {path[len(prefix):]: text for path, text in files.items() if path.startswith(prefix)}


def clean_env(workdir: Path, target: bool) -> dict[str, str]:
    """Nothing inherited: a PATH for portage's helpers, the fake "/" as EPREFIX and,
    when ROOT is the target, ``EPREFIX=""``."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(workdir), "LC_ALL": "C.UTF-8",
           "TERM": "dumb", "PORTAGE_OVERRIDE_EPREFIX": str(workdir / "host"),
           "PORTAGE_USERNAME": pwd.getpwuid(os.getuid()).pw_name,
           "PORTAGE_GRPNAME": grp.getgrgid(os.getgid()).gr_name}
    if target:
        env["EPREFIX"] = ""
    return env


def prepare(step, files: dict[str, str], tree: ReplayTree, workdir: Path
            ) -> tuple[list[str], dict[str, str]]:
    """Write the fake "/", the target and their configurations for ``step`` (``files``:
    the plan's files); returns emerge's arguments and environment."""
    host, target = workdir / "host", workdir / "target"
    for d in (host, target, workdir / "tmp", workdir / "binpkgs", workdir / "distfiles"):
        d.mkdir(parents=True)
    _global_config(host)
    held = {e.cpv for e in step.over_seed}
    seed = ([cpv for cpv in tree.seed() if cpv not in held]
            if step.installed_in("/") == "seed" else None)
    own = _config_files(files, step.config)
    if step.config_root == "target":
        _write_config(host, tree, step.host_profile or step.profile, step.host_make_conf,
                      _config_files(files, step.host_config), seed, workdir)
        _write_config(target, tree, step.profile, step.make_conf, own, None, workdir)
        config_root = target
    else:
        _write_config(host, tree, step.profile, step.make_conf, own, seed, workdir)
        config_root = host
        if step.root == "target":
            config_root = workdir / "target-config"
            _write_config(config_root, tree, step.profile, step.make_conf, own, None, workdir)
    _write_installed(step, tree, host, target)
    args = ["--pretend", "--verbose", "--color=n", "--package-moves=n",
            *(o for o in step.emerge if o not in DISPLAY_OPTIONS), *step.atoms,
            f"--root={target if step.root == 'target' else '/'}",
            f"--sysroot={target if step.sysroot == 'target' else '/'}",
            f"--config-root={config_root}"]
    env = clean_env(workdir, target=step.root == "target")
    _quickpkg(step, host, target, env, config_root)
    return args, env


def _write_installed(step, tree: ReplayTree, host: Path, target: Path) -> None:
    on_host = step.installed_in("/")
    host_list = on_host if isinstance(on_host, tuple) else step.over_seed
    write_vdb(host, tree.paths, host_list)
    if step.root == "target":
        write_vdb(target, tree.paths, step.installed_in("target"),
                  slots_of(tree.paths, host_list))


def _quickpkg(step, host: Path, target: Path, env: dict, config_root: Path) -> None:
    """Entries marked ``binpkg``: a binary package of the entry just written."""
    tool = str(Path(sys.executable).parent / "quickpkg")
    for name, eroot in (("/", host), ("target", target)):
        entries = step.installed_in(name)
        cpvs = [e.cpv for e in entries if e.binpkg] if isinstance(entries, tuple) else []
        if not cpvs:
            continue
        run_env = {k: v for k, v in env.items() if k != "EPREFIX"}
        if name == "target":
            run_env.update(EPREFIX="", ROOT=str(target), PORTAGE_CONFIGROOT=str(config_root))
        subprocess.run([tool, *(f"={c}" for c in cpvs)], env=run_env, check=True,
                       capture_output=True, stdin=subprocess.DEVNULL)


def replay(step, files: dict[str, str], tree: ReplayTree, *, keep: Path | None = None,
           timeout: float = 1800) -> Replay:
    """Replay ``step`` in a fresh directory (``keep``: that directory, left in place);
    the directory is called ``W`` in the command and output returned."""
    workdir = Path(keep) if keep else Path(tempfile.mkdtemp(prefix=f"bootorder-{step.name}-"))
    try:
        args, env = prepare(step, files, tree, workdir)
        command = (str(emerge_command()), *args)
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, env=env,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        output = proc.stdout + proc.stderr
        result = parse_emerge_output(output, proc.returncode,
                                     {str(workdir / "target"): "target"})
        # the work directory's name is random: say "W" so that reports are reproducible
        result.problems = [EmergeProblem(p.kind, p.text.replace(str(workdir), "W"))
                           for p in result.problems]
        return Replay(tuple(c.replace(str(workdir), "W") for c in command), proc.returncode,
                      output.replace(str(workdir), "W"), seconds, result)
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
