"""The plan as a value: steps a build runs, each one ``emerge`` invocation (PLAN.md).

A :class:`Plan` holds what ``plan.json`` says (format 1, the fields of
``shared/PLAN.md``) and the text of every file the plan ships under ``steps/`` (a
catalyst spec, generated ``package.use`` files); :mod:`bootorder.plan.directory`
writes and reads it as a directory. Every value is frozen; ``to_json()`` gives the
``plan.json`` form and ``from_json()`` reads it back (``Plan.from_json(p.to_json()) ==
p``), rejecting what format 1 does not allow with a :class:`PlanError` that names the
field.

>>> step = Step(name="stage1", profile="r:p", root="target", atoms=("sys-libs/zlib",),
...             installed=(("/", "seed"),),
...             merge=(Merge("sys-libs/zlib-1.3", "target", ("minizip",)),))
>>> plan = Plan(kind="catalyst", profile="r:p", steps=(step,))
>>> Plan.from_json(plan.to_json()) == plan
True
>>> plan.to_json()["steps"][0]["merge"]
[{'cpv': 'sys-libs/zlib-1.3', 'root': 'target', 'use': ['minizip']}]
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..core.display import HtmlDisplay
from ..core.errors import BootorderError
from ..core.problems import Problem

__all__ = ["FORMAT", "KINDS", "ROOTS", "PlanError", "Merge", "Installed", "Step", "Plan",
           "step_dir"]

FORMAT = 1
"""The ``plan.json`` format this module writes and reads."""
KINDS = ("catalyst", "board", "bootstrap", "cross")
ROOTS = ("/", "target")
INSTALLED_METADATA = ("EAPI", "SLOT", "IUSE", "KEYWORDS", "DEPEND", "RDEPEND", "BDEPEND",
                      "PDEPEND", "IDEPEND")


class PlanError(BootorderError):
    """A plan that format 1 does not allow (names the file or field)."""


def step_dir(index: int, name: str) -> str:
    """``steps/NN-NAME`` of the step at ``index`` (0-based; NN counts from 01).

    >>> step_dir(1, "stage1")
    'steps/02-stage1'
    """
    return f"steps/{index + 1:02d}-{name}"


@dataclass(frozen=True, slots=True)
class Merge:
    """One package a step merges: ``cpv`` into ``root`` with the enabled ``use``."""

    cpv: str
    root: str
    use: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "use", tuple(sorted(set(self.use))))

    def to_json(self) -> dict:
        return {"cpv": self.cpv, "root": self.root, "use": list(self.use)}

    @classmethod
    def from_json(cls, data: dict) -> Merge:
        return cls(_need(data, "cpv", "merge"), _root(data.get("root", "/"), "merge root"),
                   tuple(data.get("use", ())))


@dataclass(frozen=True, slots=True)
class Installed:
    """A package a root holds before a step (PLAN.md's list form of ``installed``);
    ``metadata`` (sorted ``(key, value)`` pairs) for a version the tree lacks."""

    cpv: str
    use: tuple[str, ...] = ()
    repo: str | None = None
    slot: str | None = None
    binpkg: bool = False
    metadata: tuple[tuple[str, str], ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "use", tuple(sorted(set(self.use))))
        if self.metadata is not None:
            object.__setattr__(self, "metadata", tuple(sorted(dict(self.metadata).items())))

    def to_json(self) -> dict:
        data: dict = {"cpv": self.cpv, "use": list(self.use)}
        optional = {"repo": self.repo, "slot": self.slot, "binpkg": self.binpkg or None,
                    "metadata": None if self.metadata is None else dict(self.metadata)}
        data.update({k: v for k, v in optional.items() if v is not None})
        return data

    @classmethod
    def from_json(cls, data: dict) -> Installed:
        meta = data.get("metadata")
        if meta is not None and not isinstance(meta, dict):
            raise PlanError(f"installed {data.get('cpv')}: 'metadata' must be an object")
        return cls(_need(data, "cpv", "installed"), tuple(data.get("use", ())),
                   data.get("repo"), data.get("slot"), bool(data.get("binpkg", False)),
                   None if meta is None else tuple(meta.items()))


@dataclass(frozen=True, slots=True)
class Step:
    """One ``emerge`` invocation of a plan; fields as in PLAN.md.

    ``make_conf``, ``host_make_conf``: ``(name, value)`` pairs in make.conf order;
    ``installed``: ``(root, "seed" | tuple of Installed)`` pairs; ``installed_from``:
    ``(root, step names)`` pairs; ``unmerge``: the cpvs a ``--depclean`` step removes
    from its root; ``notes``: sentences saying what the step means for the ones before
    and after it (both optional fields beyond PLAN.md's, written only when not empty);
    ``over_seed``: packages ``/`` holds on top of an idealised seed (what earlier steps
    of the plan merged there, such as crossdev's ``cross-<tuple>`` packages), written as
    installed-package entries beside it (JSON ``installed_over_seed``, present only when
    not empty).
    """

    name: str
    profile: str
    atoms: tuple[str, ...]
    root: str = "/"
    sysroot: str | None = None
    config_root: str = "/"
    make_conf: tuple[tuple[str, str], ...] = ()
    config: str | None = None
    host_profile: str | None = None
    host_make_conf: tuple[tuple[str, str], ...] = ()
    host_config: str | None = None
    emerge: tuple[str, ...] = ()
    installed: tuple[tuple[str, object], ...] = ()
    installed_from: tuple[tuple[str, tuple[str, ...]], ...] = ()
    merge: tuple[Merge, ...] = ()
    why: str = ""
    unmerge: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    over_seed: tuple[Installed, ...] = ()

    def __post_init__(self) -> None:
        if self.sysroot is None:
            object.__setattr__(self, "sysroot", self.root)
        _check_step(self)

    def installed_in(self, root: str) -> str | tuple[Installed, ...]:
        """What ``root`` holds before the step: ``"seed"`` or the entries (maybe none)."""
        return dict(self.installed).get(root, ())

    @property
    def nodeps(self) -> bool:
        """Run with ``--nodeps``: its merges prove nothing about build needs."""
        return "--nodeps" in self.emerge or "-O" in self.emerge

    def to_json(self) -> dict:
        extra = {"unmerge": list(self.unmerge), "notes": list(self.notes)}
        return {
            "name": self.name, "config_root": self.config_root, "profile": self.profile,
            "make_conf": dict(self.make_conf), "config": self.config,
            "host_profile": self.host_profile, "host_make_conf": dict(self.host_make_conf),
            "host_config": self.host_config, "root": self.root, "sysroot": self.sysroot,
            "emerge": list(self.emerge), "atoms": list(self.atoms),
            "installed": {root: value if value == "seed" else [e.to_json() for e in value]
                          for root, value in self.installed},
            "installed_from": {root: list(names) for root, names in self.installed_from},
            "merge": [m.to_json() for m in self.merge], "why": self.why,
            **{key: value for key, value in extra.items() if value},
            **({"installed_over_seed": {"/": [e.to_json() for e in self.over_seed]}}
               if self.over_seed else {})}

    @classmethod
    def from_json(cls, data: dict) -> Step:
        name = _need(data, "name", "step")
        where = f"step {name!r}"
        installed = []
        for root, value in _object(data.get("installed", {}), f"{where}: installed").items():
            if value != "seed" and not isinstance(value, list):
                raise PlanError(f"{where}: installed[{root!r}] must be \"seed\" or a list")
            installed.append((root, value if value == "seed" else
                              tuple(Installed.from_json(e) for e in value)))
        return cls(
            name=name, profile=_need(data, "profile", where),
            atoms=tuple(_list(data.get("atoms", []), f"{where}: atoms")),
            root=data.get("root", "/"), sysroot=data.get("sysroot"),
            config_root=data.get("config_root", "/"),
            make_conf=tuple(_object(data.get("make_conf") or {}, f"{where}: make_conf").items()),
            config=data.get("config"), host_profile=data.get("host_profile"),
            host_make_conf=tuple(_object(data.get("host_make_conf") or {},
                                         f"{where}: host_make_conf").items()),
            host_config=data.get("host_config"),
            emerge=tuple(_list(data.get("emerge", []), f"{where}: emerge")),
            installed=tuple(installed),
            installed_from=tuple((r, tuple(n)) for r, n in _object(
                data.get("installed_from") or {}, f"{where}: installed_from").items()),
            merge=tuple(Merge.from_json(m) for m in _list(data.get("merge", []),
                                                          f"{where}: merge")),
            why=data.get("why", ""),
            unmerge=tuple(_list(data.get("unmerge", []), f"{where}: unmerge")),
            notes=tuple(_list(data.get("notes", []), f"{where}: notes")),
            over_seed=tuple(Installed.from_json(e) for e in _list(
                _object(data.get("installed_over_seed") or {},
                        f"{where}: installed_over_seed").get("/", []),
                f"{where}: installed_over_seed")))


def _check_step(step: Step) -> None:
    where = f"step {step.name!r}"
    for key in ("root", "sysroot", "config_root"):
        _root(getattr(step, key), f"{where}: {key}")
    if "target" in (step.sysroot, step.config_root) and step.root != "target":
        raise PlanError(f"{where}: sysroot and config_root are \"/\" or equal to root")
    for root, value in step.installed:
        _root(root, f"{where}: installed")
        if value == "seed" and root != "/":
            raise PlanError(f"{where}: installed[{root!r}] is \"seed\", which is for \"/\" only")
    if step.over_seed and step.installed_in("/") != "seed":
        raise PlanError(f"{where}: installed_over_seed needs installed[\"/\"] = \"seed\"")
    for option in step.emerge:
        if option.split("=")[0] in ("--root", "--sysroot", "--config-root"):
            raise PlanError(f"{where}: emerge option {option}: the root fields say it")


@dataclass(frozen=True, slots=True)
class Plan(HtmlDisplay):
    """A plan: its steps, the files it ships (``files``: path relative to the plan
    directory -> text) and the problems it could not solve (``problems``: the plan is
    incomplete when there is one). ``bootstrap`` (kind ``bootstrap``, ``plan.json``'s
    optional ``bootstrap`` object): ``(key, names)`` pairs saying which pre-built
    packages the stage builds again (``rebuilt``), which stay host-built, which steps
    emerge needs and which only the implicit toolchain model asks for
    (``implicit_only``: ``verify --minimal`` does not require them); ``cross``: a cross plan's toolchain (versions, crossdev commands, derived order and
    first gcc's USE next to crossdev's)."""

    kind: str
    profile: str
    steps: tuple[Step, ...]
    repositories: tuple[tuple[str, str | None], ...] = ()
    problems: tuple[Problem, ...] = ()
    files: tuple[tuple[str, str], ...] = ()
    overlays: tuple[tuple[str, str], ...] = ()
    command: tuple[str, ...] = ()
    format: int = FORMAT
    bootstrap: tuple[tuple[str, tuple[str, ...]], ...] = ()
    cross: dict | None = field(default=None, hash=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise PlanError(f"plan kind {self.kind!r}: expected one of {', '.join(KINDS)}")
        names = [s.name for s in self.steps]
        if len(set(names)) != len(names):
            raise PlanError(f"step names repeat: {', '.join(names)}")
        object.__setattr__(self, "files", tuple(sorted(self.files)))

    @property
    def complete(self) -> bool:
        """True when the plan met no problem it could not solve."""
        return not self.problems

    def step(self, name: str) -> Step:
        """The step called ``name``."""
        for s in self.steps:
            if s.name == name:
                return s
        raise KeyError(name)

    def step_dir(self, index: int) -> str:
        """``steps/NN-NAME`` of the step at ``index`` (0-based; NN counts from 01)."""
        return step_dir(index, self.steps[index].name)

    def write(self, path) -> None:
        """Write the plan directory ``path`` (see :mod:`bootorder.plan.directory`)."""
        from .directory import write_tree
        from .readme import readme_text
        write_tree(path, self.to_json(), dict(self.files), readme_text(self))

    @classmethod
    def read(cls, path) -> Plan:
        """The plan of the directory ``path``."""
        from .directory import read_tree
        data, files = read_tree(path)
        return cls.from_json(data, files)

    def with_files(self, files: dict[str, str]) -> Plan:
        """This plan with ``files`` added (or replaced)."""
        return replace(self, files=tuple({**dict(self.files), **files}.items()))

    def to_json(self) -> dict:
        data = {"format": self.format, "kind": self.kind, "profile": self.profile,
                "repositories": dict(self.repositories),
                "steps": [s.to_json() for s in self.steps],
                "problems": [p.to_json() for p in self.problems]}
        if self.overlays:
            data["overlays"] = dict(self.overlays)
        if self.command:
            data["command"] = list(self.command)
        if self.bootstrap:
            data["bootstrap"] = {key: list(names) for key, names in self.bootstrap}
        if self.cross is not None:
            data["cross"] = self.cross
        return data

    @classmethod
    def from_json(cls, data: dict, files: dict[str, str] | None = None) -> Plan:
        data = _object(data, "plan.json")
        fmt = data.get("format")
        if fmt != FORMAT:
            raise PlanError(f"plan.json: format {fmt!r}; this bootorder reads format {FORMAT}")
        return cls(
            kind=_need(data, "kind", "plan.json"), profile=_need(data, "profile", "plan.json"),
            steps=tuple(Step.from_json(s) for s in _list(data.get("steps", []),
                                                         "plan.json: steps")),
            repositories=tuple(_object(data.get("repositories", {}),
                                       "plan.json: repositories").items()),
            problems=tuple(_problem(p) for p in data.get("problems", [])),
            files=tuple((files or {}).items()),
            overlays=tuple(_object(data.get("overlays", {}), "plan.json: overlays").items()),
            command=tuple(data.get("command", ())),
            bootstrap=tuple((k, tuple(v)) for k, v in _object(
                data.get("bootstrap") or {}, "plan.json: bootstrap").items()),
            cross=data.get("cross"))


def _problem(data: dict) -> Problem:
    return Problem(data["kind"], data.get("package"), data.get("atom", ""),
                   tuple(data.get("chain", ())), data.get("message", ""), data.get("fix", ""))


def _need(data: dict, key: str, where: str):
    if not isinstance(data, dict) or data.get(key) in (None, ""):
        raise PlanError(f"{where}: {key!r} is missing")
    return data[key]


def _root(value, where: str) -> str:
    if value not in ROOTS:
        raise PlanError(f"{where}: {value!r} is neither \"/\" nor \"target\"")
    return value


def _object(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise PlanError(f"{where}: expected an object")
    return value


def _list(value, where: str) -> list:
    if not isinstance(value, list):
        raise PlanError(f"{where}: expected a list")
    return value

