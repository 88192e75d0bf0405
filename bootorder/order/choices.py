"""The cycle scopes and enumeration caps of :mod:`bootorder.order.cycles`, in a module
that imports nothing: the command line builds its parser from them without loading
networkx.

>>> SCOPES, DEFAULT_MAX_LENGTH, DEFAULT_MAX_CYCLES
(('hard', 'shortest', 'all'), 8, 1000)
"""

__all__ = ["SCOPES", "DEFAULT_MAX_LENGTH", "DEFAULT_MAX_CYCLES"]

DEFAULT_MAX_LENGTH = 8
"""Longest elementary cycle enumerated (in packages)."""

DEFAULT_MAX_CYCLES = 1000
"""Most elementary cycles enumerated per report."""

SCOPES = ("hard", "shortest", "all")
"""The cycle scopes of :func:`bootorder.order.cycles.find_cycles`."""
