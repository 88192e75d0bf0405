"""Visibility and effective USE, against portage (setcpv, xmatch) and emerge's stage-1 plan."""
from __future__ import annotations

import json
import random

import pytest
from minirepo import make_repo
from portage_corpus import portage_best_visible, portage_use

from bootorder.config.accept import accepted
from bootorder.config.configuration import STAGE1_USE, Config
from bootorder.config.profile import Profile
from bootorder.syntax.version import split_cpv
from bootorder.tree.repository import Repository, Tree

SDK = ("coreos-overlay", "coreos/amd64/sdk/transition")
PROFILES = [SDK, ("portage-stable", "default/linux/amd64/23.0"),
            ("portage-stable", "default/linux/arm64/23.0/musl"),
            ("coreos-overlay", "coreos/arm64/generic/prod")]


@pytest.fixture(scope="module")
def tree(corpus_dir):
    return Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])


def sample(tree, n, seed):
    pkgs = list(tree.packages())
    return random.Random(seed).sample(pkgs, n)


@pytest.mark.parametrize("profile", PROFILES[:3])
@pytest.mark.parametrize("use", [None, STAGE1_USE.replace("${BOOTSTRAP_USE}", "$BOOTSTRAP_USE")])
def test_effective_use_equals_portage_setcpv(tree, corpus_dir, profile, use):
    pkgs = sample(tree, 300, hash(profile) & 0xFFFF)
    theirs = portage_use(corpus_dir, profile, [(p.repo, p.cpv) for p in pkgs], use)
    p = Profile.load(tree, ":".join(profile))
    config = Config.stage1(tree, p) if use else Config(tree, p)
    for pkg in pkgs:
        assert sorted(config.effective_use(pkg)) == theirs[f"{pkg.cpv}::{pkg.repo}"], pkg.cpv


def test_stage1_use_and_choices_equal_emerge_oracle(tree, oracle_dir):
    """Every package of emerge's stage-1 plan: best visible in its slot, same USE."""
    config = Config.stage1(tree, Profile.load(tree, ":".join(SDK)))
    expand = tuple(x.lower() + "_" for x in config.profile.use_expand)
    records = json.loads((oracle_dir / "flatcar-amd64-sdk-transition.stage1.emerge.json")
                         .read_text())
    assert len(records) == 149
    for r in records:
        cp, _ = split_cpv(r["cpv"])
        best = config.best_visible(cp + (f":{r['slot']}" if r["slot"] else ""))
        assert (best.cpv, best.repo) == (r["cpv"], r["repo"])
        iuse = {f for f in best.iuse if not f.startswith(expand)}
        use = config.effective_use(best)
        assert iuse & use == set(r["use"]) and iuse - use == set(r["use_disabled"]), r["cpv"]


@pytest.mark.parametrize("profile", PROFILES)
def test_best_visible_equals_portage_xmatch(tree, corpus_dir, profile):
    """portdbapi.xmatch("bestmatch-visible") on every cp and a few versioned atoms.

    portdbapi evaluates RESTRICT conditionals with USE="" (it computes USE only when
    LICENSE or PROPERTIES hold a conditional), while emerge's depgraph and bootorder use
    the package's USE; cps whose candidates have a conditional RESTRICT are compared
    with emerge's plan instead (test above).
    """
    atoms = list(tree.cps()) + [">=sys-libs/glibc-2.40", "<sys-devel/gcc-15",
                                "dev-lang/python:3.13", "=sys-devel/binutils-2.45*"]
    theirs = portage_best_visible(corpus_dir, profile, atoms)
    config = Config(tree, Profile.load(tree, ":".join(profile)))
    accept = ("* " + config.profile.variables.get("ACCEPT_RESTRICT", "")).split()

    def quirk(pkg):          # a conditional RESTRICT that names a rejected token
        words = [w for w in pkg["RESTRICT"].split() if w not in "()" and w[-1] != "?"]
        return "?" in pkg["RESTRICT"] and any(w not in accepted(accept, {w}) for w in words)
    compared = 0
    for atom in atoms:
        if any(quirk(p) for p in tree.match(atom)):
            continue
        ours = config.best_visible(atom)
        assert (ours.cpv if ours else None) == theirs[atom], atom
        compared += 1
    assert compared > 600


# --- semantics on a small hand-written tree ------------------------------------------
@pytest.fixture
def small(tmp_path):
    repo = make_repo(tmp_path / "r", "r", {
        "p/eapi": "5\n",
        "p/make.defaults": 'ARCH="amd64"\nACCEPT_KEYWORDS="amd64"\nUSE="prof"\n'
                           'BOOTSTRAP_USE="boot"\nUSE_EXPAND_IMPLICIT="ARCH"\n'
                           'USE_EXPAND_UNPREFIXED="ARCH"\nUSE_EXPAND_VALUES_ARCH="amd64"\n',
        "p/use.force": "forced\n",
        "p/use.mask": "masked\n",
        "p/package.use": "cat/a pkguse\n=cat/a-2 -prof\n",
        "p/package.mask": "=cat/a-3\n",
        "p/package.accept_keywords": "=cat/b-2\n",
    })
    entries = {
        "cat/a-1": {"EAPI": "8", "SLOT": "0", "KEYWORDS": "amd64",
                    "IUSE": "+def prof pkguse forced masked boot build +masked"},
        "cat/a-2": {"EAPI": "8", "SLOT": "0", "KEYWORDS": "amd64", "IUSE": "prof pkguse"},
        "cat/a-3": {"EAPI": "8", "SLOT": "0", "KEYWORDS": "amd64"},
        "cat/a-4": {"EAPI": "8", "SLOT": "0", "KEYWORDS": "~amd64"},
        "cat/a-5": {"EAPI": "8", "SLOT": "1", "KEYWORDS": "amd64"},
        "cat/b-1": {"EAPI": "8", "SLOT": "0", "KEYWORDS": "amd64"},
        "cat/b-2": {"EAPI": "8", "SLOT": "0", "KEYWORDS": "~amd64"},
        "cat/b-3": {"EAPI": "8", "SLOT": "0", "KEYWORDS": "~amd64"},
        "cat/c-1": {"EAPI": "8", "SLOT": "0", "KEYWORDS": "-* amd64"},
        "cat/d-1": {"EAPI": "99", "SLOT": "0", "KEYWORDS": "amd64"},
    }
    tree = Tree([Repository.from_dict("r", entries, path=repo)])
    return tree, Profile.load(tree, str(repo / "profiles" / "p"))


@pytest.mark.parametrize("use, pkgs, expected", [
    (None, {}, {"def", "prof", "pkguse", "forced", "amd64"}),
    ("-* build $BOOTSTRAP_USE", {}, {"build", "boot", "forced", "amd64"}),
    ("-* masked", {}, {"forced", "amd64"}),
    (None, {"cat/a": "-def -forced"}, {"prof", "pkguse", "forced", "amd64"}),
    ("-*", {"cat/a": "def"}, {"forced", "amd64"}),       # env USE beats package.use
    ("conf: -prof -def", {}, {"pkguse", "forced", "amd64"}),   # make.conf beats defaults
    ("conf: -*", {"cat/a": "def"}, {"def", "forced", "amd64"}),  # package.use beats it
    ("conf: -* -forced masked nope", {}, {"forced", "amd64"}),   # force, mask, IUSE win
])
def test_use_layers_table(small, use, pkgs, expected):
    tree, profile = small
    conf = use[len("conf: "):] if use and use.startswith("conf: ") else None
    config = Config(tree, profile, use=None if conf is not None else use,
                    package_use=pkgs.items(), make_conf_use=conf)
    assert config.effective_use(tree.repo("r").package("cat/a-1")) == expected


def test_make_conf_use_is_portages_conf_layer(small):
    """make.conf's USE sits above the profile (its -* clears profile USE, profile
    package.use and IUSE defaults) and below the user's package.use, which survives."""
    tree, profile = small
    pkg = tree.repo("r").package("cat/a-1")
    conf = Config(tree, profile, make_conf_use="-* build $BOOTSTRAP_USE",
                  package_use={"cat/a": "def"}.items())
    assert conf.effective_use(pkg) == {"build", "boot", "def", "forced", "amd64"}
    assert conf.make_conf_use == "-* build boot" and conf.use_override is None
    env = conf.with_changes(use="-*")                   # the environment beats both
    assert env.effective_use(pkg) == {"forced", "amd64"} and env.make_conf_use == conf.make_conf_use
    assert Config(tree, profile, make_conf_use="prof -def").effective_use(pkg) == {
        "prof", "pkguse", "forced", "amd64"}


@pytest.mark.parametrize("profile", PROFILES[:1])
def test_make_conf_and_package_use_equal_portage_setcpv(tree, corpus_dir, profile):
    """The catalyst stage-1 configuration: make.conf USE="-* build $BOOTSTRAP_USE" and a
    portage_confdir package.use, against portage's own config.setcpv."""
    pkgs = sample(tree, 200, 17) + [tree.versions("app-alternatives/awk")[-1],
                                    tree.versions("sys-libs/zlib")[-1]]
    p = Profile.load(tree, ":".join(profile))
    use = "-* build " + p.variables["BOOTSTRAP_USE"]
    lines = {"app-alternatives/awk": "-gawk busybox", "sys-libs/zlib": "minizip",
             "dev-lang/perl": "ithreads"}
    theirs = portage_use(corpus_dir, profile, [(x.repo, x.cpv) for x in pkgs], etc={
        "make.conf": f'USE="{use}"\n',
        "package.use": "".join(f"{a} {f}\n" for a, f in lines.items())})
    config = Config(tree, p, make_conf_use=use, package_use=lines.items())
    for pkg in pkgs:
        assert sorted(config.effective_use(pkg)) == theirs[f"{pkg.cpv}::{pkg.repo}"], pkg.cpv


@pytest.mark.parametrize("use, changes, expected", [
    ("-* build", {"cat/a": "def pkguse"}, {"build", "def", "pkguse", "forced", "amd64"}),
    ("-*", {"cat/a": "-forced masked"}, {"forced", "amd64"}),   # force and mask still win
    (None, {"=cat/a-1": "-def", "cat/a": "def"}, {"prof", "forced", "amd64"}),
    (None, {"cat/b": "-def"}, {"def", "prof", "forced", "amd64"}),  # no match
])
def test_use_changes_apply_above_the_use_override(small, use, changes, expected):
    from bootorder.config.overrides import parse_with
    """--with: above USE= (and package.use); the more specific atom wins, as in package.use."""
    tree, profile = small
    config = Config(tree, profile, use=use, package_use={"cat/a": "-pkguse"}.items(),
                    use_changes=[c for atom, flags in changes.items()
                                 for c in parse_with(f"{atom} {flags}")])
    assert config.effective_use(tree.repo("r").package("cat/a-1")) == expected
    assert config.with_changes(use="-*").use_changes == config.use_changes


def test_visibility_rules(small):
    tree, profile = small
    c = Config(tree, profile)
    reasons = {p.cpv: c.mask_reasons(p) for p in tree.packages()}
    assert reasons["cat/a-3"][0].startswith("package.mask (")
    assert reasons["cat/a-4"] == ("missing keyword (~amd64)",)
    assert reasons["cat/b-2"] == () and reasons["cat/b-3"] != ()      # accept_keywords
    assert reasons["cat/c-1"] == ()
    assert reasons["cat/d-1"][0] == "EAPI 99 unsupported"
    assert c.best_visible("cat/a").cpv == "cat/a-5"
    assert {s: p.cpv for s, p in c.best_visible_per_slot("cat/a").items()} == {
        "0": "cat/a-2", "1": "cat/a-5"}
    assert c.best_visible("cat/b").cpv == "cat/b-2"
    wider = c.with_changes(accept_keywords="~amd64")
    assert wider.best_visible("cat/b").cpv == "cat/b-3"
    assert wider.best_visible("<cat/a-5").cpv == "cat/a-4"


def test_installed_packages_keep_their_use(tmp_path, small):
    tree, profile = small
    d = tmp_path / "vdb" / "cat" / "a-1"
    d.mkdir(parents=True)
    (d / "USE").write_text("prof weird\n")
    (d / "IUSE").write_text("prof\n")
    (d / "SLOT").write_text("0\n")
    pkg = Repository.open_vdb(tmp_path / "vdb").package("cat/a-1")
    c = Config(tree, profile)
    assert c.effective_use(pkg) == {"prof", "weird"} and c.visible(pkg)


# --- the incremental-stacking shortcut used for speed --------------------------------
from hypothesis import (  # noqa: E402
    given,
    settings,
    strategies as st,  # noqa: E402
)

from bootorder.config.useflags import Delta, apply_tokens  # noqa: E402

_tok = st.sampled_from(["a", "b", "py_x", "py_y", "-a", "-b", "-py_x", "-py_*", "-*", "+a",
                        "+", "c"])


@settings(max_examples=500, deadline=None)
@given(st.sets(st.sampled_from(["a", "b", "c", "py_x", "py_z", "d"])), st.lists(_tok, max_size=10))
def test_delta_equals_token_by_token_stacking(start, tokens):
    expected = set(start)
    apply_tokens(expected, tokens)
    assert Delta.of(tokens).apply(set(start)) == expected


def test_specificity_order_equals_portage():
    """EntryIndex ordering vs portage's ordered_by_atom_specificity, on many atom mixes."""
    from portage.dep import Atom as PAtom
    from portage.package.ebuild._config.helper import ordered_by_atom_specificity
    from portage.versions import _pkg_str

    from bootorder.config.files import AtomEntry
    from bootorder.config.useflags import EntryIndex
    from bootorder.syntax.atom import Atom
    from bootorder.tree.package import Package
    pool = ["cat/p", "cat/p:1", ">=cat/p-1", ">=cat/p-2", "<cat/p-5", "<=cat/p-3", "=cat/p-3",
            "~cat/p-3", "=cat/p-3*", ">cat/p-1:1", ">=cat/p-3", "<cat/p-4:1"]
    rng = random.Random(7)
    for _ in range(300):
        atoms = rng.sample(pool, rng.randint(1, 6))
        version = rng.choice(["1", "2", "3", "3-r1", "4", "6"])
        pkg = Package(f"cat/p-{version}", "r", {"SLOT": "1"})
        entries = [AtomEntry(a, Atom.parse(a), "f", i, (a,)) for i, a in enumerate(atoms)]
        ours = [e.values[0] for e in EntryIndex([entries]).matches(pkg).get(0, [])]
        theirs = ordered_by_atom_specificity({PAtom(a): a for a in atoms},
                                             _pkg_str(pkg.cpv, slot="1", repo="r"))
        assert ours == theirs, (atoms, version)


def test_configurations_differing_in_package_use_agree_with_unshared_ones(tree):
    """Configurations that differ only in ``package_use`` lines share what those lines
    cannot change: every answer (USE, forced and masked flags, IUSE_EFFECTIVE,
    visibility) equals that of a configuration that shares nothing, asked in an order
    where a shared value made under the wrong lines would be read (each configuration
    after the others have filled the memo, the one without lines last)."""
    from bootorder.core.reporter import Reporter

    p = Profile.load(tree, ":".join(SDK))
    pkgs = sample(tree, 300, 5) + [tree.versions(cp)[-1] for cp in (
        "app-alternatives/awk", "sys-libs/zlib", "dev-lang/perl")]
    lines = [{"sys-libs/zlib": "minizip", "app-alternatives/awk": "-gawk busybox"},
             {"sys-libs/zlib": "-minizip", "dev-lang/perl": "ithreads"}, {}]

    def answers(config):
        return [(pkg.cpv, sorted(config.effective_use(pkg)), sorted(config.use_force(pkg)),
                 sorted(config.use_mask(pkg)), sorted(config.iuse_effective(pkg)),
                 config.visible(pkg), config.mask_reasons(pkg)) for pkg in pkgs]

    shared = [Config(tree, p, package_use=x.items()) for x in lines]
    got = [answers(config) for config in shared]
    alone = [answers(Config(tree, p, package_use=x.items(), reporter=Reporter()))
             for x in lines]
    assert got == alone
    assert got[0] != got[1]  # the lines change answers: a mix-up would show
