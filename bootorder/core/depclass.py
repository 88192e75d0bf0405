"""The dependency classes, as one table every module asks.

Each class says when its dependency is needed (before the build, at install, before
use, eventually), in which root it is satisfied, whether PMS defines it, and how
portage labels its edges. The sets below are derived from the table; where two sets
differ on purpose their names say why (what holds a merge back is not what portage
calls a runtime edge).

=============  =========  ============  =====  =================
class          needed     satisfied in  PMS    portage priority
=============  =========  ============  =====  =================
``BDEPEND``    build      build host    yes    buildtime
``HOSTDEPEND`` build      build host    no     buildtime
``DEPEND``     build      sysroot       yes    buildtime
``IDEPEND``    install    build host    yes    runtime
``RDEPEND``    run        root          yes    runtime
``PDEPEND``    post       root          yes    runtime_post
=============  =========  ============  =====  =================

``HOSTDEPEND`` is the project's proposal: BDEPEND's meaning under its own key. The
sysroot is the build host in catalyst's stage 1 (``SYSROOT=/``) and the target root
in a board or cross build (``SYSROOT=ROOT``).

>>> NAMES
('BDEPEND', 'HOSTDEPEND', 'DEPEND', 'IDEPEND', 'RDEPEND', 'PDEPEND')
>>> sorted(BUILD_TIME), sorted(PORTAGE_RUNTIME), sorted(IN_ROOT)
(['BDEPEND', 'DEPEND', 'HOSTDEPEND'], ['IDEPEND', 'RDEPEND'], ['PDEPEND', 'RDEPEND'])
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DepClass", "CLASSES", "BY_NAME", "NAMES", "METADATA_KEYS", "BUILD_TIME",
           "BUILD_TOOLS", "IN_ROOT", "PORTAGE_RUNTIME", "HOLDS_MERGE", "NEEDED_IN_ROOT_FIRST"]


@dataclass(frozen=True, slots=True)
class DepClass:
    """One dependency class (see the module table).

    ``needed``: ``"build"``, ``"install"``, ``"run"`` or ``"post"``; ``satisfied_in``:
    ``"build-host"``, ``"sysroot"`` or ``"root"``; ``pms``: a PMS metadata key;
    ``portage_runtime``: portage gives its edges the ``runtime`` priority.
    """

    name: str
    needed: str
    satisfied_in: str
    pms: bool
    portage_runtime: bool


CLASSES = (
    DepClass("BDEPEND", "build", "build-host", True, False),
    DepClass("HOSTDEPEND", "build", "build-host", False, False),
    DepClass("DEPEND", "build", "sysroot", True, False),
    DepClass("IDEPEND", "install", "build-host", True, True),
    DepClass("RDEPEND", "run", "root", True, True),
    DepClass("PDEPEND", "post", "root", True, False),
)
"""Every class, in the order output lists them."""

BY_NAME = {c.name: c for c in CLASSES}
NAMES = tuple(c.name for c in CLASSES)

METADATA_KEYS = ("DEPEND", "RDEPEND", "BDEPEND", "PDEPEND", "IDEPEND", "HOSTDEPEND")
"""The metadata keys holding dependencies, in md5-cache order (HOSTDEPEND last)."""

BUILD_TIME = frozenset(c.name for c in CLASSES if c.needed == "build")
"""Needed before the dependent is built."""

BUILD_TOOLS = frozenset(c.name for c in CLASSES
                        if c.needed == "build" and c.satisfied_in == "build-host")
"""Tools run on the build host while building (never linked against)."""

IN_ROOT = frozenset(c.name for c in CLASSES if c.satisfied_in == "root")
"""Satisfied in the dependent's own root, whatever the sysroot is."""

PORTAGE_RUNTIME = frozenset(c.name for c in CLASSES if c.portage_runtime)
"""Edges portage labels ``runtime`` (``runtime_slot_op`` with ``:=``)."""

HOLDS_MERGE = frozenset(c.name for c in CLASSES if c.needed != "post")
"""Needed before the dependent is merged and usable: what a merge waits for, and what a
``bootstrap-*`` copy takes over from the package it stands for."""

NEEDED_IN_ROOT_FIRST = frozenset(c.name for c in CLASSES if c.satisfied_in != "build-host"
                                 and c.needed in ("build", "run"))
"""Must be in a new root before the dependent is built or used there (DEPEND, RDEPEND)."""
