"""bootorder plan bootstrap: on the embedded example and on the Flatcar SDK's stage 1
with an empty build host, with and without the implicit model — the step table, each
step's configuration and why, the plan-level verdicts — and every plan replayed by
emerge (verify; --minimal: every bootstrap step and line needed, the implicit model's
extras reported as such)."""
from __future__ import annotations

import pytest

from bootorder.plan.bootstrap import BootstrapRequest, bootstrap_plan
from bootorder.plan.model import Plan
from bootorder.plan.verify import verify_plan
from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path

SDK = "coreos-overlay:coreos/amd64/sdk/transition"


@pytest.fixture(scope="module")
def example():
    return Tree.open([example_repository_path()])


@pytest.fixture(scope="module")
def corpus(corpus_dir):
    return Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])


def names(plan) -> list[str]:
    return [s.name for s in plan.steps]


def test_example_steps_configuration_and_why(example, tmp_path):
    plan, found = bootstrap_plan(example, BootstrapRequest(EXAMPLE_PROFILE))
    assert plan.kind == "bootstrap" and names(plan) == [
        "bootstrap-xz-utils", "bootstrap-binutils", "bootstrap-gcc", "bootstrap-glibc", "stage1"]
    gcc = plan.step("bootstrap-gcc")
    assert (gcc.atoms, gcc.emerge, gcc.root, gcc.config_root) == (
        ("=sys-devel/gcc-14.2.1_p20241116",), ("--oneshot", "--nodeps"), "/", "/")
    assert "cxx" not in gcc.merge[0].use
    text = dict(plan.files)[f"{gcc.config}/package.use/bootstrap"]
    assert text.splitlines()[-1] == "=sys-devel/gcc-14.2.1_p20241116 -cxx"
    assert "C only, as crossdev's first compiler pass" in text
    assert "only bootorder's implicit toolchain model" in gcc.why.lower()
    assert "the host must provide, outside the tree, a POSIX shell, make and a C compiler, and" \
        in gcc.why and "Earlier steps provide sys-devel/binutils-2.42-r1." in gcc.why
    stage = plan.steps[-1]
    assert stage.installed_in("/") == tuple(
        i for s in plan.steps[:-1] for i in [_entry(s)])
    assert dict(stage.installed_from) == {"/": tuple(names(plan)[:-1])}
    assert dict(plan.bootstrap)["implicit_only"] == (
        "bootstrap-binutils", "bootstrap-gcc", "bootstrap-glibc")
    plan.write(tmp_path / "p")
    assert Plan.read(tmp_path / "p") == plan
    readme = (tmp_path / "p" / "README").read_text()
    assert "Only bootorder's implicit toolchain model asks for these steps" in readme


def _entry(step):
    from bootorder.plan.model import Installed
    m = step.merge[0]
    return Installed(m.cpv, m.use)


def test_a_seed_host_needs_no_step(example):
    plan, found = bootstrap_plan(example, BootstrapRequest(EXAMPLE_PROFILE, host="seed"))
    assert names(plan) == ["stage1"] and found.steps == ()
    assert plan.steps[0].installed_in("/") == "seed"


@pytest.mark.emerge
def test_example_plans_replay(example):
    pytest.importorskip("portage")
    off, _ = bootstrap_plan(example, BootstrapRequest(EXAMPLE_PROFILE, implicit=False))
    assert names(off) == ["bootstrap-xz-utils", "bootstrap-glibc", "stage1"]
    assert verify_plan(off, example).holds
    on, _ = bootstrap_plan(example, BootstrapRequest(EXAMPLE_PROFILE))
    report = verify_plan(on, example, minimal=True)
    assert report.holds, report.to_json()
    assert [(d.step, d.needed, d.implicit_only) for d in report.dropped] == [
        ("bootstrap-xz-utils", True, False), ("bootstrap-binutils", False, True),
        ("bootstrap-gcc", False, True), ("bootstrap-glibc", False, True)]
    assert [(x.text, x.needed) for x in report.lines] == [
        ("=sys-devel/gcc-14.2.1_p20241116 -cxx", True), ("app-alternatives/awk gawk", True)]


FLATCAR_OFF = ["bootstrap-xz-utils", "bootstrap-libxcrypt", "bootstrap-python",
               "bootstrap-glibc", "stage1"]


def test_flatcar_stage1_on_an_empty_host(corpus):
    off, found = bootstrap_plan(corpus, BootstrapRequest(SDK, implicit=False))
    assert names(off) == FLATCAR_OFF and found.exact and found.left == ()
    assert [len(s.merge) for s in off.steps] == [1, 1, 1, 1, 283]
    python = off.step("bootstrap-python")
    assert dict(off.files)[f"{python.config}/package.use/bootstrap"].splitlines()[-1] == \
        "=dev-lang/python-3.12.13_p1 -ssl"
    on, found_on = bootstrap_plan(corpus, BootstrapRequest(SDK))
    assert names(on) == ["bootstrap-binutils", "bootstrap-gcc"] + FLATCAR_OFF
    implicit = {s.name: [(e.source.cpv, e.cls, e.atom) for e in s.implicit]
                for s in found_on.steps if s.implicit}
    assert implicit == {
        "bootstrap-binutils": [("app-arch/zstd-1.5.7-r1", "BDEPEND", "sys-devel/binutils")],
        "bootstrap-gcc": [("app-arch/zstd-1.5.7-r1", "BDEPEND", "sys-devel/gcc")],
        "bootstrap-glibc": [("app-misc/pax-utils-1.3.10", "DEPEND", "virtual/libc")]}
    gcc = on.step("bootstrap-gcc")
    mask = dict(on.files)[f"{gcc.config}/profile/package.use.mask/bootstrap"]
    assert mask.splitlines()[-1] == "=sys-devel/gcc-15.3.0 cxx"      # the profile forces it
    assert not any(s.name.startswith("bootstrap-") and "virtual/" in s.atoms[0]
                   for s in on.steps)


@pytest.mark.emerge
def test_flatcar_plans_replay_every_step_needed(corpus):
    pytest.importorskip("portage")
    off, _ = bootstrap_plan(corpus, BootstrapRequest(SDK, implicit=False))
    report = verify_plan(off, corpus, minimal=True)
    assert report.holds, report.to_json()
    assert [(d.step, d.needed) for d in report.dropped] == [(n, True) for n in FLATCAR_OFF[:-1]]
    assert [s.merged for s in report.steps] == [1, 1, 1, 1, 283]
    on, _ = bootstrap_plan(corpus, BootstrapRequest(SDK))
    assert verify_plan(on, corpus).holds


@pytest.mark.emerge
def test_a_partial_host_needs_fewer_steps(example, tmp_path):
    """elt-patches already in / (an installed-package tree): xz-utils needs no step."""
    pytest.importorskip("portage")
    entry = tmp_path / "vdb" / "app-portage" / "elt-patches-20240912"
    entry.mkdir(parents=True)
    for key, value in {"EAPI": "8", "SLOT": "0", "USE": "", "IUSE": "", "KEYWORDS": "amd64",
                       "repository": "bootorder-example"}.items():
        (entry / key).write_text(value + "\n")
    plan, _ = bootstrap_plan(example, BootstrapRequest(
        EXAMPLE_PROFILE, implicit=False, host=f"vdb:{tmp_path / 'vdb'}"))
    assert names(plan) == ["bootstrap-glibc", "stage1"]
    held = plan.steps[-1].installed_in("/")
    assert [e.cpv for e in held] == ["app-portage/elt-patches-20240912", "sys-libs/glibc-2.40-r5"]
    assert plan.steps[-1].installed_from == ()          # / holds more than the steps' merges
    report = verify_plan(plan, example, minimal=True)
    assert report.holds and [d.needed for d in report.dropped] == [True]
