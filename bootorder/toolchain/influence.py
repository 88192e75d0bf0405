"""Host influence: how far each build is from the seed's tools, and what to build twice.

A planned stage is an ordered list of packages (``cat/pkg``), each built once in
that order. Building a package uses two kinds of inputs from the same plan:

*tools* (``BDEPEND``/``HOSTDEPEND`` on a *code-generating* tool: the compiler and
    binutils, whose version shapes the code they emit; the compiler and binutils are
    themselves built by their previous generation. Other tools — xz, perl, bison —
    turn the same input into the same output and count as the environment);
*libraries* (``DEPEND``: headers and libraries compiled or linked *into* the result).

An input not built yet at that point of the plan is the seed's copy. The model:

- **generation**: the seed's copies are generation 0; a build is one more than the
  smallest generation among its inputs (the shortest chain of builds back to a seed
  tool; a build with no input from the plan counts as built by the seed, 1);
- **influence**: a build is *influenced by the seed* when one of its inputs is the
  seed's copy, or one of its libraries is itself an influenced build (libraries put
  their bits in what links them: crt files, static parts, headers). A tool built in
  the plan passes on only its behaviour, which its source determines, so it does not
  pass on influence (the assumption of every self-hosting bootstrap; GCC's own
  three-stage comparison checks it);
- **built twice**: a package whose build is influenced must be rebuilt once every
  input exists in the plan. Rebuilding exactly the influenced packages, in the plan's
  order, is necessary (an influenced last build leaves the seed in the result) and
  sufficient (each rebuild's tools exist and its libraries, earlier in the order, are
  already clean); the passes repeat until nothing is influenced, which with an order
  that puts libraries before their users takes two.

Inputs outside the plan are the build environment, not counted. A plan may start
with *stand-ins* (``provides``): the founding chain's ``bootstrap-gcc`` is built by
the seed and then builds glibc in place of the seed's gcc; only its behaviour reaches
glibc, so glibc is clean — the bootstrap packages carry the seed's bits and are
thrown away (``temporary``).

>>> libc, cc = "sys-libs/glibc", "sys-devel/gcc"
>>> report = analyse([libc, cc], tools={libc: {cc}, cc: {cc}}, libs={cc: {libc}})
>>> [(b.cp, b.pass_no, b.generation, b.influenced) for b in report.builds]  # doctest: +NORMALIZE_WHITESPACE
[('sys-libs/glibc', 1, 1, True), ('sys-devel/gcc', 1, 1, True),
 ('sys-libs/glibc', 2, 2, False), ('sys-devel/gcc', 2, 2, False)]
>>> report.built_twice
('sys-libs/glibc', 'sys-devel/gcc')
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from ..core.depclass import BUILD_TOOLS

SEED = "seed"
"""The provider label of an input the plan has not built yet."""


@dataclass(frozen=True, slots=True)
class Input:
    """One input of one build: its package, kind (``tool``/``library``), who provided it."""

    cp: str
    kind: str
    provider: str
    generation: int
    influenced: bool

    def to_json(self) -> dict:
        return {"cp": self.cp, "kind": self.kind, "provider": self.provider,
                "generation": self.generation, "influenced": self.influenced}


@dataclass(frozen=True, slots=True)
class Build:
    """One build of one package in one pass of the plan."""

    cp: str
    pass_no: int
    generation: int
    influenced: bool
    inputs: tuple[Input, ...]

    @property
    def label(self) -> str:
        """``cat/pkg#pass`` — how later builds name this one as their provider."""
        return f"{self.cp}#{self.pass_no}"

    def why(self) -> str:
        """Why the build is (or is not) influenced by the seed, in one sentence."""
        seed = [i.cp for i in self.inputs if i.provider == SEED]
        tainted = [i.provider for i in self.inputs
                   if i.kind == "library" and i.influenced and i.provider != SEED]
        if not (seed or tainted):
            return ("is free of the seed: every input was built in the plan and no "
                    "library it uses is influenced")
        parts = []
        if seed:
            parts.append("uses the seed's " + ", ".join(seed) + " (not built yet)")
        if tainted:
            parts.append("links " + ", ".join(tainted) + ", itself influenced")
        return "; ".join(parts)

    def to_json(self) -> dict:
        return {"cp": self.cp, "pass": self.pass_no, "generation": self.generation,
                "influenced": self.influenced, "why": self.why(),
                "inputs": [i.to_json() for i in self.inputs]}


@dataclass(frozen=True, slots=True)
class InfluenceReport:
    """Every build of every pass, and the packages that must be built twice (or more)."""

    order: tuple[str, ...]
    builds: tuple[Build, ...]
    temporary: frozenset[str] = frozenset()

    @property
    def built_twice(self) -> tuple[str, ...]:
        """Packages built in more than one pass, in plan order (stand-ins never are)."""
        again = {b.cp for b in self.builds if b.pass_no > 1}
        return tuple(cp for cp in self.order if cp in again)

    @property
    def passes(self) -> int:
        return max((b.pass_no for b in self.builds), default=0)

    def final(self, cp: str) -> Build:
        """The last build of ``cp``."""
        return [b for b in self.builds if b.cp == cp][-1]

    def first(self, cp: str) -> Build:
        """The first build of ``cp``."""
        return next(b for b in self.builds if b.cp == cp)

    def to_json(self) -> dict:
        return {"passes": self.passes, "built_twice": list(self.built_twice),
                "temporary": sorted(self.temporary),
                "packages": [{"cp": cp, "builds": self.builds_of(cp),
                              "first_generation": self.first(cp).generation,
                              "final_generation": self.final(cp).generation,
                              "why_rebuilt": self.first(cp).why() if cp in self.built_twice
                              else None} for cp in self.order],
                "builds": [b.to_json() for b in self.builds]}

    def builds_of(self, cp: str) -> int:
        return sum(b.cp == cp for b in self.builds)


def analyse(order: Sequence[str], tools: Mapping[str, Iterable[str]],
            libs: Mapping[str, Iterable[str]], max_passes: int | None = None,
            provides: Mapping[str, str] | None = None,
            temporary: Iterable[str] = ()) -> InfluenceReport:
    """Generations and seed influence of a planned stage, with the rebuild passes.

    Parameters
    ----------
    order
        The build steps in order, each once: package names (``cat/pkg``), or names of
        stand-ins listed in ``provides``.
    tools, libs
        ``step -> cps`` it runs (tools) or builds against (libraries). Packages no
        step provides are ignored (the build environment).
    max_passes
        Stop after this many passes (default: one more than the number of steps,
        never reached when libraries come before their users).
    provides
        ``step -> cp`` for stand-ins (``sys-devel/bootstrap-gcc`` provides
        ``sys-devel/gcc`` until the real one is built); other steps provide themselves.
    temporary
        Steps that are not part of the result (bootstrap packages): never rebuilt.

    Notes
    -----
    O(P · (V + E)) for P passes (two for a valid order).
    """
    plan = tuple(order)
    provided = {step: (provides or {}).get(step, step) for step in plan}
    inside = set(provided.values())
    tool_of = {s: sorted(set(tools.get(s, ())) & inside) for s in plan}
    lib_of = {s: sorted(set(libs.get(s, ())) & inside) for s in plan}
    skip = set(temporary)
    latest: dict[str, Build] = {}
    last: dict[str, Build] = {}
    builds: list[Build] = []
    todo, pass_no = list(plan), 1
    limit = max_passes or len(plan) + 1
    while todo and pass_no <= limit:
        for step in todo:
            build = _build(step, pass_no, tool_of[step], lib_of[step], latest)
            latest[provided[step]] = last[step] = build
            builds.append(build)
        todo = [s for s in plan if s not in skip and last[s].influenced]
        pass_no += 1
    return InfluenceReport(plan, tuple(builds), frozenset(skip))


def _build(cp: str, pass_no: int, tools: list[str], libs: list[str],
           latest: Mapping[str, Build]) -> Build:
    inputs = tuple(_input(dep, "tool", latest) for dep in tools) + \
        tuple(_input(dep, "library", latest) for dep in libs)
    generation = 1 + min((i.generation for i in inputs), default=0)
    influenced = any(i.provider == SEED or (i.kind == "library" and i.influenced)
                     for i in inputs)
    return Build(cp, pass_no, generation, influenced, inputs)


def _input(cp: str, kind: str, latest: Mapping[str, Build]) -> Input:
    built = latest.get(cp)
    if built is None:
        return Input(cp, kind, SEED, 0, True)
    return Input(cp, kind, built.label, built.generation, built.influenced)


"""Edge classes whose dependency is run during the build (a tool)."""

CODE_TOOLS = ("sys-devel/gcc", "sys-devel/binutils")
"""The tools whose version shapes the code they produce (the implicit model's compiler
and binutils). Each is also built by its own previous generation."""


def build_inputs(links, cps: Iterable[str], code_tools: Iterable[str] = CODE_TOOLS
                 ) -> tuple[dict[str, set], dict[str, set]]:
    """``(tools, libs)`` of each of ``cps`` from package-name links.

    ``links`` are :class:`bootorder.graph.projection.Link` values. Tools: the ``code_tools``
    a package needs through ``BDEPEND``/``HOSTDEPEND`` (other tools — xz, perl, bison —
    turn the same input into the same output whoever built them: the environment);
    a code tool also uses itself. Libraries: ``DEPEND``.
    """
    code = set(code_tools)
    tools: dict[str, set] = {cp: set() for cp in cps}
    libs: dict[str, set] = {cp: set() for cp in tools}
    for link in links:
        if link.source in tools and link.source != link.dep:
            if link.edge.cls in BUILD_TOOLS and link.dep in code:
                tools[link.source].add(link.dep)
            elif link.edge.cls == "DEPEND":
                libs[link.source].add(link.dep)
    for cp in code & set(tools):
        tools[cp].add(cp)
    return tools, libs


def stage_influence(graph, order: Sequence[str] | None = None,
                    code_tools: Iterable[str] = CODE_TOOLS) -> InfluenceReport:
    """Influence of the seed on a planned stage given as a resolved graph.

    Parameters
    ----------
    graph
        A :class:`~bootorder.graph.depgraph.DepGraph` (not changed).
    order
        The stage's packages (``cat/pkg``) in build order; by default the packages
        :func:`bootorder.order.schedule.build_order` schedules, in its order, each name once
        (virtuals left out: nothing is built for them).
    code_tools
        The code-generating tools (see :func:`build_inputs`).

    Notes
    -----
    Package instances are taken by name: the question is what the stage *produces*,
    whichever root each build lands in.
    """
    from ..graph.projection import concrete_links, cp_of_node, is_virtual
    if order is None:
        from ..order.schedule import merge_order
        seen: dict[str, None] = {}
        for key in merge_order(graph):
            if not is_virtual(graph, key):
                seen.setdefault(cp_of_node(graph, key), None)
        order = list(seen)
    tools, libs = build_inputs(concrete_links(graph), order, code_tools)
    return analyse(order, tools, libs)


