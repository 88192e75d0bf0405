"""``--suggest-use`` and ``--with`` of ``bootorder cycles``: options, one call, rendering.

``add_options(parser)`` adds ``--suggest-use`` (``--with`` is a resolution option of
every command: :mod:`bootorder.cli.targets`); ``wanted(args)`` says whether either was
given; ``run(args)`` resolves with the ``--with`` changes applied and prints the answer
first: :func:`bootorder.usechange.suggestion.suggest_use`'s USE changes and
:func:`bootorder.usechange.rerun.whatif`'s difference, then the cycles of ``--scope``
(default: the shortest hard cycle of each component), one line each. The suggestion is
seeded with the bounded enumeration of every hard cycle (every cycle with ``--scope
all``; partial when the enumeration was capped); ``-v`` prints that enumeration in
emerge's layout. Exit code as ``cycles``: 3 when a hard cycle remains in the graph (with
the ``--with`` changes applied), else 0, or 4 when a problem of severity error left
something out; the answer travels in every command's envelope (:mod:`bootorder.cli.output`).

JSON: the enumeration's ``cycles`` report (``"scope": "hard"`` or ``"all"``, as the
suggestion used it) with the extra keys ``suggest_use``, ``whatif`` and, when
``--scope`` asked for another scope, ``requested_scope`` (the ``cycles`` report of
that scope). ``suggest_use``: ``{"changes": [{"cpv", "flag", "enable", "role",
"adds_deps", "breaks": [cycle], "removes": [edge], "drops": [{"cpv", "root"}]}],
"size", "exact", "lower_bound", "cycles": [cycle], "unbreakable": [cycle], "refused":
[{"cpv", "flag", "enable", "reason"}], "drops"}`` where a cycle is a list of ``{"cpv",
"root"}``; ``whatif``: ``{"with", "ignored", "unmatched", "added", "removed",
"use_changed", "cycles_gone", "cycles_new", "cycles_kept"}``.
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
    from ..render.cycles import report_json
    from ..render.usechange import answer_chunks
    from .output import EXIT_CYCLE, EXIT_OK, answer, command_reporter
    from .targets import request_from_args
    with command_reporter(args.json) as reporter:
        result = workflows.cycles_with_changes(
            request_from_args(args), suggest=args.suggest_use, scope=args.scope,
            max_length=args.max_length, max_cycles=args.max_cycles, reporter=reporter)
    report, enumeration = result.value, result.extra["enumeration"]
    suggestion, diff = result.extra["suggestion"], result.extra["whatif"]
    code = EXIT_CYCLE if report.hard else EXIT_OK
    if args.json:
        extra = {"suggest_use": suggestion.to_json()} if suggestion is not None else {}
        extra.update({"whatif": diff.to_json()} if diff is not None else {})
        if report is not enumeration:
            extra["requested_scope"] = report.to_json()
        doc, cycles = report_json(enumeration, extra)
        return answer(result, reporter, json_mode=True, doc=doc, streamed=("cycles", cycles),
                      code=code)
    return answer(result, reporter, json_mode=False, code=code,
                  text=answer_chunks(result.graph, report, enumeration, suggestion, diff,
                                     verbose=args.verbose > 0))
