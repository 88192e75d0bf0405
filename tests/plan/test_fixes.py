"""Generated USE fixes: found round by round (a fix that pulls in a package with its own
problem gets a second round), one change per line with its reason and re-derive
command, a USE dependency fixed like a REQUIRED_USE, a problem no USE change solves
kept; and emerge, replaying the plan, needs every line (--minimal)."""
from __future__ import annotations

import pytest
from minirepo import write_repo

from bootorder.config.configuration import Config
from bootorder.config.profile import Profile
from bootorder.core.usechange import UseChange
from bootorder.plan.catalyst import CatalystRequest, catalyst_plan
from bootorder.plan.fixes import derive_fixes, package_use_text
from bootorder.resolver.resolution import resolve
from bootorder.tree.repository import Tree

EBUILDS = {
    "sys-apps/baselayout-2": {},
    # a USE dependency stage 1's -* leaves unmet
    "app-misc/a-1": {"RDEPEND": "app-misc/b[foo]"},
    "app-misc/b-1": {"IUSE": "foo"},
    # a REQUIRED_USE whose fix pulls in d, whose own REQUIRED_USE then fails (round 2)
    "app-misc/c-1": {"IUSE": "x +y", "REQUIRED_USE": "^^ ( x y )", "RDEPEND": "y? ( app-misc/d )"},
    "app-misc/d-1": {"IUSE": "p q", "REQUIRED_USE": "|| ( p q )"},
}
ATOMS = ("sys-apps/baselayout", "app-misc/a", "app-misc/c")


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    return Tree.open([write_repo(tmp_path_factory.mktemp("fixes"), EBUILDS, packages_build=ATOMS)])


def test_rounds_of_fixes(tree):
    profile = Profile.load(tree, "mini:default")

    def configure(changes):
        return Config(tree, profile, make_conf_use="-* build",
                      package_use=[(c.package, c.token()) for c in changes])

    result = derive_fixes(configure, lambda c: resolve(c, list(ATOMS), implicit=False),
                          lambda changes: f"cmd {len(changes)}")
    # b[foo] is met by emerge's autounmask (a use-change, whose line must be written)
    assert [(x.change.line(), x.problem.kind, x.command) for x in result.lines] == [
        ("app-misc/c y", "required-use", "cmd 0"),
        ("app-misc/b foo", "use-change", "cmd 0"),
        ("app-misc/d p", "required-use", "cmd 2")]
    assert result.problems == ()
    text = package_use_text(result.lines)
    assert text.count("# re-derive: ") == 3 and text.endswith("app-misc/d p\n")
    assert [line for line in text.splitlines() if line and not line.startswith("#")] == [
        "app-misc/c y", "app-misc/b foo", "app-misc/d p"]


def test_an_unsolvable_problem_is_kept(tmp_path):
    repo = write_repo(tmp_path, {"app-misc/e-1": {"IUSE": "foo", "REQUIRED_USE": "!foo"}},
                      packages_build=("app-misc/e",))
    (repo / "profiles" / "default" / "use.force").write_text("foo\n")
    tree = Tree.open([repo])
    profile = Profile.load(tree, "mini:default")
    result = derive_fixes(lambda changes: Config(tree, profile, make_conf_use="-*"),
                          lambda c: resolve(c, ["app-misc/e"], implicit=False), str)
    assert result.lines == ()
    assert [(p.kind, p.package) for p in result.problems] == [("required-use", "app-misc/e-1")]


def test_extra_findings_join_the_checks(tree):
    """``extra`` adds findings of the caller's (a step's cycles) to each round."""
    from bootorder.core.problems import Problem
    from bootorder.usechange.checks import Finding
    profile = Profile.load(tree, "mini:default")
    cycle = Problem("circular-dependency", "app-misc/b-1", "a -> b -> a", (), "a cycle")

    def extra(graph, config):       # the cycle goes once b's foo is off
        off = any(flag == "-foo" for _, flag in config.package_use)
        return [] if off else [Finding(cycle, (UseChange("app-misc/b", "foo", False),))]

    result = derive_fixes(lambda changes: Config(tree, profile, package_use=[
                              (c.package, c.token()) for c in changes]),
                          lambda c: resolve(c, ["app-misc/b"], implicit=False), str,
                          extra=extra)
    assert [(x.change.line(), x.problem.kind) for x in result.lines] == [
        ("app-misc/b -foo", "circular-dependency")]
    assert result.problems == ()


def test_a_change_and_its_opposite_are_never_both_written(tree):
    from bootorder.core.problems import Problem
    from bootorder.plan.fixes import _new_lines
    from bootorder.usechange.checks import Finding
    p = Problem("use-conflict", "a/b-1", "c/d[x]", (), "m")
    on, off = UseChange("c/d", "x", True), UseChange("c/d", "x", False)
    assert [x.change for x in _new_lines([Finding(p, (on,)), Finding(p, (off,))], (), "c")] \
        == [on]


@pytest.mark.emerge
def test_emerge_needs_every_generated_line(tree):
    pytest.importorskip("portage")
    from bootorder.plan.verify import verify_plan
    plan = catalyst_plan(tree, CatalystRequest("mini:default", stages=("stage1",)))
    report = verify_plan(plan, tree, minimal=True)
    assert report.holds, [s.differences for s in report.steps]
    assert [x.text for x in report.lines] == ["app-misc/c y", "app-misc/b foo", "app-misc/d p"]
    assert all(x.needed for x in report.lines)
    assert next(m for m in plan.steps[1].merge if m.cpv == "app-misc/d-1").use == ("p",)


@pytest.mark.parametrize("commands", [("short", "short"), ("x" * 3000, "x" * 3000),
                                      ("x" * 3000, "y" * 3000), ("x" * 3000, "short")])
def test_a_long_shared_comment_is_written_once_and_every_line_still_names_it(commands):
    """The lines (what emerge reads) are the same either way; a line's reference leads
    to exactly the comment it had, and only a long comment shared by lines moves."""
    from bootorder.core.problems import Problem
    from bootorder.plan.fixes import GeneratedLine
    p = Problem("required-use", "a/b-1", "^^ ( x y )", (), "REQUIRED_USE fails")
    lines = [GeneratedLine(UseChange("a/b", f, True), p, c) for f, c in zip("xy", commands)]
    text = package_use_text(lines)
    blocks = text.split("\n\n")
    head = {}
    if blocks[0].startswith("# [1] "):
        head = {f"[{i}]": line.split(" ", 2)[2] for i, line in
                enumerate(blocks.pop(0).splitlines(), 1)}
    assert len(head) == (1 if commands[0] == commands[1] != "short" else 0)
    assert [b.splitlines()[-1] for b in blocks] == ["a/b x", "a/b y"]
    for block, line in zip(blocks, lines):
        said = block.splitlines()[:-1]
        for i, (wanted, written) in enumerate(zip(line.comments(), said)):
            ref = written.removeprefix("# re-derive: ").removesuffix(" at the head of this file")
            assert written == wanted or ("# " + head[ref]) == wanted
        assert len(said) == len(line.comments())
    assert max(map(len, text.splitlines())) <= 3000 + 20
    assert text.count("x" * 3000) <= 1 and text.count("y" * 3000) <= 1
