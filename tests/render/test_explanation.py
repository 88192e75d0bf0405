"""bootorder.render.explanation: the text of an explanation, hand-checked on the
hand-built graph of ``tests/explain_graph.py``."""
from __future__ import annotations

from explain_graph import TARGETS, build

from bootorder.explanation.paths import explain
from bootorder.render.explanation import render_text

ALL_PATHS_TEXT = """\
l/p-1@target

pulled in by (3 path(s) from a requested package: all paths):
  RDEPEND l/p from l/a-1@target
    RDEPEND l/a from t/t1-1@target (requested)
  DEPEND l/p (any-of, not taken: l/q) from l/c-1@target
    RDEPEND l/c:0 from t/t2-1@target (requested)
    RDEPEND l/c (ssl?) from l/b-1@target
      DEPEND >=l/b-1 + RDEPEND l/b from t/t1-1@target (requested)

l/p-1@target needs (2):
  RDEPEND l/d to l/d-1@target
  DEPEND l/e to l/e-1@target

in 1 dependency cycle(s), 0 hard (shortest first):
  l/p-1@target -> l/d-1@target -> l/p-1@target
    broken by ignoring l/d-1 -> l/p-1 (PDEPEND l/p): PDEPEND

built:
  l/p-1@target: position 3 of 8, wave 2 of 5"""


def test_text_is_a_tree_of_shared_steps():
    assert render_text(explain(build(), "l/p", all_paths=True)) == ALL_PATHS_TEXT


def test_text_elides_and_says_target():
    text = render_text(explain(build(targets=TARGETS + ("l/p-1",)), "l/p"), limit=1)
    assert "  requested itself (given as a target)" in text.splitlines()
    assert "  … 1 more path(s) (--json shows them; paths through metadata edges only "\
        "come first)" in text.splitlines()
    assert "  last steps by class: DEPEND 1, RDEPEND 1" in text.splitlines()
    assert "(also needed by l/d-1@target, itself reached only through this package)" \
        in text


def test_atoms_are_short_unless_verbose():
    from bootorder.graph.depgraph import DepGraph
    g = DepGraph()
    top = g.add_package("app-misc/top-1", "target", target=True)
    lib = g.add_package("dev-libs/lib-2", "target", use=frozenset({"abi_x86_64"}),
                        use_disabled=frozenset({"abi_x86_32"}))
    g.add_dep(top, lib, "DEPEND", atom="dev-libs/lib[abi_x86_32(-)?,abi_x86_64(-)?]")
    expl = explain(g, "lib")
    assert "DEPEND dev-libs/lib[…] from app-misc/top-1@target (requested)" in render_text(expl)
    assert "DEPEND dev-libs/lib[abi_x86_32(-)?,abi_x86_64(-)?] from" in \
        render_text(expl, verbose=True)
    assert render_text(expl).splitlines()[1] == '  USE="abi_x86_64 -abi_x86_32"'


def test_text_reverse():
    text = render_text(explain(build(), "t/t1", reverse=True))
    assert text.splitlines()[4:10] == [
        "  DEPEND >=l/b-1 + RDEPEND l/b to l/b-1@target",
        "    RDEPEND l/c (ssl?) to l/c-1@target",
        "  RDEPEND l/a to l/a-1@target",
        "    RDEPEND l/p to l/p-1@target",
        "      RDEPEND l/d to l/d-1@target",
        "      DEPEND l/e to l/e-1@target",
    ]
