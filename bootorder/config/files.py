"""Profile file formats, read like portage: ``make.defaults`` and line/atom files.

Public API
----------
``read_lines(path, recursive) -> list[Line]``
    Lines of a profile file as portage's ``grabfile`` (comments and blank lines
    dropped, whitespace normalised), each with ``source`` and ``line``; with
    ``recursive`` a directory's files are read in sorted order (portage-2 format).
``read_atoms(path, recursive, eapi, reporter, packages=False, allow_repo=False)``
    ``grabfile_package``: a list of :class:`AtomEntry` (``-atom`` kept as text; in a
    ``packages`` file ``*atom`` and ``-*`` too); invalid atoms are reported and skipped.
``read_atom_dict(path, recursive, eapi, allow_repo, reporter) -> tuple[AtomEntry, ...]``
    ``grabdict_package`` files (``atom value...``: package.use, package.accept_keywords);
    ``AtomEntry.values`` holds the values.
``read_flags(path, recursive, reporter) -> list[str]``
    ``[-]flag`` lines (use.mask, use.force, ...); invalid flags are reported.
``incremental(tokens) -> set[str]``
    Incremental stacking of one token sequence (``-x`` removes, ``-*`` clears).
``parse_assignments(text, expand, origin="", reporter=NULL_REPORTER) -> dict[str, str]``
    Parse assignments in order; ``${VAR}`` and ``$VAR`` are expanded (in double quotes
    and bare words, not in single quotes) from the values assigned so far in this text,
    then from ``expand``. ``expand`` is updated with every assignment, as portage's
    ``getconfig(expand=...)`` does, so variables flow from parent profiles to children.
    Malformed lines are reported with ``origin:line`` and skipped.
``read_make_defaults(path, expand, reporter=NULL_REPORTER) -> dict[str, str]``
    The same for a file (or, with a directory, its files in sorted order); a missing
    file gives ``{}``.
``INCREMENTALS``
    Variables whose values stack across profiles (portage.const.INCREMENTALS).

>>> env = {"ARCH": "amd64"}
>>> parse_assignments('USE="a b"\\nUSE="${USE} c"\\nACCEPT_KEYWORDS="${ARCH} ~$ARCH"', env)
{'USE': 'a b c', 'ACCEPT_KEYWORDS': 'amd64 ~amd64'}
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.problems import in_file, printable
from ..core.reporter import NULL_REPORTER, Reporter

INCREMENTALS = frozenset({
    "ACCEPT_KEYWORDS", "CONFIG_PROTECT", "CONFIG_PROTECT_MASK", "ENV_UNSET", "FEATURES",
    "IUSE_IMPLICIT", "PROFILE_ONLY_VARIABLES", "USE", "USE_EXPAND", "USE_EXPAND_HIDDEN",
    "USE_EXPAND_IMPLICIT", "USE_EXPAND_UNPREFIXED",
})

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


class _Bad(Exception):
    pass


def _expand(text: str, local: dict, expand: dict) -> str:
    def sub(m: re.Match) -> str:
        name = m.group(1) or m.group(2)
        return local.get(name, expand.get(name, ""))
    return _VAR.sub(sub, text)


def _read_value(text: str, pos: int, local: dict, expand: dict) -> tuple[str, int]:
    """Read one shell word starting at ``pos``; return (expanded value, new pos)."""
    out = []
    n = len(text)
    while pos < n and text[pos] not in " \t\n#;":
        ch = text[pos]
        if ch == "'":
            end = text.find("'", pos + 1)
            if end < 0:
                raise _Bad("unterminated single quote")
            out.append(text[pos + 1:end])
            pos = end + 1
        elif ch == '"':
            pos, part = _double_quoted(text, pos + 1)
            out.append(_expand(part, local, expand))
        elif ch == "\\" and pos + 1 < n:
            if text[pos + 1] != "\n":
                out.append(text[pos + 1])
            pos += 2
        else:
            end = pos
            while end < n and text[end] not in " \t\n#;'\"\\":
                end += 1
            out.append(_expand(text[pos:end], local, expand))
            pos = end
    return "".join(out), pos


def _double_quoted(text: str, pos: int) -> tuple[int, str]:
    part = []
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch == '"':
            return pos + 1, "".join(part)
        if ch == "\\" and pos + 1 < n and text[pos + 1] in '"\\$`\n':
            if text[pos + 1] != "\n":
                part.append(text[pos + 1] if text[pos + 1] != "$" else "\x00")
            pos += 2
            continue
        part.append(ch)
        pos += 1
    raise _Bad("unterminated double quote")


def parse_assignments(text: str, expand: dict, origin: str = "",
                      reporter: Reporter = NULL_REPORTER) -> dict[str, str]:
    """Parse ``KEY=value`` assignments (see module docstring)."""
    result: dict[str, str] = {}
    pos, n = 0, len(text)
    while pos < n:
        while pos < n and text[pos] in " \t\n;":
            pos += 1
        line_no = text.count("\n", 0, pos) + 1
        try:
            pos = _statement(text, pos, result, expand)
        except _Bad as err:
            end = text.find("\n", pos)
            Line("", origin, line_no).skipped(reporter, f"{err}; line skipped")
            pos = n if end < 0 else end + 1
    return result


def _statement(text: str, pos: int, result: dict, expand: dict) -> int:
    n = len(text)
    while pos < n and text[pos] in " \t\n;":
        pos += 1
    if pos >= n:
        return n
    if text[pos] == "#":
        end = text.find("\n", pos)
        return n if end < 0 else end + 1
    m = _NAME.match(text, pos)
    if m and m.group() == "export":
        pos = m.end()
        while pos < n and text[pos] in " \t":
            pos += 1
        m = _NAME.match(text, pos)
    if not m or m.end() >= n or text[m.end()] != "=":
        raise _Bad("not a KEY=value assignment")
    value, pos = _read_value(text, m.end() + 1, result, expand)
    value = value.replace("\x00", "$")
    result[m.group()] = value
    expand[m.group()] = value
    while pos < n and text[pos] in " \t":
        pos += 1
    if pos < n and text[pos] not in "\n#;":
        raise _Bad("unexpected text after the value")
    return pos


def read_make_defaults(path: Path, expand: dict,
                       reporter: Reporter = NULL_REPORTER) -> dict[str, str]:
    """Assignments of a ``make.defaults`` file (see module docstring)."""
    path = Path(path)
    if path.is_dir():
        result: dict[str, str] = {}
        for child in sorted(path.iterdir()):
            if not child.name.startswith(".") and not child.name.endswith("~"):
                result.update(read_make_defaults(child, expand, reporter))
        return result
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    return parse_assignments(text, expand, str(path), reporter)


# --- line files -----------------------------------------------------------------
_FLAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9+_@.-]*")


@dataclass(frozen=True, slots=True)
class Line:
    """One significant line of a profile file."""

    text: str
    source: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    def skipped(self, reporter: Reporter, message: str) -> None:
        """Report this line as skipped (a ``bad-profile`` warning: portage skips it too)."""
        reporter.problem(in_file("bad-profile", self.source, printable(message, 200),
                                 line=self.line, severity="warning"))


@dataclass(frozen=True, slots=True)
class AtomEntry:
    """An atom line of a profile file.

    ``text`` is as written (maybe ``-atom``, ``*atom`` or ``-*``); ``atom`` the parsed
    atom (None for ``-*``); ``values`` the rest of the line in dict files; ``repo`` a
    repository restriction (repository-level package.mask applies to its own packages).
    """

    text: str
    atom: object
    source: str
    line: int
    values: tuple[str, ...] = ()
    repo: str | None = None

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"

    def skipped(self, reporter: Reporter, message: str) -> None:
        """Report this line as skipped (a ``bad-profile`` warning: portage skips it too)."""
        reporter.problem(in_file("bad-profile", self.source, printable(message, 200),
                                 line=self.line, severity="warning"))

    @property
    def keyed_text(self) -> str:
        return f"{self.text}::{self.repo}" if self.repo and "::" not in self.text else self.text

    @property
    def plain_text(self) -> str:
        return self.text

    def with_repo(self, repo: str) -> AtomEntry:
        return replace(self, repo=repo)

    def matches(self, pkg) -> bool:
        """Does this entry's atom match ``pkg`` (a :class:`bootorder.tree.repository.Package`)?"""
        if self.repo is not None and pkg.repo != self.repo:
            return False
        return self.atom is not None and self.atom.matches(pkg.cpv, pkg.slot, pkg.subslot,
                                                           pkg.repo)


def _file_list(path: Path, recursive: bool) -> list[Path]:
    if recursive and path.is_dir():
        out: list[Path] = []
        for child in sorted(os.listdir(path)):
            if child.startswith(".") or child.endswith("~"):
                continue
            out.extend(_file_list(path / child, True))
        return out
    return [path]


def read_lines(path: Path, recursive: bool) -> list[Line]:
    """Significant lines (see module docstring); a missing file gives ``[]``."""
    out: list[Line] = []
    for f in _file_list(Path(path), recursive):
        try:
            with open(f, encoding="utf-8", errors="replace") as fh:
                raw = fh.readlines()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            continue
        for num, line in enumerate(raw, 1):
            words = line.split()
            kept = []
            for w in words:
                if w.startswith("#"):
                    break
                kept.append(w)
            if kept:
                out.append(Line(" ".join(kept), str(f), num))
    return out


def _parse_atom(text: str, eapi: str | None, allow_repo: bool):
    from ..syntax.atom import Atom, InvalidAtom
    try:
        atom = Atom.parse(text, eapi)
    except InvalidAtom as err:
        return None, str(err)
    if atom.blocker:
        return None, f"invalid atom {text!r}: a blocker is not allowed here"
    if atom.repo and not allow_repo:
        return None, f"invalid atom {text!r}: a repository (::) is not allowed here"
    return atom, None


def read_atoms(path: Path, recursive: bool, eapi: str | None, reporter: Reporter,
               packages: bool = False, allow_repo: bool = False) -> list[AtomEntry]:
    """``grabfile_package`` (see module docstring)."""
    out: list[AtomEntry] = []
    for ln in read_lines(path, recursive):
        text = ln.text
        if packages and text == "-*":
            out.append(AtomEntry(text, None, ln.source, ln.line))
            continue
        bare = text[1:] if text[:1] == "-" else text
        if packages and bare[:1] == "*":
            bare = bare[1:]
        atom, err = _parse_atom(bare, eapi, allow_repo)
        if atom is None:
            ln.skipped(reporter, f"{err}; line skipped")
            continue
        out.append(AtomEntry(text, atom, ln.source, ln.line))
    return out


def read_atom_dict(path: Path, recursive: bool, eapi: str | None, allow_repo: bool,
                   reporter: Reporter) -> tuple[AtomEntry, ...]:
    """``grabdict_package`` (see module docstring); one entry per distinct atom."""
    merged: dict[str, AtomEntry] = {}
    for ln in read_lines(path, recursive):
        key, *values = ln.text.split()
        atom, err = _parse_atom(key, eapi, allow_repo)
        if atom is None:
            ln.skipped(reporter, f"{err}; line skipped")
            continue
        bad = [v for v in values if not _FLAG.fullmatch(v.lstrip("-~"))
               and v not in ("*", "~*", "**", "-*")]
        for v in bad:
            ln.skipped(reporter, f"invalid value {v!r} for {key}; skipped")
        values = tuple(v for v in values if v not in bad)
        old = merged.get(key)
        merged[key] = AtomEntry(key, atom, ln.source, ln.line,
                                (old.values if old else ()) + values)
    return tuple(merged.values())


def read_flags(path: Path, recursive: bool, reporter: Reporter) -> list[str]:
    """``[-]flag`` lines (see module docstring)."""
    out = []
    for ln in read_lines(path, recursive):
        flag = ln.text[1:] if ln.text[:1] == "-" else ln.text
        if not _FLAG.fullmatch(flag):
            ln.skipped(reporter, f"invalid USE flag {ln.text!r}; line skipped")
            continue
        out.append(ln.text)
    return out


def incremental(tokens) -> set[str]:
    """Stack tokens incrementally.

    >>> sorted(incremental("a b -a c -* d e -e".split()))
    ['d']
    """
    out: set[str] = set()
    for t in tokens:
        if t == "-*":
            out.clear()
        elif t[:1] == "-":
            out.discard(t[1:])
        else:
            out.add(t)
    return out
