"""Read ``emerge --pretend --verbose --color=n`` output into records.

Merge lines (with or without ``--tree`` indentation, which emerge forces on itself when
it reports a circular dependency)::

    [ebuild  N    ~] cat/pkg-1.0-r1:SLOT/SUB::repo [0.9:SLOT/SUB::repo] to /root/ USE="a (b)"
    [binary   R    ] cat/pkg-1.0-3::repo  USE="..."           (-3: a build id)
    [nomerge       ]  cat/pkg-1.0::repo                       (tree context, not a merge)

A flag token is ``[(]`` ``[-]`` name ``[%]`` ``[*]`` ``[)]``: ``-`` disabled, parentheses
forced or masked, ``%`` not in the installed version's IUSE, ``*`` changed from it;
``(-x%)`` / ``(-x%*)`` a flag the new version no longer has (neither on nor off).
USE_EXPAND groups (``PYTHON_TARGETS="python3_12"``) are spelled as portage records them
for an installed package (``python_targets_python3_12``). Hidden groups (ELIBC, KERNEL,
...) are never displayed, so never compared.

``to ROOT/`` follows a package whose configuration's ROOT is not ``/``; a record's
``root`` is the name the caller gives that directory (``roots``), ``"/"`` without one.

>>> line = '[ebuild  N     ] dev-libs/b-2:0/2::r to /w/target/ USE="foo (bar) -baz" 0 KiB'
>>> merge = parse_merge_line(line, {"/w/target": "target"})
>>> merge.key, sorted(merge.use), merge.slot, merge.subslot
(('dev-libs/b-2', 'target'), ['bar', 'foo'], '0', '2')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..syntax.version import split_cpv

__all__ = ["Flags", "EmergeMerge", "CycleEdge", "EmergeProblem", "EmergeResult",
           "parse_flags", "parse_merge_line", "parse_emerge_output"]

MERGE_TYPES = ("ebuild", "binary")
_LINE = re.compile(r"^\[(?P<type>ebuild|binary|nomerge|blocks|uninstall)\s*(?P<attr>[^\]]*)\]"
                   r"(?P<indent> *)(?P<rest>\S.*)$")
_PKG = re.compile(r"^(?P<cpv>[^\s:]+?)(?::(?P<slot>[^\s:/]+)(?:/(?P<sub>[^\s:]+))?)?"
                  r"(?:::(?P<repo>\S+))?$")
_GROUP = re.compile(r'(?P<name>[A-Z][A-Z0-9_]*)="(?P<flags>[^"]*)"')
_TO = re.compile(r"\bto (?P<root>/\S*)")
_FLAG = re.compile(r"^(?P<open>\()?(?P<neg>-)?(?P<name>[^()%*\s]+)(?P<pct>%)?(?P<star>\*)?"
                   r"(?P<close>\))?$")
_CYCLE_NODE = re.compile(r"\((?P<pkg>[^\s,()]+), (?P<type>ebuild|binary|installed)"
                         r"(?P<state>[^)]*)\)")
_TOTAL = re.compile(r"^Total: (?P<n>\d+) packages?")

PROBLEM_PATTERNS = (
    ("no-ebuilds", re.compile(r"^emerge: there are no (?:ebuilds|binary packages)"
                              r"(?: built with USE flags)? to satisfy")),
    ("masked", re.compile(r"^!!! All ebuilds that could satisfy .* have been masked")),
    ("use-changes", re.compile(r"The following USE changes are necessary to proceed")),
    ("required-use", re.compile(r"The following REQUIRED_USE flag constraints are unsatisfied")),
    ("keyword-changes", re.compile(r"The following keyword changes are necessary")),
    ("mask-changes", re.compile(r"The following mask changes are necessary")),
    ("license-changes", re.compile(r"The following license changes are necessary")),
    ("slot-conflict", re.compile(r"^!!! Multiple package instances within a single package "
                                 r"slot have been pulled")),
    ("blocker", re.compile(r"^!!! The following (?:installed )?packages? (?:is|are) blocking|"
                           r"^!!! Error: the .* package conflicts with another package")),
    ("unsatisfied", re.compile(r"^!!! Problem resolving dependencies")),
    ("skipped-update", re.compile(r"^!!! The following update(?:s have| has) been skipped")),
    ("invalid-atom", re.compile(r"^!!! '.*' is not a valid package atom|"
                                r"^emerge: '.*' is an invalid atom")),
    ("ambiguous", re.compile(r"^!!! The short ebuild name .* is ambiguous")),
    ("circular", re.compile(r"^ \* Error: circular dependencies:")),
    ("provided-args", re.compile(r"^WARNING: Requested packages will not be merged because "
                                 r"they are listed in")),
    ("missing-set", re.compile(r"^emerge: there are no sets to satisfy|"
                               r"^emerge: incomplete set configuration")),
    ("error", re.compile(r"^!!! ")),
)
"""``(kind, pattern)`` of every failure message recognised, first match wins. A
``provided-args`` warning leaves emerge's exit code at 0 although nothing requested is
merged (the configuration governing that root lists it in package.provided)."""


@dataclass(frozen=True, slots=True)
class Flags:
    """The flags of one displayed group (or of several together)."""

    enabled: frozenset[str] = frozenset()
    disabled: frozenset[str] = frozenset()
    forced: frozenset[str] = frozenset()         # in parentheses: forced on or masked off
    changed: frozenset[str] = frozenset()        # "*"
    new: frozenset[str] = frozenset()            # "%"
    removed: frozenset[str] = frozenset()        # "(-x%)": dropped from IUSE

    @property
    def shown(self) -> frozenset[str]:
        """Every flag displayed as on or off."""
        return self.enabled | self.disabled

    @staticmethod
    def union(parts) -> Flags:
        """The flags of several groups together."""
        parts = list(parts)
        return Flags(*(frozenset().union(*(getattr(p, name) for p in parts))
                       for name in Flags.__slots__))


@dataclass(frozen=True, slots=True)
class EmergeMerge:
    """One ``[ebuild ...]`` / ``[binary ...]`` line."""

    cpv: str
    root: str
    type: str
    attrs: str                    # the bracket's letters without spaces: "N", "R", "rR", "N~"
    slot: str | None
    subslot: str | None
    repo: str | None
    build_id: int | None
    old: str | None               # "[0.9:0::repo]" content for updates and downgrades
    groups: tuple[tuple[str, Flags], ...]   # per displayed group: ("USE", ...), ...

    @property
    def key(self) -> tuple[str, str]:
        return self.cpv, self.root

    @property
    def flags(self) -> Flags:
        """Every displayed group together."""
        return Flags.union(f for _, f in self.groups)

    @property
    def use(self) -> frozenset[str]:
        return self.flags.enabled

    def group(self, name: str) -> Flags:
        """The flags of one displayed group (empty when emerge showed none)."""
        return dict(self.groups).get(name, Flags())


@dataclass(frozen=True, slots=True)
class CycleEdge:
    """One edge of the cycle emerge prints: ``parent`` depends on ``child``."""

    parent: str
    child: str
    priority: str                 # "buildtime", "runtime", "buildtime_slot_op", ...
    use: str | None               # "USE=flag" when a flag governs the edge


@dataclass(frozen=True, slots=True)
class EmergeProblem:
    """A failure message: its kind and its text (the line and what follows, to a blank)."""

    kind: str
    text: str


@dataclass
class EmergeResult:
    """What one ``emerge --pretend`` said."""

    returncode: int
    merges: list[EmergeMerge] = field(default_factory=list)   # de-duplicated, first seen
    total: int | None = None
    cycle: list[str] = field(default_factory=list)            # the shortest cycle's cpvs
    cycle_edges: list[CycleEdge] = field(default_factory=list)
    problems: list[EmergeProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Exit 0, no cycle, no failure message."""
        return self.returncode == 0 and not self.cycle and not self.problems


def parse_flags(group: str, text: str) -> tuple[Flags, list[str]]:
    """The flags of ``GROUP="text"`` (values prefixed ``group_`` unless the group is USE)
    and the tokens that are no flag.

    >>> flags, bad = parse_flags("CURL_SSL", "(openssl) -gnutls")
    >>> sorted(flags.enabled), sorted(flags.forced), bad
    (['curl_ssl_openssl'], ['curl_ssl_openssl'], [])
    """
    prefix = "" if group == "USE" else group.lower() + "_"
    sets: dict[str, set[str]] = {name: set() for name in Flags.__slots__}
    bad = []
    for token in text.split():
        m = _FLAG.match(token)
        if m is None or bool(m["open"]) != bool(m["close"]):
            bad.append(token)
            continue
        name = prefix + m["name"]
        if m["open"] and m["neg"] and m["pct"]:
            sets["removed"].add(name)
            continue
        sets["disabled" if m["neg"] else "enabled"].add(name)
        for mark, kind in (("open", "forced"), ("star", "changed"), ("pct", "new")):
            if m[mark]:
                sets[kind].add(name)
    return Flags(*(frozenset(sets[name]) for name in Flags.__slots__)), bad


def _split_build_id(cpv: str, kind: str) -> tuple[str, int | None]:
    """``cat/pkg-1.0-3`` of a binary package -> ``("cat/pkg-1.0", 3)``."""
    m = re.match(r"^(.*)-(\d+)$", cpv)
    if kind == "binary" and m:
        try:
            split_cpv(m[1])
        except ValueError:
            return cpv, None
        return m[1], int(m[2])
    return cpv, None


def parse_merge_line(line: str, roots: dict[str, str]) -> EmergeMerge | None:
    """The record of an ``[ebuild``/``[binary`` line, else None (``roots``: see the
    module docstring)."""
    m = _LINE.match(line.rstrip())
    if m is None or m["type"] not in MERGE_TYPES:
        return None
    pkgtext, _, tail = m["rest"].partition(" ")
    p = _PKG.match(pkgtext)
    if p is None:
        raise ValueError(f"emerge printed a package this parser does not read: {line}")
    cpv, build_id = _split_build_id(p["cpv"], m["type"])
    head = _GROUP.split(tail)[0]                    # "[old] to /root/ " before the groups
    root_m = _TO.search(head)
    root = "/"
    if root_m:
        path = root_m["root"].rstrip("/")
        root = roots.get(path, path + "/")
    old_m = re.search(r"\[([^\]]*)\]", head)
    groups = tuple((name, parse_flags(name, flags)[0]) for name, flags in _GROUP.findall(tail))
    return EmergeMerge(cpv, root, m["type"], "".join(m["attr"].split()), p["slot"], p["sub"],
                       p["repo"], build_id, old_m[1] if old_m else None, groups)


def _cycle_block(lines: list[str], start: int) -> tuple[list[str], list[CycleEdge]]:
    """The shortest cycle printed after `` * Error: circular dependencies:``."""
    nodes: list[str] = []
    edges: list[CycleEdge] = []
    for line in lines[start + 1:]:
        if not line.strip():
            if nodes:
                break
            continue
        if line.startswith(" * "):
            break
        m = _CYCLE_NODE.search(line)
        if m is None:
            continue
        pm = _PKG.match(m["pkg"])
        cpv = pm["cpv"] if pm else m["pkg"]
        after = line[m.end():].strip()
        if nodes and after.startswith("(") and after.endswith(")"):
            priority, _, use = after[1:-1].partition(", ")
            edges.append(CycleEdge(nodes[-1], cpv, priority, use or None))
        nodes.append(cpv)
    if len(nodes) > 1 and nodes[0] == nodes[-1]:
        nodes = nodes[:-1]
    return nodes, edges


def _problem_end(lines: list[str], i: int) -> int:
    """Index after the message starting at ``lines[i]`` (to a blank line, at most 40)."""
    end = i + 1
    while end < min(len(lines), i + 40) and (lines[end].strip() or end == i + 1):
        end += 1
    return end


def parse_emerge_output(output: str, returncode: int, roots: dict[str, str] | None = None
                        ) -> EmergeResult:
    """Records of ``emerge --pretend --verbose --color=n`` output; ``roots`` names
    directories (``{"/w/target": "target"}``).

    >>> r = parse_emerge_output('emerge: there are no ebuilds to satisfy "a/b".', 1)
    >>> [p.kind for p in r.problems], r.ok
    (['no-ebuilds'], False)
    """
    roots = {k.rstrip("/"): v for k, v in (roots or {}).items()}
    result = EmergeResult(returncode)
    seen: set[tuple[str, str]] = set()
    lines = output.splitlines()
    consumed = 0                           # lines up to here belong to a reported problem
    for i, line in enumerate(lines):
        merge = parse_merge_line(line, roots)
        if merge is not None:
            if merge.key not in seen:
                seen.add(merge.key)
                result.merges.append(merge)
            continue
        total = _TOTAL.match(line)
        if total:
            result.total = int(total["n"])
        elif i >= consumed:
            consumed = max(consumed, _read_problem(lines, i, result))
    return result


def _read_problem(lines: list[str], i: int, result: EmergeResult) -> int:
    """Record the failure message starting at ``lines[i]``, if any; returns the index
    after it (``i`` when there is none)."""
    for kind, pattern in PROBLEM_PATTERNS:
        if pattern.search(lines[i]):
            if kind == "circular":
                result.cycle, result.cycle_edges = _cycle_block(lines, i)
                return i
            end = _problem_end(lines, i)
            result.problems.append(EmergeProblem(
                kind, "\n".join(x for x in lines[i:end] if x.strip())))
            return end
    return i
