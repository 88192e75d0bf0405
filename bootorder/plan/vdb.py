"""Installed-package entries (``var/db/pkg/CAT/PF/``) for a replay, as portage writes
them after a merge.

Each :class:`~bootorder.plan.model.Installed` entry becomes a directory with the
tree's metadata for that cpv (or the entry's own ``metadata`` when the tree lacks the
version: an old seed), ``USE`` as given, the five dependency classes reduced with that
USE (portage's ``use_reduce``), and every ``:=`` bound to the sub-slot of the installed
package that satisfies it, as portage's ``evaluate_slot_operator_equal_deps`` records
it: RDEPEND, PDEPEND, IDEPEND and DEPEND to a package of the same root, BDEPEND to one
of ``/`` (left ``cat/pkg:=`` when nothing installed matches, as portage does for
package.provided). An entry's ``CONTENTS`` is empty (``quickpkg`` needs the file).

portage (the ``portage`` extra) does the reduction and the binding; it is imported
only when an entry is written.
"""
from __future__ import annotations

import time
from pathlib import Path

from ..core.errors import BootorderError
from .mirror import read_cache_entry

__all__ = ["DEP_KEYS", "write_vdb", "entry_metadata", "slots_of"]

DEP_KEYS = ("DEPEND", "RDEPEND", "PDEPEND", "IDEPEND", "BDEPEND")
COPIED_KEYS = ("EAPI", "SLOT", "IUSE", "KEYWORDS", "LICENSE", "RESTRICT", "PROPERTIES",
               "DEFINED_PHASES", "INHERITED", "REQUIRED_USE", "DESCRIPTION", "HOMEPAGE")


def entry_metadata(repos: dict[str, Path], entry) -> tuple[str, dict[str, str]]:
    """``(repository name, metadata)`` of an installed entry: its own ``metadata``, or
    the md5-cache entry of the first repository (or the entry's ``repo``) holding it."""
    if entry.metadata is not None:
        return entry.repo or next(iter(repos)), dict(entry.metadata)
    names = [entry.repo] if entry.repo else list(repos)
    for name in names:
        path = repos.get(name)
        if path is not None and (Path(path) / "metadata" / "md5-cache" / entry.cpv).is_file():
            return name, read_cache_entry(path, entry.cpv)
    raise BootorderError(f"installed {entry.cpv}: no repository of the tree has it and the "
                         "plan gives no 'metadata' for it")


def slots_of(repos: dict[str, Path], entries) -> dict[str, str]:
    """``{cpv: SLOT[/SUBSLOT]}`` of installed entries (the entry's ``slot`` first)."""
    return {e.cpv: e.slot or entry_metadata(repos, e)[1].get("SLOT", "0") for e in entries}


def _bind(depstr: str, use: set[str], eapi: str, slots: dict[str, str]) -> str:
    """``use_reduce`` ``depstr`` then bind each ``:=`` to an installed match."""
    from portage.dep import Atom, match_from_list, paren_enclose, use_reduce
    from portage.versions import _pkg_str, best

    pkgs = [_pkg_str(cpv, slot=slot) for cpv, slot in slots.items()]

    def bind(struct):
        for i, item in enumerate(struct):
            if isinstance(item, list):
                bind(item)
            elif isinstance(item, Atom) and item.slot_operator == "=":
                found = match_from_list(item, pkgs)
                if found:
                    chosen = best(found)
                    struct[i] = item.with_slot(f"{chosen.slot}/{chosen.sub_slot}=")
        return struct

    return paren_enclose(bind(use_reduce(depstr, uselist=use, eapi=eapi, token_class=Atom)))


def write_vdb(eroot: Path, repos: dict[str, Path], entries,
              host_slots: dict[str, str] | None = None) -> None:
    """Write ``eroot/var/db/pkg`` for ``entries`` (see the module docstring);
    ``host_slots``: the sub-slots of ``/``'s entries, for BDEPEND (None: this root)."""
    slots = slots_of(repos, entries)
    for counter, entry in enumerate(entries, start=1):
        repo, meta = entry_metadata(repos, entry)
        directory = Path(eroot) / "var" / "db" / "pkg" / entry.cpv
        directory.mkdir(parents=True)
        use = set(entry.use)
        files = {key: meta.get(key, "") for key in COPIED_KEYS}
        files.update(EAPI=files["EAPI"] or "0", SLOT=slots[entry.cpv],
                     USE=" ".join(sorted(use)), repository=repo, COUNTER=str(counter),
                     BUILD_TIME=str(int(time.time())), CONTENTS="")
        for key in DEP_KEYS:
            bind_in = host_slots if key == "BDEPEND" and host_slots is not None else slots
            files[key] = _bind(meta.get(key, ""), use, files["EAPI"], bind_in)
        for key, value in files.items():
            (directory / key).write_text(value + "\n" if value or key != "CONTENTS" else "")
