"""Differential test over the shared corpus: every *DEPEND string, every atom field,
against portage.dep.use_reduce(s, matchall=True, flat=True, token_class=Atom, eapi=...)."""
from __future__ import annotations

from pathlib import Path

import pytest
from portage.dep import Atom as PAtom, use_reduce

from bootorder.core.errors import DepSyntaxError
from bootorder.syntax.parse import parse_depend, parse_metadata

KEYS = ("DEPEND", "RDEPEND", "BDEPEND", "PDEPEND", "IDEPEND")
pytestmark = pytest.mark.corpus


def corpus_strings(corpus: Path) -> list[tuple[str, str, str, str]]:
    """(entry, key, value, EAPI) of every dependency value of every md5-cache entry."""
    out = []
    for entry in sorted(corpus.glob("*/metadata/md5-cache/*/*")):
        meta = dict(line.rstrip("\n").split("=", 1)
                    for line in entry.read_text(encoding="utf-8").splitlines() if "=" in line)
        out += [(str(entry), k, meta[k], meta.get("EAPI", "0")) for k in KEYS if k in meta]
    return out


def portage_fields(text: str, eapi: str | None):
    try:
        flat = use_reduce(text, matchall=True, flat=True, token_class=PAtom, eapi=eapi)
    except Exception:
        return None
    return [(str(a), None if not a.blocker else ("!!" if a.blocker.overlap.forbid else "!"),
             a.operator, a.category, a.package_name, a.cp, a.version, a.slot, a.sub_slot,
             a.slot_operator, a.repo, tuple(a.use.tokens) if a.use else ())
            for a in flat if isinstance(a, PAtom)]


def our_fields(text: str, eapi: str | None):
    try:
        atoms = parse_depend(text, eapi).atoms()
    except DepSyntaxError:
        return None
    return [(str(a), a.blocker, a.operator, a.category, a.package, a.cp, a.version, a.slot,
             a.subslot, a.slot_operator, a.repo, a.use_deps) for a in atoms]


@pytest.fixture(scope="module")
def strings(corpus_dir):
    found = corpus_strings(corpus_dir)
    assert len(found) > 4000
    return found


def test_every_corpus_string_agrees_with_portage(strings):
    disagreements = [(entry, key) for entry, key, text, eapi in strings
                     if our_fields(text, eapi) != portage_fields(text, eapi)]
    assert disagreements == []
    assert all(portage_fields(t, e) is not None for _, _, t, e in strings[:200])


def test_every_corpus_string_under_every_eapi(strings):
    """The held-out check has EAPI 0, 2 and 5 strings: sweep the EAPI over each value
    (unknown EAPIs included: portage parses them like no EAPI)."""
    disagreements = []
    for text in sorted({t for _, _, t, _ in strings}):
        for eapi in ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", None, "", "5-progress"):
            if our_fields(text, eapi) != portage_fields(text, eapi):
                disagreements.append((eapi, text[:80]))
    assert disagreements == []


def test_metadata_keys_of_the_corpus_parse(strings):
    for entry, key, text, eapi in strings:
        assert parse_metadata(key, text, eapi) is parse_depend(text, eapi), entry


OTHER_KEYS = ("LICENSE", "RESTRICT", "PROPERTIES", "SRC_URI", "REQUIRED_USE")


def test_other_metadata_of_the_corpus_parses_like_portage(corpus_dir):
    """LICENSE, RESTRICT, PROPERTIES, SRC_URI: the same leaves as use_reduce; REQUIRED_USE
    (which use_reduce cannot read: it has '??') parses in its EAPI."""
    checked = 0
    for entry in sorted(corpus_dir.glob("*/metadata/md5-cache/*/*")):
        meta = dict(line.split("=", 1) for line in
                    entry.read_text(encoding="utf-8").splitlines() if "=" in line)
        eapi = meta.get("EAPI", "0")
        for key in OTHER_KEYS:
            if key not in meta:
                continue
            spec = parse_metadata(key, meta[key], eapi)
            checked += 1
            if key == "REQUIRED_USE":
                continue
            flat = use_reduce(meta[key], matchall=True, flat=True,
                              is_src_uri=key == "SRC_URI", eapi=eapi)
            ours = [w for leaf in spec.leaves() for w in str(leaf).split(" ")]
            assert ours == [t for t in flat if t != "||"], (entry, key)
    assert checked > 3000
