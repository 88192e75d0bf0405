"""bootorder.render.notation: a table of USE groupings and short atoms, then emerge as
the oracle: ``emerge --pretend --verbose`` on a portage-readable mirror of the corpus
prints each package's USE exactly as :class:`UseView` writes it (groups, order, forced
and masked flags in parentheses, hidden USE_EXPAND variables left out)."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from bootorder.graph.depgraph import NodeKey
from bootorder.render.notation import UseView, at, short_atoms, use_string


@pytest.mark.parametrize("enabled, disabled, options, text", [
    ([], [], {}, ""),
    (["b", "a"], ["d", "c"], {}, 'USE="a b -c -d"'),
    (["python_targets_python3_12"], ["python_targets_python3_13", "nls"],
     {"expand": ["PYTHON_TARGETS"]}, 'USE="-nls" PYTHON_TARGETS="python3_12 -python3_13"'),
    (["abi_x86_64"], ["abi_mips_n32", "abi_x86_32"],                 # another arch's: hidden
     {"expand": ["ABI_MIPS", "ABI_X86"], "hidden": ["ABI_MIPS"]}, 'ABI_X86="64 -32"'),
    (["cxx", "zstd"], ["nls", "test"], {"marked": {"cxx", "nls"}},   # forced, masked
     'USE="(cxx) zstd (-nls) -test"'),
    (["python_single_target_python3_12"], [],                        # longest prefix wins
     {"expand": ["PYTHON_TARGETS", "PYTHON_SINGLE_TARGET"]},
     'PYTHON_SINGLE_TARGET="python3_12"'),
])
def test_use_string(enabled, disabled, options, text):
    assert use_string(enabled, disabled, **options) == text


@pytest.mark.parametrize("text, short", [
    ("DEPEND >=dev-libs/mpfr-4.1.0:=[abi_x86_32(-)?,static-libs?]",
     "DEPEND >=dev-libs/mpfr-4.1.0:=[…]"),
    ("sys-libs/glibc[cet(-)?]", "sys-libs/glibc[cet(-)?]"),           # one flag: kept
    ("(app-arch/zstd: DEPEND app-arch/xz-utils [lzma?])",              # a USE condition
     "(app-arch/zstd: DEPEND app-arch/xz-utils [lzma?])"),
])
def test_short_atoms(text, short):
    assert short_atoms(text) == short


def test_a_package_in_a_root():
    assert at(NodeKey("sys-devel/gcc-15", "target")) == "sys-devel/gcc-15@target"


SDK = "coreos-overlay:coreos/amd64/sdk/transition"
PACKAGES = ["=sys-apps/file-5.48", "=sys-devel/gcc-15.3.0", "=sys-libs/glibc-2.43-r2",
            "=app-arch/bzip2-1.0.8-r5", "=dev-lang/python-3.12.13_p1"]


@pytest.mark.emerge
def test_use_as_emerge_verbose_prints_it(corpus_dir, tmp_path):
    pytest.importorskip("portage")
    from resolve_oracle import portage_config, portage_mirror

    from bootorder import Config, Profile, Tree
    mirror = portage_mirror(corpus_dir, tmp_path / "mirror")
    (tmp_path / "root").mkdir()
    emerge = os.path.join(os.path.dirname(sys.executable), "emerge")
    with portage_config(mirror, SDK, None):
        done = subprocess.run([emerge, "--pretend", "--verbose", "--oneshot", "--nodeps",
                               "--color=n", f"--root={tmp_path / 'root'}", *PACKAGES],
                              capture_output=True, text=True, timeout=600)
    theirs = dict(re.findall(r"^\[ebuild[^\]]*\] (\S+?)(?::\S*)?::\S+ to \S+ (.*?) \d+ KiB$",
                             done.stdout, re.M))
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    config = Config(tree, Profile.load(tree, SDK))
    view = UseView(config)
    ours = {}
    for atom in PACKAGES:
        pkg = tree.match(atom)[0]
        enabled = config.effective_use(pkg) & set(pkg.iuse)
        ours[pkg.cpv] = view.flags(pkg.cpv, pkg.repo, enabled, set(pkg.iuse) - enabled)
    assert len(theirs) == len(PACKAGES), done.stdout + done.stderr
    assert ours == theirs
