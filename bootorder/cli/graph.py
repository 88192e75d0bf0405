"""``bootorder graph TARGET... --format json|dot|svg``: the resolved graph, or a part of it."""
from __future__ import annotations

EXAMPLES = """\
examples:
  bootorder graph sys-devel/gcc --format dot > gcc.dot
      the embedded example's closure of gcc as DOT (implicit edges dashed)
  bootorder graph --stage1 --repo CORPUS/portage-stable --repo CORPUS/coreos-overlay \\
      --profile coreos-overlay:coreos/amd64/sdk/transition --host empty \\
      --format svg --around sys-libs/glibc --depth 1 --mark-cuts > glibc.svg
      glibc and its direct neighbours in stage 1, with the edges the build order
      ignores to break cycles drawn red
  bootorder graph @system --implicit off --json
      only what the metadata says, as JSON

JSON (--format json or --json): {"nodes": [{"cpv", "root", "slot", "subslot", "repo",
  "use"}], "edges": [{"from", "to", "class", "root", "use", "atom", "implicit"}]}
  An edge goes from the dependent ("from") to its dependency ("to"); "root" is the root
  the dependency is satisfied in; "use" the enclosing USE conditionals ("nls? !static?").
  "context" and "problems": every command's envelope (see `bootorder --help`).

DOT/SVG: target-root packages are ellipses, host-root packages grey boxes, the --around
package gold; edges are coloured by class (BDEPEND blue, HOSTDEPEND purple, DEPEND
black, IDEPEND grey, RDEPEND green, PDEPEND orange dotted), the edges of one pair drawn
as one with a line per class; implicit toolchain edges are dashed (left out of --around
pictures unless --implicit-edges); with --mark-cuts the edges the build order ignores
are red and labelled "cut". A legend says what the drawing uses.
"""


def register(subparsers) -> None:
    from ..graph.neighbourhood import DIRECTIONS
    from ..render.dot import FORMATS
    from .targets import add_resolve_command
    p = add_resolve_command(
        subparsers, "graph", help="the resolved dependency graph as JSON, DOT or SVG",
        description="Resolve TARGET... and print the dependency graph (or the "
                    "neighbourhood of one package) as JSON, Graphviz DOT or SVG.",
        epilog=EXAMPLES, func=run)
    p.add_argument("--format", choices=FORMATS, default="json", help="output format")
    p.add_argument("--around", metavar="PKG",
                   help="only PKG (cpv, cat/pkg, name or atom) and its neighbourhood")
    p.add_argument("--depth", type=int, default=1, metavar="N",
                   help="edges away from PKG kept with --around (default 1)")
    p.add_argument("--direction", choices=DIRECTIONS, default="both",
                   help="--around follows dependencies, dependents or both (default)")
    p.add_argument("--mark-cuts", action="store_true",
                   help="mark the edges the build order ignores to break cycles")
    p.add_argument("--labels", action="store_true", help="write each edge's class on it")
    p.add_argument("--implicit-edges", action="store_true",
                   help="draw the implicit toolchain edges in an --around picture too "
                        "(left out by default: every compiled package has one to gcc)")
    p.add_argument("--json", action="store_true", help="same as --format json")


def run(args) -> int:
    import json

    from .. import workflows
    from ..render.dot import graph_output
    from .output import answer, command_reporter
    from .targets import request_from_args
    fmt = "json" if args.json else args.format
    with command_reporter(fmt == "json") as reporter:
        result = workflows.graph(request_from_args(args), mark_cuts=args.mark_cuts,
                                 reporter=reporter)
    text = graph_output(result.value, fmt, around=args.around, depth=args.depth,
                        direction=args.direction, marked=result.extra["marked"],
                        labels=args.labels, implicit_edges=args.implicit_edges)
    return answer(result, reporter, json_mode=fmt == "json", indent=2,
                  doc=json.loads(text) if fmt == "json" else None,
                  text=text if text.endswith("\n") else text + "\n")
