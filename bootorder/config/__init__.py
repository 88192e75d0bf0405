"""Configuration: profiles read as portage stacks them, and what they make of each
package (visibility, effective USE), with the user's overrides.

``files`` (make.defaults and line/atom files), ``useflags`` (incremental USE stacking),
``accept`` (ACCEPT_LICENSE/RESTRICT/PROPERTIES), ``profile`` (the parent chain),
``stage1list`` (catalyst's stage-1 list), ``configuration`` (``Config``), ``overrides``
(``--with`` values and forced fixes), ``locate`` (the live system's configuration).

>>> from bootorder.config import Config, Profile
>>> from bootorder.tree import Tree, EXAMPLE_PROFILE, example_repository_path
>>> tree = Tree.open([example_repository_path()])
>>> Config.stage1(tree, Profile.load(tree, EXAMPLE_PROFILE)).use_override.split()[:2]
['-*', 'build']
"""
from ..core.lazy import lazy_exports

_EXPORTS = {
    ".configuration": ("Config", "STAGE1_USE"),
    ".profile": ("Profile",),
    ".stage1list": ("stage1_list",),
    ".overrides": ("parse_with", "with_text", "with_texts"),
    ".locate": ("live_system", "default_profile", "Location", "host_arch"),
}

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
