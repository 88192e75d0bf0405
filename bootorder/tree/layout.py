"""A repository's ``metadata/layout.conf``, its name and its ``profiles/eapi``, read as
portage reads them (problems reported, never fatal).

>>> valid_repo_name("my repo")
'my-repo'
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ..core.problems import in_file, printable
from ..core.reporter import NULL_REPORTER, Reporter

__all__ = ["check_repo_eapi", "read_layout_conf", "repo_name_of", "valid_repo_name"]


def read_layout_conf(path: Path, reporter: Reporter = NULL_REPORTER) -> dict[str, str]:
    """``metadata/layout.conf`` as a dict (missing file: empty dict).

    >>> read_layout_conf(Path("/nonexistent"))
    {}
    """
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    layout = {}
    for num, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        key, sep, value = line.partition("=")
        if not sep:
            reporter.problem(in_file("bad-profile", path, f"malformed layout.conf line "
                                     f"'{printable(line, 60)}' skipped", line=num,
                                     severity="warning"))
            continue
        layout[key.strip()] = value.strip()
    return layout


def repo_name_of(path: Path, layout: Mapping[str, str], reporter: Reporter) -> str:
    """``profiles/repo_name`` (or layout.conf's ``repo-name``), made valid as portage
    makes it (PMS 3.1.5: characters outside ``[A-Za-z0-9_-]`` become ``-``)."""
    name_file = path / "profiles" / "repo_name"
    try:
        written = name_file.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0].strip()
    except OSError:
        written = ""
    written = layout.get("repo-name", written) or written
    if not written:
        name = valid_repo_name("x-" + path.name)
        reporter.problem(in_file("bad-name", name_file, f"missing: the repository is named "
                                 f"{name!r} after its directory, as portage names it",
                                 severity="warning", fix="write the name into profiles/repo_name"))
        return name
    name = valid_repo_name(written)
    if name != written:
        reporter.problem(in_file(
            "bad-name", name_file, f"'{printable(written, 60)}' is not a valid repository "
            f"name (PMS 3.1.5: [A-Za-z0-9_-], not starting with '-'): used as {name!r}, as "
            "portage does", line=1, severity="warning", fix="fix profiles/repo_name"))
    return name


_NOT_IN_NAME = re.compile(r"[^\w-]", re.ASCII)


def valid_repo_name(text: str) -> str:
    """``text`` made a valid repository name the way portage makes it (characters
    outside ``[A-Za-z0-9_-]`` become separators, leading ``-`` dropped; ``x-`` when
    nothing is left).

    >>> valid_repo_name("gentoo"), valid_repo_name("../../evil/x"), valid_repo_name("..")
    ('gentoo', 'evil-x', 'x-')
    """
    name = "-".join(_NOT_IN_NAME.sub(" ", text.strip()).split()).lstrip("-")
    return name or "x-"


def check_repo_eapi(path: Path, reporter: Reporter) -> None:
    """Report a ``profiles/eapi`` portage would not use: not exactly one line (read as
    ``0``), or an unsupported EAPI (repository-level files then read without EAPI
    restrictions, as portage reads them)."""
    from ..syntax.eapi import is_known
    eapi_file = path / "profiles" / "eapi"
    try:
        rows = eapi_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return
    if len(rows) != 1:
        reporter.problem(in_file("bad-profile", eapi_file, f"{len(rows)} lines, not exactly "
                                 "one: EAPI 0 is used, as portage does", severity="warning",
                                 fix="write the EAPI on one line"))
    elif not is_known(rows[0].strip()):
        reporter.problem(in_file(
            "unknown-eapi", eapi_file, f"EAPI '{printable(rows[0].strip(), 40)}' is not "
            "supported: the repository's profiles/ files are read without EAPI "
            "restrictions, as portage reads them", line=1, severity="warning",
            fix="use a supported EAPI"))
