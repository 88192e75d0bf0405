"""bootorder.core.problems and the problem channel of bootorder.core.reporter: the JSON
shape every command shares (old keys kept, new ones added), the one-line form with its
escaping, severities, and a collector that keeps each problem once."""
from __future__ import annotations

import dataclasses

import pytest

from bootorder.core.problems import Problem, has_errors, in_file, printable, sorted_problems
from bootorder.core.reporter import ProblemCollector, RecordingReporter, Reporter

OLD_KEYS = {"kind", "package", "atom", "chain", "message", "fix"}
NEW_KEYS = {"severity", "file", "line", "column"}


def test_json_keeps_the_old_keys_and_adds_the_new_ones():
    p = Problem("masked", "a/b-1", "c/d", ("a/b-1",), "c/d-2 is masked", "unmask it")
    assert set(p.to_json()) == OLD_KEYS | NEW_KEYS
    assert p.to_json() == {"kind": "masked", "severity": "error", "file": None, "line": None,
                           "column": None, "package": "a/b-1", "atom": "c/d",
                           "chain": ["a/b-1"], "message": "c/d-2 is masked", "fix": "unmask it"}


@pytest.mark.parametrize("problem, line", [
    (in_file("bad-metadata", "/c/a/b-1", "DEPEND: unclosed (", line=3, column=9, atom="DEPEND"),
     "/c/a/b-1:3:9: bad-metadata: DEPEND: unclosed ("),
    (in_file("unreadable", "/c/a/b-1", "a symlink loop"), "/c/a/b-1: unreadable: a symlink loop"),
    (Problem("no-match", None, ">=a/b-9", (), "no version matches"),
     "argument: no-match: >=a/b-9: no version matches"),
    (Problem("masked", "x/y-1 (host)", "a/b", (), "a/b-1 is masked"),
     "x/y-1 (host): masked: a/b: a/b-1 is masked"),
    (in_file("bad-metadata", "/c/a/b-1", "line 2: '\x00\x1b[31m\ufffd'", line=2),
     "/c/a/b-1:2: bad-metadata: line 2: '\\x00\\x1b[31m\\ufffd'"),
])
def test_one_line_form(problem, line):
    assert problem.oneline() == line


def test_values_are_checked_sorted_and_counted():
    with pytest.raises(ValueError, match="unknown problem kind"):
        Problem("oops", None, None, (), "m")
    with pytest.raises(ValueError, match="unknown severity"):
        Problem("masked", None, None, (), "m", severity="fatal")
    a = Problem("masked", None, "a/b", (), "m")
    b = dataclasses.replace(a, severity="warning", kind="bad-name")
    assert sorted_problems([b, a, a]) == (a, b)
    assert has_errors([a, b]) and not has_errors([b])
    assert printable("x" * 200).endswith("...") and len(printable("x" * 200)) == 163


def test_collector_keeps_each_problem_once_and_passes_every_call_on():
    inner = RecordingReporter()
    collector = ProblemCollector(inner)
    p = in_file("unreadable", "f", "m")
    for call in (lambda: collector.problem(p), lambda: collector.problem(p),
                 lambda: collector.progress("x", 1, 2), lambda: collector.warning("w")):
        call()
    assert collector.problems == [p]
    assert [k for k, _ in inner.calls] == ["problem", "progress", "warning"]


def test_a_reporter_written_before_problems_hears_them_as_warnings():
    class Old(Reporter):
        def __init__(self):
            self.heard = []

        def warning(self, message):
            self.heard.append(message)

    old = Old()
    old.problem(in_file("bad-name", "f", "bad name", severity="warning"))
    assert old.heard == ["f: bad-name: bad name"]
