"""What a merge cannot reach while hard build cycles remain: emerge's cut-short list.

When emerge meets a cycle of build-time dependencies it cannot break, it schedules
everything it can, stops, and prints only what it could *not* schedule: the packages
of the build cycles and every package that needs one of them, through a build, install
or run-time edge (a PDEPEND may come later, so it does not hold a package back).
:func:`stuck_packages` computes that set from a resolved graph, so a plan can say which
packages wait on a cycle, and emerge's printed list can be compared with the closure.

>>> from bootorder.graph.depgraph import DepGraph
>>> g = DepGraph()
>>> xz, elt = g.add_package("app-arch/xz-utils-5.8", "host"), g.add_package("app-portage/elt-patches-1", "host")
>>> sed, tar = g.add_package("sys-apps/sed-4.9", "target"), g.add_package("app-arch/tar-1.35", "target")
>>> g.add_dep(xz, elt, "BDEPEND", atom="app-portage/elt-patches")
>>> g.add_dep(elt, xz, "BDEPEND", atom="app-arch/xz-utils")
>>> g.add_dep(tar, xz, "BDEPEND", atom="app-arch/xz-utils")
>>> [k.cpv for k in stuck_packages(g)]
['app-arch/tar-1.35', 'app-arch/xz-utils-5.8', 'app-portage/elt-patches-1']
"""
from __future__ import annotations

import networkx as nx

from ..core.depclass import BUILD_TIME, HOLDS_MERGE
from ..graph.depgraph import DepGraph, NodeKey

"""Classes through which a package waits for its dependency (all but PDEPEND)."""


def stuck_packages(graph: DepGraph) -> list[NodeKey]:
    """The packages a merge cannot schedule while the graph's build cycles stand, sorted.

    A build cycle is a strongly connected component (of more than one package) of the
    build-time edges between packages still to be built; a package is stuck when it is
    on one or reaches one through ``HOLDS_MERGE`` edges.

    Notes
    -----
    Linear in the size of the graph: one SCC pass and one reverse search.
    """
    build, holding = nx.DiGraph(), nx.DiGraph()
    pending = [k for k, d in graph.nx.nodes(data=True) if not d["installed"]]
    build.add_nodes_from(pending)
    holding.add_nodes_from(pending)
    for u, v, d in graph.nx.edges(data=True):
        if u not in build or v not in build:
            continue
        if d["class"] in BUILD_TIME:
            build.add_edge(u, v)
        if d["class"] in HOLDS_MERGE:
            holding.add_edge(u, v)
    stuck: set[NodeKey] = set()
    for component in nx.strongly_connected_components(build):
        if len(component) > 1:
            stuck |= component
    for key in list(stuck):
        stuck |= nx.ancestors(holding, key)
    return sorted(stuck)
