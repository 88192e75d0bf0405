"""Repositories of packages: ebuild metadata caches, installed-package databases and
in-memory dicts, all read through one metadata-source protocol (``sources``).

``package`` (one entry, parsed on demand), ``repository`` (``Repository`` and ``Tree``),
``sources`` (the protocol; dict and md5-cache sources), ``vdb`` (``/var/db/pkg``),
``validate`` (an entry judged as portage judges it), ``egencache`` (generating a cache
with portage: runs ebuild code).

>>> from bootorder.tree import Repository
>>> r = Repository.from_dict("demo", {"dev-libs/gmp-6.3.0": {"SLOT": "0/10.5"}})
>>> r.versions("dev-libs/gmp")[0].subslot
'10.5'
"""
from ..core.lazy import lazy_exports

_EXPORTS = {
    ".package": ("Package",),
    ".repository": ("Repository", "Tree", "EXAMPLE_PROFILE", "example_repository_path"),
    ".sources": ("MetadataSource", "DictSource", "CacheDirSource"),
    ".vdb": ("VdbSource",),
    ".validate": ("check_entry", "Verdict"),
    ".egencache": ("generate_cache", "CacheResult"),
}

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
