"""Dependency syntax (PMS): versions, EAPIs, atoms, dependency trees and their parser.

``version`` (ordering exactly like portage), ``eapi`` (features as data), ``atom``,
``depspec`` (all-of, any-of, USE-conditional trees), ``parse`` (the lark grammar
``grammars/depend.lark`` and its fast path), ``diagnosis`` (syntax errors that say
what is wrong and where), ``required_use`` (evaluation and the smallest repair),
``depwalk`` (a tree walked under a package's USE).

>>> from bootorder.syntax import parse_depend
>>> [a.cp for a in parse_depend("ssl? ( dev-libs/openssl ) sys-libs/zlib").atoms()]
['dev-libs/openssl', 'sys-libs/zlib']
"""
from ..core.lazy import lazy_exports

_EXPORTS = {
    ".version": ("Version", "vercmp", "split_cpv", "cp_of"),
    ".eapi": ("features", "EAPIS"),
    ".atom": ("Atom", "UseDep", "InvalidAtom", "cp_of_atom"),
    ".depspec": ("DepSpec",),
    ".parse": ("parse_depend", "parse_metadata", "parse_required_use"),
    ".required_use": ("required_use_holds", "violations", "fix_required_use"),
}

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
