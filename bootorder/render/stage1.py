"""The stage-1 answer (``bootorder stage1``) as JSON and as text.

The text reads like ``emerge --verbose``: the effective stage-1 USE once, deduplicated
(``-v``: where each flag comes from), then one line per package with its USE grouped by
USE_EXPAND variable (:mod:`bootorder.render.notation`).

>>> print(stage1_text({"use": "-* build", "buildpkgs": ["sys-apps/baselayout"],
...                    "packages": [], "problems": []}))
USE="-* build"
1 stage-1 atoms
<BLANKLINE>
target root: 0 packages
<BLANKLINE>
host root: 0 packages
"""
from __future__ import annotations

from ..config.useflags import Delta
from .notation import UseView, use_string

__all__ = ["stage1_json", "stage1_text", "use_sources"]

OVERRIDE = "catalyst's stage-1 USE"
"""Where a flag written in the USE override itself (``build``) comes from."""


def stage1_json(graph, config, problems=None, stuck=frozenset(), use_changes=None) -> dict:
    """The stage-1 answer as the JSON value ``bootorder stage1 --json`` prints
    (``problems``: those of :func:`bootorder.usechange.checks.check_graph`, else the
    resolver's; ``stuck``: the packages a hard build cycle holds back)."""
    view = UseView(config if hasattr(config, "tree") else None)
    packages = []
    for root in ("target", "host"):
        for key in graph.nodes(root):
            node = graph.node(key)
            if node["installed"]:
                continue
            marked = view.marked(key.cpv, node["repo"])
            packages.append({
                "cpv": key.cpv, "slot": node["slot"], "subslot": node["subslot"],
                "repo": node["repo"], "root": root, "use": sorted(node["use"]),
                "use_disabled": sorted(node["use_disabled"]),
                "pulled_in_by": _pulled_in_by(graph, key), "stuck": key in stuck,
                "use_forced": sorted(marked & node["use"]),
                "use_masked": sorted(marked & node["use_disabled"])})
    report = {"buildpkgs": list(config.profile.packages_build),
              "use": config.use_override or "", "packages": packages,
              "problems": [p.to_json() for p in (graph.problems if problems is None
                                                 else problems)],
              "use_expand": list(view.expand),
              "use_expand_hidden": list(view.hidden),
              "use_flags": [{"flag": f, "from": where}
                            for f, where in use_sources(config).items()]}
    if use_changes is not None:
        report["use_changes"] = list(use_changes)
    return report


def use_sources(config) -> dict[str, str]:
    """``{flag: where it comes from}`` for every flag the USE override enables, sorted:
    a profile node (``repo:path (BOOTSTRAP_USE)``, the last that wrote the flag) or
    :data:`OVERRIDE` for a flag written in the override itself."""
    override = getattr(config, "use_override", None)
    if not override:
        return {}
    delta = Delta.of(override.split())
    written = _bootstrap_use_writers(getattr(config, "profile", None))
    return {flag: written.get(flag, OVERRIDE) for flag in sorted(delta.added)}


def _bootstrap_use_writers(profile) -> dict[str, str]:
    """``{flag: the last profile node whose BOOTSTRAP_USE wrote it (or its -flag)}``."""
    writers: dict[str, str] = {}
    before: list[str] = []
    for name, values in zip(getattr(profile, "chain", ()), getattr(profile, "make_defaults", ())):
        if "BOOTSTRAP_USE" not in values:
            continue
        tokens = values["BOOTSTRAP_USE"].split()
        own = tokens[len(before):] if tokens[:len(before)] == before else tokens
        writers.update((t.lstrip("-+"), f"{name} (BOOTSTRAP_USE)") for t in own)
        before = tokens
    return writers


def _pulled_in_by(graph, key) -> list[dict]:
    seen = set()
    out = []
    for e in graph.in_edges(key):
        item = (e.source.cpv, e.source.root, e.cls, e.atom)
        if item not in seen:
            seen.add(item)
            out.append({"cpv": item[0], "root": item[1], "class": item[2], "atom": item[3]})
    return out


def stage1_text(report: dict, verbose: bool = False) -> str:
    """A readable summary: the effective USE (``verbose``: each flag's source), one line
    per package, then the problems."""
    lines = [_override_line(report), f"{len(report['buildpkgs'])} stage-1 atoms"]
    if report.get("use_flags") and "-*" in report["use"].split():
        lines[-1] += (f", {len(report['use_flags'])} USE flags enabled"
                      + (" (where each comes from:)" if verbose else " (-v: where from)"))
    if verbose and report.get("use_flags"):
        width = max(len(f["flag"]) for f in report["use_flags"])
        lines += [f"  {f['flag']:{width}}  {f['from']}" for f in report["use_flags"]]
    for root in ("target", "host"):
        pkgs = [p for p in report["packages"] if p["root"] == root]
        stuck = sum(p["stuck"] for p in pkgs)
        lines.append(f"\n{root} root: {len(pkgs)} packages"
                     + (f", {stuck} stuck behind a build cycle (marked *)" if stuck else ""))
        for p in pkgs:
            use = _package_use(report, p)
            mark = "*" if p["stuck"] else " "
            lines.append(f" {mark}{p['cpv']}" + (f"  {use}" if use else ""))
    if report["problems"]:
        lines.append(f"\n{len(report['problems'])} problems:")
        lines.extend(f"  {p['kind']}: {p['package'] or '(target)'}: {p['atom']}: "
                     f"{p['message']}" + (f" (fix: {p['fix']})" if p["fix"] else "")
                     for p in report["problems"])
    if report.get("use_changes"):
        lines.append("\nEvery USE fix at once: "
                     + " ".join(f"--with '{c}'" for c in report["use_changes"]))
    return "\n".join(lines)


def _override_line(report: dict) -> str:
    """The USE override as its net effect: ``-*`` then each enabled flag once, USE_EXPAND
    flags in their own groups (as written when it clears nothing)."""
    tokens = report["use"].split()
    if "-*" not in tokens or "use_flags" not in report:
        return f'USE="{report["use"]}"'
    flags = [f["flag"] for f in report["use_flags"]]
    text = use_string(flags, (), expand=report.get("use_expand", ()))
    text = text.replace('USE="', 'USE="-* ', 1) if text.startswith("USE=") else \
        f'USE="-*" {text}'.rstrip()
    return text


def _package_use(report: dict, p: dict) -> str:
    return use_string(p["use"], p["use_disabled"], expand=report.get("use_expand", ()),
                      hidden=report.get("use_expand_hidden", ()),
                      marked=p.get("use_forced", []) + p.get("use_masked", []))
