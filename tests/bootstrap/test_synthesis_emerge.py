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

from bootorder.bootstrap.synthesis import (
    bootstrap_for,
    remaining_hard_cycles,
    synthesize_bootstrap,
)


def ebuilds_of(plan) -> dict:
    """The plan as ebuilds: every edge an exact ``=cpv`` atom of its class (``:=`` kept),
    ``SLOT`` as the node's. An ebuild serves every instance of its package, so where one
    instance's atom was taken over by a bootstrap copy, the ebuild names the copy."""
    copies = {p.key for p in plan.packages}
    atoms: dict[str, dict[tuple[str, str], str]] = {}
    slots = {}
    for key in plan.graph.nodes():
        d = plan.graph.node(key)
        slots[key.cpv] = (d["slot"] or "") + (f"/{d['subslot']}" if d["subslot"] else "")
        mine = atoms.setdefault(key.cpv, {})
        for e in plan.graph.edges(key):
            text = f"={e.dep.cpv}{':=' if e.slot_operator == '=' else ''}"
            if (e.cls, e.atom) not in mine or e.dep in copies:
                mine[(e.cls, e.atom)] = text
    out = {}
    for cpv, deps in atoms.items():
        meta: dict[str, list[str]] = {}
        for (cls, _), text in deps.items():
            meta.setdefault(cls, []).append(text)
        out[cpv] = {cls: " ".join(sorted(texts)) for cls, texts in meta.items()}
        if slots[cpv]:
            out[cpv]["SLOT"] = slots[cpv]
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


SUBSLOT_CYCLE = {   # issue 16: a copy of s1 breaks it; a := RDEPEND cycle of / is left
    "media-libs/s0-1.0": {"SLOT": "0/2", "DEPEND": "media-libs/s1:=",
                          "RDEPEND": "media-libs/s1:="},
    "media-libs/s1-1.1": {"SLOT": "0/1", "RDEPEND": "media-libs/s2:="},
    "media-libs/s2-1.2": {"SLOT": "0/3", "RDEPEND": "media-libs/s0"}}

HOST_RUNTIME_CYCLE = {   # hard without a build edge: no copy can take it over
    "app-misc/top-1": {"DEPEND": "dev-libs/x"},
    "dev-libs/x-1": {"SLOT": "0/1", "RDEPEND": "dev-libs/y:="},
    "dev-libs/y-1": {"RDEPEND": "dev-libs/x"}}


@pytest.mark.emerge
@pytest.mark.parametrize("ebuilds,target,left", [(SUBSLOT_CYCLE, "media-libs/s0", 0),
                                                 (HOST_RUNTIME_CYCLE, "app-misc/top", 1)])
def test_remaining_hard_cycles_is_what_emerge_meets_in_the_written_plan(
        tmp_path, ebuilds, target, left):
    """Empty host, a separate ROOT: emerge stops on the original; the plan written out
    as ebuilds merges exactly when ``remaining_hard_cycles`` is 0, and bootorder's own
    ``cycles`` on that repository agrees."""
    from emerge_oracle import run_emerge
    from minirepo import make_config

    from bootorder.order.cycles import find_cycles
    from bootorder.resolver.resolution import resolve
    assert "circular dependencies" in run_emerge(ebuilds, [target], root=True)
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    plan = bootstrap_for(make_config(tmp_path / "a", ebuilds), [target], implicit=False)
    assert remaining_hard_cycles(plan) == plan.to_json()["remaining_hard_cycles"] == left
    written = ebuilds_of(plan)
    real = f"={plan.graph.find(target)[0].cpv}"
    after = run_emerge(written, [real], root=True)
    assert ("circular dependencies" in after) == bool(left), after
    again = resolve(make_config(tmp_path / "b", written), [real], host="empty", implicit=False)
    assert find_cycles(again, scope="hard").hard == bool(left)
