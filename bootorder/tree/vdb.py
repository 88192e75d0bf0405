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

from ..core.problems import in_file
from ..core.reporter import NULL_REPORTER
from .sources import checked_directory, describe, dir_or_broken, read_file, subdirectories

VDB_KEYS = frozenset({
    "BDEPEND", "DEPEND", "RDEPEND", "PDEPEND", "IDEPEND", "HOSTDEPEND", "SLOT", "USE",
    "IUSE", "IUSE_EFFECTIVE", "EAPI", "KEYWORDS", "LICENSE", "RESTRICT", "PROPERTIES",
    "REQUIRED_USE", "INHERITED", "DEFINED_PHASES", "DESCRIPTION", "HOMEPAGE",
    "repository", "CHOST", "CBUILD", "CTARGET", "PROVIDES", "REQUIRES", "BUILD_TIME",
    "COUNTER", "SIZE", "PKGUSE",
})
"""Files of a VDB entry that are read (CONTENTS and environment are not)."""


class VdbSource:
    """The metadata source protocol over a VDB directory (see :mod:`bootorder.tree.repository`).

    Entries and key files that are symlinks must stay inside the VDB; a key file that
    cannot be read is reported (the rest of the entry is used)."""

    strict = False

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.roots = (str(self.directory),)

    def categories(self) -> list[str]:
        return subdirectories(self.directory)

    def list_category(self, cat: str) -> list[str]:
        try:
            path = checked_directory(self.directory / cat, self.roots)
            return [e.name for e in os.scandir(path)
                    if not e.name.startswith((".", "-MERGING-")) and dir_or_broken(e)]
        except (FileNotFoundError, NotADirectoryError):
            return []

    def read(self, cpv: str, reporter):
        """``(metadata, source, lines)`` of one installed package (OSError when the
        entry's directory cannot be read)."""
        path = checked_directory(self.directory / cpv, self.roots)
        meta = {}
        for entry in sorted(os.scandir(path), key=lambda e: e.name):
            if entry.name in VDB_KEYS:
                try:
                    meta[entry.name] = " ".join(read_file(entry.path, self.roots).split())
                except OSError as err:
                    (reporter or NULL_REPORTER).problem(in_file(
                        "unreadable", entry.path, f"{describe(err)}; the entry is used "
                        f"without its {entry.name}", package=cpv))
        return meta, str(path), {}
