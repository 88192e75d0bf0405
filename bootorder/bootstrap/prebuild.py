"""Packages pre-built into ``/`` before the stage, as few as emerge needs to build it.

A build host without a seed (``--host empty``, or a partial one) meets hard cycles that
emerge cannot break: ``xz-utils BDEPEND elt-patches BDEPEND xz-utils``. Gentoo's tools
break them by building a package twice: first a reduced build into ``/`` with what is
already there (:mod:`bootorder.bootstrap.reduced`), then the stage. This module models
what such a pre-built package does to the stage, exactly as emerge sees it, and
chooses the fewest packages to pre-build.

The model
---------
A package ``v`` pre-built into ``/`` is an installed package of the host root with its
reduced build's USE. For the stage's emerge (no ``--deep``, no ``--update``):

- every dependency on ``v`` in the host root whose atom the reduced build meets
  (version, slot, USE dependencies, as :func:`bootorder.resolver.candidates.use_dep_ok`
  says; build, install and runtime classes alike) is *satisfied*: emerge no longer
  waits for it (:mod:`bootorder.order.priority`: a satisfied edge is soft);
- when every dependency on ``v`` is met, emerge does not build ``v`` again in ``/``:
  nothing of ``v``'s own dependencies is pulled in through it, and what only ``v``
  pulled in leaves the stage (the *alive* packages are those the targets still reach);
- a dependency the reduced build fails (a C-only compiler for ``gcc[cxx]``) makes emerge
  build ``v`` again in ``/``: the model then counts ``v`` as not pre-built (a set is
  accepted only when every member is installed in its final state).

The stage builds when no hard cycle is left among the alive packages to build
(:func:`bootorder.order.priority.is_hard_cycle`: strong edges only, one of them hard).

Choosing the packages
---------------------
Only packages of the host root can be pre-built (``emerge --nodeps`` into ``/``), and
no virtual (its provider is pre-built instead: a virtual installs nothing). The
search (:func:`minimum_prebuilt`) deepens iteratively on the number of packages: in
each state it takes a shortest hard cycle left and branches on the packages that can
break it: its members, the packages that dominate it (every path from the targets to
it passes them, so pre-building one leaves it out of the stage), and the members of
other groups that reach it (pre-built for their own cycles, several of them together
may cut it off: ``h0 -> h1 <- h3``, ``h1``, ``h3`` and ``h0 <-> h2`` hard cycles, is
solved by ``h0`` and ``h3``). Every minimum set found is compared by ``prefer``. Exact
under that branching rule within ``budget`` states; packages that only together cut
a cycle off the targets, none of them on a hard cycle, are not found.

Hard cycles lie in the stage's hard components (:attr:`Stage.groups`). Two groups
are independent when no package that may be pre-built reaches both (or belongs to
one and reaches the other): a package chosen for one then neither breaks nor cuts
off the other, nor decides whether a package chosen for the other ends installed (a
package's state depends only on the packages that reach it). The search runs per
*cluster* of groups joined by such shared packages, each with its own ``budget``, and
the answer is their union: a whole tree (every replica of a toolchain cycle its own
cluster) costs the sum of its parts, not their product.

>>> from bootorder.bootstrap.reduced import ReducedBuild
>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph()
>>> top = g.add_package("app-misc/top-1", "target", target=True)
>>> xz = g.add_package("app-arch/xz-utils-5.8", "host")
>>> elt = g.add_package("app-portage/elt-patches-2025", "host")
>>> g.add_dep(top, xz, "BDEPEND", atom="app-arch/xz-utils")
>>> g.add_dep(xz, elt, "BDEPEND", atom="app-portage/elt-patches")
>>> g.add_dep(elt, xz, "BDEPEND", atom="app-arch/xz-utils")
>>> stage = Stage(g, {k: ReducedBuild(k, frozenset()) for k in (xz, elt)})
>>> [k.cpv for k in stage.hard_cycle(stage.state(()))]
['app-arch/xz-utils-5.8', 'app-portage/elt-patches-2025']
>>> found = minimum_prebuilt(stage)
>>> [k.cpv for k in found.nodes], found.exact
(['app-arch/xz-utils-5.8'], True)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..graph.depgraph import NodeKey
from .feedback import DEFAULT_BUDGET
from .stage import Stage, StageState, choosable, meets, rotated, shortest_hard_cycle

__all__ = ["Stage", "StageState", "Found", "minimum_prebuilt", "meets", "choosable",
           "shortest_hard_cycle"]


@dataclass(frozen=True, slots=True)
class Found:
    """The answer of :func:`minimum_prebuilt`: the packages (sorted), whether the
    search proved them minimum (``exact``), and the hard cycle each one was chosen
    for (dependent → dependency, ``None`` when it cut one off the targets)."""

    nodes: tuple[NodeKey, ...]
    exact: bool
    cycles: tuple[tuple[NodeKey, tuple[NodeKey, ...]], ...] = ()
    unbreakable: tuple[NodeKey, ...] = ()


class _Search:
    """The iterative deepening of :func:`minimum_prebuilt` (one use): states are kept
    by chosen set, each computed near the one it grew from."""

    def __init__(self, stage: Stage, start: frozenset, budget: int):
        self.stage = stage
        self.start = start
        self.budget = budget
        self.left = budget
        self.deeper = False
        self.groups: list[int] | None = None
        self.states: dict[frozenset, StageState] = {start: stage.state(start)}

    def state(self, chosen: frozenset, near: frozenset | None = None) -> StageState:
        found = self.states.get(chosen)
        if found is None:
            found = self.states[chosen] = self.stage.near(
                self.states[self.start if near is None else near], chosen)
        return found

    def look(self, chosen: frozenset, near: frozenset | None = None
             ) -> tuple[StageState, list | None]:
        state = self.state(chosen, near)
        return state, self.stage.hard_cycle(state, self.groups)

    def candidates(self, state: StageState, cycle: list) -> list[NodeKey]:
        """What may break or cut off ``cycle``: its members, its dominators, then the
        packages of other groups that reach it (module docstring)."""
        found = [k for k in cycle if self.stage.can_choose(k)]
        for k in self.stage.choosable_dominators(state, cycle) + \
                self.stage.choosable_cutters(state, cycle):
            if k not in found:
                found.append(k)
        return found

    def branch(self, chosen: frozenset, k: int, barred: frozenset, out: list,
               near: frozenset | None = None) -> bool:
        """Collect the sets of size ``len(chosen) + k`` that leave no hard cycle;
        False when out of budget."""
        self.left -= 1
        if self.left < 0:
            return False
        state, cycle = self.look(chosen, near)
        if cycle is None:
            if state.complete and chosen not in out:
                out.append(chosen)
            return True
        options = [v for v in self.candidates(state, cycle) if v not in chosen | barred]
        if k == 0:
            self.deeper = self.deeper or bool(options)
            return True
        for i, v in enumerate(options):
            if not self.branch(chosen | {v}, k - 1, barred | frozenset(options[:i]), out,
                               chosen):
                return False
        return True

    def solve(self, groups: list[int] | None, prefer: Callable[[frozenset], tuple],
              max_size: int) -> tuple[frozenset, bool]:
        """The fewest packages (with ``start``) that leave no hard cycle in ``groups``
        (None: all), and whether the search proved it (else the greedy answer)."""
        self.groups, self.left = groups, self.budget
        for k in range(max_size + 1):
            out: list[frozenset] = []
            self.deeper = False
            if not self.branch(self.start, k, frozenset(), out):
                return self.greedy(), False
            if out:
                return min(out, key=prefer), True
            if not self.deeper:
                break
        return self.greedy(), False

    def greedy(self) -> frozenset:
        """Repeatedly the first candidate of a shortest hard cycle left."""
        chosen, near = self.start, None
        while True:
            state, cycle = self.look(chosen, near)
            options = [] if cycle is None else [v for v in self.candidates(state, cycle)
                                                if v not in chosen]
            if not options:
                return chosen
            chosen, near = chosen | {options[0]}, chosen

    def clusters(self) -> list[list[int]] | None:
        """The groups with a hard cycle once ``start`` is pre-built, in clusters that
        share no package that may be pre-built (module docstring); None when ``start``
        does not end installed (then only a search of the whole stage may fix it)."""
        stage, state = self.stage, self.states[self.start]
        if not state.complete:
            return None
        hard = [i for i in range(len(stage.groups)) if stage.hard_cycle(state, [i])]
        owner: dict[NodeKey, int] = {}
        joined = {i: i for i in hard}

        def root(i: int) -> int:
            while joined[i] != i:
                i = joined[i]
            return i
        for i in hard:
            for key in stage.above(stage.groups[i]):
                if stage.can_choose(key):
                    j = root(owner.setdefault(key, i))
                    joined[j] = root(i)
        out: dict[int, list[int]] = {}
        for i in hard:
            out.setdefault(root(i), []).append(i)
        return sorted(out.values())


def minimum_prebuilt(stage: Stage, required: Iterable[NodeKey] = (),
                     prefer: Callable[[frozenset], tuple] | None = None,
                     budget: int = DEFAULT_BUDGET, max_size: int = 64) -> Found:
    """The fewest packages to pre-build (besides ``required``) so that the stage has
    no hard cycle (module docstring).

    Returns a :class:`Found` with ``required`` included. When the budget runs out, or
    no set leaves every chosen package installed, a greedy answer (``exact=False``):
    repeatedly the first candidate of a shortest hard cycle left. ``unbreakable``:
    the packages of hard cycles left outside the host root (no pre-built package
    breaks them). ``budget`` counts the states of each cluster's search.
    """
    prefer = prefer or (lambda nodes: sorted(nodes))
    search = _Search(stage, frozenset(required), budget)
    clusters = search.clusters()
    chosen, exact = search.start, True
    for groups in [None] if clusters is None else clusters:
        found, proved = search.solve(
            groups, lambda nodes, before=chosen: prefer(before | nodes), max_size)
        chosen, exact = chosen | found, exact and proved
    search.groups = None
    return _answer(search, chosen, exact)


def _answer(search: _Search, chosen: frozenset, exact: bool) -> Found:
    """Which cycle each member breaks: the shortest hard cycle through it when it
    alone is dropped from the set."""
    search.state(chosen)
    cycles = []
    for v in sorted(chosen):
        _, cycle = search.look(chosen - {v}, chosen)
        cycles.append((v, tuple(rotated(cycle, v)) if cycle else ()))
    state, _ = search.look(chosen)
    left = sorted({k for cycle in search.stage.left_cycles(state) for k in cycle})
    return Found(tuple(sorted(chosen)), exact, tuple(cycles), tuple(left))
