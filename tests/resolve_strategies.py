"""Hypothesis strategies of small repositories that emerge resolves (issue 16's shapes).

``any_of_repos()``: an any-of group owned by a package that is needed in the host root
(a build dependency of another), some alternatives depending back on their owner, more
plain edges at random; ``use_dep_repos()``: USE dependencies (``[f]``, ``[-f]``,
``[f?]``, ``[f(+)]``, ``[f(-)]``) on flags whose conditional dependencies may pull the
dependent back, with profile ``use.mask``/``use.force`` and make.conf ``USE`` at
random. Each draws ``{"ebuilds", "targets", "use", "profile_files"}``: what
``emerge_oracle.run_emerge`` and ``bootorder_answer`` below take.
"""
from __future__ import annotations

from hypothesis import strategies as st

CLASSES = ("BDEPEND", "DEPEND", "RDEPEND", "PDEPEND")
FLAGS = ("f0", "f1")


def _add(ebuilds: dict, cpv: str, cls: str, text: str) -> None:
    meta = ebuilds[cpv]
    meta[cls] = f"{meta.get(cls, '')} {text}".strip()


@st.composite
def any_of_repos(draw) -> dict:
    """3-5 packages ``dev-libs/pN``; ``pK`` owns ``|| ( ... )`` of 2-3 others (itself
    sometimes), ``p0`` (the target) needs ``pK`` at build time when it is not ``pK``."""
    n = draw(st.integers(3, 5))
    names = [f"dev-libs/p{i}" for i in range(n)]
    ebuilds: dict = {f"{name}-1": {} for name in names}
    owner = draw(st.integers(0, n - 1))
    alternatives = draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=3, unique=True))
    _add(ebuilds, f"{names[owner]}-1", draw(st.sampled_from(CLASSES)),
         "|| ( " + " ".join(names[j] for j in alternatives) + " )")
    for j in alternatives:
        if j != owner and draw(st.booleans()):
            _add(ebuilds, f"{names[j]}-1", draw(st.sampled_from(CLASSES)), names[owner])
    if owner:
        _add(ebuilds, f"{names[0]}-1", draw(st.sampled_from(("BDEPEND", "DEPEND"))),
             names[owner])
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from(CLASSES))
    for u, v, cls in draw(st.lists(pairs, max_size=n)):
        if u != v:
            _add(ebuilds, f"{names[u]}-1", cls, names[v])
    return {"ebuilds": ebuilds, "targets": [names[0]], "use": "", "profile_files": {}}


_PLAIN_USE_DEPS = ("[{f}]", "[-{f}]", "[{f}(+)]", "[{f}(-)]", "[-{f}(+)]")
_CONDITIONAL_USE_DEPS = ("[{f}?]", "[!{f}?]")


def _use_dep(draw, parent_iuse: list[str]) -> str:
    """A USE dependency; a conditional one only on a flag of the parent's IUSE (EAPI 8
    masks a package whose conditional names a flag outside its IUSE)."""
    shapes = _PLAIN_USE_DEPS + (_CONDITIONAL_USE_DEPS if parent_iuse else ())
    shape = draw(st.sampled_from(shapes))
    pool = parent_iuse if shape in _CONDITIONAL_USE_DEPS else FLAGS
    return shape.format(f=draw(st.sampled_from(pool)))


@st.composite
def use_dep_repos(draw) -> dict:
    """2-4 packages with flags ``f0 f1`` (on by default or not, or missing); ``p0``
    (the target) needs ``p1`` with a USE dependency, and ``p1``'s dependencies under a
    flag may come back to ``p0``; more (conditional, USE-dependent) edges at random."""
    n = draw(st.integers(2, 4))
    names = [f"dev-libs/p{i}" for i in range(n)]
    ebuilds: dict = {}
    iuse: list[list[str]] = []
    for name in names:
        flags = draw(st.lists(st.sampled_from(FLAGS), unique=True, max_size=2))
        iuse.append(flags)
        ebuilds[f"{name}-1"] = {"IUSE": " ".join(("+" if draw(st.booleans()) else "") + f
                                                 for f in flags)}
    _add(ebuilds, f"{names[0]}-1", draw(st.sampled_from(("DEPEND", "BDEPEND", "RDEPEND"))),
         names[1] + _use_dep(draw, iuse[0]))
    if iuse[1] and draw(st.booleans()):
        _add(ebuilds, f"{names[1]}-1", draw(st.sampled_from(CLASSES[:3])),
             f"{draw(st.sampled_from(iuse[1]))}? ( {names[0]} )")
    edges = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from(CLASSES),
                      st.booleans(), st.booleans())
    for u, v, cls, conditional, with_use in draw(st.lists(edges, max_size=n)):
        if u != v:
            atom = names[v] + (_use_dep(draw, iuse[u]) if with_use else "")
            if conditional and iuse[u]:
                flag = draw(st.sampled_from(iuse[u]))
                atom = f"{draw(st.sampled_from(('', '!')))}{flag}? ( {atom} )"
            _add(ebuilds, f"{names[u]}-1", cls, atom)
    files = draw(st.sampled_from([{}, {}, {}, {"use.mask": "f0\n"}, {"use.force": "f0\n"},
                                  {"package.use.mask": f"{names[1]} f1\n"}]))
    use = draw(st.sampled_from(["", "", "f0", "-f0 f1", "-*"]))
    return {"ebuilds": ebuilds, "targets": [names[0]], "use": use, "profile_files": files}


def bootorder_answer(tmp_path, case: dict) -> dict:
    """bootorder on ``case`` (empty host, no implicit edges, emerge's restarts) in the
    shape of ``emerge_oracle.parse_emerge``."""
    from minirepo import write_repo

    from bootorder.config.configuration import Config
    from bootorder.config.profile import Profile
    from bootorder.order.backtrack import resolve
    from bootorder.order.cycles import find_cycles
    from bootorder.tree.repository import Tree
    repo = write_repo(tmp_path, case["ebuilds"])
    for name, text in case["profile_files"].items():
        (repo / "profiles" / "default" / name).write_text(text)
    tree = Tree.open([repo])
    config = Config(tree, Profile.load(tree, "mini:default"), make_conf_use=case["use"] or None)
    from bootorder.order.backtrack import stuck_remainder
    graph = resolve(config, case["targets"], host="empty", implicit=False)
    return {"merged": {(k.cpv, k.root): graph.node(k)["use"] for k in graph.nodes()},
            "use_lines": sorted(fix.split("`")[1] for _, fix in {  # one per instance
                (p.message, p.fix) for p in graph.problems if p.kind == "use-change"}),
            "unsatisfied": sorted(p.atom for p in graph.problems if p.kind == "use-conflict"),
            "circular": find_cycles(graph, scope="shortest").hard,
            "stuck": set(stuck_remainder(graph))}


def emerge_answer(case: dict) -> dict:
    """emerge on ``case`` (``--root``, empty ``/``), parsed by ``parse_emerge``."""
    from emerge_oracle import VERBOSE, parse_emerge, run_emerge
    return parse_emerge(run_emerge(case["ebuilds"], case["targets"], use=case["use"],
                                   root=True, options=VERBOSE,
                                   profile_files=case["profile_files"]))


def differences(ours: dict, theirs: dict) -> list[str]:
    """What of emerge's answer bootorder's differs in (empty: they agree). emerge stops
    at an atom nothing satisfies and shows nothing else then: bootorder must report one
    too. Otherwise the ``package.use`` lines, whether a hard cycle stops the merge, and
    the packages listed: every package with its USE, or, stopped on a cycle, those the
    merge cannot reach (``bootorder.order.backtrack.stuck_remainder``)."""
    if theirs["unsatisfied"]:
        return [] if ours["unsatisfied"] else ["unsatisfied"]
    found = [name for name in ("unsatisfied", "use_lines", "circular")
             if ours[name] != theirs[name]]
    if theirs["circular"]:
        if ours["stuck"] != set(theirs["merged"]):
            found.append("stuck packages")
    elif ours["merged"] != theirs["merged"]:
        found.append("packages and USE")
    return found
