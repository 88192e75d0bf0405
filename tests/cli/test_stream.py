"""bootorder.cli.stream: an answer written in blocks as it is formatted: a short one in
one write (as print writes it), a long one in writes of the block size, never whole."""
from __future__ import annotations

import io

from bootorder.cli.stream import write


class Recording(io.StringIO):
    def __init__(self):
        super().__init__()
        self.writes: list[int] = []

    def write(self, text):
        self.writes.append(len(text))
        return super().write(text)


def test_a_short_answer_is_one_write():
    out = Recording()
    write(iter(["a\n", "b\n"]), out)
    assert out.writes == [4] and out.getvalue() == "a\nb\n"


def test_a_long_answer_is_written_in_blocks_as_it_comes():
    out = Recording()

    def chunks():
        for _ in range(10):
            yield "x" * 30
    write(chunks(), out, block=100)
    assert out.writes == [120, 120, 60] and out.getvalue() == "x" * 300
