"""bootorder.config.locate: the configuration found where portage finds it (a table of
environments), read through portage and without it (portage as the oracle of the
direct reader), a portage configuration under PORTAGE_CONFIGROOT and under a
virtualenv's prefix (the corpus, through the command line), and the default profile of
the host's architecture (a hand-checked table of profiles.desc entries)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from bootorder.config.locate import (
    Location,
    _read_directly,
    _read_with_portage,
    default_profile,
    host_arch,
    live_system,
    locate,
    profile_candidates,
)
from bootorder.core.errors import BootorderError, MetadataError
from bootorder.core.reporter import RecordingReporter
from bootorder.tree.repository import Tree, example_repository_path

PROJECT = Path(__file__).resolve().parents[2]
SDK = ("coreos-overlay", "coreos/amd64/sdk")


@pytest.mark.parametrize("given, env, expected", [
    (None, {}, Location("/pfx", "/", "/", "/pfx", "prefix")),
    (None, {"PORTAGE_CONFIGROOT": "/build/amd64-usr", "ROOT": "/build/amd64-usr",
            "SYSROOT": "/build/amd64-usr"},
     Location("/build/amd64-usr", "/build/amd64-usr", "/build/amd64-usr", "/pfx",
              "PORTAGE_CONFIGROOT")),
    ("/cfg", {"PORTAGE_CONFIGROOT": "/other"}, Location("/cfg", "/", "/", "/pfx",
                                                        "--config-root")),
    (None, {"ROOT": "/tmp/stage1root/", "EPREFIX": "/gentoo/"},   # ROOT: never the config
     Location("/pfx", "/tmp/stage1root", "/", "/gentoo", "prefix")),
])
def test_locate(given, env, expected):
    assert locate(given, environ=env, prefix="/pfx") == expected


def test_no_configuration_at_the_default_place_is_no_error(tmp_path):
    assert live_system(Location(str(tmp_path))) is None


def test_a_configuration_asked_for_must_exist(tmp_path):
    with pytest.raises(MetadataError, match="no portage configuration there"):
        live_system(Location(str(tmp_path), how="PORTAGE_CONFIGROOT"))


def write_config(root: Path, repos: dict[str, Path], profile: Path | None) -> Path:
    """A portage configuration under ``root``: repos.conf (first repository the main
    one) and a make.profile link."""
    etc = root / "etc" / "portage"
    etc.mkdir(parents=True)
    text = f"[DEFAULT]\nmain-repo = {next(iter(repos))}\n"
    text += "".join(f"[{name}]\nlocation = {path}\n" for name, path in repos.items())
    (etc / "repos.conf").write_text(text)
    if profile is not None:
        (etc / "make.profile").symlink_to(profile)
    return root


def corpus_config(root: Path, corpus_dir: Path) -> Path:
    repos = {"portage-stable": corpus_dir / "portage-stable",
             "coreos-overlay": corpus_dir / "coreos-overlay"}
    return write_config(root, repos, corpus_dir / "coreos-overlay" / "profiles" / SDK[1])


def test_portage_reads_the_corpus_configuration_and_the_direct_reader_agrees(
        tmp_path, corpus_dir):
    pytest.importorskip("portage")
    location = Location(str(corpus_config(tmp_path, corpus_dir)), how="--config-root")
    with_portage = _read_with_portage(location, RecordingReporter())
    assert with_portage == ([("portage-stable", str(corpus_dir / "portage-stable")),
                             ("coreos-overlay", str(corpus_dir / "coreos-overlay"))],
                            str((corpus_dir / "coreos-overlay/profiles" / SDK[1]).resolve()))
    assert _read_directly(location, RecordingReporter()) == with_portage


def test_without_portage_the_files_are_read_directly(tmp_path, monkeypatch):
    example = example_repository_path()
    write_config(tmp_path, {"bootorder-example": example}, example / "profiles/default/linux")
    monkeypatch.setitem(sys.modules, "portage", None)  # import portage fails
    live = live_system(Location(str(tmp_path), how="--config-root"), RecordingReporter())
    assert live.repos == (str(example),)
    assert live.profile == str((example / "profiles/default/linux").resolve())


def test_a_repository_without_metadata_cache_is_left_out_saying_so(tmp_path, monkeypatch):
    (tmp_path / "bare" / "profiles").mkdir(parents=True)
    write_config(tmp_path, {"bare": tmp_path / "bare"}, None)
    monkeypatch.setitem(sys.modules, "portage", None)
    reporter = RecordingReporter()
    with pytest.raises(MetadataError, match="no repository with a metadata cache"):
        live_system(Location(str(tmp_path), how="--config-root"), reporter)
    assert any("no metadata/md5-cache: left out" in args[0] for _, args in reporter.calls)


@pytest.mark.parametrize("link, message", [
    (None, "etc/portage: no make.profile: give --profile"),
    ("/nonexistent/profile", "make.profile points at /nonexistent/profile, which does not exist"),
])
def test_a_configuration_without_a_usable_profile_says_why(tmp_path, link, message):
    from bootorder import workflows
    example = example_repository_path()
    write_config(tmp_path, {"bootorder-example": example}, link and Path(link))
    with pytest.raises(BootorderError, match=message):
        workflows.open_config(workflows.TreeRequest(config_root=str(tmp_path)))


def bootorder(argv: list[str], env: dict, python: str = sys.executable):
    env = {**{k: v for k, v in os.environ.items()
              if k not in ("PORTAGE_CONFIGROOT", "ROOT", "SYSROOT", "EPREFIX")}, **env}
    return subprocess.run([python, "-m", "bootorder", *argv], capture_output=True, text=True,
                          env=env, cwd=PROJECT)


def test_portage_configroot_through_the_command_line(tmp_path, corpus_dir):
    pytest.importorskip("portage")
    root = corpus_config(tmp_path / "board", corpus_dir)
    done = bootorder(["profile", "--json"], {"PORTAGE_CONFIGROOT": str(root)})
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["chain"][-1] == ":".join(SDK)
    assert answer["context"]["source"] == answer["context"]["profile_source"] == "live"
    assert any(f"{root}/etc/portage (PORTAGE_CONFIGROOT)" in note          # --json: the
               for note in answer["context"]["notes"])                     # notes travel there


def test_a_portage_in_a_virtualenv_reads_the_virtualenv_configuration(tmp_path, corpus_dir):
    """A virtualenv whose interpreter sees this one's packages (portage, bootorder):
    portage's EPREFIX is the virtualenv, so <venv>/etc/portage is the configuration."""
    pytest.importorskip("portage")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv)}))
    parent = sysconfig.get_path("purelib")
    (site / "parent.pth").write_text(f"import site; site.addsitedir({parent!r})\n")
    corpus_config(venv, corpus_dir)
    done = bootorder(["profile", "--json"], {}, python=str(venv / "bin" / "python"))
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["chain"][-1] == ":".join(SDK)
    assert any(f"{venv}/etc/portage (the installation prefix)" in note
               for note in answer["context"]["notes"])


@pytest.mark.parametrize("arch, expected", [
    ("amd64", "coreos-overlay:coreos/amd64/generic"),   # highest-priority repo first (dev)
    ("arm64", "coreos-overlay:coreos/arm64/generic"),
    ("x86", "portage-stable:default/linux/x86/23.0/i686"),   # stable before dev, exp
])
def test_default_profile_of_the_corpus(corpus_dir, arch, expected):
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    assert default_profile(tree, arch) == expected


def test_default_profile_prefers_stable(corpus_dir):
    tree = Tree.open([corpus_dir / "portage-stable"])
    assert default_profile(tree, "amd64") == "portage-stable:default/linux/amd64/23.0"
    statuses = [status for _, _, status in profile_candidates(tree, "amd64")]
    assert statuses == sorted(statuses, key=("stable", "dev", "exp").index)


def test_no_profile_for_the_host_architecture_stops_with_the_listed_ones():
    tree = Tree.open([example_repository_path()])
    with pytest.raises(BootorderError, match="none for riscv .* only for amd64, arm64"):
        default_profile(tree, "riscv")


@pytest.mark.parametrize("machine, arch", [
    ("x86_64", "amd64"), ("aarch64", "arm64"), ("i686", "x86"), ("armv7l", "arm"),
    ("ppc64le", "ppc64"), ("riscv64", "riscv"), ("s390x", "s390"), ("loongarch64", "loong"),
])
def test_host_arch(machine, arch):
    assert host_arch(machine) == arch
