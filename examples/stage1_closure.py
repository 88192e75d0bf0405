"""The stage-1 closure of a catalyst build, as a bootstrap engineer reads it.

Models catalyst's stage 1: the profile's ``packages.build`` list resolved with
``USE="-* build $BOOTSTRAP_USE"``; run-time dependencies land in the new root
(``target``), build-time ones on the build host (``host``). With ``--host empty``
nothing is installed on the host, so build dependencies are built there too.

    python examples/stage1_closure.py                      # the embedded example
    python examples/stage1_closure.py --host empty \\
        --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay \\
        --profile coreos-overlay:coreos/amd64/sdk/transition
"""
from __future__ import annotations

import argparse
import sys

from bootorder import (
    EXAMPLE_PROFILE,
    Config,
    Profile,
    Tree,
    example_repository_path,
    explain,
    resolve,
)


def load(repos: list[str], profile: str | None) -> Config:
    """catalyst's stage-1 configuration of a tree (the embedded example by default)."""
    tree = Tree.open(repos or [example_repository_path()])
    return Config.stage1(tree, Profile.load(tree, profile or EXAMPLE_PROFILE))


def tree_parser(doc: str, host: bool = True) -> argparse.ArgumentParser:
    """The options every example takes: ``--repo``, ``--profile`` (and ``--host``)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--repo", action="append", default=[],
                        help="an ebuild repository (default: the embedded example)")
    parser.add_argument("--profile", help="REPO:PATH (default: the example's amd64)")
    if host:
        parser.add_argument("--host", default="seed", help="seed, empty or vdb:PATH")
    return parser


def main(argv: list[str]) -> int:
    args = tree_parser(__doc__).parse_args(argv)
    config = load(args.repo, args.profile)
    graph = resolve(config, ["@stage1"], host=args.host)
    for root in ("target", "host"):
        built = [k for k in graph.nodes(root) if not graph.node(k)["installed"]]
        print(f"{root}: {len(graph.nodes(root))} packages, {len(built)} to build")
    print("\nwhy each package of the new root is there (first step of a shortest path):")
    for key in graph.nodes("target"):
        expl = explain(graph, key, context=False)
        if expl.target:
            why = "a stage-1 target"
        elif expl.paths:
            step = expl.paths[0][-1]
            why = f"{step.cls} {step.atom} of {step.source.cpv}"
        else:
            why = "?"
        print(f"  {key.cpv:45} {why}")
    for problem in graph.problems:
        print(f"problem: {problem.text()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
