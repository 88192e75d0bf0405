"""Finding a configuration: the live system's repositories and profile, and the
default profile of a tree.

>>> from bootorder.tree.repository import Tree, example_repository_path
>>> default_profile(Tree.open([example_repository_path()]))
'bootorder-example:default/linux/amd64'
"""
from __future__ import annotations

import os
from pathlib import Path

from ..core.errors import BootorderError

__all__ = ["LIVE_PROFILE", "live_system", "default_profile"]

LIVE_PROFILE = Path("/etc/portage/make.profile")


def default_profile(tree) -> str:
    """The first ``profiles.desc`` entry of the highest-priority repository that has one."""
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
