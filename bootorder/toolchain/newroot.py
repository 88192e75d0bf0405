"""Ordering builds into a new root: hard constraints, tool constraints kept or left to the seed.

Works on package names (:class:`bootorder.graph.projection.Link` values) and a set of
*members* to order; :mod:`bootorder.toolchain.ordering` states the rules (its module docstring)
and gives the reasons. Here:

- :func:`hard_constraints`: ``DEPEND``/``RDEPEND`` paths between members, crossing
  non-members (the *support* packages, also returned);
- :func:`acyclic_hard`: implicit, then ``RDEPEND`` constraints that close a cycle are cut;
- :func:`soft_constraints`: ``BDEPEND``/``HOSTDEPEND`` between members, honoured unless
  the tool needs its dependent first (then the seed's tool builds it);
- :func:`kahn`: the order, ties by most waiting members, then name;
- :func:`plan_with_support`: the members' order with the support packages inserted.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace

import networkx as nx

from ..core.depclass import BUILD_TOOLS, NEEDED_IN_ROOT_FIRST
from ..graph.projection import Link


@dataclass(frozen=True, slots=True)
class Constraint:
    """``dependent`` after ``dependency`` (or not, if a soft edge was cut)."""

    dependent: str
    dependency: str
    kind: str
    link: Link
    through: tuple[str, ...]
    honoured: bool
    why: str

    def to_json(self) -> dict:
        return {"from": self.dependent, "to": self.dependency, "kind": self.kind,
                "class": self.link.edge.cls, "atom": self.link.edge.atom,
                "implicit": self.link.edge.implicit, "via": list(self.link.via),
                "through": list(self.through), "honoured": self.honoured, "why": self.why}


def hard_constraints(links: list[Link], members: dict) -> tuple[list, dict]:
    """Hard constraints between members (through support packages) and the support set.

    Breadth-first from each member over hard links, crossing only non-members: the
    first (shortest) path to each member it reaches is the constraint; every
    non-member met is a support package, with the links that first reached it.
    """
    hard_out: dict[str, list[Link]] = {}
    for link in links:
        if link.edge.cls in NEEDED_IN_ROOT_FIRST and link.source != link.dep:
            hard_out.setdefault(link.source, []).append(link)
    found, support = {}, {}
    for cp in members:
        seen, queue = {cp}, deque((link, ()) for link in hard_out.get(cp, []))
        while queue:
            link, through = queue.popleft()
            dep = link.dep
            if dep in members:
                if dep != cp and (cp, dep) not in found:
                    found[(cp, dep)] = (link, through)
                continue
            support.setdefault(dep, {}).setdefault(cp, link)
            if dep not in seen:
                seen.add(dep)
                queue.extend((nxt, through + (dep,)) for nxt in hard_out.get(dep, []))
    return [Constraint(a, b, "hard", link, through, True, "")
            for (a, b), (link, through) in sorted(found.items())], support


def acyclic_hard(hard: list[Constraint]) -> list[Constraint]:
    """Cut implicit, then RDEPEND, hard constraints that close a cycle (reported)."""
    kept: list[Constraint] = []
    g = nx.DiGraph()
    rank = lambda c: (c.link.edge.implicit, c.link.edge.cls == "RDEPEND",  # noqa: E731
                      c.dependent, c.dependency)
    result = []
    for c in sorted(hard, key=rank):
        if g.has_node(c.dependency) and g.has_node(c.dependent) and \
                nx.has_path(g, c.dependency, c.dependent):
            result.append(replace(c, honoured=False,
                                   why="cut: it closes a cycle of hard constraints"))
            continue
        g.add_edge(c.dependent, c.dependency)
        kept.append(c)
    return sorted(kept + result, key=lambda c: (c.dependent, c.dependency))


def heights(members: dict, hard: list[Constraint]) -> dict[str, int]:
    g = nx.DiGraph()
    g.add_nodes_from(members)
    g.add_edges_from((c.dependent, c.dependency) for c in hard if c.honoured)
    height: dict[str, int] = {}
    for cp in nx.topological_sort(g.reverse(copy=False)):
        height[cp] = 1 + max((height[d] for d in g.successors(cp)), default=-1)
    return height


def soft_constraints(links: list[Link], members: dict, hard: list[Constraint]) -> list:
    height = heights(members, hard)
    g = nx.DiGraph()
    g.add_nodes_from(members)
    g.add_edges_from((c.dependent, c.dependency) for c in hard if c.honoured)
    soft = {}
    for link in links:
        if link.edge.cls in BUILD_TOOLS and link.source in members and link.dep in members \
                and link.source != link.dep:
            soft.setdefault((link.source, link.dep), link)
    rank = lambda item: (height[item[0][1]], item[1].edge.implicit, item[0])  # noqa: E731
    result = []
    for (u, v), link in sorted(soft.items(), key=rank):
        if nx.has_path(g, v, u):
            path = nx.shortest_path(g, v, u)
            result.append(Constraint(u, v, "soft", link, (), False,
                                     f"the seed's {v} builds {u}: {v} needs {u} first ("
                                     + " → ".join(path) + ")"))
            continue
        g.add_edge(u, v)
        result.append(Constraint(u, v, "soft", link, (), True,
                                 f"the new {v} builds {u}"))
    return result


def constraint_graph(members: dict, constraints: list[Constraint]) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(members)
    g.add_edges_from((c.dependent, c.dependency) for c in constraints if c.honoured)
    return g


def kahn(dag: nx.DiGraph) -> tuple[list[str], dict[str, list[str]]]:
    """Dependencies first; ties by most (transitive) dependents, then name.

    ``dag`` has edges dependent → dependency. Returns the order and, for each package
    chosen while others were ready too, those others (what the tie-break decided).

    >>> kahn(nx.DiGraph([("mpfr", "gmp"), ("gcc", "mpfr"), ("gcc", "binutils")]))
    (['gmp', 'binutils', 'mpfr', 'gcc'], {'gmp': ['binutils'], 'binutils': ['mpfr']})

    Notes
    -----
    O(V·(V + E)) for the dependents counts, O(V log V + E) for the sort.
    """
    waiting = {cp: len(nx.ancestors(dag, cp)) for cp in dag}
    left = {cp: dag.out_degree(cp) for cp in dag}
    order, ties = [], {}
    ready = sorted(cp for cp, n in left.items() if n == 0)
    while ready:
        ready.sort(key=lambda cp: (-waiting[cp], cp))
        cp = ready.pop(0)
        if ready:
            ties[cp] = list(ready)
        order.append(cp)
        for dependent in sorted(dag.predecessors(cp)):
            left[dependent] -= 1
            if left[dependent] == 0:
                ready.append(dependent)
    return order, ties


def plan_with_support(order: list[str], support: dict, links: list[Link]) -> list[str]:
    """The toolchain order with the support packages inserted where they are needed.

    Kahn over toolchain and support packages: the toolchain keeps its order (each
    member after the previous one), hard links involving a support package are
    respected unless they close a cycle (``RDEPEND`` first, then implicit, then the
    rest are cut: e.g. glibc RDEPENDs libidn2, which links glibc). Among ready
    packages, the one needed by the earliest toolchain member goes first, then names.
    """
    nodes = set(order) | set(support)
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from((b, a) for a, b in zip(order, order[1:]))
    extra = sorted((l for l in links if l.edge.cls in NEEDED_IN_ROOT_FIRST and l.source != l.dep
                    and l.source in nodes and l.dep in nodes
                    and (l.source in support or l.dep in support)),
                   key=lambda l: (l.edge.cls == "RDEPEND", l.edge.implicit, l.source, l.dep))
    for link in extra:
        if not nx.has_path(g, link.dep, link.source):
            g.add_edge(link.source, link.dep)
    first = {cp: i for i, cp in enumerate(order)}
    for cp in support:
        users = [first[m] for m in nx.ancestors(g, cp) if m in first]
        first[cp] = min(users, default=len(order))
    return list(nx.lexicographical_topological_sort(
        g.reverse(copy=False), key=lambda cp: (first[cp], cp not in support, cp)))
