"""The package's shape: import-linter's contracts of pyproject.toml hold (lower layers
never import higher ones; only the command line and the workflows format output), the
import graph of bootorder has no cycle even counting imports inside functions (grimp's
graph, networkx's simple_cycles), and no module outgrows 600 lines (nor 500, STYLE.md's
target)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import networkx as nx
import pytest

import bootorder

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE = Path(bootorder.__file__).resolve().parent
LIMIT, TARGET = 600, 500


def test_import_linter_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    if not lint_imports.exists():
        pytest.fail("lint-imports is missing: install the test extra (import-linter)")
    done = subprocess.run([str(lint_imports), "--no-cache", "--config",
                           str(PROJECT / "pyproject.toml")],
                          cwd=PROJECT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 2 kept, 0 broken." in done.stdout


@pytest.fixture(scope="module")
def import_graph() -> nx.DiGraph:
    """bootorder's modules, an edge for every direct import (at module level or inside
    a function: grimp reads every import statement)."""
    graph = grimp.build_graph("bootorder", cache_dir=None)
    g = nx.DiGraph()
    g.add_nodes_from(graph.modules)
    g.add_edges_from((m, imported) for m in graph.modules
                     for imported in graph.find_modules_directly_imported_by(m))
    return g


def test_the_import_graph_holds_every_module_and_function_level_imports(import_graph):
    modules = {".".join(("bootorder", *p.relative_to(PACKAGE).with_suffix("").parts))
               .removesuffix(".__init__") for p in PACKAGE.rglob("*.py")}
    assert set(import_graph) == modules
    # imported inside run() only: the graph must see it, or cycles could hide there
    assert import_graph.has_edge("bootorder.cli.order", "bootorder.workflows")


def test_no_import_cycle(import_graph):
    cycles = sorted(c[c.index(min(c)):] + c[:c.index(min(c))] + [min(c)]
                    for c in nx.simple_cycles(import_graph))
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def module_lines() -> dict[str, int]:
    return {str(p.relative_to(PACKAGE.parent)): len(p.read_text().splitlines())
            for p in sorted(PACKAGE.rglob("*.py"))}


def over(limit: int) -> dict[str, int]:
    return {name: n for name, n in module_lines().items() if n > limit}


def listing(sizes: dict[str, int]) -> str:
    return "\n".join(f"  {name}: {n} lines" for name, n in sorted(sizes.items())) or "  none"


def test_no_module_exceeds_600_lines():
    assert not over(LIMIT), (f"modules over {LIMIT} lines:\n{listing(over(LIMIT))}\n"
                             f"modules over {TARGET} lines:\n{listing(over(TARGET))}")


def test_no_module_exceeds_500_lines():
    assert not over(TARGET), f"modules over {TARGET} lines:\n{listing(over(TARGET))}"


def test_the_line_count_sees_every_module():
    sizes = module_lines()
    assert "bootorder/workflows.py" in sizes and "bootorder/syntax/_lalr.py" in sizes
    assert max(sizes.values()) > 100 and all(n >= 0 for n in sizes.values())
