"""Small on-disk repositories the tests write, shared by several test directories.

``make_repo`` writes a repository with profile files only (``tests/config``);
``write_repo`` one with md5-cache entries and a ``default`` profile, the repository
``shared/tools/mini_emerge.py`` gives emerge (``tests/resolver``, ``tests/explanation``);
``make_config`` a Config over an in-memory repository and a one-directory profile.
"""
from __future__ import annotations

from pathlib import Path

PROFILE_DEFAULTS = 'ARCH="amd64"\nACCEPT_KEYWORDS="amd64"\nELIBC="glibc"\nKERNEL="linux"\n'

MD5_LINE = "_md5_=" + "0" * 32 + "\n"
"""The line egencache ends every md5-cache entry with (bootorder skips entries without it)."""


def cache_entry(meta: dict) -> str:
    """The md5-cache text of ``meta``: ``KEY=value`` lines in order, then ``_md5_``."""
    return "".join(f"{k}={v}\n" for k, v in meta.items()) + MD5_LINE


def make_repo(root: Path, name: str, files: dict[str, str], masters: str = "",
              formats: str = "portage-2") -> Path:
    """A repository with only profile files (``files``: path under profiles/ -> text)."""
    (root / "metadata").mkdir(parents=True)
    (root / "metadata" / "layout.conf").write_text(
        f"masters = {masters}\nprofile-formats = {formats}\n")
    (root / "profiles").mkdir()
    (root / "profiles" / "repo_name").write_text(name + "\n")
    for rel, text in files.items():
        f = root / "profiles" / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)
    return root


def write_repo(base, ebuilds: dict, system=(), packages_build=()):
    """A repository with an md5-cache and a ``default`` profile, like mini_emerge's, its
    categories listed in ``profiles/categories`` (emerge wants them)."""
    repo = base / "repo"
    (repo / "profiles" / "default").mkdir(parents=True)
    (repo / "metadata").mkdir()
    (repo / "profiles" / "repo_name").write_text("mini\n")
    (repo / "metadata" / "layout.conf").write_text("masters =\nthin-manifests = true\n")
    (repo / "profiles" / "default" / "make.defaults").write_text(PROFILE_DEFAULTS)
    (repo / "profiles" / "default" / "eapi").write_text("8\n")
    (repo / "profiles" / "default" / "packages").write_text(
        "".join(f"*{a}\n" for a in system))
    (repo / "profiles" / "default" / "packages.build").write_text(
        "".join(f"{a}\n" for a in packages_build))
    (repo / "profiles" / "categories").write_text(
        "".join(f"{c}\n" for c in sorted({cpv.split("/")[0] for cpv in ebuilds})))
    for cpv, meta in ebuilds.items():
        m = {"EAPI": "8", "SLOT": "0", "KEYWORDS": "amd64", **meta}
        path = repo / "metadata" / "md5-cache" / cpv
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(cache_entry(m))
    return repo


def make_config(tmp_path, ebuilds: dict, use: str | None = None, forced: str = ""):
    """A Config over an in-memory repository of ``ebuilds`` and a one-directory profile
    (``use`` the USE override, ``forced`` the profile's use.force)."""
    from bootorder.config.configuration import Config
    from bootorder.config.profile import Profile
    from bootorder.tree.repository import Repository, Tree

    entries = {cpv: {"EAPI": "8", "SLOT": "0", "KEYWORDS": "amd64", **meta}
               for cpv, meta in ebuilds.items()}
    tree = Tree([Repository.from_dict("mini", entries)])
    profile = tmp_path / "profile"
    profile.mkdir()
    (profile / "make.defaults").write_text(PROFILE_DEFAULTS)
    (profile / "eapi").write_text("8\n")
    (profile / "use.force").write_text(forced)
    return Config(tree, Profile.load(tree, str(profile)), use=use)
