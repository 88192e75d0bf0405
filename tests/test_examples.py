"""examples/*.py: each runs on the embedded example, says what it models, uses only the
public API, and prints what the library answers (checked against the metadata)."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


def run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, str(EXAMPLES / script), *args],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def metadata(cpv: str) -> dict:
    path = EXAMPLES / "repo" / "metadata" / "md5-cache" / cpv
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def test_there_are_examples():
    assert {p.name for p in SCRIPTS} >= {"stage1_closure.py", "why_package.py",
                                         "cycles_and_breaks.py", "toolchain_order.py"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_docstring_and_public_api_only(script):
    tree = ast.parse(script.read_text())
    doc = ast.get_docstring(tree)
    assert doc and len(doc.splitlines()[0]) > 20, "opens with a docstring saying what it models"
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.module.startswith(("bootorder", "__future__", "stage1_closure")) \
                or node.module in sys.stdlib_module_names, node.module
            assert not any(a.name.startswith("_") for a in node.names if a.name != "annotations")
            assert ".cli" not in node.module and "._" not in node.module
        if isinstance(node, ast.Attribute):
            assert not re.match(r"_[a-z]", node.attr), node.attr


def test_stage1_closure_lists_every_target_root_package():
    out = run("stage1_closure.py")
    counts = dict(re.findall(r"^(target|host): (\d+) packages", out, re.M))
    listed = re.findall(r"^  (\S+) ", out, re.M)
    assert len(listed) == int(counts["target"]) == len(set(listed))
    # every "why" names an atom that really is in the dependent's metadata
    whys = re.findall(r"^  (\S+)\s+(\w+DEPEND) (\S+) of (\S+)$", out, re.M)
    assert whys
    for cpv, cls, atom, dependent in whys:
        assert atom in metadata(dependent)[cls].split()


def test_why_package_gives_paths_and_flag_changes():
    out = run("why_package.py", "sys-devel/gcc")
    assert "in the target root (a target)" in out
    steps = re.findall(r"--(\w+) (\S+)(?: if [^-]+)?--> (\S+)", out)
    assert steps
    out = run("why_package.py", "gettext")
    changes = re.findall(
        r'USE="nls" for (\S+)  \((\S+)@\w+ (\w+) nls\? \( sys-devel/gettext \)\)', out)
    assert changes
    for cp, cpv, cls in changes:
        assert cpv.startswith(cp + "-")
        assert "nls? ( sys-devel/gettext )" in metadata(cpv)[cls]


def test_cycles_and_breaks_finds_the_xz_elt_patches_cycle():
    out = run("cycles_and_breaks.py")
    hard = [line for line in out.splitlines() if line.startswith("hard: ")]
    assert any("app-arch/xz-utils" in h and "app-portage/elt-patches" in h for h in hard)
    stated = re.findall(r"(\S+) \((\w+DEPEND) (\S+)\)", "\n".join(hard))  # not implicit
    assert stated
    for cpv, cls, atom in stated:
        assert atom in metadata(cpv)[cls].split()
    assert "bootstrap packages breaking the hard cycles:" in out


def test_toolchain_order_prints_the_library_answer():
    from bootorder.config.configuration import Config
    from bootorder.config.profile import Profile
    from bootorder.resolver.resolution import resolve
    from bootorder.toolchain.ordering import ToolchainSpec, toolchain_order
    from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
    tree = Tree.open([example_repository_path()])
    spec = ToolchainSpec()
    graph = resolve(Config(tree, Profile.load(tree, EXAMPLE_PROFILE)),
                    [spec.libc, spec.compiler, spec.binutils], host="empty")
    want = [e.cp for e in toolchain_order(graph, spec).entries]
    out = run("toolchain_order.py").splitlines()
    assert out[0] == " -> ".join(want)
    assert len(out) == 1 + len(want)
