"""Profiles: the parent chain and every file of each node, read the way portage does.

Public API
----------
``Profile.load(tree, spec, reporter=NULL_REPORTER) -> Profile``
    ``spec`` is ``"REPO:PATH"`` (PATH under the repository's ``profiles/``) or a
    directory. Parents are followed depth first, parents before children, with
    relative paths, ``:path`` (same repository) and ``repo:path`` (only where the
    repository's ``layout.conf`` has ``profile-formats = portage-2``); a node reached twice
    appears twice, exactly like ``portage.config().profiles``.
``Profile`` attributes
    ``nodes`` (tuple of :class:`ProfileNode`), ``chain`` (``"repo:path"`` names),
    ``paths`` (absolute directories), ``tree``;
    per node (tuples indexed like ``nodes``): ``make_defaults`` (dict of each
    ``make.defaults`` after expansion), ``make_defaults_use`` (its USE with USE_EXPAND
    variables turned into flags), ``use_force``, ``use_mask``, ``use_stable_force``,
    ``use_stable_mask``, ``use_stable`` (tuples of ``[-]flag``), ``package_use``,
    ``package_use_force``, ``package_use_mask``, ``package_use_stable``,
    ``package_use_stable_force``, ``package_use_stable_mask``, ``package_keywords``,
    ``package_accept_keywords`` (tuples of :class:`AtomEntry`);
    stacked: ``variables`` (the make.defaults variables, incrementals stacked and
    resolved), ``use`` (sorted global USE: profile USE, forced flags and ARCH, minus
    masked flags, as ``portage.config()["USE"]``), ``arch``, ``accept_keywords``
    (sorted), ``bootstrap_use`` (flags), ``use_expand``, ``use_expand_hidden``,
    ``use_expand_implicit``, ``use_expand_unprefixed``, ``iuse_implicit``,
    ``package_mask`` / ``package_unmask`` (tuples of :class:`AtomEntry`, repository
    level ones carry ``repo``), ``packages`` (stacked ``packages`` lines, ``*`` kept),
    ``system`` (the system set: ``*`` entries without the star), ``profile_atoms``
    (non-``*`` ``packages`` atoms, which mask versions they do not match),
    ``packages_build`` (catalyst's stage-1 list, :func:`bootorder.config.stage1list.stage1_list`),
    ``package_provided`` (cpvs), ``repo_data`` (repository-level ``profiles/`` files,
    by repository name: :class:`RepoProfileData`).

Malformed lines (bad atoms, bad flags, bad assignments) are reported through the
reporter with ``file:line`` and skipped.

>>> from bootorder.tree.repository import Tree
>>> import pathlib
>>> ex = pathlib.Path(__file__).resolve().parents[2] / "examples" / "repo"
>>> if ex.is_dir():
...     p = Profile.load(Tree.open([ex]), "bootorder-example:default/linux/amd64")
...     assert p.chain[-1] == "bootorder-example:default/linux/amd64"
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..core.errors import MetadataError
from ..core.problems import in_file
from ..core.reporter import NULL_REPORTER, Reporter
from ..syntax.atom import Atom
from .files import (
    INCREMENTALS,
    AtomEntry,
    Line,
    incremental,
    read_atom_dict,
    read_atoms,
    read_flags,
    read_lines,
    read_make_defaults,
)
from ..syntax.eapi import is_known
from .stage1list import stack_lists
from .useflags import apply_tokens

_STABLE_MASK_EAPI = 5      # use.stable.{mask,force}, package.use.stable.{mask,force}
_USE_STABLE_EAPI = 9       # use.stable, package.use.stable
_PORTAGE1 = frozenset({"portage-1-compat", "portage-1", "portage-2"})


def _eapi_num(eapi: str) -> int:
    try:
        return int(eapi)
    except ValueError:
        return 0


@dataclass(frozen=True, slots=True)
class ProfileNode:
    """One directory of the chain: where it is and how its files are read."""

    path: str
    repo: str | None
    name: str
    eapi: str
    allow_dirs: bool
    formats: tuple[str, ...]

    @property
    def allow_repo_deps(self) -> bool:
        return "profile-repo-deps" in self.formats

    def file(self, name: str) -> Path:
        return Path(self.path) / name


@dataclass(frozen=True, slots=True)
class RepoProfileData:
    """Repository-level ``profiles/`` files; they apply to that repository's packages."""

    package_mask: tuple[AtomEntry, ...]
    use_mask: tuple[str, ...]
    use_force: tuple[str, ...]
    package_use: tuple[AtomEntry, ...]
    package_use_mask: tuple[AtomEntry, ...]
    package_use_force: tuple[AtomEntry, ...]


class Profile:
    """A loaded profile: chain and stacked data. Use :meth:`load`."""

    def __init__(self, tree, nodes: tuple[ProfileNode, ...], reporter: Reporter = NULL_REPORTER):
        self.tree = tree
        self.nodes = nodes
        self.reporter = reporter
        self._load_defaults()
        self._load_use_files()
        self._load_package_files()
        self.repo_data = {r.name: _repo_data(r, tree, reporter) for r in tree.repos
                          if r.profiles_dir and r.profiles_dir.is_dir()}

    def __repr__(self) -> str:
        return f"Profile({self.chain[-1] if self.chain else ''!r})"

    @classmethod
    def load(cls, tree, spec: str | os.PathLike, reporter: Reporter = NULL_REPORTER) -> Profile:
        """Load the profile ``REPO:PATH`` (or a directory) of ``tree``."""
        top = _locate(tree, str(spec))
        nodes: list[ProfileNode] = []
        _add_node(tree, top, nodes, (), reporter)
        return cls(tree, tuple(nodes), reporter)

    # --- chain ---------------------------------------------------------------
    @property
    def chain(self) -> tuple[str, ...]:
        return tuple(n.name for n in self.nodes)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(n.path for n in self.nodes)

    # --- make.defaults -------------------------------------------------------
    def _load_defaults(self) -> None:
        expand: dict[str, str] = {}
        dicts = []
        for n in self.nodes:
            expand.pop("USE", None)
            dicts.append(read_make_defaults(n.file("make.defaults"), expand, self.reporter))
        self.make_defaults = tuple(dicts)
        stacked: dict[str, str] = {}
        for d in dicts:
            for k, v in d.items():
                stacked[k] = f"{stacked[k]} {v}" if k in stacked and k in INCREMENTALS else v
        for k in INCREMENTALS:
            if k in stacked and k != "USE":
                stacked[k] = " ".join(sorted(incremental(stacked[k].split())))
        self.variables = stacked
        self.make_defaults_use = tuple(self._defaults_use(d) for d in dicts)

    def _var(self, name: str) -> tuple[str, ...]:
        return tuple(self.variables.get(name, "").split())

    @property
    def arch(self) -> str:
        return self.variables.get("ARCH", "")

    @property
    def accept_keywords(self) -> tuple[str, ...]:
        return self._var("ACCEPT_KEYWORDS")

    @property
    def bootstrap_use(self) -> tuple[str, ...]:
        return self._var("BOOTSTRAP_USE")

    @property
    def use_expand(self) -> tuple[str, ...]:
        return self._var("USE_EXPAND")

    @property
    def use_expand_hidden(self) -> tuple[str, ...]:
        return self._var("USE_EXPAND_HIDDEN")

    @property
    def use_expand_implicit(self) -> tuple[str, ...]:
        return self._var("USE_EXPAND_IMPLICIT")

    @property
    def use_expand_unprefixed(self) -> tuple[str, ...]:
        return self._var("USE_EXPAND_UNPREFIXED")

    @property
    def iuse_implicit(self) -> tuple[str, ...]:
        return self._var("IUSE_IMPLICIT")

    def _defaults_use(self, cfg: dict) -> str:
        """One make.defaults' USE with its USE_EXPAND variables as flags (portage order)."""
        expand_use: list[str] = []
        for k in self.use_expand_unprefixed:
            expand_use.extend(cfg.get(k, "").split())
        for k in self.use_expand:
            if k not in self.variables or k not in cfg:
                continue
            prefix = k.lower() + "_"
            expand_use.extend("-" + prefix + x[1:] if x[:1] == "-" else prefix + x
                              for x in cfg[k].split())
        use = cfg.get("USE", "")
        return " ".join(expand_use + [use]) if expand_use else use

    @cached_property
    def use(self) -> tuple[str, ...]:
        """Global USE as ``portage.config()["USE"]`` (no package selected)."""
        flags: set[str] = set()
        for use in self.make_defaults_use:
            apply_tokens(flags, use.split())
        flags |= incremental(f for fs in self.use_force for f in fs)
        if self.arch:
            flags.add(self.arch)
        flags -= incremental(f for fs in self.use_mask for f in fs)
        return tuple(sorted(flags))

    # --- use.* and package.use.* ---------------------------------------------
    def _supported(self, node: ProfileNode, name: str, min_eapi: int) -> bool:
        """Is file ``name`` allowed in ``node``'s EAPI? (Present but not allowed: warned.)"""
        if _eapi_num(node.eapi) >= min_eapi:
            return True
        if node.file(name).exists():
            self.reporter.problem(in_file("bad-profile", node.file(name),
                                          f"EAPI {node.eapi} does not support {name}; ignored",
                                          severity="warning"))
        return False

    def _flags(self, name: str, min_eapi: int = 0) -> tuple:
        return tuple(read_flags(n.file(name), n.allow_dirs, self.reporter)
                     if self._supported(n, name, min_eapi) else () for n in self.nodes)

    def _atom_dict(self, name: str, min_eapi: int = 0) -> tuple:
        return tuple(read_atom_dict(n.file(name), n.allow_dirs, n.eapi, n.allow_repo_deps,
                                    self.reporter)
                     if self._supported(n, name, min_eapi) else () for n in self.nodes)

    def _load_use_files(self) -> None:
        self.use_force = self._flags("use.force")
        self.use_mask = self._flags("use.mask")
        self.use_stable_force = self._flags("use.stable.force", _STABLE_MASK_EAPI)
        self.use_stable_mask = self._flags("use.stable.mask", _STABLE_MASK_EAPI)
        self.use_stable = self._flags("use.stable", _USE_STABLE_EAPI)
        self.package_use = self._atom_dict("package.use")
        self.package_use_force = self._atom_dict("package.use.force")
        self.package_use_mask = self._atom_dict("package.use.mask")
        self.package_use_stable = self._atom_dict("package.use.stable", _USE_STABLE_EAPI)
        self.package_use_stable_force = self._atom_dict("package.use.stable.force",
                                                        _STABLE_MASK_EAPI)
        self.package_use_stable_mask = self._atom_dict("package.use.stable.mask",
                                                       _STABLE_MASK_EAPI)
        self.package_keywords = self._atom_dict("package.keywords")
        self.package_accept_keywords = self._atom_dict("package.accept_keywords")

    # --- package.mask, packages, package.provided ---------------------------
    def _load_package_files(self) -> None:
        r = self.reporter
        masks = [read_atoms(n.file("package.mask"), n.allow_dirs, n.eapi, r,
                            allow_repo=n.allow_repo_deps) for n in self.nodes]
        unmasks = [read_atoms(n.file("package.unmask"), n.allow_dirs, n.eapi, r,
                              allow_repo=n.allow_repo_deps) if n.allow_dirs else []
                   for n in self.nodes]
        self.profile_package_mask = _stack_entries(masks)
        self.package_unmask = _stack_entries(unmasks)
        pkgs = [read_atoms(n.file("packages"), n.allow_dirs, n.eapi, r, packages=True,
                           allow_repo=n.allow_repo_deps) for n in self.nodes]
        self.packages = _stack_entries(pkgs)
        self.package_provided = self._provided()

    @cached_property
    def package_mask(self) -> tuple[AtomEntry, ...]:
        """Repository-level masks (each with ``repo``) then the profile's, stacked."""
        repo_level = [e for d in self.repo_data.values() for e in d.package_mask]
        return _stack_entries([repo_level, list(self.profile_package_mask)], ignore_repo=True)

    @property
    def system(self) -> tuple[str, ...]:
        """The system set: ``packages`` entries marked ``*`` (star removed)."""
        return tuple(e.text[1:] for e in self.packages if e.text.startswith("*"))

    @property
    def profile_atoms(self) -> tuple[Atom, ...]:
        """``packages`` atoms; a package version they do not match is masked."""
        return tuple(e.atom for e in self.packages)

    @cached_property
    def packages_build(self) -> tuple[str, ...]:
        from .stage1list import stage1_list
        return stage1_list(self)

    def _provided(self) -> tuple[str, ...]:
        from ..syntax.version import split_cpv
        lines: list[list[str]] = []
        for n in self.nodes:
            good = []
            for ln in read_lines(n.file("package.provided"), n.allow_dirs):
                text = ln.text[1:] if ln.text[:1] == "-" else ln.text
                try:
                    split_cpv(text)
                except ValueError:
                    ln.skipped(self.reporter, f"not a cpv in package.provided: {ln.text!r}")
                    continue
                good.append(ln.text)
            if _eapi_num(n.eapi) >= 7 and good:
                self.reporter.problem(in_file(
                    "bad-profile", n.file("package.provided"), "package.provided is not "
                    f"allowed in EAPI {n.eapi}; ignored", severity="warning"))
                good = []
            lines.append(good)
        return tuple(stack_lists(lines))


def _stack_entries(lists, ignore_repo: bool = False) -> tuple[AtomEntry, ...]:
    """stack_lists over atom entries (``-atom`` removes, ``-*`` clears)."""
    out: dict[str, AtomEntry] = {}
    for lst in lists:
        for e in lst:
            text = e.text
            if text == "-*":
                out.clear()
            elif text[:1] == "-":
                key = text[1:]
                if ignore_repo and "::" not in key:
                    for k in [k for k, v in out.items() if v.plain_text == key]:
                        del out[k]
                else:
                    out.pop(key, None)
            else:
                out[e.keyed_text] = e
    return tuple(out.values())


# --- chain resolution ----------------------------------------------------------
def _locate(tree, spec: str) -> Path:
    if os.path.isdir(spec) and (":" not in spec or os.path.isabs(spec)):
        return Path(spec).resolve()
    repo, sep, rel = spec.partition(":")
    if not sep:
        raise MetadataError(f"profile {spec!r}: give it as REPO:PATH or a directory")
    r = tree.repo(repo)
    path = r.profiles_dir / rel if r.profiles_dir else None
    if path is None or not path.is_dir():
        raise MetadataError(f"profile {spec!r} not found", str(path) if path else None)
    return Path(os.path.normpath(path))


def _repo_of(tree, path: str):
    best = None
    for r in tree.repos:
        if r.path and (path == str(r.path) or path.startswith(str(r.path) + os.sep)):
            if best is None or len(str(r.path)) > len(str(best.path)):
                best = r
    return best


def _node(tree, path: str, reporter: Reporter) -> ProfileNode:
    repo = _repo_of(tree, path)
    eapi = repo.profile_eapi_default if repo else "0"
    eapi_file = os.path.join(path, "eapi")
    try:
        with open(eapi_file, encoding="utf-8", errors="replace") as f:
            eapi = f.readline().strip()
    except OSError:
        pass
    else:
        if not is_known(eapi):  # portage's LocationsManager refuses the profile
            raise MetadataError(f"profile contains unsupported EAPI {eapi!r} (portage "
                                "refuses such a profile)", eapi_file, 1)
    formats = repo.profile_formats if repo else ()
    allow_dirs = _eapi_num(eapi) >= 7 or any(f in _PORTAGE1 for f in formats)
    if repo and repo.profiles_dir:
        name = f"{repo.name}:{os.path.relpath(path, repo.profiles_dir)}"
    else:
        name = path
    return ProfileNode(path, repo.name if repo else None, name, eapi, allow_dirs, formats)


def _add_node(tree, path: Path, nodes: list, stack: tuple[str, ...], reporter: Reporter):
    spath = str(path)
    if spath in stack:
        raise MetadataError(f"profile parents form a cycle: {' -> '.join(stack + (spath,))}")
    node = _node(tree, spath, reporter)
    parent_file = path / "parent"
    lines = read_lines(parent_file, False)
    if parent_file.is_file() and not lines:
        raise MetadataError("empty parent file", str(parent_file))
    for ln in lines:
        parent = _parent_path(tree, node, ln)
        if not parent.is_dir():
            raise MetadataError(f"parent {ln.text!r} not found ({parent})", ln.source, ln.line)
        _add_node(tree, parent, nodes, stack + (spath,), reporter)
    nodes.append(node)


def _parent_path(tree, node: ProfileNode, ln: Line) -> Path:
    text = ln.text
    colon = text.find(":")
    if not text.startswith("/") and colon >= 0 and "portage-2" in node.formats:
        if colon == 0:
            base = tree.repo(node.repo).profiles_dir
        else:
            try:
                base = tree.repo(text[:colon]).profiles_dir
            except MetadataError:
                raise MetadataError(f"parent {text!r}: no repository "
                                    f"{text[:colon]!r} in the tree", ln.source, ln.line) from None
        return Path(os.path.normpath(os.path.join(base, text[colon + 1:])))
    joined = Path(os.path.normpath(os.path.join(node.path, text)))
    repo = _repo_of(tree, str(joined))
    return joined if repo is not None and repo.name == node.repo else joined.resolve()


def _repo_masks(repo, reporter: Reporter) -> list[AtomEntry]:
    if not (repo.profiles_dir and repo.profiles_dir.is_dir()):
        return []
    dirs = any(f in _PORTAGE1 for f in repo.profile_formats)
    return read_atoms(repo.profiles_dir / "package.mask", dirs, repo.eapi,
                      reporter, allow_repo="profile-repo-deps" in repo.profile_formats)


def _repo_data(repo, tree, reporter: Reporter) -> RepoProfileData:
    """Repository-level files; package.mask stacked over each master's (portage)."""
    d = repo.profiles_dir
    dirs = any(f in _PORTAGE1 for f in repo.profile_formats)
    eapi = repo.eapi
    repo_deps = "profile-repo-deps" in repo.profile_formats
    own = _repo_masks(repo, reporter)
    lines = [list(_stack_entries([_repo_masks(tree.repo(m), NULL_REPORTER), own]))
             for m in repo.masters] or [list(_stack_entries([own]))]
    return RepoProfileData(
        package_mask=tuple(e.with_repo(repo.name) for e in _stack_entries(lines)),
        use_mask=tuple(read_flags(d / "use.mask", dirs, reporter)),
        use_force=tuple(read_flags(d / "use.force", dirs, reporter)),
        package_use=read_atom_dict(d / "package.use", dirs, eapi, repo_deps, reporter),
        package_use_mask=read_atom_dict(d / "package.use.mask", dirs, eapi, repo_deps, reporter),
        package_use_force=read_atom_dict(d / "package.use.force", dirs, eapi, repo_deps,
                                         reporter))


__all__ = ["Profile", "ProfileNode", "RepoProfileData", "AtomEntry", "Line"]
