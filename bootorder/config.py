"""A configuration: tree + profile + overrides; visibility and effective USE per package.

Public API
----------
``Config(tree, profile, *, use=None, accept_keywords=None, package_use=(), reporter=...)``
    ``use``: the environment ``USE`` override, e.g. ``"-* build $BOOTSTRAP_USE"``
    (``$VAR``/``${VAR}`` expand from the profile's make.defaults variables); applied last,
    so ``-*`` wipes profile defaults, ``package.use`` and IUSE defaults, while forced flags
    and ARCH survive and masked flags stay off. ``accept_keywords``: extra
    ``ACCEPT_KEYWORDS`` (incremental, e.g. ``"~amd64"``). ``package_use``: user
    ``package.use`` lines as ``(atom, "flag -flag ...")`` pairs (below the ``use`` override,
    as in portage).
``Config.stage1(tree, profile, reporter=...)``
    The configuration of catalyst's stage 1: ``USE="-* build $BOOTSTRAP_USE"``.
``Config.with_changes(use=..., accept_keywords=..., package_use=...)`` -> a new Config.
Visibility
    ``is_stable(pkg)``, ``missing_keywords(pkg)`` (None when accepted, else the package's
    keywords), ``mask_entry(pkg)`` (the package.mask :class:`AtomEntry` in force, or None),
    ``mask_reasons(pkg)`` (tuple of texts, empty when visible), ``visible(pkg)``,
    ``visible_matches(atom)`` (ascending), ``best_visible(atom)`` (highest visible match,
    or None), ``best_visible_per_slot(atom)`` (``{slot: Package}``, sorted by slot).
Effective USE (portage's ``setcpv`` + ``regenerate``)
    ``use_force(pkg)``, ``use_mask(pkg)`` (frozensets), ``iuse_effective(pkg)``
    (frozenset of flags the package may test), ``use_enabled(pkg)`` (every enabled flag,
    before filtering), ``effective_use(pkg)`` (enabled flags within IUSE_EFFECTIVE: the
    values dependency conditionals see; for an installed package, its recorded USE).

Visibility covers KEYWORDS/ACCEPT_KEYWORDS (with package.keywords and
package.accept_keywords), package.mask/unmask (profile and repository level), the
profile's ``packages`` atoms, unsupported EAPIs, ACCEPT_LICENSE (license_groups),
ACCEPT_RESTRICT and ACCEPT_PROPERTIES.

Not modelled: repository-level
``make.defaults``, ``package.env``, FEATURES-derived USE (``test``), ``flag_*``
wildcards in USE.

>>> from bootorder.repo import Repository, Tree
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

from .defaults import AtomEntry, incremental
from .reporter import NULL_REPORTER, Reporter

_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
_OP_SCORE = {"=": 6, "~": 5, "=*": 4, ">": 2, "<": 2, ">=": 2, "<=": 2, None: 1}
STAGE1_USE = "-* build ${BOOTSTRAP_USE}"
"""catalyst's stage-1 USE override."""


def _index(per_node) -> tuple[dict, ...]:
    """Per node: ``{cp: [(position, AtomEntry), ...]}``."""
    out = []
    for entries in per_node:
        d: dict[str, list] = defaultdict(list)
        for i, e in enumerate(entries):
            d[e.atom.cp].append((i, e))
        out.append(dict(d))
    return tuple(out)


def _specificity(entry: AtomEntry) -> int:
    a = entry.atom
    return max(3 if a.slot is not None else -99, _OP_SCORE.get(a.operator, 1))


def ordered_matches(cpindex: dict, pkg) -> list[AtomEntry]:
    """Entries of one node matching ``pkg``, least specific first (portage order)."""
    hits = [(i, e) for i, e in cpindex.get(pkg.cp, ()) if e.matches(pkg)]
    hits.sort(key=lambda t: (_specificity(t[1]), -t[0]))
    return [e for _, e in hits]


def _apply(flags: set[str], tokens: Iterable[str]) -> None:
    for x in tokens:
        if x == "-*":
            flags.clear()
        elif x[:1] == "-":
            if x.endswith("_*"):
                prefix = x[1:-1]
                flags.difference_update([f for f in flags if f.startswith(prefix)])
            flags.discard(x[1:])
        elif x[:1] == "+":
            if x[1:]:
                flags.add(x[1:])
        else:
            flags.add(x)


class Config:
    """See the module docstring."""

    def __init__(self, tree, profile, *, use: str | None = None,
                 accept_keywords: str | None = None,
                 package_use: Iterable[tuple[str, str]] = (),
                 reporter: Reporter = NULL_REPORTER):
        from .atom import Atom
        self.tree = tree
        self.profile = profile
        self.reporter = reporter
        self.use_override = None if use is None else self._expand(use)
        self.accept_keywords_extra = accept_keywords
        self.package_use = tuple((str(a), f) for a, f in package_use)
        self._user_puse = [AtomEntry(a, Atom.parse(a), "package_use", n, tuple(f.split()))
                           for n, (a, f) in enumerate(self.package_use, 1)]
        self._user_index = _index([self._user_puse])[0]
        p = profile
        self._pkw = _index(p.package_keywords)
        self._pakw = _index(p.package_accept_keywords)
        self._puse = _index(p.package_use)
        self._puse_stable = _index(p.package_use_stable)
        self._pforce = _index(p.package_use_force)
        self._pmask = _index(p.package_use_mask)
        self._pforce_stable = _index(p.package_use_stable_force)
        self._pmask_stable = _index(p.package_use_stable_mask)
        self._masks = _index([p.package_mask])[0]
        self._unmasks = _index([p.package_unmask])[0]
        self._profile_atoms: dict[str, list] = defaultdict(list)
        for a in p.profile_atoms:
            self._profile_atoms[a.cp].append(a)
        self._global_kw = list(p.accept_keywords) + (accept_keywords or "").split()
        self._cache: dict = {}

    @classmethod
    def stage1(cls, tree, profile, reporter: Reporter = NULL_REPORTER) -> Config:
        """catalyst's stage-1 configuration (``USE="-* build $BOOTSTRAP_USE"``)."""
        return cls(tree, profile, use=STAGE1_USE, reporter=reporter)

    def with_changes(self, **changes) -> Config:
        """A new Config with ``use``, ``accept_keywords`` or ``package_use`` replaced."""
        args = {"use": self.use_override, "accept_keywords": self.accept_keywords_extra,
                "package_use": self.package_use, "reporter": self.reporter}
        args.update(changes)
        return Config(self.tree, self.profile, **args)

    def __repr__(self) -> str:
        return f"Config({self.profile!r}, use={self.use_override!r})"

    def _expand(self, text: str) -> str:
        v = self.profile.variables
        return _VAR.sub(lambda m: v.get(m.group(1) or m.group(2), ""), text)

    def _memo(self, key, make):
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = make()
            return value

    # --- keywords -------------------------------------------------------------
    def _keywords(self, pkg) -> set[str]:
        kws = list(pkg.keywords)
        for d in self._pkw:
            for e in ordered_matches(d, pkg):
                kws.extend(e.values)
        return incremental(kws)

    def _accept_groups(self, pkg) -> set[str]:
        defaults = ["~" + k for k in self.profile.accept_keywords if k[:1] not in "~-"]
        extra = []
        for d in self._pakw:
            for e in ordered_matches(d, pkg):
                extra.extend(e.values or defaults)
        return incremental(self._global_kw + extra)

    @staticmethod
    def _missing(accept: set[str], kws: Iterable[str]) -> bool:
        stable = testing = False
        for gp in kws:
            if gp == "*" or gp in accept:
                return False
            if gp == "~*":
                testing = True
                if any(x[:1] == "~" for x in accept):
                    return False
            elif gp[:1] == "~":
                testing = True
            elif gp[:1] != "-":
                stable = True
        return not ((testing and "~*" in accept) or (stable and "*" in accept)
                    or "**" in accept)

    def missing_keywords(self, pkg) -> tuple[str, ...] | None:
        """None when KEYWORDS are accepted, else the package's effective keywords."""
        kws = self._keywords(pkg)
        return None if not self._missing(self._accept_groups(pkg), kws) else tuple(sorted(kws))

    def is_stable(self, pkg) -> bool:
        """Stable for use.stable.* purposes (portage's ``KeywordsManager.isStable``)."""
        def make():
            kws = self._keywords(pkg)
            accept = self._accept_groups(pkg)
            if self._missing(accept, kws):
                return False
            return self._missing(accept, {k if k[:1] == "~" else "~" + k for k in kws})
        return self._memo(("stable", pkg), make)

    # --- masks and visibility -------------------------------------------------
    def mask_entry(self, pkg) -> AtomEntry | None:
        """The package.mask entry masking ``pkg`` (not cancelled by package.unmask)."""
        for _, e in self._masks.get(pkg.cp, ()):
            if e.matches(pkg):
                if any(u.matches(pkg) for _, u in self._unmasks.get(pkg.cp, ())):
                    return None
                return e
        return None

    def mask_reasons(self, pkg) -> tuple[str, ...]:
        """Why ``pkg`` is not visible (empty tuple: visible)."""
        return self._memo(("mask", pkg), lambda: tuple(self._reasons(pkg)))

    def _reasons(self, pkg):
        from .eapi import features
        from .errors import BootorderError
        if pkg.installed:
            return
        try:
            features(pkg.eapi)
        except BootorderError:
            yield f"EAPI {pkg.eapi} unsupported"
        missing = self.missing_keywords(pkg)
        if missing is not None:
            yield f"missing keyword ({' '.join(missing) or 'no KEYWORDS'})"
        entry = self.mask_entry(pkg)
        if entry is not None:
            yield f"package.mask ({entry.where}: {entry.text})"
        for a in self._profile_atoms.get(pkg.cp, ()):
            if not a.matches(pkg.cpv, pkg.slot, pkg.subslot, pkg.repo):
                yield f"profile (packages: {a})"
        yield from self._accept_reasons(pkg)

    def _accept_tokens(self, var: str) -> list[str]:
        def make():
            from .accept import MAKE_GLOBALS, expand_license_tokens, read_license_groups
            tokens = (MAKE_GLOBALS[var] + " " + self.profile.variables.get(var, "")).split()
            if var == "ACCEPT_LICENSE":
                groups = read_license_groups(self.tree.repos, self.reporter)
                tokens = expand_license_tokens(tokens, groups)
            return tokens
        return self._memo(("accept", var), make)

    def _accept_reasons(self, pkg):
        from .accept import accepted, missing_licenses
        from .errors import BootorderError
        from .parse import parse_license, parse_restrict
        use = self.effective_use(pkg)
        try:
            if pkg.get("LICENSE").strip():
                lic = missing_licenses(parse_license(pkg.get("LICENSE"), pkg.eapi), use,
                                       self._accept_tokens("ACCEPT_LICENSE"))
                if lic:
                    yield f"license ({' '.join(lic)})"
            for key, var in (("RESTRICT", "ACCEPT_RESTRICT"),
                             ("PROPERTIES", "ACCEPT_PROPERTIES")):
                if pkg.get(key).strip():
                    toks = [str(t) for t in parse_restrict(pkg.get(key), pkg.eapi)
                            .evaluate(use).leaves()]
                    ok = accepted(self._accept_tokens(var), set(toks))
                    bad = [t for t in toks if t not in ok]
                    if bad:
                        yield f"{key} ({' '.join(bad)})"
        except BootorderError as err:
            yield f"invalid metadata ({err})"

    def visible(self, pkg) -> bool:
        return not self.mask_reasons(pkg)

    def visible_matches(self, atom) -> tuple:
        """Visible packages matching ``atom``, ascending (version, repository priority)."""
        return tuple(p for p in self.tree.match(atom) if self.visible(p))

    def best_visible(self, atom):
        """The highest visible match of ``atom`` (portage's ``bestmatch-visible``), or None."""
        matches = self.visible_matches(atom)
        return matches[-1] if matches else None

    def best_visible_per_slot(self, atom) -> dict:
        """``{slot: best visible package}`` for ``atom``, slots sorted."""
        best: dict = {}
        for p in self.visible_matches(atom):
            best[p.slot] = p
        return dict(sorted(best.items()))

    # --- USE ------------------------------------------------------------------
    def _repo_chain(self, pkg) -> list:
        data = self.profile.repo_data
        if not self.tree.has_repo(pkg.repo):
            return []
        names = list(self.tree.repo(pkg.repo).masters) + [pkg.repo]
        return [data[n] for n in names if n in data]

    def _stack(self, pkg, repo_attr, repo_pattr, flat, pindex, flat_st, pindex_st):
        stable = self.is_stable(pkg)
        tokens: list[str] = []
        for rd in self._repo_chain(pkg):
            tokens.extend(getattr(rd, repo_attr))
            for e in sorted((e for e in getattr(rd, repo_pattr) if e.matches(pkg)),
                            key=_specificity):
                tokens.extend(e.values)
        for i in range(len(self.profile.nodes)):
            tokens.extend(flat[i])
            if stable:
                tokens.extend(flat_st[i])
            for e in ordered_matches(pindex[i], pkg):
                tokens.extend(e.values)
            if stable:
                for e in ordered_matches(pindex_st[i], pkg):
                    tokens.extend(e.values)
        return frozenset(incremental(tokens))

    def use_force(self, pkg) -> frozenset[str]:
        """Forced flags (use.force, package.use.force and their stable variants)."""
        p = self.profile
        return self._memo(("force", pkg), lambda: self._stack(
            pkg, "use_force", "package_use_force", p.use_force, self._pforce,
            p.use_stable_force, self._pforce_stable))

    def use_mask(self, pkg) -> frozenset[str]:
        """Masked flags (use.mask, package.use.mask and their stable variants)."""
        p = self.profile
        return self._memo(("umask", pkg), lambda: self._stack(
            pkg, "use_mask", "package_use_mask", p.use_mask, self._pmask,
            p.use_stable_mask, self._pmask_stable))

    def _layers(self, pkg) -> list[list[str]]:
        p = self.profile
        stable = self.is_stable(pkg)
        repo_layer: list[str] = []
        for rd in self._repo_chain(pkg):
            for e in sorted((e for e in rd.package_use if e.matches(pkg)), key=_specificity):
                repo_layer.extend(e.values)
        internal = [x[1:] if x[:1] == "+" else x for x in pkg.get("IUSE").split()
                    if x[:1] in "+-"]
        defaults = [x for var in p.use_expand_unprefixed
                    for x in p.variables.get(var, "").split()]
        for i in range(len(p.nodes)):
            defaults.extend(p.make_defaults_use[i].split())
            if stable:
                defaults.extend(p.use_stable[i])
            for e in ordered_matches(self._puse[i], pkg):
                defaults.extend(e.values)
            if stable:
                for e in ordered_matches(self._puse_stable[i], pkg):
                    defaults.extend(e.values)
        user = [v for e in ordered_matches(self._user_index, pkg) for v in e.values]
        env = self.use_override.split() if self.use_override is not None else []
        return [repo_layer, internal, defaults, user, env]

    def use_enabled(self, pkg) -> frozenset[str]:
        """Every enabled flag of ``pkg`` (before restricting to IUSE_EFFECTIVE)."""
        def make():
            flags: set[str] = set()
            for layer in self._layers(pkg):
                _apply(flags, layer)
            flags |= self.use_force(pkg)
            if self.profile.arch:
                flags.add(self.profile.arch)
            flags -= self.use_mask(pkg)
            return frozenset(flags)
        return self._memo(("use", pkg), make)

    def iuse_effective(self, pkg) -> frozenset[str]:
        """Flags ``pkg`` may test: IUSE plus the profile's implicit flags (PMS 11.1.1)."""
        return self._memo(("iuse", pkg), lambda: frozenset(pkg.iuse) | self._implicit(pkg))

    def _implicit(self, pkg) -> frozenset[str]:
        p = self.profile
        v = p.variables
        if pkg.eapi in ("0", "1", "2", "3", "4"):
            out = {"build", "bootstrap", p.arch} | self.use_force(pkg) | self.use_mask(pkg)
            hidden = tuple(x.lower() + "_" for x in p.use_expand_hidden)
            out |= {f for f in self.use_enabled(pkg) if f.startswith(hidden)}
            return frozenset(out - {""})
        return self._memo("implicit", lambda: frozenset(_iuse_effective_globals(p, v)))

    def effective_use(self, pkg) -> frozenset[str]:
        """Enabled flags within IUSE_EFFECTIVE (installed packages: their recorded USE)."""
        if pkg.installed:
            return pkg.use
        return self._memo(("euse", pkg),
                          lambda: self.use_enabled(pkg) & self.iuse_effective(pkg))


def _iuse_effective_globals(p, v) -> set[str]:
    out = set(p.iuse_implicit)
    implicit = set(p.use_expand_implicit)
    for var in p.use_expand_unprefixed:
        if var in implicit:
            out.update(v.get("USE_EXPAND_VALUES_" + var, "").split())
    for var in implicit & set(p.use_expand):
        out.update(f"{var.lower()}_{x}" for x in v.get("USE_EXPAND_VALUES_" + var, "").split())
    return out
