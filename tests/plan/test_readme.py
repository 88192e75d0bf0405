"""The plan's README, from the plan alone: every step as the emerge command the builder
runs with its make.conf and config, the spec to run with the placeholders to replace,
the generated files, whether the plan is complete, and how to verify it."""
from __future__ import annotations

from bootorder.plan.catalyst import CatalystRequest, catalyst_plan
from bootorder.plan.readme import generated_files, placeholders, readme_text
from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path


def test_readme_of_the_example_plan():
    plan = catalyst_plan(Tree.open([example_repository_path()]),
                         CatalystRequest(EXAMPLE_PROFILE))
    text = readme_text(plan)
    lines = text.splitlines()
    assert "  ROOT=<target> emerge --oneshot --nodeps sys-apps/baselayout" in lines
    assert "  with make.conf USE=\"-* build cxx\"" in lines
    assert "  2. catalyst -f steps/02-stage1/stage1.spec" in lines
    spec = dict(plan.files)["steps/02-stage1/stage1.spec"]
    assert placeholders(spec) == ["@PLAN_DIR@", "@REL_TYPE@", "@SNAPSHOT_TREEISH@",
                                  "@SOURCE_SUBPATH@", "@VERSION_STAMP@"]
    assert all(name in text for name in placeholders(spec))
    assert generated_files(plan) == ["steps/02-stage1/portage/package.use/bootorder/stage1"]
    assert "  steps/02-stage1/portage/package.use/bootorder/stage1" in lines
    assert "The plan is complete: no problem was left unsolved." in lines
    assert lines[-3].startswith("To check the plan (needs portage): bootorder verify")
    assert readme_text(plan) == text
