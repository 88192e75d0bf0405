"""The hand-built graph the explanation tests ask about (``tests/explanation``,
``tests/render``, ``tests/cli``): ``build()`` makes it, ``EDGES`` and ``TARGETS`` hold it."""
from __future__ import annotations

from bootorder.graph.depgraph import DepGraph, NodeKey

# The hand-built graph (all in the target root):
#
#   t/t1 --RDEPEND l/a--> l/a --RDEPEND l/p--> l/p --RDEPEND l/d--> l/d --PDEPEND l/p--> l/p
#   t/t1 --DEPEND >=l/b-1, RDEPEND l/b--> l/b --ssl? RDEPEND l/c--> l/c
#   t/t2 --RDEPEND l/c:0--> l/c --DEPEND || ( l/p l/q )--> l/p --DEPEND l/e--> l/e
EDGES = [
    ("t/t1-1", "l/a-1", "RDEPEND", "l/a", (), None, ()),
    ("t/t1-1", "l/b-1", "DEPEND", ">=l/b-1", (), None, ()),
    ("t/t1-1", "l/b-1", "RDEPEND", "l/b", (), None, ()),
    ("l/b-1", "l/c-1", "RDEPEND", "l/c", ("ssl",), None, ()),
    ("t/t2-1", "l/c-1", "RDEPEND", "l/c:0", (), None, ()),
    ("l/a-1", "l/p-1", "RDEPEND", "l/p", (), None, ()),
    ("l/c-1", "l/p-1", "DEPEND", "l/p", (), ("l/p", "l/q"), ("l/q",)),
    ("l/p-1", "l/d-1", "RDEPEND", "l/d", (), None, ()),
    ("l/d-1", "l/p-1", "PDEPEND", "l/p", (), None, ()),
    ("l/p-1", "l/e-1", "DEPEND", "l/e", (), None, ()),
]
TARGETS = ("t/t1-1", "t/t2-1")


def build(edges=EDGES, targets=TARGETS, order=None) -> DepGraph:
    g = DepGraph()
    cpvs = sorted({e[0] for e in edges} | {e[1] for e in edges})
    for cpv in (order or cpvs):
        g.add_package(cpv, "target", target=cpv in targets)
    for src, dep, cls, atom, use, any_of, not_taken in edges:
        g.add_dep(NodeKey(src, "target"), NodeKey(dep, "target"), cls, atom=atom,
                  use=use, any_of=any_of, not_taken=not_taken)
    return g
