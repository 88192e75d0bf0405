"""Shared options of every command that resolves a graph: targets, stage 1, host,
implicit, USE changes.

``add_resolve_options(parser)`` adds ``TARGET...`` (atoms and ``@sets``), ``--stage1``
(catalyst's stage-1 list and ``USE="-* build $BOOTSTRAP_USE"``; the list is the target
when no TARGET is given), ``--host seed|empty|vdb:PATH``, ``--implicit on|off``,
``--with 'ATOM -flag +flag'`` (repeatable: USE changes applied above ``USE=``, so a fix
can be tried before it is written into a profile) and the tree options of
:mod:`bootorder.cli.options`; ``add_resolve_command(subparsers, ...)``
adds a command that takes them. ``resolve_from_args(args, reporter)`` loads the tree
and configuration and returns the resolved :class:`DepGraph`.
"""
from __future__ import annotations

HOST_HELP = ("what the build host already has: 'seed' (every build dependency, "
             "catalyst's case; default), 'empty' (nothing: build dependencies are "
             "resolved into the host root too) or 'vdb:PATH' (an installed-package tree)")


def add_resolve_options(parser) -> None:
    """Add the resolution options (and the tree options) to ``parser``."""
    from .options import add_tree_options
    add_tree_options(parser)
    parser.add_argument("targets", nargs="*", metavar="TARGET",
                        help="atoms or sets (@system, @world, @stage1, @profile)")
    parser.add_argument("--stage1", action="store_true",
                        help="catalyst's stage 1: USE=\"-* build $BOOTSTRAP_USE\", and the "
                             "profile's packages.build list when no TARGET is given")
    parser.add_argument("--host", default="seed", metavar="seed|empty|vdb:PATH",
                        help=HOST_HELP)
    parser.add_argument("--implicit", choices=("on", "off"), default="on",
                        help="add the implicit toolchain dependencies (libc, compiler, "
                             "binutils) of packages that compile code (default on)")
    parser.add_argument("--with", dest="with_specs", action="append", default=[],
                        metavar="'ATOM -flag +flag'", help=WITH_HELP)


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


def stage1_config(config):
    """``config`` with catalyst's stage-1 USE (unless a USE override is already set)."""
    from ..config.configuration import STAGE1_USE
    if getattr(config, "use_override", None) is not None:
        return config
    return config.with_changes(use=STAGE1_USE)


def base_config_from_args(args, reporter):
    """The configuration the arguments describe, stage 1 applied when asked, without
    the ``--with`` changes."""
    from .options import load_tree_config
    config = load_tree_config(args, reporter)
    return stage1_config(config) if args.stage1 else config


def with_specs_from_args(args) -> list:
    """The ``--with`` values as :class:`bootorder.usechange.rerun.UseSpec` (bad ones raise
    :class:`bootorder.core.errors.BootorderError`, naming the value)."""
    from ..usechange.rerun import UseSpec
    return [UseSpec.parse(text) for text in getattr(args, "with_specs", None) or ()]


def config_from_args(args, reporter):
    """The configuration the arguments describe: stage 1 and ``--with`` applied."""
    from ..usechange.rerun import with_specs
    return with_specs(base_config_from_args(args, reporter), with_specs_from_args(args))


def targets_from_args(args) -> list[str]:
    """TARGET... or, with ``--stage1`` and no TARGET, the stage-1 list."""
    from ..core.errors import BootorderError
    if args.targets:
        return list(args.targets)
    if args.stage1:
        return ["@stage1"]
    raise BootorderError("nothing to resolve: give TARGET... (an atom or @set) or --stage1")


def resolve_options(args) -> dict:
    """The ``host`` and ``implicit`` keyword arguments of :func:`bootorder.resolve`
    that ``--host`` and ``--implicit`` give."""
    from ..resolver.resolution import HostModel
    return {"host": HostModel.parse(args.host), "implicit": args.implicit == "on"}


def config_and_graph_from_args(args, reporter):
    """``(config, graph)``: the configuration the arguments describe and its graph."""
    from ..resolver.resolution import resolve
    config = config_from_args(args, reporter)
    return config, resolve(config, targets_from_args(args), **resolve_options(args),
                           reporter=reporter)


def resolve_from_args(args, reporter):
    """Resolve what the parsed arguments ask for; returns a :class:`DepGraph`."""
    return config_and_graph_from_args(args, reporter)[1]
