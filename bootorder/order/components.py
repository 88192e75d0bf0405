"""Strongly connected components of a graph that loses nodes, kept up to date.

The scheduler (:mod:`bootorder.order.schedule`) places packages one at a time, and each
time it is stuck it needs the *sink* components of what is left (packages that only
wait on each other). Recomputing them from scratch at every stall costs the whole
graph each time. :class:`ShrinkingComponents` keeps them instead, on plain adjacency
(nodes are integers, ``successors(v)`` the live successors of ``v``):

- removing a node can only split *its own* component: every other component stays
  strongly connected, because no cycle among its members ran through the removed
  node (a cycle through it would have put it in that component);
- a component is a sink when none of its edges leaves it, so each component counts its
  edges to the outside; removing a node only lowers the counts of the components of
  its dependents, and one that reaches zero has become a sink.

So a component is re-split (Tarjan, restricted to its remaining members) only after it
lost a member, and only when the scheduler asks for the sinks again.

>>> succ = {0: [1], 1: [0], 2: [0]}
>>> live = {0, 1, 2}
>>> comps = ShrinkingComponents(3, lambda v: [w for w in succ[v] if w in live])
>>> [comps.members[c] for c in comps.new_sinks(live.__contains__)]
[[0, 1]]
>>> live.discard(0); comps.remove(0, [1, 2])
>>> sorted(comps.members[c] for c in comps.new_sinks(live.__contains__))
[[1], [2]]
"""
from __future__ import annotations

from typing import Callable, Iterable

__all__ = ["ShrinkingComponents", "strong_components"]


def strong_components(nodes: Iterable[int],
                      successors: Callable[[int], Iterable[int]]) -> list[list[int]]:
    """The strongly connected components of the graph ``successors`` spans over
    ``nodes`` (Tarjan's algorithm, iterative), each a list, in reverse topological order
    (a component comes before every component that reaches it).

    >>> strong_components([0, 1, 2, 3], {0: [1], 1: [2], 2: [1], 3: [3]}.get)
    [[2, 1], [0], [3]]

    Notes
    -----
    O(V + E). ``successors`` must only return nodes of ``nodes``.
    """
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    found: list[list[int]] = []
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(successors(root)))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors(child))))
                    break
                if child in on_stack and index[child] < low[node]:
                    low[node] = index[child]
            else:
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    found.append(component)
    return found


class ShrinkingComponents:
    """The components of a graph of ``count`` nodes whose nodes are removed one by one
    (see the module docstring). ``successors(v)`` gives the live successors of a live
    node, at every moment; the caller removes nodes with :meth:`remove`.

    ``members[c]`` (sorted) and ``component[v]`` describe the components known to be
    current; :meth:`new_sinks` brings them up to date.
    """

    def __init__(self, count: int, successors: Callable[[int], Iterable[int]]):
        self._successors = successors
        self.component = [-1] * count
        self.members: dict[int, list[int]] = {}
        self._outside: dict[int, int] = {}
        self._dirty: set[int] = set()
        self._sinks: list[int] = []
        self._next_id = 0
        self._form(list(range(count)))

    def _form(self, nodes: list[int]) -> None:
        """Split ``nodes`` (the remaining members of changed components) anew."""
        inside = set(nodes)
        made = []
        for found in strong_components(
                nodes, lambda v: [w for w in self._successors(v) if w in inside]):
            cid, self._next_id = self._next_id, self._next_id + 1
            self.members[cid] = sorted(found)
            for node in found:
                self.component[node] = cid
            made.append(cid)
        component = self.component
        for cid in made:
            outside = sum(1 for v in self.members[cid] for w in self._successors(v)
                          if component[w] != cid)
            self._outside[cid] = outside
            if not outside:
                self._sinks.append(cid)

    def remove(self, node: int, dependents: Iterable[int]) -> None:
        """``node`` left the graph; ``dependents``: the source of each of its live
        in-edges (one per edge) just before."""
        own = self.component[node]
        self._dirty.add(own)
        for source in dependents:
            cid = self.component[source]
            if cid != own:
                self._outside[cid] -= 1
                if not self._outside[cid] and cid not in self._dirty:
                    self._sinks.append(cid)

    def new_sinks(self, live: Callable[[int], bool]) -> list[int]:
        """Bring the components up to date (``live(v)``: ``v`` is still in the graph)
        and return the sink components that appeared since the last call."""
        if self._dirty:
            left = []
            for cid in sorted(self._dirty):
                left.extend(v for v in self.members.pop(cid) if live(v))
                del self._outside[cid]
            self._dirty = set()
            self._form(sorted(left))
        sinks, self._sinks = self._sinks, []
        return [cid for cid in sinks if cid in self.members]
