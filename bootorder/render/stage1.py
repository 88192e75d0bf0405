"""The stage-1 answer (``bootorder stage1``) as JSON and as text.

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

__all__ = ["stage1_json", "stage1_text"]


def stage1_json(graph, config, problems=None, stuck=frozenset(), use_changes=None) -> dict:
    """The stage-1 answer as the JSON value ``bootorder stage1 --json`` prints
    (``problems``: those of :func:`bootorder.usechange.checks.check_graph`, else the
    resolver's; ``stuck``: the packages a hard build cycle holds back)."""
    packages = []
    for root in ("target", "host"):
        for key in graph.nodes(root):
            node = graph.node(key)
            if node["installed"]:
                continue
            packages.append({
                "cpv": key.cpv, "slot": node["slot"], "subslot": node["subslot"],
                "repo": node["repo"], "root": root, "use": sorted(node["use"]),
                "use_disabled": sorted(node["use_disabled"]),
                "pulled_in_by": _pulled_in_by(graph, key), "stuck": key in stuck})
    report = {"buildpkgs": list(config.profile.packages_build),
              "use": config.use_override or "", "packages": packages,
              "problems": [p.to_json() for p in (graph.problems if problems is None
                                                 else problems)]}
    if use_changes is not None:
        report["use_changes"] = list(use_changes)
    return report


def _pulled_in_by(graph, key) -> list[dict]:
    seen = set()
    out = []
    for e in graph.in_edges(key):
        item = (e.source.cpv, e.source.root, e.cls, e.atom)
        if item not in seen:
            seen.add(item)
            out.append({"cpv": item[0], "root": item[1], "class": item[2], "atom": item[3]})
    return out


def stage1_text(report: dict) -> str:
    """A readable summary: counts, one line per package, then the problems."""
    lines = [f"USE=\"{report['use']}\"", f"{len(report['buildpkgs'])} stage-1 atoms"]
    for root in ("target", "host"):
        pkgs = [p for p in report["packages"] if p["root"] == root]
        stuck = sum(p["stuck"] for p in pkgs)
        lines.append(f"\n{root} root: {len(pkgs)} packages"
                     + (f", {stuck} stuck behind a build cycle (marked *)" if stuck else ""))
        for p in pkgs:
            use = " ".join(p["use"] + [f"-{f}" for f in p["use_disabled"]])
            mark = "*" if p["stuck"] else " "
            lines.append(f" {mark}{p['cpv']}" + (f"  USE=\"{use}\"" if use else ""))
    if report["problems"]:
        lines.append(f"\n{len(report['problems'])} problems:")
        lines.extend(f"  {p['kind']}: {p['package'] or '(target)'}: {p['atom']}: "
                     f"{p['message']}" + (f" (fix: {p['fix']})" if p["fix"] else "")
                     for p in report["problems"])
    if report.get("use_changes"):
        lines.append("\nEvery USE fix at once: "
                     + " ".join(f"--with '{c}'" for c in report["use_changes"]))
    return "\n".join(lines)
