"""bootorder bootstrap's text: the hard components, each bootstrap step (the cycle it
breaks, its build, what the host provides, who it serves, whether the stage builds it
again), the order and what is left; its JSON carries the plan it is a view of."""
from __future__ import annotations

from bootorder.plan.bootstrap import BootstrapRequest, bootstrap_plan
from bootorder.render.bootstrap import format_seedless, seedless_json
from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path


def test_the_steps_as_text_and_json():
    plan, found = bootstrap_plan(Tree.open([example_repository_path()]),
                                 BootstrapRequest(EXAMPLE_PROFILE))
    lines = format_seedless(found).splitlines()
    assert lines[0].startswith("hard cycle component of ") and lines[0].endswith("(minimum)")
    gcc = lines.index(next(x for x in lines if x.startswith("bootstrap-gcc:")))
    assert lines[gcc + 1] == ("    only the implicit toolchain model needs it: "
                              "app-portage/elt-patches-20240912 BDEPEND sys-devel/gcc (implicit)")
    assert "    C only (crossdev's first compiler pass): USE -cxx" in lines[gcc:]
    assert lines[-2:] == ["build_order finds no hard cycle in the plan",
                          "nothing in the final system depends on a bootstrap package"]
    data = seedless_json(found, plan)
    assert data["plan"] == plan.to_json() and data["bootstrap"][0]["name"] == "bootstrap-xz-utils"


def test_jupyter_shows_the_steps():
    import bootorder
    tree = bootorder.Tree.open([bootorder.example_repository_path()])
    plan, found = bootorder.bootstrap_plan(tree, bootorder.BootstrapRequest(
        bootorder.EXAMPLE_PROFILE, implicit=False))
    html = found._repr_html_()
    assert "<td>bootstrap-glibc</td>" in html and "emerge needs it" in html
    assert isinstance(found, bootorder.SeedlessBootstrap)
