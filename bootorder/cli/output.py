"""How every command ends: the answer on stdout, its envelope (banner, problems,
summary line; :mod:`bootorder.render.envelope`) on stderr or inside the JSON, and an exit
code from the one table every command shares.

Every command does::

    with command_reporter(json_mode) as reporter:
        result = workflows.order(request, reporter)
    return answer(result, reporter, json_mode=..., doc=..., text=..., code=...)

In text mode stderr gets the banner before the answer, then one line per problem and
the summary line; with ``--json`` stderr carries only what the JSON does not (the
notes and problems travel in ``"context"`` and ``"problems"``). When a command fails
(exit 2) after problems were found, they are written before the error.

>>> exit_code(EXIT_CYCLE, []), exit_code(EXIT_OK, [])
(3, 0)
"""
from __future__ import annotations

import gc
import sys
import textwrap
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain

from ..core.errors import BootorderError
from ..core.problems import has_errors

__all__ = ["EXIT_OK", "EXIT_BUG", "EXIT_USAGE", "EXIT_CYCLE", "EXIT_INCOMPLETE",
           "EXIT_OUTPUT", "EXIT_INTERRUPTED", "EXIT_CODES", "EXIT_CODES_HELP", "exit_code",
           "command_reporter", "answer", "write_problems"]

EXIT_OK, EXIT_BUG, EXIT_USAGE, EXIT_CYCLE, EXIT_INCOMPLETE = 0, 1, 2, 3, 4
EXIT_OUTPUT, EXIT_INTERRUPTED = 5, 130

EXIT_CODES = (
    (EXIT_OK, "a complete answer"),
    (EXIT_BUG, "a bug in bootorder"),
    (EXIT_USAGE, "bad usage or input, or an argument (target, @set, --with atom) that "
                 "matches nothing"),
    (EXIT_CYCLE, "order, cycles: a build cycle remains that nothing can break without a "
                 "change (the answer is then a best effort)"),
    (EXIT_INCOMPLETE, "an answer was produced but is incomplete: a problem of severity "
                      "error (listed on stderr, or in the JSON's \"problems\")"),
    (EXIT_OUTPUT, "the output could not be written (a full disk, an I/O error)"),
    (EXIT_INTERRUPTED, "interrupted (Ctrl-C)"),
)
"""The exit-code table of every command: ``(code, meaning)``."""

EXIT_CODES_HELP = "exit codes (every command):\n" + "".join(
    textwrap.fill(text, 78, initial_indent=f"  {code:<5}", subsequent_indent=" " * 7) + "\n"
    for code, text in EXIT_CODES) + "  When 3 and 4 both apply, 3 wins.\n"
"""The table as ``--help`` shows it (the end of every command's help)."""


def exit_code(code: int, problems) -> int:
    """The exit code of an answer: ``code`` (0, or 3 for a hard cycle) unless a problem
    of severity error makes it incomplete (4); 3 wins over 4.

    >>> from bootorder.core.problems import Problem
    >>> bad = [Problem("masked", None, "a/b", (), "a/b-1 is masked")]
    >>> exit_code(EXIT_OK, bad), exit_code(EXIT_CYCLE, bad)
    (4, 3)
    """
    if code == EXIT_OK and has_errors(problems):
        return EXIT_INCOMPLETE
    return code


ONE_COMMAND_PROCESS = False
"""True in the console script, which runs one command and ends: once the command's
answer is computed (:func:`command_reporter`'s block), every object alive lives to the
end, so it is frozen out of the cyclic collector's reach (``gc.freeze``) and rendering a
whole tree's answer does not scan it again (a full collection: 1.1 s of a 20x
``bootstrap``). Calls of :func:`bootorder.cli.main` from Python leave it False."""


@contextmanager
def command_reporter(json_mode: bool = False) -> Iterator:
    """The command's :class:`~bootorder.cli.progress.TerminalReporter` (notes kept for
    the JSON with ``json_mode``); problems found before an error are written first."""
    from .progress import terminal_reporter
    with terminal_reporter(notes=not json_mode) as reporter:
        try:
            yield reporter
        except BootorderError:
            write_problems(reporter.problems)
            raise
    if ONE_COMMAND_PROCESS:
        gc.freeze()


def answer(result, reporter, *, json_mode: bool, doc: dict | None = None,
           text: str | Iterable[str] | None = None, code: int = EXIT_OK, indent: int = 1,
           streamed: tuple[str, Iterable] | None = None, json_text: str | None = None) -> int:
    """Print ``result``'s answer (``doc`` as JSON, or ``text``: a string, or its pieces
    written as they come, :mod:`bootorder.cli.stream`) with its envelope; return the exit
    code (:func:`exit_code`). ``streamed``: ``(key, items)``, the list ``doc[key]``
    (a placeholder fixing its place) written item by item
    (:mod:`bootorder.render.jsonstream`): memory holds one item, not the document.
    ``json_text``: the answer's JSON object already written (indented by ``indent``),
    instead of ``doc``; the envelope's keys are added at its end."""
    from ..render.envelope import banner, with_envelope
    from ..render.jsonstream import extended_json, json_chunks
    from ..render.jsontext import indented_pieces
    from .stream import write
    problems = result.problems
    if json_mode:
        if json_text is not None:
            envelope = with_envelope({}, result.context, problems, reporter.notes)
            write(chain(extended_json(json_text, envelope, indent), "\n"))
            return exit_code(code, problems)
        doc = with_envelope(doc, result.context, problems, reporter.notes)
        if streamed is None:  # written as encoded: the text is never held whole
            write(chain(indented_pieces(doc, indent), "\n"))
        else:
            write(chain(json_chunks(doc, *streamed, indent=indent), "\n"))
    else:
        _stderr(banner(result.context))
        write([text] if isinstance(text, str) else text)
        write_problems(problems, summary_line=True)
    return exit_code(code, problems)


def write_problems(problems, summary_line: bool = False) -> None:
    """One stderr line per problem (and the summary line)."""
    from ..render.envelope import problem_lines, summary
    lines = problem_lines(problems) + ([f"bootorder: {summary(problems)}"]
                                       if summary_line else [])
    if lines:
        sys.stdout.flush()
        _stderr("\n".join(lines))


def _stderr(text: str) -> None:
    sys.stdout.flush()
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
