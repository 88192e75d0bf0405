"""What-if: re-resolve with per-package USE changes and report what differs.

``--with 'sys-devel/gcc -nls +static'`` names an atom and flag changes. The changes are
applied *last*, above the environment ``USE`` (so they survive catalyst's ``USE="-*
build"``, unlike ``package.use``), to every package the atom matches, in every root:
:func:`with_specs` adds them to the configuration's ``use_changes``
(:class:`bootorder.config.configuration.Config`); :class:`UseOverrideConfig` also says which were
ignored. A change is ignored, and reported, when the flag is forced (turning it
off) or masked (turning it on) for the package, or is not in its IUSE.

:func:`whatif` resolves twice with :func:`bootorder.resolver.resolution.resolve` (or the
``resolve`` function given) and :func:`compare` reports packages added and removed,
packages whose USE changed, and cycles gone and new (:func:`bootorder.order.cycles.find_cycles`,
scope ``"hard"`` by default; a cycle is identified by its package instances).

>>> spec = UseSpec.parse("sys-devel/gcc -nls +static")
>>> spec.atom, spec.changes
('sys-devel/gcc', (('nls', False), ('static', True)))
>>> str(spec)
'sys-devel/gcc -nls +static'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from ..syntax.atom import Atom
from ..core.errors import BootorderError
from ..graph.depgraph import DepGraph, NodeKey

_CHANGE = re.compile(r"[+-]?[A-Za-z0-9][A-Za-z0-9+_@-]*")

__all__ = ["UseSpec", "UseOverrideConfig", "with_specs", "WhatIf", "whatif", "compare",
           "specs_from_flips"]


@dataclass(frozen=True, slots=True)
class UseSpec:
    """One ``--with`` value: an atom and ``(flag, enable)`` changes, in written order."""

    atom: str
    changes: tuple[tuple[str, bool], ...]

    @classmethod
    def parse(cls, text: str) -> UseSpec:
        """Parse ``"ATOM [+|-]FLAG..."`` (a flag without sign is turned on).

        >>> UseSpec.parse("gcc")
        Traceback (most recent call last):
        ...
        bootorder.core.errors.BootorderError: --with 'gcc': expected 'ATOM -flag|+flag ...'
        """
        words = text.split()
        if len(words) < 2:
            raise BootorderError(f"--with {text!r}: expected 'ATOM -flag|+flag ...'")
        try:
            Atom.parse(words[0])
        except ValueError as err:
            raise BootorderError(f"--with {text!r}: {err}") from None
        changes = []
        for word in words[1:]:
            if not _CHANGE.fullmatch(word):
                raise BootorderError(f"--with {text!r}: bad flag change {word!r}")
            changes.append((word.lstrip("+-"), not word.startswith("-")))
        return cls(words[0], tuple(changes))

    def __str__(self) -> str:
        return " ".join([self.atom, *(("+" if on else "-") + f for f, on in self.changes)])

    def matches(self, pkg) -> bool:
        """Whether the atom matches a repository :class:`~bootorder.tree.repository.Package`."""
        return Atom.parse(self.atom).matches(pkg.cpv, slot=pkg.slot, subslot=pkg.subslot,
                                             repo=pkg.repo)


def specs_from_flips(flips: Iterable) -> tuple[UseSpec, ...]:
    """``--with`` values applying :class:`bootorder.usechange.suggestion.Flip` values, per cpv.

    >>> from bootorder.usechange.suggestion import Flip
    >>> [str(s) for s in specs_from_flips([Flip("a/b-1", "x", False)])]
    ['=a/b-1 -x']
    """
    per_cpv: dict[str, list[tuple[str, bool]]] = {}
    for flip in sorted(flips):
        changes = per_cpv.setdefault(flip.cpv, [])
        if (flip.flag, flip.enable) not in changes:
            changes.append((flip.flag, flip.enable))
    return tuple(UseSpec(f"={cpv}", tuple(ch)) for cpv, ch in sorted(per_cpv.items()))


def with_specs(config, specs: Sequence[UseSpec]):
    """``config`` with ``specs`` added to its ``use_changes`` (applied above ``USE=``).

    >>> from bootorder.config.profile import Profile
    >>> from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
    >>> from bootorder.config.configuration import Config
    >>> tree = Tree.open([example_repository_path()])
    >>> config = Config.stage1(tree, Profile.load(tree, EXAMPLE_PROFILE))
    >>> gcc = config.best_visible("sys-devel/gcc")
    >>> "nls" in with_specs(config, [UseSpec.parse("sys-devel/gcc +nls")]).effective_use(gcc)
    True
    """
    added = tuple((s.atom, " ".join(("" if on else "-") + f for f, on in s.changes))
                  for s in specs)
    return config.with_changes(use_changes=(*config.use_changes, *added)) if added else config


class UseOverrideConfig:
    """A configuration whose effective USE has the ``specs`` applied last.

    It is :func:`with_specs` of ``base`` (attribute access is delegated to it), plus
    :meth:`decisions`: which change applies to a package, and why one is ignored.
    Installed packages keep their recorded USE.
    """

    def __init__(self, base, specs: Sequence[UseSpec]):
        self.base = base
        self.specs = tuple(specs)
        self.changed = with_specs(base, self.specs)

    def __getattr__(self, name):
        return getattr(self.changed, name)

    def __repr__(self) -> str:
        return f"UseOverrideConfig({self.base!r}, {[str(s) for s in self.specs]!r})"

    def decisions(self, pkg) -> list[tuple[str, bool, str | None]]:
        """Each change that applies to ``pkg``: ``(flag, enable, reason ignored or None)``."""
        found = []
        for spec in self.specs:
            if spec.matches(pkg):
                found.extend((flag, on, self._refusal(pkg, flag, on)) for flag, on in spec.changes)
        return found

    def _refusal(self, pkg, flag: str, enable: bool) -> str | None:
        if flag not in self.base.iuse_effective(pkg):
            return "not in IUSE"
        if not enable and flag in self.base.use_force(pkg):
            return "forced (use.force)"
        if enable and flag in self.base.use_mask(pkg):
            return "masked (use.mask)"
        return None


@dataclass(frozen=True, slots=True)
class WhatIf:
    """The difference a set of USE changes makes (see the module docstring)."""

    specs: tuple[UseSpec, ...]
    ignored: tuple[tuple[NodeKey, str, str], ...]
    unmatched: tuple[UseSpec, ...]
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
            "with": [str(s) for s in self.specs],
            "ignored": [{"cpv": k.cpv, "root": k.root, "change": c, "reason": r}
                        for k, c, r in self.ignored],
            "unmatched": [str(s) for s in self.unmatched],
            "added": keys(self.added), "removed": keys(self.removed),
            "use_changed": [{"cpv": k.cpv, "root": k.root, "enabled": list(on),
                             "disabled": list(off)} for k, on, off in self.use_changed],
            "cycles_gone": [keys(c) for c in self.cycles_gone],
            "cycles_new": [keys(c) for c in self.cycles_new],
            "cycles_kept": self.cycles_kept, "truncated": self.truncated}


def whatif(config, targets: Sequence[str], specs: Sequence[UseSpec], *,
           resolve: Callable[..., DepGraph] | None = None, scope: str = "hard",
           max_length: int | None = None, max_cycles: int | None = None,
           **resolve_options) -> WhatIf:
    """Resolve ``targets`` with and without ``specs`` and compare the graphs.

    ``resolve_options`` go to the resolver (``host=``, ``implicit=``, ``reporter=``);
    ``scope``, ``max_length`` and ``max_cycles`` to :func:`bootorder.order.cycles.find_cycles`.

    Notes
    -----
    Two resolutions plus two bounded cycle enumerations.
    """
    if resolve is None:
        from ..resolver.resolution import resolve
    changed = UseOverrideConfig(config, specs)
    before = resolve(config, targets, **resolve_options)
    after = resolve(changed, targets, **resolve_options)
    return compare(before, after, specs, ignored=_ignored(changed, after),
                   unmatched=_unmatched(changed, before, after), scope=scope,
                   max_length=max_length, max_cycles=max_cycles)


def compare(before: DepGraph, after: DepGraph, specs: Sequence[UseSpec] = (), *,
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
    return WhatIf(tuple(specs), tuple(ignored), tuple(unmatched),
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


def _ignored(changed: UseOverrideConfig, graph: DepGraph):
    found = []
    for key, pkg in _packages(changed.base, graph):
        for flag, enable, reason in changed.decisions(pkg):
            if reason is not None:
                found.append((key, ("+" if enable else "-") + flag, reason))
    return sorted(set(found))


def _unmatched(changed: UseOverrideConfig, *graphs: DepGraph) -> list[UseSpec]:
    matched = set()
    for graph in graphs:
        for _, pkg in _packages(changed.base, graph):
            matched.update(s for s in changed.specs if s.matches(pkg))
    return [s for s in changed.specs if s not in matched]
