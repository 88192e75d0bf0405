"""``--suggest-use`` and ``--with`` of ``bootorder cycles``: options, one call, rendering.

``add_options(parser)`` adds ``--suggest-use`` (``--with`` is a resolution option of
every command: :mod:`bootorder.cli.targets`); ``wanted(args)`` says whether either was
given; ``run(args)`` resolves with the ``--with`` changes applied, prints the ``cycles``
report of that graph (text, or its JSON with the extra keys ``suggest_use`` and
``whatif``) followed by :func:`bootorder.usechange.rerun.whatif`'s difference and
:func:`bootorder.usechange.suggestion.suggest_use`'s answer. Exit code as ``cycles``: 3 when a
hard cycle remains in the graph (with the ``--with`` changes applied), else 0. The
report's cycles seed the search unless the enumeration was capped (then partial).

JSON ``suggest_use``: ``{"changes": [{"cpv", "flag", "enable", "role", "adds_deps",
"breaks": [cycle], "removes": [edge], "drops": [{"cpv", "root"}]}], "size", "exact",
"lower_bound", "cycles": [cycle], "unbreakable": [cycle], "refused": [{"cpv", "flag",
"enable", "reason"}], "drops"}`` where a cycle is a list of ``{"cpv", "root"}``; ``whatif``: ``{"with", "ignored", "unmatched", "added",
"removed", "use_changed", "cycles_gone", "cycles_new", "cycles_kept"}``.
"""
from __future__ import annotations

SUGGEST_HELP = ("the smallest set of per-package USE flips that breaks every cycle a USE "
                "change can break (respects use.force/use.mask, REQUIRED_USE and "
                "dependents' [flag] dependencies)")


def add_options(parser) -> None:
    """Add ``--suggest-use`` to ``parser``."""
    parser.add_argument("--suggest-use", action="store_true", help=SUGGEST_HELP)


def wanted(args) -> bool:
    return bool(getattr(args, "suggest_use", False) or getattr(args, "with_specs", None))


def run(args) -> int:
    """Answer and print (see the module docstring)."""
    from .. import workflows
    from ..render.cycles import format_report
    from ..render.usechange import format_suggestion, format_whatif
    from .output import EXIT_CYCLE, EXIT_OK, answer, command_reporter
    from .targets import request_from_args
    with command_reporter(args.json) as reporter:
        result = workflows.cycles_with_changes(
            request_from_args(args), suggest=args.suggest_use,
            scope="all" if args.scope == "all" else "hard", max_length=args.max_length,
            max_cycles=args.max_cycles, reporter=reporter)
    report, suggestion, diff = result.value, result.extra["suggestion"], result.extra["whatif"]
    out, parts = report.to_json(), [format_report(result.graph, report)]
    if suggestion is not None:
        out["suggest_use"] = suggestion.to_json()
    if diff is not None:
        out["whatif"] = diff.to_json()
    parts += [format_whatif(diff)] if diff is not None else []
    parts += [format_suggestion(suggestion)] if suggestion is not None else []
    return answer(result, reporter, json_mode=args.json, doc=out, text="\n".join(parts),
                  code=EXIT_CYCLE if report.hard else EXIT_OK)
