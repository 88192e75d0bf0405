"""Plans and their verification as text, JSON and HTML (``bootorder plan``, ``verify``).

The HTML views are registered for Jupyter when this module is imported (the package
facade names it as a display provider, :mod:`bootorder.core.display`).

>>> from bootorder.plan.model import Merge, Plan, Step
>>> step = Step(name="stage1", profile="r:p", root="target", atoms=("a/b",),
...             emerge=("--oneshot",), merge=(Merge("a/b-1", "target"),))
>>> print(plan_text(Plan(kind="catalyst", profile="r:p", steps=(step,)), "out"))
catalyst plan for r:p, written to out
 #  step    root    emerge     atoms  merges  generated lines
 1  stage1  target  --oneshot      1       1                0
complete: no problem left unsolved
"""
from __future__ import annotations

from ..core.display import register_html
from .html import table

__all__ = ["step_rows", "plan_text", "plan_json", "verify_text", "verify_json",
           "plan_html", "verify_html"]

STEP_HEADERS = ("#", "step", "root", "emerge", "atoms", "merges", "generated lines")


def _generated(plan, step) -> int:
    from ..plan.verify import generated_lines
    return sum(len(generated_lines(plan, d)) for d in (step.config, step.host_config) if d)


def step_rows(plan) -> list[tuple]:
    """One row per step: number, name, root, emerge options, atoms, merges, and the
    generated lines of its configuration (a directory shared by steps counts for each)."""
    return [(i + 1, s.name, s.root, " ".join(s.emerge), len(s.atoms), len(s.merge),
             _generated(plan, s)) for i, s in enumerate(plan.steps)]


def _columns(headers, rows) -> list[str]:
    cells = [list(map(str, headers))] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    numeric = [all(isinstance(row[i], int) for row in rows) for i in range(len(headers))]
    return [" " + "  ".join(c.rjust(w) if numeric[i] else c.ljust(w)
                            for i, (c, w) in enumerate(zip(r, widths))).rstrip()
            for r in cells]


def plan_text(plan, out: str) -> str:
    """The step table of ``plan``, what depclean steps remove, the steps' notes and the
    plan's problems."""
    lines = [f"{plan.kind} plan for {plan.profile}, written to {out}"]
    lines += _columns(STEP_HEADERS, step_rows(plan))
    for step in plan.steps:
        if step.unmerge:
            lines.append(f"{step.name} removes: {', '.join(step.unmerge)}")
        lines += [f"{step.name}: {note}" for note in step.notes]
    if plan.cross:
        lines += _cross_lines(plan.cross)
    if plan.complete:
        lines.append("complete: no problem left unsolved")
    else:
        lines.append(f"INCOMPLETE: {len(plan.problems)} problems no USE change solves "
                     "(also in plan.json and the README):")
        lines += [f"  {p.kind}: {p.text()}" for p in plan.problems]
    return "\n".join(lines)


def _cross_lines(cross: dict) -> list[str]:
    order = cross["order"]
    verdict = "= crossdev's" if order["same"] else "!= crossdev's " + " ".join(
        order["crossdev"])
    out = [f"versions: {' '.join(cpv.split('/')[1] for cpv in cross['versions'].values())}",
           f"order (derived): {' '.join(order['derived'])} {verdict}"]
    for p in cross["passes"]:
        out.append(f"  {p['step']}: USE=\"{' '.join(p['use'])}\"")
    return out + ["crossdev: " + " ".join(w if w else '""' for w in cross["crossdev"][0])]


def plan_json(plan, out: str) -> dict:
    """``{"out", "complete", "plan": plan.json, "files": [paths]}``."""
    return {"out": out, "complete": plan.complete, "plan": plan.to_json(),
            "files": [path for path, _ in plan.files]}


def verify_text(report, plan_dir: str) -> str:
    """One line per step (and per generated line with ``--minimal``), then the verdict."""
    lines = [f"verify {plan_dir}"]
    for s in report.steps:
        state = "holds" if s.holds else "FAILS"
        counted = (f"{s.merged} merged, {s.planned} planned" if s.removed is None else
                   f"{s.removed} removed, {s.planned_removals} planned")
        lines.append(f"  step {s.name}: {state} (emerge exit {s.returncode}, {counted})")
        lines += [f"    {d}" for d in s.differences]
    lines += [f"  plan: {d}" for d in report.plan_differences]
    if report.lines is not None:
        lines.append(f"  --minimal: {len(report.lines)} generated lines")
        for x in report.lines:
            verdict = f"needed (without it {x.failed_step}: {x.reason})" if x.needed \
                else f"NOT NEEDED ({x.reason})"
            lines.append(f"    {x.file}:{x.line}: {x.text}: {verdict}")
    if report.dropped:
        lines.append(f"  --minimal: {len(report.dropped)} bootstrap steps")
        lines += [f"    {d.step}: {_drop_verdict(d)}" for d in report.dropped]
    lines.append("the plan holds" if report.holds else "THE PLAN DOES NOT HOLD")
    return "\n".join(lines)


def _drop_verdict(d) -> str:
    if d.needed:
        return f"needed (without it {d.failed_step}: {d.reason})"
    if d.implicit_only:
        return ("not needed by emerge, kept for bootorder's implicit toolchain model "
                f"({d.reason})")
    return f"NOT NEEDED ({d.reason})"


def verify_json(report, plan_dir: str) -> dict:
    """The report's JSON with the plan directory."""
    return {"plan": plan_dir, **report.to_json()}


def plan_html(plan) -> str:
    """A :class:`~bootorder.plan.model.Plan` as its step table."""
    state = "complete" if plan.complete else f"incomplete: {len(plan.problems)} problems"
    return table(STEP_HEADERS, step_rows(plan),
                 caption=f"{plan.kind} plan for {plan.profile} ({state})")


def verify_html(report) -> str:
    """A :class:`~bootorder.plan.verify.VerifyReport` as a table of steps."""
    rows = [(s.name, s.holds, s.returncode, s.merged, s.planned, "; ".join(s.differences))
            for s in report.steps]
    return table(("step", "holds", "exit", "merged", "planned", "differences"), rows,
                 caption="the plan holds" if report.holds else "the plan does not hold")


register_html("bootorder.plan.model.Plan", plan_html)
register_html("bootorder.plan.verify.VerifyReport", verify_html)
