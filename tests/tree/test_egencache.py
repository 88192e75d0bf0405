"""``bootorder cache``: portage's egencache on a small ebuild repository, and what running
ebuild code demands: who the ebuilds run as (refused as root without a ``portage`` user
unless allowed; really dropped to that user when it exists), portage's warnings passed
on, temporary files kept in a private directory, and a cache put back as it was when
egencache fails (an injected failure, an interruption, a full tmpfs)."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from bootorder.cli import main
from bootorder.core.errors import MetadataError, MissingDependencyError, PrivilegeError
from bootorder.tree import egencache as cache
from bootorder.tree.repository import Repository

EBUILDS = {
    "dev-libs/foo/foo-1.2.ebuild": 'EAPI=8\nDESCRIPTION="foo"\nHOMEPAGE="https://e.org"\n'
                                   'LICENSE="MIT"\nSLOT="0/1.2"\nKEYWORDS="amd64"\nIUSE="+ssl"\n'
                                   'DEPEND="ssl? ( dev-libs/bar:= )"\nBDEPEND="sys-devel/m4"\n',
    "dev-libs/bar/bar-2.ebuild": 'EAPI=7\nDESCRIPTION="bar"\nHOMEPAGE="https://e.org"\n'
                                 'LICENSE="MIT"\nSLOT="0"\nKEYWORDS="~amd64"\n'
                                 'RDEPEND="virtual/baz"\n',
    "virtual/baz/baz-0.ebuild": 'EAPI=8\nDESCRIPTION="baz"\nSLOT="0"\nKEYWORDS="amd64"\n',
    "dev-libs/broken/broken-1.ebuild": 'EAPI=8\nSLOT="0"\nthis is ( not bash\n',
}
# bash builtins only: sourcing an ebuild may run no external command
SPY = 'echo "$UID|$PORTAGE_TMPDIR|$PORTAGE_CONFIGROOT" > "{out}/seen"\n'

needs_egencache = pytest.mark.skipif(cache.find_egencache() is None,
                                     reason="portage's egencache is not installed")
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (CI runs as root)")


def ebuild_repo(root: Path, masters: str = "", spy: Path | None = None) -> Path:
    (root / "profiles").mkdir(parents=True)
    (root / "profiles" / "repo_name").write_text("tiny\n")
    (root / "profiles" / "categories").write_text("dev-libs\nvirtual\n")
    (root / "metadata").mkdir()
    (root / "metadata" / "layout.conf").write_text(
        f"masters = {masters}\nthin-manifests = true\nuse-manifests = false\n")
    for rel, text in EBUILDS.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text + (SPY.format(out=spy) if spy and "foo" in rel else ""))
    return root


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` (relative path -> text)."""
    return {str(p.relative_to(directory)): p.read_text()
            for p in sorted(directory.rglob("*")) if p.is_file()}


@needs_egencache
def test_generate_cache_on_a_small_repository(tmp_path, monkeypatch):
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    repo = ebuild_repo(tmp_path / "tiny", spy=tmp_path)
    result = cache.generate_cache(repo, allow_root=True)
    assert (result.repo, result.entries, result.returncode) == ("tiny", 3, 0)
    assert result.ran_as == cache.ebuild_user(allow_root=True)
    assert any("dev-libs/broken-1" in line for line in result.errors)
    r = Repository.open(repo)
    foo = r.package("dev-libs/foo-1.2")
    assert (foo.eapi, foo.slot, foo.subslot, foo.iuse_defaults) == ("8", "0", "1.2", {"ssl"})
    assert foo["DEPEND"] == "ssl? ( dev-libs/bar:= )" and foo["BDEPEND"] == "sys-devel/m4"
    assert r.package("dev-libs/bar-2")["RDEPEND"] == "virtual/baz"
    assert r.package("dev-libs/broken-1") is None
    # the ebuild saw a private PORTAGE_TMPDIR and configuration root, both gone now
    _, tmpdir, config_root = (tmp_path / "seen").read_text().strip().split("|")
    assert Path(tmpdir).parent.parent == private and Path(config_root).parent == private
    assert list(private.iterdir()) == []
    assert sorted(p.name for p in (repo / "metadata").iterdir()) == ["layout.conf", "md5-cache"]


@needs_egencache
@as_root
@pytest.mark.skipif(cache._portage_account(), reason="a portage user exists here")
def test_as_root_without_a_portage_user_portage_says_so_and_nothing_hides_it(tmp_path):
    repo = ebuild_repo(tmp_path / "tiny", spy=tmp_path)
    result = cache.generate_cache(repo, allow_root=True)
    assert result.ran_as == "root" and (tmp_path / "seen").read_text().startswith("0|")
    assert any("'portage' user or group missing" in line for line in result.errors)


@needs_egencache
def test_cli_cache_json(tmp_path, capsys):
    repo = ebuild_repo(tmp_path / "tiny")
    # egencache exits 0 past dev-libs/broken-1: 3 entries for 4 ebuilds is incomplete
    assert main(["cache", str(repo), "--json", "--allow-root"]) == 4
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert (doc["repo"], doc["entries"], doc["returncode"], doc["ebuilds"]) == ("tiny", 3, 0, 4)
    assert "wrote 3 cache entries for 4 ebuilds" in err
    assert doc["ran_as"] == cache.ebuild_user(allow_root=True)


@pytest.mark.parametrize("euid, portage, allow, user", [
    (0, True, False, "portage"), (0, True, True, "portage"), (0, False, True, "root"),
    (0, False, False, PrivilegeError), (12345, False, False, "12345"),
])
def test_who_runs_the_ebuilds(monkeypatch, euid, portage, allow, user):
    monkeypatch.setattr(os, "geteuid", lambda: euid)
    monkeypatch.setattr(cache, "_portage_account", lambda: portage)
    if user is PrivilegeError:
        with pytest.raises(PrivilegeError, match="--allow-root"):
            cache.ebuild_user(allow)
    else:
        assert cache.ebuild_user(allow) == user


def test_as_root_without_a_portage_user_the_command_refuses(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(cache, "_portage_account", lambda: False)
    repo = ebuild_repo(tmp_path / "tiny")
    assert main(["cache", str(repo), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("bootorder: refusing to run egencache as root: it "
                                        "executes each ebuild's bash")
    assert not (repo / "metadata" / "md5-cache").exists()


def test_help_says_that_it_runs_the_ebuilds_bash(capsys):
    with pytest.raises(SystemExit):
        main(["cache", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "This executes each ebuild's bash" in text and "--allow-root" in text


FAKE_EGENCACHE = """#!{python}
# writes into the cache like a half-done egencache (a new entry, an entry replaced the
# way portage replaces one: a temporary file renamed over it, a temporary file left
# behind), then fails
import os, sys
conf = next(a for a in sys.argv if a.startswith("--repositories-configuration="))
location = conf.split("location = ")[-1].strip()
cache = location + "/metadata/md5-cache"
os.makedirs(cache + "/dev-libs", exist_ok=True)
open(cache + "/tmpreplace", "w").write("EAPI=8\\nSLOT=half\\n")
os.rename(cache + "/tmpreplace", cache + "/dev-libs/foo-1.2")
open(cache + "/dev-libs/new-1", "w").write("EAPI=8\\n")
open(cache + "/tmpabc123", "w").close()
print("!!! egencache: No space left on device", file=sys.stderr)
sys.exit({code})
"""


def fake_egencache(tmp_path: Path, code: int = 1) -> str:
    exe = tmp_path / "fake-egencache"
    exe.write_text(FAKE_EGENCACHE.format(python=sys.executable, code=code))
    exe.chmod(0o755)
    return str(exe)


def old_cache(repo: Path) -> dict[str, str]:
    entries = repo / "metadata" / "md5-cache" / "dev-libs"
    entries.mkdir(parents=True)
    (entries / "foo-1.2").write_text("EAPI=8\nSLOT=old\n")
    (entries / "bar-2").write_text("EAPI=7\nSLOT=0\n")
    return snapshot(repo / "metadata")


@pytest.mark.parametrize("had_cache", [True, False])
def test_a_failed_run_leaves_the_cache_as_it_was(tmp_path, had_cache):
    repo = ebuild_repo(tmp_path / "tiny")
    before = old_cache(repo) if had_cache else snapshot(repo / "metadata")
    result = cache.generate_cache(repo, egencache=fake_egencache(tmp_path), allow_root=True)
    assert result.returncode == 1
    assert result.errors == ("!!! egencache: No space left on device",)
    assert snapshot(repo / "metadata") == before
    expected = ["layout.conf", "md5-cache"] if had_cache else ["layout.conf"]
    assert sorted(p.name for p in (repo / "metadata").iterdir()) == expected


def test_a_successful_run_keeps_what_egencache_wrote_and_drops_the_copy(tmp_path):
    repo = ebuild_repo(tmp_path / "tiny")
    old_cache(repo)
    cache.generate_cache(repo, egencache=fake_egencache(tmp_path, code=0), allow_root=True)
    after = snapshot(repo / "metadata")
    assert after["md5-cache/dev-libs/foo-1.2"] == "EAPI=8\nSLOT=half\n"
    assert after["md5-cache/dev-libs/bar-2"] == "EAPI=7\nSLOT=0\n"
    assert sorted(p.name for p in (repo / "metadata").iterdir()) == ["layout.conf", "md5-cache"]


SLOW_EGENCACHE = """#!{python}
# writes half a cache, starts a helper process, says so, then waits to be interrupted
import os, subprocess, sys, time
conf = next(a for a in sys.argv if a.startswith("--repositories-configuration="))
cache = conf.split("location = ")[-1].strip() + "/metadata/md5-cache"
open(cache + "/tmpreplace", "w").write("EAPI=8\\nSLOT=half\\n")
os.rename(cache + "/tmpreplace", cache + "/dev-libs/foo-1.2")
helper = subprocess.Popen(["sleep", "600"])
open("{out}/helper", "w").write(str(helper.pid))
time.sleep(600)
"""


def test_an_interrupted_run_stops_egencache_and_leaves_the_cache_as_it_was(tmp_path):
    """SIGINT (Ctrl-C) while egencache runs: it and its processes stop, the cache is put
    back, the private directory is removed."""
    repo = ebuild_repo(tmp_path / "tiny")
    before = old_cache(repo)
    exe = tmp_path / "slow-egencache"
    exe.write_text(SLOW_EGENCACHE.format(python=sys.executable, out=tmp_path))
    exe.chmod(0o755)
    private = tmp_path / "tmp"
    private.mkdir()
    driver = ("import sys\nfrom bootorder.tree.egencache import generate_cache\n"
              "generate_cache(sys.argv[1], egencache=sys.argv[2], allow_root=True)\n")
    proc = subprocess.Popen([sys.executable, "-c", driver, str(repo), str(exe)],
                            stderr=subprocess.PIPE, text=True, env={**os.environ,
                                                                    "TMPDIR": str(private)})
    deadline = time.monotonic() + 60
    while not (tmp_path / "helper").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    helper = int((tmp_path / "helper").read_text())
    proc.send_signal(signal.SIGINT)
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode != 0 and err.rstrip().endswith("KeyboardInterrupt")
    assert snapshot(repo / "metadata") == before
    assert sorted(p.name for p in (repo / "metadata").iterdir()) == ["layout.conf", "md5-cache"]
    assert list(private.iterdir()) == []
    assert not Path(f"/proc/{helper}").exists() or \
        Path(f"/proc/{helper}/stat").read_text().split()[2] == "Z"


def _in_a_mount_namespace(script: str, env=None) -> subprocess.CompletedProcess:
    """Run ``script`` with sh as root in a private mount namespace (or skip)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare(1) for a private mount namespace")
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs none /mnt"],
                           capture_output=True)
    if probe.returncode:
        pytest.skip(f"cannot mount in a private namespace here: {probe.stderr.decode()}")
    return subprocess.run(["unshare", "-m", "sh", "-ec", script], capture_output=True,
                          text=True, env=env)


@pytest.fixture
def world_readable(tmp_path):
    """A directory every user can read (pytest's own is root's alone)."""
    top = Path(tempfile.mkdtemp(prefix="bootorder-test-"))
    top.chmod(0o755)
    yield top
    shutil.rmtree(top, ignore_errors=True)


def _others_may_enter(path: Path) -> bool:
    """Can a user other than the owner reach ``path`` (every directory on the way
    searchable by others)?"""
    return all(p.stat().st_mode & 0o001 for p in (path, *path.parents) if p.is_dir())


@needs_egencache
def test_with_a_portage_user_the_ebuilds_run_as_that_user(world_readable):
    import portage
    installed = [Path(sys.prefix).resolve(), Path(portage.__file__).resolve().parent]
    if not all(map(_others_may_enter, installed)):
        pytest.skip(f"portage here ({', '.join(map(str, installed))}) is in a directory only "
                    "its owner may enter: the portage user could not run it")
    seen = world_readable / "seen-by"
    seen.mkdir(mode=0o777)
    seen.chmod(0o1777)
    repo = ebuild_repo(world_readable / "tiny", spy=seen)
    accounts = world_readable / "accounts"
    accounts.mkdir()
    (accounts / "passwd").write_text(Path("/etc/passwd").read_text()
                                     + "portage:x:250:250::/var/tmp/portage:/bin/false\n")
    (accounts / "group").write_text(Path("/etc/group").read_text() + "portage:x:250:\n")
    done = _in_a_mount_namespace(
        f"mount --bind {accounts}/passwd /etc/passwd; mount --bind {accounts}/group /etc/group;"
        f" {sys.executable} -m bootorder cache --json {repo}")
    assert done.returncode == 4, done.stderr  # dev-libs/broken-1 is not cached
    doc = json.loads(done.stdout)
    assert (doc["ran_as"], doc["entries"], doc["ebuilds"]) == ("portage", 3, 4)
    assert (seen / "seen").read_text().startswith("250|")
    assert not any("user or group missing" in line for line in doc["errors"])


@needs_egencache
def test_a_full_disk_leaves_nothing_behind(world_readable):
    mnt = world_readable / "small"
    mnt.mkdir()
    repo = ebuild_repo(world_readable / "tiny")
    old_cache(repo)
    done = _in_a_mount_namespace(
        f"mount -t tmpfs -o size=1m none {mnt}; cp -r {repo} {mnt}/tiny;"
        f" dd if=/dev/zero of={mnt}/filler bs=4k 2>/dev/null || true;"
        f" {sys.executable} -m bootorder cache --allow-root {mnt}/tiny >/dev/null || echo exit=$?;"
        f" cd {mnt}/tiny/metadata; find . | sort; cat md5-cache/dev-libs/foo-1.2")
    assert re.fullmatch("bootorder: the ebuilds' bash ran as user 'root'\n"
                        "bootorder: egencache failed \\(exit -?[0-9]+\\): it could not write "
                        "\\(\\[Errno 28\\] No space left on device\\); the cache was left "
                        "as it was\n", done.stderr), done.stderr
    assert done.stdout.splitlines() == [
        "exit=5", ".", "./layout.conf", "./md5-cache", "./md5-cache/dev-libs",
        "./md5-cache/dev-libs/bar-2", "./md5-cache/dev-libs/foo-1.2", "EAPI=8", "SLOT=old"]


def test_missing_egencache_says_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cache, "find_egencache", lambda: None)
    repo = ebuild_repo(tmp_path / "tiny")
    with pytest.raises(MissingDependencyError, match="pip install 'bootorder\\[portage\\]'"):
        cache.generate_cache(repo)
    assert main(["cache", str(repo)]) == 2
    assert "egencache" in capsys.readouterr().err


def test_master_must_be_given(tmp_path):
    repo = ebuild_repo(tmp_path / "tiny", masters="gentoo")
    with pytest.raises(MetadataError, match="gentoo"):
        cache.generate_cache(repo, egencache="/bin/true", allow_root=True)


def test_not_a_repository(tmp_path):
    with pytest.raises(MetadataError, match="not an ebuild repository"):
        cache.generate_cache(tmp_path)
    with pytest.raises(MetadataError, match="not an ebuild repository") as caught:
        cache.generate_cache(tmp_path / ("x" * 5000))  # ENAMETOOLONG: no repository either
    assert len(str(caught.value)) < 300
