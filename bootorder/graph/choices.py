"""The directions of :func:`bootorder.graph.neighbourhood.around`, in a module that
imports nothing: the command line builds its parser from them without loading networkx.

>>> DIRECTIONS
('both', 'deps', 'rdeps')
"""

__all__ = ["DIRECTIONS"]

DIRECTIONS = ("both", "deps", "rdeps")
"""``deps``: what the package needs; ``rdeps``: what needs it; ``both``: either."""
