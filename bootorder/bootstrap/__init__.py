"""Bootstrap packages. Without a seed: the reduced build of a package pre-built into
``/`` (``reduced``), the stage emerge sees once such packages are installed and the
fewest to pre-build (``prebuild``), the ``bootstrap-*`` steps in order (``seedless``).
Graph-level synthesized copies: minimum feedback vertex sets (``feedback``), the edges
that bind a build (``binding``), what a copy is (``copies``) and the graph that breaks
every hard build cycle (``synthesis``).

>>> import networkx as nx
>>> from bootorder.bootstrap import minimum_feedback_vertex_set
>>> nodes, exact, lower_bound = minimum_feedback_vertex_set(nx.DiGraph([(1, 2), (2, 1)]))
>>> len(nodes), exact
(1, True)
"""
from ..core.lazy import lazy_exports

_EXPORTS = {
    ".synthesis": ("synthesize_bootstrap", "bootstrap_for", "BootstrapPlan", "plan_schedule"),
    ".feedback": ("minimum_feedback_vertex_set", "is_feedback_vertex_set"),
    ".seedless": ("seedless_bootstrap", "SeedlessBootstrap", "PrebuiltStep"),
    ".prebuild": ("Stage", "minimum_prebuilt"),
    ".reduced": ("ReducedBuild", "reduced_build"),
}

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
