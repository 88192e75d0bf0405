"""catalyst spec keys: the required and valid lists of catalyst 4's stagebase.py and
targets (a hand-checked table from catalyst's sources, /work/notes/catalyst.md §1), and
the spec text: keys in releng's order, lists one per line, refused keys named."""
from __future__ import annotations

import pytest

from bootorder.core.errors import BootorderError
from bootorder.plan.spec import accepted_keys, required_keys, spec_text, subarch_of

REQUIRED_BY_ALL = {"profile", "rel_type", "snapshot_treeish", "source_subpath", "subarch",
                   "target", "version_stamp"}


@pytest.mark.parametrize("target, required_extra, valid, refused", [
    ("stage1", set(), {"update_seed", "update_seed_command", "chost", "portage_confdir",
                       "portage_prefix", "repos", "keep_repos", "pkgcache_path"},
     {"stage1/use", "stage1/packages", "options", "snapshot", "portage_overlay"}),
    ("stage3", set(), {"portage_confdir", "binrepo_path", "catalyst_use"},
     {"update_seed", "stage3/use", "stage4/packages"}),
    ("stage4", {"stage4/packages"}, {"stage4/use", "stage4/fsscript", "stage4/rm",
                                     "boot/kernel"}, {"update_seed", "stage4/foo"}),
])
def test_keys_per_target(target, required_extra, valid, refused):
    assert required_keys(target) == REQUIRED_BY_ALL | required_extra
    assert valid <= accepted_keys(target) and not refused & accepted_keys(target)


def test_spec_text_order_lists_and_refusals():
    text = spec_text("stage4", {"stage4/packages": ["a/b", "c/d"], "target": "stage4",
                                "subarch": "amd64", "portage_prefix": "p"}, ("made here",))
    assert text == ("# made here\nsubarch: amd64\ntarget: stage4\nportage_prefix: p\n"
                    "stage4/packages:\n\ta/b\n\tc/d\n")
    with pytest.raises(BootorderError, match="key 'options' is not accepted"):
        spec_text("stage1", {"options": "pkgcache"})
    with pytest.raises(BootorderError, match="not one of stage1, stage3, stage4"):
        required_keys("stage2")
    with pytest.raises(BootorderError, match="sets no ARCH"):
        subarch_of("")
