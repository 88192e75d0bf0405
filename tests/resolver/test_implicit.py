"""The implicit toolchain model: a hand-checked table, corpus-wide properties, the config."""
from __future__ import annotations

import pytest

from bootorder.resolver.implicit import RULE_STEPS, ImplicitDep, ImplicitModel, SimplePackage
from bootorder.syntax.atom import cp_of_atom
from bootorder.syntax.version import cp_of

# Hand-checked: does the package, as Gentoo builds it, run a compiler? (what it builds)
COMPILES = [
    ("sys-libs/glibc", True),            # the C library itself
    ("sys-devel/gcc", True),             # the compiler and its target libraries
    ("sys-devel/binutils", True),        # assembler, linker (C)
    ("dev-libs/gmp", True),              # C library
    ("sys-kernel/linux-headers", True),  # headers_install builds kbuild's host tools
    ("sys-apps/coreutils", True),
    ("sys-apps/diffutils", True),        # C, default src_compile
    ("sys-process/time", True),          # DEFINED_PHASES=- : econf + emake
    ("app-arch/lzop", True),             # C, only src_install overridden
    ("dev-python/markupsafe", True),     # C speedups (DISTUTILS_EXT)
    ("virtual/libc", False),
    ("virtual/os-headers", False),
    ("acct-user/portage", False),
    ("acct-group/portage", False),
    ("app-alternatives/awk", False),     # symlinks only
    ("sec-keys/openpgp-keys-gentoo-release", False),
    ("dev-python/setuptools", False),    # pure Python
    ("dev-perl/File-Slurper", False),    # pure Perl
    ("app-misc/mime-types", False),      # data file
    ("sys-devel/gnuconfig", False),      # config.guess/config.sub scripts
    ("app-text/docbook-xml-dtd", False), # DTDs
    ("coreos-devel/sdk-depends", False), # meta package
    ("dev-lang/go-bootstrap", False),    # prebuilt binaries
]

# Hand-checked answers the rule gets wrong (documented misses of a metadata-only rule).
KNOWN_MISSES = [
    ("sys-devel/gcc-config", False),     # shell script with a compile phase
    ("sys-apps/baselayout", False),      # files only; its compile phase runs make
    ("app-portage/elt-patches", False),  # patches and a script
    ("app-admin/eselect", False),        # bash
    ("dev-lang/rust-bin", False),        # prebuilt, but inherits native eclasses
    ("net-libs/libnfnetlink", True),     # C, but only src_install in the ebuild, no DEPEND
    ("coreos-base/misc-files", False),   # files from FILESDIR; BDEPEND and a compile phase
]

# Pure data packages of the corpus (hand-checked): none may compile.
DATA_PACKAGES = [
    "app-misc/mime-types", "sys-devel/gnuconfig", "net-misc/ethertypes",
    "app-doc/eclass-manpages", "app-text/docbook-xml-dtd", "app-text/sgml-common",
    "app-containers/containers-shortnames", "sys-firmware/edk2-bin",
    "sys-firmware/seabios-bin", "sys-firmware/intel-microcode", "sys-boot/shim-signed",
    "sec-keys/openpgp-keys-gentoo-release", "app-vim/gentoo-syntax",
    "dev-python/gentoo-common", "coreos-base/oem-qemu",
]

# (package, expected implicit deps) hand-checked against the packages' metadata.
DEPS = [
    ("dev-libs/gmp", [("DEPEND", "virtual/libc"), ("BDEPEND", "sys-devel/gcc"),
                      ("BDEPEND", "sys-devel/binutils")]),
    # binutils: no binutils (itself)
    ("sys-devel/binutils", [("DEPEND", "virtual/libc"), ("BDEPEND", "sys-devel/gcc")]),
    # glibc: is the libc; BDEPENDs gcc and binutils in its own metadata
    ("sys-libs/glibc", []),
    # gcc: itself; DEPENDs sys-libs/glibc and BDEPENDs binutils in its metadata
    ("sys-devel/gcc", []),
    # linux-headers: built before the libc: compiler and binutils only
    ("sys-kernel/linux-headers", [("BDEPEND", "sys-devel/gcc"),
                                  ("BDEPEND", "sys-devel/binutils")]),
    ("virtual/libc", []),
    ("acct-user/portage", []),
]


@pytest.fixture(scope="module")
def tree(corpus_dir):
    from bootorder.tree.repository import Tree
    return Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])


def _latest(tree, cp):
    """The highest keyworded version (live ebuilds have no KEYWORDS)."""
    versions = [p for p in tree.versions(cp) if p.keywords]
    assert versions, f"{cp} not in the corpus"
    return versions[-1]


@pytest.mark.corpus
@pytest.mark.parametrize("cp,expected", COMPILES)
def test_hand_checked_table(tree, cp, expected):
    pkg = _latest(tree, cp)
    model = ImplicitModel()
    assert model.compiles_code(pkg) is expected, model.why(pkg)
    assert model.why(pkg).startswith("compiles code (" if expected else "compiles no code (")
    assert f"({model.reason(pkg)}" in model.why(pkg)


@pytest.mark.corpus
@pytest.mark.parametrize("cp,expected", KNOWN_MISSES)
@pytest.mark.xfail(strict=True, reason="metadata-only rule: see bootorder.resolver.implicit docstring")
def test_known_misses(tree, cp, expected):
    assert ImplicitModel().compiles_code(_latest(tree, cp)) is expected


@pytest.mark.corpus
@pytest.mark.parametrize("cp", DATA_PACKAGES)
def test_data_packages_do_not_compile(tree, cp):
    # latest version: older ones sometimes define empty src_configure/src_compile
    # (to disable the defaults), which DEFINED_PHASES cannot tell from real ones
    model = ImplicitModel()
    pkg = _latest(tree, cp)
    assert not model.compiles_code(pkg), (pkg.cpv, model.reason(pkg))


@pytest.mark.corpus
@pytest.mark.parametrize("cp,expected", DEPS)
def test_deps_table(tree, cp, expected):
    deps = ImplicitModel().deps_for(_latest(tree, cp))
    assert [(d.cls, d.atom) for d in deps] == expected


@pytest.mark.corpus
def test_corpus_properties(tree):
    """On every corpus entry: no virtual/acct-* package compiles or gets an implicit
    edge, no package an edge to itself, and every implicit edge and every omitted one
    is explained by the documented rule."""
    model = ImplicitModel()
    counted = {step: 0 for step in RULE_STEPS}
    for pkg in tree.packages():
        step = model.reason(pkg)
        counted[step] += 1
        deps = model.deps_for(pkg)
        if pkg.category in ("virtual", "acct-user", "acct-group"):
            assert step == "category" and deps == ()
        assert all(cp_of_atom(d.atom) != pkg.cp for d in deps), pkg.cpv
        assert (deps != ()) <= model.compiles_code(pkg)
        for dep in _full(model):
            if dep not in deps and model.compiles_code(pkg):
                assert _explained_omission(model, pkg, dep), (pkg.cpv, dep)
    assert counted["category"] > 100 and counted["native-eclass"] > 500
    assert all(counted[s] for s in RULE_STEPS if s != "override"), counted


def _full(model):
    return (ImplicitDep("DEPEND", model.libc), ImplicitDep("BDEPEND", model.compiler),
            ImplicitDep("BDEPEND", model.binutils))


def _explained_omission(model, pkg, dep) -> bool:
    if cp_of_atom(dep.atom) == pkg.cp:
        return True
    if dep.atom == model.libc and pkg.cp in model.libc_providers | model.headers_providers:
        return True
    names = {cp_of_atom(dep.atom)} | (model.libc_providers if dep.atom == model.libc else set())
    return any(name in pkg[dep.cls] for name in names)


def test_configurable_atoms_and_overrides():
    model = ImplicitModel(libc="sys-libs/musl", compiler="llvm-core/clang",
                          binutils="llvm-core/lld", libc_providers=frozenset({"sys-libs/musl"}),
                          overrides={"app-misc/data": True, "dev-libs/foo": False})
    data = SimplePackage("app-misc/data-1", {"DEFINED_PHASES": "install", "SRC_URI": "x"})
    foo = SimplePackage("dev-libs/foo-1", {"INHERIT": "cmake", "SRC_URI": "x"})
    assert model.reason(data) == "override" and model.compiles_code(data)
    assert not model.compiles_code(foo) and model.deps_for(foo) == ()
    assert [(d.cls, d.atom) for d in model.deps_for(data)] == [
        ("DEPEND", "sys-libs/musl"), ("BDEPEND", "llvm-core/clang"), ("BDEPEND", "llvm-core/lld")]
    musl = SimplePackage("sys-libs/musl-1.2.5", {"INHERIT": "flag-o-matic", "SRC_URI": "x"})
    assert [d.atom for d in model.deps_for(musl)] == ["llvm-core/clang", "llvm-core/lld"]


RULE_CASES = [
    # (cpv, metadata, expected reason)
    ("virtual/pkgconfig-3", {"INHERIT": "multilib-build"}, "category"),
    ("acct-user/foo-0", {"DEFINED_PHASES": "install", "SRC_URI": "x"}, "category"),
    ("media-fonts/dejavu-2", {"INHERIT": "font", "SRC_URI": "x"}, "data-eclass"),
    ("dev-libs/a-1", {"INHERIT": "cargo", "SRC_URI": "x"}, "native-eclass"),
    ("app-misc/meta-1", {"DEFINED_PHASES": "-"}, "no-sources"),
    ("dev-python/pure-1", {"INHERIT": "distutils-r1", "DEFINED_PHASES": "compile",
                           "SRC_URI": "x"}, "interpreted"),
    ("dev-python/ext-1", {"INHERIT": "distutils-r1", "IUSE": "debug test",
                          "DEFINED_PHASES": "compile", "SRC_URI": "x"}, "build-phase"),
    ("sys-fs/lsscsi-1", {"DEFINED_PHASES": "-", "SRC_URI": "x"}, "build-phase"),
    ("app-arch/lzop-1", {"DEFINED_PHASES": "install", "DEPEND": "dev-libs/lzo",
                         "SRC_URI": "x"}, "target-build-deps"),
    ("app-misc/mime-1", {"DEFINED_PHASES": "install", "SRC_URI": "x"}, "otherwise"),
    ("dev-vcs/live-9999", {"DEFINED_PHASES": "compile unpack"}, "build-phase"),
]


@pytest.mark.parametrize("cpv,metadata,reason", RULE_CASES)
def test_rule_steps(cpv, metadata, reason):
    assert ImplicitModel().reason(SimplePackage(cpv, metadata)) == reason


def test_stated_dependency_wins_but_blockers_do_not_count():
    model = ImplicitModel()
    stated = SimplePackage("dev-libs/x-1", {"INHERIT": "cmake", "SRC_URI": "x",
                                            "BDEPEND": "!clang? ( >=sys-devel/gcc-6:* )",
                                            "DEPEND": "elibc_musl? ( sys-libs/musl )"})
    blocker = SimplePackage("dev-libs/y-1", {"INHERIT": "cmake", "SRC_URI": "x",
                                             "DEPEND": "!<sys-libs/glibc-2.26",
                                             "BDEPEND": "sys-devel/gcc-config"})
    assert [d.atom for d in model.deps_for(stated)] == ["sys-devel/binutils"]
    assert [d.atom for d in model.deps_for(blocker)] == [
        "virtual/libc", "sys-devel/gcc", "sys-devel/binutils"]


def test_cp_helpers():
    assert cp_of("sys-libs/glibc-2.43-r2") == "sys-libs/glibc"
    assert cp_of_atom("~sys-devel/binutils-2.45:0/2.45[nls(+)]") == "sys-devel/binutils"


@pytest.fixture(scope="module")
def stage1_graphs(tree):
    """Flatcar's stage 1 on an empty host, with and without the implicit model."""
    from bootorder.config.configuration import Config
    from bootorder.config.profile import Profile
    from bootorder.resolver.resolution import resolve
    profile = Profile.load(tree, "coreos-overlay:coreos/amd64/sdk/transition")
    config = Config.stage1(tree, profile)
    return (config, resolve(config, ["@stage1"], host="empty"),
            resolve(config, ["@stage1"], host="empty", implicit=False))


@pytest.mark.corpus
def test_every_implicit_edge_of_a_resolved_graph_is_explained(stage1_graphs):
    from bootorder.usechange.checks import package_of
    config, on, off = stage1_graphs
    model = ImplicitModel()
    implicit = [e for e in on.edges() if e.implicit]
    assert len(implicit) > 100
    for edge in implicit:
        pkg = package_of(config, on, edge.source)
        assert pkg.category not in ("virtual", "acct-user", "acct-group")
        assert (edge.cls, edge.atom) in [(d.cls, d.atom) for d in model.deps_for(pkg)]
        assert edge.source != edge.dep
    assert not any(e.implicit for e in off.edges())
    # switching the model off removes exactly the implicit edges
    explicit_on = {(e.source, e.dep, e.cls, e.atom) for e in on.edges() if not e.implicit}
    assert {(e.source, e.dep, e.cls, e.atom) for e in off.edges()} <= explicit_on
    assert {(s, d, c, a) for s, d, c, a in explicit_on if s in off.nx and d in off.nx} \
        == {(e.source, e.dep, e.cls, e.atom) for e in off.edges()}


@pytest.mark.corpus
def test_toolchain_packages_in_the_resolved_graph(stage1_graphs):
    _, on, _ = stage1_graphs

    def implicit_of(name):
        return sorted({(e.cls, on.node(e.dep)["cp"])
                       for key in on.find(name) for e in on.edges(key) if e.implicit})
    assert implicit_of("sys-libs/glibc") == []
    assert implicit_of("sys-kernel/linux-headers") == [("BDEPEND", "sys-devel/binutils"),
                                                       ("BDEPEND", "sys-devel/gcc")]
    assert implicit_of("dev-libs/gmp") == [("BDEPEND", "sys-devel/binutils"),
                                           ("BDEPEND", "sys-devel/gcc"),
                                           ("DEPEND", "virtual/libc")]
    assert ("DEPEND", "virtual/libc") in implicit_of("sys-devel/binutils")


@pytest.mark.corpus
def test_providers_read_from_the_virtuals_equal_the_defaults(tree):
    model = ImplicitModel.for_tree(tree)
    assert model.libc_providers == ImplicitModel().libc_providers == {
        "sys-libs/glibc", "sys-libs/musl"}
    assert model.headers_providers == {"sys-kernel/linux-headers"}
    assert ImplicitModel.for_tree(tree, compiler="llvm-core/clang").compiler == "llvm-core/clang"


def test_embedded_example_toolchain(example_dir):
    """The example repository's cache has no SRC_URI (its ebuilds are stubs); BDEPEND
    still marks the packages that build, so binutils and gmp get libc."""
    from bootorder.tree.repository import Tree
    tree = Tree.open([example_dir / "repo"])
    model = ImplicitModel()
    deps = {cp: [(d.cls, d.atom) for d in model.deps_for(tree.versions(cp)[-1])]
            for cp in ("dev-libs/gmp", "sys-devel/binutils", "virtual/libc")}
    assert ("DEPEND", "virtual/libc") in deps["dev-libs/gmp"]
    assert ("DEPEND", "virtual/libc") in deps["sys-devel/binutils"]
    assert deps["virtual/libc"] == []


@pytest.mark.corpus
def test_kept_answers_are_those_of_the_model_asking(tree):
    """A package keeps its implicit dependencies per model: models that differ (an
    override, another compiler) asked in turn about the same packages each get what a
    package given by hand (nothing kept) gets from them."""
    models = [ImplicitModel(), ImplicitModel(overrides={"sys-libs/zlib": False}),
              ImplicitModel(compiler="sys-devel/clang"), ImplicitModel()]
    pkgs = [_latest(tree, cp) for cp in ("sys-libs/zlib", "dev-libs/gmp", "sys-libs/glibc")]
    for _ in range(2):
        for model in models:
            for pkg in pkgs:
                fresh = model.deps_for(SimplePackage(pkg.cpv, dict(pkg.metadata)))
                assert model.deps_for(pkg) == fresh, (model, pkg.cpv)
    assert models[0].deps_for(pkgs[0]) != models[1].deps_for(pkgs[0])
