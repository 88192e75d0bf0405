"""catalyst's seed update as a plan step: portage's ``@changed-subslot`` in the seed.

catalyst 4's ``targets/stage1/chroot.sh``, with the spec's ``update_seed: yes``, runs
in the seed (``ROOT=/``, the stage-1 ``portage_confdir`` in place, the profile's USE)
``emerge --buildpkg=n <update_seed_command>`` before stage 1, without the pkgcache
options (``setup_emerge_opts`` leaves them out while ``update_seed`` is ``yes``).
Flatcar's command (``build_library/catalyst.sh``) is ``--exclude ... --ignore-world y
--ignore-built-slot-operator-deps y @changed-subslot``: the plan uses those options,
with the user's ``--seed-exclude`` patterns.

``@changed-subslot`` is portage's ``SubslotChangedSet`` (``portage/_sets/dbapi.py``):
every installed package whose best visible ebuild in the same slot has another sub-slot,
as ``cat/pkg:SLOT``. Without ``--update``, emerge merges each of them again (the new
sub-slot) and what they need that the seed lacks; ``--exclude`` drops the packages its
patterns (``cat/pkg``, wildcards, ``:SLOT``) match.

>>> from bootorder.tree.repository import Repository, Tree
>>> from bootorder.plan.model import Installed
>>> tree = Tree([Repository.from_dict("r", {"a/b-2": {"SLOT": "0/2", "EAPI": "8",
...                                                    "KEYWORDS": "amd64"}})])
>>> class Config:
...     tree = tree
...     def visible(self, pkg): return True
>>> old = Installed("a/b-1", slot="0/1", metadata=(("SLOT", "0/1"), ("EAPI", "8")))
>>> changed_subslot(Config(), (old,))
('a/b:0',)
>>> excluded("cross-x86_64-cros-linux-gnu/gcc:0", ("cross-*-cros-linux-gnu/*",))
True
"""
from __future__ import annotations

import fnmatch

from ..core.depclass import BUILD_TIME
from ..graph.depgraph import NodeKey
from ..order.backtrack import resolve
from ..resolver.candidates import Candidates
from ..resolver.host import HostModel
from ..syntax.atom import Atom
from ..usechange.checks import check_graph
from .model import Step
from .request import SEED_UPDATE_OPTIONS
from .state import installed_tree, tree_package
from .steps import merges_of

__all__ = ["changed_subslot", "excluded", "seed_update_step", "serves", "SEED_ATOMS"]

SEED_ATOMS = ("@changed-subslot",)


def _slot_of(config, entry) -> str:
    if entry.slot:
        return entry.slot
    if entry.metadata is not None:
        return dict(entry.metadata).get("SLOT", "0")
    pkg = tree_package(config.tree, entry.cpv, entry.repo)
    return pkg.get("SLOT") if pkg is not None else "0"


def changed_subslot(config, seed) -> tuple[str, ...]:
    """The atoms of ``@changed-subslot`` for a seed holding ``seed`` (module docstring)."""
    candidates = Candidates(config)
    out = []
    for entry in seed:
        slot, _, sub = _slot_of(config, entry).partition("/")
        cp = Atom.parse(f"={entry.cpv}").cp
        best = candidates.first_visible(Atom.parse(f"{cp}:{slot or '0'}"))
        if best is not None and best.subslot != (sub or slot or "0"):
            out.append(f"{cp}:{slot or '0'}")
    return tuple(sorted(set(out)))


def excluded(atom: str, patterns) -> bool:
    """Does an ``--exclude`` pattern match the ``cat/pkg:SLOT`` atom?"""
    cp, _, slot = atom.partition(":")
    for pattern in patterns:
        name, _, want = pattern.partition(":")
        if fnmatch.fnmatchcase(cp, name) and (not want or want == slot):
            return True
    return False


def seed_update_step(s1, confdir: str, changes) -> tuple[Step, tuple]:
    """The seed update (``s1``: the stage-1 context, with the seed; ``changes``: the
    stage-1 confdir's USE changes) and the problems it meets."""
    request = s1.request
    emerge = ("--buildpkg=n", *(w for p in request.seed_exclude for w in ("--exclude", p)),
              *SEED_UPDATE_OPTIONS)
    config = s1.config(dict(request.make_conf()).get("USE"), changes)
    atoms = changed_subslot(config, s1.seed)
    wanted = [a for a in atoms if not excluded(a, request.seed_exclude)]
    host = HostModel("vdb", "seed", installed_tree(s1.tree, s1.seed))
    graph = resolve(config, wanted, host=host, implicit=False, root="host",
                    reporter=s1.reporter)
    merges = merges_of(graph, config, emerge, s1.seed, root="host")
    skipped = [a for a in atoms if a not in wanted]
    notes = (f"@changed-subslot is {', '.join(atoms) or 'empty'} for this seed",)
    if skipped:
        notes += (f"--exclude leaves {', '.join(skipped)} alone",)
    step = Step(name="seed-update", profile=s1.name, atoms=SEED_ATOMS,
                make_conf=request.make_conf(), config=confdir, emerge=emerge,
                installed=(("/", s1.seed),), merge=merges, why=_WHY, notes=notes)
    return step, check_graph(graph, config).problems


def serves(graph, cps) -> dict[str, tuple[str, ...]]:
    """``{cp: target cpvs}``: the packages of ``graph`` (stage 1 resolved on an empty
    host) with a build-time dependency on a host package of ``cp``, directly or through
    a virtual package."""
    out: dict[str, set[str]] = {cp: set() for cp in cps}
    for key in graph.nodes("target"):
        for cp in _build_needs(graph, key) & set(cps):
            out[cp].add(key.cpv)
    return {cp: tuple(sorted(found)) for cp, found in out.items()}


def _build_needs(graph, key: NodeKey) -> set[str]:
    """The cps a package's build-time dependencies name in the host root, virtuals
    looked through."""
    seen: set[NodeKey] = set()
    stack = [e.dep for e in graph.edges(key) if e.cls in BUILD_TIME and e.dep.root == "host"]
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            if graph.node(node)["cp"].startswith("virtual/"):
                stack.extend(e.dep for e in graph.edges(node) if e.dep.root == "host")
    return {graph.node(k)["cp"] for k in seen}


_WHY = (
    "catalyst's seed update (update_seed: yes), in the seed before stage 1, under stage "
    "1's portage_confdir and the profile's USE: every seed package whose sub-slot the "
    "tree has moved (@changed-subslot) is merged again, so that stage 1 builds against "
    "libraries the tree's ebuilds expect. No pkgcache options: catalyst leaves them out "
    "while update_seed is yes.")
