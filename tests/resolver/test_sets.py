"""bootorder.resolver.sets: what each target set expands to under a profile (a
hand-checked table: members sorted as emerge expands them, ``@stage1`` in catalyst's
order), unknown sets as problems, bad atoms as errors; then the sets of the embedded
example's profile."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from bootorder.resolver.sets import SETS, expand_targets
from bootorder.syntax.atom import Atom, InvalidAtom

PROFILE = SimpleNamespace(
    system=("sys-apps/sed", "app-shells/bash"),
    packages_build=("sys-apps/baselayout", "app-arch/xz-utils", "sys-libs/glibc"),
    profile_atoms=(Atom.parse(">=sys-apps/portage-3"), Atom.parse("app-misc/b")),
)
CONFIG = SimpleNamespace(profile=PROFILE)


@pytest.mark.parametrize("targets, expanded", [
    (["dev-libs/gmp"], [("dev-libs/gmp", "dev-libs/gmp")]),
    ([">=sys-devel/gcc-14:14"], [(">=sys-devel/gcc-14:14", ">=sys-devel/gcc-14:14")]),
    (["@system"], [("@system", "app-shells/bash"), ("@system", "sys-apps/sed")]),
    (["@world"], [("@world", "app-shells/bash"), ("@world", "sys-apps/sed")]),
    (["@selected"], []),
    (["@stage1"], [("@stage1", "sys-apps/baselayout"), ("@stage1", "app-arch/xz-utils"),
                   ("@stage1", "sys-libs/glibc")]),                # catalyst's order kept
    (["@profile"], [("@profile", ">=sys-apps/portage-3"), ("@profile", "app-misc/b")]),
    (["sys-libs/zlib", "@selected", "@system"],                    # targets keep their order
     [("sys-libs/zlib", "sys-libs/zlib"), ("@system", "app-shells/bash"),
      ("@system", "sys-apps/sed")]),
])
def test_expansion(targets, expanded):
    atoms, problems = expand_targets(CONFIG, targets)
    assert [(label, str(atom)) for label, atom in atoms] == expanded
    assert problems == []
    assert all(isinstance(atom, Atom) for _, atom in atoms)


def test_every_named_set_expands():
    for name in SETS:
        assert expand_targets(CONFIG, [name])[1] == [], name


def test_an_unknown_set_is_a_problem_and_the_rest_expands():
    atoms, problems = expand_targets(CONFIG, ["@nope", "dev-libs/gmp"])
    assert [str(a) for _, a in atoms] == ["dev-libs/gmp"]
    (p,) = problems
    assert (p.kind, p.package, p.atom, p.message, p.fix) == (
        "unknown-set", None, "@nope", "no set named @nope",
        "use one of @system, @world, @selected, @stage1, @profile")


@pytest.mark.parametrize("target", ["gmp", "dev-libs/gmp-6", "=dev-libs/gmp"])
def test_a_bad_atom_is_an_error(target):
    with pytest.raises(InvalidAtom):
        expand_targets(CONFIG, [target])


SYSTEM = ["app-arch/xz-utils", "sys-devel/binutils", "sys-devel/gcc", "sys-libs/zlib",
          "virtual/libc", "virtual/os-headers"]


@pytest.mark.parametrize("target, members", [
    ("@system", SYSTEM),                                   # base/packages, the '*' lines
    ("@world", SYSTEM),
    ("@stage1", ["app-arch/xz-utils", "sys-libs/zlib", "virtual/os-headers", "virtual/libc",
                 "sys-devel/binutils", "sys-devel/gcc",
                 ">=sys-devel/m4-1.4.18",                  # swapped in from packages
                 "sys-apps/baselayout", "app-alternatives/awk"]),
    ("@profile", [">=sys-devel/m4-1.4.18"] + SYSTEM),     # every packages line, sorted
    ("@selected", []),
])
def test_the_embedded_examples_sets(example_dir, target, members):
    """Hand-checked against examples/repo/profiles/{base,default/linux}/packages*."""
    from bootorder.config.profile import Profile
    from bootorder.tree.repository import EXAMPLE_PROFILE, Tree
    tree = Tree.open([example_dir / "repo"])
    config = SimpleNamespace(profile=Profile.load(tree, EXAMPLE_PROFILE))
    atoms, problems = expand_targets(config, [target])
    assert ([str(a) for _, a in atoms], problems) == (members, [])
