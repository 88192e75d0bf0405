"""Consistency checks of a resolved graph under its configuration, each with a fix.

Checks
------
``required-use``
    a package's effective USE violates its ``REQUIRED_USE`` (stage 1's ``USE="-*"``
    wipes IUSE defaults, so ``^^ ( gawk busybox mawk nawk )`` of app-alternatives/awk
    has no flag left). The fix is the repair :func:`fix_required_use` finds
    (preferring the package's IUSE defaults, never touching forced or masked flags);
    :func:`check_graph` re-resolves with it (given a ``resolve`` callable) and says
    what the fix pulls in.
``use-conflict``, ``use-change``
    an edge's atom asks for USE the chosen package does not have under the
    configuration (``dep[flag]``, ``dep[-flag]``, ``dep[flag?]``, ... with ``(+)``/``(-)``
    defaults for flags the package lacks). The fix is a ``package.use`` line for the
    dependency, or, when the flag is forced/masked or missing, a statement of that. When
    the resolver made the change, as emerge's autounmask does, the problem is its
    ``use-change`` one (with the line emerge prints).
unsatisfied atoms
    recorded by the resolver (``missing-package``, ``masked``, ``missing-keyword``,
    ``no-match``); :func:`fix_text` renders the fix when the resolver left none.

Every problem carries the chain of packages that pulled it in (shortest, from a
target) and the run goes on: checks collect, never raise on bad data.

Public API
----------
``check_graph(graph, config, *, resolve=None, reporter=...) -> CheckReport``
    every check; ``resolve(config) -> DepGraph`` re-resolves the same targets to say
    what each REQUIRED_USE fix pulls in. ``CheckReport``: ``findings`` (:class:`Finding`:
    ``problem``, ``changes``, ``pulls_in``, ``remaining``, ``node``), ``problems``,
    ``changes``, ``fixed_config(config)`` (every USE fix applied), ``to_json()``.
``forced_config(config, changes)``
    a configuration with per-package forced/masked flags (what survives ``-*``).
``required_use_holds(spec, use)``, ``violations(spec, use)``,
``fix_required_use(spec, use, defaults=, fixed=)``, ``fix_text(problem, config)``.

Under ``USE="-* ..."`` (stage 1) the USE fix is a ``package.use.force`` line (the
environment's ``-*`` wipes ``package.use``, as it does in catalyst); otherwise a
``package.use`` line.

REQUIRED_USE is evaluated and repaired by :mod:`bootorder.syntax.required_use` (portage's
``check_required_use`` semantics).

>>> from bootorder.syntax.parse import parse_required_use
>>> spec = parse_required_use("^^ ( gawk busybox mawk nawk )")
>>> [c.line() for c in use_changes("app-alternatives/awk", set(),
...                              fix_required_use(spec, set(), defaults={"gawk"}))]
['app-alternatives/awk gawk']
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable

from ..config.configuration import Config
from ..core.errors import BootorderError
from ..core.problems import Problem, sorted_problems
from ..core.reporter import NULL_REPORTER, Reporter
from ..core.usechange import UseChange, with_values
from ..graph.depgraph import DepGraph, NodeKey, edge_value
from ..graph.queries import bfs_parents
from ..resolver.candidates import unmet_use_deps
from ..syntax.atom import Atom
from ..syntax.parse import parse_required_use
from ..syntax.required_use import fix_required_use, required_use_holds, violations

__all__ = ["check_graph", "CheckReport", "Finding", "forced_config", "fix_text",
           "use_changes", "label", "package_of"]


def use_changes(cp: str, before, after, reason: str = "") -> tuple[UseChange, ...]:
    """The :class:`~bootorder.core.usechange.UseChange` values turning USE ``before``
    into ``after``, sorted.

    >>> [c.line() for c in use_changes("a/b", {"x"}, {"y"})]
    ['a/b -x', 'a/b y']
    """
    before, after = set(before), set(after)
    return tuple(sorted([UseChange(cp, f, True, reason) for f in after - before]
                        + [UseChange(cp, f, False, reason) for f in before - after],
                        key=lambda c: (c.flag, c.enable)))


def forced_config(config: Config, changes) -> Config:
    """``config`` with ``changes`` forced (on) or masked (off) per package, above the
    profile (see :mod:`bootorder.config.overrides`)."""
    return config.with_changes(forced_use=(*config.forced_use, *changes))


# -- findings ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Finding:
    """A problem and, when the fix is a USE change, the change and what it pulls in.

    ``pulls_in``: the package instances the fixed package depends on, or the graph
    holds, once re-resolved with ``changes``, that it did not before (None when it was
    not re-resolved); ``remaining``: the problems the re-resolved graph still has for
    the same package; ``node``: the package instance the problem is about.
    """

    problem: Problem
    changes: tuple[UseChange, ...] = ()
    pulls_in: tuple[NodeKey, ...] | None = None
    remaining: tuple[Problem, ...] = ()
    node: NodeKey | None = None

    def to_json(self) -> dict:
        data = self.problem.to_json()
        data["use_changes"] = [c.line() for c in self.changes]
        data["pulls_in"] = None if self.pulls_in is None else [
            {"cpv": k.cpv, "root": k.root} for k in self.pulls_in]
        return data


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Every finding of :func:`check_graph`, sorted like their problems."""

    findings: tuple[Finding, ...]

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(f.problem for f in self.findings)

    @property
    def changes(self) -> tuple[UseChange, ...]:
        """Every USE change the fixes ask for, sorted, without repeats."""
        return tuple(sorted({c for f in self.findings for c in f.changes}))

    def fixed_config(self, config: Config) -> Config:
        """``config`` with every USE fix applied (forced/masked per package)."""
        return forced_config(config, self.changes) if self.changes else config

    def to_json(self) -> list[dict]:
        return [f.to_json() for f in self.findings]


def check_graph(graph: DepGraph, config: Config, *,
                resolve: Callable[[Config], DepGraph] | None = None,
                reporter: Reporter = NULL_REPORTER) -> CheckReport:
    """Check ``graph`` (resolved under ``config``): its own problems with a fix each,
    REQUIRED_USE violations and unsatisfied USE dependencies.

    ``resolve(config) -> DepGraph`` re-resolves the same targets under another
    configuration; when given, every REQUIRED_USE fix is re-resolved alone to say what
    it pulls in. The graph is not changed.
    """
    chains = _Chains(graph)
    made = {(p.package, p.atom): p for p in graph.problems if p.kind == "use-change"}
    use_deps = [_made(f, made) for f in use_dep_findings(graph, config, chains)]
    covered = {(f.problem.package, f.problem.atom) for f in use_deps}
    found = [Finding(_with_fix(p, config)) for p in graph.problems
             if p.kind != "use-change" or (p.package, p.atom) not in covered]
    required = list(required_use_findings(graph, config, chains, reporter))
    if resolve is not None:
        cached: dict[tuple[UseChange, ...], DepGraph] = {}

        def again(changes):  # the host and target instances of a package share a fix
            if changes not in cached:
                cached[changes] = resolve(forced_config(config, changes))
            return cached[changes]
        required = [_re_resolved(f, graph, config, again) for f in required]
    found += required
    found += use_deps
    order = {p: i for i, p in enumerate(sorted_problems(f.problem for f in found))}
    unique = {f.problem: f for f in found}
    return CheckReport(tuple(sorted(unique.values(), key=lambda f: order[f.problem])))


class _Chains:
    """Shortest chains from a target to each node (computed once per graph)."""

    def __init__(self, graph: DepGraph):
        self.parent = bfs_parents(graph, graph.targets())

    def __call__(self, key: NodeKey) -> tuple[str, ...]:
        if key not in self.parent:
            return (label(key),)
        nodes = [key]
        while self.parent[nodes[-1]] is not None:
            nodes.append(self.parent[nodes[-1]])
        return tuple(label(k) for k in reversed(nodes))


def label(key: NodeKey) -> str:
    """A package instance as problems name it: ``cpv`` or ``cpv (host)``."""
    return key.cpv if key.root == "target" else f"{key.cpv} (host)"


def package_of(config: Config, graph: DepGraph, key: NodeKey):
    """The tree's :class:`~bootorder.tree.repository.Package` of a node, or None."""
    data = graph.node(key)
    tree = config.tree
    if data.get("repo") and tree.has_repo(data["repo"]):
        found = tree.repo(data["repo"]).package(key.cpv)
        if found is not None:
            return found
    return next((p for p in tree.versions(data["cp"]) if p.cpv == key.cpv), None)


def _checked_nodes(graph: DepGraph):
    for key in graph.nodes():
        data = graph.node(key)
        if not data.get("installed") and not data.get("synthetic"):
            yield key, data


# -- REQUIRED_USE ---------------------------------------------------------------------------

def required_use_findings(graph: DepGraph, config: Config, chains=None,
                          reporter: Reporter = NULL_REPORTER):
    """One :class:`Finding` per package whose USE violates its REQUIRED_USE."""
    chains = chains or _Chains(graph)
    for key, data in _checked_nodes(graph):
        pkg = package_of(config, graph, key)
        text = pkg.get("REQUIRED_USE").strip() if pkg is not None else ""
        if not text:
            continue
        try:
            spec = parse_required_use(text, eapi=pkg.eapi)
        except BootorderError as err:
            problem = _required_use_syntax(pkg, key, err, chains(key))
            reporter.problem(problem)
            yield Finding(problem, node=key)
            continue
        # the node's USE (its IUSE), plus the implicit flags (kernel_linux, elibc_*,
        # ARCH) REQUIRED_USE may test, as portage evaluates it over IUSE_EFFECTIVE
        use = frozenset(data["use"]) | (config.effective_use(pkg) - frozenset(pkg.iuse))
        if not required_use_holds(spec, use):
            yield _required_use_finding(key, pkg, spec, use, config, chains(key))


def _required_use_syntax(pkg, key: NodeKey, err, chain) -> Problem:
    """The ``bad-metadata`` problem of a REQUIRED_USE that does not parse."""
    line = pkg.lines.get("REQUIRED_USE")
    column = getattr(err, "column", None)
    first = str(err).splitlines()[0] if str(err) else ""
    return Problem("bad-metadata", label(key), "REQUIRED_USE", chain,
                   f"{pkg.where}: REQUIRED_USE: {first}",
                   "fix the ebuild's REQUIRED_USE and regenerate the cache", "error",
                   pkg.source, line if pkg.source else None,
                   column + len("REQUIRED_USE=") if line and column else None)


def _required_use_finding(key, pkg, spec, use, config, chain) -> Finding:
    iuse = frozenset(pkg.iuse)
    fixed = {f: "forced" for f in config.use_force(pkg) & iuse}
    fixed.update({f: "masked" for f in config.use_mask(pkg) & iuse})
    repaired = fix_required_use(spec, use, defaults=pkg.iuse_defaults, fixed=fixed)
    shown = " ".join(sorted(use & iuse) + [f"-{f}" for f in sorted(iuse - use)])
    broken = "; ".join(violations(spec, use))
    message = f"REQUIRED_USE is not satisfied by USE=\"{shown}\""
    if repaired is None:
        fix = "no USE change of unforced, unmasked flags satisfies it: change the " \
              "profile's use.force/use.mask for this package"
        return Finding(Problem("required-use", label(key), broken, chain, message, fix,
                               *_written(pkg, "REQUIRED_USE")), node=key)
    changes = use_changes(pkg.cp, use & iuse, repaired & iuse, f"REQUIRED_USE {broken}")
    return Finding(Problem("required-use", label(key), broken, chain, message,
                           use_fix_text(changes, config), *_written(pkg, "REQUIRED_USE")),
                   changes, node=key)


def _written(pkg, key: str) -> tuple:
    """``(severity, file, line)`` of a problem about ``pkg``'s ``key`` (its cache entry
    and the key's line, when it came from a file)."""
    source = getattr(pkg, "source", None)
    return "error", source, pkg.lines.get(key) if source else None


def use_fix_text(changes, config: Config) -> str:
    """How to apply USE ``changes`` under ``config`` (``-*`` wipes ``package.use``)."""
    on = [c.line() for c in changes if c.enable]
    off = [f"{c.package} {c.flag}" for c in changes if not c.enable]
    wiped = "-*" in (config.use_override or "").split()
    if not wiped:
        return "add to package.use: " + ", ".join(f"`{c.line()}`" for c in changes) + \
            _try_with(changes)
    parts = ([f"package.use.force: {', '.join(f'`{x}`' for x in on)}"] if on else []) + \
        ([f"package.use.mask: {', '.join(f'`{x}`' for x in off)}"] if off else [])
    return ("add to the profile's (or /etc/portage/profile/) " + "; ".join(parts)
            + " (USE=\"-* ...\" overrides package.use)" + _try_with(changes))


def _try_with(changes) -> str:
    tries = " ".join(f"--with '{value}'" for value in with_values(changes))
    return f" (to try it first: {tries})" if tries else ""


def _re_resolved(finding: Finding, graph: DepGraph, config: Config, resolve) -> Finding:
    if not finding.changes or finding.node is None:
        return finding
    fixed = forced_config(config, finding.changes)
    again = resolve(finding.changes)
    key = finding.node
    before = {e.dep for e in graph.edges(key)}
    after = {e.dep for e in again.edges(key)} if key in again.nx else set()
    added = {k for k in again.nodes() if k not in graph.nx}
    pulls_in = tuple(sorted((after - before) | added))
    text = ", ".join(label(k) + ("" if k in added else " (already in the graph)")
                     for k in pulls_in) or "nothing new"
    same = finding.problem.package
    left = [p for p in again.problems if p.package == same]
    left += [f.problem for f in required_use_findings(again, fixed) if f.node == key]
    problem = _replace_fix(finding.problem, f"{finding.problem.fix}; it then pulls in: {text}")
    return Finding(problem, finding.changes, pulls_in, sorted_problems(left), key)


def _replace_fix(p: Problem, fix: str) -> Problem:
    return dataclasses.replace(p, fix=fix)


# -- USE dependencies -------------------------------------------------------------------------

def use_dep_findings(graph: DepGraph, config: Config, chains=None) -> list[Finding]:
    """One :class:`Finding` per edge whose atom's USE deps the chosen package misses
    (in the order of the graph's sorted edges)."""
    chains = chains or _Chains(graph)
    seen: dict[NodeKey, tuple] = {}  # per package: its USE and IUSE as _missed_use reads them
    missed_edges = []
    for source in graph.nodes():
        for dep, keyed in graph.out_raw(source).items():
            for key, data in keyed.items():
                if "[" not in data["atom"]:
                    continue
                try:
                    atom = Atom.parse(data["atom"])
                except BootorderError:
                    continue
                missed = _missed_use(graph, config, source, dep, atom, seen)
                if missed:
                    missed_edges.append((edge_value(source, dep, key, data), missed))
    missed_edges.sort(key=lambda found: found[0].sort_key())
    return [_use_dep_finding(graph, config, edge, missed, chains(edge.source))
            for edge, missed in missed_edges]


def _missed_use(graph, config, source, dep, atom, seen) -> list[tuple[str, bool, str]]:
    """``(flag, wanted, why)`` for every USE dep of ``atom`` the dependency misses under
    ``config`` (the resolver may have changed the flag in the graph, as emerge's
    autounmask does: its ``use-change`` problem is then this finding)."""
    if source not in seen:
        seen[source] = _use_facts(graph, config, source)
    if dep not in seen:
        seen[dep] = _use_facts(graph, config, dep)
    dep_use, iuse = seen[dep][1:]
    return list(unmet_use_deps(atom, dep_use, iuse, seen[source][0]))


def _use_facts(graph, config, key: NodeKey) -> tuple:
    """``(its USE in the graph, its USE as a dependency, its IUSE_EFFECTIVE)``."""
    in_graph = frozenset(graph.node(key)["use"])
    dep_use = in_graph
    pkg = package_of(config, graph, key)
    if pkg is not None and not graph.node(key)["installed"]:
        dep_use = config.effective_use(pkg)
    iuse = config.iuse_effective(pkg) if pkg is not None else frozenset(dep_use)
    return in_graph, dep_use, iuse


def _use_dep_finding(graph, config, edge, missed, chain) -> Finding:
    dep = graph.node(edge.dep)
    pkg = package_of(config, graph, edge.dep)
    cp = dep["cp"]
    source = package_of(config, graph, edge.source)
    where = _written(source, edge.cls) if source is not None and not edge.implicit \
        else ("error", None, None)
    wanted = " ".join(("" if w else "-") + f for f, w, _ in missed)
    message = f"{label(edge.dep)} is chosen but has USE that does not satisfy [{wanted}]"
    absent = [f for f, _, why in missed if why == "absent"]
    fixed = (config.use_force(pkg) | config.use_mask(pkg)) if pkg is not None else frozenset()
    stuck = sorted({f for f, _, _ in missed} & fixed)
    if absent:
        fix = f"{cp} has no USE flag {', '.join(absent)} in this version: " \
              f"pick a version that has it, or change {label(edge.source)}'s dependency"
        return Finding(Problem("use-conflict", label(edge.source), edge.atom, chain,
                               message, fix, *where), node=edge.dep)
    changes = tuple(UseChange(cp, f, w, f"{label(edge.source)} needs {edge.atom}")
                    for f, w, _ in missed)
    fix = use_fix_text(changes, config)
    if stuck:
        fix = f"{', '.join(stuck)} forced or masked for {cp} by the profile: " + fix
    return Finding(Problem("use-conflict", label(edge.source), edge.atom, chain,
                           message, fix, *where), changes, node=edge.dep)


def _made(finding: Finding, made: dict) -> Finding:
    """A USE-dependency finding whose change the resolver made (as emerge's autounmask
    does): its ``use-change`` problem, with this fix (it knows ``USE="-* ..."``)."""
    p = finding.problem
    change = made.get((p.package, p.atom))
    if change is None:
        return finding
    line = change.fix.split("`")[1]
    return Finding(Problem("use-change", p.package, p.atom, p.chain,
                           f"{change.message}; emerge: `{line}`", p.fix, change.severity,
                           p.file, p.line, p.column),
                   finding.changes, finding.pulls_in, finding.remaining, finding.node)


# -- unsatisfied atoms (recorded by the resolver) ---------------------------------------------

def _with_fix(problem: Problem, config: Config) -> Problem:
    if problem.fix:
        return problem
    return _replace_fix(problem, fix_text(problem, config))


def fix_text(problem: Problem, config: Config | None = None) -> str:
    """A concrete fix for a resolver problem that came without one.

    >>> p = Problem("missing-keyword", "a/b-1", "dev-libs/c", ("a/b-1",), "keywords: ~amd64")
    >>> fix_text(p)
    'accept its keywords: add `dev-libs/c ~ARCH` to package.accept_keywords'
    """
    arch = getattr(getattr(config, "profile", None), "arch", None) or "ARCH"
    atom = problem.atom
    return {
        "missing-package": f"no repository of the tree has {atom}: add one that provides "
                           "it, or turn off the USE flag whose conditional pulls it in",
        "masked": f"unmask it: add `{atom}` to package.unmask (or drop the package.mask "
                  "entry named above)",
        "missing-keyword": f"accept its keywords: add `{atom} ~{arch}` to "
                           "package.accept_keywords",
        "no-match": f"no version matches {atom}: add or unmask a matching version, or "
                    "relax the dependency",
        "use-conflict": "set the USE flags the atom asks for on the dependency "
                        "(package.use, or package.use.force under USE=\"-* ...\")",
        "slot-conflict": "pin one version for both dependents (package.mask the other)",
        "bad-metadata": "regenerate the metadata cache (egencache --update) or fix the ebuild",
        "unknown-set": f"define {atom} (sets.conf / the profile's packages) or drop it",
    }.get(problem.kind, "")
