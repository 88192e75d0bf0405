"""The stages and catalyst options :mod:`bootorder.plan.catalyst` plans for, in a module
that imports nothing: the command line builds its parser from them without loading
networkx.

>>> STAGES, OPTIONS
(('seed-update', 'stage1', 'stage3', 'stage4'), ('pkgcache', 'bindist'))
"""

__all__ = ["STAGES", "OPTIONS", "BOARD_TARGETS"]

STAGES = ("seed-update", "stage1", "stage3", "stage4")
"""The stages :mod:`bootorder.plan.catalyst` plans (``--stages``), in catalyst's order."""

OPTIONS = ("pkgcache", "bindist")
"""catalyst.conf ``options`` that change what the stages run."""

BOARD_TARGETS = ("@system", "coreos-devel/board-packages")
"""What ``bootorder plan board`` builds when no target is given (Flatcar's build_packages)."""
