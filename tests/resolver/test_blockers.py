"""bootorder.resolver.blockers: a blocker between two packages to merge is a problem,
exactly when emerge refuses the merge list ("[blocks B ] ... cannot be installed at the
same time"); emerge (tests/emerge_oracle.py) is the oracle of every row."""
from __future__ import annotations

import pytest

from bootorder.resolver.blockers import blockers_of
from bootorder.resolver.resolution import resolve
from bootorder.syntax.parse import parse_depend

CASES = {
    "weak blocker": {"a/top-1": {"RDEPEND": "a/x a/y"}, "a/x-1": {"RDEPEND": "!a/y"},
                     "a/y-1": {}},
    "strong blocker": {"a/top-1": {"RDEPEND": "a/x a/y"}, "a/x-1": {"RDEPEND": "!!a/y"},
                       "a/y-1": {}},
    "USE dependency not met": {"a/top-1": {"RDEPEND": "a/x a/y"},
                               "a/x-1": {"RDEPEND": "!a/y[foo]"}, "a/y-1": {"IUSE": "foo"}},
    "USE dependency met": {"a/top-1": {"RDEPEND": "a/x a/y"},
                           "a/x-1": {"RDEPEND": "!a/y[foo]"}, "a/y-1": {"IUSE": "+foo"}},
    "blocked package not merged": {"a/top-1": {"RDEPEND": "a/x"},
                                   "a/x-1": {"RDEPEND": "!a/y"}, "a/y-1": {}},
    "version outside the blocker": {"a/top-1": {"RDEPEND": "a/x a/y"},
                                    "a/x-1": {"RDEPEND": "!<a/y-1"}, "a/y-1": {}},
    "blocker in DEPEND": {"a/top-1": {"RDEPEND": "a/x", "DEPEND": "a/y"},
                          "a/x-1": {"DEPEND": "!a/y"}, "a/y-1": {}},
    "conditional blocker off": {"a/top-1": {"RDEPEND": "a/x a/y"},
                                "a/x-1": {"IUSE": "b", "RDEPEND": "b? ( !a/y )"}, "a/y-1": {}},
}


@pytest.mark.parametrize("name", CASES)
def test_blockers_like_emerge(tmp_path, name):
    from emerge_oracle import run_emerge
    from minirepo import make_config
    ebuilds = CASES[name]
    graph = resolve(make_config(tmp_path, ebuilds), ["a/top"], host="empty", implicit=False)
    ours = [p for p in graph.problems if p.kind == "blocker"]
    assert bool(ours) == ("[blocks B" in run_emerge(ebuilds, ["a/top"]))
    for p in ours:
        assert (p.package, p.severity) == ("a/x-1", "error") and "a/y-1" in p.message


def test_blockers_of_evaluates_use_conditionals():
    tree = parse_depend("!a/b c? ( !!d/e ) !c? ( !f/g ) || ( h/i j/k )")
    assert [str(a) for a in blockers_of(tree, {"c"})] == ["!a/b", "!!d/e"]
