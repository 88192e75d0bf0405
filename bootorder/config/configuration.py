"""A configuration: tree + profile + overrides; visibility and effective USE per package.

Public API
----------
``Config(tree, profile, *, use=None, make_conf_use=None, accept_keywords=None,
package_use=(), use_changes=(), forced_use=(), reporter=...)``
    ``make_conf_use``: ``USE`` as ``make.conf`` sets it (portage's "conf" layer, above the
    profile's make.defaults and ``package.use``, below the user's ``package.use``): a
    ``-*`` there wipes the profile's USE and IUSE defaults, yet ``package_use`` lines
    still apply, as in catalyst's stage 1 (``USE="-* build ..."`` in make.conf,
    ``portage_confdir``'s ``package.use`` kept). ``use``: the environment ``USE``
    override, e.g. ``"-* build $BOOTSTRAP_USE"`` (``$VAR``/``${VAR}`` expand from the
    profile's make.defaults variables, in both); applied last, so ``-*`` wipes profile
    defaults, ``package.use`` and IUSE defaults, while forced flags
    and ARCH survive and masked flags stay off. ``accept_keywords``: extra
    ``ACCEPT_KEYWORDS`` (incremental, e.g. ``"~amd64"``). ``package_use``: user
    ``package.use`` lines as ``(atom, "flag -flag ...")`` pairs (below the ``use`` override,
    as in portage). ``use_changes``: :class:`~bootorder.core.usechange.UseChange` values
    applied *above* the ``use`` override (what ``--with`` gives: they survive ``-*``, like
    a user's ``package.use.force``, yet forced and masked flags still win).
    ``forced_use``: :class:`~bootorder.core.usechange.UseChange` values forcing (on) or
    masking (off) a flag, above the profile's use.force/use.mask (a user's
    ``profile/package.use.force`` and ``package.use.mask``). See
    :mod:`bootorder.config.overrides`.
``Config.stage1(tree, profile, reporter=...)``
    The configuration of catalyst's stage 1: ``USE="-* build $BOOTSTRAP_USE"``.
``Config.with_changes(use=..., make_conf_use=..., accept_keywords=..., package_use=...,
use_changes=..., forced_use=...)``
    -> a new Config.
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

Configurations of one tree, profile and reporter that differ only in ``package_use`` and
``use_changes`` share what they know of the packages those lines do not name (a plan
resolves under several such configurations, one after the other).

Visibility covers KEYWORDS/ACCEPT_KEYWORDS (with package.keywords and
package.accept_keywords), package.mask/unmask (profile and repository level), the
profile's ``packages`` atoms, unsupported EAPIs, invalid metadata (``Package.invalid``),
ACCEPT_LICENSE (license_groups), ACCEPT_RESTRICT and ACCEPT_PROPERTIES.

Not modelled: repository-level ``make.defaults``, ``package.env``, FEATURES-derived
USE (``test``), ``flag_*`` wildcards in USE, USE_EXPAND variables set in the
environment.

>>> from bootorder.config.profile import Profile
>>> from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
>>> tree = Tree.open([example_repository_path()])
>>> config = Config.stage1(tree, Profile.load(tree, EXAMPLE_PROFILE))
>>> gcc = config.best_visible("sys-devel/gcc")
>>> gcc.cpv, sorted(config.effective_use(gcc))
('sys-devel/gcc-14.2.1_p20241116', ['amd64', 'cxx', 'elibc_glibc', 'kernel_linux'])
>>> config.mask_reasons(tree.repo("bootorder-example").package("sys-libs/glibc-2.41"))
('missing keyword (~amd64)',)
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable
from weakref import WeakKeyDictionary

from ..core.memo import memo, shared_memo
from ..core.reporter import NULL_REPORTER, Reporter
from ..core.usechange import UseChange
from ..syntax.atom import Atom
from .files import AtomEntry, incremental
from .useflags import Delta, EntryIndex, apply_tokens, by_specificity

_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
STAGE1_USE = "-* build ${BOOTSTRAP_USE}"
"""catalyst's stage-1 USE override."""


def _names(text: str) -> list[str]:
    """The names of a LICENSE/RESTRICT/PROPERTIES string (operators and flags left out)."""
    return [w for w in text.split() if w not in ("(", ")", "||") and w[-1] != "?"]


def _values(hits: dict, node: int) -> list[str]:
    return [v for e in hits.get(node, ()) for v in e.values]


def _lines_index(lines: Iterable[tuple[str, tuple[str, ...]]], source: str) -> EntryIndex:
    """An index of ``(atom, ("flag", "-flag", ...))`` lines given by the user (one node)."""
    return EntryIndex([[AtomEntry(a, Atom.parse(a), source, n, tuple(flags))
                        for n, (a, flags) in enumerate(lines, 1)]])


def _change_lines(changes: Iterable[UseChange]) -> list[tuple[str, tuple[str, ...]]]:
    """Changes as ``package.use``-like lines: consecutive changes of an atom share one."""
    lines: list[tuple[str, list[str]]] = []
    for change in changes:
        if lines and lines[-1][0] == change.package:
            lines[-1][1].append(change.token())
        else:
            lines.append((change.package, [change.token()]))
    return [(atom, tuple(flags)) for atom, flags in lines]


_INDEXES: WeakKeyDictionary = WeakKeyDictionary()


def _profile_indexes(p) -> tuple:
    """The profile's ``package.*`` entries indexed by package name (read-only, so every
    configuration of one profile shares them: a plan makes one per step)."""
    found = _INDEXES.get(p)
    if found is None:
        atoms: dict[str, list] = defaultdict(list)
        for a in p.profile_atoms:
            atoms[a.cp].append(a)
        found = _INDEXES[p] = tuple(EntryIndex(entries) for entries in (
            p.package_keywords, p.package_accept_keywords, p.package_use,
            p.package_use_stable, p.package_use_force, p.package_use_mask,
            p.package_use_stable_force, p.package_use_stable_mask, [p.package_mask],
            [p.package_unmask])) + (dict(atoms),)
    return found


class Config:
    """See the module docstring."""

    def __init__(self, tree, profile, *, use: str | None = None,
                 make_conf_use: str | None = None,
                 accept_keywords: str | None = None,
                 package_use: Iterable[tuple[str, str]] = (),
                 use_changes: Iterable[UseChange] = (),
                 forced_use: Iterable[UseChange] = (),
                 reporter: Reporter = NULL_REPORTER):
        self.tree = tree
        self.profile = profile
        self.reporter = reporter
        self.use_override = None if use is None else self._expand(use)
        self.make_conf_use = None if make_conf_use is None else self._expand(make_conf_use)
        self.accept_keywords_extra = accept_keywords
        self.package_use = tuple((str(a), f) for a, f in package_use)
        self._user_index = _lines_index(((a, f.split()) for a, f in self.package_use),
                                        "package_use")
        self.use_changes = tuple(use_changes)
        self._changes_index = _lines_index(_change_lines(self.use_changes), "--with")
        self.forced_use = tuple(sorted(set(forced_use)))
        self._forced_index = _lines_index(_change_lines(self.forced_use), "forced")
        p = profile
        (self._pkw, self._pakw, self._puse, self._puse_stable, self._pforce, self._pmask,
         self._pforce_stable, self._pmask_stable, masks, unmasks,
         self._profile_atoms) = _profile_indexes(p)
        self._masks, self._unmasks = masks.in_order, unmasks.in_order
        self._global_kw = list(p.accept_keywords) + (accept_keywords or "").split()
        self._cache = shared_memo((id(tree), id(profile), id(reporter), self.use_override,
                                   self.make_conf_use, accept_keywords, self.forced_use))
        self._own_cache: dict = {}  # the packages this configuration's own lines name
        self._own_cps = self._user_index.cps() | self._changes_index.cps()

    @classmethod
    def stage1(cls, tree, profile, reporter: Reporter = NULL_REPORTER) -> Config:
        """catalyst's stage-1 configuration (``USE="-* build $BOOTSTRAP_USE"``)."""
        return cls(tree, profile, use=STAGE1_USE, reporter=reporter)

    def with_changes(self, **changes) -> Config:
        """A new Config with ``use``, ``make_conf_use``, ``accept_keywords``,
        ``package_use``, ``use_changes`` or ``forced_use`` replaced."""
        args = {"use": self.use_override, "make_conf_use": self.make_conf_use,
                "accept_keywords": self.accept_keywords_extra,
                "package_use": self.package_use, "use_changes": self.use_changes,
                "forced_use": self.forced_use, "reporter": self.reporter}
        args.update(changes)
        return Config(self.tree, self.profile, **args)

    def __repr__(self) -> str:
        changes = f", make_conf_use={self.make_conf_use!r}" if self.make_conf_use else ""
        changes += f", use_changes={self.use_changes!r}" if self.use_changes else ""
        changes += f", forced_use={self.forced_use!r}" if self.forced_use else ""
        return f"Config({self.profile!r}, use={self.use_override!r}{changes})"

    def _expand(self, text: str) -> str:
        v = self.profile.variables
        return _VAR.sub(lambda m: v.get(m.group(1) or m.group(2), ""), text)

    def _memo(self, key, make):
        return memo(self._cache, key, make)

    def _memo_of(self, pkg) -> dict:
        """Where ``pkg``'s values are kept: with every configuration that differs from
        this one only by ``package_use`` and ``use_changes`` lines naming other packages."""
        return self._own_cache if pkg.cp in self._own_cps else self._cache

    def _pkg_memo(self, name: str, pkg, make):
        return memo(self._memo_of(pkg), (name, pkg), make)

    # --- keywords -------------------------------------------------------------
    def _keywords(self, pkg) -> set[str]:
        kws = list(pkg.keywords)
        for _, entries in sorted(self._pkw.matches(pkg).items()):
            for e in entries:
                kws.extend(e.values)
        return incremental(kws)

    def _accept_groups(self, pkg) -> set[str]:
        hits = self._pakw.matches(pkg)
        if not hits:
            return self._memo("accept_kw", lambda: incremental(self._global_kw))
        defaults = ["~" + k for k in self.profile.accept_keywords if k[:1] not in "~-"]
        extra = []
        for _, entries in sorted(hits.items()):
            for e in entries:
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
        return self._pkg_memo("stable", pkg, make)

    # --- masks and visibility -------------------------------------------------
    def mask_entry(self, pkg) -> AtomEntry | None:
        """The package.mask entry masking ``pkg`` (not cancelled by package.unmask)."""
        hits = self._masks(pkg)
        if not hits:
            return None
        if self._unmasks(pkg):
            return None
        return hits[0]

    def mask_reasons(self, pkg) -> tuple[str, ...]:
        """Why ``pkg`` is not visible (empty tuple: visible)."""
        return self._pkg_memo("mask", pkg, lambda: tuple(self._reasons(pkg)))

    def _reasons(self, pkg):
        from ..syntax.eapi import is_known
        if pkg.installed:
            return
        if getattr(pkg, "invalid", ()):
            yield f"invalid: {', '.join(pkg.invalid)}"
        if not is_known(pkg.eapi):
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

    def _acceptance(self, var: str):
        def make():
            from .accept import MAKE_GLOBALS, Acceptance, expand_license_tokens, read_license_groups
            tokens = (MAKE_GLOBALS[var] + " " + self.profile.variables.get(var, "")).split()
            if var == "ACCEPT_LICENSE":
                groups = read_license_groups(self.tree.repos, self.reporter)
                tokens = expand_license_tokens(tokens, groups)
            return Acceptance(tokens)
        return self._memo(("accept", var), make)

    def _accept_reasons(self, pkg):
        """License, RESTRICT and PROPERTIES reasons; strings whose every name is
        accepted need no parsing (no structure can then make anything missing)."""
        from ..core.errors import BootorderError
        from ..syntax.parse import parse_license, parse_restrict
        from .accept import missing_licenses
        try:
            for key, var, parse in (("LICENSE", "ACCEPT_LICENSE", parse_license),
                                    ("RESTRICT", "ACCEPT_RESTRICT", parse_restrict),
                                    ("PROPERTIES", "ACCEPT_PROPERTIES", parse_restrict)):
                text, ok = pkg.get(key), self._acceptance(var)
                if all(w in ok for w in _names(text)):
                    continue
                tree, use = parse(text, pkg.eapi), self.effective_use(pkg)
                if key == "LICENSE":
                    bad = missing_licenses(tree, use, ok)
                else:
                    bad = [t for t in map(str, tree.evaluate(use).leaves()) if t not in ok]
                if bad:
                    yield f"{'license' if key == 'LICENSE' else key} ({' '.join(bad)})"
        except BootorderError as err:
            yield f"invalid metadata ({err})"

    def visible(self, pkg) -> bool:
        """Is ``pkg`` visible? (Cheap checks first; same answer as ``not mask_reasons``.)"""
        def make():
            if pkg.installed:
                return True
            cached = self._memo_of(pkg).get(("mask", pkg))
            if cached is not None:
                return not cached
            return next(self._reasons(pkg), None) is None
        return self._pkg_memo("visible", pkg, make)

    def visible_matches(self, atom) -> tuple:
        """Visible packages matching ``atom``, ascending (version, repository priority)."""
        return tuple(p for p in self.tree.match(atom) if self.visible(p))

    def best_visible(self, atom):
        """The highest visible match of ``atom`` (portage's ``bestmatch-visible``), or None."""
        return next((p for p in reversed(self.tree.match(atom)) if self.visible(p)), None)

    def best_visible_per_slot(self, atom) -> dict:
        """``{slot: best visible package}`` for ``atom``, slots sorted."""
        best: dict = {}
        for p in reversed(self.tree.match(atom)):
            if p.slot not in best and self.visible(p):
                best[p.slot] = p
        return dict(sorted(best.items()))

    # --- USE ------------------------------------------------------------------
    def _repo_chain(self, pkg) -> tuple:
        def make():
            if not self.tree.has_repo(pkg.repo):
                return ()
            names = list(self.tree.repo(pkg.repo).masters) + [pkg.repo]
            return tuple(self.profile.repo_data[n] for n in names
                         if n in self.profile.repo_data)
        return self._memo(("repochain", pkg.repo), make)

    def _repo_hits(self, pkg, attr: str) -> list[list[AtomEntry]]:
        return [by_specificity(pkg, index.in_order(pkg))
                for index in self._repo_indexes(pkg, attr)]

    def _repo_indexes(self, pkg, attr: str) -> tuple[EntryIndex, ...]:
        """``attr`` entries of each repository of ``pkg``'s chain, indexed by cp (an
        entry without an atom never matches)."""
        return self._memo(("repoindex", pkg.repo, attr), lambda: tuple(
            EntryIndex([[e for e in getattr(rd, attr) if e.atom is not None]])
            for rd in self._repo_chain(pkg)))

    def _stack(self, pkg, kind: str) -> frozenset[str]:
        """use.force or use.mask stacked for ``pkg`` (``kind``: "force" or "mask")."""
        force = kind == "force"
        stable = self.is_stable(pkg)
        hits = (self._pforce if force else self._pmask).matches(pkg)
        hits_st = ((self._pforce_stable if force else self._pmask_stable).matches(pkg)
                   if stable else {})
        repo_hits = self._repo_hits(pkg, f"package_use_{kind}")
        if hits or hits_st or any(repo_hits):
            return self._stack_tokens(pkg, kind, repo_hits, hits, hits_st, stable)
        return self._memo((kind, pkg.repo, stable), lambda: self._stack_tokens(
            pkg, kind, repo_hits, {}, {}, stable))

    def _stack_tokens(self, pkg, kind, repo_hits, hits, hits_st, stable) -> frozenset[str]:
        p = self.profile
        flat = p.use_force if kind == "force" else p.use_mask
        flat_st = p.use_stable_force if kind == "force" else p.use_stable_mask
        tokens: list[str] = []
        for rd, rh in zip(self._repo_chain(pkg), repo_hits):
            tokens.extend(getattr(rd, f"use_{kind}"))
            tokens.extend(v for e in rh for v in e.values)
        for i in range(len(p.nodes)):
            tokens.extend(flat[i])
            if stable:
                tokens.extend(flat_st[i])
            tokens.extend(_values(hits, i))
            if stable:
                tokens.extend(_values(hits_st, i))
        return frozenset(incremental(tokens))

    def use_force(self, pkg) -> frozenset[str]:
        """Forced flags (use.force, package.use.force and their stable variants, then
        ``forced_use``)."""
        return self._pkg_memo("force", pkg, lambda: self._forced(pkg, "force"))

    def use_mask(self, pkg) -> frozenset[str]:
        """Masked flags (use.mask, package.use.mask and their stable variants, then
        ``forced_use``)."""
        return self._pkg_memo("umask", pkg, lambda: self._forced(pkg, "mask"))

    def _forced(self, pkg, kind: str) -> frozenset[str]:
        stacked = self._stack(pkg, kind)
        if not self.forced_use:
            return stacked
        on, off = set(), set()
        for flag in _values(self._forced_index.matches(pkg), 0):
            (off if flag.startswith("-") else on).add(flag.lstrip("-"))
        if kind == "mask":
            on, off = off, on
        return frozenset((stacked | on) - off)

    def _defaults_tokens(self, hits: dict, hits_st: dict, stable: bool) -> list[str]:
        """The "defaults" layer: make.defaults USE, use.stable and profile package.use."""
        p = self.profile
        out = [x for var in p.use_expand_unprefixed for x in p.variables.get(var, "").split()]
        for i in range(len(p.nodes)):
            out.extend(p.make_defaults_use[i].split())
            if stable:
                out.extend(p.use_stable[i])
            out.extend(_values(hits, i))
            if stable:
                out.extend(_values(hits_st, i))
        return out

    def _use_layers(self, pkg) -> set[str]:
        """Stack portage's USE_ORDER layers: repo, pkginternal, defaults, conf, pkg,
        env; then ``use_changes``."""
        stable = self.is_stable(pkg)
        flags: set[str] = set()
        apply_tokens(flags, [v for rh in self._repo_hits(pkg, "package_use")
                             for e in rh for v in e.values])
        apply_tokens(flags, [x for x in pkg.get("IUSE").split() if x[:1] in "+-"])
        hits = self._puse.matches(pkg)
        hits_st = self._puse_stable.matches(pkg) if stable else {}
        if hits or hits_st:
            apply_tokens(flags, self._defaults_tokens(hits, hits_st, stable))
        else:
            flags = self._memo(("defaults", stable), lambda: Delta.of(
                self._defaults_tokens({}, {}, stable))).apply(flags)
        if self.make_conf_use is not None:
            flags = self._memo("conf", lambda: Delta.of(self.make_conf_use.split())).apply(flags)
        apply_tokens(flags, _values(self._user_index.matches(pkg), 0))
        if self.use_override is not None:
            flags = self._memo("env", lambda: Delta.of(self.use_override.split())).apply(flags)
        apply_tokens(flags, _values(self._changes_index.matches(pkg), 0))
        return flags

    def use_enabled(self, pkg) -> frozenset[str]:
        """Every enabled flag of ``pkg`` (before restricting to IUSE_EFFECTIVE)."""
        def make():
            flags = self._use_layers(pkg) | self.use_force(pkg)
            if self.profile.arch:
                flags.add(self.profile.arch)
            return frozenset(flags - self.use_mask(pkg))
        return self._pkg_memo("use", pkg, lambda: self._shared(make()))

    def iuse_effective(self, pkg) -> frozenset[str]:
        """Flags ``pkg`` may test: IUSE plus the profile's implicit flags (PMS 11.1.1)."""
        return self._pkg_memo("iuse", pkg,
                          lambda: self._shared(frozenset(pkg.iuse) | self._implicit(pkg)))

    def _shared(self, flags: frozenset[str]) -> frozenset[str]:
        """One object for equal flag sets (hundreds of flags, mostly the same for every
        package: a whole tree would hold a copy per package)."""
        return self._memo(("shared", flags), lambda: flags)

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
        return self._pkg_memo("euse", pkg,
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
