"""Target sets: what ``@system``, ``@world``, ``@stage1``, ``@all`` ... expand to under a
profile."""
from __future__ import annotations

from typing import Iterable

from ..core.problems import Problem
from ..syntax.atom import Atom

__all__ = ["SETS", "expand_targets"]

SETS = ("@system", "@world", "@selected", "@stage1", "@profile", "@all")
"""Sets a target may name: the profile's system set, world (= system, nothing selected),
the empty selected set, catalyst's stage-1 list, the profile's ``packages`` atoms, and
the whole tree: every slot of every package with a visible version, as ``cat/pkg:slot``
(the best visible version of each slot; masked packages and slots are left out)."""


def expand_targets(config, targets: Iterable[str]) -> tuple[list[tuple[str, Atom]], list[Problem]]:
    """``[(label, atom), ...]`` for atoms and ``@set`` names, and problems for unknown sets.

    Set members come sorted (as emerge expands them), except ``@stage1`` (catalyst's
    order); an invalid atom raises :class:`bootorder.syntax.atom.InvalidAtom` (bad user input).

    >>> import types
    >>> cfg = types.SimpleNamespace(profile=types.SimpleNamespace(system=("sys-apps/sed", "app-shells/bash")))
    >>> atoms, problems = expand_targets(cfg, ["@system", "dev-libs/gmp", "@nope"])
    >>> [(label, str(a)) for label, a in atoms], [p.kind for p in problems]
    ([('@system', 'app-shells/bash'), ('@system', 'sys-apps/sed'), ('dev-libs/gmp', 'dev-libs/gmp')], ['unknown-set'])
    """
    out: list[tuple[str, Atom]] = []
    problems: list[Problem] = []
    for text in targets:
        if not text.startswith("@"):
            out.append((text, Atom.parse(text)))
            continue
        members = _all_slots(config) if text == "@all" else _set_members(config.profile, text)
        if members is None:
            problems.append(Problem("unknown-set", None, text, (), f"no set named {text}",
                                    f"use one of {', '.join(SETS)}"))
            continue
        keep_order = text == "@stage1"
        for member in (members if keep_order else sorted(members)):
            out.append((text, Atom.parse(member)))
    return out, problems


def _all_slots(config) -> list[str]:
    """``cat/pkg:slot`` for every slot of the tree with a visible version (sorted)."""
    return [f"{cp}:{slot}" for cp in config.tree.cps()
            for slot in config.best_visible_per_slot(cp)]


def _set_members(profile, name: str):
    if name in ("@system", "@world"):
        return list(profile.system)
    if name == "@selected":
        return []
    if name == "@stage1":
        return list(profile.packages_build)
    if name == "@profile":
        return [str(a) for a in profile.profile_atoms]
    return None
