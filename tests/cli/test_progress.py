"""The terminal progress reporter: silent off a terminal and during the first second,
throttled redraws with the seconds elapsed, line erased at the end, warnings always
shown; a bounded cycle enumeration reports its count as it grows."""
from __future__ import annotations

import io

from bootorder.cli.progress import TerminalReporter, terminal_reporter


class Tty(io.StringIO):
    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_not_a_terminal_draws_nothing_but_warnings():
    out, clock = io.StringIO(), Clock()
    r = TerminalReporter(out, clock=clock)
    clock.now += 5
    r.progress("resolve", 1, 10)
    r.warning("bad line")
    assert out.getvalue() == "bootorder: warning: bad line\n"


def test_terminal_draws_after_the_delay_and_throttles():
    out, clock = Tty(), Clock()
    with terminal_reporter(out, clock=clock) as r:
        r.progress("resolve", 1, 10)          # at 0.0 s: too early
        assert out.getvalue() == ""
        clock.now += 1.5
        r.progress("resolve", 2, 10)          # drawn
        clock.now += 0.01
        r.progress("resolve", 3, 10)          # throttled
        clock.now += 0.5
        r.progress("load", 7, None)           # drawn, padded over the longer line
        assert out.getvalue() == "\rresolve: 2/10 (20%), 2 s\rload: 7, 2 s" + " " * 12
    assert out.getvalue().endswith("\r" + " " * 24 + "\r")   # erased at the end


def test_finished_stage_erases_and_warning_starts_on_a_clean_line():
    out, clock = Tty(), Clock()
    r = TerminalReporter(out, clock=clock)
    clock.now += 2
    r.progress("order", 1, 4)
    r.warning("x")
    assert out.getvalue() == "\rorder: 1/4 (25%), 2 s\r" + " " * 21 + "\rbootorder: warning: x\n"
    r.progress("order", 4, 4)                 # done: nothing left on screen
    assert r._width == 0


def test_cycle_enumeration_streams_its_count():
    from bootorder.core.reporter import RecordingReporter
    from bootorder.graph.depgraph import DepGraph
    from bootorder.order.cycles import find_cycles
    g = DepGraph()
    keys = [g.add_package(f"x/p{i}-1", "host") for i in range(4)]
    for a in keys:                            # a complete graph: 20 elementary cycles
        for b in keys:
            if a != b:
                g.add_dep(a, b, "DEPEND", atom=b.cpv)
    reporter = RecordingReporter()
    report = find_cycles(g, scope="all", reporter=reporter)
    counts = [args[1] for kind, args in reporter.calls
              if kind == "progress" and args[0] == "cycles found"]
    assert counts == sorted(counts) and counts[-1] == len(report.cycles) == 20
