"""What the steps catalyst runs with ``ROOT=/`` in an earlier stage's output share
(stage 3, stage 4): the profile, the configuration with a stage's generated lines, the
resolution in one root, the cycle fixes and the spec.

Such a step resolves everything in the graph's host root (``resolve(..., root="host")``):
every dependency class lands in ``/``. The graph holds every package the step's
arguments need with the USE the step builds them with (the host model ``empty``, as
``emerge --emptytree`` sees them); which of them the step merges is decided against
what ``/`` holds (:mod:`bootorder.plan.steps`), and whether a build-time dependency is
*satisfied* too (:mod:`bootorder.plan.circular`).

>>> from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
>>> stage = RootStage.open(Tree.open([example_repository_path()]),
...                        CatalystRequest(EXAMPLE_PROFILE))
>>> graph = stage.resolve(["sys-libs/zlib"], stage.config(()))
>>> [(k.cpv, k.root) for k in graph.nodes()]
[('sys-libs/zlib-1.3.1-r1', 'host')]
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ..config.configuration import Config
from ..config.profile import Profile
from ..core.reporter import NULL_REPORTER, Reporter
from ..order.backtrack import resolve
from .circular import cycle_findings
from .fixes import derive_fixes
from .request import CatalystRequest
from .spec import stage_spec

__all__ = ["RootStage"]


@dataclass(frozen=True, slots=True)
class RootStage:
    """The tree, the request and the profile of the stages run in ``/``."""

    tree: object
    request: CatalystRequest
    profile: Profile
    reporter: Reporter

    @classmethod
    def open(cls, tree, request: CatalystRequest,
             reporter: Reporter = NULL_REPORTER) -> RootStage:
        return cls(tree, request, Profile.load(tree, request.profile, reporter), reporter)

    @property
    def name(self) -> str:
        return self.request.profile

    def config(self, changes) -> Config:
        """catalyst's make.conf (``bindist``), ``changes`` as the confdir's package.use."""
        use = dict(self.request.make_conf()).get("USE")
        return Config(self.tree, self.profile, make_conf_use=use,
                      package_use=[(c.package, c.token()) for c in changes],
                      reporter=self.reporter)

    def resolve(self, targets, config):
        """``targets`` and everything they need, in ``/``, each to be built."""
        return resolve(config, list(targets), host="empty", implicit=False,
                       reporter=self.reporter, root="host")

    def fixes(self, targets, held, before=()):
        """The generated lines a step on ``targets`` needs in a root holding ``held``
        (cycles, REQUIRED_USE, USE dependencies), after the lines ``before``."""
        made = tuple(line.change for line in before)
        return derive_fixes(lambda changes: self.config(made + changes),
                            partial(self.resolve, targets),
                            lambda changes: self.request.rederive(),
                            extra=partial(cycle_findings, held=held))

    def spec(self, target: str, confdir: str, extra: dict | None = None) -> str:
        return stage_spec(target, self.name, self.profile.arch, confdir,
                          self.request.prefix, extra)
