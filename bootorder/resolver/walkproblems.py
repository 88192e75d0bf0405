"""The problems of the resolver's walk: who asked (the chain of dependents back to a
target), and where it is written (the dependent's cache file and line).

A mixin of :class:`bootorder.resolver.resolution._Resolver`, which provides ``pkg``
(instance -> package), ``parent`` (instance -> the instance that pulled it in),
``cands`` (per root) and ``problems``.

>>> instance_label(NodeKey("sys-devel/gcc-14", "host"))
'sys-devel/gcc-14 (host)'
"""
from __future__ import annotations

from ..core.problems import Problem
from ..graph.depgraph import NodeKey
from ..syntax.atom import Atom

__all__ = ["WalkProblems", "instance_label"]


class WalkProblems:
    """Problems found while walking (see the module docstring)."""

    def _chain(self, key: NodeKey | None) -> tuple[str, ...]:
        out = []
        while key is not None and len(out) < 64:
            out.append(instance_label(key))
            key = self.parent.get(key)
        return tuple(reversed(out))

    def _whose(self, parent: NodeKey | None, label: str | None) -> tuple:
        """A problem's package and chain: the dependent, else the target's label."""
        return (instance_label(parent) if parent else None,
                self._chain(parent) or ((label,) if label else ()))

    def _written(self, parent: NodeKey | None, cls: str | None) -> tuple:
        """``(file, line)`` of ``parent``'s ``cls`` (its cache entry), when known."""
        pkg = self.pkg.get(parent) if parent else None
        source = getattr(pkg, "source", None)
        return source, (pkg.lines.get(cls) if source and cls else None)

    def _unsatisfied(self, atom: Atom, root: str, parent, label, cls=None) -> None:
        kind, message, fix = self.cands[root].why_not(atom)
        package, chain = self._whose(parent, label)
        self.problems.append(Problem(kind, package, str(atom), chain,
                                     message + f" (in the {root} root)", fix, "error",
                                     *self._written(parent, cls)))

    def _slot_conflict(self, atom: Atom, existing: NodeKey, best, parent) -> None:
        self.problems.append(Problem(
            "slot-conflict", instance_label(parent) if parent else None, str(atom),
            self._chain(parent),
            f"needs {best.cpv} but {existing.cpv} already fills slot {best.slot} "
            f"in the {existing.root} root", "make the atoms agree on one version"))


def instance_label(key: NodeKey | None) -> str:
    """How messages name an instance: its cpv, with ``(host)`` in the host root."""
    return "" if key is None else key.cpv if key.root == "target" else f"{key.cpv} (host)"
