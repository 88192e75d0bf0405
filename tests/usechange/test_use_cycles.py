"""bootorder.usechange.use_cycles: the components whose cycles USE flips must break
(strongly connected components, merged when they share a package), the cycles kept
per component (only those with a hard link, minimal flip sets), their lazy growth while
solving, and what is left; on a small stand-in for suggestion's problem (tables)."""
from __future__ import annotations

import pytest

from bootorder.core.usechange import UseChange
from bootorder.graph.depgraph import NodeKey
from bootorder.usechange.use_cycles import canonical, components, cycle_links, set_key

F = frozenset
A, B, C, D = (NodeKey(f"x/{n}-1", "host") for n in "abcd")
A_T = NodeKey("x/a-1", "target")


def off(cpv_name: str, flag: str) -> frozenset[UseChange]:
    return F({UseChange(f"x/{cpv_name}-1", flag, False)})


class Problem:
    """A FlipProblem: ``options[link]`` the minimal flip sets removing a link, ``hard``
    the links with a hard edge; every flip costs 1 unless ``forbidden`` (then inf)."""

    def __init__(self, options: dict, hard, forbidden=frozenset()):
        self.options = options
        self.links = {link: [] for link in options}
        self.hard = set(hard)
        self.forbidden = F().union(*forbidden) if forbidden else F()

    def cost(self, flips):
        return float("inf") if flips & self.forbidden else len(flips)

    package_cost = cost

    def link_broken(self, link, flips):
        return any(option <= flips for option in self.options[link])

    def applied(self, flips):
        return flips


@pytest.mark.parametrize("cycle, expected", [
    ([B, C, A], (A, B, C)),
    ([C, A, B], (A, B, C)),
    ([A], (A,)),
    ([A_T, A], (A, A_T)),              # NodeKey order: cpv, then root
])
def test_canonical(cycle, expected):
    assert canonical(cycle) == expected


def test_cycle_links():
    assert cycle_links((A, B, C)) == [(A, B), (B, C), (C, A)]
    assert cycle_links((A,)) == [(A, A)]


def test_set_key_orders_by_size_then_flips():
    sets = [off("b", "y") | off("c", "z"), off("c", "z"), off("a", "x")]
    assert sorted(sets, key=set_key) == [off("a", "x"), off("c", "z"),
                                         off("b", "y") | off("c", "z")]


@pytest.mark.parametrize("links, expected", [
    # one strongly connected component
    ([(A, B), (B, A), (B, C), (C, B)], [[(A, B), (B, A), (B, C), (C, B)]]),
    # two, sorted by their least package
    ([(C, D), (D, C), (A, B), (B, A)], [[(A, B), (B, A)], [(C, D), (D, C)]]),
    # two sharing x/a-1 (a flip serves both of its instances): solved together
    ([(A, B), (B, A), (A_T, C), (C, A_T)], [[(A, B), (A_T, C), (B, A), (C, A_T)]]),
    # a link between components is in no cycle: left out
    ([(A, B), (B, A), (B, C)], [[(A, B), (B, A)]]),
    ([(A, B)], []),
])
def test_components(links, expected):
    problem = Problem({link: () for link in links}, hard=links)
    assert [sorted(c.digraph.edges) for c in components(problem)] == expected


def test_add_cycle_keeps_cycles_with_a_hard_link_and_minimal_options():
    problem = Problem({(A, B): (off("a", "x"),), (B, A): (off("a", "x") | off("b", "y"),),
                       (B, C): (), (C, B): (), (C, D): (off("c", "q"),), (D, C): (),
                       (A, D): (off("a", "w"),), (D, A): ()},
                      hard={(A, B), (B, C), (D, C)}, forbidden=[off("c", "q")])
    (comp,) = components(problem)
    assert comp.add_cycle((B, A)) is True                  # stored rotated: (A, B)
    assert comp.cycles == {(A, B): (off("a", "x"),)}        # the superset is not minimal
    assert comp.add_cycle((A, B)) is False                 # seen already
    assert comp.add_cycle((A, D)) is False                 # no hard link: nothing to break
    assert comp.add_cycle((B, C)) is False                 # hard, no option: unbreakable
    assert comp.add_cycle((D, C)) is False                 # its only option is forbidden
    assert comp.unbreakable == {(B, C), (C, D)}
    assert list(comp.cycles) == [(A, B)]


def test_solve_grows_the_cycles_it_needs_and_leaves_nothing():
    problem = Problem({(A, B): (off("a", "x"),), (B, A): (),
                       (B, C): (off("b", "y"), off("c", "z")), (C, B): ()},
                      hard={(A, B), (B, C)})
    (comp,) = components(problem)
    assert comp.cycles == {}
    comp.solve(exact_max_flips=10, node_budget=1000)
    assert comp.cycles == {(A, B): (off("a", "x"),),
                           (B, C): (off("b", "y"), off("c", "z"))}
    assert (comp.chosen, comp.exact, comp.lower_bound) == (off("a", "x") | off("b", "y"), True, 2)
    assert comp.violations(comp.chosen) == [] and comp.leftover(comp.chosen) == []


def test_a_flip_breaking_a_shared_link_serves_both_cycles():
    problem = Problem({(A, B): (off("a", "x"),), (B, A): (), (B, C): (), (C, A): ()},
                      hard={(B, A), (C, A)})
    (comp,) = components(problem)
    comp.solve(exact_max_flips=10, node_budget=1000)
    assert comp.chosen == off("a", "x") and list(comp.cycles) == [(A, B)]
    assert comp.residual(comp.chosen).edges == {(B, A), (B, C), (C, A)}
    assert comp.leftover(comp.chosen) == []


def test_violations_detour_through_a_hard_link():
    """The shortest cycle through the breakable a -> b (a, b) holds no hard link; the
    first one through it and the hard b -> c does: (b, c, a)."""
    problem = Problem({(A, B): (off("a", "x"),), (B, A): (), (B, C): (), (C, A): ()},
                      hard={(B, C)})
    (comp,) = components(problem)
    assert comp.violations(F()) == [(B, C, A)]
    assert comp.violations(off("a", "x")) == []


def test_leftover_names_each_hard_cycle_no_flip_breaks():
    problem = Problem({(A, B): (), (B, A): (), (C, D): (off("c", "q"),), (D, C): ()},
                      hard={(A, B), (C, D)})
    comps = components(problem)
    for comp in comps:
        comp.solve(exact_max_flips=10, node_budget=1000)
    assert [(comp.chosen, comp.leftover(comp.chosen)) for comp in comps] == [
        (F(), [(A, B)]),                                  # no option: left as it is
        (off("c", "q"), [])]
