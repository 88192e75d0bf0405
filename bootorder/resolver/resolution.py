"""Resolution: targets + configuration + build host -> a :class:`DepGraph` in two roots.

``resolve(config, targets, host="seed", implicit=True, reporter=...) -> DepGraph`` turns
atoms and sets into the package instances emerge would merge and the edges between them
(the graph contract is in :mod:`bootorder.graph.depgraph`; ``graph.problems`` lists what could not
be satisfied, as :class:`bootorder.core.problems.Problem` values).

Roots (catalyst's stage 1): RDEPEND and PDEPEND are satisfied in the dependent's own
root; DEPEND, BDEPEND, HOSTDEPEND and IDEPEND on the build host (``host``: EAPI 7's
``ESYSROOT`` is ``/`` when catalyst sets only ``ROOT``). Targets go to ``target``.
Implicit edges (``implicit=True``, from :class:`bootorder.resolver.implicit.ImplicitModel`):
class ``DEPEND`` (the C library) lands in the package's own root, ``BDEPEND`` (compiler,
binutils) on the host.

Sysroot (``sysroot="target"``: a board build, ``ROOT=SYSROOT=/build/<board>``, or
crossdev's emerge-wrapper): DEPEND of a target package is satisfied in the target root
(what it links against), BDEPEND, HOSTDEPEND and IDEPEND on the build host, RDEPEND and
PDEPEND in the target root. For EAPI 0-6 (no BDEPEND) portage's depgraph
(``_add_pkg_deps``: ``depend_root = ESYSROOT`` only when the EAPI has BDEPEND, else the
running root) resolves DEPEND on the build host alone, not in both roots; so does
bootorder. ``host_config`` is the configuration governing the build host's root (the
SDK's profile in a board build, PORTAGE_CONFIGROOT's only for the target), else
``config`` governs both.

Build-host models (:class:`HostModel`):

``seed`` (default)
    The host already has every build dependency (catalyst's seed stage): each host atom
    gets an ``installed`` host node (the best visible package) that is not expanded.
``vdb:PATH``
    The host has exactly the packages of an installed-package tree; a host atom they
    satisfy points at the installed node, any other is resolved (and built) in the host
    root like ``empty``.
``empty``
    Nothing is installed: build dependencies are resolved into the host root,
    recursively, exactly as ``emerge --root=... `` does on an empty ``/``.

A ``vdb`` model may carry its installed packages as a :class:`~bootorder.tree.repository.Tree`
(``HostModel("vdb", packages=tree)``: what earlier steps of a plan left) instead of a path.

``root="host"`` resolves the targets in the host root itself, as emerge does with
``ROOT=/`` (catalyst's seed update, stage 3 and stage 4): every class then lands in one
root. A target is always a package to build, never an installed one (emerge merges its
arguments again unless told ``--noreplace``/``--update``).

Atoms the profile's ``package.provided`` satisfies pull in nothing (no node, no edge),
and neither does an any-of group with such an alternative, as in portage.
Package choice follows emerge's depgraph: a node already in that root's graph that
matches the atom, else the highest visible version whose USE meets the atom's USE
dependencies or could by a USE change; the change is then made, as emerge's autounmask
makes it, and the package resolved with it (a ``use-change`` problem, see
:mod:`bootorder.resolver.autounmask`); an atom no USE change may satisfy pulls in nothing
(a ``use-conflict`` problem). Any-of groups and virtual atoms are deferred until every
plain dependency found so far is in the graph and then decided like portage's
``dep_zapdeps`` (:mod:`bootorder.resolver.anyof`), with emerge's ``circular_dependency``
map when given (``circular``); a virtual's providers are chosen when the virtual is.
Both roots use the same configuration unless ``host_config`` is given (catalyst: emerge's
host and target configs read the same ``make.conf``).

>>> HostModel.parse("empty")
HostModel(kind='empty', path=None)
"""
from __future__ import annotations

from collections import defaultdict
from typing import Collection, Mapping, Sequence

from ..core.depclass import IN_ROOT
from ..core.errors import BootorderError, MetadataError
from ..core.gcpause import paused_gc
from ..core.problems import Problem, sorted_problems
from ..core.reporter import NULL_REPORTER, Reporter
from ..graph.depgraph import ROOTS, DepGraph, NodeKey
from ..syntax.atom import Atom
from ..syntax.depspec import AnyOf
from ..syntax.depwalk import split_deps
from ..syntax.eapi import parse_features
from ..syntax.version import cp_of
from .anyofwalk import AnyOfWalk
from .autounmask import NeededUse, UseDependencies, UseRestart
from .blockers import blocker_problems
from .candidates import Candidates
from .circular import CircularMap
from .host import HostModel, sysroot_of
from .restart import KeptWalk, Rewind
from .sets import SETS, expand_targets
from .walkproblems import WalkProblems
from .walkproblems import instance_label as _label

__all__ = ["resolve", "resolve_kept", "HostModel", "expand_targets", "CLASS_ORDER", "SETS"]

CLASS_ORDER = ("RDEPEND", "IDEPEND", "PDEPEND", "DEPEND", "BDEPEND", "HOSTDEPEND")
IMMEDIATE_VIRTUALS = 100
"""A virtual is expanded where it is met, like emerge; one met 100 virtuals deep (real
trees chain 2 or 3) waits on the stack like any package, so that a long chain of
virtuals is no recursion error."""
"""Order in which a package's dependency classes are walked (emerge's ``_add_pkg_deps``)."""


def resolve(config, targets: Sequence[str], *, host: str | HostModel = "seed",
            implicit: bool = True, reporter: Reporter = NULL_REPORTER,
            implicit_model=None, root: str = "target", sysroot: str = "/",
            host_config=None,
            circular: Mapping[NodeKey, Collection[NodeKey]] | None = None) -> DepGraph:
    """Resolve ``targets`` under ``config`` into a two-root :class:`DepGraph`.

    Parameters
    ----------
    config
        A :class:`bootorder.config.configuration.Config` (use ``Config.stage1`` for catalyst's stage 1).
    targets
        Atoms (``sys-devel/gcc``, ``>=dev-libs/gmp-6:0``) and sets (:data:`SETS`).
    host
        ``"seed"``, ``"empty"``, ``"vdb:PATH"`` or a :class:`HostModel`.
    implicit
        Add the implicit toolchain edges of :mod:`bootorder.resolver.implicit` (when available).
    implicit_model
        The model to use instead of the default ``ImplicitModel()``.
    root
        The root the targets go to: ``"target"`` (default) or ``"host"`` (``ROOT=/``).
    sysroot
        ``"/"`` (catalyst's stage 1: DEPEND on the build host) or ``"target"`` (a board
        or cross root: ``SYSROOT=ROOT``, DEPEND of EAPI 7 and later in the target root;
        see the module docstring, Sysroot).
    host_config
        The configuration governing the build host's root (a board build: the SDK's
        profile); ``None``: ``config`` governs both roots.
    circular
        emerge's ``circular_dependency`` map (:mod:`bootorder.order.backtrack`): per
        package instance, the packages that depended on it along a cycle emerge could
        not merge; an any-of alternative of it naming one of them is taken last.

    Returns
    -------
    DepGraph
        With ``problems``: every unsatisfiable atom (missing package, masked, missing
        keyword, no matching version), unknown sets, unparsable metadata and blockers
        between packages to merge (:mod:`bootorder.resolver.blockers`). Problems of the
        data read on the way (broken cache entries, installed-package faults) go to
        ``reporter.problem``.

    Notes
    -----
    Breadth of work is O(packages x dependency atoms) per run; a run ends in one restart
    with every USE change it found that reached a package already expanded.
    """
    return resolve_kept(config, targets, host=host, implicit=implicit, reporter=reporter,
                        implicit_model=implicit_model, root=root, sysroot=sysroot,
                        host_config=host_config, circular=circular)[0]


def resolve_kept(config, targets: Sequence[str], *, host: str | HostModel = "seed",
                 implicit: bool = True, reporter: Reporter = NULL_REPORTER,
                 implicit_model=None, root: str = "target", sysroot: str = "/",
                 host_config=None, circular: Mapping[NodeKey, Collection[NodeKey]] | None = None
                 ) -> tuple[DepGraph, KeptWalk]:
    """:func:`resolve`, with its walk kept for emerge's restarts
    (:class:`bootorder.resolver.restart.KeptWalk`)."""
    if root not in ROOTS:
        raise BootorderError(f"root {root!r}: expected one of {', '.join(ROOTS)}")
    model = _implicit_model(implicit, implicit_model)
    atoms, problems = expand_targets(config, targets)
    known: dict[NodeKey, dict[str, bool]] = {}
    with paused_gc(lasting=True):  # bulk construction of long-lived objects: see core.gcpause
        while True:
            resolver = _Resolver(config, HostModel.parse(host), model, reporter, known,
                                 circular or {}, sysroot_of(sysroot), host_config)
            resolver.problems.extend(problems)
            try:
                return resolver.run(atoms, root), KeptWalk(resolver)
            except UseRestart:  # a USE change reached a package already expanded
                known = resolver.needs.restart_with()


def _implicit_model(implicit: bool, given):
    if not implicit:
        return None
    if given is not None:
        return given
    try:
        from .implicit import ImplicitModel
    except ImportError:  # the implicit model is optional
        return None
    return ImplicitModel()


class _Resolver(UseDependencies, CircularMap, AnyOfWalk, WalkProblems, Rewind):
    """emerge's depgraph walk (see the module docstring); one use only."""

    def __init__(self, config, host: HostModel, model, reporter: Reporter,
                 known_use: dict[NodeKey, dict[str, bool]], circular: Mapping,
                 sysroot: str = "/", host_config=None):
        self.cand = Candidates(config)
        self.cands = {"target": self.cand, "host": self.cand if host_config is None
                      else Candidates(host_config)}
        self.configs = {"target": config, "host": host_config or config}
        self.sysroot = sysroot
        self.circular = circular
        self.circular_pkgs: dict[NodeKey, list] = {}
        self.config = config
        self.needs = NeededUse(known_use)
        self.done: set[NodeKey] = set()
        self.host = host
        self.model = model
        self.reporter = reporter
        self.graph = DepGraph()
        self.graph.sysroot = sysroot
        self.pkg: dict[NodeKey, object] = {}
        self.slots: dict[tuple[str, str, str], NodeKey] = {}
        self.by_cp: dict[tuple[str, str], list[NodeKey]] = defaultdict(list)
        self.existing_of: dict[tuple[int, str], tuple[Atom, int, NodeKey | None]] = {}
        self.use_of: dict[NodeKey, tuple] = {}
        self.stack: list[NodeKey] = []
        self.deferred: list[tuple] = []
        self.parent: dict[NodeKey, NodeKey | None] = {}
        self.immediate = 0  # virtuals being expanded in place, one inside the other
        self.problems: list[Problem] = []
        self.vdb = host.open(reporter) if host.kind == "vdb" else None
        self.expanded = 0
        self._start_record()
        self.provided: dict[str, list[str]] = defaultdict(list)
        for cpv in getattr(config.profile, "package_provided", ()):
            self.provided[cp_of(cpv)].append(cpv)

    # --- driver ---------------------------------------------------------------
    def run(self, atoms: list[tuple[str, Atom]], root: str = "target") -> DepGraph:
        for label, atom in atoms:
            key = self._select(atom, root, frozenset(), None, label, argument=True)
            if key is not None:
                self.graph.add_package(key.cpv, key.root, target=True)
        return self._go_on()

    def resume(self, item: tuple) -> DepGraph:
        """Go on from a deferred item (``(key, cls, root, items, index)``), the walk taken
        back to where it decided it (:mod:`bootorder.resolver.restart`)."""
        key, cls, root, items, index = item
        self._resolve_deferred(key, cls, root, items, index, top=True)
        return self._go_on()

    def _go_on(self) -> DepGraph:
        while self.stack or self.deferred:
            while self.stack:
                self._expand(self.stack.pop())
            if self.deferred:
                self.deferred_ops.append(None)
                self._resolve_deferred(*self.deferred.pop(), top=True)
        if self.needs.stale:
            raise UseRestart()
        self.problems.extend(blocker_problems(self, CLASS_ORDER))
        self.graph.problems = sorted_problems(self.problems + self._use_change_problems())
        return self.graph

    def _expand(self, key: NodeKey, immediate: bool = False) -> None:
        pkg = self.pkg[key]
        self.done.add(key)
        self.expansions.append(key)
        use = self._use(key, pkg)
        self.expanded += 1
        if self.expanded % 50 == 0:
            self.reporter.progress("resolve", self.expanded, None)
        for cls in CLASS_ORDER:
            tree = self._deps(key, pkg, cls)
            if tree is None or not tree.children:
                continue
            root = self.dep_root(key, pkg, cls)
            plain, deferred = split_deps(tree.children, use)
            for atom, conds in plain:
                self._add_dep(key, cls, root, atom, conds)
            if deferred:
                if immediate:
                    self._resolve_deferred(key, cls, root, deferred)
                else:
                    self.deferred.append((key, cls, root, deferred))
                    self.deferred_ops.append(self.deferred[-1])
        self._add_implicit(key, pkg)

    def dep_root(self, key: NodeKey, pkg, cls: str) -> str:
        """The root where ``pkg``'s class ``cls`` is satisfied (module docstring)."""
        if cls in IN_ROOT or (cls == "DEPEND" and self.sysroot == "target"
                              and parse_features(pkg.eapi).bdepend):
            return key.root
        return "host"

    def _deps(self, key: NodeKey, pkg, cls: str):
        try:
            return pkg.deps(cls)
        except MetadataError as err:
            self.problems.append(err.problem(_label(key), self._chain(key), cls,
                                             f"fix or regenerate the metadata cache: the {cls} "
                                             f"edges of {pkg.cpv} are left out"))
            return None
        except BootorderError as err:
            self.problems.append(Problem("bad-metadata", _label(key), cls, self._chain(key),
                                         str(err).splitlines()[0],
                                         "fix or regenerate the metadata cache", "error",
                                         pkg.source))
            return None

    def _add_implicit(self, key: NodeKey, pkg) -> None:
        if self.model is None:
            return
        for dep in self.model.deps_for(pkg):
            root = key.root if dep.cls == "DEPEND" else "host"
            self._add_dep(key, dep.cls, root, Atom.parse(dep.atom), (), implicit=True)

    def _resolve_deferred(self, key: NodeKey, cls: str, root: str, items: list,
                          start: int = 0, top: bool = False) -> None:
        """Decide ``items`` from ``start`` on; ``top``: an entry of the walk's own
        deferred stack (not a virtual's, expanded in place)."""
        use = self._use(key)
        for i in range(start, len(items)):
            node, conds = items[i]
            if isinstance(node, AnyOf):
                self._commit_group(key, cls, root, node, conds, use,
                                   (key, cls, root, items, i) if top else None)
            else:
                self._add_dep(key, cls, root, node, conds)

    # --- package selection ----------------------------------------------------
    def _peek(self, atom: Atom, root: str, parent_use):
        """The package ``atom`` would select in ``root`` now (no change to the graph)."""
        k = self._existing(atom, root)
        if k is not None:
            return self.pkg[k]
        inst = self._installed_pkg(atom, root)
        return inst if inst is not None else self.cands[root].best(atom, parent_use)

    def _existing(self, atom: Atom, root: str) -> NodeKey | None:
        """The highest node already in ``root`` that matches ``atom`` (emerge reuses it);
        the answer is kept until the atom's package gets another node in ``root``."""
        nodes = self.by_cp.get((root, atom.cp), ())
        known = self.existing_of.get((id(atom), root))  # the atom itself is kept: id unique
        if known is not None and known[0] is atom and known[1] == len(nodes):
            return known[2]
        found = None
        for k in nodes:
            p = self.pkg[k]
            if atom.matches(p.cpv, p.slot, p.subslot, p.repo) and \
                    (found is None or p.vobj > self.pkg[found].vobj):
                found = k
        self.existing_of[(id(atom), root)] = (atom, len(nodes), found)
        return found

    def _installed_pkg(self, atom: Atom, root: str):
        if root != "host" or self.host.kind == "empty":
            return None
        if self.host.kind == "seed":
            return None  # resolved from the tree, marked installed by _select
        found = self.vdb.match(atom.without_use())
        return found[-1] if found else None

    def _select(self, atom: Atom, root: str, parent_use, parent: NodeKey | None,
                label: str | None = None, cls: str | None = None,
                argument: bool = False) -> NodeKey | None:
        if self._is_provided(atom, parent_use):
            return None
        k = self._existing(atom, root)
        if k is not None:
            return k if self._use_deps(k, self.pkg[k], atom, parent_use, (parent, label, cls)) \
                else None
        best = self.cands[root].best(atom, parent_use)
        if best is not None:
            k = self.slots.get((root, best.cp, best.slot))
            if k is not None:
                self._slot_conflict(atom, k, best, parent)
        inst = None if argument else self._installed_pkg(atom, root)
        if inst is not None:
            return self._add_node(inst, root, parent, installed=True)
        if best is None:
            self._unsatisfied(atom, root, parent, label, cls)
            return None
        seeded = root == "host" and self.host.kind == "seed" and not argument
        if not seeded and not self._use_deps(NodeKey(best.cpv, root), best, atom, parent_use,
                                             (parent, label, cls)):
            return None
        return self._add_node(best, root, parent, installed=seeded)

    def _add_node(self, pkg, root: str, parent, installed: bool) -> NodeKey:
        key = NodeKey(pkg.cpv, root)
        if key in self.pkg:
            return key
        enabled, disabled = self.cands[root].node_use(pkg, self._use(key, pkg))
        self.graph.add_package(pkg.cpv, root, slot=pkg.slot, subslot=pkg.subslot or None,
                               repo=pkg.repo, use=enabled, use_disabled=disabled,
                               installed=installed)
        self.pkg[key] = pkg
        self.parent[key] = parent
        self.slots.setdefault((root, pkg.cp, pkg.slot), key)
        self.by_cp[(root, pkg.cp)].append(key)
        if not installed:
            if pkg.category == "virtual" and parent is not None \
                    and self.immediate < IMMEDIATE_VIRTUALS:
                self.immediate += 1                 # chosen with its providers, as dep_check
                try:
                    self._expand(key, immediate=True)
                finally:
                    self.immediate -= 1
            else:                                   # (an argument: its any-of wait, as emerge's)
                self.stack.append(key)
        return key

    def _add_dep(self, key: NodeKey, cls: str, root: str, atom: Atom, conds,
                 any_of=None, implicit: bool = False) -> None:
        dep = self._select(atom, root, self._use(key), key, cls=None if implicit else cls)
        if dep is None or self.needs.stale:  # a stale walk only looks for USE changes:
            return                           # its graph is dropped, nothing reads edges
        texts, not_taken = any_of if any_of else (None, ())
        self.edge_log.append((key, dep))
        self.graph.add_dep(key, dep, cls, atom=str(atom), use=tuple(conds), any_of=texts,
                           not_taken=not_taken, slot_operator=atom.slot_operator,
                           implicit=implicit)
