"""Writing an answer as it is formatted, in blocks: a long cycle enumeration is never
held whole in memory, and a short answer is still written at once (one ``write``, as
``print`` would, so that a reader that stops early sees the usual behaviour: the
command's exit code when the whole answer was written before it left, else the quiet
end :func:`bootorder.cli.console_main` gives a closed pipe).

>>> import io
>>> out = io.StringIO()
>>> write(iter(["a", "b\\n"]), out)
>>> out.getvalue()
'ab\\n'
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TextIO

BLOCK = 1 << 16
"""Characters gathered before one write."""


def write(chunks: Iterable[str], stream: TextIO | None = None, block: int = BLOCK) -> None:
    """Write ``chunks`` to ``stream`` (stdout), gathered into writes of ``block``
    characters or more (the last one shorter)."""
    stream = stream if stream is not None else sys.stdout
    gathered: list[str] = []
    size = 0
    for chunk in chunks:
        gathered.append(chunk)
        size += len(chunk)
        if size >= block:
            stream.write("".join(gathered))
            gathered, size = [], 0
    stream.write("".join(gathered))
