"""HostModel: the --host values and the installed-package tree a vdb host reads."""
from __future__ import annotations

import pytest

from bootorder.core.errors import BootorderError
from bootorder.resolver.host import HostModel
from bootorder.core.reporter import RecordingReporter


@pytest.mark.parametrize("text, kind, path", [
    ("seed", "seed", None), ("empty", "empty", None), ("vdb:/x/var/db/pkg", "vdb", "/x/var/db/pkg")])
def test_parse(text, kind, path):
    assert (HostModel.parse(text).kind, HostModel.parse(text).path) == (kind, path)


@pytest.mark.parametrize("text", ["vdb:", "seeds", "", "/var/db/pkg"])
def test_parse_refuses_what_it_does_not_know(text):
    with pytest.raises(BootorderError, match="unknown host model"):
        HostModel.parse(text)


def test_open_reads_the_installed_packages(tmp_path):
    entry = tmp_path / "sys-libs" / "zlib-1.3.1"
    entry.mkdir(parents=True)
    (entry / "SLOT").write_text("0/1\n")
    tree = HostModel.parse(f"vdb:{tmp_path}").open(RecordingReporter())
    assert [p.cpv for p in tree.versions("sys-libs/zlib")] == ["sys-libs/zlib-1.3.1"]


def test_open_names_a_directory_it_cannot_read(tmp_path):
    with pytest.raises(BootorderError, match="cannot read the installed-package tree"):
        HostModel.parse(f"vdb:{tmp_path / 'none'}").open(RecordingReporter())
