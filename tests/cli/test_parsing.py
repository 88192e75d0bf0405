"""bootorder.cli.parsing: options anywhere on the line (a table of command lines parsed
both ways), errors with the subcommand's usage, ``--version``, plain-text help, and the
defaults stated once: the same text in ``--help`` and the README, and every resolving
command parsing to the same host model and stage-1 default."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bootorder.cli import build_parser, main
from bootorder.cli.output import EXIT_CODES_HELP
from bootorder.cli.parsing import DEFAULTS

README = Path(__file__).resolve().parents[2] / "README.md"
RESOLVING = ("stage1", "order", "cycles", "bootstrap", "explain", "graph", "toolchain")


@pytest.mark.parametrize("ordered, mixed", [
    (["explain", "--host", "empty", "gcc", "sys-devel/gcc"],
     ["explain", "gcc", "--host", "empty", "sys-devel/gcc"]),
    (["order", "--waves", "--stage1", "@system", "x/y"],
     ["order", "@system", "--waves", "x/y", "--stage1"]),
    (["graph", "--format", "dot", "--around", "gcc", "sys-devel/gcc"],
     ["graph", "sys-devel/gcc", "--around", "gcc", "--format", "dot"]),
    (["parse", "--eapi", "7", "a/b"], ["parse", "a/b", "--eapi", "7"]),
])
def test_options_after_targets(ordered, mixed):
    parser = build_parser()
    assert vars(parser.parse_args(mixed)) == vars(parser.parse_args(ordered))


@pytest.mark.parametrize("argv, usage", [
    (["explain", "gcc", "--hots", "x"], "usage: bootorder explain "),
    (["order", "--nope"], "usage: bootorder order "),
    (["explain"], "usage: bootorder explain "),            # PKG missing
])
def test_errors_show_the_subcommand_usage(capsys, argv, usage):
    with pytest.raises(SystemExit) as code:
        main(argv)
    err = capsys.readouterr().err
    assert code.value.code == 2 and err.startswith(usage)


def test_version(capsys):
    from importlib.metadata import version
    with pytest.raises(SystemExit) as code:
        main(["--version"])
    assert code.value.code == 0
    assert capsys.readouterr().out == f"bootorder {version('bootorder')}\n"


def test_top_level_help_is_plain_text_with_the_defaults(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert DEFAULTS in out and "``" not in out and not re.search(r"^==", out, re.M)
    assert out.rstrip().endswith(EXIT_CODES_HELP.rstrip())


def test_the_readme_states_the_same_defaults():
    assert DEFAULTS in README.read_text()


@pytest.mark.parametrize("command", RESOLVING)
def test_every_resolving_command_has_the_same_defaults(command):
    from bootorder.cli.targets import request_from_args
    argv = [command, "gcc"] if command == "explain" else [command]
    args = build_parser().parse_args(argv)
    request = request_from_args(args, default_stage1=command != "toolchain")
    assert (request.host, request.implicit, request.targets) == ("empty", True, ())
    assert request.stage1 is (command != "toolchain")
