"""Cycles and orders against emerge itself, on the small trees of ``tests/cases/*.json``.

Each case holds the ebuilds, targets, USE and whether a separate ROOT is used, and
``emerge``: what ``emerge --pretend --oneshot --circular-deps-report=json`` answered
(recorded with ``python tests/order/test_cycles_emerge.py --record``; ``test_recorded_answers``
re-runs emerge and fails when a recording is stale).

The graph of a case is built by a test-only builder: exact names, the highest version
matching each atom (portage's own ``match_from_list``/``best``), the first ``|| ( )``
alternative, USE = IUSE defaults plus the case's USE, RDEPEND/PDEPEND in the
dependent's root and DEPEND/BDEPEND/IDEPEND in ``host`` (``/``: with ``--root`` and no
SYSROOT, emerge satisfies DEPEND in ``/`` too). Without a separate ROOT every package is
in ``host``. The builder is checked too: when emerge succeeds, it merges
exactly the builder's packages.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.order.cycles import find_cycles
from bootorder.order.schedule import build_order
from bootorder.render.cycles import format_cycle

TESTS = Path(__file__).resolve().parent.parent
CASES = TESTS / "cases"
CASE_FILES = sorted(CASES.glob("*.json"))
OPTIONS = ("--pretend", "--oneshot", "--circular-deps-report=json")


def load(path: Path) -> dict:
    return json.loads(path.read_text())


# ---------------------------------------------------------------- emerge's answer

def emerge_answer(case: dict) -> dict:
    """Run emerge on the case and reduce its output to what the tests compare."""
    from emerge_oracle import run_emerge

    out = run_emerge(case["ebuilds"], case["targets"], use=case["use"],
                     root=case["root"] or None, options=OPTIONS)
    report = re.search(r"^\{\n.*?^\}$", out, re.DOTALL | re.MULTILINE)
    merged = [[m.group(1).split("::")[0].split(":")[0],
               "target" if " to /" in m.group(0) else "host"]
              for m in re.finditer(r"^\[ebuild[^\]]*\] +(\S+).*$", out, re.MULTILINE)]
    if report is None:
        return {"circular": False, "merged": merged}
    data = json.loads(report.group(0))
    text = run_emerge(case["ebuilds"], case["targets"], use=case["use"],
                      root=case["root"] or None, options=OPTIONS[:2])
    block = text.split(" * Error: circular dependencies:\n\n", 1)[1].split("\n\n", 1)[0]
    return {"circular": True, "cycles": data["cycles"],
            "shortest_cycle": [{k: e[k] for k in ("parent", "child", "priority")}
                               for e in data["shortest_cycle"]],
            "text": block.splitlines()}


# ---------------------------------------------------------------- test-only builder

def _tokens(text: str) -> list[str]:
    return text.split()


def _walk(tokens: list[str], use: set[str], cond: tuple[str, ...], out: list) -> None:
    """Collect (atom, use-conditions) of an evaluated dependency string."""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.endswith("?") or tok == "||" or tok == "(":
            depth, j = 0, i + (0 if tok == "(" else 1)
            start = j + 1
            while True:
                depth += {"(": 1, ")": -1}.get(tokens[j], 0)
                if depth == 0:
                    break
                j += 1
            inner = tokens[start:j]
            if tok.endswith("?"):
                flag = tok[:-1]
                on = flag.lstrip("!") in use
                if on != flag.startswith("!"):
                    _walk(inner, use, cond + (flag,), out)
            elif tok == "||":
                first: list = []
                _walk(inner, use, cond, first)
                out.extend(first[:1])
            else:
                _walk(inner, use, cond, out)
            i = j + 1
            continue
        if not tok.startswith("!"):
            out.append((tok, cond))
        i += 1


def case_graph(case: dict) -> DepGraph:
    from portage.dep import Atom, match_from_list
    from portage.versions import _pkg_str, best

    ebuilds = case["ebuilds"]
    slots = {cpv: meta.get("SLOT", "0") for cpv, meta in ebuilds.items()}
    pool = [_pkg_str(cpv, slot=slot) for cpv, slot in slots.items()]
    extra = case["use"].split()
    graph = DepGraph()

    def use_of(cpv):
        flags = {f[1:] for f in ebuilds[cpv].get("IUSE", "").split() if f.startswith("+")}
        for flag in extra:
            flags.discard(flag[1:]) if flag.startswith("-") else flags.add(flag)
        return flags

    def add(cpv, root):
        slot, _, sub = slots[cpv].partition("/")
        key = NodeKey(cpv, root)
        fresh = key not in graph.nx
        graph.add_package(cpv, root, slot=slot, subslot=sub or None, repo="mini",
                          use=frozenset(use_of(cpv)))
        return key, fresh

    start = "target" if case["root"] else "host"
    todo = [add(best(match_from_list(Atom(t), pool)), start)[0] for t in case["targets"]]
    for key in todo:
        graph.add_package(key.cpv, key.root, target=True)
    while todo:
        key = todo.pop()
        for cls in ("DEPEND", "BDEPEND", "IDEPEND", "RDEPEND", "PDEPEND"):
            found: list = []
            _walk(_tokens(ebuilds[key.cpv].get(cls, "")), use_of(key.cpv), (), found)
            root = key.root if cls in ("RDEPEND", "PDEPEND") else "host"
            for text, cond in found:
                atom = Atom(text)
                dep, fresh = add(best(match_from_list(atom, pool)), root)
                graph.add_dep(key, dep, cls, atom=text, use=cond,
                              slot_operator=atom.slot_operator)
                if fresh:
                    todo.append(dep)
    return graph


# ---------------------------------------------------------------- the comparisons

def _canonical(cpvs) -> tuple[str, ...]:
    cpvs = tuple(cpvs)
    i = cpvs.index(min(cpvs))
    return cpvs[i:] + cpvs[:i]


CIRCULAR = [p for p in CASE_FILES if load(p)["emerge"]["circular"]]
ORDERED = [p for p in CASE_FILES if not load(p)["emerge"]["circular"]]


@pytest.fixture(params=CASE_FILES, ids=[p.stem for p in CASE_FILES])
def case(request):
    pytest.importorskip("portage")
    return load(request.param)


def test_hard_cycle_exactly_when_emerge_stops(case):
    result = build_order(case_graph(case))
    assert result.hard == case["emerge"]["circular"]


@pytest.mark.parametrize("case", CIRCULAR, ids=[p.stem for p in CIRCULAR], indirect=True)
def test_every_cycle_emerge_reports_is_found(case):
    graph = case_graph(case)
    ours = {_canonical(k.cpv for k in c.nodes): c for c in find_cycles(graph, scope="all").cycles}
    for cycle in case["emerge"]["cycles"]:
        assert _canonical(cycle) in ours, cycle
    shortest = case["emerge"]["shortest_cycle"]
    cycle = ours[_canonical(e["child"] for e in shortest)]
    labels = {(e.edge.source.cpv, e.edge.dep.cpv): e.priority.label for e in cycle.edges}
    assert labels == {(e["parent"], e["child"]): e["priority"] for e in shortest}
    assert any(c.hard for c in ours.values())


@pytest.mark.parametrize("case", ORDERED, ids=[p.stem for p in ORDERED], indirect=True)
def test_emerge_merges_what_the_graph_holds_in_an_order_it_respects(case):
    graph = case_graph(case)
    merged = [NodeKey(cpv, root) for cpv, root in case["emerge"]["merged"]]
    assert sorted(merged) == graph.nodes()
    pos = {k: i for i, k in enumerate(merged)}
    ours = build_order(graph)
    for edge in graph.edges():
        if edge.cls in ("DEPEND", "BDEPEND") and edge.source != edge.dep:
            assert pos[edge.dep] < pos[edge.source], edge
    assert not ours.hard
    # the edges emerge's order puts backwards are exactly those bootorder ignores
    theirs = sorted((e.source, e.dep, e.cls) for e in graph.edges()
                    if e.source != e.dep and pos[e.dep] > pos[e.source])
    assert sorted((i.edge.source, i.edge.dep, i.edge.cls) for i in ours.ignored) == theirs


def _steps(lines: list[str]) -> tuple[str, ...]:
    """emerge's cycle block as the cyclic sequence of ``package (priority[, USE=..])``
    lines after ``X depends on``; bootorder's ``[CLASS atom]`` suffix and its root
    (``to host``, which emerge leaves out for ``/``) removed."""
    steps = [re.sub(r"  \[[^]]*\]$", "", line.strip()).replace(" to host)", ")")
             .replace(" to target)", ")") for line in lines[1:]]
    return _canonical(steps)


@pytest.mark.parametrize("case", CIRCULAR, ids=[p.stem for p in CIRCULAR], indirect=True)
def test_text_report_has_emerge_lines(case):
    graph = case_graph(case)
    shown = _canonical(e["child"] for e in case["emerge"]["shortest_cycle"])
    cycle = next(c for c in find_cycles(graph, scope="all").cycles
                 if _canonical(k.cpv for k in c.nodes) == shown)
    assert _steps(format_cycle(graph, cycle).splitlines()) == _steps(case["emerge"]["text"])


@pytest.mark.emerge
@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_recorded_answers(path):
    case = load(path)
    assert emerge_answer(case) == case["emerge"]


def _record() -> None:
    sys.path.insert(0, str(TESTS))
    for path in CASE_FILES:
        case = load(path)
        case["emerge"] = emerge_answer(case)
        path.write_text(json.dumps(case, indent=1, sort_keys=True) + "\n")
        print(path.stem, case["emerge"].get("circular"))


if __name__ == "__main__" and sys.argv[1:] == ["--record"]:
    _record()


ROOT_CASES = [p for p in CASE_FILES if load(p)["root"]]


def real_graph(case: dict, tmp_path) -> DepGraph:
    """bootorder's own resolver on a ``--root`` case (empty host, no implicit edges)."""
    from minirepo import make_config

    from bootorder.resolver.resolution import resolve
    graph = resolve(make_config(tmp_path, case["ebuilds"], use=case["use"] or None),
                    case["targets"], host="empty", implicit=False)
    assert not graph.problems
    return graph


@pytest.mark.parametrize("path", ROOT_CASES, ids=[p.stem for p in ROOT_CASES])
def test_real_resolver_gives_the_same_answers(path, tmp_path):
    case = load(path)
    graph = real_graph(case, tmp_path)
    edges = lambda g: sorted((e.source, e.dep, e.cls, e.atom) for e in g.edges())  # noqa: E731
    assert edges(graph) == edges(case_graph(case))
    result = build_order(graph)
    assert result.hard == case["emerge"]["circular"]
    if case["emerge"]["circular"]:
        ours = {_canonical(k.cpv for k in c.nodes) for c in find_cycles(graph, scope="all").cycles}
        assert all(_canonical(c) in ours for c in case["emerge"]["cycles"])
    else:
        pos = {NodeKey(*m): i for i, m in enumerate(case["emerge"]["merged"])}
        assert sorted(pos) == graph.nodes()
        assert sorted((i.edge.source, i.edge.dep) for i in result.ignored) == sorted(
            (e.source, e.dep) for e in graph.edges() if pos[e.dep] > pos[e.source])


@st.composite
def small_trees(draw):
    """2-4 packages with random DEPEND/BDEPEND/RDEPEND/PDEPEND edges, with or without ROOT."""
    count = draw(st.integers(2, 4))
    names = [f"dev-libs/p{i}-1" for i in range(count)]
    ebuilds: dict = {name: {} for name in names}
    pairs = st.tuples(st.integers(0, count - 1), st.integers(0, count - 1),
                      st.sampled_from(("DEPEND", "BDEPEND", "RDEPEND", "PDEPEND")))
    for u, v, cls in draw(st.lists(pairs, min_size=1, max_size=2 * count)):
        if u != v:
            meta = ebuilds[names[u]]
            meta[cls] = f"{meta.get(cls, '')} dev-libs/p{v}".strip()
    return {"ebuilds": ebuilds, "targets": ["dev-libs/p0"], "use": "",
            "root": draw(st.booleans())}


@pytest.mark.emerge
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(small_trees())
def test_generated_trees_agree_with_emerge(case):
    pytest.importorskip("portage")
    answer = emerge_answer(case)
    graph = case_graph(case)
    assert build_order(graph).hard == answer["circular"], json.dumps(case)
    if answer["circular"]:
        ours = {_canonical(k.cpv for k in c.nodes) for c in find_cycles(graph, scope="all").cycles}
        assert all(_canonical(c) in ours for c in answer["cycles"]), json.dumps(case)
    else:
        assert sorted(NodeKey(*m) for m in answer["merged"]) == graph.nodes()
