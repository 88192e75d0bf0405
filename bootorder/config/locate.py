"""Finding a configuration the way portage finds it, and the default profile of a tree.

Where (:func:`locate`, portage's ``LocationsManager`` and emerge's environment):

- ``PORTAGE_CONFIGROOT`` (or ``--config-root DIR``, which wins): the configuration is read
  from ``<config root>/etc/portage`` (``make.profile``, ``repos.conf``). Unset, it is the
  installation prefix: ``/`` for a system portage, the virtualenv for a portage installed
  there with pip (portage's own ``EPREFIX``; ``PORTAGE_OVERRIDE_EPREFIX`` overrides it).
- ``ROOT``: the target root and its installed-package database (``$EROOT/var/db/pkg``);
  never where the configuration comes from. ``SYSROOT`` and ``EPREFIX`` are passed on
  to portage as emerge passes them.

What (:func:`live_system`): with portage importable, its own ``portage.config`` reads
the repositories (``repos.conf``, by priority) and the profile (``make.profile``);
without portage, the same two are read directly (``repos.conf`` files and the
``make.profile`` link). A configuration directory that exists but cannot be used is an
error saying why (no silent fallback); only an absent one at the default place lets the
caller use the embedded example.

Profile (:func:`default_profile`): without ``--profile``, the ``profiles.desc`` entry of
the host's architecture (:func:`host_arch`), stable first, then dev, then exp, from the
highest-priority repository that lists one; never another architecture's.

>>> from bootorder.tree.repository import Tree, example_repository_path
>>> default_profile(Tree.open([example_repository_path()]), "amd64")
'bootorder-example:default/linux/amd64'
>>> locate(environ={"PORTAGE_CONFIGROOT": "/build/amd64-usr", "ROOT": "/build/amd64-usr"},
...        prefix="").target_root
'/build/amd64-usr'
"""
from __future__ import annotations

import configparser
import contextlib
import io
import os
import platform
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import BootorderError, MetadataError
from ..core.reporter import NULL_REPORTER, Reporter

__all__ = ["Location", "LiveConfig", "locate", "live_system", "default_profile",
           "profile_candidates", "host_arch", "why_no_profile", "live_profile", "how_found",
           "announced_default_profile"]


@dataclass(frozen=True, slots=True)
class Location:
    """Where portage's configuration is and which roots it names (portage's variables).

    ``how`` says where ``config_root`` came from: ``"--config-root"``,
    ``"PORTAGE_CONFIGROOT"`` or ``"prefix"`` (the installation prefix).
    """

    config_root: str = "/"
    target_root: str = "/"
    sysroot: str = "/"
    eprefix: str = ""
    how: str = "prefix"

    @property
    def user_config(self) -> Path:
        """``<config root>/etc/portage``."""
        return Path(self.config_root) / "etc" / "portage"

    @property
    def target_vdb(self) -> Path:
        """The target root's installed-package database, ``$ROOT$EPREFIX/var/db/pkg``."""
        return Path(self.target_root, self.eprefix.lstrip("/"), "var", "db", "pkg")


@dataclass(frozen=True, slots=True)
class LiveConfig:
    """A configuration found: repository paths (lowest priority first), the profile
    directory (None when it has no ``make.profile``) and its :class:`Location`."""

    repos: tuple[str, ...]
    profile: str | None
    location: Location


def installation_prefix() -> str:
    """portage's ``EPREFIX``: the virtualenv of a pip-installed portage, ``""`` for a
    system one (``PORTAGE_OVERRIDE_EPREFIX`` wins); ``""`` without portage."""
    if "PORTAGE_OVERRIDE_EPREFIX" in os.environ:
        return os.path.normpath(os.environ["PORTAGE_OVERRIDE_EPREFIX"]).rstrip("/")
    try:
        from portage.const import EPREFIX
    except ImportError:
        return ""
    return EPREFIX


def locate(config_root: str | None = None, environ=None, prefix: str | None = None,
           ) -> Location:
    """The :class:`Location` of ``--config-root`` (None: not given) and the environment
    (``os.environ`` by default); ``prefix``: the installation prefix (default
    :func:`installation_prefix`)."""
    env = os.environ if environ is None else environ
    prefix = installation_prefix() if prefix is None else prefix
    if config_root:
        root, how = config_root, "--config-root"
    elif env.get("PORTAGE_CONFIGROOT"):
        root, how = env["PORTAGE_CONFIGROOT"], "PORTAGE_CONFIGROOT"
    else:
        root, how = prefix or "/", "prefix"
    return Location(_dir(root), _dir(env.get("ROOT") or "/"), _dir(env.get("SYSROOT") or "/"),
                    env.get("EPREFIX", prefix).rstrip("/"), how)


def _dir(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))


def live_system(location: Location | None = None, reporter: Reporter = NULL_REPORTER,
                ) -> LiveConfig | None:
    """The configuration at ``location`` (default :func:`locate`), or None when the
    default place has none (no ``etc/portage``).

    Raises
    ------
    MetadataError
        The configuration was asked for (``--config-root``, ``PORTAGE_CONFIGROOT``) but
        is absent, or it exists but names no usable repository.
    """
    location = location or locate()
    if not location.user_config.is_dir():
        if location.how == "prefix":
            return None
        raise MetadataError(f"no portage configuration there ({location.how} names "
                            f"{location.config_root})", str(location.user_config))
    try:
        import portage  # noqa: F401  (only to know whether it is there)
    except ImportError:
        repos, profile = _read_directly(location, reporter)
    else:
        repos, profile = _read_with_portage(location, reporter)
    usable = tuple(path for name, path in repos if _has_cache(name, path, reporter))
    if not usable:
        raise MetadataError("the configuration names no repository with a metadata "
                            "cache: give --repo PATH (or generate one with `bootorder "
                            "cache`)", str(location.user_config / "repos.conf"))
    _say_what_is_not_read(location, reporter)
    return LiveConfig(usable, profile, location)


def _has_cache(name: str, path: str, reporter: Reporter) -> bool:
    if os.path.isdir(os.path.join(path, "metadata", "md5-cache")):
        return True
    reporter.warning(f"repository {name} ({path}) has no metadata/md5-cache: left out "
                     f"(`bootorder cache {path}` generates one)")
    return False


def _read_with_portage(location: Location, reporter: Reporter):
    """``([(name, path)] lowest priority first, profile dir or None)`` via portage."""
    import portage
    messages = io.StringIO()
    try:
        with contextlib.redirect_stderr(messages):
            settings = portage.config(config_root=location.config_root,
                                      target_root=location.target_root,
                                      sysroot=location.sysroot, eprefix=location.eprefix)
    except Exception as err:  # portage's exceptions share no base class worth naming
        raise MetadataError(f"portage could not load this configuration: {err}",
                            str(location.user_config)) from err
    finally:
        for line in messages.getvalue().splitlines():
            if line.strip(" !*") and "_COMMAND setting is invalid" not in line:
                # (compression tools bootorder never runs)
                reporter.warning(f"portage: {line.strip(' !*')}")
    repos = settings.repositories
    ordered = [repos[name] for name in repos.prepos_order]
    profile = settings.profile_path
    return ([(r.name, r.location) for r in ordered if r.location],
            str(Path(profile).resolve()) if profile else None)


def _read_directly(location: Location, reporter: Reporter):
    """The same without portage: ``repos.conf`` files (portage's defaults under the
    prefix first, then the user's, a directory read in name order) and ``make.profile``."""
    parser = configparser.ConfigParser(interpolation=None)
    files = [Path(location.eprefix or "/", "usr/share/portage/config/repos.conf")]
    user = location.user_config / "repos.conf"
    files += sorted(user.glob("*.conf")) if user.is_dir() else [user]
    for path in files:
        if path.is_file():
            try:
                parser.read(path, encoding="utf-8")
            except configparser.Error as err:
                raise MetadataError(f"unreadable repos.conf: {err}", str(path)) from err
    main = parser.defaults().get("main-repo")
    found = []
    for index, name in enumerate(parser.sections()):
        section = parser[name]
        path = section.get("location")
        if not path or not os.path.isdir(path):
            reporter.warning(f"repos.conf: repository {name} has no location directory "
                             f"({path!r}): left out")
            continue
        priority = int(section.get("priority", -1000 if name == main else 0))
        found.append((priority, index, name, os.path.realpath(path)))  # as portage's RepoConfig
    profile = location.user_config / "make.profile"
    return ([(n, p) for _, _, n, p in sorted(found)],
            str(profile.resolve()) if profile.is_dir() else None)


def why_no_profile(location: Location) -> str:
    """Why a configuration has no profile: no ``make.profile``, or a dangling link."""
    link = location.user_config / "make.profile"
    if link.is_symlink() and not link.exists():
        return f"make.profile points at {os.readlink(link)}, which does not exist"
    return "no make.profile"


USER_FILES = ("make.conf", "package.use", "package.accept_keywords", "package.keywords",
              "package.mask", "package.unmask", "package.license", "env", "profile")
"""User configuration bootorder does not apply (it reads repositories and profile)."""


def _say_what_is_not_read(location: Location, reporter: Reporter) -> None:
    present = [name for name in USER_FILES if (location.user_config / name).exists()]
    if present:
        reporter.note(f"{location.user_config}: only repos.conf and make.profile are read; "
                      f"not applied: {', '.join(present)}")
    if location.target_root != "/" and location.target_vdb.is_dir():
        count = sum(1 for cat in location.target_vdb.iterdir() if cat.is_dir()
                    for _ in cat.iterdir())
        if count:
            reporter.note(f"ROOT={location.target_root}: its {count} installed packages "
                          f"({location.target_vdb}) are not used; the target root is "
                          "planned as a new, empty root")


# ---- the default profile ----------------------------------------------------------------

ARCHES = {"x86_64": "amd64", "aarch64": "arm64", "arm64": "arm64", "i386": "x86",
          "i486": "x86", "i586": "x86", "i686": "x86", "ppc64le": "ppc64", "ppc64": "ppc64",
          "ppc": "ppc", "riscv64": "riscv", "s390x": "s390", "sparc64": "sparc",
          "loongarch64": "loong", "alpha": "alpha", "ia64": "ia64", "m68k": "m68k",
          "parisc": "hppa", "parisc64": "hppa", "mips": "mips", "mips64": "mips"}
"""``uname -m`` to Gentoo's ``ARCH`` (``armv7l`` and the like: ``arm``)."""

STATUS_ORDER = ("stable", "dev", "exp")
"""profiles.desc statuses, most preferred first."""


def host_arch(machine: str | None = None) -> str:
    """Gentoo's ARCH of this machine (``uname -m`` mapped).

    >>> host_arch("x86_64"), host_arch("armv7l"), host_arch("aarch64")
    ('amd64', 'arm', 'arm64')
    """
    machine = machine or platform.machine()
    return ARCHES.get(machine, "arm" if machine.startswith("arm") else machine)


def profile_candidates(tree, arch: str) -> list[tuple[str, str, str]]:
    """``(repo, path, status)`` of every profiles.desc entry for ``arch``: the highest
    priority repository first, then by status (stable, dev, exp), then file order."""
    found = []
    for rank, repo in enumerate(reversed(tree.repos)):
        for index, (entry_arch, path, status) in enumerate(_desc_entries(repo)):
            if entry_arch == arch:
                order = STATUS_ORDER.index(status) if status in STATUS_ORDER else 3
                found.append(((rank, order, index), (repo.name, path, status)))
    return [entry for _, entry in sorted(found)]


def _desc_entries(repo) -> list[tuple[str, str, str]]:
    desc = repo.profiles_dir / "profiles.desc" if repo.profiles_dir else None
    if not desc or not desc.is_file():
        return []
    entries = []
    for line in desc.read_text(encoding="utf-8", errors="replace").splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2:
            entries.append((fields[0], fields[1], fields[2] if len(fields) > 2 else ""))
    return entries


def default_profile(tree, arch: str | None = None) -> str:
    """``REPO:PATH`` of the first of :func:`profile_candidates` for ``arch`` (default:
    :func:`host_arch`); an error naming the architectures listed when none is."""
    arch = arch or host_arch()
    candidates = profile_candidates(tree, arch)
    if candidates:
        repo, path, _ = candidates[0]
        return f"{repo}:{path}"
    listed = sorted({a for repo in tree.repos for a, _, _ in _desc_entries(repo)})
    if not listed:
        raise BootorderError("no profile given and no profiles.desc found: use "
                             "--profile REPO:PATH")
    raise BootorderError(f"no profile given and profiles.desc lists none for {arch} (this "
                         f"host's architecture), only for {', '.join(listed)}: use "
                         "--profile REPO:PATH")


def how_found(location: Location) -> str:
    """How ``location`` was found, in words (``--config-root``, PORTAGE_CONFIGROOT, ...).

    >>> how_found(Location("/", how="prefix"))
    'the installation prefix'
    """
    return {"prefix": "the installation prefix"}.get(location.how, location.how)


def live_profile(live: LiveConfig) -> str:
    """The live configuration's profile, or an error saying why it has none."""
    if live.profile is None:
        raise MetadataError(f"{why_no_profile(live.location)}: give --profile REPO:PATH "
                            "or link one (eselect profile)", str(live.location.user_config))
    return live.profile


def announced_default_profile(tree, reporter: Reporter, arch: str | None = None) -> str:
    """:func:`default_profile` for ``arch`` (default: this host's), said through
    ``reporter`` (which entry of profiles.desc, how many others there were)."""
    arch = arch or host_arch()
    chosen = default_profile(tree, arch)
    candidates = profile_candidates(tree, arch)
    others, status = len(candidates) - 1, candidates[0][2] or "unlabelled"
    reporter.note(f"no --profile: using {chosen} (the first {status} {arch} entry of "
                  f"profiles.desc{f'; {others} other {arch} profiles' if others else ''})")
    return chosen
