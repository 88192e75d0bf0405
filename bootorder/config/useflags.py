"""Incremental USE stacking and per-package profile entries, made cheap to repeat.

Public API
----------
``apply_tokens(flags, tokens)``
    Stack ``[-]flag`` tokens onto the set ``flags`` in place, as portage's USE stacking
    does: ``-*`` clears, ``-flag`` removes, ``-prefix_*`` removes a USE_EXPAND group,
    ``+flag`` adds (with the warning portage would print left out).
``Delta.of(tokens)`` / ``Delta.apply(flags) -> set``
    The effect of a token sequence, computed once: applying it equals
    ``apply_tokens`` on a copy (property tested).
``EntryIndex(per_node)``
    Profile ``package.*`` entries of every node by ``cat/pkg``; ``matches(pkg)`` gives
    ``{node: [entries, least specific first]}`` (portage's
    ``ordered_by_atom_specificity``: ``=cpv`` 6, ``~`` 5, ``=*`` 4, slot 3, other
    operators 2, plain 1; between two range atoms the one whose version is nearer the
    package's wins; other ties go to the entry written first).

>>> d = Delta.of("-* a b -python_* python_x -b".split())
>>> sorted(d.apply({"c", "python_y"}))
['a', 'python_x']
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cmp_to_key
from typing import Iterable

_OP_SCORE = {"=": 6, "~": 5, "=*": 4, ">": 2, "<": 2, ">=": 2, "<=": 2, None: 1}


def apply_tokens(flags: set[str], tokens: Iterable[str]) -> None:
    """Stack tokens onto ``flags`` (see module docstring)."""
    for x in tokens:
        if x == "-*":
            flags.clear()
        elif x[:1] == "-":
            if x.endswith("_*"):
                prefix = x[1:-1]
                flags.difference_update([f for f in flags if f.startswith(prefix)])
            flags.discard(x[1:])
        elif x[:1] == "+":
            if x[1:]:
                flags.add(x[1:])
        else:
            flags.add(x)


@dataclass(frozen=True, slots=True)
class Delta:
    """The net effect of a token sequence on any starting set."""

    clear: bool
    removed: frozenset[str]
    prefixes: tuple[str, ...]
    added: frozenset[str]

    @classmethod
    def of(cls, tokens: Iterable[str]) -> Delta:
        clear, removed, prefixes, added = False, set(), [], set()
        for x in tokens:
            if x == "-*":
                clear, removed, prefixes, added = True, set(), [], set()
            elif x[:1] == "-":
                if x.endswith("_*"):
                    prefixes.append(x[1:-1])
                    gone = {f for f in added if f.startswith(x[1:-1])}
                    added -= gone
                    removed |= gone
                added.discard(x[1:])
                removed.add(x[1:])
            else:
                flag = x[1:] if x[:1] == "+" else x
                if flag:
                    added.add(flag)
                    removed.discard(flag)
        return cls(clear, frozenset(removed), tuple(prefixes), frozenset(added))

    def apply(self, flags: set[str] | frozenset[str]) -> set[str]:
        """A new set: ``flags`` with the tokens applied."""
        if self.clear:
            return set(self.added)
        kept = {f for f in flags if f not in self.removed}
        if self.prefixes:
            pre = self.prefixes
            kept = {f for f in kept if not f.startswith(pre)}
        return kept | self.added


def specificity(entry) -> int:
    a = entry.atom
    return max(3 if a.slot is not None else -99, _OP_SCORE.get(a.operator, 1))


def _closer(pkg, best, cand) -> bool:
    """portage's tie-break between two range atoms: is ``cand`` nearer to ``pkg``?"""
    from ..syntax.version import vercmp
    b, c = best.atom.cpv, cand.atom.cpv
    if b in (pkg.cpv, c):
        return False
    if c == pkg.cpv:
        return True
    vers = (best.atom.version, pkg.version, cand.atom.version)
    order = sorted(range(3), key=cmp_to_key(lambda i, j: vercmp(vers[i], vers[j])))
    return order[1] == 2 if 1 in (order[0], order[-1]) else False


def best_match(pkg, entries):
    """portage's ``best_match_to_list``: the most specific entry (file order breaks ties)."""
    maxvalue, best = -99, None
    for e in entries:
        atom = e.atom
        if atom.slot is not None and maxvalue < 3:
            maxvalue, best = 3, e
        op = _OP_SCORE.get(atom.operator, 1)
        if op > maxvalue:
            maxvalue, best = op, e
        elif op == maxvalue == 2 and _closer(pkg, best, e):
            best = e
    return best


def by_specificity(pkg, entries) -> list:
    """portage's ``ordered_by_atom_specificity``: least specific first."""
    left, out = list(entries), []
    while left:
        best = best_match(pkg, left)
        left.remove(best)
        out.append(best)
    out.reverse()
    return out


class EntryIndex:
    """``package.*`` entries of all profile nodes, indexed by ``cat/pkg``."""

    __slots__ = ("_by_cp",)

    def __init__(self, per_node):
        by_cp: dict[str, list] = defaultdict(list)
        for node, entries in enumerate(per_node):
            for pos, e in enumerate(entries):
                by_cp[e.atom.cp].append((node, pos, e))
        self._by_cp = dict(by_cp)

    def __bool__(self) -> bool:
        return bool(self._by_cp)

    def cps(self) -> frozenset[str]:
        """The ``cat/pkg`` names the entries apply to."""
        return frozenset(self._by_cp)

    def in_order(self, pkg) -> list:
        """Entries matching ``pkg`` in file order (node, then line)."""
        return [e for _, _, e in self._by_cp.get(pkg.cp, ()) if e.matches(pkg)]

    def matches(self, pkg) -> dict[int, list]:
        """``{node: [matching entries, least specific first]}`` for ``pkg``."""
        cands = self._by_cp.get(pkg.cp)
        if not cands:
            return {}
        hits: dict[int, list] = defaultdict(list)
        for node, _, e in cands:
            if e.matches(pkg):
                hits[node].append(e)
        return {n: by_specificity(pkg, v) for n, v in hits.items()}
