"""Tree options shared by every command: ``--repo PATH`` (repeatable) and ``--profile``.

``add_tree_options(parser)`` adds them; ``load_tree_config(args, reporter)`` returns a
:class:`bootorder.config.configuration.Config` (``.tree``, ``.profile``) for them:

- ``--repo`` given: those repositories (masters must be among them); ``--profile
  REPO:PATH`` (or a directory), by default the first entry of the highest-priority
  repository's ``profiles.desc``.
- no ``--repo``: the live system's configured repositories and ``make.profile`` when
  portage is installed and ``/etc/portage/make.profile`` exists, else the embedded
  example (``examples/repo``, profile ``bootorder-example:default/linux/amd64``).

Which tree and profile were chosen is said on stderr.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

LIVE_PROFILE = Path("/etc/portage/make.profile")


def add_tree_options(parser) -> None:
    """Add ``--repo`` and ``--profile`` to ``parser``."""
    g = parser.add_argument_group("tree and profile")
    g.add_argument("--repo", dest="repos", action="append", default=[], metavar="PATH",
                   help="an ebuild repository with metadata/md5-cache (repeat for several; "
                        "masters must be given too). Default: the live system's "
                        "repositories, else the embedded example")
    g.add_argument("--profile", metavar="REPO:PATH",
                   help="profile as REPO:PATH (PATH under the repository's profiles/) or "
                        "a directory (default: the first profiles.desc entry)")


def _say(message: str) -> None:
    print(f"bootorder: {message}", file=sys.stderr)


def _default_profile(tree) -> str:
    from ..core.errors import BootorderError
    for repo in reversed(tree.repos):
        desc = repo.profiles_dir / "profiles.desc" if repo.profiles_dir else None
        if desc and desc.is_file():
            for line in desc.read_text(encoding="utf-8", errors="replace").splitlines():
                fields = line.split("#", 1)[0].split()
                if len(fields) >= 2:
                    return f"{repo.name}:{fields[1]}"
    raise BootorderError("no profile given and no profiles.desc found: use --profile REPO:PATH")


def live_system(config_root: str = "/"):
    """``(repository paths, profile directory)`` of the live system, or None.

    The live system is used when portage is importable and ``<config_root>/etc/portage/
    make.profile`` exists; its repositories are portage's configured ones that have a
    metadata cache, lowest priority first.
    """
    profile = Path(config_root) / LIVE_PROFILE.relative_to("/")
    if not profile.exists():
        return None
    try:
        import portage
    except ImportError:
        return None
    settings = portage.config(config_root=config_root, target_root=config_root)
    paths = [r.location for r in settings.repositories
             if os.path.isdir(os.path.join(r.location, "metadata", "md5-cache"))]
    return (paths, str(profile.resolve())) if paths else None


def load_tree_config(args, reporter):
    """The :class:`~bootorder.config.configuration.Config` the tree options describe."""
    from ..config.configuration import Config
    from ..config.profile import Profile
    from ..tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
    repos, profile = list(getattr(args, "repos", []) or []), getattr(args, "profile", None)
    if not repos:
        live = live_system()
        if live is not None:
            repos, profile = live[0], profile or live[1]
            _say(f"using the live system's repositories ({', '.join(repos)})")
        else:
            repos = [str(example_repository_path())]
            profile = profile or EXAMPLE_PROFILE
            _say(f"no --repo and no configured portage: using the embedded example ({repos[0]})")
    tree = Tree.open(repos, reporter)
    if profile is None:
        profile = _default_profile(tree)
        _say(f"no --profile: using {profile}")
    return Config(tree, Profile.load(tree, profile, reporter), reporter=reporter)
