"""Reading emerge's --pretend output: a table of lines copied from real runs (portage
3.0.83, --verbose --color=n), each with what it says (package, root, bracket letters,
slot, enabled and disabled flags), the flag notation, the cycle report and the failure
messages."""
from __future__ import annotations

import pytest

from bootorder.plan.emerge_output import Flags, parse_emerge_output, parse_flags, parse_merge_line

T = "/tmp/w/target"
ROOTS = {T: "target"}

# (line, cpv, root, attrs, slot, subslot, enabled, disabled)
MERGE_LINES = [
    # stage 1 on the Flatcar mirror: target root, USE_EXPAND group, forced flags
    ('[ebuild  N     ]  app-misc/pax-utils-1.3.10::portage-stable to /tmp/w/target/ '
     'USE="-caps -man -python (-seccomp) -test" PYTHON_SINGLE_TARGET="python3_12 -python3_13 '
     '-python3_14" 0 KiB',
     "app-misc/pax-utils-1.3.10", "target", "N", None, None,
     {"python_single_target_python3_12"},
     {"caps", "man", "python", "seccomp", "test", "python_single_target_python3_13",
      "python_single_target_python3_14"}),
    # tree indentation (forced by the cycle report), host root (no "to"), slot/sub-slot
    ('[ebuild  N     ]  sys-apps/systemd-260.1-r2:0/2::portage-stable  USE="curl sysv-utils '
     '(vanilla) zstd -acl" PYTHON_SINGLE_TARGET="python3_12 -python3_13 -python3_14" 0 KiB',
     "sys-apps/systemd-260.1-r2", "/", "N", "0", "2",
     {"curl", "sysv-utils", "vanilla", "zstd", "python_single_target_python3_12"},
     {"acl", "python_single_target_python3_13", "python_single_target_python3_14"}),
    # keyword-masked (~) and a forced USE_EXPAND value "(-python3_15)"
    ('[ebuild  N    ~]   sys-apps/attr-2.6.0::portage-stable to /tmp/w/target/ '
     'USE="-debug (-nls) -static-libs -verify-sig" 0 KiB',
     "sys-apps/attr-2.6.0", "target", "N~", None, None, set(),
     {"debug", "nls", "static-libs", "verify-sig"}),
    # slot only (no sub-slot)
    ('[ebuild  N     ] sys-devel/gcc-15.3.0:15::portage-stable to /tmp/w/target/ '
     'USE="cet (cxx) -ada" 0 KiB',
     "sys-devel/gcc-15.3.0", "target", "N", "15", None, {"cet", "cxx"}, {"ada"}),
    # update with the old version in brackets, changed flag "*"
    ('[ebuild     U  ] dev-libs/b-2:0/2::mini [1:0/1::mini] USE="foo* -bar" 0 KiB',
     "dev-libs/b-2", "/", "U", "0", "2", {"foo"}, {"bar"}),
    # slot-operator rebuild
    ('[ebuild  rR    ] dev-libs/c-1::mini  0 KiB', "dev-libs/c-1", "/", "rR", None, None,
     set(), set()),
    ('[ebuild  r  U  ] dev-libs/b-2:0/2::mini [1:0/1::mini] USE="-bar -foo" 0 KiB',
     "dev-libs/b-2", "/", "rU", "0", "2", set(), {"bar", "foo"}),
    # binary package
    ('[binary   R    ] dev-libs/b-2:0/2::mini to /tmp/w/target/ USE="-bar -foo" 0 KiB',
     "dev-libs/b-2", "target", "R", "0", "2", set(), {"bar", "foo"}),
    # profile use.force / use.mask, IUSE default, PYTHON_TARGETS
    ('[ebuild  N     ] dev-libs/p-1::mini  USE="dflt (forced) (-masked)" '
     'PYTHON_TARGETS="python3_12 -python3_13" 0 KiB',
     "dev-libs/p-1", "/", "N", None, None, {"dflt", "forced", "python_targets_python3_12"},
     {"masked", "python_targets_python3_13"}),
    # new flag (%), changed (*), flag dropped from IUSE "(-old%*)": neither on nor off
    ('[ebuild     U  ] dev-libs/b-2:0/2::mini [1:0/1::mini] USE="bar%* -foo (-old%*)" 0 KiB',
     "dev-libs/b-2", "/", "U", "0", "2", {"bar"}, {"foo"}),
]


@pytest.mark.parametrize("line, cpv, root, attrs, slot, sub, enabled, disabled", MERGE_LINES)
def test_merge_lines(line, cpv, root, attrs, slot, sub, enabled, disabled):
    m = parse_merge_line(line, ROOTS)
    assert (m.cpv, m.root, m.attrs, m.slot, m.subslot) == (cpv, root, attrs, slot, sub)
    assert m.flags.enabled == enabled
    assert m.flags.disabled == disabled


def test_flag_notation():
    f, bad = parse_flags("USE", "a (b) -c (-d) e%* -g% (-h%*) (-i%)")
    assert not bad
    assert f.enabled == {"a", "b", "e"} and f.disabled == {"c", "d", "g"}
    assert f.forced == {"b", "d"} and f.new == {"e", "g"} and f.changed == {"e"}
    assert f.removed == {"h", "i"}
    f, _ = parse_flags("CURL_SSL", "(openssl) -gnutls")
    assert f.enabled == {"curl_ssl_openssl"} and f.forced == {"curl_ssl_openssl"}


def test_not_merges():
    for line in ('[nomerge       ]  app-portage/elt-patches-20250718::portage-stable ',
                 '[blocks B      ] sys-apps/foo ("sys-apps/foo" is soft blocking bar-1)',
                 '[uninstall     ] dev-libs/b-1::mini'):
        assert parse_merge_line(line, ROOTS) is None


def test_binary_build_id():
    m = parse_merge_line('[binary  N     ] dev-libs/b-1-3:0/1::mini  USE="foo" 0 KiB', ROOTS)
    assert (m.cpv, m.build_id) == ("dev-libs/b-1", 3)
    m = parse_merge_line('[ebuild  N     ] dev-libs/foo-bar-2::mini  0 KiB', ROOTS)
    assert (m.cpv, m.build_id) == ("dev-libs/foo-bar-2", None)


CYCLE = """\
[nomerge       ] app-arch/lbzip2-2.5_p20181227-r3::portage-stable to /tmp/w/target/ USE="-debug -static"
[nomerge       ]  dev-build/libtool-2.5.4:2::portage-stable  USE="-vanilla"
[ebuild  N     ]    app-arch/xz-utils-5.8.3::portage-stable  USE="-doc -extra-filters (-nls) -pgo -static-libs -verify-sig" 0 KiB
[ebuild  N     ]      app-portage/elt-patches-20250718::portage-stable  0 KiB
[ebuild  N     ] app-arch/xz-utils-5.8.3::portage-stable to /tmp/w/target/ USE="-doc -extra-filters (-nls) -pgo -static-libs -verify-sig" 0 KiB

Total: 149 packages (149 new), Size of downloads: 0 KiB

 * Error: circular dependencies:

(app-arch/xz-utils-5.8.3:0/0::portage-stable, ebuild scheduled for merge) depends on
 (app-portage/elt-patches-20250718:0/0::portage-stable, ebuild scheduled for merge) (buildtime)
  (app-arch/xz-utils-5.8.3:0/0::portage-stable, ebuild scheduled for merge) (buildtime)

 * Note that circular dependencies can often be avoided by temporarily
 * disabling USE flags that trigger optional dependencies.
"""


def test_cycle():
    r = parse_emerge_output(CYCLE, 1, ROOTS)
    assert r.cycle == ["app-arch/xz-utils-5.8.3", "app-portage/elt-patches-20250718"]
    assert [e.priority for e in r.cycle_edges] == ["buildtime", "buildtime"]
    assert r.total == 149 and not r.ok
    assert [m.key for m in r.merges] == [("app-arch/xz-utils-5.8.3", "/"),
                                         ("app-portage/elt-patches-20250718", "/"),
                                         ("app-arch/xz-utils-5.8.3", "target")]


USE_CHANGES = """\
[ebuild     U  ] dev-libs/b-2:0/2::mini [1:0/1::mini] USE="foo* -bar" 0 KiB
[ebuild  N     ] dev-libs/a-1::mini to /tmp/w/target/ 0 KiB

The following USE changes are necessary to proceed:
 (see "package.use" in the portage(5) man page for more details)
# required by dev-libs/a-1::mini
# required by dev-libs/a (argument)
>=dev-libs/b-2 foo
"""

REQUIRED_USE = """\
!!! Problem resolving dependencies for dev-libs/r
!!! The ebuild selected to satisfy "dev-libs/r" for /tmp/w/target/ has unmet requirements.
- dev-libs/r-1::mini USE="-x -y"

  The following REQUIRED_USE flag constraints are unsatisfied:
    exactly-one-of ( x y )
"""

NO_EBUILDS = """\
emerge: there are no ebuilds to satisfy "dev-libs/nonexist" for /tmp/w/target/.
emerge: searching for similar names...
emerge: Maybe you meant any of these: dev-libs/s, dev-libs/v, dev-libs/r?
"""

PROVIDED = """\
Total: 0 packages, Size of downloads: 0 KiB

WARNING: Requested packages will not be merged because they are listed in
package.provided:

  app-admin/eselect pulled in by 'args'
"""


@pytest.mark.parametrize("text, rc, kinds", [
    (USE_CHANGES, 1, ["use-changes"]), (REQUIRED_USE, 1, ["unsatisfied", "required-use"]),
    (NO_EBUILDS, 1, ["no-ebuilds"]), (PROVIDED, 0, ["provided-args"])])
def test_problems(text, rc, kinds):
    r = parse_emerge_output(text, rc, ROOTS)
    assert [p.kind for p in r.problems] == kinds
    assert not r.ok


def test_a_problem_keeps_its_message_block():
    r = parse_emerge_output(USE_CHANGES, 1, ROOTS)
    assert r.problems[0].text.splitlines()[-1] == ">=dev-libs/b-2 foo"
    assert [m.key for m in r.merges] == [("dev-libs/b-2", "/"), ("dev-libs/a-1", "target")]


def test_groups_and_unions():
    m = parse_merge_line(MERGE_LINES[0][0], ROOTS)
    assert m.group("PYTHON_SINGLE_TARGET").enabled == {"python_single_target_python3_12"}
    assert m.group("NOPE") == Flags()
    assert m.flags.shown == m.flags.enabled | m.flags.disabled
    assert "seccomp" in m.group("USE").forced

