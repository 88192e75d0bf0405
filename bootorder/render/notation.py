"""The notations every text output shares: a package in a root, short atoms, and USE
flags grouped the way ``emerge --verbose`` groups them.

- A package in a root is ``cpv@root`` (:func:`at`), the roots being ``target`` (the new
  root, portage's ``ROOT``) and ``host`` (the build host, ``BROOT``), everywhere but in
  emerge's own cycle layout (``ebuild scheduled for merge to host``).
- A short atom drops a USE dependency of several flags (``[…]``, :func:`short_atoms`);
  ``-v`` shows atoms whole.
- USE (:func:`use_string`): enabled flags then disabled ones, each sorted; each visible
  USE_EXPAND variable of the profile gets its own ``NAME="..."`` group (those in
  ``USE_EXPAND_HIDDEN``, such as another architecture's ``ABI_MIPS``, are left out, as
  emerge leaves them out); forced and masked flags are in parentheses: ``(flag)``,
  ``(-flag)``.

>>> from bootorder.graph.depgraph import NodeKey
>>> at(NodeKey("sys-libs/glibc-2.42", "host"))
'sys-libs/glibc-2.42@host'
>>> use_string(["abi_x86_64", "nls"], ["abi_x86_32", "abi_mips_n32", "test"],
...            expand=["ABI_X86", "ABI_MIPS"], hidden=["ABI_MIPS"], marked={"test"})
'USE="nls (-test)" ABI_X86="64 -32"'
"""
from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["at", "short_atoms", "use_string", "UseView"]


def at(key) -> str:
    """``cpv@root`` of a node key."""
    return f"{key.cpv}@{key.root}"


_USE_DEPS = re.compile(r"(?<=[^\s(\[])\[([^\]\s]*,[^\]\s]*)\]")


def short_atoms(text: str) -> str:
    """``text`` with every USE dependency of several flags written ``[…]``.

    >>> short_atoms("DEPEND >=dev-libs/gmp-5:=[abi_x86_32(-)?,static-libs?] [lzma?]")
    'DEPEND >=dev-libs/gmp-5:=[…] [lzma?]'
    >>> short_atoms("sys-libs/glibc[cet(-)?]")
    'sys-libs/glibc[cet(-)?]'
    """
    return _USE_DEPS.sub("[…]", text)


def use_string(enabled: Iterable[str], disabled: Iterable[str], *, expand: Iterable[str] = (),
               hidden: Iterable[str] = (), marked: Iterable[str] = ()) -> str:
    """``USE="..." NAME="..."`` as emerge prints it (see the module docstring); ``marked``:
    the forced and masked flags. Empty when there is nothing to show."""
    marked = set(marked)
    groups: dict[str, tuple[list[str], list[str]]] = {"USE": ([], [])}
    prefixes = sorted(((name.lower() + "_", name) for name in expand), key=lambda p: -len(p[0]))
    hidden = set(hidden)
    for flags, side in ((enabled, 0), (disabled, 1)):
        for flag in flags:
            name, value = next(((n, flag[len(p):]) for p, n in prefixes if flag.startswith(p)),
                               ("USE", flag))
            if name in hidden:
                continue
            text = value if side == 0 else f"-{value}"
            groups.setdefault(name, ([], []))[side].append(f"({text})" if flag in marked
                                                           else text)
    names = ["USE"] + sorted(n for n in groups if n != "USE")
    return " ".join(f'{n}="{_joined(*groups[n])}"' for n in names if any(groups[n]))


def _joined(on: list[str], off: list[str]) -> str:
    return " ".join(sorted(on, key=_bare) + sorted(off, key=_bare))


def _bare(text: str) -> str:
    return text.strip("()-")


class UseView:
    """:func:`use_string` for the packages of one configuration: its profile's
    USE_EXPAND and USE_EXPAND_HIDDEN, and each package's forced and masked flags.

    >>> UseView().flags("x/y-1", None, ["a"], ["b"])
    'USE="a -b"'
    """

    def __init__(self, config=None) -> None:
        self.config = config
        profile = config.profile if config is not None else None
        self.expand = tuple(profile.use_expand) if profile else ()
        self.hidden = tuple(profile.use_expand_hidden) if profile else ()

    def marked(self, cpv: str, repo: str | None) -> frozenset[str]:
        """The forced and masked flags of package ``cpv`` of ``repo`` (none unknown)."""
        if self.config is None or not repo or not self.config.tree.has_repo(repo):
            return frozenset()
        pkg = self.config.tree.repo(repo).package(cpv)
        if pkg is None:
            return frozenset()
        return self.config.use_force(pkg) | self.config.use_mask(pkg)

    def flags(self, cpv: str, repo: str | None, enabled: Iterable[str],
              disabled: Iterable[str], marked: Iterable[str] | None = None) -> str:
        """The USE text of one package (``marked`` default: :meth:`marked`)."""
        marked = self.marked(cpv, repo) if marked is None else marked
        return use_string(enabled, disabled, expand=self.expand, hidden=self.hidden,
                          marked=marked)
