"""How the command line is parsed: options anywhere, errors with the command's usage,
the version, and the defaults every resolving command shares (stated once, in plain
text: the top-level ``--help`` and the README).

:class:`CommandParser` is the parser class of every subcommand: options may come after
targets (``bootorder explain gcc --host empty sys-devel/gcc``, as emerge and equery
accept), and an argument it does not know is reported with the subcommand's own usage.

>>> p = CommandParser(prog="bootorder x")
>>> _ = p.add_argument("targets", nargs="*"); _ = p.add_argument("--host")
>>> args = p.parse_args(["a", "--host", "empty", "b"])
>>> args.targets, args.host
(['a', 'b'], 'empty')
"""
from __future__ import annotations

import argparse

DEFAULTS = """\
Defaults, the same for every command that resolves a graph (stage1, order, cycles,
bootstrap, explain, graph, toolchain):
  targets   catalyst's stage 1 (as --stage1: the profile's packages.build under
            USE="-* build $BOOTSTRAP_USE") when no TARGET is given; toolchain, whose
            question names its own targets, resolves the toolchain packages instead
  --host    empty: nothing is installed on the build host, so every build dependency
            is resolved and built too (--host seed: catalyst's seed has every build
            tool; --host vdb:PATH: an installed-package database)
  --implicit on: packages that compile code need the C library, compiler, binutils
  tree      --repo PATH... if given; else the portage configuration found as portage
            finds it (--config-root DIR, else $PORTAGE_CONFIGROOT, else the installation
            prefix: / or the virtualenv portage runs in); else the embedded example
  --profile the configuration's make.profile; with --repo, the first stable
            profiles.desc entry of the host's architecture (then dev, then exp)
The tree, profile, host model and targets used are named on stderr (the banner
line), or with --json in the answer's "context"."""
"""The defaults, stated once: ``--help`` prints them and the README quotes them."""


class CommandParser(argparse.ArgumentParser):
    """A subcommand's parser: options and positionals intermixed, own usage in errors."""

    _intermixing = False

    def parse_known_args(self, args=None, namespace=None):
        if self._intermixing or self._has_subcommands():
            # the inner passes of parse_known_intermixed_args; a parser with subcommands
            # of its own (``plan catalyst``) leaves intermixing to them
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            namespace, extras = self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return namespace, extras

    def _has_subcommands(self) -> bool:
        return any(action.nargs in (argparse.PARSER, argparse.REMAINDER)
                   for action in self._get_positional_actions())


class VersionAction(argparse.Action):
    """``--version``: print :func:`version` and exit (looked up only when asked)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help="print bootorder's version and exit"):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version())
        parser.exit()


def version() -> str:
    """``bootorder VERSION`` of the installed distribution (``unknown`` when not installed)."""
    from importlib.metadata import PackageNotFoundError, version as dist_version
    try:
        return f"bootorder {dist_version('bootorder')}"
    except PackageNotFoundError:
        return "bootorder (version unknown: not installed)"
