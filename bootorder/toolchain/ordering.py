"""The toolchain of a new root: which packages, in which order, and why.

Everything is read from a resolved :class:`~bootorder.graph.depgraph.DepGraph` (with the implicit
toolchain model on) and projected onto package names (``cat/pkg``): the question is the
order of builds *into the new root*, whatever root the resolver put each instance in.

Which packages are the toolchain
--------------------------------
1. **The implicit model's packages** (:class:`ToolchainSpec`, by default those of
   :class:`bootorder.resolver.implicit.ImplicitModel`): the C library (``virtual/libc`` and the
   packages it resolves to), the compiler, binutils, and the headers the C library is
   built from — what every compiled package needs without saying so.
2. **The compiler's and the C library's own prerequisites**: the closure, from those
   two, of ``DEPEND`` edges (build-time, in the new root) that the metadata states by
   the package's own name — not implicit, not through a virtual, without a USE
   condition (the toolchain is first built with reduced USE) — applied again to what
   it adds. On the corpus: gmp, mpfr and mpc (gcc names them), nothing for glibc (its
   ``virtual/os-headers`` is the headers of step 1).

Anything else the toolchain needs in the new root (``virtual/zlib``'s provider,
``binutils-config``, ``zstd`` when USE=zstd) is a **support** package: listed
separately, placed before its first toolchain dependent.

Order
-----
Constraints between toolchain packages, through virtuals and support packages:

- **hard**: ``DEPEND`` and ``RDEPEND`` edges, from the metadata or the implicit model
  (every compiled package ``DEPEND``\\ s on libc): the dependency must be in the new
  root first. If they form a cycle, implicit edges on it are cut first, then
  ``RDEPEND`` ones (reported).
- **soft**: ``BDEPEND``/``HOSTDEPEND`` edges (tools run on the build host). The tool may
  be the new root's own copy, built earlier, or the seed's. A soft edge ``u → v`` is
  *honoured* (the new ``v`` builds ``u``) unless ``v`` already needs ``u`` through hard
  or honoured edges; then the seed's ``v`` builds ``u``. That is where the build cycles
  are cut: glibc ``BDEPEND``\\ s gcc, but gcc ``DEPEND``\\ s glibc, so the seed's gcc
  builds glibc. Soft edges are taken by the *height* of ``v`` (longest hard path
  below it: tools the new root can have earliest first), metadata before implicit,
  then names. Honouring every soft edge that fits makes the new root build as much
  of itself as it can (see :mod:`bootorder.toolchain.influence`).

**Tie-break** (Kahn's algorithm): among packages whose constraints are met, the one
the most toolchain packages wait on (transitively) first, then ``cat/pkg``.
``ToolchainOrder.forced`` says whether the constraints alone fix the order (each
package needs the one before it), in which case no tie-break was used.

>>> g = DepGraph()
>>> libc = g.add_package("sys-libs/glibc-2.42", "target")
>>> gcc = g.add_package("sys-devel/gcc-15.2.0", "target")
>>> g.add_dep(gcc, libc, "DEPEND", atom="sys-libs/glibc")
>>> g.add_dep(libc, gcc, "BDEPEND", atom="sys-devel/gcc")
>>> result = toolchain_order(g, ToolchainSpec(libc="sys-libs/glibc"))
>>> [e.cp for e in result.entries], result.seed_uses[0].builds
(['sys-libs/glibc', 'sys-devel/gcc'], ('sys-libs/glibc',))
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..bootstrap.copies import bootstrap_cpv
from ..bootstrap.synthesis import BootstrapPlan, allowed_use_changes, synthesize_bootstrap
from ..core.display import HtmlDisplay
from ..graph.depgraph import DepGraph
from ..graph.projection import Link, concrete_links, cp_of_node, through_virtuals
from ..syntax.atom import cp_of_atom
from .influence import InfluenceReport, analyse, build_inputs
from .newroot import (
    Constraint,
    acyclic_hard,
    constraint_graph,
    hard_constraints,
    kahn,
    plan_with_support,
    soft_constraints,
)

RULES = (
    ("members", "the implicit model's C library (through its virtual), compiler, binutils "
                "and C-library headers, plus the closure from the compiler and the C library "
                "of DEPEND edges the metadata states by name, without a USE condition"),
    ("hard", "DEPEND and RDEPEND (metadata and implicit, through virtuals and support "
             "packages): the dependency is built into the new root first"),
    ("soft", "BDEPEND/HOSTDEPEND between toolchain packages: the new root's own tool builds "
             "the dependent unless the tool needs the dependent first, then the seed's does; "
             "taken lowest tool first (hard height), metadata before implicit, then names"),
    ("tie_break", "among ready packages, the one most toolchain packages wait on "
                  "(transitively), then cat/pkg"),
)
"""The rules of the module docstring, in one sentence each (shown in the JSON)."""


@dataclass(frozen=True, slots=True)
class ToolchainSpec:
    """What the toolchain starts from (defaults: the implicit model's)."""

    libc: str = "virtual/libc"
    compiler: str = "sys-devel/gcc"
    binutils: str = "sys-devel/binutils"
    headers: frozenset[str] = frozenset({"sys-kernel/linux-headers"})

    @classmethod
    def from_model(cls, model) -> "ToolchainSpec":
        """The spec of an :class:`~bootorder.resolver.implicit.ImplicitModel`."""
        return cls(libc=model.libc, compiler=model.compiler, binutils=model.binutils,
                   headers=frozenset(model.headers_providers))


@dataclass(frozen=True, slots=True)
class Entry:
    """One position of the order."""

    cp: str
    cpv: str
    reason: str
    member: str
    role: str

    def to_json(self) -> dict:
        return {"cp": self.cp, "cpv": self.cpv, "reason": self.reason, "member": self.member,
                "role": self.role}


@dataclass(frozen=True, slots=True)
class SeedUse:
    """The seed's copy of ``tool`` builds ``builds`` (soft edges that were cut)."""

    tool: str
    builds: tuple[str, ...]

    def to_json(self) -> dict:
        return {"cp": self.tool, "kind": "seed-tool", "builds": list(self.builds),
                "reason": f"the seed's {self.tool} builds " + ", ".join(self.builds)
                + f": each of them is needed in the new root before {self.tool} can be built"}


@dataclass(frozen=True, slots=True)
class ToolchainOrder(HtmlDisplay):
    """The answer of :func:`toolchain_order`."""

    entries: tuple[Entry, ...]
    support: tuple[Entry, ...]
    constraints: tuple[Constraint, ...]
    seed_uses: tuple[SeedUse, ...]
    forced: bool
    plan: tuple[str, ...]
    influence: InfluenceReport
    bootstrap: BootstrapPlan | None = field(default=None)
    influence_chain: InfluenceReport | None = None
    notes: tuple[str, ...] = ()

    def libc_answer(self, cp: str) -> dict:
        """The founding question for ``cp``: must it be built twice, and why."""
        twice = cp in self.influence.built_twice
        if not twice:
            return {"cp": cp, "answer": False, "why": f"its first build {self.influence.first(cp).why()}",
                    "with_bootstrap_chain": self._chain(cp)}
        cut = [c.why for c in self.constraints
               if c.dependent == cp and c.kind == "soft" and not c.honoured]
        users = sorted({b.cp for b in self.influence.builds if b.pass_no == 1 and any(
            i.cp == cp and i.kind == "library" for i in b.inputs)})
        why = f"its first build {self.influence.first(cp).why()}"
        why += "".join(f"; {text}" for text in cut)
        if users:
            why += (f"; {len(users)} packages of the plan build against it and would keep "
                    f"the seed's mark: {', '.join(users)}")
        return {"cp": cp, "answer": True, "why": why, "with_bootstrap_chain": self._chain(cp)}

    def _chain(self, cp: str) -> dict | None:
        """The same question when the founding chain's bootstrap tools build first."""
        chain = self.influence_chain
        if chain is None:
            return None
        first = chain.first(cp)
        return {"steps": [s for s in chain.order if s in chain.temporary],
                "answer": cp in chain.built_twice,
                "why": f"its first build {first.why()}" + (
                    "" if first.influenced else " (the bootstrap tools pass on their "
                    "behaviour, not the seed's code; they are not part of the result)")}

    def to_json(self) -> dict:
        boot = [s.to_json() for s in self.seed_uses]
        boot += [{"cp": cp, "kind": "pass", "pass": b.pass_no,
                  "reason": self.influence.first(cp).why()}
                 for cp in self.influence.built_twice
                 for b in self.influence.builds if b.cp == cp and b.pass_no > 1]
        if self.bootstrap is not None:
            boot += [{"cp": p.key.cpv, "kind": "bootstrap-package",
                      "reason": "breaks " + " → ".join(k.cpv for k in p.cycle + p.cycle[:1])
                      + "; " + "; ".join(p.differs), **p.to_json()}
                     for p in self.bootstrap.packages]
        return {"order": [e.to_json() for e in self.entries],
                "forced": self.forced,
                "rules": dict(RULES),
                "notes": list(self.notes),
                "libc_built_twice": [self.libc_answer(e.cp) for e in self.entries
                                     if e.role == "libc"],
                "support": [e.to_json() for e in self.support],
                "plan": list(self.plan),
                "bootstrap": boot,
                "constraints": [c.to_json() for c in self.constraints],
                "use_changes": [str(f) for f in self.bootstrap.use_changes]
                if self.bootstrap is not None else [],
                "influence": self.influence.to_json(),
                "influence_with_bootstrap_chain": self.influence_chain.to_json()
                if self.influence_chain is not None else None}


@dataclass(frozen=True, slots=True)
class Member:
    """Why a package is part of the toolchain: its ``role`` and a sentence.

    ``role`` is ``libc``, ``compiler``, ``binutils``, ``headers`` (the implicit model's
    packages) or ``prerequisite`` (named by the compiler or the C library).
    """

    role: str
    why: str


def toolchain_members(graph: DepGraph, spec: ToolchainSpec = ToolchainSpec(),
                      links: list[Link] | None = None) -> dict[str, Member]:
    """``cat/pkg -> Member`` for the toolchain packages (see the module docstring)."""
    links = concrete_links(graph) if links is None else links
    present = {d["cp"] for _, d in graph.nx.nodes(data=True)}
    members: dict[str, Member] = {}
    for cp, member in _roots(graph, spec, present):
        members.setdefault(cp, member)
    queue = sorted(cp for cp, m in members.items() if m.role in ("libc", "compiler"))
    while queue:
        cp = queue.pop(0)
        for link in links:
            if link.source == cp and _prerequisite(link) and link.dep not in members:
                members[link.dep] = Member("prerequisite", (
                    f"a prerequisite of {cp}: it names it in DEPEND ({link.edge.atom}), "
                    "unconditionally"))
                queue.append(link.dep)
    return dict(sorted(members.items()))


def _roots(graph: DepGraph, spec: ToolchainSpec, present: set) -> list[tuple[str, Member]]:
    roots = []
    libc = cp_of_atom(spec.libc)
    if libc.startswith("virtual/"):
        providers = {cp_of_node(graph, dep) for n in graph.nodes() if cp_of_node(graph, n) == libc
                     for dep, _ in through_virtuals(graph, n, ())}
        roots += [(cp, Member("libc", f"the C library ({spec.libc} resolves to it)"))
                  for cp in sorted(providers)]
    elif libc in present:
        roots.append((libc, Member("libc", "the C library of the implicit model")))
    for cp, role in ((spec.compiler, "compiler"), (spec.binutils, "binutils")):
        if cp in present:
            roots.append((cp, Member(role, f"the {role} of the implicit model")))
    roots += [(cp, Member("headers", "the headers the C library is built from (implicit model)"))
              for cp in sorted(spec.headers & present)]
    return roots


def _prerequisite(link: Link) -> bool:
    e = link.edge
    return e.cls == "DEPEND" and not e.implicit and not link.via and not e.use


def toolchain_for(config, targets=None, *, host: str = "empty", implicit: bool = True,
                  reporter=None) -> ToolchainOrder:
    """Resolve the toolchain under ``config`` and order it (what ``bootorder toolchain`` does).

    The implicit model is :meth:`bootorder.resolver.implicit.ImplicitModel.for_tree` (C library
    and headers providers read from the tree's virtuals); ``targets`` default to its C
    library, compiler and binutils; the host to ``empty`` (every dependency expanded).
    """
    graph, spec = toolchain_graph(config, targets, host=host, implicit=implicit,
                                  reporter=reporter)
    return toolchain_of(graph, spec, config)


def toolchain_graph(config, targets=None, *, host: str = "empty", implicit: bool = True,
                    reporter=None) -> tuple[DepGraph, ToolchainSpec]:
    """The graph :func:`toolchain_for` orders, and the toolchain it looks for."""
    from ..core.reporter import NULL_REPORTER
    from ..resolver.implicit import ImplicitModel
    from ..resolver.resolution import resolve
    model = ImplicitModel.for_tree(config.tree)
    spec = ToolchainSpec.from_model(model)
    graph = resolve(config, list(targets or [spec.libc, spec.compiler, spec.binutils]),
                    host=host, implicit=implicit, implicit_model=model,
                    reporter=reporter or NULL_REPORTER)
    return graph, spec


def toolchain_of(graph: DepGraph, spec: ToolchainSpec, config) -> ToolchainOrder:
    """The toolchain order of a graph resolved under ``config`` (USE changes the
    profile allows shape the bootstrap synthesis)."""
    return toolchain_order(graph, spec, use_changes=allowed_use_changes(graph, config))


def toolchain_order(graph: DepGraph, spec: ToolchainSpec = ToolchainSpec(),
                    bootstrap: bool = True, use_changes=None) -> ToolchainOrder:
    """The toolchain of the new root in build order, with reasons (module docstring).

    Parameters
    ----------
    graph
        A resolved graph, implicit model on (not changed).
    spec
        The toolchain's starting packages.
    bootstrap
        Also synthesize ``bootstrap-*`` packages for the graph's hard build cycles.
    use_changes
        USE flips applied before looking for those cycles (see
        :func:`bootorder.bootstrap.synthesis.synthesize_bootstrap`).

    Notes
    -----
    O(T · (V + E)) for T toolchain packages, plus the bootstrap synthesis.
    """
    links = concrete_links(graph)
    members = toolchain_members(graph, spec, links)
    hard, support = hard_constraints(links, members)
    hard = acyclic_hard(hard)
    soft = soft_constraints(links, members, hard)
    dag = constraint_graph(members, hard + soft)
    order, ties = kahn(dag)
    plan = plan_with_support(order, support, links)
    constraints = tuple(sorted(hard + soft, key=lambda c: (c.dependent, c.dependency, c.kind)))
    return ToolchainOrder(
        entries=tuple(_entry(graph, cp, members[cp], constraints, ties) for cp in order),
        support=tuple(_support_entry(graph, cp, needers, spec, members)
                      for cp, needers in sorted(support.items())),
        constraints=constraints, seed_uses=_seed_uses(soft),
        forced=all(dag.has_edge(b, a) for a, b in zip(order, order[1:])),
        plan=tuple(plan), influence=_influence(plan, links, spec),
        influence_chain=_influence_chain(plan, links, spec, members),
        bootstrap=synthesize_bootstrap(graph, "unbreakable", spec.compiler,
                                       use_changes=use_changes) if bootstrap else None, notes=_notes(graph, spec, members))


def _notes(graph: DepGraph, spec: ToolchainSpec, members: dict) -> tuple[str, ...]:
    """What the graph lacks for a complete answer (said, not guessed around)."""
    notes = []
    for role, cps in (("compiler", {spec.compiler}), ("binutils", {spec.binutils}),
                      ("C library headers", set(spec.headers))):
        if not cps & set(members):
            notes.append(f"no {role} ({', '.join(sorted(cps))}) in the graph: with a seed "
                         "host, dependencies satisfied on the host are not expanded; resolve "
                         "with an empty host (--host empty) or name it as a target")
    if not any(m.role == "libc" for m in members.values()):
        notes.append(f"{spec.libc} resolves to nothing in the graph: no C library")
    return tuple(notes)


def _entry(graph: DepGraph, cp: str, member: Member, constraints: tuple, ties: dict) -> Entry:
    after = [c for c in constraints if c.dependent == cp and c.honoured]
    seed = [c for c in constraints if c.dependent == cp and not c.honoured and c.kind == "soft"]
    parts = []
    if after:
        parts.append("after " + "; ".join(_after_text(c) for c in after))
    else:
        parts.append("needs nothing else of the toolchain in the new root")
    if seed:
        parts.append("built with the seed's " + ", ".join(sorted({c.dependency for c in seed})))
    if cp in ties:
        parts.append("placed before " + ", ".join(ties[cp])
                     + " (tie-break: more toolchain packages wait on it, then name)")
    return Entry(cp, _cpv(graph, cp), "; ".join(parts), member.why, member.role)


def _after_text(c: Constraint) -> str:
    through = f" through {', '.join(c.through)}" if c.through else ""
    tool = " (the new one builds it)" if c.kind == "soft" else ""
    return f"{c.dependency} ({c.link.text()}{through}){tool}"


def _cpv(graph: DepGraph, cp: str) -> str:
    import functools

    from ..syntax.version import vercmp
    cpvs = sorted({n.cpv for n in graph.nodes() if cp_of_node(graph, n) == cp})
    target = [n.cpv for n in graph.nodes("target") if cp_of_node(graph, n) == cp] or cpvs
    return max(target, key=functools.cmp_to_key(lambda a, b: vercmp(_ver(a, cp), _ver(b, cp))))


def _ver(cpv: str, cp: str) -> str:
    return cpv[len(cp) + 1:]


def _support_entry(graph: DepGraph, cp: str, needers: dict, spec: ToolchainSpec,
                   members: dict) -> Entry:
    """A support package: who needs it, through which edge, and why it is not a member."""
    member, link = sorted(needers.items())[0]
    need = f"needed in the new root by {', '.join(sorted(needers))}"
    edge = f"{link.source}: {link.text()}" + (f" [{link.edge.use_text()}]" if link.edge.use else "")
    return Entry(cp, _cpv(graph, cp), f"{need} ({edge}); not part of the toolchain: "
                 + _not_member(link, spec, members), "needed by the toolchain", "support")


def _not_member(link: Link, spec: ToolchainSpec, members: dict) -> str:
    e = link.edge
    if link.source not in members:
        return f"a dependency of {link.source}, itself a support package"
    if e.cls != "DEPEND":
        return f"needed at run time only ({e.cls})"
    if e.implicit:
        return "an implicit dependency"
    if link.via:
        return f"reached through {' → '.join(link.via)}"
    if e.use:
        return f"needed only with USE {e.use_text()}"
    return f"a prerequisite of {link.source}, which is neither the compiler nor the C library"


def _seed_uses(soft: list[Constraint]) -> tuple[SeedUse, ...]:
    cut: dict[str, set] = {}
    for c in soft:
        if not c.honoured:
            cut.setdefault(c.dependency, set()).add(c.dependent)
    return tuple(SeedUse(tool, tuple(sorted(builds))) for tool, builds in sorted(cut.items()))


def _influence(plan: list[str], links: list[Link], spec: ToolchainSpec) -> InfluenceReport:
    tools, libs = build_inputs(links, plan, (spec.compiler, spec.binutils))
    return analyse(plan, tools, libs)


def _influence_chain(plan: list[str], links: list[Link], spec: ToolchainSpec,
                     members: dict) -> InfluenceReport | None:
    """The plan after the founding chain: bootstrap-binutils, then bootstrap-gcc.

    Both are built by the seed (bootstrap-gcc with bootstrap-binutils) and stand in
    for binutils and the compiler until the real ones are built.
    """
    if spec.compiler not in members or spec.binutils not in members:
        return None
    boot_bu, boot_cc = bootstrap_cpv(spec.binutils), bootstrap_cpv(spec.compiler)
    tools, libs = build_inputs(links, plan, (spec.compiler, spec.binutils))
    tools[boot_bu] = {spec.binutils, spec.compiler}
    tools[boot_cc] = {spec.binutils, spec.compiler}
    return analyse([boot_bu, boot_cc] + list(plan), tools, libs,
                   provides={boot_bu: spec.binutils, boot_cc: spec.compiler},
                   temporary=(boot_bu, boot_cc))


