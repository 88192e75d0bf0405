"""bootorder.bootstrap.reduced: the USE a package pre-built into / is built with — the
stage's USE without the flags that pull in what / lacks (unless forced or REQUIRED_USE
needs them), C only for the compiler (forced languages too) — as a table."""
from __future__ import annotations

import pytest

from bootorder.bootstrap.reduced import C_ONLY_OFF, reduced_build
from bootorder.graph.depgraph import DepGraph
from bootorder.syntax.parse import parse_required_use

H = "host"


def graph(cpv: str, use: str, iuse_off: str = "", deps=(), installed=()) -> tuple:
    """A node with ``use`` enabled and ``deps``: ``(cpv, condition)`` edges."""
    g = DepGraph()
    key = g.add_package(cpv, H, use=frozenset(use.split()),
                        use_disabled=frozenset(iuse_off.split()))
    for dep, cond in deps:
        d = g.add_package(dep, H, installed=dep in installed)
        g.add_dep(key, d, "DEPEND", atom=dep.rsplit("-", 1)[0], use=tuple(cond.split()))
    return g, key


@pytest.mark.parametrize("use, deps, installed, forced, required, on, off, kept", [
    ("ssl nls", [("dev-libs/openssl-3", "ssl")], (), "", None, "nls", ["ssl"], []),
    ("ssl", [("dev-libs/openssl-3", "ssl")], ("dev-libs/openssl-3",), "", None, "ssl", [], []),
    ("ssl", [("dev-libs/openssl-3", "ssl")], (), "ssl", None, "ssl", [], ["ssl"]),
    ("python_targets_python3_12", [("dev-lang/python-3.12", "python_targets_python3_12")],
     (), "", "|| ( python_targets_python3_12 )", "python_targets_python3_12", [],
     ["python_targets_python3_12"]),
    ("a b", [("x/y-1", "a b")], (), "", None, "b", ["a"], []),      # the outer flag goes
    ("a", [("x/y-1", "!b")], (), "", None, "a", [], []),            # a negative one stays
])
def test_flags_that_pull_in_what_is_missing_go(use, deps, installed, forced, required, on,
                                               off, kept):
    g, key = graph("app-misc/pkg-1", use, "b", deps, installed)
    r = reduced_build(g, key, forced=frozenset(forced.split()),
                      required_use=parse_required_use(required) if required else None)
    assert (sorted(r.use), [f.flag for f in r.off], [k for k, _ in r.kept]) == \
        (on.split(), off, kept)
    assert not r.c_only and r.unforced == ()


def test_the_compiler_is_c_only_even_where_the_profile_forces_a_language():
    g, key = graph("sys-devel/gcc-15.3.0", "cxx fortran openmp pie ssp", "go")
    r = reduced_build(g, key, forced=frozenset({"cxx", "ssp"}))
    assert r.c_only and sorted(r.use) == ["pie", "ssp"]
    assert [(f.flag, f.why) for f in r.off] == [
        (flag, "C only, as crossdev's first compiler pass")
        for flag in ("cxx", "fortran", "openmp")]
    assert r.unforced == ("cxx",) and {"cxx", "fortran", "openmp"} <= C_ONLY_OFF
    other = reduced_build(g, key, compiler="sys-devel/clang")
    assert not other.c_only and other.use == g.node(key)["use"]


def test_to_json_says_what_changed():
    g, key = graph("dev-lang/python-3.12", "ssl", deps=[("dev-libs/openssl-3", "ssl")])
    assert reduced_build(g, key).to_json() == {
        "cpv": "dev-lang/python-3.12", "use": [],
        "off": [{"flag": "ssl", "why": "pulls in what / does not have yet",
                 "pulls": ["dev-libs/openssl-3"]}],
        "unforced": [], "kept": [], "c_only": False}
