"""Dependency cycles of a stage 1 on an empty build host, and how they break.

Models what emerge meets when nothing is installed: the build order ignores soft
edges in portage's order (PDEPEND, satisfied run-time edges, ...) and reports each
one; cycles of build-time edges are *hard* — no order exists until a USE change or a
``bootstrap-*`` package (built with the seed's tools) breaks them.

    python examples/cycles_and_breaks.py
    python examples/cycles_and_breaks.py --repo CORPUS/portage-stable \\
        --repo CORPUS/coreos-overlay --profile coreos-overlay:coreos/amd64/sdk/transition
"""
from __future__ import annotations

import sys

from stage1_closure import load, tree_parser

from bootorder import build_order, find_cycles, resolve, synthesize_bootstrap


def main(argv: list[str]) -> int:
    parser = tree_parser(__doc__, host=False)
    args = parser.parse_args(argv)
    graph = resolve(load(args.repo, args.profile), ["@stage1"], host="empty")
    report = find_cycles(graph, scope="all")
    hard = [c for c in report.cycles if c.hard]
    print(f"{len(report.cycles)} cycles ({len(hard)} hard) in "
          f"{len(report.components)} strongly connected components")
    for cycle in hard[:10]:  # shortest first
        print("hard: " + " -> ".join(
            f"{e.edge.source.cpv} ({e.edge.cls} {e.edge.atom}"
            f"{', implicit' if e.edge.implicit else ''})" for e in cycle.edges))
    if len(hard) > 10:
        print(f"... and {len(hard) - 10} more hard cycles"
              + (" (enumeration capped)" if report.truncated else ""))
    order = build_order(graph)
    print(f"\nbuild order: {len(order.order)} packages, {len(order.waves)} waves; "
          f"edges ignored to break cycles:")
    for item in order.ignored:
        e = item.edge
        print(f"  {e.source.cpv} -> {e.dep.cpv} [{e.dep.root}] ({e.cls} {e.atom}): "
              f"{item.reason}")
    plan = synthesize_bootstrap(graph)
    print(f"\nbootstrap packages breaking the hard cycles: {len(plan.packages)}")
    for package in plan.packages:
        print(f"  {package.key.cpv}: {package.to_json().get('differs', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
