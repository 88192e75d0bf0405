"""Every docstring example in the package runs and gives what it shows."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import bootorder

MODULES = sorted(name for _, name, _ in pkgutil.walk_packages(bootorder.__path__, "bootorder."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert not failed, f"{failed} docstring example(s) of {name} failed"
