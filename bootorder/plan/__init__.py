"""Plans: the steps a build runs (each one ``emerge`` invocation), written as a
directory outside tools read (``shared/PLAN.md``), and proved by replaying every step
with portage's own resolver.

``model`` (the :class:`Plan` value), ``directory`` (``plan.json``, ``steps/``,
``README`` on disk), ``readme`` (the README's text), ``steps`` (a resolved graph as a
step's merge list), ``fixes`` (generated USE fixes, each with its reason), ``spec``
(catalyst spec keys and text); catalyst's pipeline: ``request`` (what is asked for),
``state`` (what a root holds between steps), ``seed`` (the seed update), ``stage1``,
``rootstage`` (what the stages run in ``/`` share), ``circular`` (their cycles broken by
USE changes), ``stage3``, ``depclean``, ``stage4``, ``catalyst`` (the steps in order);
``board`` (a board build, SYSROOT=ROOT, its cycles broken by a first pass with flags
cleared); ``bootstrap`` (a build without a seed: ``bootstrap-*`` steps, then the
stage); ``cross`` (crossdev's passes for one target tuple) with ``cross_overlay`` (the
``cross-<tuple>`` overlay it ships);
``emerge_output`` (emerge's ``--pretend`` output read back), ``mirror`` (a
portage-readable copy of a metadata-only repository), ``vdb`` (installed-package
entries), ``replay`` (one step replayed by ``emerge --pretend``), ``verify`` (every
step, and ``--minimal``).

>>> from bootorder.plan import FORMAT, KINDS
>>> FORMAT, KINDS[0]
(1, 'catalyst')
"""
from ..core.lazy import lazy_exports

_EXPORTS = {
    ".model": ("Plan", "Step", "Merge", "Installed", "PlanError", "FORMAT", "KINDS"),
    ".catalyst": ("catalyst_plan", "CatalystRequest"),
    ".board": ("board_plan", "BoardRequest"),
    ".bootstrap": ("bootstrap_plan", "BootstrapRequest"),
    ".cross": ("cross_plan", "CrossRequest"),
    ".verify": ("verify_plan", "VerifyReport", "StepReport"),
}

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
