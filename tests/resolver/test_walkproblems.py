"""bootorder.resolver.walkproblems: how the walk names who asked for what it could not
satisfy (the chain of dependents back to the target, host instances marked) and where
the dependency is written (a hand-checked case on a stand-in walk)."""
from __future__ import annotations

import types

from bootorder.graph.depgraph import NodeKey
from bootorder.resolver.walkproblems import WalkProblems, instance_label
from bootorder.syntax.atom import Atom

TOP, MID = NodeKey("app-misc/top-1", "target"), NodeKey("dev-libs/mid-2", "host")


class _Walk(WalkProblems):
    def __init__(self):
        self.parent = {TOP: None, MID: TOP}
        self.pkg = {TOP: types.SimpleNamespace(source=None, lines={}),
                    MID: types.SimpleNamespace(source="/md5-cache/dev-libs/mid-2",
                                               lines={"BDEPEND": 7})}
        why_not = ("missing-package", "no package x/y in any repository", "add it")
        self.cands = {"host": types.SimpleNamespace(why_not=lambda atom: why_not)}
        self.problems = []


def test_labels_mark_the_host_root():
    assert [instance_label(k) for k in (TOP, MID, None)] == \
        ["app-misc/top-1", "dev-libs/mid-2 (host)", ""]


def test_an_unsatisfied_atom_names_its_chain_and_where_it_is_written():
    walk = _Walk()
    walk._unsatisfied(Atom.parse("x/y"), "host", MID, None, "BDEPEND")
    [p] = walk.problems
    assert (p.kind, p.package, p.atom, p.chain) == (
        "missing-package", "dev-libs/mid-2 (host)", "x/y",
        ("app-misc/top-1", "dev-libs/mid-2 (host)"))
    assert p.message.endswith("(in the host root)")
    assert (p.file, p.line) == ("/md5-cache/dev-libs/mid-2", 7)


def test_a_target_without_dependent_is_named_by_its_label():
    assert _Walk()._whose(None, "@system") == (None, ("@system",))
