"""What may change in a package's USE: the constraints provider of :mod:`suggest_use`.

A provider answers four questions per package instance (:class:`UseConstraints`):
which flags are fixed (``use.force``/``use.mask``), which flags it has (IUSE), whether
a USE set satisfies its REQUIRED_USE, and whether turning a flag over makes a
dependency conditional with atoms true (so the change would *add* dependencies).

- :class:`StaticConstraints`: hand-built data (tests, notebooks);
- :class:`MetadataConstraints`: from each package's metadata (IUSE, REQUIRED_USE,
  the dependency strings, parsed with :mod:`bootorder.syntax.parse`) and its forced and
  masked flags (from the profile's configuration), looked up by a function;
- :class:`NoConstraints`: nothing known.

:func:`parent_locks` reads the other constraint, dependents' atom USE dependencies,
from the graph itself.

>>> info = PackageUseInfo(frozenset({"a", "c"}), required_use="|| ( a c )",
...                       depend=("a? ( x/y ) !c? ( x/z )",), forced=frozenset({"c"}))
>>> rules = MetadataConstraints(lambda pkg: info)
>>> pkg = NodeKey("x/p-1", "target")
>>> dict(rules.fixed(pkg)), rules.required_use_ok(pkg, frozenset())
({'c': 'forced (use.force)'}, False)
>>> rules.flip_adds_deps(pkg, "a", True), rules.flip_adds_deps(pkg, "c", False)
(True, True)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Callable, Mapping, Protocol

from ..core.depclass import METADATA_KEYS, NAMES as DEP_CLASS_NAMES
from ..graph.depgraph import DepGraph, NodeKey
from ..syntax.atom import Atom
from ..syntax.depspec import DepSpec, UseConditional
from ..syntax.parse import parse_depend, parse_required_use
from ..syntax.required_use import violations


class UseConstraints(Protocol):
    """What a package's configuration says about changing its flags."""

    def fixed(self, pkg: NodeKey) -> Mapping[str, str]:
        """Flags that cannot change, with the reason (``"forced"``, ``"masked"``)."""

    def iuse(self, pkg: NodeKey) -> frozenset[str]:
        """The flags the package has (accompanying flips are chosen among them)."""

    def required_use_violations(self, pkg: NodeKey, use: frozenset[str]) -> frozenset[str]:
        """The REQUIRED_USE constraints ``use`` violates (empty: satisfied). A change
        may keep violations the current USE already has, never add one."""

    def flip_adds_deps(self, pkg: NodeKey, flag: str, enable: bool) -> bool:
        """Whether setting ``flag`` to ``enable`` makes a conditional with atoms true."""


@dataclass(frozen=True)
class StaticConstraints:
    """Hand-built constraints (tests, notebooks); packages not listed are free.

    ``required_use`` maps a package to a predicate over its new USE.

    >>> StaticConstraints().required_use_ok(NodeKey("a/b-1", "target"), frozenset())
    True
    """

    fixed_flags: Mapping[NodeKey, Mapping[str, str]] = field(default_factory=dict)
    iuse_flags: Mapping[NodeKey, frozenset[str]] = field(default_factory=dict)
    required_use: Mapping[NodeKey, Callable[[frozenset[str]], bool]] = \
        field(default_factory=dict)
    adding: frozenset[tuple[NodeKey, str, bool]] = frozenset()

    def fixed(self, pkg):
        return self.fixed_flags.get(pkg, {})

    def iuse(self, pkg):
        return frozenset(self.iuse_flags.get(pkg, ()))

    def required_use_ok(self, pkg, use):
        check = self.required_use.get(pkg)
        return True if check is None else bool(check(use))

    def required_use_violations(self, pkg, use):
        return frozenset() if self.required_use_ok(pkg, use) else frozenset({"REQUIRED_USE"})

    def flip_adds_deps(self, pkg, flag, enable):
        return (pkg, flag, enable) in self.adding



class NoConstraints:
    """No configuration known: every flag may change, REQUIRED_USE always holds."""

    def fixed(self, pkg):
        return {}

    def iuse(self, pkg):
        return frozenset()

    def required_use_violations(self, pkg, use):
        return frozenset()

    def flip_adds_deps(self, pkg, flag, enable):
        return False

    def required_use_flags(self, pkg):
        return frozenset()


def required_use_flags(constraints, pkg: NodeKey) -> frozenset[str] | None:
    """The flags a provider's REQUIRED_USE of ``pkg`` names (no other flag changes its
    verdict), or None when the provider cannot say (a predicate, as in
    :class:`StaticConstraints`): an optional ``required_use_flags(pkg)`` method.

    >>> required_use_flags(NoConstraints(), NodeKey("a/b-1", "target"))
    frozenset()
    >>> required_use_flags(StaticConstraints(), NodeKey("a/b-1", "target")) is None
    True
    """
    named = getattr(constraints, "required_use_flags", None)
    return None if named is None else named(pkg)


def parent_locks(graph: DepGraph, pkg: NodeKey) -> dict[str, str]:
    """Flags of ``pkg`` that a dependent's atom USE dependency pins, with the reason.

    >>> g = DepGraph()
    >>> p = g.add_package("a/p-1", "target", use=frozenset({"x"}))
    >>> d = g.add_package("a/d-1", "target", use=frozenset({"ssl", "x"}))
    >>> g.add_dep(p, d, "DEPEND", atom="a/d[ssl,x?]")
    >>> parent_locks(g, d)
    {'ssl': 'a/p-1 needs a/d[ssl,x?]', 'x': 'a/p-1 needs a/d[ssl,x?]'}
    """
    locks: dict[str, str] = {}
    # the edges whose atom has a USE dependency, in DepGraph.in_edges order
    pinning = sorted((source, DEP_CLASS_NAMES.index(data["class"]), data["atom"], data["use"],
                      key) for source, keyed in graph.in_raw(pkg).items()
                     for key, data in keyed.items() if "[" in data["atom"])
    for source, _, atom, _, _ in pinning:
        for flag in _pinned_flags(atom, graph.node(source)["use"]):
            locks.setdefault(flag, f"{source.cpv} needs {atom}")
    return locks


def _pinned_flags(atom: str, parent_use: frozenset[str]) -> list[str]:
    """Flags whose state the atom's USE dependency fixes, given the parent's USE."""
    if "[" not in atom:
        return []
    try:
        deps = Atom.parse(atom).use
    except ValueError:
        return []
    return [dep.flag for dep in deps if dep.required_state(parent_use) is not None]


@dataclass(frozen=True, slots=True)
class PackageUseInfo:
    """The USE-related metadata and configuration of one package instance."""

    iuse: frozenset[str]
    required_use: str = ""
    depend: tuple[str, ...] = ()
    """The dependency strings of every class (DEPEND, RDEPEND, ...)."""
    eapi: str = "8"
    forced: frozenset[str] = frozenset()
    masked: frozenset[str] = frozenset()
    installed: bool = False
    """An installed package: its USE is recorded, every flag is fixed."""


class MetadataConstraints:
    """Constraints read from :class:`PackageUseInfo` (``info(pkg)``; None: unknown).

    An unknown package is treated as :class:`NoConstraints`. A REQUIRED_USE or
    dependency string that does not parse raises ``DepSyntaxError``.
    """

    def __init__(self, info: Callable[[NodeKey], PackageUseInfo | None]):
        self._info = cache(info)
        self._rules: dict[NodeKey, tuple | None] = {}
        self._parsed: dict[tuple[str, str], tuple] = {}
        self._verdicts: dict[tuple, frozenset[str]] = {}
        self._opening: dict[tuple[str, str], frozenset[tuple[str, bool]]] = {}

    def fixed(self, pkg):
        info = self._info(pkg)
        if info is None:
            return {}
        if info.installed:
            return {flag: "installed (USE recorded)" for flag in info.iuse}
        found = {flag: "masked (use.mask)" for flag in info.masked}
        found.update({flag: "forced (use.force)" for flag in info.forced})
        return found

    def iuse(self, pkg):
        info = self._info(pkg)
        return info.iuse if info is not None else frozenset()

    def required_use_ok(self, pkg, use):
        return not self.required_use_violations(pkg, use)

    def required_use_violations(self, pkg, use):
        rules = self._required_use(pkg)
        if rules is None:
            return frozenset()
        spec, named, text = rules
        key = (text, frozenset(use) & named)  # nothing else changes the verdict
        found = self._verdicts.get(key)
        if found is None:
            found = self._verdicts[key] = frozenset(violations(spec, use))
        return found

    def required_use_flags(self, pkg):
        """The flags the package's REQUIRED_USE names (none without one)."""
        rules = self._required_use(pkg)
        return frozenset() if rules is None else rules[1]

    def _required_use(self, pkg) -> tuple[DepSpec, frozenset[str], tuple] | None:
        """The parsed REQUIRED_USE, the flags it names and its text with the EAPI (None:
        none); packages with the same text share one (and their verdicts)."""
        if pkg not in self._rules:
            info = self._info(pkg)
            if info is None or not info.required_use.strip():
                self._rules[pkg] = None
            else:
                text = (info.required_use, info.eapi)
                if text not in self._parsed:
                    self._parsed[text] = _with_flags(parse_required_use(*text)) + (text,)
                self._rules[pkg] = self._parsed[text]
        return self._rules[pkg]

    def flip_adds_deps(self, pkg, flag, enable):
        info = self._info(pkg)
        if info is None:
            return False
        return any((flag, enable) in self._opened(text, info.eapi)
                   for text in info.depend if text.strip())

    def _opened(self, text: str, eapi: str) -> frozenset[tuple[str, bool]]:
        """``(flag, enable)`` of every flip that makes a conditional of the dependency
        string with an atom true (see :func:`_openings`); kept per text."""
        found = self._opening.get((text, eapi))
        if found is None:
            found = self._opening[text, eapi] = _openings(parse_depend(text, eapi))
        return found


def _with_flags(spec: DepSpec) -> tuple[DepSpec, frozenset[str]]:
    """A parsed REQUIRED_USE and every flag it names: leaves and conditionals."""
    found = set()
    stack = [spec]
    while stack:
        for child in stack.pop().children:
            if isinstance(child, DepSpec):
                if isinstance(child, UseConditional):
                    found.add(child.flag)
                stack.append(child)
            else:
                found.add(child.name)
    return spec, frozenset(found)


def _openings(node: DepSpec) -> frozenset[tuple[str, bool]]:
    """Every ``(flag, enable)`` that makes a conditional below ``node`` holding a
    non-blocker atom true (any nesting: conservative), its flag set against its negation.

    >>> sorted(_openings(parse_depend("a? ( !b? ( x/y ) ) c? ( !x/z )")))
    [('a', True), ('b', False)]
    """
    found = set()
    stack = [node]
    while stack:
        for child in stack.pop().children:
            if isinstance(child, DepSpec):
                if isinstance(child, UseConditional) and any(
                        not a.blocker for a in child.atoms()):
                    found.add((child.flag, not child.negated))
                stack.append(child)
    return frozenset(found)


def config_constraints(graph: DepGraph, config) -> MetadataConstraints:
    """Constraints of a resolved graph's packages under a
    :class:`bootorder.config.configuration.Config`: IUSE, REQUIRED_USE and dependency strings from
    the repository metadata, forced and masked flags from the profile stack.

    Installed nodes get every flag fixed (their USE is recorded, not chosen).
    """

    def info(key: NodeKey) -> PackageUseInfo | None:
        node = graph.node(key) if key in graph.nx else None
        if node is None:
            return None
        pkg = next((p for p in config.tree.match(f"={key.cpv}")
                    if node["repo"] in (None, p.repo)), None)
        if pkg is None:
            return None
        if node["installed"]:
            return PackageUseInfo(frozenset(pkg.iuse), installed=True)
        return PackageUseInfo(frozenset(pkg.iuse), pkg.get("REQUIRED_USE"),
                              tuple(pkg.get(k) for k in METADATA_KEYS), pkg.eapi,
                              frozenset(config.use_force(pkg)), frozenset(config.use_mask(pkg)))

    return MetadataConstraints(info)
