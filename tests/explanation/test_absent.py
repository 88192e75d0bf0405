"""why_not / explain for a package that is not in the graph: the reason (hand-checked
table) and the flag change or any-of group that would pull it in."""
from __future__ import annotations

import pytest
from minirepo import write_repo

from bootorder.config.configuration import Config
from bootorder.config.profile import Profile
from bootorder.explanation.absent import why_not
from bootorder.explanation.paths import explain
from bootorder.render.explanation import render_text
from bootorder.resolver.resolution import resolve
from bootorder.tree.repository import Tree

EBUILDS = {
    "app/top-1": {"IUSE": "ssl static foo",
                  "RDEPEND": "lib/base ssl? ( lib/ssl lib/masked ) "
                             "static? ( !foo? ( lib/stat ) ) || ( lib/base lib/alt ) "
                             "foo? ( >=lib/ver-2 )"},
    "lib/base-1": {}, "lib/ssl-1": {}, "lib/stat-1": {}, "lib/alt-1": {},
    "lib/masked-1": {}, "lib/kw-1": {"KEYWORDS": "~amd64"}, "lib/other-1": {},
    "lib/ver-1": {}, "lib/ver-2": {}, "lib/both-1": {"KEYWORDS": "~amd64"},
}


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    repo = write_repo(tmp_path_factory.mktemp("whynot"), EBUILDS)  # tests/minirepo.py
    (repo / "profiles" / "default" / "package.mask").write_text("lib/masked\nlib/both\n")
    tree = Tree.open([repo])
    cfg = Config(tree, Profile.load(tree, "mini:default"))
    return resolve(cfg, ["app/top"]), cfg


@pytest.mark.parametrize("pkg, reason, changes", [
    ("lib/ssl", "not-needed", [('USE="ssl" for app/top', "ssl?")]),
    ("ssl", "not-needed", [('USE="ssl" for app/top', "ssl?")]),
    ("lib/stat", "not-needed", [('USE="static" for app/top', "static? !foo?")]),
    ("lib/alt", "not-needed", [("", "")]),
    ("lib/masked", "masked", [('USE="ssl" for app/top', "ssl?")]),
    ("lib/kw", "keywords", []),
    ("lib/other", "not-needed", []),
    ("lib/nope", "not-found", []),
    ("=lib/base-2", "not-found", []),
    # only atoms that match the version asked about
    ("=lib/ver-2", "not-needed", [('USE="foo" for app/top', "foo?")]),
    ("=lib/ver-1", "not-needed", []),
    # package.mask and a missing keyword: masked
    ("lib/both", "masked", []),
])
def test_reason_table(case, pkg, reason, changes):
    graph, cfg = case
    assert not graph.find(pkg.lstrip("="))
    got = why_not(graph, pkg, cfg)
    assert got["reason"] == reason
    assert [(e["change"], e["use"]) for e in got["pulled_in_by"]] == changes
    assert explain(graph, pkg, config=cfg).absent == got


def test_any_of_alternative_says_what_was_chosen(case):
    graph, cfg = case
    [entry] = why_not(graph, "lib/alt", cfg)["pulled_in_by"]
    assert entry["why"] == \
        "app/top-1@target RDEPEND || ( lib/base lib/alt ): lib/base was chosen"


def test_did_you_mean_and_text(case):
    graph, cfg = case
    got = why_not(graph, "lib/bsae", cfg)
    assert got["did_you_mean"] == ["lib/base"]
    text = render_text(explain(graph, "lib/ssl", config=cfg))
    assert text.splitlines() == [
        "lib/ssl: lib/ssl is visible, but nothing in the graph pulls it in (under the USE "
        "in force)",
        '  USE="ssl" for app/top: app/top-1@target RDEPEND ssl? ( lib/ssl )',
    ]


def test_without_config_only_the_graph_is_searched(case):
    graph, _ = case
    got = why_not(graph, "lib/alt")
    assert got["reason"] == "not-in-graph" and len(got["pulled_in_by"]) == 1


def test_version_rows(case):
    graph, cfg = case
    [kw] = why_not(graph, "lib/kw", cfg)["versions"]
    assert kw == {"cpv": "lib/kw-1", "repo": "mini", "visible": False,
                  "reasons": kw["reasons"], "missing_keywords": ["~amd64"],
                  "keywords_only": True}
    [both] = why_not(graph, "lib/both", cfg)["versions"]
    assert both["keywords_only"] is False and len(both["reasons"]) == 2
