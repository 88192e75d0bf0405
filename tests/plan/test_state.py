"""What a root holds between steps: a merge replaces the installed package of its slot,
a depclean's unmerge removes; portage's "satisfied" (an installed package matches the
atom, its USE dependencies included: a hand-checked table); a seed's var/db/pkg read as
entries, with its own metadata for versions the tree lacks; entries as installed
packages the resolver reads."""
from __future__ import annotations

import pytest

from bootorder.plan.model import Installed, Merge
from bootorder.plan.state import Held, after_step, installed_tree, read_vdb
from bootorder.syntax.atom import Atom
from bootorder.tree.repository import Repository, Tree

TREE = Tree([Repository.from_dict("r", {
    "a/b-1": {"SLOT": "0/1", "IUSE": "x y", "EAPI": "8"},
    "a/b-2": {"SLOT": "0/2", "IUSE": "x y", "EAPI": "8"},
    "a/b-3": {"SLOT": "3", "IUSE": "x", "EAPI": "8"},
    "c/d-1": {"SLOT": "0", "EAPI": "8"}})])


def test_after_a_step_a_merge_replaces_its_slot_and_unmerge_removes():
    held = (Installed("a/b-1", ("x",)), Installed("a/b-3"), Installed("c/d-1"))
    after = after_step(TREE, held, (Merge("a/b-2", "/", ("y",)),), unmerge=("c/d-1",))
    assert [(e.cpv, e.use) for e in after] == [("a/b-2", ("y",)), ("a/b-3", ())]


HELD = Held(TREE, (Installed("a/b-1", ("x",)), Installed("a/b-3")))


@pytest.mark.parametrize("atom, parent_use, satisfied", [
    ("a/b", (), True),
    ("a/b[x]", (), True),
    ("a/b[y]", (), False),                  # installed a/b-1 was built without y
    ("a/b[-y]", (), True),
    ("a/b[y?]", ("y",), False),             # the dependent has y: wants a/b[y]
    ("a/b[y?]", (), True),
    ("a/b:0/1", (), True),
    ("a/b:0/2", (), False),                 # another sub-slot
    (">=a/b-2:0", (), False),
    ("a/b:3[x]", (), False),                # a/b-3 has x in IUSE, built without it
    ("a/b[z(+)]", (), True),                # not in IUSE: the default decides
    ("!a/b", (), False),
    ("e/f", (), False),
])
def test_satisfied(atom, parent_use, satisfied):
    assert HELD.satisfies(atom, frozenset(parent_use)) is satisfied


def test_a_seed_vdb_is_read_as_entries(tmp_path):
    for cpv, files in {"a/b-0.5": {"SLOT": "0/0", "USE": "x amd64", "EAPI": "8",
                                   "RDEPEND": "c/d", "repository": "r"},
                       "c/d-1": {"SLOT": "0", "USE": "", "EAPI": "8"}}.items():
        entry = tmp_path / "pkg" / cpv
        entry.mkdir(parents=True)
        for key, value in files.items():
            (entry / key).write_text(value + "\n")
    seed = read_vdb(tmp_path / "pkg", TREE)
    assert [(e.cpv, e.use, e.slot, e.repo) for e in seed] == [
        ("a/b-0.5", ("amd64", "x"), "0/0", "r"), ("c/d-1", (), "0", None)]
    assert dict(seed[0].metadata)["RDEPEND"] == "c/d" and seed[1].metadata is None
    (old,) = installed_tree(TREE, seed).match(Atom.parse("a/b"))
    assert old.installed and old.use == {"amd64", "x"} and old.subslot == "0"
    (tmp_path / "empty").mkdir()
    with pytest.raises(Exception, match="no installed package"):
        read_vdb(tmp_path / "empty", TREE)


def test_what_a_seed_vdb_entry_cannot_give_is_a_problem(tmp_path):
    """Never silent: a file of an entry that cannot be read reaches the reporter."""
    from bootorder.core.reporter import RecordingReporter
    (tmp_path / "pkg" / "c" / "d-1" / "SLOT").mkdir(parents=True)
    reporter = RecordingReporter()
    (entry,) = read_vdb(tmp_path / "pkg", TREE, reporter)
    assert entry.cpv == "c/d-1"
    assert [(p.kind, p.file) for p in reporter.problems()] == [
        ("unreadable", str(tmp_path / "pkg" / "c" / "d-1" / "SLOT"))]
