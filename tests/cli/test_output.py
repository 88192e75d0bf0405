"""bootorder.cli.output: the exit-code table (in every command's --help), the exit code
of an answer (3 wins over 4), and what goes to stdout and stderr in text and JSON mode."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from bootorder.cli import COMMAND_MODULES, build_parser
from bootorder.cli.output import (
    EXIT_CODES,
    EXIT_CODES_HELP,
    answer,
    command_reporter,
    exit_code,
)
from bootorder.core.errors import BootorderError
from bootorder.core.problems import Problem, in_file

ERROR = Problem("no-match", None, ">=a/b-9", (), "no version matches")
WARNING = in_file("bad-name", "/r/x", "bad name", severity="warning")
CONTEXT = SimpleNamespace(repos=("/r",), repo_names=("r",), profile="r:p", source="given",
                          profile_source="given", host="seed", targets=("a/b",),
                          to_json=lambda: {"profile": "r:p"})


@pytest.mark.parametrize("code, problems, expected", [
    (0, [], 0), (0, [WARNING], 0), (0, [ERROR], 4), (3, [], 3), (3, [ERROR], 3),
])
def test_exit_code(code, problems, expected):
    assert exit_code(code, problems) == expected


def test_every_command_help_ends_with_the_table():
    assert [c for c, _ in EXIT_CODES] == [0, 1, 2, 3, 4, 5, 130]
    parser = build_parser()
    helps = [parser.format_help()] + [
        parser._subparsers._group_actions[0].choices[name].format_help()
        for name in COMMAND_MODULES]
    assert all(h.rstrip().endswith(EXIT_CODES_HELP.rstrip()) for h in helps)


def test_text_mode_banner_answer_problems_summary(capsys):
    result = SimpleNamespace(context=CONTEXT, problems=(ERROR, WARNING))
    with command_reporter() as reporter:
        reporter.note("a note")
    assert answer(result, reporter, json_mode=False, text="the answer\n") == 4
    out, err = capsys.readouterr()
    assert out == "the answer\n"
    assert err.splitlines() == [
        "bootorder: a note",
        "bootorder: tree r (given); profile r:p (given); host seed; targets a/b",
        "argument: no-match: >=a/b-9: no version matches", "/r/x: bad-name: bad name",
        "bootorder: 2 problems: 1 no-match, 1 bad-name; the answer is incomplete"]


def test_json_mode_keeps_stderr_for_what_the_json_lacks(capsys):
    result = SimpleNamespace(context=CONTEXT, problems=(WARNING,))
    with command_reporter(json_mode=True) as reporter:
        reporter.note("a note")
    assert answer(result, reporter, json_mode=True, doc={"x": 1}) == 0
    out, err = capsys.readouterr()
    assert err == "" and json.loads(out) == {
        "x": 1, "context": {"profile": "r:p", "notes": ["a note"]},
        "problems": [WARNING.to_json()]}


def test_problems_found_before_an_error_are_written_first(capsys):
    with pytest.raises(BootorderError), command_reporter() as reporter:
        reporter.problem(WARNING)
        raise BootorderError("refused")
    assert capsys.readouterr().err == "/r/x: bad-name: bad name\n"


def test_the_console_script_freezes_the_computed_answer_and_python_callers_do_not(monkeypatch):
    import gc

    from bootorder.cli import output
    with output.command_reporter(True):
        kept = [[i] for i in range(100)]
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr(output, "ONE_COMMAND_PROCESS", True)
    try:
        with output.command_reporter(True):
            kept += [[i] for i in range(100)]
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()
