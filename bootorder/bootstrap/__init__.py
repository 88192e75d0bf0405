"""Synthesized ``bootstrap-*`` packages: minimum feedback vertex sets (``feedback``),
the edges that bind a build (``binding``), what a copy is (``copies``) and the plan
that breaks every hard build cycle (``synthesis``).

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
}

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
