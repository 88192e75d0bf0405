"""Installed packages: a ``/var/db/pkg``-style tree read as a repository.

Each package is a directory ``<root>/<category>/<pf>/`` holding one file per metadata
key (``DEPEND``, ``RDEPEND``, ``BDEPEND``, ``SLOT``, ``USE``, ``IUSE``, ``EAPI``,
``repository``, ...). Open it with :meth:`bootorder.tree.repository.Repository.open_vdb`; the
packages it yields have ``Package.use`` (the flags they were built with) and
``Package.origin`` (the repository they came from).

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp()) / "sys-libs" / "zlib-1.3.1"
>>> d.mkdir(parents=True)
>>> _ = (d / "SLOT").write_text("0/1\\n"); _ = (d / "USE").write_text("amd64 static\\n")
>>> meta, _, _ = VdbSource(d.parent.parent).read("sys-libs/zlib-1.3.1", None)
>>> meta["SLOT"], meta["USE"]
('0/1', 'amd64 static')
"""
from __future__ import annotations

import os
from pathlib import Path

from .sources import subdirectories

VDB_KEYS = frozenset({
    "BDEPEND", "DEPEND", "RDEPEND", "PDEPEND", "IDEPEND", "HOSTDEPEND", "SLOT", "USE",
    "IUSE", "IUSE_EFFECTIVE", "EAPI", "KEYWORDS", "LICENSE", "RESTRICT", "PROPERTIES",
    "REQUIRED_USE", "INHERITED", "DEFINED_PHASES", "DESCRIPTION", "HOMEPAGE",
    "repository", "CHOST", "CBUILD", "CTARGET", "PROVIDES", "REQUIRES", "BUILD_TIME",
    "COUNTER", "SIZE", "PKGUSE",
})
"""Files of a VDB entry that are read (CONTENTS and environment are not)."""


class VdbSource:
    """The metadata source protocol over a VDB directory (see :mod:`bootorder.tree.repository`)."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def categories(self) -> list[str]:
        return subdirectories(self.directory)

    def list_category(self, cat: str) -> list[str]:
        try:
            return [e.name for e in os.scandir(self.directory / cat)
                    if e.is_dir() and not e.name.startswith((".", "-MERGING-"))]
        except (FileNotFoundError, NotADirectoryError):
            return []

    def read(self, cpv: str, reporter):
        """``(metadata, source, lines)`` of one installed package."""
        path = self.directory / cpv
        meta = {}
        for entry in os.scandir(path):
            if entry.name in VDB_KEYS and entry.is_file():
                with open(entry.path, encoding="utf-8", errors="replace") as f:
                    meta[entry.name] = " ".join(f.read().split())
        return meta, str(path), {}
