"""Installed-package entries as portage writes them: dependencies reduced with the
entry's USE, := bound to the sub-slot of the installed match (BDEPEND to one of "/"),
left unbound when nothing installed matches; an entry the tree lacks brings its own
metadata, and one it has neither way is refused."""
from __future__ import annotations

import pytest
from minirepo import write_repo

from bootorder.core.errors import BootorderError
from bootorder.plan.model import Installed
from bootorder.plan.vdb import write_vdb

pytest.importorskip("portage", reason="portage's use_reduce writes the entries")


def test_entries(tmp_path):
    repo = write_repo(tmp_path, {
        "dev-libs/b-1": {"SLOT": "0/1"},
        "dev-libs/c-1": {"IUSE": "x y", "RDEPEND": "dev-libs/b:= x? ( dev-libs/d ) !y? ( e/f )",
                         "BDEPEND": "dev-libs/h:=", "DEPEND": "dev-libs/g:="},
    })
    repos = {"mini": repo}
    host = (Installed("dev-libs/h-3", slot="0/7", metadata=(("EAPI", "8"), ("SLOT", "0/7"))),)
    write_vdb(tmp_path / "root", repos, (Installed("dev-libs/b-1"),
                                         Installed("dev-libs/c-1", ("x",))),
              host_slots={"dev-libs/h-3": "0/7"})
    write_vdb(tmp_path / "host", repos, host)
    c = tmp_path / "root" / "var" / "db" / "pkg" / "dev-libs" / "c-1"
    read = {f.name: f.read_text().rstrip("\n") for f in c.iterdir()}
    assert read["RDEPEND"] == "dev-libs/b:0/1= dev-libs/d e/f"
    assert read["BDEPEND"] == "dev-libs/h:0/7=" and read["DEPEND"] == "dev-libs/g:="
    assert (read["USE"], read["SLOT"], read["repository"], read["CONTENTS"]) == (
        "x", "0", "mini", "")
    assert (tmp_path / "host" / "var" / "db" / "pkg" / "dev-libs" / "h-3" / "SLOT"
            ).read_text() == "0/7\n"
    with pytest.raises(BootorderError, match="no repository of the tree has it"):
        write_vdb(tmp_path / "x", repos, (Installed("dev-libs/zz-1"),))
