"""``bootorder order`` and ``bootorder cycles`` on the embedded example repository."""
from __future__ import annotations

import json

import pytest

from bootorder.cli import main


def _run(capsys, argv):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out


@pytest.fixture
def example(example_dir):
    if not (example_dir / "repo").is_dir():
        pytest.skip("embedded example absent")
    return ["--repo", str(example_dir / "repo")]


def test_order_on_a_seed_host_respects_every_build_edge(capsys, example):
    """No hard cycle; exit 4 for awk's REQUIRED_USE, which stage 1's -* breaks."""
    code, out = _run(capsys, ["order", *example, "--stage1", "--host", "seed", "--json",
                              "--waves"])
    result = json.loads(out)
    assert code == 4 and not result["hard"] and result["hard_cycles"] == []
    assert [p["kind"] for p in result["problems"]] == ["required-use"]
    flat = [k for wave in result["waves"] for k in wave]
    assert sorted(map(json.dumps, flat)) == sorted(map(json.dumps, result["order"]))


def test_order_on_an_empty_host_exits_3_with_the_hard_edges_named(capsys, example):
    code, out = _run(capsys, ["order", *example, "--stage1", "--host", "empty", "--json"])
    result = json.loads(out)
    assert code == 3 and result["hard"] and "waves" not in result
    assert {i["reason"] for i in result["ignored"] if i["priority"].startswith("buildtime")} \
        == {"hard"}
    code, text = _run(capsys, ["order", *example, "--stage1", "--host", "empty", "--waves"])
    assert code == 3 and text.startswith("wave 1 (") and "hard cycle(s) remain" in text
    assert "≥1000 (capped) hard cycle(s)" in text   # the enumeration cap, said as such
    assert all(line.startswith(("wave ", "  ")) for line in text.split("\n\n")[0].splitlines())


def test_cycles_text_reads_like_emerge_and_output_is_stable(capsys, example):
    argv = ["cycles", *example, "--stage1", "--host", "empty"]
    code, text = _run(capsys, argv)
    assert code == 3
    assert text.startswith(" * Error: circular dependencies:\n\n(")
    assert "ebuild scheduled for merge to host) depends on\n (" in text
    assert _run(capsys, argv) == (3, text)
    code, out = _run(capsys, argv + ["--json"])
    report = json.loads(out)
    assert set(report) >= {"cycles", "components", "hard", "truncated"}
    for cycle in report["cycles"]:
        edges = cycle["edges"]
        assert all(set(e) >= {"from", "to", "class", "root", "use", "atom"} for e in edges)
        assert all(a["to"] == b["from"] for a, b in zip(edges, edges[1:] + edges[:1]))


def test_cycles_without_hard_cycles(capsys, example):
    code, out = _run(capsys, ["cycles", *example, "--stage1", "--host", "seed", "--json"])
    assert json.loads(out)["cycles"] == [] and code == 4            # awk's REQUIRED_USE
    code, out = _run(capsys, ["cycles", *example, "sys-devel/gcc", "--host", "seed", "--json"])
    assert json.loads(out)["cycles"] == [] and code == 0


@pytest.mark.parametrize("option", ["--max-length", "--max-cycles"])
def test_cycle_caps_must_be_positive(capsys, example, option):
    with pytest.raises(SystemExit) as exit_:
        main(["cycles", *example, option, "0"])
    assert exit_.value.code == 2
    assert "expected a whole number >= 1, got '0'" in capsys.readouterr().err
