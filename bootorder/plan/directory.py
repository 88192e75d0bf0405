"""The plan directory on disk (PLAN.md): ``plan.json``, ``steps/NN-NAME/...``, ``README``.

``write_tree(path, data, files, readme)`` writes ``data`` as ``plan.json`` (one-space
indentation, keys in PLAN.md's order, a final newline: the same plan gives the same
bytes), every ``files`` entry (path relative to the directory, under ``steps/``), the
``README``, and an empty directory for a step's ``config`` that ships no file (catalyst
checks that ``portage_confdir`` exists). A directory that already holds a plan is
replaced; any other non-empty directory is refused. ``read_tree(path)`` returns
``(data, files)`` with every file under ``steps/`` and ``overlays/`` (the
repositories a plan ships).

>>> import tempfile
>>> d = tempfile.mkdtemp()
>>> write_tree(d, {"format": 1, "steps": [{"config": "steps/01-a/portage"}]},
...            {"steps/01-a/portage/package.use/x": "a/b c\\n"}, "Run it.\\n")
>>> data, files = read_tree(d)
>>> data["format"], files
(1, {'steps/01-a/portage/package.use/x': 'a/b c\\n'})
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path, PurePosixPath

from ..core.errors import BootorderError

__all__ = ["write_tree", "read_tree", "PLAN_FILE", "README_FILE"]

PLAN_FILE = "plan.json"
SHIPPED = (("steps",), ("overlays",))
"""The directories holding a plan's files (``overlays/``: the repositories it ships)."""
README_FILE = "README"


def _inside(rel: str) -> PurePosixPath:
    """``rel`` as a path that stays inside the plan directory, under ``steps/`` or
    ``overlays/``."""
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or path.parts[:1] not in SHIPPED:
        raise BootorderError(f"plan file {rel!r}: paths are relative, under steps/ "
                             "or overlays/")
    return path


def write_tree(path, data: dict, files: dict[str, str], readme: str) -> None:
    """Write a plan directory (see the module docstring)."""
    root = Path(path)
    if root.exists() and any(root.iterdir()) and not (root / PLAN_FILE).is_file():
        raise BootorderError(f"{root}: exists, is not empty and holds no {PLAN_FILE}: "
                             "give a new or empty directory")
    root.mkdir(parents=True, exist_ok=True)
    for (top,) in SHIPPED:
        shutil.rmtree(root / top, ignore_errors=True)
    for step in data.get("steps", []):
        for key in ("config", "host_config"):
            if step.get(key):
                (root / _inside(step[key])).mkdir(parents=True, exist_ok=True)
    for rel, text in sorted(files.items()):
        target = root / _inside(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (root / PLAN_FILE).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n",
                                  encoding="utf-8")
    (root / README_FILE).write_text(readme, encoding="utf-8")


def read_tree(path) -> tuple[dict, dict[str, str]]:
    """``(plan.json's data, {relative path: text} of every file under steps/ and
    overlays/)``."""
    root = Path(path)
    plan_file = root / PLAN_FILE
    if not plan_file.is_file():
        raise BootorderError(f"{root}: no {PLAN_FILE} (not a plan directory)")
    try:
        data = json.loads(plan_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise BootorderError(f"{plan_file}:{err.lineno}:{err.colno}: {err.msg}") from None
    files = {}
    found = [f for (top,) in SHIPPED if (root / top).is_dir() for f in (root / top).rglob("*")]
    for file in sorted(found):
        if file.is_file() and not file.is_symlink():
            rel = file.relative_to(root).as_posix()
            try:
                files[rel] = file.read_text(encoding="utf-8")
            except UnicodeDecodeError as err:
                raise BootorderError(f"{file}: not UTF-8 text ({err.reason})") from None
    return data, files
