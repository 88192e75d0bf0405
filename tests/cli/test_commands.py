"""The command modules of bootorder.cli, each imported on its own: the subcommand it
registers and the arguments it reads (a table of command lines), and what its ``run``
prints and returns on the embedded example, against the workflow it calls (the JSON is
the workflow value's) and the documented exit codes (0 an answer, 2 bad input, 3 a
hard cycle is left)."""
from __future__ import annotations

import argparse
import json

import pytest

from bootorder import planflows, workflows
from bootorder.cli import (
    COMMAND_MODULES,
    bootstrap,
    cache,
    cycles,
    explain,
    graph,
    main,
    order,
    parse,
    plan,
    profile,
    stage1,
    toolchain,
    use_changes,
    verify,
)
from bootorder.order.cycles import DEFAULT_MAX_CYCLES, DEFAULT_MAX_LENGTH
from bootorder.render.bootstrap import seedless_json
from bootorder.tree.egencache import CacheResult

MODULES = {"bootstrap": bootstrap, "cache": cache, "cycles": cycles, "explain": explain,
           "graph": graph, "order": order, "parse": parse, "plan": plan, "profile": profile,
           "stage1": stage1, "toolchain": toolchain, "verify": verify}


def parsed(module, argv: list[str]) -> argparse.Namespace:
    """``argv`` parsed by a parser holding ``module``'s subcommand only."""
    parser = argparse.ArgumentParser(prog="bootorder")
    module.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_every_command_module_is_listed():
    assert sorted(COMMAND_MODULES) == sorted(MODULES)


@pytest.mark.parametrize("argv, expected", [
    (["bootstrap", "--scope", "all", "--json"],
     {"scope": "all", "json": True, "host": "empty", "targets": [], "stage1": False}),
    (["cache", "repo", "--master", "m1", "--master", "m2", "--jobs", "4"],
     {"path": "repo", "masters": ["m1", "m2"], "jobs": 4, "json": False,
      "allow_root": False}),
    (["cycles", "--all", "--max-length", "3", "--suggest-use"],
     {"scope": "all", "max_length": 3, "max_cycles": DEFAULT_MAX_CYCLES, "suggest_use": True,
      "host": "empty"}),                                      # the one default host model
    (["cycles"], {"scope": "shortest", "suggest_use": False, "with_specs": []}),
    (["explain", "gcc", "--all", "--reverse", "--max-paths", "7"],
     {"package": "gcc", "all_paths": True, "reverse": True, "max_paths": 7, "json": False}),
    (["explain", "gcc", "--needs"], {"package": "gcc", "reverse": True}),  # --reverse's name
    (["graph", "--format", "dot", "--around", "gcc", "--depth", "2", "--direction", "deps",
      "--mark-cuts", "--labels"],
     {"format": "dot", "around": "gcc", "depth": 2, "direction": "deps", "mark_cuts": True,
      "labels": True}),
    (["order", "--waves", "@system", "--with", "a/b -x", "--implicit", "off"],
     {"waves": True, "targets": ["@system"], "with_specs": ["a/b -x"], "implicit": "off"}),
    (["parse", "--eapi", "none", "--key", "bdepend", "a/b"],
     {"eapi": "none", "key": "BDEPEND", "string": "a/b", "json": False}),
    (["profile", "--repo", "r1", "--repo", "r2", "--profile", "r2:p"],
     {"repos": ["r1", "r2"], "profile": "r2:p", "json": False}),
    (["stage1", "--host", "vdb:/x"], {"stage1": True, "host": "vdb:/x", "implicit": "on"}),
    (["toolchain"], {"host": "empty", "stage1": False}),
    (["plan", "catalyst", "--out", "d", "--stage1-profile", "r:t", "--option", "pkgcache",
      "--option", "bindist", "--prefix", "releng"],
     {"plan_kind": "catalyst", "out": "d", "stages": None, "stage1_profile": "r:t",
      "options": ["pkgcache", "bindist"], "prefix": "releng", "json": False}),
    (["plan", "catalyst", "--out", "d", "--stages", "stage1,stage3", "--seed", "vdb:s",
      "--seed-exclude", "x/y", "--stage4", "a/b", "c/d"],
     {"stages": "stage1,stage3", "seed": "vdb:s", "seed_exclude": ["x/y"],
      "stage4": ["a/b", "c/d"]}),
    (["verify", "d", "--minimal", "--repo", "r"],
     {"plan_dir": "d", "minimal": True, "repos": ["r"], "json": False}),
])
def test_arguments(argv, expected):
    module = MODULES[argv[0]]
    args = parsed(module, argv)
    assert args.func is module.run and args.command == argv[0]
    assert {key: getattr(args, key) for key in expected} == expected


@pytest.mark.parametrize("argv, message", [
    (["cycles", "--max-length", "0"], "expected a whole number >= 1, got '0'"),
    (["cycles", "--max-cycles", "many"], "expected a whole number >= 1, got 'many'"),
    (["parse", "--eapi", "10", "a/b"], "invalid choice: '10'"),
    (["bootstrap", "--scope", "some"], "invalid choice: 'some'"),
    (["plan", "catalyst"], "the following arguments are required: --out"),
    (["plan", "catalyst", "--out", "d", "--option", "ccache"], "invalid choice: 'ccache'"),
    (["plan", "bootstrap"], "the following arguments are required: --out"),
    (["plan", "bootstrap", "--out", "d", "--scope", "some"], "invalid choice: 'some'"),
    (["verify"], "the following arguments are required: DIR"),
])
def test_bad_arguments_exit_2(capsys, argv, message):
    with pytest.raises(SystemExit) as code:
        parsed(MODULES[argv[0]], argv)
    assert code.value.code == 2 and message in capsys.readouterr().err


@pytest.mark.parametrize("argv, wanted", [
    (["cycles"], False), (["cycles", "--suggest-use"], True),
    (["cycles", "--with", "a/b -x"], True),
])
def test_use_changes_wanted(argv, wanted):
    assert use_changes.wanted(parsed(cycles, argv)) is wanted


# --- run, on the embedded example ---------------------------------------------------

EMPTY = workflows.ResolveRequest(stage1=True, host="empty")
SEED = workflows.ResolveRequest(stage1=True, host="seed")


def _shown(result):
    return result.value, result.extra["plan"]


def answer(request, what: str):
    """The JSON the workflow's value gives (what the command must print), and the
    JSON of the workflow's problems (the envelope's)."""
    result = {
        "order": lambda: workflows.order(request),
        "cycles": lambda: workflows.cycles(request, "shortest", DEFAULT_MAX_LENGTH,
                                           DEFAULT_MAX_CYCLES),
        "bootstrap": lambda: planflows.bootstrap(request, "unbreakable"),
        "toolchain": lambda: workflows.toolchain(request),
        "explain": lambda: workflows.explain(request, "gcc", all_paths=False, reverse=False,
                                             max_paths=20),
        "graph": lambda: workflows.graph(request, mark_cuts=False),
    }[what]()
    value = result.value.to_json(waves=False) if what == "order" else \
        seedless_json(*_shown(result)) if what == "bootstrap" else result.value.to_json()
    return value, [p.to_json() for p in result.problems]


@pytest.mark.parametrize("argv, code, request_", [     # stage 1: awk's REQUIRED_USE (4)
    (["order", "--stage1", "--host", "empty", "--json"], 3, EMPTY),  # xz-utils <-> elt-patches
    (["order", "--json"], 3, EMPTY),                     # the defaults: stage 1, empty host
    (["order", "--stage1", "--host", "seed", "--json"], 4, SEED),
    (["cycles", "--json"], 3, EMPTY),
    (["cycles", "--stage1", "--host", "seed", "--json"], 4, SEED),
    (["bootstrap", "--json"], 0, EMPTY),       # steps answer the cycle, the plan awk's fix
    (["toolchain", "--json"], 0, workflows.ResolveRequest(host="empty")),
    (["explain", "gcc", "--json"], 4, EMPTY),
    (["explain", "gcc", "--host", "seed", "--json"], 4, SEED),
    (["graph", "--json"], 4, EMPTY),
])
def test_run_prints_the_workflows_answer(capsys, monkeypatch, argv, code, request_):
    monkeypatch.setattr(workflows, "live_system", lambda *args: None)
    module = MODULES[argv[0]]
    assert module.run(parsed(module, argv)) == code
    printed, err = json.loads((got := capsys.readouterr()).out), got.err
    envelope = {k: printed.pop(k) for k in ("context", "problems")}
    value, problems = answer(request_, argv[0])
    assert printed == value and envelope["problems"] == problems
    assert err == ""                                   # --json: nothing besides the JSON
    assert all(p["kind"] == "required-use" for p in problems)
    assert envelope["context"]["source"] == "example" and envelope["context"]["notes"]


def test_cycles_with_suggest_use_adds_the_answer(capsys, monkeypatch):
    monkeypatch.setattr(workflows, "live_system", lambda *args: None)
    args = parsed(cycles, ["cycles", "--stage1", "--host", "empty", "--suggest-use", "--json"])
    assert cycles.run(args) == 3
    printed = json.loads(capsys.readouterr().out)
    result = workflows.cycles_with_changes(EMPTY, suggest=True, scope="shortest",
                                           max_length=args.max_length,
                                           max_cycles=args.max_cycles)
    assert printed["suggest_use"] == result.extra["suggestion"].to_json()
    assert "whatif" not in printed
    # the hard-cycle enumeration the suggestion used, as before; the --scope report added
    assert printed["requested_scope"] == result.value.to_json()
    assert printed["scope"] == "hard"
    assert {k: v for k, v in printed.items()
            if k not in ("suggest_use", "requested_scope", "context", "problems")} \
        == result.extra["enumeration"].to_json()


def test_cycles_with_suggest_use_prints_the_answer_then_the_scope(capsys, monkeypatch):
    """The answer first, then the cycles of --scope one line each; -v adds the
    enumeration the suggestion used (8,698 lines on the example before)."""
    monkeypatch.setattr(workflows, "live_system", lambda *args: None)
    assert main(["cycles", "--suggest-use"]) == 3
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert lines[0] == "No USE change breaks a cycle." and len(lines) < 20
    assert "The shortest hard cycle of each strongly connected component:" in lines
    assert lines[-2] == ("  app-arch/xz-utils-5.6.3@host -> app-portage/elt-patches-20240912"
                         "@host -> app-arch/xz-utils-5.6.3@host")
    assert main(["cycles", "--suggest-use", "--scope", "hard"]) == 3
    assert "Every hard cycle:" in capsys.readouterr().out
    assert main(["cycles", "--suggest-use", "-v"]) == 3
    verbose = capsys.readouterr().out
    assert verbose.startswith(text) and " * Error: circular dependencies:" in verbose


def test_parse_prints_the_tree_or_its_json(capsys):
    from bootorder.render.syntax import spec_json
    from bootorder.syntax.parse import parse_depend
    assert parse.run(parsed(parse, ["parse", "a/b || ( c/d e/f )"])) == 0
    assert capsys.readouterr().out == "a/b\n|| (\n  c/d\n  e/f\n)\n"
    assert parse.run(parsed(parse, ["parse", "--json", "--eapi", "7", "a/b:="])) == 0
    assert json.loads(capsys.readouterr().out) == spec_json(parse_depend("a/b:=", "7"), "7")


@pytest.mark.parametrize("returncode, code", [(0, 0), (1, 2)])
def test_cache_reports_egencache_and_maps_its_failure_to_2(capsys, monkeypatch, returncode,
                                                           code):
    result = CacheResult("r", "/repos/r", 3, ("!!! one bad ebuild",), returncode, "portage", 3)
    calls = []
    monkeypatch.setattr(workflows, "cache", lambda path, masters, jobs, allow_root:
                        calls.append(allow_root) or result)
    assert cache.run(parsed(cache, ["cache", "/repos/r", "--json"])) == code
    assert json.loads(capsys.readouterr().out) == {
        "repo": "r", "path": "/repos/r", "entries": 3, "errors": ["!!! one bad ebuild"],
        "returncode": returncode, "ran_as": "portage", "ebuilds": 3}
    assert cache.run(parsed(cache, ["cache", "/repos/r", "--allow-root"])) == code
    out, err = capsys.readouterr()
    assert out == "r: 3 cache entries in /repos/r/metadata/md5-cache\n  !!! one bad ebuild\n"
    failed = (f"bootorder: egencache failed (exit {returncode}); the cache was left as it "
              f"was\n" if returncode else "")
    assert err == "bootorder: the ebuilds' bash ran as user 'portage'\n" + failed
    assert calls == [False, True]


def test_cache_with_fewer_entries_than_ebuilds_is_incomplete(capsys, monkeypatch):
    """egencache may exit 0 having cached nothing (portage's user could not read the
    ebuilds): that is no complete cache (exit 4, said)."""
    result = CacheResult("r", "/repos/r", 0, ("!!! permission denied",), 0, "portage", 3)
    monkeypatch.setattr(workflows, "cache", lambda *args, **kw: result)
    assert cache.run(parsed(cache, ["cache", "/repos/r"])) == 4
    assert "wrote 0 cache entries for 3 ebuilds" in capsys.readouterr().err


def test_cache_maps_egencache_failing_on_a_full_disk_to_5(capsys, monkeypatch):
    lines = ("Traceback (most recent call last):", "OSError: [Errno 28] No space left on device")
    result = CacheResult("r", "/repos/r", 3, lines, 1, "root")
    monkeypatch.setattr(workflows, "cache", lambda *args, **kw: result)
    assert cache.run(parsed(cache, ["cache", "/repos/r", "--allow-root"])) == 5
    assert capsys.readouterr().err.splitlines()[-1] == (
        "bootorder: egencache failed (exit 1): it could not write ([Errno 28] No space left "
        "on device); the cache was left as it was")
