"""The tests mirror the package: each test directory is a subpackage of bootorder, every
module of bootorder is imported by name by at least one test file (the doctest loop
does not count), and every test file opens with a docstring saying what it checks."""
from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import bootorder

TESTS = Path(__file__).resolve().parent
PACKAGE = Path(bootorder.__file__).resolve().parent
MODULES = sorted(name for _, name, _ in pkgutil.walk_packages(bootorder.__path__, "bootorder."))
TEST_FILES = sorted(TESTS.rglob("test_*.py"))


def imported_by(path: Path) -> set[str]:
    """Module names an ``import`` or ``from ... import`` of ``path`` names (a name
    imported from a package counts as its submodule too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_every_module_is_imported_by_a_test():
    seen = set().union(*(imported_by(p) for p in TEST_FILES if p.name != "test_doctests.py"))
    assert [m for m in ["bootorder", *MODULES] if m not in seen] == []


def test_test_directories_are_subpackages():
    directories = {p.name for p in TESTS.iterdir() if p.is_dir() and any(p.glob("test_*.py"))}
    subpackages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert directories == subpackages


def test_every_test_file_says_what_it_checks():
    assert [str(p.relative_to(TESTS)) for p in TEST_FILES
            if not ast.get_docstring(ast.parse(p.read_text()))] == []
