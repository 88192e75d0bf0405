"""bootorder.bootstrap.seedless: emerge's steps, then the implicit model's extras (each
naming its implicit edges, a step neither model needs dropped), ordered by their build
needs (through virtuals, metadata edges before implicit ones), the stage left after
them, and the JSON keys ``bootorder bootstrap`` kept."""
from __future__ import annotations

from bootorder.bootstrap.reduced import ReducedBuild
from bootorder.bootstrap.seedless import build_needs, seedless_bootstrap, step_order
from bootorder.graph.depgraph import DepGraph

H, T = "host", "target"

OLD_KEYS = {"scope", "use_changes", "feedback_sets", "feedback_sets_through_runtime",
            "bootstrap", "redirected", "order", "left_to_use_changes",
            "final_depends_on_bootstrap", "remaining_hard_cycles"}


def toolchain_graph() -> DepGraph:
    """glibc BDEPENDs gcc, gcc DEPENDs glibc and BDEPENDs binutils, binutils DEPENDs zstd
    (metadata); zstd compiles, so the implicit model adds zstd BDEPEND binutils and gcc,
    DEPEND virtual/libc."""
    g = DepGraph()
    top = g.add_package("app-misc/top-1", T, target=True)
    gcc = g.add_package("sys-devel/gcc-15", H, use=frozenset({"cxx"}))
    binutils = g.add_package("sys-devel/binutils-2.46", H)
    libc = g.add_package("sys-libs/glibc-2.43", H)
    virt = g.add_package("virtual/libc-1", H)
    zstd = g.add_package("app-arch/zstd-1.5", H)
    for src, dep, cls in ((top, gcc, "BDEPEND"), (top, binutils, "BDEPEND"),
                          (top, libc, "DEPEND"), (gcc, libc, "DEPEND"),
                          (gcc, binutils, "BDEPEND"), (libc, gcc, "BDEPEND"),
                          (binutils, zstd, "DEPEND"), (virt, libc, "RDEPEND")):
        g.add_dep(src, dep, cls, atom=dep.cpv.rsplit("-", 1)[0])
    for dep, cls in ((binutils, "BDEPEND"), (gcc, "BDEPEND"), (virt, "DEPEND")):
        g.add_dep(zstd, dep, cls, atom=dep.cpv.rsplit("-", 1)[0], implicit=True)
    return g


def test_emerge_steps_then_the_implicit_models_naming_their_edges():
    found = seedless_bootstrap(toolchain_graph())
    assert [(s.name, bool(s.implicit)) for s in found.steps] == [
        ("bootstrap-binutils", True), ("bootstrap-glibc", False)]
    binutils, glibc = found.steps
    assert [(e.source.cpv, e.cls, e.atom) for e in binutils.implicit] == [
        ("app-arch/zstd-1.5", "BDEPEND", "sys-devel/binutils")]
    assert [k.cpv for k in glibc.cycle] == ["sys-libs/glibc-2.43", "sys-devel/gcc-15"]
    assert found.left == () and found.exact
    assert [k.cpv for k in found.merges()] == ["sys-devel/gcc-15", "app-misc/top-1"]
    assert not any(e.implicit for e in found.emerge_stage.edges())


def test_a_step_neither_model_needs_is_dropped():
    """With gcc pre-built for the implicit model, glibc (emerge's choice) is not needed."""
    g = toolchain_graph()
    zstd, gcc = g.find("zstd")[0], g.find("gcc")[0]
    g.add_dep(gcc, zstd, "BDEPEND", atom="app-arch/zstd")       # gcc now in zstd's cycles
    g.nx.remove_edge(g.find("binutils")[0], zstd)
    found = seedless_bootstrap(g)
    assert [(s.name, bool(s.implicit)) for s in found.steps] == [("bootstrap-gcc", False)]
    assert found.steps[0].reduced.c_only
    assert found.reduced[gcc] == found.steps[0].reduced      # every candidate's, the step's too
    assert found.reduced[zstd].use == g.node(zstd)["use"]


def test_without_implicit_edges_only_emerges_steps_remain():
    g = toolchain_graph()
    for e in g.edges():
        if e.implicit:
            g.nx.remove_edge(e.source, e.dep, e.key)
    found = seedless_bootstrap(g)
    assert [s.name for s in found.steps] == ["bootstrap-glibc"]
    step = found.steps[0]
    assert step.host_needs == ("sys-devel/gcc",) and step.rebuilt is False
    assert {e.source.cpv for e in step.served} == {"app-misc/top-1", "sys-devel/gcc-15"}
    assert [k.cpv for k in found.merges()] == ["app-arch/zstd-1.5", "sys-devel/binutils-2.46",
                                               "sys-devel/gcc-15", "app-misc/top-1"]


def test_build_needs_see_through_virtuals_and_skip_flags_turned_off():
    g = DepGraph()
    a = g.add_package("x/a-1", H, use=frozenset({"zstd"}))
    v = g.add_package("virtual/libc-1", H)
    libc = g.add_package("sys-libs/glibc-2", H)
    z = g.add_package("app-arch/zstd-1", H)
    g.add_dep(a, v, "DEPEND", atom="virtual/libc")
    g.add_dep(v, libc, "RDEPEND", atom="sys-libs/glibc")
    g.add_dep(a, z, "BDEPEND", atom="app-arch/zstd", use=("zstd",))
    from bootorder.bootstrap.reduced import FlagOff
    full = ReducedBuild(a, frozenset({"zstd"}))
    reduced = ReducedBuild(a, frozenset(), (FlagOff("zstd", "pulls in"),))
    assert sorted(dep.cpv for _, dep in build_needs(g, a, full)) == ["app-arch/zstd-1",
                                                                     "sys-libs/glibc-2"]
    assert [dep.cpv for _, dep in build_needs(g, a, reduced)] == ["sys-libs/glibc-2"]


def test_step_order_keeps_metadata_edges_before_implicit_ones():
    g = toolchain_graph()
    gcc, binutils = g.find("gcc")[0], g.find("binutils")[0]
    g.add_dep(binutils, gcc, "BDEPEND", atom="sys-devel/gcc", implicit=True)
    reduced = {k: ReducedBuild(k, frozenset()) for k in (gcc, binutils)}
    needs = {k: build_needs(g, k, r) for k, r in reduced.items()}
    order, left = step_order([gcc, binutils], needs)
    assert order == [binutils, gcc] and left == {(binutils, gcc)}


def test_the_json_keeps_the_keys_of_the_copies_it_replaces():
    found = seedless_bootstrap(toolchain_graph())
    data = found.to_json()
    assert OLD_KEYS <= set(data) and data["feedback_sets_through_runtime"] == []
    assert data["remaining_hard_cycles"] == 0 and data["final_depends_on_bootstrap"] == []
    assert [b["name"] for b in data["bootstrap"]] == [s.name for s in found.steps]
    assert [o["cpv"] for o in data["order"]] == [
        "sys-devel/bootstrap-binutils-2.46", "sys-libs/bootstrap-glibc-2.43",
        "sys-devel/gcc-15", "app-misc/top-1"]
    assert data["steps_implicit"] == ["bootstrap-binutils"]
    assert data["steps_emerge_needs"] == ["bootstrap-glibc"]
