"""Text of a bootstrap plan: feedback sets, ``bootstrap-*`` copies, the order, what is left."""
from __future__ import annotations

from ..bootstrap.synthesis import (
    BootstrapPackage,
    BootstrapPlan,
    bootstrap_dependents,
    plan_schedule,
    remaining_hard_cycles,
)
from .notation import at

__all__ = ["format_plan"]


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
