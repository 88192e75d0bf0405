"""bootorder: bootstrap orders, cycles and stages from Gentoo ebuild dependency metadata.

The API is a set of verbs, each returning a value that shows itself as text, JSON
(``to_json()``) and, in Jupyter, as a table or drawing:

======================================  ============================================
``resolve(config, targets, host=...)``  :class:`DepGraph`: packages in two roots, typed edges
``build_order(graph)``                  :class:`BuildOrder`: order, waves, edges ignored
``find_cycles(graph)``                  :class:`CycleReport`: cycles with emerge's labels
``suggest_use(graph)``                  :class:`UseSuggestion`: fewest USE changes
``synthesize_bootstrap(graph)``         :class:`BootstrapPlan`: ``bootstrap-*`` copies
``toolchain_order(config)``             :class:`ToolchainOrder`: the toolchain of a new root
``explain(graph, "gcc")``               :class:`Explanation`: why a package is pulled in
``check_graph(graph, config)``          :class:`CheckReport`: problems, each with a fix
``whatif(config, targets, changes)``    :class:`WhatIf`: what USE changes alter
``catalyst_plan(tree, request)``        :class:`Plan`: catalyst's stage 1 as steps and files
``board_plan(tree, request)``           :class:`Plan`: a board build (SYSROOT=ROOT), two passes
``verify_plan(plan, tree)``             :class:`VerifyReport`: every step replayed by emerge
======================================  ============================================

The inputs: :class:`Tree` (repositories read from their metadata cache),
:class:`Profile`, :class:`Config` (tree + profile + overrides); the syntax values
:class:`Atom`, :class:`DepSpec`, :class:`Version` with :func:`parse_depend`; errors
derive from :class:`BootorderError`; long work reports to a :class:`Reporter`, which
also hears every :class:`Problem` of the data read (a broken cache entry, a malformed
profile line, an unreadable file); a graph carries its own as ``graph.problems``.

Names are imported on first use, so ``import bootorder`` is instant.

>>> import bootorder
>>> tree = bootorder.Tree.open([bootorder.example_repository_path()])
>>> config = bootorder.Config.stage1(tree, bootorder.Profile.load(tree, bootorder.EXAMPLE_PROFILE))
>>> graph = bootorder.resolve(config, ["sys-devel/gcc"], host="empty")
>>> bootorder.build_order(graph).order[0].cpv
'sys-kernel/linux-headers-6.6'
"""
from .core.display import add_provider
from .core.lazy import lazy_exports

_EXPORTS = {
    ".core.errors": ("BootorderError", "DepSyntaxError", "MetadataError", "ResolutionError",
                     "NoMatchError"),
    ".core.reporter": ("Reporter", "ProblemCollector"),
    ".core.problems": ("Problem",),
    ".syntax.atom": ("Atom",),
    ".syntax.depspec": ("DepSpec",),
    ".syntax.parse": ("parse_depend", "parse_metadata"),
    ".syntax.version": ("Version", "vercmp"),
    ".tree.repository": ("Package", "Repository", "Tree", "EXAMPLE_PROFILE",
                         "example_repository_path"),
    ".config.profile": ("Profile",),
    ".config.configuration": ("Config",),
    ".config.stage1list": ("stage1_list",),
    ".graph.depgraph": ("DepGraph", "NodeKey"),
    ".resolver.implicit": ("ImplicitDep", "ImplicitModel"),
    ".resolver.resolution": ("resolve", "HostModel"),
    ".order.schedule": ("BuildOrder", "build_order"),
    ".order.cycles": ("CycleReport", "find_cycles"),
    ".usechange.suggestion": ("UseSuggestion", "suggest_use"),
    ".usechange.checks": ("CheckReport", "check_graph"),
    ".usechange.rerun": ("WhatIf", "whatif"),
    ".explanation.paths": ("Explanation", "explain"),
    ".bootstrap.synthesis": ("BootstrapPlan", "synthesize_bootstrap"),
    ".toolchain.ordering": ("ToolchainOrder", "toolchain_order"),
    ".plan.model": ("Plan", "Step"),
    ".plan.catalyst": ("catalyst_plan", "CatalystRequest"),
    ".plan.board": ("board_plan", "BoardRequest"),
    ".plan.verify": ("verify_plan", "VerifyReport"),
}
"""Module of each public name, imported on first use (PEP 562)."""

__all__ = [name for names in _EXPORTS.values() for name in names]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

add_provider("bootorder.render.html")  # Jupyter display: bootorder.core.display
add_provider("bootorder.render.plan")
