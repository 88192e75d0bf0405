"""paused_gc: automatic collection off inside, the caller's state restored after;
freezing_gc: what a lasting pause builds inside it is frozen, nothing is left frozen after."""
import gc

import pytest

from bootorder.core.gcpause import freezing_gc, paused_gc


@pytest.fixture
def gc_state():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("enabled", [True, False])
def test_restores_the_callers_state(gc_state, enabled):
    (gc.enable if enabled else gc.disable)()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled


def test_restores_after_an_exception(gc_state):
    gc.enable()
    with pytest.raises(KeyError):
        with paused_gc():
            raise KeyError("x")
    assert gc.isenabled()


def test_cyclic_garbage_made_while_paused_is_freed_later(gc_state):
    import weakref

    class Node:
        pass

    gc.enable()
    with paused_gc():
        a, b = Node(), Node()
        a.other, b.other = b, a
        ref = weakref.ref(a)
        del a, b
        assert ref() is not None      # a cycle: reference counting alone keeps it
    gc.collect()
    assert ref() is None


def test_resolve_leaves_the_collector_on(gc_state):
    from bootorder.config.configuration import Config
    from bootorder.config.profile import Profile
    from bootorder.resolver.resolution import resolve
    from bootorder.tree.repository import EXAMPLE_PROFILE, Tree, example_repository_path
    gc.enable()
    tree = Tree.open([example_repository_path()])
    graph = resolve(Config.stage1(tree, Profile.load(tree, EXAMPLE_PROFILE)), ["@stage1"])
    assert len(graph) > 0
    assert gc.isenabled()


def test_a_lasting_pause_inside_freezing_gc_freezes_what_it_built():
    with freezing_gc():
        before = gc.get_freeze_count()
        with paused_gc(lasting=True):
            built = [[i] for i in range(1000)]
        assert gc.get_freeze_count() >= before + len(built)
        assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_pauses_outside_freezing_gc_or_not_lasting_freeze_nothing():
    with paused_gc(lasting=True):
        built = [[i] for i in range(100)]
    assert gc.get_freeze_count() == 0
    with freezing_gc():
        with paused_gc():
            built += [[i] for i in range(100)]
        assert gc.get_freeze_count() == 0
