"""Text of a toolchain order and of a host-influence report (long USE dependencies in
reasons shortened to ``[…]`` unless ``verbose``)."""
from __future__ import annotations

import textwrap

from ..toolchain.influence import InfluenceReport
from ..toolchain.ordering import ToolchainOrder
from .notation import short_atoms

__all__ = ["format_toolchain", "format_influence"]


def format_toolchain(result: ToolchainOrder, verbose: bool = False) -> str:
    """Text for a terminal: the order with reasons, support, seed tools, rebuilds."""
    text = _lines(result)
    return "\n".join(_wrapped(line) for line in
                     (text if verbose else short_atoms(text)).splitlines())


WIDTH = 100
"""Column at which long lines wrap (fixed: the same text everywhere)."""


def _wrapped(line: str) -> str:
    """``line`` wrapped at :data:`WIDTH`, continuation lines indented under it."""
    if len(line) <= WIDTH:
        return line
    indent = " " * (len(line) - len(line.lstrip()) + 2)
    return "\n".join(textwrap.wrap(line, WIDTH, subsequent_indent=indent,
                                   break_on_hyphens=False, break_long_words=False))


def _lines(result: ToolchainOrder) -> str:
    lines = ["Toolchain order for the new root"
             + (" (fixed by the constraints alone):" if result.forced else ":")]
    for i, e in enumerate(result.entries, 1):
        lines.append(f"{i:3}. {e.cpv}")
        lines.append(f"       {e.reason}")
    if result.support:
        lines.append("Support packages (needed in the new root before a toolchain package):")
        lines += [f"     {e.cpv}: {e.reason}" for e in result.support]
    if result.seed_uses:
        lines.append("Built with the seed's tools:")
        lines += [f"     {s.tool}: {', '.join(s.builds)}" for s in result.seed_uses]
    lines += [f"Note: {n}" for n in result.notes]
    inf = result.influence
    for e in result.entries:
        if e.role == "libc":
            answer = result.libc_answer(e.cp)
            lines.append(f"Does {e.cp} need to be built twice? "
                         + ("yes" if answer["answer"] else "no") + f": {answer['why']}")
            chain = answer.get("with_bootstrap_chain")
            if chain:
                lines.append(f"  ... and with {' → '.join(chain['steps'])} built first? "
                             + ("yes" if chain["answer"] else "no") + f": {chain['why']}")
    lines.append("Built twice so that nothing of the seed remains: "
                 + (", ".join(inf.built_twice) or "nothing"))
    for cp in inf.built_twice:
        lines.append(f"     {cp}: its first build {inf.first(cp).why()}")
    if result.bootstrap is not None and result.bootstrap.packages:
        lines.append("Synthesized bootstrap packages (hard build cycles"
                     + (", after the USE changes " + ", ".join(map(str, result.bootstrap.use_changes))
                        if result.bootstrap.use_changes else "") + "):")
        lines += [f"     {p.key.cpv}: breaks "
                  + " → ".join(k.cpv for k in p.cycle + p.cycle[:1])
                  for p in result.bootstrap.packages]
    return "\n".join(lines)


def format_influence(report: InfluenceReport) -> str:
    """Text: one line per package with its builds, generations and why it is rebuilt."""
    lines = [f"{len(report.order)} packages, {report.passes} pass(es); built twice: "
             + (", ".join(report.built_twice) or "none")]
    for cp in report.order:
        gens = "/".join(str(b.generation) for b in report.builds if b.cp == cp)
        line = f"  {cp}: generation {gens}"
        if cp in report.built_twice:
            line += f" — first build {report.first(cp).why()}"
        lines.append(line)
    return "\n".join(lines)
