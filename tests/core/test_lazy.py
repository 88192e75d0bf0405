"""bootorder.core.lazy: lazy package exports (PEP 562) on a throw-away package (a name's
module imported on first read only, then cached; submodules; the errors), and every
subpackage of bootorder exporting exactly what its modules define."""
from __future__ import annotations

import importlib
import itertools
import sys
import textwrap

import pytest

import bootorder
import bootorder.bootstrap
import bootorder.config
import bootorder.core
import bootorder.explanation
import bootorder.graph
import bootorder.order
import bootorder.render
import bootorder.resolver
import bootorder.syntax
import bootorder.toolchain
import bootorder.tree
import bootorder.usechange
from bootorder.core.lazy import lazy_exports

FILES = {  # the throw-away package: exports two names of .impl, has submodules
    "__init__.py": """
        from bootorder.core.lazy import lazy_exports
        __getattr__, __dir__ = lazy_exports(__name__, {".impl": ("VALUE", "double")})
        """,
    "impl.py": """
        VALUE = 21
        def double(x):
            return 2 * x
        """,
    "plain.py": "ANSWER = 42\n",
    "broken.py": "import lazypkg_no_such_dependency\n",
}
_NUMBERS = itertools.count()


@pytest.fixture
def lazypkg(tmp_path, monkeypatch):
    """A fresh package ``lazypkg_<n>`` built on lazy_exports, importable for one test."""
    name = f"lazypkg_{next(_NUMBERS)}"
    root = tmp_path / name
    root.mkdir()
    for file, text in FILES.items():
        (root / file).write_text(textwrap.dedent(text))
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module(name)
    for mod in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[mod]


def test_an_export_is_imported_on_first_read_and_then_cached(lazypkg):
    name = lazypkg.__name__
    assert f"{name}.impl" not in sys.modules and "VALUE" not in vars(lazypkg)
    assert lazypkg.VALUE == 21 and lazypkg.double(4) == 8
    assert f"{name}.impl" in sys.modules
    assert vars(lazypkg)["VALUE"] == 21          # cached: the next read is a plain lookup
    assert lazypkg.double is sys.modules[f"{name}.impl"].double


def test_a_submodule_is_an_attribute(lazypkg):
    assert lazypkg.plain.ANSWER == 42
    assert lazypkg.plain is sys.modules[f"{lazypkg.__name__}.plain"]


@pytest.mark.parametrize("attr, error, message", [
    ("nothing", AttributeError, "module '{pkg}' has no attribute 'nothing'"),
    ("__wrapped__", AttributeError, "module '{pkg}' has no attribute '__wrapped__'"),
    # a submodule that exists but fails to import: its own error, not "no attribute"
    ("broken", ModuleNotFoundError, "No module named 'lazypkg_no_such_dependency'"),
])
def test_errors(lazypkg, attr, error, message):
    with pytest.raises(error) as err:
        getattr(lazypkg, attr)
    assert type(err.value) is error
    assert str(err.value) == message.format(pkg=lazypkg.__name__)


def test_dir_lists_the_exports_before_they_are_read(lazypkg):
    assert {"VALUE", "double"} <= set(dir(lazypkg))
    assert dir(lazypkg) == sorted(dir(lazypkg))


def test_the_pair_of_functions_for_a_stdlib_package():
    getattr_, dir_ = lazy_exports("json", {".decoder": ("JSONDecodeError",)})
    from json.decoder import JSONDecodeError
    assert getattr_("JSONDecodeError") is JSONDecodeError
    assert "JSONDecodeError" in dir_()


PACKAGES = [bootorder, bootorder.core, bootorder.syntax, bootorder.tree, bootorder.config,
            bootorder.graph, bootorder.resolver, bootorder.order, bootorder.usechange,
            bootorder.explanation, bootorder.bootstrap, bootorder.toolchain, bootorder.render]


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_every_export_of_every_subpackage_is_its_module_name(package):
    where = {name: module for module, names in package._EXPORTS.items() for name in names}
    assert sorted(package.__all__) == sorted(where)
    assert set(package.__all__) <= set(dir(package))
    for name, module in where.items():
        defining = importlib.import_module(module, package.__name__)
        assert getattr(package, name) is getattr(defining, name), (package.__name__, name)
