"""bootorder.cli.options: ``--repo`` (repeatable) and ``--profile`` parsed into the
workflow's TreeRequest (a table of command lines)."""
from __future__ import annotations

import argparse

import pytest

from bootorder.cli.options import add_tree_options, tree_request
from bootorder.workflows import TreeRequest


def tree_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_tree_options(parser)
    return parser.parse_args(argv)


@pytest.mark.parametrize("argv, request_", [
    ([], TreeRequest()),
    (["--repo", "a", "--repo", "b"], TreeRequest(("a", "b"))),
    (["--profile", "r:p"], TreeRequest((), "r:p")),
])
def test_tree_request(argv, request_):
    assert tree_request(tree_args(argv)) == request_


def test_tree_request_of_arguments_without_tree_options():
    assert tree_request(argparse.Namespace()) == TreeRequest()
