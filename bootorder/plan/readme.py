"""The plan directory's ``README``: what to run, in order, in plain words.

Written from the plan alone (``readme_text(plan)``), so a plan read back and written
again gives the same README: the catalyst specs to run in order (and the
``@PLACEHOLDER@`` values to replace first), every step as the ``emerge`` command the
builder runs with its notes (what a depclean step removes), the generated
configuration files, the problems the plan could not solve, and how to check the plan.

>>> from bootorder.plan.model import Plan, Step
>>> step = Step(name="stage1", profile="r:p", root="target", sysroot="/", atoms=("a/b",),
...             emerge=("--oneshot",), make_conf=(("USE", "-* build"),))
>>> print(readme_text(Plan(kind="catalyst", profile="r:p", steps=(step,))).splitlines()[6])
  ROOT=<target> emerge --oneshot a/b
"""
from __future__ import annotations

import re
import textwrap

__all__ = ["readme_text", "placeholders", "generated_files", "cross_lines"]

_PLACEHOLDER = re.compile(r"@[A-Z][A-Z0-9_]*@")


def placeholders(text: str) -> list[str]:
    """The ``@PLACEHOLDER@`` names of ``text``, sorted.

    >>> placeholders("a: @X@\\nb: @PLAN_DIR@/x @X@")
    ['@PLAN_DIR@', '@X@']
    """
    return sorted(set(_PLACEHOLDER.findall(text)))


def generated_files(plan) -> list[str]:
    """The files under every step's ``config`` and ``host_config``, sorted."""
    dirs = {d for s in plan.steps for d in (s.config, s.host_config) if d}
    return sorted(path for path, _ in plan.files
                  if any(path.startswith(d.rstrip("/") + "/") for d in dirs))


def _command(step) -> str:
    env = "ROOT=<target> " if step.root == "target" else ""
    env += "SYSROOT=<target> " if step.sysroot == "target" else ""
    env += "PORTAGE_CONFIGROOT=<target> " if step.config_root == "target" else ""
    return f"{env}emerge {' '.join((*step.emerge, *step.atoms))}"


def _step_lines(index: int, step) -> list[str]:
    installed = ", ".join(f"{root}: {value if value == 'seed' else f'{len(value)} packages'}"
                          for root, value in step.installed) or "nothing"
    if step.over_seed:
        installed += f" and {len(step.over_seed)} packages over it"
    does = f"removes {len(step.unmerge)} packages" if "--depclean" in step.emerge \
        else f"merges {len(step.merge)} packages"
    lines = [f"{index + 1}. {step.name}: {does} (installed before: {installed})",
             f"  {_command(step)}"]
    for name, value in step.make_conf:
        lines.append(f"  with make.conf {name}=\"{value}\"")
    if step.config:
        lines.append(f"  with {step.config}/ laid over /etc/portage")
    lines += textwrap.wrap(step.why, 88, initial_indent="  ", subsequent_indent="  ")
    for note in step.notes:
        lines += textwrap.wrap(f"Note: {note}", 88, initial_indent="  ",
                               subsequent_indent="    ")
    return lines


def readme_text(plan) -> str:
    """The README of ``plan`` (see the module docstring)."""
    out = [f"bootorder plan ({plan.kind}) for the profile {plan.profile}", ""]
    specs = sorted(path for path, _ in plan.files if path.endswith(".spec"))
    out += ["What the build runs, step by step (each step is one emerge invocation;",
            "<target> is the root being filled, / the build host):", ""]
    for i, step in enumerate(plan.steps):
        out += _step_lines(i, step) + [""]
    if specs:
        out += ["How to run it with catalyst:" if len(specs) == 1 else
                "How to run it with catalyst, stage by stage (each stage's source_subpath "
                "is\nthe output of the one before):"]
        for n, spec in enumerate(specs):
            names = ", ".join(placeholders(dict(plan.files)[spec]))
            out += [f"  {2 * n + 1}. In {spec}, replace {names} (@PLAN_DIR@ is this "
                    "directory's", "     absolute path).", f"  {2 * n + 2}. catalyst -f {spec}"]
        out += [""]
    out += cross_lines(plan.cross) if plan.cross else []
    generated = generated_files(plan)
    if generated and not plan.cross:
        out += ["Generated configuration (each line says above it which problem it answers",
                "and the command that shows that problem again):"]
        out += [f"  {path}" for path in generated] + [""]
    out += _bootstrap_lines(plan)
    out += _problem_lines(plan)
    out += ["To check the plan (needs portage): bootorder verify <this directory> [--repo ...]",
            "replays every step with emerge --pretend; --minimal also checks that every",
            "generated line (and every bootstrap-* step) is needed."]
    return "\n".join(out) + "\n"


def _bootstrap_lines(plan) -> list[str]:
    """For a plan with ``bootstrap-*`` steps: what becomes of the pre-built packages."""
    facts = dict(plan.bootstrap)
    if not facts:
        return []
    said = [("The stage builds these again into the target root (the host's influence "
             "gone): ", facts.get("rebuilt", ())),
            ("These stay host-built (only their bootstrap build is in /): ",
             facts.get("host_built", ())),
            ("Only bootorder's implicit toolchain model asks for these steps (emerge "
             "--implicit-system-deps=n would build the stage without them): ",
             facts.get("implicit_only", ()))]
    out = []
    for head, names in said:
        if names:
            out += textwrap.wrap(head + ", ".join(names) + ".", 88) + [""]
    return out


def cross_lines(cross: dict) -> list[str]:
    """A cross plan's toolchain in words: the crossdev commands, the pinned versions,
    the derived order and the first gcc's USE next to crossdev's.

    >>> cross_lines({"crossdev": [["crossdev", "--portage", "", "--init-target"]],
    ...              "versions": {}, "order": {"derived": ["a"], "crossdev": ["a"],
    ...              "same": True}, "stage1_use": {"only_derived": [],
    ...              "only_crossdev": [], "crossdev_not_in_iuse": []}, "sysroot": "/s"})[1]
    "  crossdev --portage '' --init-target"
    """
    import shlex
    out = ["How to build it with crossdev (as Flatcar's toolchain_util.sh calls it):"]
    out += [f"  {shlex.join(words)}" for words in cross["crossdev"]]
    out += ["", f"Pinned versions (emerge's choice for the native packages), sysroot "
            f"{cross['sysroot']}:"]
    out += [f"  {pn}: {cpv}" for pn, cpv in cross["versions"].items()]
    order, use = cross["order"], cross["stage1_use"]
    same = "the same as" if order["same"] else "DIFFERENT from"
    out += ["", f"Order derived from the metadata: {' -> '.join(order['derived'])},",
            f"  {same} crossdev's documented stages ({' -> '.join(order['crossdev'])})."]
    out += textwrap.wrap(
        "First gcc's disabled features derived from the gcc ebuild's IUSE; beyond "
        f"crossdev's GUSE_DISABLE_STAGE_1: {', '.join(use['only_derived']) or 'none'}; "
        f"crossdev's missing here: {', '.join(use['only_crossdev']) or 'none'}; "
        f"crossdev's not in this gcc's IUSE: "
        f"{', '.join(use['crossdev_not_in_iuse']) or 'none'}; the first gcc's USE is "
        f"{'the same as' if use.get('same_use_as_crossdev') else 'NOT the same as'} "
        "under crossdev's own line.", 88,
        initial_indent="", subsequent_indent="  ")
    out += ["", "overlays/ holds the cross packages' metadata as a repository: it stands "
            "in for", "crossdev's overlay when the plan is replayed; the files under "
            "steps/*/portage are", "what crossdev writes to /etc/portage for each pass.", ""]
    return out


def _problem_lines(plan) -> list[str]:
    if not plan.problems:
        return ["The plan is complete: no problem was left unsolved.", ""]
    out = [f"THE PLAN IS INCOMPLETE: {len(plan.problems)} problems no USE change solves;",
           "the steps above will fail until they are solved by hand:"]
    for p in plan.problems:
        out += textwrap.wrap(f"- {p.text()}", 88, subsequent_indent="  ")
    return out + [""]
