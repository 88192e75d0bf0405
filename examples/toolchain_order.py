"""The order in which to build a toolchain into a new root, and why.

Models the project's founding question: linux-headers -> glibc -> binutils -> gmp ->
mpfr -> mpc -> gcc, derived from the metadata plus the implicit toolchain model
(every compiled package needs libc in its root and a compiler and binutils on the
build host), with the reason for each position. The toolchain packages are resolved
with the profile's USE on an empty host, so every dependency keeps its metadata (as
``bootorder toolchain`` does).

    python examples/toolchain_order.py
"""
from __future__ import annotations

import sys

from stage1_closure import load, tree_parser

from bootorder import Config, resolve, toolchain_order
from bootorder.toolchain import ToolchainSpec


def main(argv: list[str]) -> int:
    parser = tree_parser(__doc__, host=False)
    args = parser.parse_args(argv)
    stage1 = load(args.repo, args.profile)
    config = Config(stage1.tree, stage1.profile)  # the profile's own USE, not stage 1's
    spec = ToolchainSpec()  # the C library, the compiler and binutils
    graph = resolve(config, [spec.libc, spec.compiler, spec.binutils], host="empty")
    result = toolchain_order(graph, spec)
    print(" -> ".join(entry.cp for entry in result.entries))
    for n, entry in enumerate(result.entries, 1):
        print(f"{n:2}. {entry.cpv}: {entry.reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
