"""resolve() on small repositories, checked against emerge (tests/emerge_oracle.py).

Each case is a dict of ebuilds (the same dict ``run_emerge`` turns into a repository),
the targets, and the packages emerge merges into the target root and into ``/``
(``--root`` set, nothing installed): bootorder with ``host="empty"`` must give the same
two sets. Other tests check the host models, problems and the graph attributes.
"""
from __future__ import annotations

import re

import pytest
from minirepo import write_repo

from bootorder.config.configuration import Config
from bootorder.config.profile import Profile
from bootorder.core.errors import BootorderError
from bootorder.graph.depgraph import NodeKey
from bootorder.resolver.resolution import HostModel, resolve
from bootorder.tree.repository import Tree


def config_for(tmp_path, ebuilds, use=None, **profile_files):
    repo = write_repo(tmp_path, ebuilds, **profile_files)
    tree = Tree.open([repo])
    return Config(tree, Profile.load(tree, "mini:default"), use=use)


def emerge_sets(ebuilds, targets, use=""):
    """``{"target": cpvs, "host": cpvs}`` emerge merges (``--root``, empty ``/``)."""
    from emerge_oracle import run_emerge
    out = run_emerge(ebuilds, targets, use=use, root=True)
    found = {"target": set(), "host": set()}
    for line in out.splitlines():
        m = re.match(r"\[ebuild[^\]]*\]\s+([^\s:]+)\S*(\s+to\s)?", line)
        if m:
            found["target" if m.group(2) else "host"].add(m.group(1))
    assert found["target"] or found["host"], out
    return found


def bootorder_sets(graph):
    return {root: {k.cpv for k in graph.nodes(root)} for root in ("target", "host")}


CASES = {
    "leftmost": (
        {"app/a-1": {"RDEPEND": "|| ( lib/x lib/y )"}, "lib/x-1": {}, "lib/y-1": {}},
        ["app/a"]),
    "already-in-graph": (
        {"app/a-1": {"RDEPEND": "|| ( lib/x lib/y ) lib/z"}, "lib/x-1": {}, "lib/y-1": {},
         "lib/z-1": {"RDEPEND": "lib/y"}},
        ["app/a"]),
    "masked-first": (
        {"app/a-1": {"RDEPEND": "|| ( lib/x lib/y )"}, "lib/x-1": {"KEYWORDS": "~amd64"},
         "lib/y-1": {}},
        ["app/a"]),
    "virtual-provider": (
        {"app/a-1": {"RDEPEND": "virtual/v lib/y"}, "virtual/v-1": {"RDEPEND": "|| ( lib/x lib/y )"},
         "lib/x-1": {}, "lib/y-1": {}},
        ["app/a"]),
    "use-dep-alternative": (
        {"app/a-1": {"RDEPEND": "|| ( lib/x[foo] lib/y )"}, "lib/x-1": {"IUSE": "foo"},
         "lib/y-1": {}},
        ["app/a"]),
    "use-dep-version": (
        {"app/a-1": {"RDEPEND": "lib/x[foo]"}, "lib/x-1": {"IUSE": "+foo"},
         "lib/x-2": {"IUSE": "foo"}},
        ["app/a"]),
    "use-dep-missing-iuse": (
        {"app/a-1": {"RDEPEND": "lib/x[foo]"}, "lib/x-1": {"IUSE": "+foo"}, "lib/x-2": {}},
        ["app/a"]),
    "any-of-higher-slot": (
        {"app/a-1": {"RDEPEND": "|| ( lib/x:1 lib/x:2 )"}, "lib/x-1": {"SLOT": "1"},
         "lib/x-2": {"SLOT": "2"}},
        ["app/a"]),
    "any-of-virtual-in-graph": (
        {"app/a-1": {"RDEPEND": "|| ( lib/x virtual/v ) lib/y"},
         "virtual/v-1": {"RDEPEND": "lib/y"}, "lib/x-1": {}, "lib/y-1": {}},
        ["app/a"]),
    "build-deps-on-host": (
        {"app/a-1": {"BDEPEND": "dev/tool", "DEPEND": "lib/x", "RDEPEND": "lib/y"},
         "dev/tool-1": {"RDEPEND": "lib/z"}, "lib/x-1": {}, "lib/y-1": {"PDEPEND": "lib/w"},
         "lib/z-1": {}, "lib/w-1": {}},
        ["app/a"]),
    "use-conditionals": (
        {"app/a-1": {"IUSE": "+on off", "RDEPEND": "on? ( lib/x ) off? ( lib/y ) !off? ( lib/z )"},
         "lib/x-1": {}, "lib/y-1": {}, "lib/z-1": {}},
        ["app/a"]),
    "slot-best": (
        {"app/a-1": {"RDEPEND": "lib/x:1 lib/x"}, "lib/x-1.5": {"SLOT": "1"},
         "lib/x-2.1": {"SLOT": "2"}},
        ["app/a"]),
    "self-in-any-of": (
        {"dev/go-2": {"BDEPEND": "|| ( >=dev/go-1 dev/go-bootstrap )"}, "dev/go-bootstrap-1": {}},
        ["dev/go"]),
    "nested-any-of": (
        {"app/a-1": {"RDEPEND": "|| ( ( lib/x lib/w ) lib/y ) lib/w"}, "lib/x-1": {},
         "lib/y-1": {}, "lib/w-1": {}},
        ["app/a"]),
}


@pytest.mark.emerge
@pytest.mark.parametrize("name", sorted(CASES))
def test_two_roots_match_emerge(tmp_path, name):
    ebuilds, targets = CASES[name]
    graph = resolve(config_for(tmp_path, ebuilds), targets, host="empty", implicit=False)
    assert bootorder_sets(graph) == emerge_sets(ebuilds, targets)


def test_any_of_edge_records_the_group(tmp_path):
    ebuilds, targets = CASES["already-in-graph"]
    graph = resolve(config_for(tmp_path, ebuilds), targets, host="empty", implicit=False)
    (edge,) = [e for e in graph.edges(NodeKey("app/a-1", "target")) if e.any_of]
    assert (edge.dep.cpv, edge.any_of, edge.not_taken) == ("lib/y-1", ("lib/x", "lib/y"), ("lib/x",))


def test_edge_attributes(tmp_path):
    ebuilds = {"app/a-1": {"IUSE": "+on", "BDEPEND": "on? ( dev/tool:= )"}, "dev/tool-1": {}}
    graph = resolve(config_for(tmp_path, ebuilds), ["app/a"], host="empty", implicit=False)
    (edge,) = graph.edges(NodeKey("app/a-1", "target"))
    assert (edge.dep, edge.cls, edge.root, edge.use, edge.atom, edge.slot_operator) == \
        (NodeKey("dev/tool-1", "host"), "BDEPEND", "host", ("on",), "dev/tool:=", "=")


def test_implicit_edges_land_in_the_documented_roots(tmp_path):
    compiled = {"DEFINED_PHASES": "compile configure install", "SRC_URI": "mirror://x.tar.gz"}
    ebuilds = {"dev-libs/gmp-6": compiled, "virtual/libc-1": {"RDEPEND": "sys-libs/glibc"},
               "sys-libs/glibc-2": {"SLOT": "2.2"}, "sys-devel/gcc-15": {"SLOT": "15"},
               "sys-devel/binutils-2": {}}
    config = config_for(tmp_path, ebuilds)
    graph = resolve(config, ["dev-libs/gmp"], host="seed", implicit=True)
    edges = {(e.dep, e.cls) for e in graph.edges(NodeKey("dev-libs/gmp-6", "target")) if e.implicit}
    assert edges == {(NodeKey("virtual/libc-1", "target"), "DEPEND"),
                     (NodeKey("sys-devel/gcc-15", "host"), "BDEPEND"),
                     (NodeKey("sys-devel/binutils-2", "host"), "BDEPEND")}
    off = resolve(config, ["dev-libs/gmp"], host="seed", implicit=False)
    assert [k.cpv for k in off.nodes()] == ["dev-libs/gmp-6"]


def test_seed_host_satisfies_build_deps_without_building_them(tmp_path):
    ebuilds, targets = CASES["build-deps-on-host"]
    graph = resolve(config_for(tmp_path, ebuilds), targets, host="seed", implicit=False)
    host = {k.cpv: graph.node(k)["installed"] for k in graph.nodes("host")}
    assert host == {"dev/tool-1": True, "lib/x-1": True}   # not expanded: no lib/z
    assert {k.cpv for k in graph.nodes("target")} == {"app/a-1", "lib/y-1", "lib/w-1"}


def test_vdb_host_uses_installed_packages(tmp_path):
    ebuilds, targets = CASES["build-deps-on-host"]
    vdb = tmp_path / "vdb" / "dev" / "tool-1"
    vdb.mkdir(parents=True)
    for key, value in {"SLOT": "0", "EAPI": "8", "USE": "", "IUSE": "", "RDEPEND": "lib/z"}.items():
        (vdb / key).write_text(value + "\n")
    graph = resolve(config_for(tmp_path, ebuilds), targets,
                    host=f"vdb:{tmp_path / 'vdb'}", implicit=False)
    host = {k.cpv: graph.node(k)["installed"] for k in graph.nodes("host")}
    assert host == {"dev/tool-1": True, "lib/x-1": False}


def test_vdb_host_any_of_prefers_the_installed_alternative(tmp_path):
    ebuilds = {"app/a-1": {"BDEPEND": "|| ( lib/x lib/y )"}, "lib/x-1": {}, "lib/y-1": {}}
    vdb = tmp_path / "vdb" / "lib" / "y-1"
    vdb.mkdir(parents=True)
    for key, value in {"SLOT": "0", "EAPI": "8", "USE": "", "IUSE": ""}.items():
        (vdb / key).write_text(value + "\n")
    config = config_for(tmp_path, ebuilds)
    installed = resolve(config, ["app/a"], host=f"vdb:{tmp_path / 'vdb'}", implicit=False)
    empty = resolve(config, ["app/a"], host="empty", implicit=False)
    assert [k.cpv for k in installed.nodes("host")] == ["lib/y-1"]   # dep_zapdeps: installed
    assert [k.cpv for k in empty.nodes("host")] == ["lib/x-1"]       # else leftmost


def test_problems_name_the_reason(tmp_path):
    ebuilds = {"app/a-1": {"RDEPEND": "lib/gone lib/kw >=lib/old-2 lib/masked"},
               "lib/kw-1": {"KEYWORDS": "~amd64"}, "lib/old-1": {}, "lib/masked-1": {}}
    repo_config = config_for(tmp_path, ebuilds)
    (tmp_path / "repo" / "profiles" / "default" / "package.mask").write_text("lib/masked\n")
    tree = Tree.open([tmp_path / "repo"])
    config = Config(tree, Profile.load(tree, "mini:default"))
    graph = resolve(config, ["app/a"], host="empty", implicit=False)
    kinds = {p.atom: (p.kind, p.package, p.chain) for p in graph.problems}
    assert kinds == {
        "lib/gone": ("missing-package", "app/a-1", ("app/a-1",)),
        "lib/kw": ("missing-keyword", "app/a-1", ("app/a-1",)),
        ">=lib/old-2": ("no-match", "app/a-1", ("app/a-1",)),
        "lib/masked": ("masked", "app/a-1", ("app/a-1",)),
    }
    fixes = {p.atom: p.fix for p in graph.problems}
    assert fixes["lib/masked"] == "add '=lib/masked-1' to package.unmask"
    assert fixes["lib/kw"] == "add '=lib/kw-1 ~amd64' to package.accept_keywords"
    assert repo_config is not None


def test_package_provided_satisfies_atoms_and_any_of(tmp_path):
    ebuilds = {"app/a-1": {"RDEPEND": "lib/p || ( lib/x lib/p ) lib/y"}, "lib/x-1": {},
               "lib/y-1": {}}
    config = config_for(tmp_path, ebuilds)
    profile_dir = tmp_path / "repo" / "profiles" / "default"
    (profile_dir / "eapi").write_text("5\n")   # package.provided: EAPI < 7 only
    (profile_dir / "package.provided").write_text("lib/p-1\n")
    tree = Tree.open([tmp_path / "repo"])
    graph = resolve(Config(tree, Profile.load(tree, "mini:default")), ["app/a"],
                    host="empty", implicit=False)
    assert bootorder_sets(graph) == {"target": {"app/a-1", "lib/y-1"}, "host": set()}
    assert graph.problems == () and config is not None


def test_sets_and_unknown_set(tmp_path):
    ebuilds = {"sys/a-1": {}, "sys/b-1": {}}
    config = config_for(tmp_path, ebuilds, system=("sys/a", "sys/b"))
    graph = resolve(config, ["@system", "@nope"], host="empty", implicit=False)
    assert [k.cpv for k in graph.targets()] == ["sys/a-1", "sys/b-1"]
    assert [(p.kind, p.atom) for p in graph.problems] == [("unknown-set", "@nope")]


@pytest.mark.emerge
def test_stage1_use_override(tmp_path):
    ebuilds = {"app/a-1": {"IUSE": "+def build other", "RDEPEND": "def? ( lib/x ) build? ( lib/y )"},
               "lib/x-1": {}, "lib/y-1": {}}
    config = config_for(tmp_path, ebuilds, use="-* build", packages_build=("app/a",))
    graph = resolve(config, ["@stage1"], host="empty", implicit=False)
    assert bootorder_sets(graph) == emerge_sets(ebuilds, ["app/a"], use="-* build")
    assert graph.node(NodeKey("app/a-1", "target"))["use"] == frozenset({"build"})


def test_host_model_parse_rejects_unknown():
    with pytest.raises(BootorderError, match="unknown host model"):
        HostModel.parse("cloud")


def test_sysroot_target_resolves_depend_in_the_board_root(tmp_path):
    """SYSROOT=ROOT: an EAPI 8 DEPEND lands in the target root, BDEPEND on the host, an
    EAPI 6 DEPEND on the host (portage: no BDEPEND, so the running root); the host root
    reads its own profile (``host_config``). Emerge agreement: tests/plan/test_board.py."""
    repo = write_repo(tmp_path, {
        "app/a-1": {"DEPEND": "app/lib", "BDEPEND": "app/tool"},
        "app/old-1": {"EAPI": "6", "DEPEND": "app/lib"},
        "app/lib-1": {}, "app/tool-1": {"IUSE": "x"}})
    sdk = repo / "profiles" / "sdk"
    sdk.mkdir()
    (sdk / "parent").write_text("../default\n")
    (sdk / "make.defaults").write_text('USE="x"\n')
    tree = Tree.open([repo])
    board = Config(tree, Profile.load(tree, "mini:default"))
    host = Config(tree, Profile.load(tree, "mini:sdk"))
    g = resolve(board, ["app/a", "app/old"], host="empty", sysroot="target",
                host_config=host, implicit=False)
    roots = sorted((e.source.cpv, e.cls, e.dep.root) for e in g.edges())
    assert roots == [("app/a-1", "BDEPEND", "host"), ("app/a-1", "DEPEND", "target"),
                     ("app/old-1", "DEPEND", "host")]
    assert g.node(NodeKey("app/tool-1", "host"))["use"] == frozenset({"x"})
    assert g.sysroot == "target"
    plain = resolve(board, ["app/a"], host="empty", implicit=False)
    assert {(e.cls, e.dep.root) for e in plain.edges()} == {("DEPEND", "host"),
                                                            ("BDEPEND", "host")}
    with pytest.raises(BootorderError, match="sysroot"):
        resolve(board, ["app/a"], sysroot="/build")
