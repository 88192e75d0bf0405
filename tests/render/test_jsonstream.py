"""bootorder.render.jsonstream: JSON written item by item is byte-identical to one
``json.dumps`` of the whole document (a property over generated documents), and the
cycles command's streamed report is its CycleReport's JSON."""
from __future__ import annotations

import json

from hypothesis import given, strategies as st

from bootorder.render.jsonstream import json_chunks

values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                      lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                      max_leaves=8)


@given(st.dictionaries(st.text(max_size=4), values, max_size=4), st.text(max_size=4),
       st.lists(values, max_size=4), st.integers(1, 3))
def test_chunks_equal_one_dump(doc, key, items, indent):
    doc = {**doc, key: None}
    streamed = "".join(json_chunks(doc, key, iter(items), indent))
    assert streamed == json.dumps({**doc, key: items}, indent=indent)


def test_the_cycles_report_streamed_is_its_json():
    from bootorder.graph.depgraph import DepGraph
    from bootorder.order.cycles import find_cycles
    from bootorder.render.cycles import report_json
    g = DepGraph()
    keys = [g.add_package(f"x/p{i}-1", "host") for i in range(3)]
    for a in keys:
        for b in keys:
            if a != b:
                g.add_dep(a, b, "DEPEND", atom=b.cpv)
    report = find_cycles(g, scope="all")
    doc, cycles = report_json(report, {"extra": 1})
    text = "".join(json_chunks(doc, "cycles", cycles))
    assert text == json.dumps({**report.to_json(), "extra": 1}, indent=1)
