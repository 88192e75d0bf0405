"""bootorder.workflows: which tree and profile a command uses and how it says so (a
table over given, live and example trees), targets and configurations of a request,
and every command function equal to the library calls it stands for (the library as
the oracle), on the embedded example."""
from __future__ import annotations

import json

import pytest

from bootorder import planflows, workflows
from bootorder.config.configuration import STAGE1_USE, Config
from bootorder.config.locate import LiveConfig, Location, locate
from bootorder.config.profile import Profile
from bootorder.core.errors import BootorderError, DepSyntaxError, NoMatchError
from bootorder.core.reporter import RecordingReporter
from bootorder.core.usechange import UseChange
from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
from bootorder.workflows import Context, ResolveRequest, TreeRequest

EXAMPLE = str(example_repository_path())
ARM64 = "bootorder-example:default/linux/arm64"
NAMES = ("bootorder-example",)


@pytest.fixture
def no_live_system(monkeypatch):
    monkeypatch.setattr(workflows, "live_system", lambda *args: None)


LIVE = LiveConfig((EXAMPLE,), EXAMPLE_PROFILE, Location("/cfg", how="PORTAGE_CONFIGROOT"))
LIVE_NOTE = (f"using the portage configuration in /cfg/etc/portage (PORTAGE_CONFIGROOT): "
             f"repositories {EXAMPLE}")


@pytest.mark.parametrize("live, request_, context, notes", [
    (None, TreeRequest(), Context((EXAMPLE,), EXAMPLE_PROFILE, "example", "example", NAMES),
     [f"no --repo and no portage configuration in {locate().user_config}: using the "
      f"embedded example ({EXAMPLE})"]),
    (None, TreeRequest((EXAMPLE,)),
     Context((EXAMPLE,), EXAMPLE_PROFILE, "given", "default", NAMES),
     [f"no --profile: using {EXAMPLE_PROFILE} (the first stable amd64 entry of "
      "profiles.desc)"]),
    (None, TreeRequest((EXAMPLE,), ARM64), Context((EXAMPLE,), ARM64, "given", "given", NAMES), []),
    (LIVE, TreeRequest(), Context((EXAMPLE,), EXAMPLE_PROFILE, "live", "live", NAMES),
     [LIVE_NOTE]),
    (LIVE, TreeRequest(profile=ARM64), Context((EXAMPLE,), ARM64, "live", "given", NAMES),
     [LIVE_NOTE]),
    (LIVE, TreeRequest((EXAMPLE,), ARM64),     # --repo: never live
     Context((EXAMPLE,), ARM64, "given", "given", NAMES), []),
])
def test_open_config_says_which_tree_and_profile(monkeypatch, live, request_, context, notes):
    monkeypatch.setattr(workflows, "live_system", lambda *args: live)
    monkeypatch.setattr(workflows, "host_arch", lambda: "amd64")
    reporter = RecordingReporter()
    config, got = workflows.open_config(request_, reporter)
    assert got == context
    assert [args[0] for kind, args in reporter.calls if kind == "note"] == notes
    assert config.profile.chain[-1] == context.profile
    assert [str(r.path) for r in config.tree.repos] == list(context.repos)


def test_a_live_configuration_without_make_profile_is_an_error(monkeypatch):
    live = LiveConfig((EXAMPLE,), None, Location("/cfg", how="--config-root"))
    monkeypatch.setattr(workflows, "live_system", lambda *args: live)
    with pytest.raises(BootorderError, match="/cfg/etc/portage: no make.profile"):
        workflows.open_config(TreeRequest())


def test_without_profile_the_host_architecture_chooses(monkeypatch):
    monkeypatch.setattr(workflows, "host_arch", lambda: "arm64")
    reporter = RecordingReporter()
    config, context = workflows.open_config(TreeRequest((EXAMPLE,)), reporter)
    assert context.profile == ARM64 and config.profile.arch == "arm64"


@pytest.mark.parametrize("request_, targets", [
    (ResolveRequest(targets=("sys-devel/gcc",)), ["sys-devel/gcc"]),
    (ResolveRequest(targets=("@system",), stage1=True), ["@system"]),
    (ResolveRequest(stage1=True), ["@stage1"]),
])
def test_targets_of(request_, targets):
    assert workflows.targets_of(request_) == targets


def test_nothing_to_resolve_is_an_error():
    with pytest.raises(BootorderError, match="nothing to resolve: give TARGET"):
        workflows.targets_of(ResolveRequest())


@pytest.mark.usefixtures("no_live_system")
def test_configure_applies_stage1_use_then_the_changes():
    change = UseChange("sys-devel/gcc", "nls", False)
    base, config, _ = workflows.configure(ResolveRequest(stage1=True, changes=(change,)))
    assert base.use_override == config.use_override == "-* build cxx"   # $BOOTSTRAP_USE
    assert change not in base.use_changes and change in config.use_changes
    plain, same, _ = workflows.configure(ResolveRequest(targets=("sys-devel/gcc",)))
    assert plain.use_override is None and same is plain and plain.make_conf_use is None
    conf, _, _ = workflows.configure(ResolveRequest(stage1=True, use="-nls ssl"))
    assert (conf.make_conf_use, conf.use_override) == ("-nls ssl", "-* build cxx")


@pytest.mark.usefixtures("no_live_system")
@pytest.mark.parametrize("request_, message", [
    (ResolveRequest(targets=("sys-devel/gccc",)),
     "no package matches 'sys-devel/gccc' (did you mean sys-devel/gcc?)"),
    (ResolveRequest(targets=("@nosuchset",)), "no set matches '@nosuchset'"),
    (ResolveRequest(targets=("@sytsem",)), "no set matches '@sytsem' (did you mean @system?)"),
    (ResolveRequest(stage1=True, changes=(UseChange("sys-devel/gccc", "nls", False),)),
     "no package matches '--with sys-devel/gccc' (did you mean sys-devel/gcc?)"),
    (ResolveRequest(stage1=True, changes=(UseChange(">=sys-devel/gcc-99", "nls", False),)),
     "no version matches '--with >=sys-devel/gcc-99'"),
])
def test_arguments_that_match_nothing_are_errors(request_, message):
    """Like emerge's 'there are no ebuilds to satisfy': refused before resolving."""
    with pytest.raises(NoMatchError) as err:
        workflows.order(request_)
    assert str(err.value) == message


@pytest.mark.usefixtures("no_live_system")
def test_a_target_that_exists_but_cannot_be_resolved_is_a_problem_of_an_incomplete_answer():
    result = workflows.order(ResolveRequest(targets=(">=sys-devel/gcc-99",), host="empty"))
    [problem] = result.problems
    assert (problem.kind, problem.atom, problem.severity) == ("no-match", ">=sys-devel/gcc-99",
                                                              "error")
    assert not result.complete and result.value.order == ()


@pytest.mark.parametrize("host, expected", [("seed", "seed"), ("empty", "empty")])
def test_resolve_options(host, expected):
    options = workflows.resolve_options(ResolveRequest(host=host, implicit=False))
    assert (options["host"].kind, options["implicit"]) == (expected, False)


def test_a_bad_host_model_is_an_error():
    with pytest.raises(BootorderError, match="unknown host model 'moon'"):
        workflows.resolve_options(ResolveRequest(host="moon"))


# --- every command function is the library calls it names --------------------------

REQUEST = ResolveRequest(stage1=True, host="empty")


@pytest.fixture(scope="module")
def library():
    """The configuration and graph of REQUEST, made with the library directly."""
    from bootorder.resolver.resolution import resolve
    tree = Tree.open([example_repository_path()])
    config = Config(tree, Profile.load(tree, EXAMPLE_PROFILE)).with_changes(use=STAGE1_USE)
    return config, resolve(config, ["@stage1"], host="empty")


def as_json(value) -> str:
    return json.dumps(value.to_json(), sort_keys=True)


@pytest.mark.usefixtures("no_live_system")
def test_resolve_request_and_order(library):
    from bootorder.order.schedule import build_order
    config, graph = library
    resolved = workflows.resolve_request(REQUEST)
    assert as_json(resolved.value) == as_json(graph) and resolved.graph is resolved.value
    assert resolved.config.use_override == config.use_override == "-* build cxx"
    ordered = workflows.order(REQUEST)
    assert as_json(ordered.value) == as_json(build_order(graph))
    assert ordered.context == Context((EXAMPLE,), EXAMPLE_PROFILE, "example", "example", NAMES,
                                      "empty", ("@stage1",), True, "/")
    [problem] = ordered.problems       # the example's awk: stage 1's -* breaks ^^ ( gawk mawk )
    assert (problem.kind, problem.package) == ("required-use", "app-alternatives/awk-4")
    assert problem.file.endswith("md5-cache/app-alternatives/awk-4") and problem.line
    assert not ordered.complete


@pytest.mark.usefixtures("no_live_system")
def test_stage1_cycles_graph_and_explain(library):
    from bootorder.explanation.paths import explain
    from bootorder.order.cycles import find_cycles
    from bootorder.order.schedule import build_order
    from bootorder.order.stuck import stuck_packages
    from bootorder.usechange.checks import check_graph
    config, graph = library
    staged = workflows.stage1(REQUEST)
    assert staged.extra["stuck"] == frozenset(stuck_packages(graph))
    # the workflow re-resolves each REQUIRED_USE fix to say what it pulls in (awk's
    # gawk); the problems are otherwise the library's
    problems = check_graph(graph, config).problems
    assert [(p.kind, p.package, p.atom, p.message) for p in staged.value.problems] == \
        [(p.kind, p.package, p.atom, p.message) for p in problems]
    assert [p.fix for p in staged.value.problems] == [
        p.fix + ("; it then pulls in: sys-apps/gawk-5.3.1"
                 if p.kind == "required-use" else "") for p in problems]
    cycles = workflows.cycles(REQUEST, "hard", 8, 50)
    assert as_json(cycles.value) == as_json(find_cycles(graph, scope="hard", max_length=8,
                                                        max_cycles=50))
    drawn = workflows.graph(REQUEST, mark_cuts=True)
    assert drawn.extra["marked"] == build_order(graph).ignored
    assert workflows.graph(REQUEST, mark_cuts=False).extra["marked"] == ()
    expl = workflows.explain(REQUEST, "sys-devel/gcc", all_paths=True, reverse=False,
                             max_paths=5)
    assert as_json(expl.value) == as_json(explain(graph, "sys-devel/gcc", all_paths=True,
                                                  max_paths=5, config=config))


@pytest.mark.usefixtures("no_live_system")
def test_cycles_with_changes(library):
    from bootorder.usechange.constraints import config_constraints
    from bootorder.usechange.rerun import whatif
    from bootorder.usechange.suggestion import suggest_use
    config, graph = library
    plain = workflows.cycles_with_changes(REQUEST, suggest=True, scope="hard", max_length=8,
                                          max_cycles=50)
    assert plain.extra["whatif"] is None
    # the cycles found seed the search, unless the report was cut short
    seeds = () if plain.value.truncated else [c.nodes for c in plain.value.cycles]
    assert as_json(plain.extra["suggestion"]) == as_json(
        suggest_use(graph, config_constraints(graph, config), cycles=seeds))
    change = UseChange("sys-devel/gcc", "nls", False)
    changed = workflows.cycles_with_changes(
        ResolveRequest(stage1=True, host="empty", changes=(change,)), suggest=False,
        scope="hard", max_length=8, max_cycles=50)
    assert changed.extra["suggestion"] is None and change in changed.config.use_changes
    assert as_json(changed.extra["whatif"]) == as_json(
        whatif(config, ["@stage1"], (change,), max_length=8, max_cycles=50, host="empty"))


@pytest.mark.usefixtures("no_live_system")
def test_toolchain_and_bootstrap(library, tmp_path):
    from bootorder.plan.bootstrap import BootstrapRequest, bootstrap_plan
    from bootorder.plan.model import Plan
    from bootorder.toolchain.ordering import toolchain_for
    config, _ = library
    assert as_json(workflows.toolchain(REQUEST).value) == as_json(
        toolchain_for(config, ["@stage1"], host="empty"))
    plan, found = bootstrap_plan(config.tree, BootstrapRequest(EXAMPLE_PROFILE, stage1=True))
    shown = planflows.bootstrap(REQUEST, "all")
    assert as_json(shown.value) == as_json(found) and shown.extra["plan"].steps == plan.steps
    written = planflows.plan_bootstrap(REQUEST, out=str(tmp_path / "p"))
    assert written.value.steps == plan.steps and Plan.read(tmp_path / "p") == written.value


@pytest.mark.usefixtures("no_live_system")
def test_profile():
    result = workflows.profile(TreeRequest())
    assert result.value.chain[-1] == EXAMPLE_PROFILE and result.context.source == "example"
    assert result.config.profile is result.value


@pytest.mark.parametrize("text, eapi, key, normalised", [
    ("a/b  || ( c/d e/f )", "8", None, "a/b || ( c/d e/f )"),
    ("a/b", "7", "BDEPEND", "a/b"),
    ("a/b", None, "HOSTDEPEND", "a/b"),
])
def test_parse(text, eapi, key, normalised):
    assert str(workflows.parse(text, eapi, key)) == normalised


@pytest.mark.parametrize("text, eapi, key, error", [
    ("a/b", "6", "BDEPEND", BootorderError),        # BDEPEND needs EAPI 7
    ("a/b )", "8", None, DepSyntaxError),
])
def test_parse_errors(text, eapi, key, error):
    with pytest.raises(error):
        workflows.parse(text, eapi, key)
