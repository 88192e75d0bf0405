"""Text of an explanation (``bootorder explain``): instances, the paths that pull the
package in as a tree, its own dependencies, its cycles and where it is built.

Words: a package in a root is ``cpv@target`` (the new root) or ``cpv@host`` (the build
host); a package given on the command line (or in a set given there) is *requested*.
Atoms are shortened (``[…]`` for a USE dependency of several flags) unless ``verbose``;
USE is grouped as emerge groups it (:mod:`bootorder.render.notation`).

>>> from bootorder.graph.depgraph import DepGraph
>>> from bootorder.explanation.paths import explain
>>> g = DepGraph()
>>> top = g.add_package("app-misc/top-1", "target", target=True)
>>> lib = g.add_package("dev-libs/lib-2", "target")
>>> g.add_dep(top, lib, "RDEPEND", atom=">=dev-libs/lib-1")
>>> print(render_text(explain(g, "lib")).splitlines()[0])
dev-libs/lib-2@target
"""
from __future__ import annotations

import textwrap

from ..explanation.paths import Explanation, Step
from .notation import UseView, at, short_atoms

__all__ = ["render_text", "SHOWN_PATHS"]

SHOWN_PATHS = 10
"""Paths printed as text before eliding (``--all`` prints every path found)."""


def render_text(expl: Explanation, limit: int | None = SHOWN_PATHS, *, verbose: bool = False,
                config=None) -> str:
    """The explanation as text for a terminal (paths elided after ``limit``; ``config``:
    the configuration, for USE grouped and forced/masked flags marked)."""
    if not expl.found:
        return _render_absent(expl)
    atom = _whole if verbose else short_atoms
    view = UseView(config)
    lines = [_instance_line(i, view) for i in expl.instances]
    if expl.target:
        lines.append("  requested itself (given as a target)")
    lines += _render_paths(expl, limit, atom)
    lines += _render_dependencies(expl, atom)
    lines += _render_cycles(expl)
    lines += _render_build(expl)
    return "\n".join(lines)


def _whole(text: str) -> str:
    return text


WIDTH = 100
"""Column at which long USE lists wrap (fixed, so the text is the same everywhere)."""


def _instance_line(inst, view: UseView) -> str:
    slot = f":{inst.slot}" + (f"/{inst.subslot}" if inst.subslot else "") \
        if inst.slot else ""
    repo = f"::{inst.repo}" if inst.repo else ""
    state = " (installed: not built)" if inst.installed else ""
    state += f" (synthetic: {inst.synthetic})" if inst.synthetic else ""
    line = f"{at(inst.key)}" + (f"  {slot}{repo}" if slot or repo else "") + state
    flags = view.flags(inst.key.cpv, inst.repo, inst.use, inst.use_disabled)
    if not flags:
        return line
    use = textwrap.wrap(flags, WIDTH - 2, break_on_hyphens=False,
                        subsequent_indent="     ")
    return line + "".join(f"\n  {part}" for part in use)


def _step_text(step: Step, node, atom=short_atoms) -> str:
    e = step.edge
    bits = [e.cls, atom(e.atom)]
    if e.use:
        bits.append(f"({e.use_text()})")
    if e.implicit:
        bits.append("(implicit)")
    if e.not_taken:
        bits.append(f"(any-of, not taken: {' '.join(e.not_taken)})")
    bits += [f"+ {a.cls} {atom(a.atom)}" for a in step.also]
    return " ".join(bits) + f" {'from' if node is step.source else 'to'} {at(node)}"


def _shown(paths, limit: int | None) -> list:
    """The paths printed: all, or when eliding, those through metadata edges only
    first (each group shortest first), so implicit edges do not hide what is written."""
    if limit is None or len(paths) <= limit:
        return list(paths)
    return sorted(paths, key=lambda p: any(s.edge.implicit for s in p))[:limit]


def _render_paths(expl: Explanation, limit: int | None, atom) -> list[str]:
    shown = _shown(expl.paths, limit)
    if expl.reverse:
        head = f"\nneeds ({len(expl.paths)} path(s) down to what it needs, shortest first):"
    elif not expl.paths:
        head = "\nno other package pulls it in" if expl.target else \
            "\nno path from a requested package reaches it"
    else:
        kind = "all paths" if expl.all_paths else "one shortest path per dependent"
        head = (f"\npulled in by ({len(expl.paths)} path(s) from a requested package: "
                f"{kind}):")
    lines = [head]
    lines += _tree(shown, expl.reverse, atom)
    hidden = len(expl.paths) - len(shown)
    if hidden:
        lines.append(f"  … {hidden} more path(s) (--json shows them; paths through "
                     "metadata edges only come first)")
        lines.append(f"  last steps by class: {_class_counts(expl)}")
    if expl.truncated:
        lines.append("  … more paths exist beyond --max-paths")
    for key in expl.unreached:
        lines.append(f"  (also needed by {at(key)}, itself reached only through this "
                     "package)")
    return lines


def _class_counts(expl: Explanation) -> str:
    """``BDEPEND 141 (141 implicit), RDEPEND 1``: the edge that ends each path
    (reverse: starts it), counted by class."""
    counts: dict[str, list[int]] = {}
    for path in expl.paths:
        step = path[0] if expl.reverse else path[-1]
        n = counts.setdefault(step.cls, [0, 0])
        n[0] += 1
        n[1] += step.edge.implicit
    return ", ".join(f"{cls} {n}" + (f" ({i} implicit)" if i else "")
                     for cls, (n, i) in sorted(counts.items()))


def _tree(paths, reverse: bool, atom) -> list[str]:
    """Paths as an npm-explain-like tree: steps shared by several paths printed once,
    siblings in the order their first path comes (shortest first)."""
    trie: dict = {}
    for path in paths:
        node = trie
        steps = list(path) if reverse else list(reversed(path))
        for i, step in enumerate(steps):
            node = node.setdefault((step, i == len(steps) - 1), {})
    lines: list[str] = []
    _walk(trie, 1, reverse, lines, atom)
    return lines


def _walk(trie: dict, depth: int, reverse: bool, lines: list[str], atom) -> None:
    for (step, last), children in trie.items():
        node = step.dep if reverse else step.source
        mark = " (requested)" if last and not reverse else ""
        lines.append("  " * depth + _step_text(step, node, atom) + mark)
        _walk(children, depth + 1, reverse, lines, atom)


def _render_dependencies(expl: Explanation, atom) -> list[str]:
    lines = []
    for inst in expl.instances:
        steps = [s for s in expl.dependencies if s.source == inst.key]
        if inst.installed and not steps:
            continue  # installed packages are not expanded
        lines.append(f"\n{at(inst.key)} needs ({len(steps)}):")
        lines += [f"  {_step_text(s, s.dep, atom)}" for s in steps]
    return lines


SHOWN_CYCLES = 5
"""Cycles printed as text (``--json`` has them all)."""


def _render_cycles(expl: Explanation) -> list[str]:
    if not expl.cycles:
        return []
    hard = sum(c["hard"] for c in expl.cycles)
    lines = [f"\nin {len(expl.cycles)} dependency cycle(s), {hard} hard "
             "(shortest first):"]
    for c in expl.cycles[:SHOWN_CYCLES]:
        names = [f"{p}@{r}" for p, r in zip(c["packages"], c["roots"])]
        lines.append("  " + " -> ".join(names) + ("  HARD" if c["hard"] else ""))
        lines += [f"    broken by ignoring {_ignored(b)}" for b in c["broken_by"]]
    if hard:
        lines.append("  (a hard cycle needs a USE change or a bootstrap package: see "
                     "`bootorder bootstrap`)")
    if len(expl.cycles) > SHOWN_CYCLES:
        lines.append(f"  … {len(expl.cycles) - SHOWN_CYCLES} more cycles (--json shows "
                     "them)")
    return lines


def _ignored(text: str) -> str:
    if text.endswith(": hard"):
        return text[:-len("hard")] + "forced (a hard edge)"
    return text


def _render_build(expl: Explanation) -> list[str]:
    if not expl.build:
        return []
    lines = ["\nbuilt:"]
    for b in expl.build:
        where = f"  {b['cpv']}@{b['root']}: "
        if b["position"] is None:
            lines.append(where + "already installed, not built")
            continue
        wave = f", wave {b['wave']} of {b['waves']}" if b.get("wave") is not None else ""
        lines.append(where + f"position {b['position']} of {b['of']}{wave}")
    return lines


def _render_absent(expl: Explanation) -> str:
    a = expl.absent or {}
    lines = [f"{expl.package}: {a.get('message', 'not in the graph')}"]
    for s in a.get("pulled_in_by", []):
        lines.append(f"  {s['change']}: {s['why']}")
    for name in a.get("did_you_mean", []):
        lines.append(f"  did you mean {name}?")
    return "\n".join(lines)
