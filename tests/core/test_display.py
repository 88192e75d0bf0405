"""bootorder.core.display: the renderer registry behind ``_repr_html_`` (lookup along the
class's bases, the most specific renderer first; providers imported once, on the first
lookup that needs them), and bootorder's own values drawn through it."""
from __future__ import annotations

import sys

import pytest

from bootorder.core import display
from bootorder.core.display import HtmlDisplay, add_provider, html_of, register_html


@pytest.fixture
def empty_registry(monkeypatch):
    """No renderer and no provider for one test (the real ones restored after)."""
    monkeypatch.setattr(display, "_RENDERERS", {})
    monkeypatch.setattr(display, "_PROVIDERS", [])


class Base(HtmlDisplay):
    pass


class Child(Base):
    pass


class Other(HtmlDisplay):
    pass


def qualified(klass) -> str:
    return f"{klass.__module__}.{klass.__qualname__}"


@pytest.mark.usefixtures("empty_registry")
@pytest.mark.parametrize("registered, value, expected", [
    ([], Base(), None),                                    # nothing registered: Jupyter uses repr
    ([Base], Base(), "<Base>"),
    ([Base], Child(), "<Base>"),                           # a base's renderer serves subclasses
    ([Base, Child], Child(), "<Child>"),                   # the most specific one wins
    ([Child], Base(), None),                               # never a subclass's renderer
    ([Base], Other(), None),
])
def test_lookup_along_the_bases(registered, value, expected):
    for klass in registered:
        register_html(qualified(klass), lambda v, name=klass.__name__: f"<{name}>")
    assert value._repr_html_() == expected == html_of(value)


@pytest.mark.usefixtures("empty_registry")
def test_a_provider_is_imported_once_on_the_first_lookup(tmp_path, monkeypatch):
    (tmp_path / "displayprovider_test.py").write_text(
        "from bootorder.core.display import register_html\n"
        "IMPORTS = globals().get('IMPORTS', 0) + 1\n"
        f"register_html({qualified(Base)!r}, lambda v: '<from provider>')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "displayprovider_test", raising=False)
    add_provider("displayprovider_test")
    add_provider("displayprovider_test")                   # named twice, kept once
    assert display._PROVIDERS == ["displayprovider_test"]
    assert "displayprovider_test" not in sys.modules        # nothing imported yet
    assert Child()._repr_html_() == "<from provider>"
    assert display._PROVIDERS == []
    assert Base()._repr_html_() == "<from provider>"
    assert sys.modules["displayprovider_test"].IMPORTS == 1


@pytest.mark.usefixtures("empty_registry")
def test_providers_are_tried_until_one_draws_the_value(tmp_path, monkeypatch):
    for name, klass in (("provider_a_test", Other), ("provider_b_test", Base)):
        (tmp_path / f"{name}.py").write_text(
            "from bootorder.core.display import register_html\n"
            f"register_html({qualified(klass)!r}, lambda v: '<{name}>')\n")
        monkeypatch.delitem(sys.modules, name, raising=False)
        add_provider(name)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert Base()._repr_html_() == "<provider_b_test>"      # a's renderer draws Other only
    assert display._PROVIDERS == []


def test_bootorders_values_are_drawn_by_the_render_layer():
    """The package facade names bootorder.render.html as provider: a DepGraph shows
    itself as HTML without the graph layer importing the render layer."""
    import bootorder  # noqa: F401  (the facade adds the provider)
    from bootorder.graph.depgraph import DepGraph
    g = DepGraph()
    g.add_dep(g.add_package("x/a-1", "host"), g.add_package("x/b-1", "host"), "DEPEND",
              atom="x/b")
    html = g._repr_html_()
    assert html is not None and "x/a-1" in html and "x/b-1" in html
