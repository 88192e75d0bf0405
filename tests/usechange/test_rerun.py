"""bootorder.usechange.rerun: whatif (the USE override seen by the real resolver),
compare (graph differences, independent of insertion order), and the command line's
``suggest-use`` with ``--with``."""
from __future__ import annotations

from minirepo import PROFILE_DEFAULTS as MAKE_DEFAULTS, make_config

from bootorder.config.overrides import parse_with, with_text
from bootorder.graph.depgraph import DepGraph, NodeKey
from bootorder.usechange.rerun import compare, whatif

CYCLE = {
    "dev-libs/a-1": {"IUSE": "+b +doc", "DEPEND": "b? ( dev-libs/b ) doc? ( app-doc/d )"},
    "dev-libs/b-1": {"DEPEND": "dev-libs/a"},
    "app-doc/d-1": {},
    "app-misc/new-1": {},
    "dev-libs/c-1": {"IUSE": "+t", "RDEPEND": "!t? ( app-misc/new )"},
}


def _cpvs(keys):
    return sorted({k.cpv for k in keys})


def test_turning_the_flag_off_removes_the_cycle(tmp_path):
    config = make_config(tmp_path, CYCLE)
    diff = whatif(config, ["dev-libs/a"], parse_with("dev-libs/a -b"),
                  host="empty", implicit=False)
    # a (target) DEPENDs b in the host root, b needs a there too: both host instances go
    host = [NodeKey("dev-libs/a-1", "host"), NodeKey("dev-libs/b-1", "host")]
    assert list(diff.removed) == host
    assert diff.added == () and diff.cycles_new == () and diff.cycles_kept == 0
    assert diff.cycles_gone == (tuple(host),)
    assert [(k, on, off) for k, on, off in diff.use_changed] == \
        [(NodeKey("dev-libs/a-1", "target"), (), ("b",))]


def test_negative_conditional_pulls_in_and_survives_minus_star(tmp_path):
    # USE="-* build" (catalyst stage 1) wipes IUSE defaults; --with applies above it
    config = make_config(tmp_path, CYCLE, use="-* build")
    diff = whatif(config, ["dev-libs/c"], parse_with("dev-libs/c +t"),
                  host="empty", implicit=False)
    assert _cpvs(diff.removed) == ["app-misc/new-1"] and diff.added == ()
    back = whatif(config, ["dev-libs/c"], parse_with("dev-libs/c -t"),
                  host="empty", implicit=False)
    assert back.removed == back.added == back.use_changed == ()


def test_forced_unknown_and_unmatched_changes_are_reported(tmp_path):
    config = make_config(tmp_path, CYCLE, forced="b\n")
    specs = parse_with("dev-libs/a -b -nosuch") + parse_with("x11-libs/gtk -x")
    diff = whatif(config, ["dev-libs/a"], specs, host="empty", implicit=False)
    assert sorted({(k.cpv, c, r) for k, c, r in diff.ignored}) == [
        ("dev-libs/a-1", "-b", "forced (use.force)"),
        ("dev-libs/a-1", "-nosuch", "not in IUSE")]
    assert with_text(diff.unmatched) == "x11-libs/gtk -x"
    assert diff.removed == diff.cycles_gone == ()


def test_compare_is_independent_of_insertion_order():
    def graph(order):
        g = DepGraph()
        for cpv in order:
            g.add_package(cpv, "host", use=frozenset({"x"} if cpv == "a/x-1" else ()))
        x, y = NodeKey("a/x-1", "host"), NodeKey("a/y-1", "host")
        g.add_dep(x, y, "DEPEND", atom="a/y", use=("x",))
        g.add_dep(y, x, "DEPEND", atom="a/x")
        return g
    after = DepGraph()
    after.add_package("a/x-1", "host")
    one = compare(graph(["a/x-1", "a/y-1"]), after).to_json()
    two = compare(graph(["a/y-1", "a/x-1"]), after).to_json()
    assert one == two
    assert one["removed"] == [{"cpv": "a/y-1", "root": "host"}]
    assert one["cycles_gone"] == [[{"cpv": "a/x-1", "root": "host"}, {"cpv": "a/y-1", "root": "host"}]]


def write_repo(tmp_path, ebuilds: dict):
    """An on-disk repository (md5-cache only) and profile directory for the CLI."""
    from minirepo import cache_entry

    repo = tmp_path / "repo"
    (repo / "profiles").mkdir(parents=True)
    (repo / "metadata").mkdir()
    (repo / "profiles" / "repo_name").write_text("mini\n")
    (repo / "metadata" / "layout.conf").write_text("masters =\n")
    for cpv, meta in ebuilds.items():
        cat, pf = cpv.split("/")
        entry = {"EAPI": "8", "SLOT": "0", "KEYWORDS": "amd64", **meta}
        (repo / "metadata" / "md5-cache" / cat).mkdir(parents=True, exist_ok=True)
        (repo / "metadata" / "md5-cache" / cat / pf).write_text(
            cache_entry(dict(sorted(entry.items()))))
    profile = repo / "profiles" / "default"
    profile.mkdir()
    (profile / "make.defaults").write_text(MAKE_DEFAULTS)
    (profile / "eapi").write_text("8\n")
    return str(repo), "mini:default"


def _cli(capsys, *argv) -> tuple[int, str]:
    from bootorder.cli import main
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_cli_suggest_use_and_with(tmp_path, capsys):
    import json
    repo, profile = write_repo(tmp_path, CYCLE)
    base = ["cycles", "--repo", repo, "--profile", profile, "--host", "empty",
            "--implicit", "off", "dev-libs/a"]
    code, out = _cli(capsys, *base, "--suggest-use", "--json")
    data = json.loads(out)
    assert code == 3 and data["suggest_use"]["size"] == 1
    assert data["suggest_use"]["changes"][0] | {"breaks": None, "removes": None} == {
        "cpv": "dev-libs/a-1", "flag": "b", "enable": False, "role": "breaks",
        "adds_deps": False, "breaks": None, "removes": None, "drops": [
            {"cpv": "dev-libs/a-1", "root": "host"}, {"cpv": "dev-libs/b-1", "root": "host"}]}
    code, out = _cli(capsys, *base, "--with", "dev-libs/a -b", "--suggest-use")
    assert code == 0
    assert "With dev-libs/a -b:\n  packages removed: dev-libs/a-1@host, dev-libs/b-1@host" in out
    assert "cycles gone: 1\n    dev-libs/a-1@host -> dev-libs/b-1@host -> dev-libs/a-1@host" in out
    assert out.startswith("No USE change breaks a cycle.\n")     # the answer first
    assert out.endswith("0 cycle(s) (0 hard) in 0 strongly connected component(s)\n")
    code, out = _cli(capsys, *base, "--with", "dev-libs/a b")  # no sign: turned on, no-op
    assert code == 3 and "cycles gone: 0" in out
    assert _cli(capsys, *base, "--with", "dev-libs/a")[0] == 2


def test_capped_enumeration_compares_shortest_cycles():
    # x <-> y and x -> y -> z -> x share a component: capped at one cycle, the shortest
    # hard cycle of the component (x, y) stands for it
    g = DepGraph()
    x, y, z = (g.add_package(f"a/{n}-1", "host") for n in "xyz")
    for u, v in ((x, y), (y, x), (y, z), (z, x)):
        g.add_dep(u, v, "DEPEND", atom=v.cpv.rsplit("-", 1)[0])
    empty = DepGraph()
    diff = compare(g, empty, max_cycles=1)
    assert diff.truncated and diff.cycles_gone == ((x, y),)
    assert not compare(g, empty).truncated and len(compare(g, empty).cycles_gone) == 2
