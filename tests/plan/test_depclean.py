"""What emerge --depclean --with-bdeps=y removes (catalyst's end of stage 3): what
@system does not reach through the installed packages' dependencies, evaluated with the
USE each was built with, build dependencies kept, an any-of group met by its leftmost
installed alternative, package.provided needing nothing; emerge replaying the depclean
removes exactly that, and stops where an installed package needs what nothing installed
gives."""
from __future__ import annotations

import pytest
from minirepo import write_repo

from bootorder.plan.depclean import depclean
from bootorder.plan.model import Installed, Plan, Step
from bootorder.tree.repository import Tree

EBUILDS = {
    "app-misc/a-1": {"IUSE": "x", "RDEPEND": "|| ( app-misc/b app-misc/c )",
                     "BDEPEND": "x? ( app-misc/d )"},
    "app-misc/b-1": {}, "app-misc/c-1": {}, "app-misc/d-1": {}, "app-misc/e-1": {},
    "app-misc/f-1": {"RDEPEND": "app-misc/gone"}, "app-misc/gone-1": {},
}
SYSTEM = [("@system", "app-misc/a")]


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    repo = write_repo(tmp_path_factory.mktemp("depclean"), EBUILDS, system=("app-misc/a",))
    return Tree.open([repo])


def held(a_use, *others):
    return (Installed("app-misc/a-1", a_use), *(Installed(f"app-misc/{n}-1") for n in others))


CASES = {
    "bdeps kept, any-of leftmost": (held(("x",), "b", "c", "d", "e"),
                                    ("app-misc/c-1", "app-misc/e-1")),
    "built without x": (held((), "b", "c", "d"), ("app-misc/c-1", "app-misc/d-1")),
    "only the right alternative": (held((), "c"), ()),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_removed(tree, name):
    entries, removed = CASES[name]
    assert depclean(tree, SYSTEM, entries) == (removed, ())


def test_what_stops_it_and_package_provided(tree):
    entries = held((), "b") + (Installed("app-misc/f-1"),)
    targets = SYSTEM + [("@system", "app-misc/f")]
    removed, problems = depclean(tree, targets, entries)
    assert [(p.kind, p.package, p.atom) for p in problems] == [
        ("depclean", "app-misc/f-1", "app-misc/gone")]
    assert depclean(tree, targets, entries, provided=("app-misc/gone-1",)) == ((), ())


@pytest.mark.emerge
@pytest.mark.parametrize("name", sorted(CASES))
def test_emerge_removes_the_same(tree, name):
    pytest.importorskip("portage")
    from bootorder.plan.verify import verify_plan
    entries, removed = CASES[name]
    step = Step(name="depclean", profile="mini:default", atoms=(),
                emerge=("--depclean", "--with-bdeps=y"), installed=(("/", entries),),
                unmerge=removed)
    report = verify_plan(Plan(kind="catalyst", profile="mini:default", steps=(step,)), tree)
    assert report.holds, report.steps[0].differences
