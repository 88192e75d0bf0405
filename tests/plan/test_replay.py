"""One step replayed by emerge --pretend in a throw-away "/": the layout it writes
(the target's own configuration, the seed as package.provided of "/" only, the step's
config files laid over etc/portage), and emerge's answers on installed entries: a :=
dependency bound to an old sub-slot is rebuilt when the sub-slot changes (portage's
own behaviour, so the entries are written as portage writes them)."""
from __future__ import annotations

import pytest
from minirepo import write_repo

from bootorder.core.errors import BootorderError
from bootorder.plan.mirror import write_mirror_repo
from bootorder.plan.model import Installed, Step
from bootorder.plan.replay import ReplayTree, prepare, replay

pytest.importorskip("portage", reason="the replay runs portage's emerge")


@pytest.fixture
def tree(tmp_path):
    repo = write_repo(tmp_path, {"dev-libs/b-1": {"SLOT": "0/1"}, "dev-libs/b-2": {"SLOT": "0/2"},
                                 "dev-libs/c-1": {"RDEPEND": "dev-libs/b:="}})
    return ReplayTree((("mini", write_mirror_repo(repo, tmp_path / "mirror")),), "mini")


def test_layout_of_a_seeded_target_step(tree, tmp_path):
    step = Step(name="s", profile="mini:default", atoms=("dev-libs/c",), root="target",
                sysroot="/", make_conf=(("USE", "-* build"),), config="steps/01-s/portage",
                installed=(("/", "seed"),))
    files = {"steps/01-s/portage/package.use/x": "dev-libs/c foo\n", "steps/other": "no"}
    args, env = prepare(step, files, tree, tmp_path / "w")
    w = tmp_path / "w"
    assert args[-3:] == [f"--root={w}/target", "--sysroot=/", f"--config-root={w}/target-config"]
    assert env["PORTAGE_OVERRIDE_EPREFIX"] == f"{w}/host" and env["EPREFIX"] == ""
    host, own = w / "host" / "etc" / "portage", w / "target-config" / "etc" / "portage"
    assert "dev-libs/b-2" in (host / "profile" / "package.provided").read_text()
    assert not (own / "profile" / "package.provided").exists()
    for etc in (host, own):
        assert (etc / "package.use" / "x").read_text() == "dev-libs/c foo\n"
        assert 'USE="-* build"' in (etc / "make.conf").read_text()
        assert (etc / "make.profile").resolve() == (tree.paths["mini"] / "profiles" / "default")


def test_refusals(tree, tmp_path):
    bad = Step(name="s", profile="mini:nope", atoms=("a/b",))
    with pytest.raises(BootorderError, match="no directory"):
        prepare(bad, {}, tree, tmp_path / "w1")
    quoted = Step(name="s", profile="mini:default", atoms=("a/b",),
                  make_conf=(("USE", 'a "b"'),))
    with pytest.raises(BootorderError, match="without \\$, quotes"):
        prepare(quoted, {}, tree, tmp_path / "w2")


@pytest.mark.emerge
def test_installed_entries_behave_as_portage_wrote_them(tree):
    step = Step(name="update", profile="mini:default", atoms=("dev-libs/b", "dev-libs/c"),
                emerge=("--update", "--deep"),
                installed=(("/", (Installed("dev-libs/b-1"), Installed("dev-libs/c-1"))),))
    done = replay(step, {}, tree)
    assert done.returncode == 0, done.output
    assert [(m.cpv, m.attrs, m.root) for m in done.result.merges] == [
        ("dev-libs/b-2", "rU", "/"), ("dev-libs/c-1", "rR", "/")]
    assert done.command[-1] == "--config-root=W/host"
