"""What a catalyst plan is asked for: the stages planned by default (the seed update
only with a seed, stage 4 only with its packages), the stages a stage runs in refused
when left out, the options catalyst adds (pkgcache not to the seed update, catalyst's
setup_emerge_opts), bindist's make.conf USE."""
from __future__ import annotations

import pytest

from bootorder.core.errors import BootorderError
from bootorder.plan.request import PKGCACHE_EMERGE, STAGES, CatalystRequest

P = "r:p"


@pytest.mark.parametrize("kwargs, planned", [
    ({}, ("stage1", "stage3")),
    ({"seed": "vdb:/s"}, ("seed-update", "stage1", "stage3")),
    ({"stage4": ("a/b",)}, ("stage1", "stage3", "stage4")),
    ({"seed": "vdb:/s", "stage4": ("a/b",)}, STAGES),
    ({"stages": ("stage1",), "stage4": ("a/b",)}, ("stage1",)),
    ({"stages": ("seed-update", "stage1")}, ("stage1",)),          # no seed: said, skipped
    ({"stages": ("stage1", "stage3"), "seed": "vdb:/s"}, ("stage1", "stage3")),
])
def test_the_stages_planned(kwargs, planned):
    assert CatalystRequest(P, **kwargs).planned() == planned


@pytest.mark.parametrize("kwargs, message", [
    ({"stages": ("stage3",)}, "stage 3 runs in what stage 1 left: plan stage1 too"),
    ({"stages": ("stage1", "stage4"), "stage4": ("a/b",)}, "plan stage3 too"),
    ({"stages": ("seed-update",)}, "under stage 1's configuration: plan stage1 too"),
    ({"stages": ("stage1", "stage3", "stage4")}, "give them with --stage4"),
    ({"stages": ("stage2",)}, "this bootorder plans seed-update, stage1, stage3, stage4"),
    ({"seed": "/var/db/pkg"}, "expected vdb:PATH"),
    ({"options": ("ccache",)}, "expected one of pkgcache, bindist"),
    ({"prefix": "a/b"}, "a plain directory name"),
])
def test_refusals_name_the_option(kwargs, message):
    with pytest.raises(BootorderError, match=message):
        CatalystRequest(P, **kwargs)


def test_what_catalyst_adds():
    cached = CatalystRequest(P, options=("pkgcache", "bindist"), seed="vdb:/s")
    assert cached.emerge("--oneshot") == PKGCACHE_EMERGE + ("--oneshot",)
    assert cached.emerge("--buildpkg=n", seed_update=True) == ("--buildpkg=n",)
    assert cached.make_conf() == (("USE", "bindist"),) and cached.seed_path == "/s"
    plain = CatalystRequest(P)
    assert (plain.emerge(), plain.make_conf(), plain.seed_path) == ((), (), None)
    assert plain.rederive() == "bootorder plan catalyst"
    assert CatalystRequest(P, command=("bootorder", "plan", "x")).rederive() == \
        "bootorder plan x"
