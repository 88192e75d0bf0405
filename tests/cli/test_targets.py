"""bootorder.cli.targets: the resolution options every resolving command shares, parsed
into the workflow's ResolveRequest (a table of command lines), a bad ``--with`` named in
the error, and a command added with its defaults."""
from __future__ import annotations

import argparse

import pytest

from bootorder.cli.targets import add_resolve_command, add_resolve_options, request_from_args
from bootorder.core.errors import BootorderError
from bootorder.core.usechange import UseChange
from bootorder.workflows import ResolveRequest, TreeRequest


def resolve_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_resolve_options(parser)
    return parser.parse_args(argv)


GCC = UseChange("sys-devel/gcc", "nls", False)


@pytest.mark.parametrize("argv, default_stage1, request_", [
    ([], False, ResolveRequest()),
    ([], True, ResolveRequest(stage1=True)),                  # no TARGET: catalyst's stage 1
    (["x/y"], True, ResolveRequest(targets=("x/y",))),
    (["--stage1", "@system", "x/y"], False,
     ResolveRequest(targets=("@system", "x/y"), stage1=True)),
    (["--repo", "r", "--profile", "r:p", "--host", "empty", "--implicit", "off", "x/y"],
     False, ResolveRequest(TreeRequest(("r",), "r:p"), ("x/y",), host="empty",
                           implicit=False)),
    (["--with", "sys-devel/gcc -nls", "--with", "=a/b-1 +x y"], False,
     ResolveRequest(changes=(GCC, UseChange("=a/b-1", "x", True),
                             UseChange("=a/b-1", "y", True)))),
    (["--use", "-* ssl", "x/y"], False, ResolveRequest(targets=("x/y",), use="-* ssl")),
])
def test_request_from_args(argv, default_stage1, request_):
    assert request_from_args(resolve_args(argv), default_stage1=default_stage1) == request_


def test_a_bad_with_is_named():
    with pytest.raises(BootorderError, match="--with 'gcc -nls': invalid atom 'gcc'"):
        request_from_args(resolve_args(["--with", "gcc -nls"]))


def test_add_resolve_command_sets_defaults():
    parser = argparse.ArgumentParser()
    p = add_resolve_command(parser.add_subparsers(dest="command"), "demo", help="h",
                            description="d", epilog="e", func=print, host="empty")
    assert p.epilog == "e"
    args = parser.parse_args(["demo", "x/y"])
    assert (args.func, args.host, args.targets, args.implicit) == (print, "empty", ["x/y"], "on")
