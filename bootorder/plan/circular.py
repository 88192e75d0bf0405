"""The cycles a step run in ``/`` meets, each broken by the fewest USE changes.

catalyst's stage 3 rebuilds everything stage 1 left in ``/`` (``emerge --emptytree``):
emerge may build a package before one of its build-time dependencies only when an
*installed* package satisfies that dependency (portage's ``satisfied`` priority,
``DepPrioritySatisfiedRange``), and an installed package satisfies a ``dep[flag]``
atom only when it was built with the flag. Stage 1 built with ``USE="-* build ..."``,
so the cycles its ``-*`` hid come back in stage 3 (Gentoo releng keeps them broken by
hand in ``package.use/releng/circular``).

:func:`cycle_findings` gives those cycles as :class:`~bootorder.usechange.checks.Finding`
values for :func:`bootorder.plan.fixes.derive_fixes`: it asks
:func:`bootorder.usechange.suggestion.suggest_use` (``cycles --suggest-use``) for the
smallest set of USE flips breaking every hard cycle of the step's graph, with each
edge's priority taken from :func:`bootorder.order.priority.edge_priority` and its
*satisfied* (and *optional*, for an any-of group one of whose other alternatives is
installed) from what the root holds (:class:`bootorder.plan.state.Held`). Each flip is
one finding (a ``package.use`` line for the package's ``cat/pkg``: catalyst applies it
for the whole stage, as releng does); a cycle no flip breaks is a finding without a
change (the plan is incomplete).

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph()
>>> a = g.add_package("x/a-1", "host", use=frozenset({"f"}), target=True)
>>> b = g.add_package("x/b-1", "host")
>>> g.add_dep(a, b, "BDEPEND", atom="x/b", use=("f",))
>>> g.add_dep(b, a, "BDEPEND", atom="x/a")
>>> [f.changes[0].line() for f in cycle_findings(g, None, held=NOTHING_HELD)]
['x/a -f']
"""
from __future__ import annotations

from dataclasses import replace

from ..core.problems import Problem
from ..core.usechange import UseChange
from ..order.priority import edge_priority
from ..syntax.version import cp_of
from ..usechange.checks import Finding
from ..usechange.constraints import config_constraints
from ..usechange.suggestion import suggest_use

__all__ = ["cycle_findings", "step_priority", "NOTHING_HELD"]


class _NothingHeld:
    """A root that holds nothing: no edge is satisfied."""

    def satisfies(self, atom_text: str, parent_use=frozenset()) -> bool:
        return False

    def versions(self, cp: str) -> tuple[str, ...]:
        return ()


NOTHING_HELD = _NothingHeld()


def step_priority(graph, held):
    """``priority(edge)``: emerge's priority of an edge of ``graph`` (every node to be
    built) in a root that holds ``held``."""
    def priority(edge):
        base = edge_priority(graph, edge, {})
        parent_use = frozenset(graph.node(edge.source)["use"])
        optional = base.optional or any(held.satisfies(alt) for alt in edge.not_taken
                                        if " " not in alt.strip())
        return replace(base, satisfied=held.satisfies(edge.atom, parent_use),
                       optional=optional)
    return priority


def _cycle_text(graph, cycle, held) -> str:
    """``a CLASS atom [flag?] -> b ... -> a``, and for an atom whose package is installed
    but does not satisfy it, which version is installed."""
    parts = []
    for i, node in enumerate(cycle):
        dep = cycle[(i + 1) % len(cycle)]
        edge = next(e for e in graph.edges(node) if e.dep == dep)
        cond = f" [{' '.join(edge.use)}?]" if edge.use else ""
        have = held.versions(cp_of(dep.cpv))
        unmet = f" (installed {', '.join(have)} does not satisfy it)" if have and not \
            held.satisfies(edge.atom, frozenset(graph.node(node)["use"])) else ""
        parts.append(f"{node.cpv} {edge.cls} {edge.atom}{cond}{unmet}")
    return " -> ".join(parts) + f" -> {cycle[0].cpv}"


def cycle_findings(graph, config, held) -> list[Finding]:
    """The hard cycles of ``graph`` (a step's, under ``config``; None: no constraints)
    in a root holding ``held``, as findings (see the module docstring)."""
    constraints = config_constraints(graph, config) if config is not None else None
    answer = suggest_use(graph, constraints, priority=step_priority(graph, held))
    found = []
    for change in answer.changes:
        cycle = answer.cycles[change.breaks[0]] if change.breaks else ()
        flip = change.change
        cp = cp_of(flip.package)
        text = _cycle_text(graph, cycle, held) if cycle else "(REQUIRED_USE of a flip)"
        problem = Problem("circular-dependency", flip.package, text,
                          tuple(k.cpv for k in cycle),
                          "a build cycle nothing installed breaks", "")
        found.append(Finding(problem, (UseChange(cp, flip.flag, flip.enable),)))
    for cycle in answer.unbreakable:
        found.append(Finding(Problem(
            "circular-dependency", cycle[0].cpv, _cycle_text(graph, cycle, held),
            tuple(k.cpv for k in cycle), "a build cycle no USE change breaks",
            "break it by hand (build one package of the cycle first, with a flag off)")))
    return found
