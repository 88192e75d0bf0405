"""Package dependency atoms (PMS "Package dependency specifications").

``Atom.parse`` accepts exactly what ``portage.dep.Atom(text, eapi=...)`` accepts and
gives the same fields; ``eapi=None`` means "no EAPI" (profiles, user input): every
feature is allowed, repository deps (``::repo``) included.

>>> a = Atom.parse(">=dev-libs/glib-2.76.4-r1:2/0=[introspection?,-doc(-)]")
>>> (a.operator, a.cp, a.version, a.slot, a.subslot, a.slot_operator)
('>=', 'dev-libs/glib', '2.76.4-r1', '2', '0', '=')
>>> a.use_deps
('introspection?', '-doc(-)')
>>> a == Atom.parse(">=dev-libs/glib-2.76.4-r1:2/0=[-doc(-),introspection?]")
True
>>> a.matches("dev-libs/glib-2.80.0", slot="2", subslot="0")
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.display import HtmlDisplay
from ..core.errors import BootorderError, clip
from . import eapi as _eapi
from ._lru import LruMemo
from .version import VERSION_RE, split_cpv, valid_package_name, vercmp

__all__ = ["Atom", "UseDep", "InvalidAtom"]


class InvalidAtom(BootorderError, ValueError):
    """An atom that does not parse; ``reason`` says why, ``text`` is the atom (the
    message shows a long atom by its ends)."""

    def __init__(self, text: str, reason: str):
        self.text = text
        self.reason = reason
        super().__init__(f"invalid atom '{clip(text)}': {clip(reason, 200)}")


_W = r"[A-Za-z0-9_]"
_CAT = rf"{_W}[\w+.-]*"
_VR = VERSION_RE.pattern
_ATOM_RE = re.compile(
    rf"""(?P<blocker>!!?)?
    (?:
        (?P<op>[<>]=?|[=~])(?P<vcat>{_CAT})/(?P<vpkg>{_W}[\w+-]*?)-(?P<ver>{_VR})
        (?:-(?P<build>\d+))?(?P<star>\*)?
      | (?P<cat>{_CAT})/(?P<pkg>{_W}[\w+-]*)
    )
    (?::(?P<slot>[\w+./*=-]+))?
    (?:::(?P<repo>{_W}[\w-]*))?
    (?P<use>\[.*\])?""",
    re.VERBOSE | re.ASCII)
_SLOT = rf"{_W}[\w+.-]*"
_SLOT_OP_RE = re.compile(rf"(?:(?P<slot>{_SLOT})(?:/(?P<sub>{_SLOT}))?)?(?P<op>[*=])?", re.ASCII)
_SLOT_RE = re.compile(_SLOT, re.ASCII)
_USEDEP_RE = re.compile(
    r"(?P<prefix>[!-]?)(?P<flag>[A-Za-z0-9][A-Za-z0-9+_@-]*)"
    r"(?:\((?P<default>[+-])\))?(?P<suffix>[?=]?)")
_USEDEPS: dict[str, "UseDep"] = {}
_USEDEP_KINDS = {"": "enabled", "-": "disabled", "?": "if_enabled",
                 "!?": "if_disabled", "=": "equal", "!=": "not_equal"}


@dataclass(frozen=True, slots=True)
class UseDep:
    """One USE dependency of an atom, e.g. ``!ssl?`` or ``-doc(-)``.

    ``kind`` is one of ``enabled`` (``a``), ``disabled`` (``-a``), ``if_enabled``
    (``a?``), ``if_disabled`` (``!a?``), ``equal`` (``a=``), ``not_equal`` (``!a=``);
    ``default`` is ``"+"``, ``"-"`` or None for ``(+)``/``(-)``.

    >>> UseDep.parse("!ssl(+)=")
    UseDep(flag='ssl', kind='not_equal', default='+')
    >>> str(UseDep.parse("-doc(-)"))
    '-doc(-)'
    """

    flag: str
    kind: str
    default: str | None = None

    @classmethod
    def parse(cls, text: str) -> UseDep:
        dep = _USEDEPS.get(text)
        if dep is None:
            m = _USEDEP_RE.fullmatch(text)
            kind = m and _USEDEP_KINDS.get(m["prefix"] + m["suffix"])
            if kind is None:
                raise ValueError(f"invalid USE dependency '{text}'")
            dep = _USEDEPS[text] = cls(m["flag"], kind, m["default"])
        return dep

    def __str__(self) -> str:
        prefix = {"disabled": "-", "if_disabled": "!", "not_equal": "!"}.get(self.kind, "")
        suffix = {"if_enabled": "?", "if_disabled": "?", "equal": "=", "not_equal": "="}
        default = f"({self.default})" if self.default else ""
        return f"{prefix}{self.flag}{default}{suffix.get(self.kind, '')}"

    @property
    def conditional(self) -> bool:
        """True for ``a?``, ``!a?``, ``a=`` and ``!a=`` (they depend on the parent's USE)."""
        return self.kind not in ("enabled", "disabled")

    def required_state(self, parent_use: frozenset[str] | set[str] = frozenset()) -> bool | None:
        """The state this dep asks of ``flag`` given the parent's USE (None: no demand).

        >>> UseDep.parse("a=").required_state({"a"}), UseDep.parse("!a?").required_state({"a"})
        (True, None)
        """
        on = self.flag in parent_use
        return {"enabled": True, "disabled": False,
                "if_enabled": True if on else None, "if_disabled": None if on else False,
                "equal": on, "not_equal": not on}[self.kind]


@dataclass(frozen=True, slots=True, eq=False)
class Atom(HtmlDisplay):
    """A parsed atom; the fields are portage's, ``version`` keeps the text as written.

    Equality and hashing ignore the order of the USE deps; ``str()`` returns the text
    as written.

    >>> a = Atom.parse("!!=sys-libs/glibc-2.3*::gentoo")
    >>> (a.blocker, a.operator, a.version, a.repo, str(a))
    ('!!', '=*', '2.3', 'gentoo', '!!=sys-libs/glibc-2.3*::gentoo')
    """

    blocker: str | None
    operator: str | None
    category: str
    package: str
    version: str | None
    slot: str | None
    subslot: str | None
    slot_operator: str | None
    repo: str | None
    use_deps: tuple[str, ...]
    _text: str = field(repr=False)
    use: tuple[UseDep, ...] = field(default=(), repr=False, compare=False)
    """The USE deps parsed (``UseDep``), in written order."""
    build_id: int | None = None
    """A binary package build id (``=cat/pkg-1.0-3``): only without an EAPI."""
    _key: tuple = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.use_deps and not self.use:
            object.__setattr__(self, "use", tuple(UseDep.parse(u) for u in self.use_deps))
        object.__setattr__(self, "_key", (
            self.blocker, self.operator, self.category, self.package, self.version,
            self.slot, self.subslot, self.slot_operator, self.repo,
            tuple(sorted(set(self.use_deps))), self.build_id))

    @classmethod
    def parse(cls, text: str, eapi: str | None = None) -> Atom:
        """Parse one atom; raise ``InvalidAtom`` naming the reason.

        >>> Atom.parse("dev-libs/foo-1.0")
        Traceback (most recent call last):
        ...
        bootorder.syntax.atom.InvalidAtom: invalid atom 'dev-libs/foo-1.0': package name 'foo-1.0' ends in a version (add an operator such as '=')
        """
        key = (text, eapi)
        atom = _CACHE.get(key)
        if atom is None:
            atom = _build(text, _eapi.parse_features(eapi))
            _CACHE.put(key, atom)
        return atom

    @property
    def cp(self) -> str:
        """``category/package``."""
        return f"{self.category}/{self.package}"

    @property
    def cpv(self) -> str:
        """``category/package-version`` (or ``cp`` for an unversioned atom)."""
        return f"{self.cp}-{self.version}" if self.version is not None else self.cp

    def as_dict(self) -> dict:
        """The fields as a JSON-ready dict (``text`` is the atom as written).

        >>> Atom.parse("!a/b:1").as_dict()["blocker"]
        '!'
        """
        return {"text": self._text, "blocker": self.blocker, "operator": self.operator,
                "category": self.category, "package": self.package, "cp": self.cp,
                "version": self.version, "slot": self.slot, "subslot": self.subslot,
                "slot_operator": self.slot_operator, "repo": self.repo,
                "use_deps": list(self.use_deps), "build_id": self.build_id}

    def without_use(self) -> Atom:
        """The same atom without USE deps (text rebuilt without the ``[...]`` part)."""
        text = self._text.split("[", 1)[0]
        return Atom.parse(text) if self.use_deps else self

    def matches(self, cpv: str, slot: str | None = None, subslot: str | None = None,
                repo: str | None = None) -> bool:
        """Does a package ``cpv`` (in ``slot/subslot`` of ``repo``) match this atom?

        Like ``portage.dep.match_from_list``: version operator, slot, sub-slot and
        repository; the blocker prefix, USE deps and build ids are ignored; an unknown
        ``slot``/``repo`` (None) does not exclude the package.

        >>> a = Atom.parse("~dev-lang/perl-5.38.2")
        >>> a.matches("dev-lang/perl-5.38.2-r3"), a.matches("dev-lang/perl-5.38.20")
        (True, False)
        >>> Atom.parse("=sys-devel/gcc-13*").matches("sys-devel/gcc-13.2.1_p2024")
        True
        """
        cp, ver = split_cpv(cpv)
        if cp != self.cp or not self._version_matches(ver):
            return False
        if self.slot is not None and slot is not None:
            if slot != self.slot or (self.subslot and self.subslot != subslot):
                return False
        return not (self.repo and repo and repo != self.repo)

    def _version_matches(self, ver: str) -> bool:
        op = self.operator
        if op is None:
            return True
        if op == "=*":
            return _glob_matches(self.version, ver)
        if op == "~":
            return _strip_rev(ver) == _strip_rev(self.version)
        cmp = vercmp(ver, self.version)
        return {"=": cmp == 0, "<": cmp < 0, "<=": cmp <= 0,
                ">": cmp > 0, ">=": cmp >= 0}[op]

    def __str__(self) -> str:
        return self._text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Atom) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __lt__(self, other: Atom) -> bool:
        return (self.cp, self._text) < (other.cp, other._text)


_CACHE = LruMemo(1 << 23, lambda key: len(key[0]))
"""``Atom.parse`` results by (text, EAPI), for 8 Mi characters of atoms: every distinct
atom of a whole tree (31,443 in a 20x ``bootstrap``, which rebuilt 103,706 atoms with a
budget of 1 Mi; the atoms live on in the parsed trees, so the peak RSS stayed 733 MB)."""


def _strip_rev(ver: str) -> str:
    m = VERSION_RE.fullmatch(ver)
    return ver[: m.start(5) - 2] if m and m.group(5) is not None else ver


def _zero_fix(ver: str) -> str:
    # portage's =* compares versions with leading zeros of the first part removed
    fixed = ver.lstrip("0")
    return fixed if fixed and fixed[0].isdigit() else "0" + fixed


def _glob_matches(prefix: str, ver: str) -> bool:
    want, have = _zero_fix(prefix), _zero_fix(ver)
    if not have.startswith(want):
        return False
    nxt = have[len(want):len(want) + 1]
    return not nxt or nxt in "._-" or want[-1].isdigit() != nxt.isdigit()


def _build(text: str, feats: _eapi.Features) -> Atom:
    m = _ATOM_RE.fullmatch(text)
    if m is None:
        raise InvalidAtom(text, _diagnose(text))
    return from_match(text, m, feats)


def from_match(text: str, m: re.Match, feats: _eapi.Features) -> Atom:
    """Build an Atom from a match of the atom pattern (no second parse)."""
    if m is None:
        raise InvalidAtom(text, _diagnose(text))
    g = m.group
    op = g("op")
    build_id = _build_id(text, m, feats)
    if op is not None:
        category, package, version = g("vcat"), g("vpkg"), g("ver")
        if g("star"):
            if op != "=":
                raise InvalidAtom(text, f"'*' is only allowed with '=', not '{op}'")
            op = "=*"
    else:
        category, package, version = g("cat"), g("pkg"), None
    # portage does not check the name of an atom with a build id
    if build_id is None and not valid_package_name(package):
        hint = " (add an operator such as '=')" if op is None else ""
        raise InvalidAtom(text, f"package name '{package}' ends in a version{hint}")
    blocker = g("blocker")
    if blocker == "!!" and not feats.strong_blocks:
        raise InvalidAtom(text, f"'!!' blockers are not allowed in EAPI {feats.name}")
    slot, subslot, slot_op = _slot_parts(text, g("slot"), feats)
    repo = g("repo")
    if repo is not None and not feats.repo_deps:
        raise InvalidAtom(text, f"repository deps (::{repo}) are not allowed in EAPI {feats.name}")
    use, parsed = _use_parts(text, g("use"), feats)
    return Atom(blocker, op, category, package, version, slot, subslot, slot_op,
                repo, use, text, parsed, build_id)


def _build_id(text: str, m: re.Match, feats: _eapi.Features) -> int | None:
    # =cat/pkg-1.0-3: binary package build id 3 (portage, no EAPI only)
    build = m["build"]
    if build is None:
        return None
    if not feats.build_ids:
        raise InvalidAtom(text, f"package name '{m['vpkg']}-{m['ver']}' ends in a version")
    if m["star"] or (len(build) > 1 and build[0] == "0"):
        raise InvalidAtom(text, f"invalid build id '-{build}'")
    return int(build)


def _slot_parts(text: str, slot: str | None, feats: _eapi.Features):
    if slot is None:
        return None, None, None
    if not feats.slot_deps:
        raise InvalidAtom(text, f"slot deps are not allowed in EAPI {feats.name}")
    if not feats.slot_operators:
        if _SLOT_RE.fullmatch(slot) is None:
            _slot_operator_parts(text, slot)  # raises when invalid in EAPI 5 too
            raise InvalidAtom(text, "slot operators and sub-slots need EAPI 5 "
                              f"(EAPI {feats.name})")
        return slot, None, None
    return _slot_operator_parts(text, slot)


def _slot_operator_parts(text: str, slot: str):
    m = _SLOT_OP_RE.fullmatch(slot)
    if m is None or (m["slot"] is None and m["op"] is None):
        raise InvalidAtom(text, f"invalid slot dep ':{slot}'")
    if m["slot"] is not None and m["op"] == "*":
        raise InvalidAtom(text, f"':*' cannot name a slot (':{slot}')")
    return m["slot"], m["sub"], m["op"]


def _use_parts(text: str, use: str | None, feats: _eapi.Features):
    if use is None:
        return (), ()
    if not feats.use_deps:
        raise InvalidAtom(text, f"USE deps are not allowed in EAPI {feats.name}")
    tokens = tuple(use[1:-1].split(","))
    defaults: dict[str, str | None] = {}
    parsed = []
    for token in tokens:
        try:
            dep = UseDep.parse(token)
        except ValueError as err:
            raise InvalidAtom(text, str(err)) from None
        parsed.append(dep)
        if dep.default and not feats.use_dep_defaults:
            raise InvalidAtom(text, f"USE dep defaults ('{token}') are not allowed "
                              f"in EAPI {feats.name}")
        if dep.flag in defaults and defaults[dep.flag] != dep.default:
            raise InvalidAtom(text, f"conflicting defaults for USE flag '{dep.flag}'")
        defaults[dep.flag] = dep.default
    return tokens, tuple(parsed)


def _diagnose(text: str) -> str:
    """A human reason why ``text`` is not an atom (the fast path only says 'no')."""
    body = text.lstrip("!")
    if len(text) - len(body) > 2:
        return "too many '!'"
    core = re.split(r"[:\[]", body, maxsplit=1)[0]
    op = re.match(r"[<>]=?|[=~]", core)
    cpv = core[op.end():] if op else core
    if "/" not in cpv:
        return "missing category ('category/package')"
    cat, _, pv = cpv.partition("/")
    if not re.fullmatch(_CAT, cat, re.ASCII):
        return f"invalid category '{cat}'"
    if op:
        star = pv.endswith("*")
        if pv.endswith("**"):
            return "only one '*' may follow the version"
        if star and op.group() != "=":
            return f"'*' is only allowed with '=', not '{op.group()}'"
        if not re.fullmatch(rf"{_W}[\w+-]*?-{_VR}", pv.rstrip("*"), re.ASCII):
            return f"'{op.group()}' needs a valid version after the package name"
    elif re.fullmatch(rf"{_W}[\w+-]*?-{_VR}", pv, re.ASCII):
        return f"package name '{pv}' ends in a version (add an operator such as '=')"
    elif not re.fullmatch(rf"{_W}[\w+-]*", pv, re.ASCII):
        return f"invalid package name '{pv}'"
    return _diagnose_tail(body[len(core):])


def _diagnose_tail(rest: str) -> str:
    use = ""
    if "[" in rest:
        rest, use = rest[:rest.index("[")], rest[rest.index("["):]
    slot, _, repo = rest.partition("::")
    if slot and not re.fullmatch(r":" + _SLOT_OP_RE.pattern, slot, re.ASCII) or slot == ":":
        return f"invalid slot dep '{slot}'"
    if len(slot) > 2 and slot.endswith("*"):
        return f"':*' cannot name a slot ('{slot}')"
    if _ and not re.fullmatch(rf"{_W}[\w-]*", repo, re.ASCII):
        return f"invalid repository name '{repo}'"
    if use and not use.endswith("]"):
        return "USE deps must end with ']'"
    for token in use[1:-1].split(","):
        if not _USEDEP_RE.fullmatch(token):
            return f"invalid USE dependency '{token}'"
    return "invalid slot, repository or USE dep syntax"


def cp_of_atom(atom: str) -> str:
    """``cat/pkg`` of an atom.

    >>> cp_of_atom(">=sys-devel/gcc-6.2:*[cxx]"), cp_of_atom("=dev-libs/gmp-6*")
    ('sys-devel/gcc', 'dev-libs/gmp')
    """
    return Atom.parse(atom).cp
