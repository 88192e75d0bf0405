"""``bootorder stage1``: what catalyst's stage 1 merges, in which root, with which USE."""
from __future__ import annotations

import json

EXAMPLES = """\
examples:
  bootorder stage1 --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay \\
      --profile coreos-overlay:coreos/amd64/sdk/transition --host empty --json
      the stage-1 closure on an empty build host (build dependencies land in "host")
  bootorder stage1 ... --host seed --implicit off
      catalyst's real case: the seed provides every build dependency

JSON: {"buildpkgs": [atom, ...], "use": "the USE override",
  "packages": [{"cpv", "slot", "subslot", "repo", "root", "use", "use_disabled",
                "pulled_in_by": [{"cpv", "root", "class", "atom"}],
                "stuck": bool}],
  "problems": [{"kind", "package", "atom", "chain", "message", "fix"}],
  "use_changes": ["cat/pkg flag -flag", ...]}
"packages" lists what would be built (not what the seed host already has), target
root first; "pulled_in_by" is empty for the stage-1 list's own atoms; "stuck" is true
for a package that cannot be merged while a hard build cycle stands (on a build cycle,
or needing one): emerge, stopping on such a cycle, prints exactly these.
"use_changes" gathers the USE fixes of every problem, one value per package: give
each to --with to resolve again with all of them applied.
Exit 0 whenever an answer was produced: problems are part of the answer.
"""


def register(subparsers) -> None:
    from .targets import add_resolve_command
    p = add_resolve_command(
        subparsers, "stage1", help="catalyst's stage-1 closure in two roots, with USE",
        description="Resolve catalyst's stage 1 (packages.build under "
                    "USE=\"-* build $BOOTSTRAP_USE\") into the target and host roots.",
        epilog=EXAMPLES, func=run, stage1=True)
    p.add_argument("--json", action="store_true", help="print JSON (see below)")


def run(args) -> int:
    from .progress import terminal_reporter
    from .targets import config_from_args, resolve_options, targets_from_args
    from ..resolver.resolution import resolve
    args.stage1 = True
    from ..usechange.checks import check_graph, with_values
    with terminal_reporter() as reporter:
        config = config_from_args(args, reporter)
        targets, options = targets_from_args(args), resolve_options(args)
        graph = resolve(config, targets, **options, reporter=reporter)
        checked = check_graph(graph, config, reporter=reporter,
                              resolve=lambda c: resolve(c, targets, **options))
    report = stage1_json(graph, config, checked.problems)
    report["use_changes"] = with_values(checked.changes)
    print(json.dumps(report, indent=1) if args.json else stage1_text(report))
    return 0


def stage1_json(graph, config, problems=None) -> dict:
    """The stage-1 answer as the JSON value documented in the epilog (``problems``:
    those of :func:`bootorder.usechange.checks.check_graph`, else the resolver's)."""
    from ..order.stuck import stuck_packages
    stuck = set(stuck_packages(graph))
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
    return {"buildpkgs": list(config.profile.packages_build),
            "use": config.use_override or "", "packages": packages,
            "problems": [p.to_json() for p in (graph.problems if problems is None
                                               else problems)]}


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
