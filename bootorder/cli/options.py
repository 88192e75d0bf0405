"""Tree options shared by every command: ``--repo PATH`` (repeatable), ``--profile`` and
``--no-cache`` (the persistent metadata cache, :mod:`bootorder.tree.diskcache`).

``add_tree_options(parser)`` adds them; ``tree_request(args)`` turns them into a
:class:`bootorder.workflows.TreeRequest`:

- ``--repo`` given: those repositories (masters must be among them); ``--profile
  REPO:PATH`` (or a directory), by default the first entry of the highest-priority
  repository's ``profiles.desc``.
- no ``--repo``: the live system's configured repositories and ``make.profile`` when
  portage is installed and ``/etc/portage/make.profile`` exists, else the embedded
  example (``examples/repo``, profile ``bootorder-example:default/linux/amd64``).

Which tree and profile were chosen is said on stderr.
"""
from __future__ import annotations


def add_tree_options(parser) -> None:
    """Add ``--repo``, ``--profile`` and ``--no-cache`` to ``parser``."""
    g = parser.add_argument_group("tree and profile")
    g.add_argument("--repo", dest="repos", action="append", default=[], metavar="PATH",
                   help="an ebuild repository with metadata/md5-cache (repeat for several; "
                        "masters must be given too). Default: the live system's "
                        "repositories, else the embedded example")
    g.add_argument("--no-cache", dest="cache", action="store_false",
                   help="neither read nor write the persistent metadata cache ($BOOTORDER_"
                        "CACHE_DIR, else $XDG_CACHE_HOME/bootorder, else ~/.cache/bootorder)")
    g.add_argument("--profile", metavar="REPO:PATH",
                   help="profile as REPO:PATH (PATH under the repository's profiles/) or "
                        "a directory (default: the first profiles.desc entry)")


def tree_request(args):
    """The :class:`~bootorder.workflows.TreeRequest` of the tree options."""
    from ..workflows import TreeRequest
    return TreeRequest(tuple(getattr(args, "repos", None) or ()), getattr(args, "profile", None),
                       getattr(args, "cache", True))
