"""Hypothesis strategies for versions, atoms and dependency specs (tests of issue 2).

``atom_texts()`` draws atoms that are often valid and sometimes subtly not (package
names ending in version-like parts, ``*`` after other operators, slot operators and
USE defaults in EAPIs without them), so that tests compare validity as well as fields.
``spec_texts(eapi)`` draws specs that are valid for one EAPI, with random whitespace.
"""
from __future__ import annotations

from hypothesis import strategies as st

from bootorder.syntax.eapi import features

EAPIS = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")

_number = st.one_of(st.integers(0, 30).map(str), st.sampled_from(["0", "00", "01", "010", "007", "1000", "20240113"]))
_suffix = st.tuples(st.sampled_from(["alpha", "beta", "pre", "rc", "p"]),
                    st.sampled_from(["", "0", "1", "2", "10", "01"])).map(lambda t: "_" + "".join(t))


@st.composite
def versions(draw, revision: bool = True) -> str:
    """A valid PMS version, leading zeros, letters, suffixes and revisions included."""
    parts = draw(st.lists(_number, min_size=1, max_size=4))
    text = ".".join(parts)
    text += draw(st.sampled_from(["", "", "", "a", "b", "z"]))
    text += "".join(draw(st.lists(_suffix, max_size=2)))
    if revision:
        text += draw(st.sampled_from(["", "", "-r0", "-r1", "-r2", "-r10", "-r01"]))
    return text


_categories = st.sampled_from(["dev-libs", "sys-apps", "x11-libs", "virtual", "a", "c++",
                               "dev-perl", "app-i18n", "_x", "net-misc.x"])
_name_parts = st.sampled_from(["foo", "bar", "gtk+", "libc", "x11", "r1", "1", "2.0",
                               "1a", "3_p1", "b1", "0-r1", "python", "z_", "9x"])


@st.composite
def package_names(draw) -> str:
    """Package names, some of them ending in a version-like part (invalid)."""
    head = draw(st.sampled_from(["foo", "bar", "gtk+", "perl-Foo", "libXi", "_a", "9base"]))
    return "-".join([head] + draw(st.lists(_name_parts, max_size=2)))


_use_flag = st.sampled_from(["ssl", "a", "python_targets_python3_12", "c++", "x@y", "B"])


@st.composite
def use_dep(draw) -> str:
    flag = draw(_use_flag)
    default = draw(st.sampled_from(["", "", "(+)", "(-)"]))
    shape = draw(st.sampled_from(["{f}{d}", "-{f}{d}", "{f}{d}?", "!{f}{d}?", "{f}{d}=",
                                  "!{f}{d}=", "-{f}{d}?", "!{f}{d}"]))
    return shape.format(f=flag, d=default)


@st.composite
def atom_texts(draw) -> str:
    """Atom text covering every construct, valid in some EAPIs and invalid in others."""
    blocker = draw(st.sampled_from(["", "", "", "!", "!!"]))
    op = draw(st.sampled_from(["", "", "<", "<=", "=", "~", ">=", ">"]))
    text = f"{blocker}{op}{draw(_categories)}/{draw(package_names())}"
    if op:
        text += "-" + draw(versions())
        if draw(st.integers(0, 5)) == 0:
            text += "*"
    slot = draw(st.sampled_from(["", "", "", ":0", ":2", ":1.2", ":2/2.1", ":=", ":*",
                                 ":0=", ":1/2=", ":1*", ":a+b", ":-1"]))
    repo = draw(st.sampled_from(["", "", "", "", "::gentoo", "::x-y"]))
    use = ""
    if draw(st.booleans()):
        use = "[" + ",".join(draw(st.lists(use_dep(), min_size=1, max_size=3))) + "]"
    return text + slot + repo + use


@st.composite
def valid_atom_texts(draw, eapi: str) -> str:
    """An atom that is valid in ``eapi`` (built from its features)."""
    f = features(eapi)
    blocker = draw(st.sampled_from(["", "", "!"] + (["!!"] if f.strong_blocks else [])))
    op = draw(st.sampled_from(["", "", "<", "<=", "=", "~", ">=", ">", "=*"]))
    pkg = draw(st.sampled_from(["foo", "gtk+", "foo-bar", "libXi", "foo-1-bar", "foo-r1"]))
    text = f"{blocker}{'=' if op == '=*' else op}{draw(_categories)}/{pkg}"
    if op:
        text += "-" + draw(versions()) + ("*" if op == "=*" else "")
    slots = [""] + ([":0", ":2.1"] if f.slot_deps else [])
    slots += [":2/2.1", ":=", ":*", ":0="] if f.slot_operators else []
    text += draw(st.sampled_from(slots))
    if f.use_deps and draw(st.booleans()):
        flags = draw(st.lists(_use_flag, min_size=1, max_size=3, unique=True))
        deps = []
        for flag in flags:
            default = draw(st.sampled_from(["", "(+)", "(-)"])) if f.use_dep_defaults else ""
            shape = draw(st.sampled_from(["{}", "-{}", "{}?", "!{}?", "{}=", "!{}="]))
            deps.append(shape.format(flag + default))
        text += "[" + ",".join(deps) + "]"
    return text


_space = st.sampled_from([" ", " ", "  ", "\t", "\n", " \n "])


@st.composite
def spec_texts(draw, eapi: str, depth: int = 3) -> str:
    """A *DEPEND value valid in ``eapi``, with random whitespace between tokens."""
    tokens = draw(_spec_tokens(eapi, depth))
    out = draw(st.sampled_from(["", " ", "\n"]))
    for token in tokens:
        out += token + draw(_space)
    return out


@st.composite
def _spec_tokens(draw, eapi: str, depth: int, min_size: int = 0) -> list[str]:
    items = draw(st.lists(st.integers(0, 5 if depth else 0), min_size=min_size, max_size=4))
    tokens: list[str] = []
    for kind in items:
        if kind <= 2:
            tokens.append(draw(valid_atom_texts(eapi)))
            continue
        head = {3: [], 4: ["||"], 5: [draw(st.sampled_from(["ssl?", "!ssl?", "a?"]))]}[kind]
        tokens += head + ["("] + draw(_spec_tokens(eapi, depth - 1, 1)) + [")"]
    return tokens
