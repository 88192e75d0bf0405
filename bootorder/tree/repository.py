"""Ebuild repositories and trees of them, read from their metadata cache.

Public API
----------
``Repository.open(path, reporter=NULL_REPORTER) -> Repository``
    An ebuild repository: ``profiles/repo_name``, ``metadata/layout.conf``
    (``masters``, ``profile-formats``, ``profile_eapi_when_unspecified``) and the
    metadata cache ``metadata/md5-cache`` (or the older flat_hash ``metadata/cache``).
``Repository.open_vdb(path, reporter=NULL_REPORTER) -> Repository``
    Installed packages of a ``/var/db/pkg``-style tree (see :mod:`bootorder.tree.vdb`).
``Repository.from_dict(name, entries, masters=(), reporter=..., path=None) -> Repository``
    An in-memory repository: ``{cpv: {KEY: value}}`` (tests, notebooks); ``path``
    optionally gives it a directory with ``profiles/``.
``Repository`` attributes and methods
    ``name``, ``path`` (Path or None), ``masters`` (tuple of names), ``layout``
    (dict of layout.conf), ``profile_formats`` (tuple), ``kind`` (``"ebuild"``,
    ``"vdb"``, ``"memory"``); ``categories()``, ``cps()``, ``versions(cp)`` (packages of
    one ``cat/pkg``, ascending by version), ``package(cpv)``, ``packages()`` (all, sorted),
    ``load_all()`` (read every entry now; malformed ones are reported and skipped).
``Tree(repositories, reporter=NULL_REPORTER)`` / ``Tree.open(paths, reporter)``
    Several repositories, masters first (lowest priority first). ``repos``, ``repo(name)``,
    ``main``, ``cps()``, ``versions(cp)`` (all repositories; ascending by version, then
    repository priority), ``match(atom)`` (packages matching an
    :class:`bootorder.syntax.atom.Atom` or atom text, USE deps ignored), ``packages()``.
``example_repository_path()`` / ``EXAMPLE_PROFILE``
    The embedded example repository (``examples/repo``) and its default profile.
``Package``
    One ebuild or installed package: ``cpv``, ``repo``, ``cp``, ``category``, ``pf``,
    ``version`` (text), ``slot``, ``subslot``, ``eapi``, ``iuse`` (flag names),
    ``iuse_defaults`` (``+flag`` names), ``keywords``, ``use`` (installed only),
    ``get(key)`` / ``[key]`` (raw metadata text, ``""`` when unset), ``deps(key)``
    (parsed dependency tree of ``DEPEND``, ``BDEPEND``, ... via :mod:`bootorder.syntax.parse`,
    parsed on first use and cached), ``source`` (file the entry came from).

Entries load lazily: a category directory is listed the first time one of its packages
is asked for, and a cache file is read the first time its package is asked for.

>>> r = Repository.from_dict("demo", {"dev-libs/gmp-6.3.0": {"SLOT": "0/10.5",
...                                     "KEYWORDS": "amd64", "EAPI": "8"}})
>>> p = r.versions("dev-libs/gmp")[0]
>>> (p.cpv, p.slot, p.subslot, p.keywords)
('dev-libs/gmp-6.3.0', '0', '10.5', ('amd64',))
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ..core.depclass import METADATA_KEYS
from ..core.errors import MetadataError
from ..core.gcpause import paused_gc
from ..core.memo import memo
from ..core.problems import in_file
from ..core.reporter import NULL_REPORTER, Reporter
from . import package as _package
from .layout import check_repo_eapi, read_layout_conf, repo_name_of, valid_repo_name
from .package import Package
from .sources import CacheDirSource, CorruptEntry, DictSource, describe
from .validate import bad_name, check_entry
from .vdb import VdbSource

__all__ = ["EXAMPLE_PROFILE", "Package", "Repository", "Tree",
           "example_repository_path", "read_layout_conf", "valid_repo_name"]


class Repository:
    """One repository of packages (ebuild metadata cache, VDB or in-memory).

    See the module docstring for the API. Construct with :meth:`open`,
    :meth:`open_vdb` or :meth:`from_dict`.
    """

    def __init__(self, name: str, source, *, path: Path | None = None,
                 masters: tuple[str, ...] = (), layout: Mapping[str, str] | None = None,
                 kind: str = "memory", reporter: Reporter = NULL_REPORTER):
        self.name = name
        self.path = path
        self.masters = tuple(masters)
        self.layout = dict(layout or {})
        self.kind = kind
        self._source = source
        self._reporter = reporter
        self._categories: tuple[str, ...] | None = None
        self._cats: dict[str, dict[str, list[str]]] = {}
        self._versions: dict[str, tuple[Package, ...]] = {}
        self._in_order: set[str] = set()  # cps whose group is in version order (a cache's)

    def __repr__(self) -> str:
        return f"Repository({self.name!r}, path={str(self.path) if self.path else None!r})"

    # --- construction -------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike, reporter: Reporter = NULL_REPORTER,
             cache: str | os.PathLike | None = None) -> Repository:
        """Open an ebuild repository by its directory (see module docstring); ``cache``:
        the persistent metadata cache's directory (:mod:`bootorder.tree.diskcache`)."""
        path = Path(path).resolve()
        if not path.is_dir():
            raise MetadataError("not a repository directory", str(path))
        layout = read_layout_conf(path / "metadata" / "layout.conf", reporter)
        name = repo_name_of(path, layout, reporter)
        masters = tuple(layout.get("masters", "").split())
        cache_dir, cache = cache, path / "metadata" / "md5-cache"  # from here: the entries
        if not cache.is_dir() and (path / "metadata" / "cache").is_dir():
            cache = path / "metadata" / "cache"
        if not cache.is_dir():
            reporter.problem(in_file(
                "unreadable", path, "no metadata cache (metadata/md5-cache): the repository "
                "looks empty", severity="warning", fix=f"generate it with `bootorder cache {path}`"))
        check_repo_eapi(path, reporter)
        source = CacheDirSource(cache)
        if cache_dir:
            from .diskcache import CachedDirSource  # only when a cache is asked for
            source = CachedDirSource(cache, Path(cache_dir), name, reporter)
        return cls(name, source, path=path, masters=masters, layout=layout,
                   kind="ebuild", reporter=reporter)

    @classmethod
    def open_vdb(cls, path: str | os.PathLike, reporter: Reporter = NULL_REPORTER,
                 name: str = "installed") -> Repository:
        """Open a ``/var/db/pkg``-style tree of installed packages."""
        path = Path(path).resolve()
        if not path.is_dir():
            raise MetadataError("not an installed-package database directory", str(path))
        return cls(name, VdbSource(path), path=path, kind="vdb", reporter=reporter)

    @classmethod
    def from_dict(cls, name: str, entries: Mapping[str, Mapping[str, str]],
                  masters: Iterable[str] = (), reporter: Reporter = NULL_REPORTER,
                  path: str | os.PathLike | None = None) -> Repository:
        """An in-memory repository of ``{cpv: {KEY: value}}``.

        ``path``, when given, is a directory whose ``profiles/`` the repository uses.
        """
        return cls(name, DictSource(entries), masters=tuple(masters), reporter=reporter,
                   path=Path(path).resolve() if path is not None else None)

    # --- layout -------------------------------------------------------------
    @property
    def profile_formats(self) -> tuple[str, ...]:
        return tuple(self.layout.get("profile-formats", "portage-1-compat").split())

    @property
    def profiles_dir(self) -> Path | None:
        return self.path / "profiles" if self.path else None

    @property
    def eapi(self) -> str:
        """EAPI of the repository-level ``profiles/`` files (``profiles/eapi`` when it
        holds exactly one line, else "0", as portage's ``read_corresponding_eapi_file``)."""
        try:
            rows = (self.profiles_dir / "eapi").read_text(encoding="utf-8",
                                                          errors="replace").splitlines()
        except (OSError, TypeError):
            return "0"
        return (rows[0].strip() or "0") if len(rows) == 1 else "0"

    @property
    def profile_eapi_default(self) -> str:
        return self.layout.get("profile_eapi_when_unspecified", "0").strip() or "0"

    # --- entries ------------------------------------------------------------
    def categories(self) -> tuple[str, ...]:
        if self._categories is None:
            try:
                self._categories = tuple(self._source.categories())
            except OSError as err:
                self._unreadable(self._where("", ""), err, "no package of it is read")
                self._categories = ()
        return self._categories

    def _category(self, cat: str) -> dict[str, list[str]]:
        try:
            return self._cats[cat]
        except KeyError:
            pass
        groups, split = {}, getattr(self._source, "split", _package._split_cpv)  # a cache's
        try:
            names = self._source.list_category(cat)
        except OSError as err:
            self._unreadable(self._where(cat, ""), err, f"no package of {cat} is read")
            names = []
        for pf in sorted(names):
            try:
                cp, _ = split(f"{cat}/{pf}")
            except ValueError:
                self._reporter.problem(bad_name(self._where(cat, pf), f"{cat}/{pf}"))
                continue
            groups.setdefault(cp.partition("/")[2], []).append(pf)
        if hasattr(self._source, "in_version_order"):  # a persistent cache knows the order
            self._in_order |= self._source.in_version_order(cat, groups)
        self._cats[cat] = groups
        return groups

    def _unreadable(self, where: str, err: OSError, lost: str, package=None) -> None:
        self._reporter.problem(in_file("unreadable", where, f"{describe(err)}: {lost}",
                                       package=package, fix="repair or remove it"))

    def _where(self, cat: str, pf: str) -> str:
        if hasattr(self._source, "directory"):
            return os.path.join(self._source.directory, cat, pf).rstrip(os.sep)
        return f"{self.name}:{cat}/{pf}"

    def cps(self) -> tuple[str, ...]:
        """Every ``cat/pkg`` of the repository, sorted."""
        return tuple(sorted(f"{cat}/{pn}" for cat in self.categories()
                            for pn in self._category(cat)))

    def versions(self, cp: str) -> tuple[Package, ...]:
        """Packages of ``cp``, ascending by version; unreadable entries are reported."""
        try:
            return self._versions[cp]
        except KeyError:
            pass
        cat, _, pn = cp.partition("/")
        pkgs = [p for pf in self._category(cat).get(pn, ()) if (p := self._load(cat, pf))]
        if cp not in self._in_order:  # sorted already when a persistent cache knew the order
            pkgs.sort(key=lambda p: p.vobj)
        return self._versions.setdefault(cp, tuple(pkgs))

    def _load(self, cat: str, pf: str) -> Package | None:
        """The entry's package, or None (reported) when it cannot be used."""
        cpv = f"{cat}/{pf}"
        try:
            meta, source, lines = self._source.read(cpv, self._reporter)
        except OSError as err:
            self._unreadable(self._where(cat, pf), err, "the entry is skipped", cpv)
            return None
        except CorruptEntry as err:
            self._reporter.problem(in_file(
                "bad-metadata", self._where(cat, pf), f"corrupt cache entry ({err}): skipped, "
                "as portage's cache reader refuses it", line=err.line, package=cpv,
                fix="regenerate the cache (bootorder cache / egencache)"))
            return None
        check = getattr(self._source, "check", check_entry)  # the persistent cache keeps them
        verdict = check(cpv, meta, source, lines, strict=self._source.strict)
        for problem in verdict.problems:
            self._reporter.problem(problem)
        if verdict.skip:
            return None
        pkg = Package(cpv, self.name, meta, source, lines, installed=self.kind == "vdb",
                      invalid=verdict.invalid)
        if hasattr(self._source, "adopt"):  # the persistent cache: its parses for pkg
            self._source.adopt(pkg)
        return pkg

    def save_cache(self) -> bool:
        """Write what this run read to the persistent cache (if any); True if written."""
        return bool(hasattr(self._source, "save") and self._source.save())

    def package(self, cpv: str) -> Package | None:
        """The package ``cpv``, or None."""
        try:
            cp, _ = _package._split_cpv(cpv)
        except Exception:  # noqa: BLE001
            return None
        return next((p for p in self.versions(cp) if p.cpv == cpv), None)

    def packages(self) -> Iterator[Package]:
        """Every package, sorted by cp then version (loads everything)."""
        for cp in self.cps():
            yield from self.versions(cp)

    def load_all(self) -> int:
        """Read every entry and parse every dependency key; return the entry count.

        Malformed dependency strings are reported (file and line) and skipped.
        """
        cps = self.cps()
        count = 0
        with paused_gc():  # bulk construction of long-lived values: see core.gcpause
            for done, cp in enumerate(cps, 1):
                for pkg in self.versions(cp):
                    count += 1
                    for key in pkg.to_parse(METADATA_KEYS):  # a stored parse: when asked
                        try:
                            pkg.deps(key)
                        except MetadataError as err:
                            self._reporter.problem(err.problem())
                if done % 100 == 0 or done == len(cps):
                    self._reporter.progress(f"load {self.name}", done, len(cps))
        return count


EXAMPLE_PROFILE = "bootorder-example:default/linux/amd64"
"""The embedded example's default profile."""


def example_repository_path() -> Path:
    """Directory of the embedded example repository (``examples/repo``).

    Looked up inside the installed package (``bootorder/examples/repo``) first, then in
    the source checkout.

    >>> example_repository_path().name
    'repo'
    """
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "examples" / "repo", package.parent / "examples" / "repo"):
        if (candidate / "profiles" / "repo_name").is_file():
            return candidate
    raise MetadataError("the embedded example repository is not installed", str(package))


class Tree:
    """Several repositories with masters resolved, lowest priority first.

    A repository's masters must be in the tree; they are placed before it.
    ``versions(cp)`` merges all repositories (ascending version, then priority).

    >>> base = Repository.from_dict("base", {"a/b-1": {}})
    >>> over = Repository.from_dict("over", {"a/b-2": {}}, masters=["base"])
    >>> t = Tree([over, base])
    >>> [r.name for r in t.repos], [p.cpv for p in t.versions("a/b")]
    (['base', 'over'], ['a/b-1', 'a/b-2'])
    """

    def __init__(self, repositories: Iterable[Repository], reporter: Reporter = NULL_REPORTER):
        repos = list(repositories)
        self._by_name = {}
        for r in repos:
            if r.name in self._by_name:
                raise MetadataError(f"repository name {r.name!r} given twice", str(r.path))
            self._by_name[r.name] = r
        for r in repos:
            missing = [m for m in r.masters if m not in self._by_name]
            if missing:
                raise MetadataError(f"repository {r.name!r} needs master(s) "
                                    f"{', '.join(missing)}: add them with --repo",
                                    str(r.path / "metadata" / "layout.conf") if r.path else None)
        self.repos: tuple[Repository, ...] = tuple(_masters_first(repos, self._by_name))
        self._reporter = reporter
        self._versions: dict[str, tuple[Package, ...]] = {}
        self._matches: dict = {}

    @classmethod
    def open(cls, paths: Iterable[str | os.PathLike], reporter: Reporter = NULL_REPORTER,
             cache: str | os.PathLike | None = None) -> Tree:
        """Open repositories by directory and resolve their masters (``cache``: as in
        :meth:`Repository.open`)."""
        return cls([Repository.open(p, reporter, cache) for p in paths], reporter)

    def save_cache(self) -> None:
        """:meth:`Repository.save_cache` of every repository."""
        for repo in self.repos:
            repo.save_cache()

    def __repr__(self) -> str:
        return f"Tree({[r.name for r in self.repos]})"

    def repo(self, name: str) -> Repository:
        try:
            return self._by_name[name]
        except KeyError:
            raise MetadataError(f"no repository named {name!r} in the tree "
                                f"(have: {', '.join(self._by_name)})") from None

    def has_repo(self, name: str) -> bool:
        return name in self._by_name

    @property
    def main(self) -> Repository:
        """The first repository without masters (portage's main repository)."""
        return next((r for r in self.repos if not r.masters), self.repos[0])

    def priority(self, name: str) -> int:
        return next(i for i, r in enumerate(self.repos) if r.name == name)

    def cps(self) -> tuple[str, ...]:
        return tuple(sorted({cp for r in self.repos for cp in r.cps()}))

    def versions(self, cp: str) -> tuple[Package, ...]:
        try:
            return self._versions[cp]
        except KeyError:
            pass
        pkgs = [(p.vobj, i, p) for i, r in enumerate(self.repos) for p in r.versions(cp)]
        pkgs.sort(key=lambda t: (t[0], t[1]))
        result = self._versions[cp] = tuple(p for _, _, p in pkgs)
        return result

    def match(self, atom) -> tuple[Package, ...]:
        """Packages matching ``atom`` (USE dependencies ignored), ascending."""
        from ..syntax.atom import Atom
        if isinstance(atom, str):
            atom = Atom.parse(atom)
        return memo(self._matches, atom, lambda: tuple(
            p for p in self.versions(atom.cp) if atom.matches(p.cpv, p.slot, p.subslot, p.repo)))

    def packages(self) -> Iterator[Package]:
        for cp in self.cps():
            yield from self.versions(cp)

    def load_all(self) -> int:
        """Read and parse every entry of every repository; return the entry count."""
        return sum(r.load_all() for r in self.repos)


def _masters_first(repos: list[Repository], by_name: Mapping[str, Repository]):
    done: list[Repository] = []
    seen: set[str] = set()

    def visit(r: Repository, stack: tuple[str, ...]):
        if r.name in seen:
            return
        if r.name in stack:
            raise MetadataError(f"repository masters form a cycle: {' -> '.join(stack)}")
        for m in r.masters:
            visit(by_name[m], stack + (r.name,))
        seen.add(r.name)
        done.append(r)

    for r in repos:
        visit(r, ())
    return done
