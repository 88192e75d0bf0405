"""Minimum-cost covers: choose items so that every constraint has an option inside.

A *constraint* is a tuple of *options*, each a frozenset of items; a chosen set
satisfies it when it contains one of the options (a hitting set when every option
has one item). The cost of a chosen set is the sum over its *groups* (``group(item)``)
of ``group_cost(items of that group)``: monotone (a superset never costs less), at least
the number of items, ``inf`` when forbidden. Items of one group are solved together.

:func:`solve_cover`:

1. drops constraints implied by another (every option of A contains an option of B:
   satisfying A satisfies B);
2. splits the rest into independent parts (constraints sharing an item or a group);
3. per part: a greedy upper bound (the option satisfying most constraints per unit of
   added cost), then, for parts of at most ``exact_max_items`` items or where the
   greedy got stuck on forbidden combinations, branch-and-bound
   (branch on the options of the unsatisfied constraint with fewest options; bound
   ``max(cost, |chosen| + packing)``, *packing* = unsatisfied constraints with
   pairwise disjoint remaining items) within ``node_budget`` nodes;
4. drops chosen items no constraint needs (never raising the cost).

The answer is exact when every part finished its search; ``lower_bound`` is then the
cost, else the sum of finished parts' costs and other parts' packing bounds.

>>> cons = [(frozenset("a"), frozenset("b")), (frozenset("b"), frozenset("c")), (frozenset("c"),)]
>>> r = solve_cover(cons, lambda item: item, len)
>>> sorted(r.chosen), r.exact, r.lower_bound
(['a', 'c'], True, 2)
"""
from __future__ import annotations

from typing import Callable, Hashable, NamedTuple, Sequence

INF = float("inf")

Option = frozenset
Constraint = tuple


class Cover(NamedTuple):
    """The chosen items, whether the search proved them minimum, and a lower bound."""

    chosen: frozenset
    exact: bool
    lower_bound: int


class _Budget(Exception):
    pass


def _sat(options: Constraint, chosen: frozenset) -> bool:
    return any(o <= chosen for o in options)


def _key(option: Option) -> tuple:
    return (len(option), sorted(option))


def reduce_constraints(cons: Sequence[Constraint]) -> list[Constraint]:
    """Distinct constraints, without those another implies (sorted, deterministic).

    >>> reduce_constraints([(frozenset("a"), frozenset("b")), (frozenset("a"),)])
    [(frozenset({'a'}),)]
    """
    unique = sorted({tuple(sorted(set(c), key=_key)) for c in cons},
                    key=lambda c: (len(c), [_key(o) for o in c]))
    by_item: dict = {}
    kept: list[Constraint] = []
    for c in unique:
        if not _implied(c, kept, by_item):
            for o in c:
                for item in o:
                    by_item.setdefault(item, []).append(len(kept))
            kept.append(c)
    return kept


def _implied(c: Constraint, kept: list[Constraint], by_item: dict) -> bool:
    """Whether some kept constraint B has, for every option of B, ... (B implies c):
    every option of B contains an option of c."""
    near = {i for o in c for item in o for i in by_item.get(item, ())}
    return any(all(any(oc <= ob for oc in c) for ob in kept[i]) for i in near)


def _parts(cons: list[Constraint], group: Callable) -> list[list[Constraint]]:
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for c in cons:
        nodes = [("g", group(item)) for o in c for item in o]
        for other in nodes[1:]:
            parent[find(other)] = find(nodes[0])
    parts: dict = {}
    for c in cons:
        parts.setdefault(find(("g", group(next(iter(c[0]))))), []).append(c)
    return [parts[k] for k in sorted(parts, key=lambda k: cons.index(parts[k][0]))]


def _packing(cons: list[Constraint], rest: list[int], chosen: frozenset) -> int:
    universes = sorted(((frozenset().union(*cons[i]) - chosen, i) for i in rest),
                       key=lambda u: (len(u[0]), u[1]))
    used: set = set()
    count = 0
    for universe, _ in universes:
        if not universe & used:
            used |= universe
            count += 1
    return count


class _Costs:
    """Costs additive over groups, memoised per group; a state is ``(chosen, by_group,
    cost)``."""

    def __init__(self, group: Callable, group_cost: Callable):
        self.group = group
        self.group_cost = group_cost
        self._memo: dict = {}

    def of(self, items: frozenset) -> float:
        if items not in self._memo:
            self._memo[items] = self.group_cost(items) if items else 0
        return self._memo[items]

    def split(self, items) -> dict:
        out: dict = {}
        for item in items:
            out.setdefault(self.group(item), set()).add(item)
        return out

    def state(self, chosen: frozenset) -> tuple:
        by = {g: frozenset(s) for g, s in self.split(chosen).items()}
        return chosen, by, sum(self.of(s) for s in by.values())

    def grow(self, state: tuple, option: Option) -> tuple:
        chosen, by, cost = state
        if option <= chosen:
            return state
        by = dict(by)
        for g, add in self.split(option - chosen).items():
            old = by.get(g, frozenset())
            by[g] = old | add
            cost += self.of(by[g]) - self.of(old)
        return chosen | option, by, cost


def _greedy(cons: list[Constraint], costs: _Costs) -> frozenset:
    touching: dict = {}
    for i, c in enumerate(cons):
        for o in c:
            for item in o:
                touching.setdefault(item, set()).add(i)
    order = sorted({o for c in cons for o in c}, key=_key)
    state = costs.state(frozenset())
    unsat = set(range(len(cons)))
    while unsat:
        best = None
        for option in order:
            near = {i for item in option for i in touching[item]} & unsat
            if not near or option <= state[0]:
                continue
            grown = costs.grow(state, option)
            delta = grown[2] - state[2]
            if delta == INF:
                continue
            gain = sum(_sat(cons[i], grown[0]) for i in near)
            score = (-gain / max(delta, 0.5), delta)
            if gain and (best is None or score < best[0]):
                best = (score, grown)
        if best is None:
            return state[0]
        state = best[1]
        unsat = {i for i in unsat if not _sat(cons[i], state[0])}
    return state[0]


def _branch_and_bound(cons: list[Constraint], costs: _Costs, upper: frozenset,
                      budget: int) -> tuple[frozenset, bool]:
    top = costs.state(upper)[2] if all(_sat(c, upper) for c in cons) else INF
    best = [upper, top]
    visited: set = set()
    nodes = [0]

    def dfs(state: tuple, rest: list[int]) -> None:
        nodes[0] += 1
        if nodes[0] > budget:
            raise _Budget
        chosen, _, here = state
        rest = [i for i in rest if not _sat(cons[i], chosen)]
        if not rest:
            if here < best[1]:
                best[:] = [chosen, here]
            return
        if max(here, len(chosen) + _packing(cons, rest, chosen)) >= best[1]:
            return
        pivot = min(rest, key=lambda i: (len(cons[i]), i))
        for option in cons[pivot]:
            grown = costs.grow(state, option)
            if grown[0] not in visited and grown[2] < best[1]:
                visited.add(grown[0])
                dfs(grown, rest)

    try:
        dfs(costs.state(frozenset()), list(range(len(cons))))
    except _Budget:
        return best[0], False
    finally:
        dfs = None  # noqa: F841 -- it calls itself: a cycle holding the costs (and the graph)
    return best[0], True


def _minimise(cons: list[Constraint], costs: _Costs, chosen: frozenset) -> frozenset:
    for item in sorted(chosen):
        smaller = chosen - {item}
        if all(_sat(c, smaller) for c in cons) and \
                costs.state(smaller)[2] <= costs.state(chosen)[2]:
            chosen = smaller
    return chosen


def solve_cover(cons: Sequence[Constraint], group: Callable[[Hashable], Hashable],
                group_cost: Callable[[frozenset], float], *, exact_max_items: int = 64,
                node_budget: int = 100_000) -> Cover:
    """A minimum-cost set satisfying every constraint (see the module docstring).

    ``group_cost(items)`` is the cost of the chosen items of one group (monotone, at
    least ``len(items)``, ``inf`` when forbidden); the cost of a set is the sum over
    its groups. Constraints no allowed option can satisfy must be left out by the
    caller; a part with no satisfying set found keeps what the greedy chose.

    Notes
    -----
    Reduction O(C * d) set tests (d: constraints sharing an item); greedy O(rounds *
    options * d); branch-and-bound exponential in the items of a part, capped by
    ``node_budget`` (each node O(C) set tests). Group costs are memoised.
    """
    costs = _Costs(group, group_cost)
    chosen: set = set()
    exact, bound = True, 0
    for part in _parts(reduce_constraints(cons), group):
        upper = _greedy(part, costs)
        items = {item for c in part for o in c for item in o}
        finished = False
        stuck = not all(_sat(c, upper) for c in part)
        if len(items) <= exact_max_items or stuck:
            upper, finished = _branch_and_bound(part, costs, upper, node_budget)
            finished = finished and len(items) <= exact_max_items
        found = _minimise(part, costs, upper)
        chosen |= found
        exact = exact and finished
        bound += int(costs.state(found)[2]) if finished else \
            _packing(part, list(range(len(part))), frozenset())
    return Cover(frozenset(chosen), exact, bound)
