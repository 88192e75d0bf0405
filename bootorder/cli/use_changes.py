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

import json

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
    from ..order.cycles import find_cycles, format_report
    from ..resolver.resolution import resolve
    from ..usechange.suggestion import suggest_use
    from ..usechange.constraints import config_constraints
    from ..usechange.rerun import UseOverrideConfig, whatif
    from .progress import terminal_reporter
    from .targets import (base_config_from_args, resolve_options, targets_from_args,
                          with_specs_from_args)

    specs = with_specs_from_args(args)
    with terminal_reporter() as reporter:
        config, targets = base_config_from_args(args, reporter), targets_from_args(args)
        options = {**resolve_options(args), "reporter": reporter}
        limits = {"max_length": args.max_length, "max_cycles": args.max_cycles}
        diff = whatif(config, targets, specs, **limits, **options) if specs else None
        changed = UseOverrideConfig(config, specs) if specs else config
        graph = resolve(changed, targets, **options)
        report = find_cycles(graph, scope="all" if args.all else "hard",
                             max_length=args.max_length, max_cycles=args.max_cycles)
        seeds = () if report.truncated else [c.nodes for c in report.cycles]
        answer = suggest_use(graph, config_constraints(graph, changed), cycles=seeds) \
            if args.suggest_use else None
    if args.json:
        out = report.to_json()
        if answer is not None:
            out["suggest_use"] = answer.to_json()
        if diff is not None:
            out["whatif"] = diff.to_json()
        print(json.dumps(out, indent=1))
    else:
        parts = [format_report(graph, report)]
        parts += [format_whatif(diff)] if diff is not None else []
        parts += [format_suggestion(answer)] if answer is not None else []
        print("\n".join(parts), end="")
    return 3 if report.hard else 0


SHOWN = 5
"""Most cycles listed per item in text (JSON lists every one)."""


def _capped(lines: list[str], more: str) -> list[str]:
    if len(lines) <= SHOWN:
        return lines
    return lines[:SHOWN] + [more.format(len(lines) - SHOWN)]


def _pkg(key) -> str:
    return key.cpv if key.root == "target" else f"{key.cpv} ({key.root})"


def _cycle(nodes) -> str:
    return " -> ".join(_pkg(k) for k in (*nodes, nodes[0]))


def format_suggestion(answer) -> str:
    """Text of a :class:`bootorder.usechange.suggestion.UseSuggestion`.

    >>> from bootorder.graph.depgraph import DepGraph
    >>> from bootorder.usechange.suggestion import suggest_use
    >>> g = DepGraph()
    >>> a = g.add_package("dev-libs/a-1", "target", use=frozenset({"b"}))
    >>> b = g.add_package("dev-libs/b-1", "target")
    >>> g.add_dep(a, b, "DEPEND", atom="dev-libs/b", use=("b",))
    >>> g.add_dep(b, a, "DEPEND", atom="dev-libs/a")
    >>> print(format_suggestion(suggest_use(g)), end="")
    1 USE change breaks every cycle a USE change can break (minimum):
      =dev-libs/a-1 -b
        breaks dev-libs/a-1 -> dev-libs/b-1 -> dev-libs/a-1
    """
    size = len(answer.changes)
    bound = "minimum" if answer.exact else f"heuristic; at least {answer.lower_bound} needed"
    plural = ("s", "") if size != 1 else ("", "s")
    lines = [f"{size} USE change{plural[0]} break{plural[1]} every cycle a USE change "
             f"can break ({bound}):"] if size else ["No USE change breaks a cycle."]
    for change in answer.changes:
        flip = change.flip
        note = "  (keeps REQUIRED_USE)" if change.role == "required_use" else ""
        note += "  (adds dependencies: check with --with)" if change.adds_deps else ""
        lines.append(f"  ={flip.cpv} {'+' if flip.enable else '-'}{flip.flag}{note}")
        lines += _capped([f"    breaks {_cycle(answer.cycles[i])}" for i in change.breaks],
                         "    ... and {} more cycles (--json lists all)")
        lines += [f"    also removes {e.cls} {e.atom} ({e.use_text()}) in {e.source.root}"
                  for e in change.removes]
        if change.drops:
            lines.append("    no longer pulls in " + ", ".join(_pkg(k) for k in change.drops))
    if answer.unbreakable:
        lines.append("Cycles no allowed USE change can break:")
        lines += _capped([f"  {_cycle(c)}" for c in answer.unbreakable],
                         "  ... and {} more (--json lists all)")
    if answer.refused:
        lines.append("USE changes not allowed:")
        lines += [f"  {flip}: {reason}" for flip, reason in answer.refused]
    return "\n".join(lines) + "\n"


def format_whatif(diff) -> str:
    """Text of a :class:`bootorder.usechange.rerun.WhatIf`."""
    lines = ["With " + "; ".join(str(s) for s in diff.specs) + ":"]
    lines += [f"  ignored {_pkg(k)} {c}: {r}" for k, c, r in diff.ignored]
    lines += [f"  matches no package: {s}" for s in diff.unmatched]
    for label, keys in (("removed", diff.removed), ("added", diff.added)):
        lines.append(f"  packages {label}: " + (", ".join(map(_pkg, keys)) or "none"))
    for key, on, off in diff.use_changed:
        flags = " ".join([*(f"+{f}" for f in on), *(f"-{f}" for f in off)])
        lines.append(f"  USE of {_pkg(key)}: {flags}")
    for label, cycles in (("gone", diff.cycles_gone), ("new", diff.cycles_new)):
        lines.append(f"  cycles {label}: {len(cycles)}")
        lines += _capped([f"    {_cycle(c)}" for c in cycles], "    ... and {} more")
    lines.append(f"  cycles unchanged: {diff.cycles_kept}")
    if diff.truncated:
        lines.append("  (cycle enumeration was capped: compared the shortest hard cycle of "
                     "each component; raise --max-cycles/--max-length for all)")
    return "\n".join(lines) + "\n"
