"""``bootorder bootstrap --json`` on the shared Flatcar corpus: a step for the
xz-utils <-> elt-patches cycle, each step before the stage's build of its package (when
the stage builds it again), nothing left; the JSON is a view of the plan it carries."""
from __future__ import annotations

import json


def test_cli_bootstrap_json_on_corpus(corpus_dir):
    import contextlib
    import io

    from bootorder.cli import main
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(["bootstrap", "--repo", str(corpus_dir / "portage-stable"),
                     "--repo", str(corpus_dir / "coreos-overlay"), "--profile",
                     "coreos-overlay:coreos/amd64/sdk/transition", "--stage1", "--scope", "all",
                     "--json"])
    assert code == 0
    data = json.loads(out.getvalue())
    from bootorder.syntax.version import split_cpv
    reals = {split_cpv(b["real"])[0] for b in data["bootstrap"]}
    assert reals & {"app-portage/elt-patches", "app-arch/xz-utils"}
    assert data["left_to_use_changes"] == [] and data["final_depends_on_bootstrap"] == []
    order = [o["cpv"] for o in data["order"]]
    plan = data["plan"]
    assert [s["name"] for s in plan["steps"][:-1]] == [b["name"] for b in data["bootstrap"]]
    for b in data["bootstrap"]:
        assert (b["real"] in order[len(data["bootstrap"]):]) == b["rebuilt_by_stage"]
        if b["rebuilt_by_stage"]:
            assert order.index(b["cpv"]) < order.index(b["real"])
        assert b["differs"][0].startswith("built by the host's")
    assert data["steps_implicit"] and set(data["steps_implicit"]) == set(
        plan["bootstrap"]["implicit_only"])
