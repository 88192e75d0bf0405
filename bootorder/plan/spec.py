"""catalyst spec files: the keys catalyst 4 accepts per target, and the spec text.

catalyst refuses a spec key it does not know (``Argument "x" not recognized.``) and one
required key missing (``catalyst/support.py: addl_arg_parse``). The tables below are
``catalyst/base/stagebase.py``'s ``required_values``/``valid_values`` and each target's
additions (``catalyst/targets/stage1.py``, ``stage3.py``, ``stage4.py``, catalyst 4.x);
``options`` lives in catalyst.conf, never in a spec. A value catalyst cannot get from
the tree (a version stamp, the seed tarball) is written as an ``@PLACEHOLDER@`` for the
user to replace; catalyst strips ``#`` comments.

>>> print(spec_text("stage1", {"target": "stage1", "subarch": "amd64",
...                            "version_stamp": "@VERSION_STAMP@"}), end="")
subarch: amd64
target: stage1
version_stamp: @VERSION_STAMP@
>>> spec_text("stage1", {"stage1/use": "x"})
Traceback (most recent call last):
...
bootorder.core.errors.BootorderError: catalyst stage1 spec: key 'stage1/use' is not accepted
"""
from __future__ import annotations

from ..core.errors import BootorderError

__all__ = ["REQUIRED", "VALID", "accepted_keys", "required_keys", "spec_text", "KEY_ORDER",
           "subarch_of"]

REQUIRED = {
    "stagebase": ("profile", "rel_type", "snapshot_treeish", "source_subpath", "subarch",
                  "target", "version_stamp"),
    "stage1": (),
    "stage3": (),
    "stage4": ("stage4/packages",),
}
"""Required spec keys: every stage's (``stagebase``) and each target's additions."""

VALID = {
    "stagebase": ("asflags", "binrepo_path", "catalyst_use", "cbuild", "cflags",
                  "common_flags", "compression_mode", "cxxflags",
                  "decompressor_search_order", "fcflags", "fflags", "hostuse",
                  "install_mask", "interpreter", "keep_repos", "kerncache_path", "ldflags",
                  "pkgcache_path", "portage_confdir", "portage_prefix", "rename_regexp",
                  "repos"),
    "stage1": ("chost", "update_seed", "update_seed_command"),
    "stage3": (),
    "stage4": ("boot/kernel", "stage4/empty", "stage4/fsscript", "stage4/gk_mainargs",
               "stage4/groups", "stage4/linuxrc", "stage4/rcadd", "stage4/rcdel",
               "stage4/rm", "stage4/root_overlay", "stage4/ssh_public_keys",
               "stage4/unmerge", "stage4/use", "stage4/users"),
}
"""Optional spec keys, as :data:`REQUIRED`."""

KEY_ORDER = ("subarch", "target", "version_stamp", "rel_type", "profile", "snapshot_treeish",
             "source_subpath", "update_seed", "update_seed_command", "portage_confdir",
             "portage_prefix", "repos", "keep_repos", "pkgcache_path")
"""The order keys are written in (releng's specs); other keys follow, sorted."""


def required_keys(target: str) -> frozenset[str]:
    """Keys a ``target`` spec must have."""
    if target not in REQUIRED:
        raise BootorderError(f"catalyst target {target!r}: not one of stage1, stage3, stage4")
    return frozenset(REQUIRED["stagebase"] + REQUIRED[target])


def accepted_keys(target: str) -> frozenset[str]:
    """Every key a ``target`` spec may have."""
    return required_keys(target) | frozenset(VALID["stagebase"] + VALID[target])


def subarch_of(arch: str) -> str:
    """catalyst's ``subarch`` for a profile's ``ARCH`` (the arch itself; catalyst's
    ``arch/*.toml`` also knows finer ones, e.g. ``i686`` for ``x86``).

    >>> subarch_of("amd64")
    'amd64'
    """
    if not arch:
        raise BootorderError("the profile sets no ARCH: catalyst's subarch is unknown")
    return arch


def spec_text(target: str, values: dict, comments: tuple[str, ...] = ()) -> str:
    """The spec of ``target`` with ``values`` (a string, or a list written one per
    line), keys in :data:`KEY_ORDER`; every key must be accepted for the target."""
    accepted = accepted_keys(target)
    for key in values:
        if key not in accepted:
            raise BootorderError(f"catalyst {target} spec: key {key!r} is not accepted")
    order = {k: i for i, k in enumerate(KEY_ORDER)}
    lines = [f"# {c}" if c else "#" for c in comments]
    for key in sorted(values, key=lambda k: (order.get(k, len(order)), k)):
        value = values[key]
        if isinstance(value, (list, tuple)):
            lines.append(f"{key}:")
            lines.extend(f"\t{v}" for v in value)
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"
