"""bootorder.resolver.candidates: USE dependencies met or not (a hand-checked table, then
portage's match_from_list as the oracle on generated atoms and packages), and package
selection on a small in-memory tree: visible matches, the best
package for an atom, and why nothing satisfies one."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, strategies as st
from portage.dep import Atom as PAtom, match_from_list
from portage.versions import _pkg_str

from bootorder.resolver.candidates import Candidates, unmet_use_deps, use_dep_ok
from bootorder.syntax.atom import Atom
from bootorder.tree.repository import Repository, Tree

F = frozenset

USE_DEPS = [  # (atom, USE, IUSE, parent's USE, fixed flags or None, unmet (flag, wanted, why))
    ("a/b[ssl]", {"ssl"}, {"ssl"}, set(), None, []),
    ("a/b[ssl]", set(), {"ssl"}, set(), None, [("ssl", True, "set")]),
    ("a/b[-doc]", {"doc"}, {"doc"}, set(), None, [("doc", False, "set")]),
    ("a/b[x]", set(), set(), set(), None, [("x", True, "absent")]),      # not in IUSE
    ("a/b[x(+)]", set(), set(), set(), None, []),                        # ... its default
    ("a/b[x(-)]", set(), set(), set(), None, [("x", True, "absent")]),
    ("a/b[-x(-)]", set(), set(), set(), None, []),
    ("a/b[gtk?]", set(), {"gtk"}, set(), None, []),                      # parent lacks gtk
    ("a/b[gtk?]", set(), set(), set(), None, [("gtk", True, "absent")]),  # ... so does b
    ("a/b[!gtk?]", set(), set(), {"gtk"}, None, [("gtk", False, "absent")]),
    ("a/b[gtk?]", set(), {"gtk"}, {"gtk"}, None, [("gtk", True, "set")]),
    ("a/b[!gtk?]", {"gtk"}, {"gtk"}, set(), None, [("gtk", False, "set")]),
    ("a/b[gtk=]", set(), {"gtk"}, set(), None, []),
    ("a/b[!gtk=]", set(), {"gtk"}, set(), None, [("gtk", True, "set")]),
    # with ``fixed``: could a USE change meet it? only fixed flags and absent ones count
    ("a/b[ssl,-doc]", set(), {"ssl", "doc"}, set(), set(), []),
    ("a/b[ssl,-doc]", {"doc"}, {"ssl", "doc"}, set(), {"doc"}, [("doc", False, "set")]),
    ("a/b[x]", set(), set(), set(), set(), [("x", True, "absent")]),
]


@pytest.mark.parametrize("text, use, iuse, parent, fixed, unmet", USE_DEPS)
def test_use_deps_table(text, use, iuse, parent, fixed, unmet):
    atom, fixed = Atom.parse(text), None if fixed is None else F(fixed)
    assert list(unmet_use_deps(atom, F(use), F(iuse), F(parent), fixed)) == unmet
    assert use_dep_ok(atom, F(use), F(iuse), F(parent), fixed) == (unmet == [])


def portage_match(text: str, use, iuse, parent) -> bool:
    """Does portage's match_from_list take a package with ``use`` and ``iuse``?"""
    class Pkg(_pkg_str):
        pass
    Pkg.use = SimpleNamespace(enabled=F(use))
    Pkg.iuse = SimpleNamespace(
        is_valid_flag=lambda f: (F([f]) if isinstance(f, str) else F(f)) <= F(iuse))
    atom = PAtom(text, eapi="8").evaluate_conditionals(parent)
    return bool(match_from_list(atom, [Pkg("a/b-1", slot="0", eapi="8")]))


FLAGS = ("x", "y", "z")
use_dep_texts = st.lists(
    st.tuples(st.sampled_from(FLAGS),
              st.sampled_from(["{}", "-{}", "{}?", "!{}?", "{}=", "!{}="]),
              st.sampled_from(["", "(+)", "(-)"])),
    min_size=1, max_size=3, unique_by=lambda t: t[0],
).map(lambda deps: "a/b[" + ",".join(shape.format(f + d) for f, shape, d in deps) + "]")


@given(use_dep_texts, st.frozensets(st.sampled_from(FLAGS)),
       st.frozensets(st.sampled_from(FLAGS)), st.frozensets(st.sampled_from(FLAGS)))
def test_use_deps_agree_with_portage(text, iuse, use, parent):
    use = use & iuse
    assert use_dep_ok(Atom.parse(text), use, iuse, parent) == \
        portage_match(text, use, iuse, parent)


def test_inactive_conditional_on_a_flag_missing_from_iuse():
    """portage rejects a package whose IUSE lacks the flag of a conditional USE
    dependency without default even when the condition is off (``match_from_list``
    checks ``unevaluated_atom.use.required``): so does bootorder."""
    text, use, iuse, parent = "a/b[gtk?]", F(), F(), F()
    assert portage_match(text, use, iuse, parent) is False
    assert use_dep_ok(Atom.parse(text), use, iuse, parent) is False


# --- package selection on a small tree -----------------------------------------------

ENTRIES = {
    "a/b-1": {"IUSE": "+x"}, "a/b-2": {"IUSE": "y"}, "a/b-3": {"IUSE": "x y"},
    "a/b-4": {"IUSE": "+x"},                       # masked below
    "c/d-1": {"IUSE": "ssl"},
    "k/w-1": {}, "m/m-1": {}, "m/m-2": {},
}


class FakeConfig:
    """The slice of Config that Candidates uses: visibility, USE, masks (tables)."""

    MASKED = {"a/b-4": ["package.mask"], "k/w-1": ["missing keyword (~amd64)"],
              "m/m-1": ["package.mask", "license: EULA"], "m/m-2": ["package.mask", "EAPI 99"]}
    USE_MASK = {"a/b-3": F({"x"})}
    USE_FORCE = {"c/d-1": F({"ssl"})}

    def __init__(self):
        self.tree = Tree([Repository.from_dict("r", {
            cpv: {"EAPI": "8", "SLOT": "0", **meta} for cpv, meta in ENTRIES.items()})])
        self.profile = SimpleNamespace(arch="amd64")
        self.asked: list[str] = []

    def visible(self, pkg):
        self.asked.append(pkg.cpv)
        return pkg.cpv not in self.MASKED

    def effective_use(self, pkg):
        defaults = F(f[1:] for f in pkg.get("IUSE").split() if f.startswith("+"))
        return (defaults | self.USE_FORCE.get(pkg.cpv, F())) - self.USE_MASK.get(pkg.cpv, F())

    def iuse_effective(self, pkg):
        return F(pkg.iuse)

    def use_mask(self, pkg):
        return self.USE_MASK.get(pkg.cpv, F())

    def use_force(self, pkg):
        return self.USE_FORCE.get(pkg.cpv, F())

    def mask_reasons(self, pkg):
        return self.MASKED.get(pkg.cpv, [])


@pytest.fixture
def candidates():
    return Candidates(FakeConfig())


def test_visible_matches_highest_first_and_visibility_asked_once(candidates):
    atom = Atom.parse("a/b")
    assert [p.cpv for p in candidates.visible(atom)] == ["a/b-3", "a/b-2", "a/b-1"]
    assert candidates.first_visible(Atom.parse("a/b[x]")).cpv == "a/b-3"    # USE deps ignored
    assert candidates.first_visible(Atom.parse(">=a/b-4")) is None
    candidates.visible(atom)
    assert sorted(candidates.config.asked) == ["a/b-1", "a/b-2", "a/b-3", "a/b-4"]


@pytest.mark.parametrize("text, parent, best", [
    ("a/b", set(), "a/b-3"),
    ("a/b[y]", set(), "a/b-3"),          # b-3 has y, off: a USE change meets it
    ("a/b[x]", set(), "a/b-1"),          # b-3's x is masked, b-2 has no x: b-1 (+x)
    ("a/b[-x]", set(), "a/b-3"),
    ("a/b[x?]", set(), "a/b-3"),         # the parent lacks x: no requirement
    ("a/b[x,y]", set(), "a/b-3"),        # nothing could meet both: the highest visible
    ("c/d[-ssl]", set(), "c/d-1"),       # forced on: only candidate, taken anyway
    ("=a/b-4", set(), None),
    ("x/none", set(), None),
])
def test_best(candidates, text, parent, best):
    got = candidates.best(Atom.parse(text), F(parent))
    assert (got.cpv if got else None) == best


@pytest.mark.parametrize("text, cpv, parent, meets, could_meet", [
    ("a/b[y]", "a/b-3", set(), False, True),
    ("a/b[x]", "a/b-3", set(), False, False),       # masked flag: no change helps
    ("c/d[-ssl]", "c/d-1", set(), False, False),    # forced flag
    ("c/d[ssl]", "c/d-1", set(), True, True),
    ("a/b[x(+)]", "a/b-2", set(), True, True),      # absent, the default fits
    ("a/b", "a/b-2", set(), True, True),
])
def test_meets_and_could_meet(candidates, text, cpv, parent, meets, could_meet):
    pkg = candidates.config.tree.repos[0].package(cpv)
    atom = Atom.parse(text)
    assert (candidates.meets(atom, pkg, F(parent)),
            candidates.could_meet(atom, pkg, F(parent))) == (meets, could_meet)


def test_use_and_node_use(candidates):
    repo = candidates.config.tree.repos[0]
    assert candidates.use(repo.package("c/d-1")) == {"ssl"}
    assert candidates.node_use(repo.package("a/b-3")) == (F(), F({"x", "y"}))
    assert candidates.node_use(repo.package("a/b-1")) == (F({"x"}), F())


@pytest.mark.parametrize("text, kind, message, fix", [
    ("x/none", "missing-package", "no package x/none in any repository",
     "add x/none to a repository of the tree, or drop the dependency"),
    (">=a/b-9", "no-match", "no version matches (available: a/b-1 a/b-2 a/b-3 a/b-4)",
     "relax the version, slot or repository of the atom"),
    ("k/w", "missing-keyword",
     "k/w-1 is not keyworded for this profile: missing keyword (~amd64)",
     "add '=k/w-1 ~amd64' to package.accept_keywords"),
    ("=a/b-4", "masked", "a/b-4 is masked: package.mask", "add '=a/b-4' to package.unmask"),
    ("=m/m-1", "masked", "m/m-1 is masked: package.mask; license: EULA",
     "add '=m/m-1' to package.unmask; accept its license in ACCEPT_LICENSE (or "
     "package.license)"),
    ("m/m", "masked", "m/m-2 is masked: package.mask; EAPI 99",       # the highest match
     "add '=m/m-2' to package.unmask; the package needs an EAPI this tool does not know"),
])
def test_why_not(candidates, text, kind, message, fix):
    assert candidates.why_not(Atom.parse(text)) == (kind, message, fix)
