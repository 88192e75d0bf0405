"""The cycles of a step run in /: a build cycle is broken only where an installed
package satisfies a dependency, its USE dependencies included, so the same graph has a
cycle or none depending on the USE the installed package was built with; the fewest USE
changes break it, and emerge replaying the step agrees (exit 0, no cycle, the line
needed), and without the line stops on the cycle."""
from __future__ import annotations

import pytest
from minirepo import write_repo

from bootorder.plan.circular import NOTHING_HELD, cycle_findings, step_priority
from bootorder.plan.fixes import package_use_text
from bootorder.plan.model import Installed, Plan, Step
from bootorder.plan.request import CatalystRequest
from bootorder.plan.rootstage import RootStage
from bootorder.plan.state import Held
from bootorder.plan.steps import merges_of
from bootorder.tree.repository import Tree

EBUILDS = {
    # a[f] needs b to build; b needs a built with g (the installed a may lack it)
    "app-misc/a-1": {"IUSE": "+f +g", "BDEPEND": "f? ( app-misc/b )"},
    "app-misc/b-1": {"BDEPEND": "app-misc/a[g]"},
}
CONFDIR = "steps/01-rebuild/portage"


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    repo = write_repo(tmp_path_factory.mktemp("circular"), EBUILDS)
    return Tree.open([repo])


def rebuild_plan(tree, use):
    """``emerge --emptytree app-misc/a`` in / holding a-1 built with ``use``."""
    held = (Installed("app-misc/a-1", use),)
    stage = RootStage.open(tree, CatalystRequest("mini:default"))
    fixed = stage.fixes(["app-misc/a"], Held(tree, held))
    emerge = ("--emptytree",)
    step = Step(name="rebuild", profile="mini:default", atoms=("app-misc/a",), emerge=emerge,
                config=CONFDIR, installed=(("/", held),),
                merge=merges_of(fixed.graph, fixed.config, emerge, (), root="host",
                                priority=step_priority(fixed.graph, Held(tree, held))))
    files = {f"{CONFDIR}/package.use/circular": package_use_text(fixed.lines)} \
        if fixed.lines else {}
    return Plan(kind="catalyst", profile="mini:default", steps=(step,),
                files=tuple(files.items())), fixed


@pytest.mark.parametrize("use, lines, merged", [
    ((), ["app-misc/a -f"], ["app-misc/a-1"]),       # installed a lacks g: a cycle
    (("f", "g"), [], ["app-misc/b-1", "app-misc/a-1"]),   # b builds with the installed a
])
def test_the_installed_use_decides_the_cycle(tree, use, lines, merged):
    plan, fixed = rebuild_plan(tree, use)
    assert [x.change.line() for x in fixed.lines] == lines
    assert [m.cpv for m in plan.steps[0].merge] == merged
    if lines:
        problem = fixed.lines[0].problem
        assert (problem.kind, problem.chain) == ("circular-dependency",
                                                 ("app-misc/a-1", "app-misc/b-1"))
        assert problem.atom == ("app-misc/a-1 BDEPEND app-misc/b [f?] -> app-misc/b-1 BDEPEND "
                                "app-misc/a[g] (installed app-misc/a-1 does not satisfy it)"
                                " -> app-misc/a-1")


@pytest.mark.emerge
@pytest.mark.parametrize("use", [(), ("f", "g")])
def test_emerge_agrees(tree, use):
    pytest.importorskip("portage")
    from bootorder.plan.verify import verify_plan, with_line_removed
    plan, fixed = rebuild_plan(tree, use)
    report = verify_plan(plan, tree, minimal=True)
    assert report.holds, report.steps[0].differences
    assert [x.needed for x in report.lines] == [True] * len(fixed.lines)
    if fixed.lines:
        without = verify_plan(with_line_removed(plan, f"{CONFDIR}/package.use/circular", 3),
                              tree)
        assert without.steps[0].cycle == ("app-misc/b-1", "app-misc/a-1")


def test_nothing_held_and_an_unbreakable_cycle(tree):
    from bootorder.graph.depgraph import DepGraph
    g = DepGraph()
    a = g.add_package("x/a-1", "host", target=True)
    b = g.add_package("x/b-1", "host")
    g.add_dep(a, b, "DEPEND", atom="x/b")
    g.add_dep(b, a, "DEPEND", atom="x/a")
    (finding,) = cycle_findings(g, None, NOTHING_HELD)
    assert finding.changes == () and finding.problem.message == \
        "a build cycle no USE change breaks"
