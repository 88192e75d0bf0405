"""bootorder.render.profile: a stacked profile as JSON and as text, hand-checked on the
embedded example's profile (its parent files, make.defaults and packages files); the
command prints exactly this JSON."""
from __future__ import annotations

import json

import pytest

from bootorder.config.profile import Profile
from bootorder.render.profile import profile_json, profile_text
from bootorder.tree.repository import EXAMPLE_PROFILE, Tree

SYSTEM = ["virtual/libc", "virtual/os-headers", "sys-devel/binutils", "sys-devel/gcc",
          "app-arch/xz-utils", "sys-libs/zlib"]
EXAMPLE = {
    # base <- default/linux <- (arch/amd64, default/linux/amd64), parents first
    "chain": ["bootorder-example:base", "bootorder-example:default/linux",
              "bootorder-example:arch/amd64", "bootorder-example:default/linux/amd64"],
    "packages_build": ["app-arch/xz-utils", "sys-libs/zlib", "virtual/os-headers",
                       "virtual/libc", "sys-devel/binutils", "sys-devel/gcc",
                       ">=sys-devel/m4-1.4.18",             # swapped in from packages
                       "sys-apps/baselayout", "app-alternatives/awk"],
    "system": SYSTEM,                                       # base/packages, '*' lines
    # USE="nls" then "${USE} zstd"; ARCH, ELIBC, KERNEL are implicit USE_EXPANDs
    "use": ["amd64", "elibc_glibc", "kernel_linux", "nls", "zstd"],
    "arch": "amd64", "accept_keywords": ["amd64"], "bootstrap_use": ["cxx"],
}
TEXT = """\
chain:
  bootorder-example:base
  bootorder-example:default/linux
  bootorder-example:arch/amd64
  bootorder-example:default/linux/amd64
arch: amd64
accept_keywords: amd64
bootstrap_use: cxx
packages_build:
  app-arch/xz-utils
  sys-libs/zlib
  virtual/os-headers
  virtual/libc
  sys-devel/binutils
  sys-devel/gcc
  >=sys-devel/m4-1.4.18
  sys-apps/baselayout
  app-alternatives/awk
system:
  virtual/libc
  virtual/os-headers
  sys-devel/binutils
  sys-devel/gcc
  app-arch/xz-utils
  sys-libs/zlib
use: amd64 elibc_glibc kernel_linux nls zstd"""


@pytest.fixture(scope="module")
def example_profile(example_dir):
    return Profile.load(Tree.open([example_dir / "repo"]), EXAMPLE_PROFILE)


def test_profile_json(example_profile):
    assert profile_json(example_profile) == EXAMPLE


def test_profile_text():
    assert profile_text(EXAMPLE) == TEXT


def test_an_empty_profile_text():
    doc = {"chain": [], "packages_build": [], "system": [], "use": [], "arch": "",
           "accept_keywords": [], "bootstrap_use": []}
    assert profile_text(doc).splitlines() == [
        "chain:", "arch: ", "accept_keywords: ", "bootstrap_use: ", "packages_build:",
        "system:", "use: "]


def test_the_command_prints_this_json(capsys, example_dir):
    from bootorder.cli import main
    assert main(["profile", "--repo", str(example_dir / "repo"), "--profile",
                 EXAMPLE_PROFILE, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed.pop("problems") == [] and printed.pop("context")["profile"] == EXAMPLE_PROFILE
    assert printed == EXAMPLE
