"""Why is a package in my stage 1? Every way it is pulled in, step by step.

Models ``bootorder explain`` through the library: the shortest path from a stage-1
target to the package through each of its dependents, each step with its dependency
class, USE condition and the atom as the dependent's ebuild writes it; the cycles it
is in and how the build order breaks them. A package that is not in the closure gets
the reason and the USE change that would pull it in.

    python examples/why_package.py sys-devel/gcc
    python examples/why_package.py gettext        # not in the closure: which flag?
"""
from __future__ import annotations

import sys

from stage1_closure import load, tree_parser

from bootorder import explain, resolve


def main(argv: list[str]) -> int:
    parser = tree_parser(__doc__)
    parser.add_argument("package", nargs="?", default="sys-devel/gcc")
    args = parser.parse_args(argv)
    config = load(args.repo, args.profile)
    graph = resolve(config, ["@stage1"], host=args.host)
    expl = explain(graph, args.package, config=config)
    if not expl.found:
        print(f"{args.package}: {expl.absent['message']}")
        for way in expl.absent["pulled_in_by"]:
            print(f"  {way['change']}  ({way['why']})")
        return 0
    for inst in expl.instances:
        print(f"{inst.key.cpv} in the {inst.key.root} root"
              + (" (a target)" if inst.target else ""))
    for path in expl.paths:
        print("  " + path[0].source.cpv + "".join(
            f"\n    --{s.cls} {s.atom}{' if ' + s.edge.use_text() if s.edge.use else ''}"
            f"--> {s.dep.cpv}@{s.dep.root}" for s in path))
    for cycle in expl.cycles:
        print("cycle: " + " -> ".join(cycle["packages"]))
        for text in cycle["broken_by"]:
            print(f"  broken by ignoring {text}")
    for where in expl.build:
        print(f"built in the {where['root']} root at position {where['position']} "
              f"of {where['of']}" if where["position"] else
              f"already installed in the {where['root']} root")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
