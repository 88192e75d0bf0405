"""Blockers inside a resolved graph: a package to merge that blocks another one to merge.

emerge refuses a merge list in which a package blocks (``!atom`` or ``!!atom``) another
package of the same root that is merged too ("packages which cannot be installed at the
same time"); :func:`blocker_problems` says so as ``blocker`` problems. A blocker in
RDEPEND, PDEPEND or IDEPEND applies to the blocking package's own root, one in DEPEND,
BDEPEND or HOSTDEPEND to the build host (as its build dependencies are satisfied
there). Packages already installed (a seed host) are left out: emerge may replace them.

>>> from bootorder.syntax.parse import parse_depend
>>> [str(a) for a in blockers_of(parse_depend("!a/b x? ( !!c/d ) e/f"), {"x"})]
['!a/b', '!!c/d']
"""
from __future__ import annotations

from ..core.errors import BootorderError
from ..core.problems import Problem

__all__ = ["blockers_of", "blocker_problems"]


def blockers_of(tree, use) -> list:
    """The blocker atoms of a parsed dependency tree under ``use`` (USE conditionals
    evaluated; any-of groups hold no blockers portage acts on)."""
    return [a for a in tree.evaluate(frozenset(use)).atoms() if a.blocker]


def blocker_problems(resolver, classes) -> list[Problem]:
    """Every blocker between two packages the resolver adds to one root.

    ``resolver`` is the resolution in progress (its ``graph``, ``pkg``, ``by_cp``,
    ``cands``, ``dep_root`` and ``_chain``); ``classes`` the dependency classes walked."""
    found = []
    classes = tuple(classes)
    for key, pkg in resolver.pkg.items():
        marked = pkg.with_blockers(classes)
        if not marked or resolver.graph.node(key).get("installed"):
            continue
        for cls in marked:
            try:
                tree = pkg.deps(cls)
            except BootorderError:
                continue  # reported by the resolver as bad-metadata
            root = resolver.dep_root(key, pkg, cls)
            use = resolver.cands[key.root].use(pkg)
            for atom in blockers_of(tree, use):
                found += _blocked(resolver, key, pkg, cls, root, atom, use)
    return found


def _blocked(resolver, key, pkg, cls, root, atom, use) -> list[Problem]:
    out = []
    for other in resolver.by_cp.get((root, atom.cp), ()):
        dep = resolver.pkg[other]
        if other == key or resolver.graph.node(other).get("installed"):
            continue
        if not atom.matches(dep.cpv, dep.slot, dep.subslot, dep.repo) or \
                not resolver.cands[root].meets(atom, dep, use):
            continue
        label = key.cpv if key.root == "target" else f"{key.cpv} (host)"
        out.append(Problem(
            "blocker", label, str(atom), resolver._chain(key),
            f"{pkg.cpv} blocks {dep.cpv} ({cls} {atom}), and both are to be merged in the "
            f"{root} root", f"drop one of them, or change the USE that pulls {dep.cp} in",
            "error", pkg.source, pkg.lines.get(cls) if pkg.source else None))
    return out
