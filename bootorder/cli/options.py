"""Tree options shared by every command: ``--repo PATH`` (repeatable) and ``--profile``.

``add_tree_options(parser)`` adds them; ``tree_request(args)`` turns them into a
:class:`bootorder.workflows.TreeRequest`:

- ``--repo`` given: those repositories (masters must be among them); ``--profile
  REPO:PATH`` (or a directory), by default the host architecture's first stable (then
  dev, then exp) entry of the highest-priority repository's ``profiles.desc`` that has
  one.
- no ``--repo``: the repositories and ``make.profile`` of the portage configuration
  found as portage finds it (``--config-root DIR``, else ``$PORTAGE_CONFIGROOT``, else the
  installation prefix: see :mod:`bootorder.config.locate`), else the embedded example
  (``examples/repo``, profile ``bootorder-example:default/linux/amd64``).

Which tree and profile were chosen, and how, is said on stderr (the banner and a note), or
in the JSON's ``"context"``.
"""
from __future__ import annotations


def add_tree_options(parser) -> None:
    """Add ``--repo``, ``--profile`` and ``--config-root`` to ``parser``."""
    g = parser.add_argument_group("tree and profile")
    g.add_argument("--repo", dest="repos", action="append", default=[], metavar="PATH",
                   help="an ebuild repository with metadata/md5-cache (repeat for several; "
                        "masters must be given too). Default: the portage configuration's "
                        "repositories, else the embedded example")
    g.add_argument("--profile", metavar="REPO:PATH",
                   help="profile as REPO:PATH (PATH under the repository's profiles/) or "
                        "a directory (default: the configuration's make.profile; with "
                        "--repo, the host architecture's first stable profiles.desc entry)")
    g.add_argument("--config-root", metavar="DIR",
                   help="read the portage configuration from DIR/etc/portage, as "
                        "PORTAGE_CONFIGROOT does (default: $PORTAGE_CONFIGROOT, else the "
                        "installation prefix); ROOT, SYSROOT and EPREFIX are honoured too")


def tree_request(args):
    """The :class:`~bootorder.workflows.TreeRequest` of the tree options."""
    from ..workflows import TreeRequest
    return TreeRequest(tuple(getattr(args, "repos", None) or ()), getattr(args, "profile", None),
                       getattr(args, "config_root", None))
