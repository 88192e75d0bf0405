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
merged; with ``--emptytree`` nothing installed is kept. The installed packages are
those of the step's ``root`` (``"target"``, or ``"/"``: the graph's host root, for a
step run with ``ROOT=/``). With ``--deep`` and ``--newuse`` (or ``--changed-use``), emerge
looks behind installed packages too and rebuilds every one the graph builds with other USE
(a board build's second pass rebuilding what its first pass built with flags cleared).

:func:`deep_update_builds` is ``emerge --update --deep --newuse``: from the arguments,
every package whose installed instance is missing or was built with other USE is
merged; one that stays is looked through, its build-time dependencies only when
``bdeps`` (portage's ``--with-bdeps``, on by default unless ``--usepkg``).

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

from ..core.depclass import BUILD_TIME
from ..graph.depgraph import DepGraph, NodeKey
from ..order.schedule import merge_order
from ..usechange.checks import package_of
from .model import Merge

__all__ = ["SELECTIVE", "DEEP", "NEWUSE", "PLAN_ROOT", "GRAPH_ROOT", "merges_of",
           "reachable_builds", "deep_update_builds", "use_of", "ordered_merges"]

DEEP = frozenset(("--deep", "-D"))
NEWUSE = frozenset(("--newuse", "-N", "--changed-use", "-U"))
SELECTIVE = frozenset(("--noreplace", "-n", "--update", "-u", "--newuse", "-N",
                       "--changed-use", "-U", "--selective"))
"""emerge options under which an installed argument with unchanged USE is not merged."""

PLAN_ROOT = {"target": "target", "host": "/"}
"""A graph root's name in a plan."""
GRAPH_ROOT = {plan: graph for graph, plan in PLAN_ROOT.items()}
"""A plan root's name in a graph."""


def use_of(config, graph: DepGraph, key: NodeKey) -> tuple[str, ...]:
    """The enabled USE of a node as portage records it (sorted)."""
    pkg = package_of(config, graph, key)
    if pkg is None:
        return tuple(sorted(graph.node(key)["use"]))
    return tuple(sorted(config.effective_use(pkg)))


def reachable_builds(graph: DepGraph, installed: dict[str, tuple[str, ...]], *,
                     selective: bool, nodeps: bool, use=None,
                     root: str = "target", deep_newuse: bool = False) -> list[NodeKey]:
    """The nodes the step merges, unordered (see the module docstring); ``installed``:
    ``{cpv: use}`` of the graph root ``root``; ``use(key)`` the USE a node is built with;
    ``deep_newuse``: ``--deep`` with ``--newuse``."""
    use = use or (lambda key: tuple(sorted(graph.node(key)["use"])))
    args = [k for k in graph.targets() if not graph.node(k)["installed"]]
    merged = [k for k in args if not (selective and k.root == root
                                      and installed.get(k.cpv) == use(k))]
    if nodeps:
        return merged

    def held(key: NodeKey) -> bool:
        return key.root == root and key.cpv in installed and \
            not (deep_newuse and installed[key.cpv] != use(key))
    seen: set[NodeKey] = set()
    stack = list(args if deep_newuse else merged)
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        for dep in graph.out_raw(key):  # the order of the walk does not matter: sorted below
            if not graph.node(dep)["installed"] and dep not in seen and \
                    (deep_newuse or not held(dep)):
                stack.append(dep)
    if deep_newuse:
        return sorted(k for k in seen if k in merged or not held(k))
    return sorted(seen)


def deep_update_builds(graph: DepGraph, installed: dict[str, tuple[str, ...]], *,
                       use, bdeps: bool, root: str = "host") -> list[NodeKey]:
    """The nodes ``emerge --update --deep --newuse`` merges (module docstring), sorted.

    >>> g = DepGraph()
    >>> a = g.add_package("a/a-1", "host", target=True)
    >>> b = g.add_package("b/b-1", "host")
    >>> g.add_dep(a, b, "BDEPEND", atom="b/b")
    >>> held = {"a/a-1": (), "b/b-1": ("x",)}
    >>> [k.cpv for k in deep_update_builds(g, held, use=lambda k: (), bdeps=True)]
    ['b/b-1']
    >>> deep_update_builds(g, held, use=lambda k: (), bdeps=False)
    []
    """
    seen: set[NodeKey] = set()
    merged: set[NodeKey] = set()
    stack = [k for k in graph.targets() if not graph.node(k)["installed"]]
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.add(key)
        stays = key.root == root and installed.get(key.cpv) == use(key)
        if not stays:
            merged.add(key)
        stack.extend(dep for dep, keyed in graph.out_raw(key).items()
                     if not graph.node(dep)["installed"]
                     and (bdeps or not stays
                          or any(d["class"] not in BUILD_TIME for d in keyed.values())))
    return sorted(merged)


def ordered_merges(graph: DepGraph, keep, use, priority=None, order=None
                   ) -> tuple[Merge, ...]:
    """``keep`` (nodes) as merges in :func:`~bootorder.order.schedule.build_order`'s order
    (``priority``: what the root holds satisfies, see
    :func:`bootorder.plan.circular.step_priority`; ``order``: that order when already
    known), each with ``use(key)``."""
    keep = set(keep)
    if order is None:
        order = merge_order(graph, priority=priority)
    ordered = [k for k in order if k in keep]
    ordered += sorted(keep - set(ordered))
    return tuple(Merge(k.cpv, PLAN_ROOT[k.root], use(k)) for k in ordered)


def merges_of(graph: DepGraph, config, emerge_options, installed_target=(),
              root: str = "target", priority=None, order=None) -> tuple[Merge, ...]:
    """The step's ``merge`` list (see the module docstring); ``installed_target``: the
    :class:`~bootorder.plan.model.Installed` entries of the graph root ``root``;
    ``priority``, ``order``: as :func:`ordered_merges`'."""
    emptytree = "--emptytree" in emerge_options or "-e" in emerge_options
    installed = {} if emptytree else {e.cpv: tuple(sorted(e.use)) for e in installed_target}
    def use(key):
        return use_of(config, graph, key)
    options = set(emerge_options)
    keep = reachable_builds(
        graph, installed, selective=bool(SELECTIVE & options),
        nodeps="--nodeps" in options or "-O" in options, use=use, root=root,
        deep_newuse=bool(DEEP & options) and bool(NEWUSE & options))
    return ordered_merges(graph, keep, use, priority, order)
