"""The build host's installed packages as the resolver sees them (``--host``).

>>> HostModel.parse("empty")
HostModel(kind='empty', path=None)
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..core.errors import BootorderError
from ..core.reporter import Reporter

__all__ = ["HostModel", "sysroot_of"]


@dataclass(frozen=True, slots=True)
class HostModel:
    """What the build host has installed: ``seed``, ``empty`` or ``vdb`` (with ``path``).

    >>> HostModel.parse("vdb:/var/db/pkg")
    HostModel(kind='vdb', path='/var/db/pkg')
    >>> HostModel.parse("seed").kind
    'seed'
    """

    kind: str = "seed"
    path: str | None = None
    packages: object = field(default=None, compare=False, repr=False)

    @classmethod
    def parse(cls, text: str | HostModel) -> HostModel:
        if isinstance(text, HostModel):
            return text
        if text in ("seed", "empty"):
            return cls(text)
        if text.startswith("vdb:") and len(text) > 4:
            return cls("vdb", text[4:])
        raise BootorderError(f"unknown host model {text!r}: expected seed, empty or vdb:PATH")

    def open(self, reporter: Reporter):
        """The host's installed-package tree, read with the command's reporter (its
        problems reach the answer like every other data problem)."""
        from ..tree.repository import Repository, Tree
        if self.packages is not None:
            return self.packages
        try:
            return Tree([Repository.open_vdb(self.path, reporter)], reporter)
        except (OSError, BootorderError) as err:
            raise BootorderError(f"cannot read the installed-package tree {self.path}: "
                                 f"{err}") from err


def sysroot_of(value: str) -> str:
    """``--sysroot``'s value: ``"/"`` (also ``host``) or ``"target"``.

    >>> sysroot_of("host"), sysroot_of("target")
    ('/', 'target')
    """
    if value in ("/", "host"):
        return "/"
    if value == "target":
        return value
    raise BootorderError(f"sysroot {value!r}: expected / (the build host) or target")
