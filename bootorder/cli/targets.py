"""Shared options of every command that resolves a graph: targets, stage 1, host,
implicit, USE changes.

``add_resolve_options(parser)`` adds ``TARGET...`` (atoms and ``@sets``), ``--stage1``
(catalyst's stage-1 list and ``USE="-* build $BOOTSTRAP_USE"``; the list is the target
when no TARGET is given, with or without ``--stage1``), ``--host seed|empty|vdb:PATH``
(default ``empty``), ``--sysroot /|target`` (where DEPEND is satisfied),
``--host-profile REPO:PATH`` (the build host's own profile), ``--implicit on|off``, ``-v`` (more detail in text output),
``--with 'ATOM -flag +flag'`` (repeatable: USE changes applied above ``USE=``, so a fix
can be tried before it is written into a profile) and the tree options of
:mod:`bootorder.cli.options`; ``add_resolve_command(subparsers, ...)``
adds a command that takes them. ``request_from_args(args)`` turns them into a
:class:`bootorder.workflows.ResolveRequest`.
"""
from __future__ import annotations

DEFAULT_HOST = "empty"
"""The host model of every resolving command (``bootorder --help`` says why)."""

HOST_HELP = ("what the build host already has: 'empty' (nothing: build dependencies are "
             "resolved into the host root and built too; default), 'seed' (every build "
             "dependency, catalyst's seed) or 'vdb:PATH' (an installed-package tree)")


def add_resolve_options(parser) -> None:
    """Add the resolution options (and the tree options) to ``parser``."""
    from .options import add_tree_options
    add_tree_options(parser)
    parser.add_argument("targets", nargs="*", metavar="TARGET",
                        help="atoms or sets (@system, @world, @stage1, @profile)")
    parser.add_argument("--stage1", action="store_true",
                        help="catalyst's stage 1: USE=\"-* build $BOOTSTRAP_USE\", and the "
                             "profile's packages.build list (the default target when no "
                             "TARGET is given)")
    parser.add_argument("--host", default=DEFAULT_HOST, metavar="empty|seed|vdb:PATH",
                        help=HOST_HELP)
    parser.add_argument("--sysroot", choices=("/", "target"), default="/",
                        help="where DEPEND is satisfied: '/' (the build host, catalyst's "
                             "stage 1; default) or 'target' (SYSROOT=ROOT: a board or cross "
                             "root, where packages link against the target's libraries; "
                             "EAPI 0-6 DEPEND stays on the host, as in portage)")
    parser.add_argument("--host-profile", metavar="REPO:PATH",
                        help="the profile governing the build host's root ('/'), distinct "
                             "from --profile (the target's, PORTAGE_CONFIGROOT's): a board "
                             "build's SDK profile. Default: --profile governs both roots")
    parser.add_argument("--implicit", choices=("on", "off"), default="on",
                        help="add the implicit toolchain dependencies (libc, compiler, "
                             "binutils) of packages that compile code (default on)")
    parser.add_argument("--with", dest="with_specs", action="append", default=[],
                        metavar="'ATOM -flag +flag'", help=WITH_HELP)
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="more detail in text output (full atoms, where USE flags "
                             "come from, the enumerations behind an answer)")


WITH_HELP = ("apply USE changes to the packages ATOM matches, in every root, above USE= "
             "(they survive stage 1's '-*', like package.use.force; forced and masked "
             "flags still win): try a fix before writing it down. Repeatable, e.g. "
             "--with 'app-alternatives/awk gawk' --with 'sys-devel/gcc -nls'")


def add_resolve_command(subparsers, name: str, *, help: str, description: str,
                        epilog: str, **defaults):
    """Add command ``name`` with the resolution options and ``defaults``; returns its parser.

    ``epilog`` is shown as written (examples, JSON shape); ``defaults`` go to
    ``set_defaults`` (``func=run``, ``host="empty"``, ...).
    """
    import argparse
    p = subparsers.add_parser(name, help=help, description=description, epilog=epilog,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    add_resolve_options(p)
    p.set_defaults(**defaults)
    return p


def request_from_args(args, *, default_stage1: bool = True):
    """The :class:`~bootorder.workflows.ResolveRequest` of the parsed arguments (bad
    ``--with`` values raise :class:`bootorder.core.errors.BootorderError`, naming the
    value); ``default_stage1``: catalyst's stage 1 when no TARGET is given (every
    command but ``toolchain``, whose default targets are the toolchain packages)."""
    from ..config.overrides import parse_with
    from ..workflows import ResolveRequest
    from .options import tree_request
    changes = tuple(c for text in getattr(args, "with_specs", None) or ()
                    for c in parse_with(text))
    stage1 = bool(args.stage1 or (default_stage1 and not args.targets))
    return ResolveRequest(tree_request(args), tuple(args.targets), stage1, args.host,
                          args.implicit == "on", changes, args.sysroot, args.host_profile)
