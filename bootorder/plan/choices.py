"""The stages and catalyst options :mod:`bootorder.plan.catalyst` plans for, in a module
that imports nothing: the command line builds its parser from them without loading
networkx.

>>> STAGES, OPTIONS
(('stage1',), ('pkgcache', 'bindist'))
"""

__all__ = ["STAGES", "OPTIONS"]

STAGES = ("stage1",)
"""The stages :mod:`bootorder.plan.catalyst` plans (``--stages``)."""

OPTIONS = ("pkgcache", "bindist")
"""catalyst.conf ``options`` that change what stage 1 runs."""
