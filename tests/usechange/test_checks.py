"""bootorder.usechange.checks: consistency checks of resolved graphs (REQUIRED_USE
violations and USE dependencies, against emerge), their fixes and re-resolution, and
the stage-1 awk case (emerge and the corpus)."""
from __future__ import annotations

import re

import pytest

from bootorder.core.usechange import UseChange
from bootorder.usechange.checks import check_graph, use_changes


def test_flag_changes():
    assert [c.line() for c in use_changes("app-alternatives/awk", set(), {"gawk"})] == [
        "app-alternatives/awk gawk"]
    assert UseChange("a/b", "x", False).line() == "a/b -x"


# -- check_graph on resolved graphs, against emerge ------------------------------------------

PORTAGE_GROUPS = {"exactly-one-of": "^^", "any-of": "||", "at-most-one-of": "??"}


def emerge_required_use(output: str) -> tuple[str, str] | None:
    """``(cpv, constraint)`` of the REQUIRED_USE failure emerge reports, or None."""
    m = re.search(r"has unmet requirements\.\n- (\S+)::\S+ USE=.*\n\n?\s*The following "
                  r"REQUIRED_USE flag constraints are unsatisfied:\n\s+(.+)\n", output)
    if m is None:
        return None
    text = m[2].strip()
    for word, op in PORTAGE_GROUPS.items():
        text = text.replace(word + " (", op + " (")
    return m[1], text


def mini_tree(path, ebuilds):
    """The repository ``tests/emerge_oracle.run_emerge`` writes, as an md5-cache tree."""
    from minirepo import cache_entry

    from bootorder.config.profile import Profile
    from bootorder.tree.repository import Tree
    repo = path / "repo"
    (repo / "profiles" / "default").mkdir(parents=True)
    (repo / "metadata").mkdir()
    (repo / "profiles" / "repo_name").write_text("mini\n")
    (repo / "metadata" / "layout.conf").write_text("masters =\n")
    (repo / "profiles" / "default" / "make.defaults").write_text(
        'ARCH="amd64"\nACCEPT_KEYWORDS="amd64"\nELIBC="glibc"\nKERNEL="linux"\n')
    (repo / "profiles" / "default" / "eapi").write_text("8\n")
    for cpv, meta in ebuilds.items():
        entry = {"EAPI": "8", "SLOT": "0", "KEYWORDS": "amd64", "DEFINED_PHASES": "-", **meta}
        (repo / "metadata" / "md5-cache" / cpv).parent.mkdir(parents=True, exist_ok=True)
        (repo / "metadata" / "md5-cache" / cpv).write_text(cache_entry(dict(sorted(entry.items()))))
    tree = Tree.open([repo])
    return tree, Profile.load(tree, "mini:default")


SMALL = {
    "app-alternatives/awk-4": {"IUSE": "+gawk busybox mawk", "RDEPEND":
                               "gawk? ( sys-apps/gawk ) mawk? ( sys-apps/mawk )",
                               "REQUIRED_USE": "^^ ( gawk busybox mawk )"},
    "sys-apps/gawk-5": {}, "sys-apps/mawk-1": {},
    "app-misc/top-1": {"RDEPEND": "app-alternatives/awk dev-libs/x app-misc/y"},
    "dev-libs/x-1": {"IUSE": "+xa xb", "REQUIRED_USE": "|| ( xa xb )",
                     "RDEPEND": "xb? ( dev-libs/xb )"},
    "dev-libs/xb-1": {},
    "app-misc/y-1": {"IUSE": "ya yb", "REQUIRED_USE": "?? ( ya yb )"},
}


@pytest.mark.emerge
def test_required_use_violations_are_those_emerge_reports(tmp_path):
    """emerge stops at the first violation: fix it as bootorder says and run again; every
    violation emerge meets is one bootorder reported, and with all of bootorder's fixes
    emerge resolves the closure."""
    from emerge_oracle import run_emerge

    from bootorder.config.configuration import Config
    from bootorder.resolver.resolution import resolve
    tree, profile = mini_tree(tmp_path, SMALL)
    use = "-* build"
    config = Config(tree, profile, use=use)
    report = check_graph(resolve(config, ["app-misc/top"]), config)
    ours = {(f.problem.package, f.problem.atom): f for f in report.findings
            if f.problem.kind == "required-use"}
    assert set(ours) == {("app-alternatives/awk-4", "^^ ( gawk busybox mawk )"),
                         ("dev-libs/x-1", "|| ( xa xb )")}
    met = set()
    for _ in range(len(ours) + 1):
        found = emerge_required_use(run_emerge(SMALL, ["app-misc/top"], use=use))
        if found is None:
            break
        assert found in ours and found not in met
        met.add(found)
        use += "".join(f" {c.flag}" for c in ours[found].changes)
    assert met == set(ours)
    fixed = Config(tree, profile, use=use)
    assert not check_graph(resolve(fixed, ["app-misc/top"]), fixed).problems
    assert [c.line() for c in report.changes] == ["app-alternatives/awk gawk", "dev-libs/x xa"]


def test_re_resolution_says_what_the_fix_pulls_in(tmp_path):
    from bootorder.config.configuration import Config
    from bootorder.resolver.resolution import resolve
    tree, profile = mini_tree(tmp_path, SMALL)
    config = Config(tree, profile, use="-* build")
    graph = resolve(config, ["app-misc/top"])
    report = check_graph(graph, config, resolve=lambda c: resolve(c, ["app-misc/top"]))
    awk = next(f for f in report.findings if f.problem.package == "app-alternatives/awk-4")
    assert [k.cpv for k in awk.pulls_in] == ["sys-apps/gawk-5"]
    assert awk.problem.fix.endswith("it then pulls in: sys-apps/gawk-5")
    assert "package.use.force: `app-alternatives/awk gawk`" in awk.problem.fix
    assert awk.problem.chain == ("app-misc/top-1", "app-alternatives/awk-4")
    assert awk.remaining == ()
    fixed = report.fixed_config(config)
    assert not check_graph(resolve(fixed, ["app-misc/top"]), fixed).problems


USE_DEPS = {
    "app-misc/top-1": {"IUSE": "+ssl", "RDEPEND": "dev-libs/a[foo] dev-libs/b[-bar] "
                       "dev-libs/c[ssl?] dev-libs/d[missing(+)] dev-libs/f[!ssl?]"},
    "dev-libs/a-1": {"IUSE": "foo"}, "dev-libs/b-1": {"IUSE": "+bar"},
    "dev-libs/c-1": {"IUSE": "ssl"}, "dev-libs/d-1": {}, "dev-libs/f-1": {"IUSE": "+ssl"},
}


def emerge_use_changes(output: str) -> set[tuple[str, str, bool]]:
    """``(cp, flag, enable)`` of emerge's "USE changes are necessary" block."""
    from bootorder.syntax.atom import cp_of_atom
    _, _, block = output.partition("The following USE changes are necessary to proceed:")
    out = set()
    for line in block.splitlines():
        if line and line[0] not in "# " and "/" in line:
            atom, *flags = line.split()
            out |= {(cp_of_atom(atom), f.lstrip("-"), not f.startswith("-")) for f in flags}
    return out


@pytest.mark.emerge
def test_use_dependencies_the_chosen_package_misses_are_emerges(tmp_path):
    from emerge_oracle import run_emerge

    from bootorder.config.configuration import Config
    from bootorder.resolver.resolution import resolve
    tree, profile = mini_tree(tmp_path, USE_DEPS)
    config = Config(tree, profile)
    report = check_graph(resolve(config, ["app-misc/top"]), config)
    conflicts = {f.problem.atom: f for f in report.findings if f.problem.kind == "use-conflict"}
    assert sorted(conflicts) == ["dev-libs/a[foo]", "dev-libs/b[-bar]", "dev-libs/c[ssl?]"]
    ours = {(c.package, c.flag, c.enable) for c in report.changes}
    assert ours == emerge_use_changes(run_emerge(USE_DEPS, ["app-misc/top"]))
    assert "add to package.use: `dev-libs/a foo`" in conflicts["dev-libs/a[foo]"].problem.fix
    assert conflicts["dev-libs/a[foo]"].problem.chain == ("app-misc/top-1",)


def test_use_dependency_on_a_flag_the_package_lacks(tmp_path):
    from bootorder.config.configuration import Config
    from bootorder.resolver.resolution import resolve
    ebuilds = {"app-misc/top-1": {"RDEPEND": "dev-libs/e[gone] dev-libs/e[-gone2]"},
               "dev-libs/e-1": {}}
    tree, profile = mini_tree(tmp_path, ebuilds)
    config = Config(tree, profile)
    report = check_graph(resolve(config, ["app-misc/top"]), config)
    found = [f for f in report.findings if f.problem.kind == "use-conflict"]
    assert [f.problem.atom for f in found] == ["dev-libs/e[-gone2]", "dev-libs/e[gone]"]
    assert all(f.changes == () and "has no USE flag" in f.problem.fix for f in found)


GENTOO_PROFILE = "portage-stable:default/linux/amd64/23.0"


def _emerge_stage1(mirror, profile, targets, forced_lines):
    """emerge --pretend of catalyst's stage 1 with ``/etc/portage/profile/package.use.force``
    holding ``forced_lines`` (the fix bootorder recommends under USE="-* ...")."""
    import os
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from resolve_oracle import _bootstrap_use, portage_config
    work = Path(tempfile.mkdtemp(prefix="bootorder-checks-"))
    with portage_config(mirror, profile, None) as etc:
        env = dict(os.environ)
        with open(etc / "make.conf", "a") as conf:
            conf.write(f'USE="-* build {_bootstrap_use(env)}"\n')
        (etc / "profile").mkdir(exist_ok=True)
        (etc / "profile" / "package.use.force").write_text("".join(f"{x}\n" for x in forced_lines))
        (work / "root").mkdir()
        emerge = os.path.join(os.path.dirname(sys.executable), "emerge")
        done = subprocess.run([emerge, "--pretend", "--oneshot", "--implicit-system-deps=n",
                               f"--root={work / 'root'}", *targets],
                              capture_output=True, text=True, env=env, timeout=600)
    return done.stdout + done.stderr


@pytest.mark.corpus
@pytest.mark.emerge
def test_plain_gentoo_stage1_awk_as_emerge_reports_it(corpus_dir, tmp_path):
    """The plain Gentoo amd64 profile's stage 1: emerge stops on app-alternatives/awk's
    REQUIRED_USE; bootorder reports it with a fix. Applying bootorder's fixes one by one
    (as /etc/portage/profile/package.use.force lines), each violation emerge meets is one
    bootorder reported, and with all of them emerge meets none."""
    pytest.importorskip("portage")
    from resolve_oracle import portage_mirror

    from bootorder.config.configuration import Config
    from bootorder.config.profile import Profile
    from bootorder.resolver.resolution import resolve
    from bootorder.tree.repository import Tree
    tree = Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])
    profile = Profile.load(tree, GENTOO_PROFILE)
    config = Config.stage1(tree, profile)
    graph = resolve(config, ["@stage1"], host="empty")  # emerge's "/" has nothing
    report = check_graph(graph, config, resolve=lambda c: resolve(c, ["@stage1"], host="empty"))
    ours = {(f.node.cpv, f.problem.atom): f for f in report.findings
            if f.problem.kind == "required-use"}
    awk = ours[("app-alternatives/awk-4", "^^ ( gawk busybox mawk nawk )")]
    assert [c.line() for c in awk.changes] == ["app-alternatives/awk gawk"]
    assert "package.use.force: `app-alternatives/awk gawk`" in awk.problem.fix
    assert [k.cpv for k in awk.pulls_in] == [k.cpv for k in graph.find("sys-apps/gawk")]
    mirror = portage_mirror(corpus_dir, tmp_path / "mirror")
    targets = list(profile.packages_build)
    forced, met = [], []
    for _ in range(len(ours) + 1):
        found = emerge_required_use(_emerge_stage1(mirror, GENTOO_PROFILE, targets, forced))
        if found is None:
            break
        assert found in ours, found
        met.append(found)
        forced += [c.line() for c in ours[found].changes]
    assert met[0] == ("app-alternatives/awk-4", "^^ ( gawk busybox mawk nawk )")
    assert set(met) == set(ours)
    fixed = report.fixed_config(config)
    again = check_graph(resolve(fixed, ["@stage1"], host="empty"), fixed)
    assert not [p for p in again.problems if p.kind == "required-use"]


def test_unsatisfied_atoms_say_which_and_carry_a_fix(tmp_path):
    from bootorder.config.configuration import Config
    from bootorder.resolver.resolution import resolve
    ebuilds = {"app-misc/top-1": {"RDEPEND": "dev-libs/masked dev-libs/kw dev-libs/none "
                                             ">=dev-libs/old-2"},
               "dev-libs/masked-1": {}, "dev-libs/kw-1": {"KEYWORDS": "~amd64"},
               "dev-libs/old-1": {}}
    tree, profile = mini_tree(tmp_path, ebuilds)
    (tmp_path / "repo" / "profiles" / "default" / "package.mask").write_text("dev-libs/masked\n")
    from bootorder.config.profile import Profile
    profile = Profile.load(tree, "mini:default")
    config = Config(tree, profile)
    report = check_graph(resolve(config, ["app-misc/top"]), config)
    kinds = {p.atom: p.kind for p in report.problems}
    assert kinds == {"dev-libs/masked": "masked", "dev-libs/kw": "missing-keyword",
                     "dev-libs/none": "missing-package", ">=dev-libs/old-2": "no-match"}
    for p in report.problems:
        assert p.fix and p.chain == ("app-misc/top-1",), p
    kw = next(p for p in report.problems if p.kind == "missing-keyword")
    assert "~amd64" in kw.fix or "~amd64" in kw.message


@pytest.mark.parametrize("kind,needle", [
    ("missing-package", "no repository of the tree has dev-libs/x"),
    ("masked", "package.unmask"), ("missing-keyword", "`dev-libs/x ~ARCH`"),
    ("no-match", "no version matches dev-libs/x"), ("use-conflict", "package.use"),
    ("slot-conflict", "package.mask"), ("bad-metadata", "egencache"),
    ("unknown-set", "define dev-libs/x")])
def test_fix_text_for_resolver_problems_without_one(kind, needle):
    from bootorder.core.problems import Problem
    from bootorder.usechange.checks import fix_text
    assert needle in fix_text(Problem(kind, "a/b-1", "dev-libs/x", ("a/b-1",), "m"))


def test_forced_use_config_is_a_package_use_force_profile(tmp_path):
    """The configuration the fixes are re-resolved with equals a child profile holding
    the same lines in package.use.force (what the fix text tells the user to write)."""
    from bootorder.config.configuration import Config
    from bootorder.config.profile import Profile
    from bootorder.resolver.resolution import resolve
    from bootorder.usechange.checks import forced_config
    tree, profile = mini_tree(tmp_path, SMALL)
    config = Config(tree, profile, use="-* build")
    report = check_graph(resolve(config, ["app-misc/top"]), config)
    child = tmp_path / "child"
    child.mkdir()
    (child / "parent").write_text(str(tmp_path / "repo" / "profiles" / "default") + "\n")
    (child / "package.use.force").write_text("".join(f"{c.line()}\n" for c in report.changes))
    by_profile = Config(tree, Profile.load(tree, str(child)), use="-* build")
    ours = resolve(forced_config(config, report.changes), ["app-misc/top"])
    theirs = resolve(by_profile, ["app-misc/top"])
    assert ours.to_json() == theirs.to_json()
    assert [k.cpv for k in ours.nodes()] != [k.cpv for k in resolve(config, ["app-misc/top"]).nodes()]


def test_with_values_resolve_like_package_use_force_lines(tmp_path):
    """``--with`` (Config.use_changes) applied with the fixes' values gives the graph the
    package.use.force lines give; forced_config keeps the --with changes it is given."""
    from bootorder.config.configuration import Config
    from bootorder.config.overrides import parse_with
    from bootorder.core.usechange import with_values
    from bootorder.resolver.resolution import resolve
    from bootorder.usechange.checks import forced_config
    from bootorder.usechange.rerun import with_changes
    tree, profile = mini_tree(tmp_path, SMALL)
    config = Config(tree, profile, use="-* build")
    report = check_graph(resolve(config, ["app-misc/top"]), config)
    values = with_values(report.changes)
    assert values == ["app-alternatives/awk gawk", "dev-libs/x xa"]
    tried = with_changes(config, [c for v in values for c in parse_with(v)])
    forced = resolve(forced_config(config, report.changes), ["app-misc/top"])
    assert resolve(tried, ["app-misc/top"]).to_json() == forced.to_json()
    assert not check_graph(resolve(tried, ["app-misc/top"]), tried).problems
    assert forced_config(tried, ()).use_changes == tried.use_changes
    assert forced_config(tried, report.changes).with_changes(use="-*").forced_use == report.changes


def test_stage1_cli_lists_every_fix_and_with_applies_them(tmp_path, capsys):
    import json

    from bootorder.cli import main
    mini_tree(tmp_path, SMALL)
    base = ["stage1", "--repo", str(tmp_path / "repo"), "--profile", "mini:default",
            "--implicit", "off", "app-misc/top", "--json"]
    assert main(base) == 4                     # REQUIRED_USE problems: incomplete
    data = json.loads(capsys.readouterr().out)
    assert data["use_changes"] == ["app-alternatives/awk gawk", "dev-libs/x xa"]
    awk = next(p for p in data["problems"] if p["package"] == "app-alternatives/awk-4")
    assert "(to try it first: --with 'app-alternatives/awk gawk')" in awk["fix"]
    assert main(base + [arg for v in data["use_changes"] for arg in ("--with", v)]) == 0
    fixed = json.loads(capsys.readouterr().out)
    assert fixed["problems"] == [] and fixed["use_changes"] == []
    assert {p["cpv"] for p in fixed["packages"]} - {p["cpv"] for p in data["packages"]} == {
        "sys-apps/gawk-5"}


def test_check_report_is_deterministic(tmp_path):
    import random

    from bootorder.config.configuration import Config
    from bootorder.graph.depgraph import DepGraph
    from bootorder.resolver.resolution import resolve
    tree, profile = mini_tree(tmp_path, {**SMALL, **USE_DEPS, "app-misc/all-1": {
        "RDEPEND": "app-misc/top app-alternatives/awk dev-libs/x app-misc/y"}})
    config = Config(tree, profile, use="-* build")
    graph = resolve(config, ["app-misc/all"])
    expected = check_graph(graph, config).to_json()
    assert {"required-use", "use-conflict"} <= {f["kind"] for f in expected}
    for seed in range(5):
        rng = random.Random(seed)
        nodes, edges = list(graph.nx.nodes(data=True)), list(graph.nx.edges(keys=True, data=True))
        rng.shuffle(nodes)
        rng.shuffle(edges)
        shuffled = DepGraph()
        shuffled.nx.add_nodes_from(nodes)
        shuffled.nx.add_edges_from((u, v, d) for u, v, _, d in edges)
        shuffled.problems = graph.problems
        assert check_graph(shuffled, config).to_json() == expected


def test_bad_required_use_is_a_problem_naming_the_file_and_the_run_goes_on(tmp_path):
    from bootorder.config.configuration import Config
    from bootorder.core.reporter import RecordingReporter
    from bootorder.resolver.resolution import resolve
    ebuilds = {**SMALL, "dev-libs/x-1": {"IUSE": "xa", "REQUIRED_USE": "^^ ( xa"}}
    tree, profile = mini_tree(tmp_path, ebuilds)
    config = Config(tree, profile, use="-* build")
    reporter = RecordingReporter()
    report = check_graph(resolve(config, ["app-misc/top"]), config, reporter=reporter)
    bad = [p for p in report.problems if p.kind == "bad-metadata"]
    assert len(bad) == 1 and "md5-cache/dev-libs/x-1" in bad[0].message
    assert "column" in bad[0].message
    assert any(p.kind == "required-use" for p in report.problems)  # awk still checked
    assert reporter.problems() == bad and bad[0].file.endswith("md5-cache/dev-libs/x-1")
    assert bad[0].line is not None and bad[0].column is not None


def test_required_use_sees_the_implicit_flags(tmp_path):
    """REQUIRED_USE is evaluated over IUSE_EFFECTIVE, as portage does: ``kernel_linux``
    (the profile's KERNEL, an implicit flag) holds without being in IUSE;
    ``elibc_musl`` does not."""
    from bootorder.config.configuration import Config
    from bootorder.resolver.resolution import resolve
    tree, profile = mini_tree(tmp_path, {
        "a/m-1": {"IUSE": "+epoll", "REQUIRED_USE": "epoll? ( kernel_linux )"},
        "a/n-1": {"IUSE": "+epoll", "REQUIRED_USE": "epoll? ( elibc_musl )"}})
    (tmp_path / "repo" / "profiles" / "default" / "make.defaults").write_text(
        'ARCH="amd64"\nACCEPT_KEYWORDS="amd64"\nELIBC="glibc"\nKERNEL="linux"\n'
        'USE_EXPAND="ELIBC KERNEL"\nUSE_EXPAND_IMPLICIT="ARCH ELIBC KERNEL"\n'
        'USE_EXPAND_UNPREFIXED="ARCH"\nUSE_EXPAND_VALUES_ARCH="amd64"\n'
        'USE_EXPAND_VALUES_ELIBC="glibc musl"\nUSE_EXPAND_VALUES_KERNEL="linux"\n')
    from bootorder.config.profile import Profile
    config = Config(tree, Profile.load(tree, "mini:default"))
    found = check_graph(resolve(config, ["a/m", "a/n"], implicit=False), config).problems
    assert [(p.package, p.atom) for p in found] == [("a/n-1", "epoll? elibc_musl")]
