"""bootorder.bootstrap.synthesis with emerge as the oracle: every ebuild set emerge
cannot build for its cycles builds once written out as the synthesized plan, each
bootstrap copy merged before its real package."""
from __future__ import annotations

import pytest
from bootstrap_strategies import (
    FOUNDING_EBUILDS,
    LOCALE_GEN_EBUILDS,
    RUNTIME_EBUILDS,
    XZ_EBUILDS,
    graph_of,
)

from bootorder.bootstrap.synthesis import synthesize_bootstrap


def ebuilds_of(plan) -> dict:
    """The plan as ebuilds: every edge an exact ``=cpv`` atom of its class (``:=`` kept)."""
    out = {}
    for key in plan.graph.nodes():
        meta: dict[str, list[str]] = {}
        for e in plan.graph.edges(key):
            slot_op = ":=" if e.slot_operator == "=" else ""
            meta.setdefault(e.cls, []).append(f"={e.dep.cpv}{slot_op}")
        out[key.cpv] = {cls: " ".join(sorted(atoms)) for cls, atoms in meta.items()}
    return out


def merged(output: str) -> list[str]:
    """cpvs of emerge's merge list, in its order."""
    import re
    return re.findall(r"^\[ebuild[^\]]*\] ([^ :]+)", output, flags=re.M)


@pytest.mark.emerge
@pytest.mark.parametrize("ebuilds,target", [(FOUNDING_EBUILDS, "sys-devel/gcc"),
                                            (XZ_EBUILDS, "dev-libs/gmp"),
                                            (RUNTIME_EBUILDS, "app-misc/world"),
                                            (LOCALE_GEN_EBUILDS, "app-misc/world")])
def test_emerge_builds_the_plan_it_could_not_build_before(ebuilds, target):
    from emerge_oracle import run_emerge
    before = run_emerge(ebuilds, [target])
    assert "circular dependencies" in before
    plan = synthesize_bootstrap(graph_of(ebuilds), scope="all")
    after = run_emerge(ebuilds_of(plan), [f"={plan.graph.find(target)[0].cpv}"])
    assert "circular dependencies" not in after, after
    order = merged(after)
    assert sorted(order) == sorted(k.cpv for k in plan.graph.nodes()), after
    for p in plan.packages:                       # each copy before its real package
        assert order.index(p.key.cpv) < order.index(p.real.cpv)
