"""Why a package is *not* in a graph, and which flag change would pull it in.

:func:`why_not` gives ``explain``'s answer for a package the graph does not hold:

``not-found``   no package of that name (or no matching version) in the tree;
``masked``      every matching version is masked (``package.mask``, the profile's
                ``packages`` file, an unsupported EAPI);
``keywords``    every matching version lacks an accepted keyword for the arch;
``not-needed``  a visible version exists but nothing in the graph pulls it in.

``pulled_in_by`` lists the first-level ways in: every package of the graph whose
dependencies (under any USE) name the package, with the USE change on that package
that would enable the atom, or the ``|| ( )`` group in which another alternative was
chosen. Without a configuration only the graph's own any-of groups are searched.

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph(); a = g.add_package("x/a-1", "target", target=True)
>>> b = g.add_package("x/b-1", "target")
>>> g.add_dep(a, b, "RDEPEND", atom="x/b", any_of=("x/b", "x/c"), not_taken=("x/c",))
>>> why_not(g, "x/c")["pulled_in_by"][0]["why"]
'x/a-1@target RDEPEND || ( x/b x/c ): x/b was chosen'
"""
from __future__ import annotations

from ..core.depclass import NAMES
from ..core.errors import BootorderError
from ..graph.depgraph import DepGraph, NodeKey
from ..resolver.arguments import as_atom, close_names
from ..syntax.atom import Atom
from ..syntax.depspec import DepSpec, UseConditional


def why_not(graph: DepGraph, pkg: str, config=None) -> dict:
    """The ``absent`` part of an explanation (JSON-ready, see the module docstring).

    Parameters
    ----------
    graph : DepGraph
        The graph ``pkg`` is not in (never modified).
    pkg : str
        The name as the user gave it (cpv, ``cat/pkg``, name or atom).
    config : bootorder.config.configuration.Config, optional
        Tree, profile and USE; without it only the graph is searched.
    """
    ins = sorted(_any_of_entries(graph, pkg), key=_entry_key)
    if config is None:
        return {"reason": "not-in-graph", "message": "not in the graph",
                "cps": [], "versions": [], "pulled_in_by": ins, "did_you_mean": []}
    cps = tree_cps(config.tree, pkg)
    if not cps:
        return {"reason": "not-found", "message": "not found in the tree",
                "cps": [], "versions": [], "pulled_in_by": ins,
                "did_you_mean": close_names(config.tree, pkg)}
    versions = [p for cp in cps for p in _matching(config.tree, cp, pkg)]
    rows = [_version_row(config, p) for p in versions]
    ins = sorted(ins + _conditional_entries(graph, config, versions), key=_entry_key)
    reason, message = _verdict(cps, rows)
    return {"reason": reason, "message": message, "cps": cps, "versions": rows,
            "pulled_in_by": ins, "did_you_mean": []}


def _version_row(config, pkg) -> dict:
    """One version's visibility; ``keywords_only``: hidden by its keywords alone."""
    reasons = list(config.mask_reasons(pkg))
    missing = config.missing_keywords(pkg)
    return {"cpv": pkg.cpv, "repo": pkg.repo, "visible": not reasons, "reasons": reasons,
            "missing_keywords": list(missing) if missing is not None else None,
            "keywords_only": missing is not None and len(reasons) == 1}


def _verdict(cps: list[str], rows: list[dict]) -> tuple[str, str]:
    names = ", ".join(cps)
    if not rows:
        return "not-found", f"{names} exists, but no version matches"
    if any(r["visible"] for r in rows):
        return "not-needed", (f"{names} is visible, but nothing in the graph pulls it in "
                              "(under the USE in force)")
    best = rows[-1]["cpv"] + ": " + "; ".join(rows[-1]["reasons"])
    if all(r["keywords_only"] for r in rows):
        return "keywords", (f"every matching version of {names} lacks an accepted keyword "
                            f"(not visible for this arch); {best}")
    return "masked", f"every matching version of {names} is masked; {best}"


def tree_cps(tree, pkg: str) -> list[str]:
    """The ``cat/pkg`` names of the tree that ``pkg`` (name, cp, cpv or atom) names."""
    if "/" not in pkg:
        return sorted(cp for cp in tree.cps() if cp.split("/", 1)[1] == pkg)
    atom = as_atom(pkg)
    if atom is None:
        return []
    return [atom.cp] if tree.versions(atom.cp) else []


def _matching(tree, cp: str, pkg: str) -> list:
    atom = as_atom(pkg) if "/" in pkg else None
    return [p for p in tree.versions(cp)
            if atom is None or atom.matches(p.cpv, slot=p.slot, subslot=p.subslot,
                                            repo=p.repo)]


# ---- the ways in -------------------------------------------------------------------

def _entry_key(entry: dict) -> tuple:
    return (entry["from"], entry["root"], NAMES.index(entry["class"]),
            entry["atom"], entry["use"], entry["change"])


def _any_of_entries(graph: DepGraph, pkg: str) -> list[dict]:
    """Edges whose ``|| ( )`` group names ``pkg`` among the alternatives not taken."""
    out = []
    for edge in graph.edges():
        for alt in edge.not_taken:
            if _names(alt, pkg):
                group = " ".join(edge.any_of or ())
                out.append(_entry(edge.source, edge.cls, alt, edge.use_text(),
                                  "", f"{edge.source.cpv}@{edge.source.root} {edge.cls} "
                                  f"|| ( {group} ): {edge.atom} was chosen"))
    return out


def _names(alt: str, pkg: str) -> bool:
    if " " in alt.strip():
        return any(_names(a, pkg) for a in alt.replace("(", " ").replace(")", " ").split())
    atom = as_atom(alt.lstrip("!")) if "/" in alt else None
    if atom is None:
        return False
    if "/" not in pkg:
        return atom.package == pkg
    wanted = as_atom(pkg)
    return wanted is not None and wanted.cp == atom.cp


def _entry(source: NodeKey, cls: str, atom: str, use: str, change: str, why: str) -> dict:
    return {"from": source.cpv, "root": source.root, "class": cls, "atom": atom,
            "use": use, "change": change, "why": why}


def _conditional_entries(graph: DepGraph, config, versions: list) -> list[dict]:
    """Atoms matching one of ``versions`` under USE conditionals the dependent's USE
    turns off."""
    cps = {p.cp for p in versions}
    out = []
    for key in graph.nodes():
        d = graph.node(key)
        if d["installed"] or d["synthetic"]:
            continue
        pkg = _package(config.tree, key.cpv, d["repo"])
        if pkg is None:
            continue
        for cls in NAMES:
            for atom, conds in _conditional_atoms(pkg, cls):
                if atom.cp in cps and not atom.blocker and _matches_any(atom, versions):
                    out += _flag_change(config, pkg, key, cls, atom, conds, d["use"])
    return out


def _matches_any(atom: Atom, versions: list) -> bool:
    return any(atom.matches(p.cpv, slot=p.slot, subslot=p.subslot, repo=p.repo)
               for p in versions)


def _package(tree, cpv: str, repo: str | None):
    atom = as_atom(f"={cpv}")
    found = [p for p in tree.match(atom) if p.cpv == cpv and repo in (None, p.repo)] \
        if atom is not None else []
    return found[-1] if found else None


def _conditional_atoms(pkg, cls: str):
    """``(atom, conditions)`` for every atom of ``pkg``'s ``cls`` under a conditional."""
    if not pkg.get(cls).strip():
        return
    try:
        spec = pkg.deps(cls)
    except BootorderError:
        return
    yield from _walk(spec, ())


def _walk(node: DepSpec, conds: tuple[str, ...]):
    for child in node.children:
        if isinstance(child, UseConditional):
            flag = f"!{child.flag}" if child.negated else child.flag
            yield from _walk(child, conds + (flag,))
        elif isinstance(child, DepSpec):
            yield from _walk(child, conds)
        elif isinstance(child, Atom) and conds:
            yield child, conds


def _flag_change(config, pkg, key: NodeKey, cls: str, atom: Atom,
                 conds: tuple[str, ...], use: frozenset) -> list[dict]:
    wrong = [c for c in conds if _holds(c, use) is False]
    if not wrong:
        return []  # enabled already: it sits in an any-of group (listed from the graph)
    change = " ".join(f"-{c[1:]}" if c[0] == "!" else c for c in wrong)
    masked, forced = config.use_mask(pkg), config.use_force(pkg)
    blocked = sorted(c.lstrip("!") for c in wrong
                     if (c[0] != "!" and c in masked) or (c[0] == "!" and c[1:] in forced))
    cond_text = " ".join(f"{c}?" for c in conds)
    why = f"{key.cpv}@{key.root} {cls} {cond_text} ( {atom} )"
    if blocked:
        why += f"; the profile masks or forces {' '.join(blocked)}"
    return [_entry(key, cls, str(atom), cond_text, f'USE="{change}" for {pkg.cp}', why)]


def _holds(cond: str, use: frozenset) -> bool:
    """Does a conditional ``flag`` / ``!flag`` hold under ``use``?

    >>> _holds("ssl", frozenset({"ssl"})), _holds("!ssl", frozenset({"ssl"}))
    (True, False)
    """
    return (cond[1:] not in use) if cond.startswith("!") else (cond in use)
