"""What a root holds between the steps of a plan: its installed packages, as the resolver
reads them and as later steps list them.

A step run in ``/`` (catalyst's seed update, stage 3, stage 4) starts from what earlier
steps left there: :func:`after_step` gives the entries once a step's merges replaced the
installed packages of the same slot (and a ``--depclean`` step's ``unmerge`` removed
some). :func:`installed_tree` turns entries into an installed-package tree the resolver
reads (``HostModel("vdb", packages=...)``), each with the tree's metadata for its cpv
(or the entry's own ``metadata``), its recorded USE and its slot. :class:`Held` answers
portage's *satisfied* question for an edge: does an installed package match the atom,
its USE dependencies included (an installed package built without a flag does not
satisfy ``dep[flag]``)? :func:`read_vdb` reads a seed's ``/var/db/pkg`` as entries.

>>> from bootorder.tree.repository import Repository, Tree
>>> tree = Tree([Repository.from_dict("r", {
...     "a/b-1": {"SLOT": "0", "IUSE": "x", "EAPI": "8"},
...     "a/b-2": {"SLOT": "0", "IUSE": "x", "EAPI": "8"}})])
>>> state = after_step(tree, (Installed("a/b-1", ("x",)),), (Merge("a/b-2", "/"),))
>>> [(e.cpv, e.use) for e in state]
[('a/b-2', ())]
>>> held = Held(tree, (Installed("a/b-1", ("x",)),))
>>> held.satisfies("a/b[x]"), held.satisfies(">=a/b-2"), held.satisfies("a/b[-x]")
(True, False, False)
"""
from __future__ import annotations

from pathlib import Path

from ..core.errors import BootorderError
from ..core.reporter import NULL_REPORTER, Reporter
from ..resolver.candidates import use_dep_ok
from ..syntax.atom import Atom
from ..tree.repository import Repository, Tree
from ..tree.sources import DictSource
from .model import INSTALLED_METADATA, Installed, Merge

__all__ = ["after_step", "installed_tree", "Held", "read_vdb", "tree_package"]


def tree_package(tree, cpv: str, repo: str | None = None):
    """The tree's package ``cpv`` (from ``repo`` when given), or None."""
    found = [p for p in tree.match(Atom.parse(f"={cpv}")) if repo in (None, p.repo)]
    return found[-1] if found else None


def _metadata(tree, entry: Installed) -> dict[str, str]:
    """What the installed entry records: the tree's metadata (or its own), USE, SLOT."""
    if entry.metadata is not None:
        meta = dict(entry.metadata)
    else:
        pkg = tree_package(tree, entry.cpv, entry.repo)
        if pkg is None:
            raise BootorderError(f"installed {entry.cpv}: no repository of the tree has it "
                                 "and no metadata is given for it")
        meta = dict(pkg.metadata)
        meta.setdefault("repository", pkg.repo)
    meta["USE"] = " ".join(entry.use)
    if entry.slot:
        meta["SLOT"] = entry.slot
    if entry.repo:
        meta["repository"] = entry.repo
    return meta


def installed_tree(tree, entries) -> Tree:
    """The entries as an installed-package tree (packages with ``installed=True``)."""
    data = {e.cpv: _metadata(tree, e) for e in entries}
    return Tree([Repository("installed", DictSource(data), kind="vdb")])


def _slot_key(tree, entry_or_cpv, slot: str | None = None) -> tuple[str, str]:
    cpv = getattr(entry_or_cpv, "cpv", entry_or_cpv)
    if slot is None:
        meta = getattr(entry_or_cpv, "metadata", None)
        own = getattr(entry_or_cpv, "slot", None) or (dict(meta).get("SLOT") if meta else None)
        pkg = None if own else tree_package(tree, cpv)
        slot = own or (pkg.get("SLOT") if pkg is not None else "0")
    atom = Atom.parse(f"={cpv}")
    return atom.cp, (slot or "0").partition("/")[0]


def after_step(tree, entries, merges, unmerge=()) -> tuple[Installed, ...]:
    """``entries`` once ``merges`` (into this root) replaced the packages of their slot
    and ``unmerge`` (cpvs) was removed, sorted by cpv."""
    held = {_slot_key(tree, e): e for e in entries if e.cpv not in set(unmerge)}
    for merge in merges:
        held[_slot_key(tree, merge.cpv)] = Installed(merge.cpv, merge.use)
    return tuple(sorted(held.values(), key=lambda e: e.cpv))


class Held:
    """Portage's *satisfied*: does an installed package of a root match an atom?"""

    def __init__(self, tree, entries):
        self._by_cp: dict[str, list[tuple[Installed, str, str, frozenset]]] = {}
        for entry in entries:
            meta = _metadata(tree, entry)
            slot, _, sub = (meta.get("SLOT") or "0").partition("/")
            iuse = frozenset(f.lstrip("+-") for f in meta.get("IUSE", "").split())
            cp = Atom.parse(f"={entry.cpv}").cp
            self._by_cp.setdefault(cp, []).append((entry, slot, sub or slot,
                                                   iuse | frozenset(entry.use)))

    def versions(self, cp: str) -> tuple[str, ...]:
        """The installed cpvs of ``cp``."""
        return tuple(sorted(entry.cpv for entry, *_ in self._by_cp.get(cp, ())))

    def satisfies(self, atom_text: str, parent_use: frozenset[str] = frozenset()) -> bool:
        """True when an installed package matches ``atom_text``, USE dependencies
        included (``parent_use``: the dependent's USE, for ``dep[flag?]``)."""
        try:
            atom = Atom.parse(atom_text)
        except ValueError:
            return False
        if atom.blocker:
            return False
        return any(atom.matches(entry.cpv, slot, sub, entry.repo)
                   and use_dep_ok(atom, frozenset(entry.use), iuse, parent_use)
                   for entry, slot, sub, iuse in self._by_cp.get(atom.cp, ()))


def read_vdb(path, tree, reporter: Reporter = NULL_REPORTER) -> tuple[Installed, ...]:
    """The packages of an installed-package tree (``var/db/pkg``) as entries: cpv, USE,
    SLOT, repository, and the entry's own metadata when the tree lacks its version;
    what cannot be read reaches ``reporter`` as the command's problems."""
    vdb = Repository.open_vdb(Path(path), reporter)
    out = []
    for pkg in vdb.packages():
        own = None if tree_package(tree, pkg.cpv) is not None else tuple(
            (key, pkg.get(key)) for key in INSTALLED_METADATA if pkg.get(key))
        out.append(Installed(pkg.cpv, tuple(sorted(pkg.use)), pkg.origin if
                             pkg.get("repository") else None, pkg.get("SLOT") or None,
                             metadata=own))
    if not out:
        raise BootorderError(f"seed {path}: no installed package (expected a var/db/pkg "
                             "tree: CATEGORY/PF/ directories)")
    return tuple(out)
