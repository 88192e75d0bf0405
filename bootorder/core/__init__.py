"""The lowest layer: values and seams every other layer uses.

``errors`` (one error type per failure kind), ``reporter`` (the observation seam),
``problems`` (what a run could not use, as values), ``usechange`` (the one USE-change
value), ``depclass`` (the table of dependency classes), ``display`` (how values show
themselves in Jupyter without naming the renderer), ``lazy`` (lazy package exports),
``gcpause`` (pausing the garbage collector around bulk construction).

>>> from bootorder.core import UseChange
>>> UseChange("sys-devel/gcc", "nls", False).line()
'sys-devel/gcc -nls'
"""
from .lazy import lazy_exports

_EXPORTS = {
    ".errors": ("BootorderError", "DepSyntaxError", "MetadataError", "ResolutionError", "MissingDependencyError", "NoMatchError"),
    ".reporter": ("Reporter", "RecordingReporter", "ProblemCollector", "NULL_REPORTER"),
    ".problems": ("Problem", "sorted_problems", "in_file"),
    ".usechange": ("UseChange", "with_values"),
    ".depclass": ("DepClass", "CLASSES"),
    ".display": ("HtmlDisplay",),
}

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
