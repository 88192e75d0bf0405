"""Defaults of :func:`bootorder.explanation.paths.explain`, in a module that imports
nothing: the command line builds its parser from them without loading networkx.

>>> DEFAULT_MAX_PATHS
200
"""

__all__ = ["DEFAULT_MAX_PATHS"]

DEFAULT_MAX_PATHS = 200
"""Default bound on the number of paths enumerated with ``all_paths``."""
