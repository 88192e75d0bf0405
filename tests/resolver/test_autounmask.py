"""USE dependencies that need a flag (bootorder.resolver.autounmask and the resolver):
a hand-checked table of the changes and refusals, then the same repositories against
emerge (``--root``, empty ``/``, ``--verbose``): the ``package.use`` lines it prints, the
atoms it finds no ebuild for, whether it stops on a cycle, and each package's USE.
Cases with make.conf's ``USE`` (``--use``) are among them. Then generated repositories
of that shape (``resolve_strategies.use_dep_repos``)."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from resolve_strategies import bootorder_answer, differences, emerge_answer, use_dep_repos

from bootorder.resolver.autounmask import needed_change, package_use_line
from bootorder.syntax.atom import Atom

F = frozenset


@pytest.mark.parametrize("atom, use, iuse, parent, forced, masked, made, expected", [
    ("q[x]", "", "x", "", "", "", {}, ({"x": True}, [])),
    ("q[x]", "x", "x", "", "", "", {}, ({}, [])),
    ("q[x,-y]", "y", "xy", "", "", "", {}, ({"x": True, "y": False}, [])),
    ("q[x]", "", "x", "", "", "x", {}, ({}, [("x", "masked")])),
    ("q[x]", "", "x", "", "x", "", {}, ({"x": True}, [])),          # forced on: fine
    ("q[-x]", "x", "x", "", "x", "", {}, ({}, [("x", "forced")])),
    ("q[-x]", "x", "x", "", "x", "x", {}, ({"x": False}, [])),      # masked wins over forced
    ("q[x]", "", "", "", "", "", {}, ({}, [("x", "absent")])),
    ("q[x?]", "", "", "", "", "", {}, ({}, [("x", "absent")])),     # inactive, still absent
    ("q[x?]", "", "x", "", "", "", {}, ({}, [])),
    ("q[x?]", "", "x", "x", "", "", {}, ({"x": True}, [])),
    ("q[-x]", "x", "x", "", "", "", {"x": True}, ({}, [("x", "changed")])),
])
def test_needed_change_table(atom, use, iuse, parent, forced, masked, made, expected):
    assert needed_change(Atom.parse(f"dev-libs/{atom}"), F(use), F(iuse), F(parent),
                         forced=F(forced), masked=F(masked), made=made) == expected


def test_package_use_line_as_emerge_writes_it():
    from types import SimpleNamespace as P
    q1, q15, q2 = (P(cpv=f"a/q-{v}", slot=s, vobj=v) for v, s in ((1, "1"), (1.5, "1"), (2, "2")))
    assert package_use_line(q2, {"x": True}, [q2, q15, q1]) == ">=a/q-2 x"
    assert package_use_line(q15, {"x": False}, [q2, q15, q1]) == ">=a/q-1.5:1 -x"
    assert package_use_line(q1, {"x": True, "y": True}, [q2, q15, q1]) == "=a/q-1 x y"


P_Q = {"dev-libs/p-1": {"DEPEND": "dev-libs/q[x]"},
       "dev-libs/q-1": {"IUSE": "x", "DEPEND": "x? ( dev-libs/p )"}}
NOT_X = {"dev-libs/p-1": {"DEPEND": "dev-libs/q[-x]"},
         "dev-libs/q-1": {"IUSE": "+x", "DEPEND": "!x? ( dev-libs/p )"}}


def parent_flag(on: bool) -> dict:
    return {"dev-libs/p-1": {"IUSE": "+x" if on else "x", "DEPEND": "dev-libs/q[x?]"},
            "dev-libs/q-1": {"IUSE": "x", "DEPEND": "x? ( dev-libs/p )"}}


def lacking(dep: str, parent_iuse: str = "") -> dict:
    return {"dev-libs/p-1": {"IUSE": parent_iuse, "DEPEND": dep}, "dev-libs/q-1": {}}


CASES = {  # name: (ebuilds, make.conf USE, profile files, lines, unsatisfied, cycle)
    "the flag turned on closes a cycle": (P_Q, "", {}, [">=dev-libs/q-1 x"], [], True),
    "[x?] of a parent with x on": (parent_flag(True), "", {}, [">=dev-libs/q-1 x"], [], True),
    "[x?] of a parent with x off": (parent_flag(False), "", {}, [], [], False),
    "use.mask": (P_Q, "", {"use.mask": "x\n"}, [], ["dev-libs/q[x]"], False),
    "package.use.mask": (P_Q, "", {"package.use.mask": "dev-libs/q x\n"}, [],
                         ["dev-libs/q[x]"], False),
    "[-x] against use.force": (NOT_X, "", {"use.force": "x\n"}, [], ["dev-libs/q[-x]"], False),
    "[-x] turns a default off": (NOT_X, "", {}, [">=dev-libs/q-1 -x"], [], True),
    "missing IUSE, [x(+)]": (lacking("dev-libs/q[x(+)]"), "", {}, [], [], False),
    "missing IUSE, [x(-)]": (lacking("dev-libs/q[x(-)]"), "", {}, [], ["dev-libs/q[x(-)]"],
                             False),
    "missing IUSE, [-x(+)], make.conf x": (lacking("dev-libs/q[-x(+)]"), "x", {}, [],
                                           ["dev-libs/q[-x(+)]"], False),
    "missing IUSE, inactive [x?]": (lacking("dev-libs/q[x?]", "x"), "", {}, [],
                                    ["dev-libs/q[x?]"], False),
    "not the latest version": (
        {"dev-libs/r-1": {"DEPEND": "dev-libs/p"}, "dev-libs/p-1": {"DEPEND": "<dev-libs/q-2[x]"},
         "dev-libs/q-1": {"IUSE": "x"}, "dev-libs/q-2": {"IUSE": "x"}},
        "", {}, ["=dev-libs/q-1 x"], [], False),
    "the latest of its slot": (
        {"dev-libs/p-1": {"DEPEND": "dev-libs/q:1[x]"}, "dev-libs/q-1": {"SLOT": "1", "IUSE": "x"},
         "dev-libs/q-2": {"SLOT": "2", "IUSE": "x"}},
        "", {}, [">=dev-libs/q-1:1 x"], [], False),
    # q is expanded before p2 and p1 ask for y and x, one after the other: the run ends
    # in one restart knowing both (each atom's own change is among those known)
    "two flags for a package already expanded": (
        {"dev-libs/r-1": {"RDEPEND": "dev-libs/a dev-libs/q"},
         "dev-libs/a-1": {"RDEPEND": "dev-libs/p1 dev-libs/p2"},
         "dev-libs/p1-1": {"RDEPEND": "dev-libs/q[x]"}, "dev-libs/p2-1": {"RDEPEND": "dev-libs/q[y]"},
         "dev-libs/q-1": {"IUSE": "x y"}},
        "", {}, [">=dev-libs/q-1 y x"], [], False),  # emerge: in the order they were met
    "make.conf x meets it": ({"dev-libs/p-1": {"DEPEND": "dev-libs/q[x]"},
                              "dev-libs/q-1": {"IUSE": "x"}}, "x", {}, [], [], False),
    "make.conf -x beats the IUSE default": ({"dev-libs/p-1": {"DEPEND": "dev-libs/q[x]"},
                                             "dev-libs/q-1": {"IUSE": "+x"}},
                                            "-x", {}, [">=dev-libs/q-1 x"], [], False),
}


@pytest.mark.emerge
@pytest.mark.parametrize("name", sorted(CASES))
def test_use_dependencies_resolve_as_emerge(tmp_path, name):
    ebuilds, use, files, lines, unsatisfied, cycle = CASES[name]
    case = {"ebuilds": ebuilds, "use": use, "profile_files": files,
            "targets": ["dev-libs/r" if "dev-libs/r-1" in ebuilds else "dev-libs/p"]}
    ours, theirs = bootorder_answer(tmp_path, case), emerge_answer(case)
    assert (ours["use_lines"], ours["unsatisfied"], ours["circular"]) == \
        (lines, unsatisfied, cycle)
    assert (theirs["use_lines"], theirs["circular"]) == (lines, cycle)
    # emerge names the atom as evaluated under the parent's USE ([x?] with x off: q[x])
    assert [a.split("[")[0] for a in theirs["unsatisfied"]] == \
        [a.split("[")[0] for a in unsatisfied]
    assert differences(ours, theirs) == []


@pytest.mark.emerge
@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(use_dep_repos())
def test_generated_use_dependency_repositories_agree_with_emerge(case):
    """USE dependencies whose flag pulls the dependent back, masked and forced flags,
    make.conf USE (seeded: the same repositories every run)."""
    with tempfile.TemporaryDirectory() as tmp:
        ours = bootorder_answer(Path(tmp), case)
    assert differences(ours, emerge_answer(case)) == [], json.dumps(case)
