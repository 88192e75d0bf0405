"""What-if: re-resolve with per-package USE changes and report what differs.

``--with 'sys-devel/gcc -nls +static'`` names an atom and flag changes
(:func:`bootorder.config.overrides.parse_with`). The changes are applied *last*, above
the environment ``USE`` (so they survive catalyst's ``USE="-* build"``, unlike
``package.use``), to every package the atom matches, in every root: :func:`with_changes`
adds them to the configuration's ``use_changes``. A change is ignored, and reported,
when the flag is forced (turning it off) or masked (turning it on) for the package, or
is not in its IUSE (:func:`bootorder.config.overrides.refusal`).

:func:`whatif` resolves twice with :func:`bootorder.resolver.resolution.resolve` (or the
``resolve`` function given) and :func:`compare` reports packages added and removed,
packages whose USE changed, and cycles gone and new (:func:`bootorder.order.cycles.find_cycles`,
scope ``"hard"`` by default; a cycle is identified by its package instances).

>>> from bootorder.config.overrides import parse_with
>>> from bootorder.config.profile import Profile
>>> from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
>>> from bootorder.config.configuration import Config
>>> tree = Tree.open([example_repository_path()])
>>> config = Config.stage1(tree, Profile.load(tree, EXAMPLE_PROFILE))
>>> gcc = config.best_visible("sys-devel/gcc")
>>> "nls" in with_changes(config, parse_with("sys-devel/gcc +nls")).effective_use(gcc)
True
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from ..config.overrides import decisions, matches, with_texts
from ..core.usechange import UseChange
from ..graph.depgraph import DepGraph, NodeKey

__all__ = ["with_changes", "WhatIf", "whatif", "compare"]


def with_changes(config, changes: Sequence[UseChange]):
    """``config`` with ``changes`` added to its ``use_changes`` (applied above ``USE=``)."""
    return config.with_changes(use_changes=(*config.use_changes, *changes)) \
        if changes else config


@dataclass(frozen=True, slots=True)
class WhatIf:
    """The difference a set of USE changes makes (see the module docstring)."""

    changes: tuple[UseChange, ...]
    ignored: tuple[tuple[NodeKey, str, str], ...]
    unmatched: tuple[UseChange, ...]
    added: tuple[NodeKey, ...]
    removed: tuple[NodeKey, ...]
    use_changed: tuple[tuple[NodeKey, tuple[str, ...], tuple[str, ...]], ...]
    cycles_gone: tuple[tuple[NodeKey, ...], ...]
    cycles_new: tuple[tuple[NodeKey, ...], ...]
    cycles_kept: int
    truncated: bool = False
    """The cycle enumeration hit a cap: the cycles compared are then the shortest hard
    cycle of each component (:func:`bootorder.order.cycles.find_cycles` scope ``"shortest"``)."""

    def to_json(self) -> dict:
        def keys(nodes):
            return [{"cpv": k.cpv, "root": k.root} for k in nodes]
        return {
            "with": with_texts(self.changes),
            "ignored": [{"cpv": k.cpv, "root": k.root, "change": c, "reason": r}
                        for k, c, r in self.ignored],
            "unmatched": with_texts(self.unmatched),
            "added": keys(self.added), "removed": keys(self.removed),
            "use_changed": [{"cpv": k.cpv, "root": k.root, "enabled": list(on),
                             "disabled": list(off)} for k, on, off in self.use_changed],
            "cycles_gone": [keys(c) for c in self.cycles_gone],
            "cycles_new": [keys(c) for c in self.cycles_new],
            "cycles_kept": self.cycles_kept, "truncated": self.truncated}


def whatif(config, targets: Sequence[str], changes: Sequence[UseChange], *,
           resolve: Callable[..., DepGraph] | None = None, scope: str = "hard",
           max_length: int | None = None, max_cycles: int | None = None,
           **resolve_options) -> WhatIf:
    """Resolve ``targets`` with and without ``changes`` and compare the graphs.

    ``resolve_options`` go to the resolver (``host=``, ``implicit=``, ``reporter=``);
    ``scope``, ``max_length`` and ``max_cycles`` to :func:`bootorder.order.cycles.find_cycles`.

    Notes
    -----
    Two resolutions plus two bounded cycle enumerations.
    """
    if resolve is None:
        from ..order.backtrack import resolve
    changes = tuple(changes)
    before = resolve(config, targets, **resolve_options)
    after = resolve(with_changes(config, changes), targets, **resolve_options)
    return compare(before, after, changes, ignored=_ignored(config, changes, after),
                   unmatched=_unmatched(config, changes, before, after), scope=scope,
                   max_length=max_length, max_cycles=max_cycles)


def compare(before: DepGraph, after: DepGraph, changes: Sequence[UseChange] = (), *,
            ignored=(), unmatched=(), scope: str = "hard", max_length: int | None = None,
            max_cycles: int | None = None) -> WhatIf:
    """The difference between two graphs of the same targets.

    >>> a, b = DepGraph(), DepGraph()
    >>> _ = a.add_package("x/p-1", "target"); _ = b.add_package("x/q-1", "target")
    >>> d = compare(a, b); [k.cpv for k in d.added], [k.cpv for k in d.removed]
    (['x/q-1'], ['x/p-1'])
    """
    from ..order.cycles import find_cycles

    old, new = set(before.nodes()), set(after.nodes())
    use_changed = []
    for key in sorted(old & new):
        was, now = before.node(key)["use"], after.node(key)["use"]
        if was != now:
            use_changed.append((key, tuple(sorted(now - was)), tuple(sorted(was - now))))
    limits = {k: v for k, v in (("max_length", max_length), ("max_cycles", max_cycles))
              if v is not None}
    report_before = find_cycles(before, scope=scope, **limits)
    report_after = find_cycles(after, scope=scope, **limits)
    truncated = report_before.truncated or report_after.truncated
    if truncated and scope == "hard":  # a capped enumeration is partial: compare the
        report_before = find_cycles(before, scope="shortest")  # shortest hard cycle
        report_after = find_cycles(after, scope="shortest")  # of each component
    cycles_before = {c.nodes for c in report_before.cycles}
    cycles_after = {c.nodes for c in report_after.cycles}
    return WhatIf(tuple(changes), tuple(ignored), tuple(unmatched),
                  tuple(sorted(new - old)), tuple(sorted(old - new)), tuple(use_changed),
                  tuple(sorted(cycles_before - cycles_after)),
                  tuple(sorted(cycles_after - cycles_before)),
                  len(cycles_before & cycles_after), truncated)


def _packages(config, graph: DepGraph):
    """The repository package of every node of ``graph`` (nodes without one skipped)."""
    for key in graph.nodes():
        node = graph.node(key)
        for pkg in config.tree.match(f"={key.cpv}"):
            if node["repo"] in (None, pkg.repo):
                yield key, pkg
                break


def _ignored(config, changes: Sequence[UseChange], graph: DepGraph):
    found = []
    for key, pkg in _packages(config, graph):
        for change, reason in decisions(config, changes, pkg):
            if reason is not None:
                found.append((key, ("+" if change.enable else "-") + change.flag, reason))
    return sorted(set(found))


def _unmatched(config, changes: Sequence[UseChange], *graphs: DepGraph) -> list[UseChange]:
    matched = set()
    for graph in graphs:
        for _, pkg in _packages(config, graph):
            matched.update(c for c in changes if matches(c, pkg))
    return [c for c in changes if c not in matched]
