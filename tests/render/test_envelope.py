"""bootorder.render.envelope: the banner, problem lines and summary every command writes
on stderr, and the JSON envelope (keys added, an answer's own problem list kept)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from bootorder.core.problems import Problem, in_file
from bootorder.render.envelope import banner, problem_lines, summary, with_envelope

CONTEXT = SimpleNamespace(repos=("/r/a", "/r/b"), repo_names=("a", "b"), profile="b:p",
                          source="given", profile_source="given", host="vdb:/v",
                          targets=("@stage1", "sys-devel/gcc"),
                          to_json=lambda: {"profile": "b:p"})
BAD = in_file("bad-metadata", "/r/a/x", "DEPEND: unclosed (", line=3, column=4)
WARN = in_file("unknown-eapi", "/r/a/y", "EAPI '99' is not supported", line=5,
               severity="warning")
MASKED = Problem("masked", "a/b-1", "c/d", ("a/b-1",), "c/d-1 is masked", "unmask it")


def test_banner_names_tree_profile_host_and_targets():
    assert banner(CONTEXT) == ("bootorder: tree a, b (given); profile b:p (given); "
                               "host vdb:/v; targets @stage1 sys-devel/gcc")
    profile_only = SimpleNamespace(**{**vars(CONTEXT), "host": None, "targets": ()})
    assert banner(profile_only) == "bootorder: tree a, b (given); profile b:p (given)"


@pytest.mark.parametrize("problems, line", [
    ([], "no problems"),
    ([WARN], "1 problem: 1 unknown-eapi"),
    ([BAD, WARN, MASKED], "3 problems: 1 masked, 1 bad-metadata, 1 unknown-eapi; "
                          "the answer is incomplete"),
])
def test_summary(problems, line):
    assert summary(problems) == line


def test_problem_lines_one_per_problem():
    assert problem_lines([BAD, MASKED]) == ["/r/a/x:3:4: bad-metadata: DEPEND: unclosed (",
                                            "a/b-1: masked: c/d: c/d-1 is masked"]


def test_envelope_adds_keys_and_keeps_an_answers_own_problems():
    own = {**MASKED.to_json(), "fix": "unmask it; it then pulls in: nothing new",
           "use_changes": []}
    doc = with_envelope({"packages": [], "problems": [own]}, CONTEXT, [WARN, MASKED], ["n"])
    assert doc["packages"] == [] and doc["context"] == {"profile": "b:p", "notes": ["n"]}
    assert doc["problems"] == [own, WARN.to_json()]
