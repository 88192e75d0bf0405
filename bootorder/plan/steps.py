"""From a resolved graph to a step's ``merge`` list, as emerge would merge it.

:func:`merges_of` lists the packages the step's ``emerge`` merges: the packages the
graph builds (not installed), reachable from the step's arguments without passing
through a package the root already holds (emerge without ``--deep`` does not look
behind an installed dependency), in :func:`bootorder.order.schedule.build_order`'s
order (every dependency before its dependent unless a cycle forbids it), each with its
enabled USE as portage records it for an installed package (IUSE_EFFECTIVE: implicit
ARCH/ELIBC/KERNEL flags included). An argument the root already holds is merged again
unless the options are selective (``--noreplace``, ``--update``, ``--newuse``,
``--changed-use``) and its USE is unchanged. With ``--nodeps`` only the arguments are
merged. With ``--deep`` and ``--newuse`` (or ``--changed-use``), emerge looks behind
installed packages too and rebuilds every one the graph builds with other USE (a board
build's second pass rebuilding what its first pass built with flags cleared).

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph()
>>> a = g.add_package("a/a-1", "target", target=True)
>>> b = g.add_package("b/b-1", "target")
>>> g.add_dep(a, b, "RDEPEND", atom="b/b")
>>> [k.cpv for k in reachable_builds(g, installed={}, selective=False, nodeps=False)]
['a/a-1', 'b/b-1']
>>> [k.cpv for k in reachable_builds(g, installed={"b/b-1": ()}, selective=False, nodeps=False)]
['a/a-1']
"""
from __future__ import annotations

from ..graph.depgraph import DepGraph, NodeKey
from ..order.schedule import build_order
from ..usechange.checks import package_of
from .model import Merge

__all__ = ["SELECTIVE", "DEEP", "NEWUSE", "PLAN_ROOT", "merges_of", "reachable_builds", "use_of"]

DEEP = frozenset(("--deep", "-D"))
NEWUSE = frozenset(("--newuse", "-N", "--changed-use", "-U"))
SELECTIVE = frozenset(("--noreplace", "-n", "--update", "-u", "--newuse", "-N",
                       "--changed-use", "-U", "--selective"))
"""emerge options under which an installed argument with unchanged USE is not merged."""

PLAN_ROOT = {"target": "target", "host": "/"}
"""A graph root's name in a plan."""


def use_of(config, graph: DepGraph, key: NodeKey) -> tuple[str, ...]:
    """The enabled USE of a node as portage records it (sorted)."""
    pkg = package_of(config, graph, key)
    if pkg is None:
        return tuple(sorted(graph.node(key)["use"]))
    return tuple(sorted(config.effective_use(pkg)))


def reachable_builds(graph: DepGraph, installed: dict[str, tuple[str, ...]], *,
                     selective: bool, nodeps: bool, use=None,
                     deep_newuse: bool = False) -> list[NodeKey]:
    """The nodes the step merges, unordered (see the module docstring); ``installed``:
    ``{cpv: use}`` of the target root; ``use(key)`` the USE a node is built with;
    ``deep_newuse``: ``--deep`` with ``--newuse``."""
    use = use or (lambda key: tuple(sorted(graph.node(key)["use"])))
    args = [k for k in graph.targets() if not graph.node(k)["installed"]]
    merged = [k for k in args if not (selective and k.root == "target"
                                      and installed.get(k.cpv) == use(k))]
    if nodeps:
        return merged

    def held(key: NodeKey) -> bool:
        return key.root == "target" and key.cpv in installed and \
            not (deep_newuse and installed[key.cpv] != use(key))
    seen: set[NodeKey] = set()
    stack = list(args if deep_newuse else merged)
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        for edge in graph.edges(key):
            dep = edge.dep
            if not graph.node(dep)["installed"] and dep not in seen and \
                    (deep_newuse or not held(dep)):
                stack.append(dep)
    if deep_newuse:
        return sorted(k for k in seen if k in merged or not held(k))
    return sorted(seen)


def merges_of(graph: DepGraph, config, emerge_options, installed_target=()
              ) -> tuple[Merge, ...]:
    """The step's ``merge`` list (see the module docstring); ``installed_target``: the
    :class:`~bootorder.plan.model.Installed` entries of the target root."""
    installed = {e.cpv: tuple(sorted(e.use)) for e in installed_target}
    def use(key):
        return use_of(config, graph, key)
    keep = set(reachable_builds(
        graph, installed, selective=bool(SELECTIVE & set(emerge_options)),
        nodeps="--nodeps" in emerge_options or "-O" in emerge_options, use=use,
        deep_newuse=bool(DEEP & set(emerge_options)) and bool(NEWUSE & set(emerge_options))))
    ordered = [k for k in build_order(graph).order if k in keep]
    ordered += sorted(keep - set(ordered))
    return tuple(Merge(k.cpv, PLAN_ROOT[k.root], use(k)) for k in ordered)
