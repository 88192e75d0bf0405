"""Temporary USE changes: cycles broken by a first pass built with flags cleared.

A cycle inside a board root (``SYSROOT=ROOT``) is usually broken by a USE change that
other packages forbid permanently (``sys-kernel/coreos-kernel`` needs
``sys-apps/util-linux[cryptsetup,udev]``), yet allow for a while: Flatcar's
``break_dep_loop`` and emerge's own hint ("temporarily changing some use flag
settings"). The build then runs in two passes:

1. the packages of the hard cycles (every package of each strongly connected component
   of the edges :func:`bootorder.usechange.suggestion.default_edge_filter` keeps that
   holds a hard one) as arguments, with the flag clears, plus what they need;
2. everything, with the profile's flags: the cycles' packages are rebuilt (emerge
   ``--newuse``), their cycle edges now point at installed packages (``satisfied``
   build-time edges emerge may ignore), so no hard cycle remains.

The clears come from :func:`~bootorder.usechange.suggestion.suggest_use` on the first
pass's own graph, so only the USE dependencies of packages in that pass lock a flag
(what the second pass alone needs does not), under the constraints of
:func:`~bootorder.usechange.constraints.config_constraints`, with one more: a first pass
only *clears* flags (a flag off in the profile stays off), as hand-kept lists do. The
guarantees are suggest_use's: exact per component (``exact``), else greedy within a
stated ``lower_bound``.

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph()
>>> a = g.add_package("a/a-1", "target", use=frozenset({"x"}), target=True)
>>> b = g.add_package("a/b-1", "target")
>>> g.add_dep(a, b, "DEPEND", atom="a/b", use=("x",))
>>> g.add_dep(b, a, "DEPEND", atom="a/a")
>>> [sorted(k.cpv for k in c) for c in hard_components(g)]
[['a/a-1', 'a/b-1']]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import networkx as nx

from ..core.usechange import UseChange
from ..graph.depgraph import DepGraph, NodeKey
from ..order.priority import edge_priority, installed_index
from ..syntax.version import split_cpv
from .constraints import config_constraints, parent_locks
from .suggestion import UseSuggestion, default_edge_filter, suggest_use

__all__ = ["TemporaryUse", "hard_components", "temporary_use", "cycle_packages"]

CLEARS_ONLY = "a temporary pass only clears flags"
"""Why a flag that is off is not turned on by a first pass."""


@dataclass(frozen=True, slots=True)
class TemporaryUse:
    """The two passes: ``packages`` (the first pass's arguments, ``cat/pkg``),
    ``changes`` (the clears, per ``cat/pkg``), ``suggestion`` (suggest_use's answer on
    the first pass's graph), ``locks`` (per change: why it cannot be permanent, the
    dependents of the full graph that pin the flag; empty when it could be),
    ``first`` (the first pass resolved with the clears, under ``first_config``) and ``left`` (its hard
    components: empty when the pass resolves without a cycle)."""

    packages: tuple[str, ...]
    changes: tuple[UseChange, ...]
    suggestion: UseSuggestion | None
    locks: tuple[tuple[UseChange, str], ...]
    first: DepGraph | None
    first_config: object
    left: tuple[frozenset[NodeKey], ...]

    @property
    def complete(self) -> bool:
        """Both passes resolve without a hard cycle."""
        return not self.left


def hard_components(graph: DepGraph) -> list[frozenset[NodeKey]]:
    """The strongly connected components of the cycle edges (default_edge_filter) that
    hold a hard edge (emerge stops on them), sorted by their first member."""
    index = installed_index(graph)
    edges = [e for e in graph.edges() if default_edge_filter(graph, e, index)]
    dg = nx.DiGraph((e.source, e.dep) for e in edges)
    hard = {(e.source, e.dep) for e in edges if edge_priority(graph, e, index).hard}
    found = []
    for comp in nx.strongly_connected_components(dg):
        if any(u in comp and v in comp and (len(comp) > 1 or u == v) for u, v in hard):
            found.append(frozenset(comp))
    return sorted(found, key=min)


def cycle_packages(components) -> tuple[str, ...]:
    """The ``cat/pkg`` of every package of ``components`` (sorted, once each)."""
    return tuple(sorted({split_cpv(k.cpv)[0] for comp in components for k in comp}))


class _ClearsOnly:
    """``base`` constraints with every flag that is off fixed (see the module doc)."""

    def __init__(self, base, graph: DepGraph):
        self.base, self.graph = base, graph

    def fixed(self, pkg):
        found = dict(self.base.fixed(pkg))
        for flag in self.base.iuse(pkg) - self.graph.node(pkg)["use"]:
            found.setdefault(flag, CLEARS_ONLY)
        return found

    def iuse(self, pkg):
        return self.base.iuse(pkg)

    def required_use_violations(self, pkg, use):
        return self.base.required_use_violations(pkg, use)

    def flip_adds_deps(self, pkg, flag, enable):
        return self.base.flip_adds_deps(pkg, flag, enable)


def _per_package(flips) -> tuple[UseChange, ...]:
    """Flips of package versions as ``cat/pkg`` changes (one line per change)."""
    return tuple(sorted({UseChange(split_cpv(f.package)[0], f.flag, f.enable, f.reason)
                         for f in flips}))


def _locks(graph: DepGraph, changes) -> tuple[tuple[UseChange, str], ...]:
    """Per change, the dependents of the full graph that pin its flag ("" if none)."""
    out = []
    for change in changes:
        reasons = sorted({parent_locks(graph, k).get(change.flag, "")
                          for k in graph.nodes() if split_cpv(k.cpv)[0] == change.package
                          and not graph.node(k)["installed"]} - {""})
        out.append((change, "; ".join(reasons)))
    return tuple(out)


def temporary_use(full: DepGraph, config, resolve: Callable[[object, Sequence[str]], DepGraph]
                  ) -> TemporaryUse:
    """The two passes of ``full`` (the whole build resolved under ``config``).

    ``resolve(config, atoms) -> DepGraph`` resolves a pass the way the build does (same
    roots, host and sysroot). Returns the first pass's arguments and clears (module
    docstring); none when ``full`` has no hard cycle.

    Notes
    -----
    Two resolutions of the first pass (without and with the clears) and one
    :func:`suggest_use` on its graph.
    """
    components = hard_components(full)
    if not components:
        return TemporaryUse((), (), None, (), None, None, ())
    packages = cycle_packages(components)
    plain = resolve(config, packages)
    constraints = _ClearsOnly(config_constraints(plain, config), plain)
    suggestion = suggest_use(plain, constraints)
    changes = _per_package(suggestion.flips)
    first_config = config.with_changes(
        package_use=(*config.package_use, *((c.package, c.token()) for c in changes)))
    first = resolve(first_config, packages)
    return TemporaryUse(packages, changes, suggestion, _locks(full, changes), first,
                        first_config, tuple(hard_components(first)))
