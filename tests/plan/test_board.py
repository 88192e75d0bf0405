"""bootorder plan board: a board build (ROOT=SYSROOT=PORTAGE_CONFIGROOT=target, the SDK as
the seed in /) whose board-root cycles are broken only by temporary clears, every step
replayed by emerge --pretend in that shape (bootorder verify); the clears are needed
(--minimal) and would fail as permanent changes; and Flatcar's board on the corpus."""
from __future__ import annotations

from dataclasses import replace

import pytest

from bootorder.plan.board import EMERGE_FLAGS, BoardRequest, board_plan
from bootorder.plan.verify import verify_plan
from bootorder.tree.repository import Tree
from minirepo import write_repo

pytest.importorskip("portage", reason="verify replays with portage's emerge (portage extra)")
pytestmark = pytest.mark.emerge

BOARD = {
    # a DEPENDs on b while x is on, b DEPENDs on a: a build cycle in the board root
    "app/a-1": {"IUSE": "+x", "DEPEND": "x? ( app/b )", "RDEPEND": "x? ( app/b )"},
    "app/b-1": {"DEPEND": "app/a", "RDEPEND": "app/a"},
    # d DEPENDs on e, which needs d to run: a cycle only when d builds against e in
    # the board root (SYSROOT=ROOT), where e must be complete
    "app/d-1": {"IUSE": "+y", "DEPEND": "y? ( app/e )"},
    "app/e-1": {"RDEPEND": "app/d"},
    # c needs both flags: clearing them for good breaks c, clearing them for a pass does not
    "app/c-1": {"RDEPEND": "app/a[x] app/d[y] app/old"},
    # EAPI 6 has no BDEPEND: its DEPEND is resolved on the build host (the seed), as portage does
    "app/old-1": {"EAPI": "6", "DEPEND": "app/tool"},
    "app/tool-1": {},
}
CLEARS = "portage/package.use/bootorder/break-cycles"


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    repo = write_repo(tmp_path_factory.mktemp("board"), BOARD)
    return Tree.open([repo])


def clears(plan) -> list[str]:
    """The first pass's generated package.use, line by line."""
    return next(text for path, text in plan.files if path.endswith(CLEARS)).splitlines()


@pytest.fixture(scope="module")
def plan(mini):
    return board_plan(mini, BoardRequest("mini:default", "mini:default", ("app/c",)))


def test_the_passes_clear_the_fewest_flags_for_a_while(plan):
    """No baselayout in this tree: two steps. The EAPI 6 package's DEPEND (tool) is
    taken from the seed in /, the EAPI 8 ones are built in the board root."""
    assert [(s.name, s.atoms) for s in plan.steps] == [
        ("break-cycles", ("app/a", "app/b", "app/d", "app/e")), ("board", ("app/c",))]
    lines = clears(plan)
    assert [x for x in lines if not x.startswith("#") and x] == ["app/a -x", "app/d -y"]
    assert "# temporary: app/c-1 needs app/a[x]" in lines
    assert "# breaks cycle: app/a-1 -> app/b-1 -> app/a-1" in lines
    assert "# breaks cycle: app/d-1 -> app/e-1 -> app/d-1" in lines
    first, board = plan.steps
    assert [(m.cpv, m.use) for m in first.merge] == [
        ("app/a-1", ()), ("app/b-1", ()), ("app/d-1", ()), ("app/e-1", ())]
    assert [(m.cpv, m.use) for m in board.merge] == [
        ("app/old-1", ()), ("app/d-1", ("y",)), ("app/a-1", ("x",)), ("app/c-1", ())]
    assert board.config is None and board.emerge == EMERGE_FLAGS
    assert (board.root, board.sysroot, board.config_root) == ("target",) * 3
    assert plan.complete


def test_emerge_accepts_both_passes_and_needs_every_clear(plan, mini):
    found = verify_plan(plan, mini, minimal=True)
    assert [(s.name, s.holds, s.merged) for s in found.steps] == [
        ("break-cycles", True, 4), ("board", True, 4)], [s.differences for s in found.steps]
    assert [(x.text, x.needed, x.failed_step) for x in found.lines] == [
        ("app/a -x", True, "break-cycles"), ("app/d -y", True, "break-cycles")]
    assert found.holds
    assert found.steps[0].command[-3:] == ("--root=W/target", "--sysroot=W/target",
                                           "--config-root=W/target")


def test_the_clears_cannot_be_permanent(plan, mini):
    """The first pass's configuration kept for the full run: emerge refuses c's USE
    dependencies (what forbids a permanent change)."""
    first, board = plan.steps
    wrong = replace(plan, steps=(first, replace(board, config=first.config)))
    diffs = verify_plan(wrong, mini).steps[1].differences
    assert "emerge exited 1" in diffs
    assert any(d.startswith("use-changes") for d in diffs), diffs


@pytest.mark.corpus
def test_the_flatcar_board_plan_holds(corpus_dir):
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    plan = board_plan(tree, BoardRequest("coreos-overlay:coreos/amd64/generic",
                                         "coreos-overlay:coreos/amd64/sdk"))
    lines = clears(plan)
    assert [x for x in lines if not x.startswith("#") and x] == [
        "net-libs/nghttp2 -systemd", "sys-apps/shadow -pam", "sys-apps/systemd -cryptsetup",
        "sys-apps/systemd -tpm", "sys-apps/util-linux -cryptsetup",
        "sys-apps/util-linux -systemd", "sys-apps/util-linux -udev", "sys-libs/pam -systemd"]
    assert "# temporary: sys-kernel/coreos-kernel-6.12.103 needs " \
           "sys-apps/util-linux[cryptsetup,udev]" in lines
    found = verify_plan(plan, tree)
    assert [(s.name, s.holds, s.merged) for s in found.steps] == [
        ("baselayout", True, 1), ("break-cycles", True, 160), ("board", True, 269)]
