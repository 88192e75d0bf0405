"""EAPI features as data (PMS "EAPI feature tables"), EAPIs 0-9.

Code asks ``features(eapi).slot_operators``, never ``eapi in {...}``. Each EAPI is
derived from its parent by listing only what changed. ``features(None)`` is "no
EAPI" (profiles, user input): everything allowed, repository deps included, like
portage's ``_get_eapi_attrs(None)``.

>>> features("4").use_dep_defaults, features("4").slot_operators
(True, False)
>>> features(None).repo_deps, features("8").repo_deps
(True, False)
>>> sorted(features("8").keys)
['BDEPEND', 'DEPEND', 'IDEPEND', 'PDEPEND', 'RDEPEND']
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..core.errors import BootorderError

__all__ = ["Features", "features", "parse_features", "is_known", "EAPIS", "DEPEND_KEYS"]

DEPEND_KEYS = ("DEPEND", "RDEPEND", "PDEPEND", "BDEPEND", "IDEPEND")


@dataclass(frozen=True, slots=True)
class Features:
    """What one EAPI allows in dependency-like metadata."""

    name: str
    slot_deps: bool = False             # :slot (EAPI 1)
    use_deps: bool = False              # atom[flag] (EAPI 2)
    strong_blocks: bool = False         # !!atom (EAPI 2)
    src_uri_arrows: bool = False        # SRC_URI "url -> name" (EAPI 2)
    use_dep_defaults: bool = False      # flag(+) / flag(-) (EAPI 4)
    required_use: bool = False          # REQUIRED_USE (EAPI 4)
    at_most_one_of: bool = False        # ?? ( ) in REQUIRED_USE (EAPI 5)
    slot_operators: bool = False        # :=, :*, :slot/sub (EAPI 5)
    bdepend: bool = False               # BDEPEND key (EAPI 7)
    empty_any_of_false: bool = False    # "|| ( )" is false, not true (EAPI 7)
    idepend: bool = False               # IDEPEND key (EAPI 8)
    selective_fetch: bool = False       # fetch+ / mirror+ in SRC_URI (EAPI 8)
    repo_deps: bool = False             # ::repo (no EAPI only)
    build_ids: bool = False             # =cat/pkg-1.0-3 binary build ids (no EAPI only)

    @property
    def keys(self) -> frozenset[str]:
        """The *DEPEND keys this EAPI has (HOSTDEPEND is handled by ``parse_metadata``)."""
        keys = {"DEPEND", "RDEPEND", "PDEPEND"}
        if self.bdepend:
            keys.add("BDEPEND")
        if self.idepend:
            keys.add("IDEPEND")
        return frozenset(keys)


def _table() -> dict[str | None, Features]:
    changes = {
        "0": {},
        "1": {"slot_deps": True},
        "2": {"use_deps": True, "strong_blocks": True, "src_uri_arrows": True},
        "3": {},
        "4": {"use_dep_defaults": True, "required_use": True},
        "5": {"at_most_one_of": True, "slot_operators": True},
        "6": {},
        "7": {"bdepend": True, "empty_any_of_false": True},
        "8": {"idepend": True, "selective_fetch": True},
        "9": {},
    }
    table: dict[str | None, Features] = {}
    parent = Features("0")
    for name, diff in changes.items():
        parent = table[name] = replace(parent, name=name, **diff)
    table[None] = replace(parent, name="(none)", repo_deps=True, build_ids=True, bdepend=False,
                          idepend=False, empty_any_of_false=False)
    return table


_TABLE = _table()
EAPIS = tuple(k for k in _TABLE if k is not None)
"""The EAPIs bootorder knows, oldest first."""


def features(eapi: str | None) -> Features:
    """The feature set of ``eapi`` (None: no EAPI); raise for an unknown EAPI.

    >>> features("1").slot_deps, features("0").slot_deps
    (True, False)
    """
    try:
        return _TABLE[eapi]
    except (KeyError, TypeError):
        raise BootorderError(f"unsupported EAPI {eapi!r} (known: {', '.join(EAPIS)})") from None


def parse_features(eapi: str | None) -> Features:
    """The features the parsers apply: an unknown EAPI (``"5-progress"``, ``""``)
    parses like no EAPI, as in portage (``_get_eapi_attrs``).

    >>> parse_features("5-progress").repo_deps, parse_features("4").repo_deps
    (True, False)
    """
    found = _TABLE.get(eapi) if isinstance(eapi, str) or eapi is None else None
    if found is None:
        if not isinstance(eapi, str):
            raise BootorderError(f"an EAPI is a string, not {eapi!r}")
        found = _PARSE_ONLY.get(eapi)
        if found is None:
            found = _PARSE_ONLY[eapi] = replace(_TABLE[None], name=eapi)
    return found


_PARSE_ONLY: dict[str, Features] = {}


def is_known(eapi: str | None) -> bool:
    """True for None and the EAPIs of the table (0-9).

    >>> is_known("9"), is_known("10")
    (True, False)
    """
    return eapi is None or eapi in EAPIS
