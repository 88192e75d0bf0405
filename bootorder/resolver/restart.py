"""emerge's restart with a larger circular map, made from the walk that came before.

A restart (:mod:`bootorder.order.backtrack`) resolves again under the same configuration
with a larger ``circular`` map. The map changes nothing but the any-of choices of the
packages it names (:mod:`bootorder.resolver.circular`), so the new walk repeats the old
one step by step up to the first choice that comes out otherwise. A kept walk
(:class:`KeptWalk`) finds that choice among those it made, takes back everything it did
from there (:class:`Rewind`: its packages, edges, expansions, problems and stacks, each
restored as it stood, down to the order of every adjacency), and goes on from that
choice with the new map: what a full resolution gives, for the cost of the part after
the choice. A choice made inside another one or inside a virtual's expansion cannot be
resumed from, nor can a walk that changed USE: :meth:`KeptWalk.restarted` then gives
``None``, and only a full resolution tells.

>>> Choice(NodeKey("x/a-1", "host"), "host", [], 0, None, (0, 0, 0, 0, 0)).stack
()
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

import networkx as nx

from ..graph.depgraph import DepGraph, NodeKey
from .anyof import choose
from .autounmask import UseRestart

__all__ = ["Choice", "KeptWalk", "Rewind"]


@dataclass(frozen=True, slots=True)
class Choice:
    """An any-of choice among several alternatives, as the walk made it: the package
    (``key``), the root of the group, each alternative's description (``(Alternative,
    atoms)``, as the resolver's ``_describe`` gives them), the index taken, the deferred
    item it decides (``(key, cls, root, items, index)``; ``None``: inside another choice
    or a virtual's expansion), the walk's counts when it was made (:attr:`Rewind.COUNTS`)
    and its stack of packages to expand then."""

    key: NodeKey
    root: str
    described: list
    index: int
    item: tuple | None
    counts: tuple[int, int, int, int, int]
    stack: tuple = ()


class Rewind:
    """What a walk records to be taken back to one of its choices (a mixin of the
    resolver's walk, which provides ``graph``, ``pkg``, ``parent``, ``slots``,
    ``by_cp``, ``done``, ``problems``, ``stack``, ``deferred``, ``existing_of``,
    ``expanded`` and ``immediate``)."""

    COUNTS = ("edges", "packages", "problems", "expansions", "deferred operations")

    def _start_record(self) -> None:
        self.edge_log: list[tuple[NodeKey, NodeKey]] = []  # (source, dep), as added
        self.expansions: list[NodeKey] = []  # as expanded
        self.deferred_ops: list = []  # each deferred entry pushed, None for each pop
        self.choices: list[Choice] = []

    def _note_choice(self, key: NodeKey, root: str, described: list, index: int,
                     item: tuple | None) -> None:
        counts = (len(self.edge_log), len(self.pkg), len(self.problems),
                  len(self.expansions), len(self.deferred_ops))
        self.choices.append(Choice(key, root, described, index, item, counts,
                                   tuple(self.stack) if item else ()))

    def _rewind(self, index: int) -> None:
        """Take the walk back to where it made choice ``index`` (before it)."""
        choice = self.choices[index]
        edges, packages, problems, expansions, deferred_ops = choice.counts
        g = self.graph.nx
        succ, pred = g._succ, g._pred
        for source, dep in reversed(self.edge_log[edges:]):
            keyed = succ[source][dep]
            keyed.popitem()  # the last one added: dicts keep their order
            if not keyed:
                del succ[source][dep], pred[dep][source]
        del self.edge_log[edges:]
        for key in reversed(list(self.pkg)[packages:]):
            del g._node[key], succ[key], pred[key]
            pkg = self.pkg.pop(key)
            del self.parent[key]
            slot = (key.root, pkg.cp, pkg.slot)
            if self.slots.get(slot) == key:
                del self.slots[slot]
            same = self.by_cp[(key.root, pkg.cp)]
            same.pop()
            if not same:
                del self.by_cp[(key.root, pkg.cp)]
        nx._clear_cache(g)
        self.done.difference_update(self.expansions[expansions:])
        del self.expansions[expansions:]
        self.expanded = expansions
        del self.problems[problems:]
        self.deferred = []
        for entry in self.deferred_ops[:deferred_ops]:
            if entry is None:
                self.deferred.pop()
            else:
                self.deferred.append(entry)
        del self.deferred_ops[deferred_ops:]
        self.stack = list(choice.stack)
        self.existing_of.clear()  # kept per package count, which now repeats
        self.immediate = 0
        del self.choices[index:]


class KeptWalk:
    """A finished resolution walk (:func:`bootorder.resolver.resolution.resolve_kept`'s),
    kept for the restarts of :mod:`bootorder.order.backtrack` (see the module
    docstring)."""

    def __init__(self, walk):
        self.walk = walk

    def restarted(self, circular: Mapping[NodeKey, frozenset[NodeKey]]) -> DepGraph | None:
        """The graph a resolution with ``circular`` gives (the kept graph itself when no
        choice changes); ``None`` when only a full resolution can tell. The walk then
        stands for the new resolution."""
        walk = self.walk
        if walk is None or walk.needs.known or walk.needs.made or walk.needs.stale:
            return None
        old_map, walk.circular, walk.circular_pkgs = walk.circular, circular, {}
        first = next((i for i, c in enumerate(walk.choices)
                      if (c.key in circular or c.key in old_map) and self._changes(c)), None)
        if first is None:
            return walk.graph
        item = walk.choices[first].item
        if item is None:
            walk.circular, walk.circular_pkgs = old_map, {}
            return None
        walk._rewind(first)
        try:
            return walk.resume(item)
        except UseRestart:  # the walk is spent: only a full resolution tells
            self.walk = None
            return None

    def _changes(self, choice: Choice) -> bool:
        """Does the walk's (new) map make ``choice`` take another alternative?"""
        walk, key = self.walk, choice.key
        alts = []
        for alt, atoms in choice.described:
            circular = key in walk.circular and any(walk._circular(a, u, choice.root, key)
                                                    for a, u in atoms)
            alts.append(alt if alt.circular == circular else replace(alt, circular=circular))
        return choose(alts) != choice.index
