"""Text of a bootstrap plan: feedback sets, ``bootstrap-*`` copies, the order, what is left
(:func:`format_plan`, a graph-level :class:`~bootorder.bootstrap.synthesis.BootstrapPlan`),
and of a build without a seed (:func:`format_seedless`, ``bootorder bootstrap``: the
``bootstrap-*`` steps of ``bootorder plan bootstrap`` and the stage after them)."""
from __future__ import annotations

from ..bootstrap.synthesis import (
    BootstrapPackage,
    BootstrapPlan,
    bootstrap_dependents,
    plan_schedule,
    remaining_hard_cycles,
)
from .notation import at

from ..core.display import register_html
from .html import table

__all__ = ["format_plan", "format_seedless", "seedless_json", "seedless_html"]

SHOWN = 8
"""Dependents of a pre-built package named in the text (the JSON has all)."""


def _uses_text(plan: BootstrapPlan, p: BootstrapPackage) -> list[str]:
    """What the copy is used for: building (build edges), installing (``IDEPEND``)."""
    lines = []
    for verb, install in (("build", False), ("install", True)):
        users = sorted({e.source.cpv for e in plan.redirected
                        if e.dep == p.real and (e.cls == "IDEPEND") == install})
        if users:
            lines.append(f"    used to {verb} " + ", ".join(users))
    return lines


def format_plan(plan: BootstrapPlan) -> str:
    """Text: each component's feedback set, each bootstrap package, the plan's order."""
    lines = []
    if plan.use_changes:
        lines.append("USE changes applied first (the smallest the profile allows): "
                     + ", ".join(str(f) for f in plan.use_changes))
    for fs in plan.feedback:
        how = "minimum" if fs.exact else f"heuristic, minimum >= {fs.lower_bound}"
        lines.append(f"cycle component of {len(fs.component)} packages: pre-build "
                     + ", ".join(k.cpv for k in fs.nodes) + f" ({how})")
    if not plan.feedback:
        lines.append(f"no hard build cycle (scope {plan.scope}): nothing to bootstrap")
    for fs in plan.through_runtime:
        how = "minimum" if fs.exact else f"heuristic, minimum >= {fs.lower_bound}"
        lines.append(f"hard cycles through runtime edges, component of {len(fs.component)} "
                     "packages: also pre-build " + ", ".join(k.cpv for k in fs.nodes)
                     + f" ({how})")
    for p in plan.packages:
        lines.append(f"{at(p.key)} breaks "
                     + " → ".join(k.cpv for k in p.cycle + p.cycle[:1]))
        lines += [f"    {line}" for line in p.differs]
        lines += _uses_text(plan, p)
    order, left = plan_schedule(plan)
    lines.append("plan:")
    lines += [f"  {i:3}. {at(k)}" for i, k in enumerate(order, 1)]
    if left:
        lines.append("edges the USE changes remove (they would close cycles):" if plan.use_changes
                     else "cycles left to USE changes (see bootorder cycles --suggest-use):")
        lines += [f"    {e.source.cpv} -> {e.dep.cpv} [{e.cls} {e.use_text()} {e.atom}]"
                  for e in left]
    left_hard = remaining_hard_cycles(plan)
    lines.append("build_order finds no hard cycle in the plan" if not left_hard else
                 f"{left_hard} hard cycle(s) left (see `bootorder cycles`): through USE "
                 "changes not made, or without a build or IDEPEND edge a bootstrap copy "
                 "could take over (hard only through := RDEPEND/PDEPEND edges)")
    bad = bootstrap_dependents(plan)
    lines.append("nothing in the final system depends on a bootstrap package" if not bad else
                 "final system depends on bootstrap packages: "
                 + ", ".join(f"{e.source.cpv} -> {e.dep.cpv}" for e in bad))
    return "\n".join(lines)


def _edge_text(e) -> str:
    return f"{e.source.cpv} {e.cls} {e.atom}" + (" (implicit)" if e.implicit else "")


def _step_lines(step) -> list[str]:
    lines = [f"{step.name}: {step.key.cpv} into / breaks "
             + " → ".join(k.cpv for k in step.cycle + step.cycle[:1])]
    if step.implicit:
        lines.append("    only the implicit toolchain model needs it: "
                     + "; ".join(_edge_text(e) for e in step.implicit))
    lines += [f"    {line}" for line in step.differs()]
    if step.needs:
        lines.append("    earlier steps provide " + ", ".join(k.cpv for k in step.needs))
    lines.append(f"    the host provides (--nodeps): {step.host_tools()}"
                 + (", " + ", ".join(step.host_needs) if step.host_needs else ""))
    users = sorted({e.source.cpv for e in step.served})
    if users:
        shown = ", ".join(users[:SHOWN]) + (f" and {len(users) - SHOWN} more"
                                             if len(users) > SHOWN else "")
        lines.append(f"    serves {len(users)} packages of the stage: {shown}")
    lines.append("    the stage builds it again into the target root" if step.rebuilt
                 else "    stays host-built (the target root does not get it)")
    return lines


def format_seedless(found) -> str:
    """Text of a :class:`~bootorder.bootstrap.seedless.SeedlessBootstrap`: the hard
    components, each step, the stage's order and what is left."""
    lines = []
    if found.use_changes:
        lines.append("USE changes applied first (the smallest the profile allows): "
                     + ", ".join(str(f) for f in found.use_changes))
    how = "minimum" if found.exact else "heuristic, not proven minimum"
    for comp in found.components:
        members = set(comp)
        chosen = sorted({s.key.cpv for s in found.steps
                         if s.key in members or members.intersection(s.cycle)})
        lines.append(f"hard cycle component of {len(comp)} packages in /: pre-build "
                     + (", ".join(chosen) or "nothing") + f" ({how})")
    if not found.components:
        lines.append(f"no hard build cycle (scope {found.scope}): nothing to bootstrap")
    for step in found.steps:
        lines += _step_lines(step)
    merges = found.merges()
    lines.append(f"plan: {len(found.steps)} bootstrap steps, then the stage "
                 f"({len(merges)} packages):")
    lines += [f"  {i:3}. {s.cpv} (host)" for i, s in enumerate(found.steps, 1)]
    lines += [f"  {i:3}. {k.cpv} ({k.root})" for i, k in enumerate(merges, len(found.steps) + 1)]
    lines.append("build_order finds no hard cycle in the plan" if not found.left else
                 f"{len(found.left)} hard cycle(s) left, no bootstrap step breaks them: "
                 + "; ".join(" → ".join(k.cpv for k in c) for c in found.left))
    bad = found.final_dependents()
    lines.append("nothing in the final system depends on a bootstrap package" if not bad else
                 "final system depends on bootstrap packages: "
                 + ", ".join(f"{e.source.cpv} -> {e.dep.cpv}" for e in bad))
    return "\n".join(lines)


def seedless_json(found, plan) -> dict:
    """``bootorder bootstrap --json``: the SeedlessBootstrap's keys and the plan it is
    a view of (``plan``: plan.json)."""
    return {**found.to_json(), "plan": plan.to_json()}


def seedless_html(found) -> str:
    """A :class:`~bootorder.bootstrap.seedless.SeedlessBootstrap` as a table of steps
    (registered for Jupyter when this module is imported)."""
    rows = [(s.name, s.key.cpv, " → ".join(k.cpv for k in s.cycle + s.cycle[:1]),
             "; ".join(_edge_text(e) for e in s.implicit) or "emerge needs it",
             "rebuilt" if s.rebuilt else "host-built") for s in found.steps]
    return table(("step", "package", "breaks", "why", "after the stage"), rows,
                 caption=f"{len(found.steps)} bootstrap steps, then the stage "
                         f"({len(found.merges())} packages)")


register_html("bootorder.bootstrap.seedless.SeedlessBootstrap", seedless_html)
