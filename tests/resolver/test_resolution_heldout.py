"""The held-out targets of issue 4 against the real ``emerge --pretend`` merge list.

Issue 4: ``@system`` and ``coreos-devel/sdk-depends`` on ``coreos-overlay:coreos/amd64/sdk``
"with an empty tree: emerge merges 276 and 598 packages". Those numbers are the
``[ebuild`` lines of the same invocation as the stage-1 oracle, with the profile's own USE::

    emerge --pretend --oneshot --implicit-system-deps=n --root=<empty dir> TARGET

on a host where nothing is installed (empty ``/`` and ``/var/db/pkg``;
``implicit-system-deps`` y or n gives the same lines). A line is one (cpv, root) pair:
``to <ROOT>`` for the target root, none for ``/`` (the host, where the empty host
builds every build dependency). The two roots share 95 and 271 cpvs, hence
181 and 327 distinct cpvs.

emerge's whole graph has more: 434 (cpv, root) nodes for ``@system`` (272 distinct
cpvs) and 862 for ``sdk-depends`` (464 distinct), which bootorder matches exactly
(``test_resolve_corpus.test_graph_matches_emerge_depgraph``). The printed list is shorter
because emerge meets unbreakable cycles (dev-lang/python <-> sys-apps/util-linux at run
time, the build cycles of an empty host) and then prints only what it had not yet
scheduled: exactly :func:`resolve_oracle.unscheduled` of bootorder's graph.
"""
from __future__ import annotations

import re

import pytest
from resolve_oracle import unscheduled

from bootorder.config.configuration import Config
from bootorder.config.profile import Profile
from bootorder.resolver.resolution import resolve
from bootorder.tree.repository import Tree

pytestmark = [pytest.mark.corpus, pytest.mark.emerge]

PROFILE = "coreos-overlay:coreos/amd64/sdk"
ISSUE_COUNTS = {"@system": 276, "coreos-devel/sdk-depends": 598}
"""emerge's merge counts as issue 4 states them."""

LINE = re.compile(r"^\[ebuild[^\]]*\]\s+(?P<cpv>[^:\s]+)\S*(?P<to>\s+to\s+\S+)?")


def merge_list(text: str) -> list[tuple[str, str]]:
    """``(cpv, root)`` of every ``[ebuild`` line of ``emerge --pretend`` output.

    >>> merge_list("[ebuild  N    ~]  a/b-1:0/1::r  to /tmp/x/ USE=\\"\\"\\n"
    ...            "[ebuild  N     ] c/d-2::r  USE=\\"x\\"\\n[blocks B ] e/f")
    [('a/b-1', 'target'), ('c/d-2', 'host')]
    """
    out = []
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            out.append((m["cpv"], "target" if m["to"] else "host"))
    return out


@pytest.fixture(scope="module")
def tree(corpus_dir):
    return Tree.open([corpus_dir / "portage-stable", corpus_dir / "coreos-overlay"])


@pytest.fixture(scope="module")
def mirror(corpus_dir, tmp_path_factory):
    pytest.importorskip("portage")
    from resolve_oracle import portage_mirror
    return portage_mirror(corpus_dir, tmp_path_factory.mktemp("mirror"))


@pytest.mark.parametrize("target", sorted(ISSUE_COUNTS))
def test_emerge_merge_list_is_what_bootorder_leaves_unscheduled(target, tree, mirror):
    from resolve_oracle import emerge_pretend
    text, _ = emerge_pretend(mirror, PROFILE, [target], stage1=False)
    printed = merge_list(text)
    theirs = set(printed)
    assert len(printed) == len(theirs) == ISSUE_COUNTS[target]
    assert "circular dependencies" in text

    graph = resolve(Config(tree, Profile.load(tree, PROFILE)), [target], host="empty",
                    implicit=False)
    full = {(k.cpv, k.root) for k in graph.nx.nodes}
    mine = {(k.cpv, k.root) for k in unscheduled(graph)}
    print(f"\n{target}: emerge printed {len(theirs)}; bootorder full graph {len(full)} "
          f"({len({c for c, _ in full})} cpvs), unscheduled {len(mine)}; only bootorder "
          f"{sorted(mine - theirs)}, only emerge {sorted(theirs - mine)}")
    assert theirs <= full
    assert mine == theirs
