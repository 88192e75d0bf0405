"""The output formats of :func:`bootorder.render.dot.graph_output`, in a module that
imports nothing: the command line builds its parser from them without loading networkx.

>>> FORMATS
('json', 'dot', 'svg')
"""

__all__ = ["FORMATS"]

FORMATS = ("json", "dot", "svg")
"""``bootorder graph --format`` choices."""
