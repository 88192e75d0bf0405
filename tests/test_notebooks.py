"""Every notebook in notebooks/ executes without error (nbclient), its objects show
themselves as HTML/SVG, its corpus cells run when the shared corpus is present (and
say how to get it when absent), and its drawings are skipped with a reason on a
machine without Graphviz (the README's test command must pass there)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
BOOKS = sorted(NOTEBOOKS.glob("*.ipynb"))

RICH = {  # notebook -> least number of text/html outputs it must show
    "01_stage1_closure.ipynb": 3,
    "02_cycles.ipynb": 2,
    "03_toolchain_order.ipynb": 1,
}
DRAWN = {  # notebook -> least number of SVG drawings it shows when Graphviz is there
    "01_stage1_closure.ipynb": 1,
    "02_cycles.ipynb": 1,
}


def execute(path: Path, shared: Path | None, **environ: str):
    book = nbformat.read(path, as_version=4)
    env = dict(os.environ)
    os.environ.update(environ)
    if shared is not None:
        os.environ["BOOTORDER_SHARED"] = str(shared)
    try:
        client = nbclient.NotebookClient(book, timeout=600, kernel_name="python3",
                                         resources={"metadata": {"path": str(NOTEBOOKS)}})
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(env)
    return book


def outputs(book, mime: str) -> int:
    return sum(mime in out.get("data", {}) for cell in book.cells
               if cell.cell_type == "code" for out in cell.get("outputs", ()))


def shared_or_none() -> Path | None:
    env = os.environ.get("BOOTORDER_SHARED")
    path = Path(env) if env else NOTEBOOKS.parent.parent / "shared"
    return path if (path / "corpus").is_dir() else None


def test_the_three_notebooks_are_there():
    assert {p.name for p in BOOKS} >= set(RICH)


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.name)
def test_notebook_executes(path):
    shared = shared_or_none()
    book = execute(path, shared)
    assert outputs(book, "text/html") >= RICH.get(path.name, 0)
    if shutil.which("dot"):
        assert outputs(book, "image/svg+xml") >= DRAWN.get(path.name, 0)
    text = "".join(out.get("text", "") for cell in book.cells if cell.cell_type == "code"
                   for out in cell.get("outputs", ()))
    if shared is None:
        assert "absent — the corpus cells skip" in text
    else:
        assert "shared corpus: " in text and "absent" not in text


def texts(book) -> str:
    return "".join(out.get("text", "") for cell in book.cells if cell.cell_type == "code"
                   for out in cell.get("outputs", ()))


def test_without_graphviz_or_corpus_the_drawings_and_corpus_cells_skip_saying_why(tmp_path):
    """PATH holds only this interpreter's directory (no Graphviz ``dot``), and the corpus
    is looked for where it is not."""
    import sys
    book = execute(NOTEBOOKS / "02_cycles.ipynb", None, PATH=str(Path(sys.executable).parent),
                   BOOTORDER_SHARED=str(tmp_path))
    text = texts(book)
    assert "Graphviz's dot is not installed: drawing skipped" in text
    assert "absent — the corpus cells skip" in text and "set BOOTORDER_SHARED" in text
    assert outputs(book, "image/svg+xml") == 0 and outputs(book, "text/html") >= 2
