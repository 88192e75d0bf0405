"""The plan's README, from the plan alone: every step as the emerge command the builder
runs with its make.conf, config and notes, the specs to run in order with the
placeholders to replace, the generated files, whether the plan is complete, and how to
verify it."""
from __future__ import annotations

from bootorder.plan.catalyst import CatalystRequest, catalyst_plan
from bootorder.plan.readme import generated_files, placeholders, readme_text
from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path


def test_readme_of_the_example_plan():
    plan = catalyst_plan(Tree.open([example_repository_path()]),
                         CatalystRequest(EXAMPLE_PROFILE, stages=("stage1",)))
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


def test_readme_of_the_example_pipeline():
    plan = catalyst_plan(Tree.open([example_repository_path()]),
                         CatalystRequest(EXAMPLE_PROFILE, stage4=("media-libs/freetype",)))
    lines = readme_text(plan).splitlines()
    assert "4. stage3-depclean: removes 3 packages (installed before: /: 21 packages)" in lines
    assert "  emerge --emptytree --update --deep --with-bdeps=y @system" in lines
    assert "  emerge media-libs/freetype" in lines
    assert "  Note: stage 4 adds to stage 3's output: media-libs/freetype-2.13.3" in lines
    runs = [line for line in lines if line.startswith("  ") and "catalyst -f" in line]
    assert runs == ["  2. catalyst -f steps/02-stage1/stage1.spec",
                    "  4. catalyst -f steps/03-stage3/stage3.spec",
                    "  6. catalyst -f steps/06-stage4/stage4.spec"]
    assert generated_files(plan) == [
        "steps/02-stage1/portage/package.use/bootorder/stage1",
        "steps/03-stage3/portage/package.use/bootorder/circular",
        "steps/06-stage4/portage/package.use/bootorder/circular"]
