"""catalyst's stage-1 package list, computed exactly as ``targets/stage1/build.py`` does.

catalyst runs, in the seed chroot::

    pkgs      = stack_lists([grabfile_package(p + "/packages") for p in profiles], incremental=1)
    buildpkgs = stack_lists([grabfile_package(p + "/packages.build") for p in profiles],
                            incremental=1)
    for pkg in pkgs:                 # swap in the system set's versioned atoms
        try:
            i = buildpkgs.index(dep_getkey(pkg)); buildpkgs[i] = pkg.lstrip-one("*")
        except Exception: pass

Public API
----------
``stack_lists(lists) -> list[str]``
    ``portage.util.stack_lists(lists, incremental=1)``: parents first; ``-x`` removes
    ``x``; ``-*`` clears; an item added again after its removal goes to the end, one
    added again without a removal keeps its first position.
``grab_package_lines(path, reporter, packages=False) -> list[str]``
    ``portage.util.grabfile_package(path)`` (no EAPI restriction, no ``::repo``):
    invalid lines, such as ``-*`` outside a ``packages`` file, are reported with
    ``file:line`` and skipped.
``stage1_list(profile, reporter=None) -> tuple[str, ...]``
    The list catalyst passes to ``emerge`` (atoms as text, in order).

>>> stack_lists([["a", "b", "c"], ["-b", "b", "a"]])
['a', 'c', 'b']
"""
from __future__ import annotations

from pathlib import Path

from ..core.reporter import NULL_REPORTER, Reporter
from .files import read_lines


def stack_lists(lists) -> list[str]:
    """Incremental stacking of lists of strings (see module docstring)."""
    out: dict[str, None] = {}
    for lst in lists:
        for tok in lst:
            if tok == "-*":
                out.clear()
            elif tok.startswith("-"):
                out.pop(tok[1:], None)
            else:
                out[tok] = None
    return list(out)


def grab_package_lines(path: Path, reporter: Reporter = NULL_REPORTER,
                       packages: bool = False) -> list[str]:
    """Lines of a package list file, validated like ``grabfile_package``."""
    from ..syntax.atom import Atom, InvalidAtom
    out = []
    for ln in read_lines(path, recursive=False):
        text = ln.text
        if packages and text == "-*":
            out.append(text)
            continue
        bare = text[1:] if text.startswith("-") else text
        if packages and bare.startswith("*"):
            bare = bare[1:]
        try:
            atom = Atom.parse(bare)
            if atom.repo:
                raise InvalidAtom(bare, "a repository (::) is not allowed here")
        except InvalidAtom as err:
            ln.skipped(reporter, f"{err}; line skipped")
            continue
        out.append(text)
    return out


def _dep_getkey(text: str) -> str | None:
    """``portage.dep.dep_getkey``: the cp of an atom; ``*cat/pkg`` stays as it is."""
    from ..syntax.atom import Atom, InvalidAtom
    if text.startswith("*"):
        # portage parses "*cat/pkg" as a wildcard atom whose cp keeps the star, and
        # rejects "*" before an operator: neither can equal a packages.build entry.
        return None
    try:
        return Atom.parse(text).cp
    except InvalidAtom:
        return None


def stage1_list(profile, reporter: Reporter | None = None) -> tuple[str, ...]:
    """catalyst's stage-1 list for ``profile`` (a :class:`bootorder.config.profile.Profile`).

    Invalid lines are reported through ``reporter`` (default: the profile's).
    """
    reporter = reporter or getattr(profile, "reporter", None) or NULL_REPORTER
    paths = [Path(p) for p in profile.paths]
    pkgs = stack_lists(grab_package_lines(p / "packages", reporter, packages=True)
                       for p in paths)
    build = stack_lists(grab_package_lines(p / "packages.build", reporter) for p in paths)
    for pkg in pkgs:
        key = _dep_getkey(pkg)
        if key is None or key not in build:
            continue
        build[build.index(key)] = pkg[1:] if pkg.startswith("*") else pkg
    return tuple(build)
