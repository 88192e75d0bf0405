"""The reduced build of a package pre-built into ``/``: the USE it is built with there.

A package pre-built before the stage (a ``bootstrap-<pn>`` step of
:mod:`bootorder.bootstrap.prebuild`) is built by what ``/`` already has, so it starts
from the USE the stage would build it with (its node's USE) and turns off:

- for the compiler, every language but C and the runtime libraries that need more
  than a C library (``C_ONLY_OFF`` among the compiler's IUSE, forced or not), as
  crossdev's first gcc pass does (``USE="-cxx -fortran -openmp -sanitize ..."``);
- each flag that pulls in a dependency ``/`` does not have (an edge of the graph whose
  USE condition names the flag, to a package not installed): the first flag of the
  condition that may change. A flag the profile forces stays (the profile says the
  package needs it; the dependency then comes from the host), and so does one whose
  removal breaks the package's ``REQUIRED_USE`` (``python_targets_*`` of a Python
  package).

The result says what changed and why; the plan writes each change as one
configuration line (:mod:`bootorder.plan.bootstrap`).

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph()
>>> gcc = g.add_package("sys-devel/gcc-15", "host", use=frozenset({"cxx", "zstd", "pie"}),
...                     use_disabled=frozenset({"fortran"}))
>>> g.add_dep(gcc, g.add_package("app-arch/zstd-1.5", "host"), "DEPEND", atom="app-arch/zstd",
...           use=("zstd",))
>>> r = reduced_build(g, gcc, compiler="sys-devel/gcc", forced=frozenset({"cxx"}))
>>> sorted(r.use), [c.flag for c in r.off], r.unforced, r.c_only
(['pie'], ['cxx', 'zstd'], ('cxx',), True)
"""
from __future__ import annotations

from dataclasses import dataclass

from ..graph.depgraph import DepGraph, NodeKey
from ..syntax.required_use import required_use_holds

__all__ = ["C_ONLY_OFF", "FlagOff", "ReducedBuild", "reduced_build"]

C_ONLY_OFF = frozenset({"cxx", "fortran", "objc", "objc++", "objc-gc", "go", "ada", "d",
                        "rust", "modula2", "cobol", "jit", "openmp", "sanitize", "vtv"})
"""The compiler flags a C-only first pass turns off (crossdev's ``GUSE_DISABLE`` and
``GUSE_DISABLE_STAGE_1``: other languages, OpenMP, the sanitizers, VTV)."""


@dataclass(frozen=True, slots=True)
class FlagOff:
    """One flag the reduced build turns off and why (``pulls``: the dependencies it
    would pull in, empty for a C-only language flag)."""

    flag: str
    why: str
    pulls: tuple[str, ...] = ()

    def text(self) -> str:
        """``-flag (why)``."""
        return f"-{self.flag} ({self.why})"


@dataclass(frozen=True, slots=True)
class ReducedBuild:
    """A package's build in ``/`` before the stage: its enabled ``use`` (flags of its
    IUSE), the flags turned off, the forced ones among them (``unforced``), the flags
    kept although they pull in something ``/`` lacks (``kept``: ``(flag, why)``) and
    whether it is the C-only compiler."""

    key: NodeKey
    use: frozenset[str]
    off: tuple[FlagOff, ...] = ()
    unforced: tuple[str, ...] = ()
    kept: tuple[tuple[str, str], ...] = ()
    c_only: bool = False

    def to_json(self) -> dict:
        return {"cpv": self.key.cpv, "use": sorted(self.use),
                "off": [{"flag": f.flag, "why": f.why, "pulls": list(f.pulls)}
                        for f in self.off],
                "unforced": list(self.unforced),
                "kept": [{"flag": flag, "why": why} for flag, why in self.kept],
                "c_only": self.c_only}


def reduced_build(graph: DepGraph, key: NodeKey, *, compiler: str = "sys-devel/gcc",
                  forced: frozenset[str] = frozenset(), required_use=None) -> ReducedBuild:
    """The reduced build of ``key`` (see the module docstring).

    Parameters
    ----------
    graph
        The stage's resolved graph (``key``'s USE and edges as the stage builds it).
    compiler
        ``cat/pkg`` of the compiler: its reduced build is C only.
    forced
        The flags the profile forces on the package.
    required_use
        The package's parsed ``REQUIRED_USE`` (None: no constraint).

    Notes
    -----
    Flags are considered in sorted order, the C-only ones first; a flag is turned off
    only when the rest still satisfies ``REQUIRED_USE``. ``O(e + f·r)`` for ``e``
    edges, ``f`` flags and a ``REQUIRED_USE`` of size ``r``.
    """
    data = graph.node(key)
    iuse = data["use"] | data["use_disabled"]
    use = set(data["use"])
    off: list[FlagOff] = []
    c_only = data["cp"] == compiler
    if c_only:
        for flag in sorted(use & C_ONLY_OFF):
            use.discard(flag)
            off.append(FlagOff(flag, "C only, as crossdev's first compiler pass"))
    kept: list[tuple[str, str]] = []
    for flag, pulls in sorted(_pulling_flags(graph, key, iuse).items()):
        if flag not in use:
            continue
        if flag in forced:
            kept.append((flag, "forced by the profile"))
        elif required_use is not None and not required_use_holds(required_use, use - {flag}):
            kept.append((flag, "REQUIRED_USE needs it"))
        else:
            use.discard(flag)
            off.append(FlagOff(flag, "pulls in what / does not have yet", tuple(sorted(pulls))))
    unforced = tuple(sorted(f.flag for f in off if f.flag in forced))
    return ReducedBuild(key, frozenset(use), tuple(off), unforced, tuple(kept), c_only)


def _pulling_flags(graph: DepGraph, key: NodeKey, iuse: frozenset[str]) -> dict[str, set]:
    """``{flag: {cpv}}``: for each edge of ``key`` to a package not installed, under a
    USE condition, the first flag of the condition that is a positive flag of IUSE."""
    found: dict[str, set] = {}
    for dep, keyed in graph.out_raw(key).items():
        if dep == key or graph.node(dep)["installed"]:
            continue
        for d in keyed.values():
            flag = next((f for f in d["use"] if not f.startswith("!") and f in iuse), None)
            if flag is not None:
                found.setdefault(flag, set()).add(dep.cpv)
    return found
