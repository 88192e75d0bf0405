"""crossdev's cross toolchain for one target tuple: what crossdev does, written down, and
what bootorder derives from the metadata to check it.

crossdev (``sys-devel/crossdev``; read at peppergrayxyz/crossdev@4a28fa4b, its header
"Copyright 1999-2026") builds a cross toolchain in passes, each an ``emerge`` of a
``cross-<tuple>/<pn>`` package with its own ``package.use`` line. Its constants are kept
here, once, with their source (:data:`CROSSDEV`); bootorder derives from the tree:

- **the first gcc's disabled features** (:func:`stage1_disabled`): the gcc ebuild's IUSE
  flags that build something a C-only compiler without a C library cannot (another
  front end, or a runtime library linked against the target's libc), each with its
  reason (:data:`STAGE1_FACTS`); compared with crossdev's ``GUSE_DISABLE_STAGE_1``;
- **the metadata of the cross packages** (:func:`cross_metadata`): the native cache
  entry evaluated under ``CATEGORY=cross-<tuple>`` (the toolchain ebuilds test the
  category: cross glibc build-depends on the cross binutils and gcc and depends on the
  cross linux-headers; cross gcc has no libc dependency);
- **the order of the passes** (:func:`derive_passes`): each pass after the passes its
  build needs, read from the cross metadata, plus the two facts metadata does not show
  (:data:`IMPLICIT_FACTS`): gcc assembles and links target code with the cross
  binutils, and gcc's full build (shared libgcc, threads, libstdc++) needs the target's
  libc installed (``toolchain.eclass`` tests ``has_version ${CATEGORY}/<libc>`` at
  configure time), so gcc is built twice: a C-only gcc before the libc, the full one
  after. Ties go to the pass more passes wait on, then host tools (binutils, gcc) before
  sysroot content (headers, libc): a bare C compiler is a usable stopping point
  (crossdev's ``--stage1``).

>>> target = CrossTarget.parse("aarch64-cros-linux-gnu")
>>> target.arch, target.libc, target.category
('arm64', 'glibc', 'cross-aarch64-cros-linux-gnu')
>>> [p.name for p in derive_passes(target, {
...     "binutils": {}, "gcc": {}, "linux-headers": {},
...     "glibc": {"BDEPEND": ">=cross-aarch64-cros-linux-gnu/gcc-6.2",
...               "DEPEND": "cross-aarch64-cros-linux-gnu/linux-headers"}})]
['binutils', 'gcc-stage1', 'linux-headers', 'glibc', 'gcc-stage2']
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.errors import BootorderError
from ..syntax.atom import Atom

__all__ = ["CROSSDEV", "CROSSDEV_ORDER", "STAGE1_FACTS", "IMPLICIT_FACTS", "CrossTarget",
           "CrossPass", "stage1_disabled", "crossdev_use", "crossdev_masks",
           "cross_metadata", "derive_passes", "cross_atoms"]

CROSSDEV = {
    "source": "crossdev, peppergrayxyz/crossdev:crossdev@4a28fa4b (header 1999-2026)",
    "USE": ("-selinux",),
    "GUSE_DISABLE": ("-objc", "-objc++", "-objc-gc", "-vtv"),
    "GUSE_DISABLE_STAGE_1": ("-objc", "-objc++", "-objc-gc", "-vtv", "-fortran", "-d",
                             "-go", "-jit", "-cxx", "-openmp", "-sanitize", "-zstd",
                             "-zlib"),
    "GUSE_DISABLE_STAGE_2": ("-objc", "-objc++", "-objc-gc", "-vtv", "-sanitize"),
    "LUSE_DISABLE": ("-libraries",),
    "KUSE_STAGE_1": ("headers-only",),
}
"""crossdev's USE constants (its script, near the top; ``KUSE_STAGE_1``: the
linux-headers pass of 2026 adds ``headers-only``)."""

CROSSDEV_ORDER = ("binutils", "gcc-stage1", "linux-headers", "libc", "gcc-stage2")
"""crossdev's documented stages s0..s4 (man/crossdev.org): binutils, a bare C compiler
(no C library, C++ or shared gcc libraries), kernel headers, the C library, the full
compiler; without ``--with-headers`` (the default for linux-gnu targets since 2019)."""

STAGE1_FACTS = {
    "cxx": "front end: C++ (libstdc++ is built against the target libc)",
    "fortran": "front end: Fortran (libgfortran needs the target libc)",
    "d": "front end: D (libphobos needs the target libc)",
    "go": "front end: Go (libgo needs the target libc)",
    "objc": "front end: Objective-C (libobjc needs the target libc)",
    "objc++": "front end: Objective-C++ (needs C++ and libobjc)",
    "ada": "front end: Ada (libada needs the target libc)",
    "modula2": "front end: Modula-2 (its runtime needs the target libc)",
    "rust": "front end: Rust (its runtime needs the target libc)",
    "cobol": "front end: COBOL (libgcobol needs the target libc)",
    "jit": "libgccjit: a shared library of the compiler, built with C++",
    "openmp": "runtime: libgomp needs the target libc's threads",
    "sanitize": "runtime: libsanitizer needs the target libc (crypt.h, #799707)",
    "vtv": "runtime: libvtv needs libstdc++",
    "objc-gc": "runtime: libobjc_gc needs libobjc",
    "libssp": "runtime: libssp is built against the target libc",
    "zstd": "LTO streaming with the host's zstd: nothing a C-only first compiler uses "
            "(crossdev drops it in stage 1)",
    "zlib": "LTO streaming with the host's zlib: as zstd",
}
"""The gcc IUSE flags a C-only compiler built without a C library cannot use, why."""

IMPLICIT_FACTS = {
    ("gcc-stage1", "binutils"): "gcc assembles and links its own target code (libgcc) "
                                "with the cross binutils; its metadata names only the "
                                "host's sys-devel/binutils",
    ("gcc-stage2", "binutils"): "as for the first gcc",
    ("gcc-stage2", "libc"): "toolchain.eclass configures the full gcc (shared libgcc, "
                            "threads, C++) only when has_version ${CATEGORY}/<libc>: "
                            "the target's libc must be installed first",
    ("gcc-stage2", "gcc-stage1"): "the same package: the full build replaces the first",
}
"""Build needs between passes that the metadata does not show: ``(pass, needs)``."""

_ARCHES = (("aarch64", "arm64"), ("x86_64", "amd64"), ("i?86", "x86"), ("arm", "arm"),
           ("powerpc64", "ppc64"), ("powerpc", "ppc"), ("riscv", "riscv"),
           ("loongarch", "loong"), ("s390", "s390"), ("mips", "mips"), ("sparc", "sparc"))
"""crossdev's tuple -> portage ARCH (``TARCH``), first match."""
_LIBCS = (("*-linux*gnu*", "sys-libs", "glibc"), ("*-musl*", "sys-libs", "musl"))
"""The C libraries this bootorder plans: tuple pattern, category, package."""
HOST_SIDE = ("binutils", "gcc-stage1", "gcc-stage2", "gdb")
"""Passes that build host tools (the rest fill the sysroot ``/usr/<tuple>``)."""


def _glob(pattern: str, text: str) -> bool:
    regex = re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".")
    return re.fullmatch(regex, text) is not None


@dataclass(frozen=True, slots=True)
class CrossTarget:
    """A target tuple as crossdev reads it: ARCH keyword, the C library package."""

    tuple: str
    arch: str
    libc_category: str
    libc: str

    @classmethod
    def parse(cls, target: str) -> CrossTarget:
        """The tuple ``target`` (``ARCH-VENDOR-OS-LIBC``); a tuple whose C library this
        bootorder does not plan is refused with the reason."""
        if target.count("-") < 2 or not re.fullmatch(r"[a-z0-9_.-]+", target):
            raise BootorderError(f"--target {target!r}: expected a tuple such as "
                                 "aarch64-cros-linux-gnu")
        arch = next((a for p, a in _ARCHES if _glob(p + "*", target)), None)
        libc = next(((c, p) for g, c, p in _LIBCS if _glob(g, target)), None)
        if arch is None or libc is None:
            raise BootorderError(f"--target {target}: this bootorder plans linux-gnu and "
                                 "musl targets of " + ", ".join(p for p, _ in _ARCHES))
        return cls(target, arch, *libc)

    @property
    def category(self) -> str:
        return f"cross-{self.tuple}"

    def matches(self, *patterns: str) -> bool:
        """Does the tuple match one of crossdev's ``case`` patterns?"""
        return any(_glob(p, self.tuple) for p in patterns)


@dataclass(frozen=True, slots=True)
class CrossPass:
    """One crossdev pass: its name, the package, what it needs (pass names, each with
    where the need was read), whether it fills the sysroot, and the crossdev stage."""

    name: str
    pn: str
    needs: tuple[tuple[str, str], ...]
    sysroot: bool
    stage: int


def crossdev_use(target: CrossTarget) -> dict[str, tuple[str, ...]]:
    """The per-package USE crossdev's ``parse_target`` adds for ``target`` (``GUSE``,
    ``LUSE``, ``BUSE``, ``KUSE``, ``DUSE``) by package name."""
    guse: list[str] = []
    luse: list[str] = []
    if target.libc == "glibc":
        luse.append("static-libs")      # gcc's libgomp links -lpthread statically
    sanitizer = target.matches("*-gnu*") and target.matches(
        "x86_64*", "i?86*", "arm*", "aarch64*", "powerpc*") and not target.matches(
        "mips64*", "mipsisa64*")
    if not sanitizer:
        guse.append("-sanitize")
    if not (target.matches("*-gnu*") and target.matches("x86_64*", "i?86*", "arm*",
                                                         "aarch64")):
        guse.append("-vtv")
    if target.matches("x86_64-*-linux*"):
        guse.append("cet")
        luse.append("cet")
    return {"binutils": (), "gcc": tuple(guse), "linux-headers": (),
            target.libc: tuple(luse), "gdb": ()}


def crossdev_masks(target: CrossTarget) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """``{pn: (masked flags, forced flags)}`` crossdev writes to
    ``profile/package.use.{mask,force}/cross-<tuple>`` (single-ABI targets: multilib
    masked; ``cet`` forced on x86_64 binutils, masked elsewhere)."""
    x86_64 = target.matches("x86_64-*-linux*")
    cet_mask = () if x86_64 else ("cet",)
    return {"linux-headers": (("multilib",), ()),
            target.libc: (cet_mask + ("multilib",), ()),
            "binutils": (cet_mask + ("multilib",), ("cet",) if x86_64 else ()),
            "gcc": (cet_mask + ("multilib",), ()),
            "gdb": (("multilib",), ())}


def stage1_disabled(iuse: str) -> tuple[tuple[str, str], ...]:
    """``(flag, reason)`` of every flag of the gcc ebuild's ``iuse`` the first gcc must
    not build (:data:`STAGE1_FACTS`), in IUSE order.

    >>> [flag for flag, _ in stage1_disabled("+cxx +fortran nls openmp +pie zstd")]
    ['cxx', 'fortran', 'openmp', 'zstd']
    """
    flags = [word.lstrip("+-") for word in iuse.split()]
    return tuple((flag, STAGE1_FACTS[flag]) for flag in flags if flag in STAGE1_FACTS)


def cross_atoms(depstr: str, category: str) -> list[str]:
    """The package names of ``category`` that ``depstr`` names (any USE condition).

    >>> cross_atoms("!headers-only? ( >=cross-x/gcc-6.2 ) cross-x/linux-headers", "cross-x")
    ['gcc', 'linux-headers']
    """
    out = []
    for word in depstr.split():
        word = word.lstrip("!")
        if f"{category}/" in word and not word.endswith("?"):
            pn = Atom.parse(word).cp.split("/", 1)[1]
            if pn not in out:
                out.append(pn)
    return out


def cross_metadata(target: CrossTarget, pn: str, native: dict[str, str]) -> dict[str, str]:
    """The native cache entry of ``pn`` as its ebuild evaluates under
    ``CATEGORY=cross-<tuple>``: the category tests of the glibc ebuilds (2.42: the
    native branch adds binutils, gcc, os-headers, libidn2 and timezone-data; 2.43 also
    a ``clang?``/``!clang?`` compiler choice; the cross branch adds the cross binutils,
    gcc and linux-headers, the tools unless ``headers-only``, when IUSE has it) and of
    gcc's (no libc dependency for a cross gcc)."""
    meta = {k: v for k, v in native.items() if not k.startswith("_") and k != "INHERIT"}
    cat = target.category
    if pn == "glibc":
        meta["BDEPEND"] = _without(_without_groups(meta.get("BDEPEND", ""), (
            "clang?", "!clang?"), "sys-devel/gcc"), (
            ">=sys-devel/binutils-2.27", ">=sys-devel/gcc-6.2"))
        tools = f">={cat}/binutils-2.27 >={cat}/gcc-6.2"
        headers_only = "headers-only" in {w.lstrip("+-") for w in meta.get("IUSE", "").split()}
        meta["BDEPEND"] += f" !headers-only? ( {tools} )" if headers_only else f" {tools}"
        meta["DEPEND"] = _without(meta.get("DEPEND", ""), ("virtual/os-headers",))
        if target.matches("*-linux*"):
            meta["DEPEND"] += f" {cat}/linux-headers"
        meta["RDEPEND"] = _without(meta.get("RDEPEND", ""), (
            ">=net-dns/libidn2-2.3.0", "vanilla? ( !sys-libs/timezone-data )"))
        meta.pop("PDEPEND", None)
    elif pn == "gcc":
        libc_dep = "elibc_glibc? ( sys-libs/glibc[cet(-)?] )"
        for key in ("DEPEND", "RDEPEND"):
            meta[key] = _without(meta.get(key, ""), (libc_dep,))
    return {k: " ".join(v.split()) for k, v in meta.items()}


def _without_groups(depstr: str, conditions, naming: str) -> str:
    """``depstr`` without the top-level ``cond? ( ... )`` groups (``cond`` among
    ``conditions``) that name ``naming`` (glibc 2.43's native compiler choice).

    >>> _without_groups("a/b x? ( c/d ) y? ( e/f )", ("x?",), "c/d")
    'a/b y? ( e/f )'
    """
    words, out, i = depstr.split(), [], 0
    while i < len(words):
        if words[i] in conditions and i + 1 < len(words) and words[i + 1] == "(":
            depth, j = 0, i + 1
            while j < len(words):
                depth += {"(": 1, ")": -1}.get(words[j], 0)
                if depth == 0:
                    break
                j += 1
            if any(naming in w for w in words[i:j + 1]):
                i = j + 1
                continue
        out.append(words[i])
        i += 1
    return " ".join(out)


def _without(depstr: str, parts) -> str:
    for part in parts:
        depstr = depstr.replace(part, " ")
    return " ".join(depstr.split())


def derive_passes(target: CrossTarget, metadata: dict[str, dict[str, str]]
                  ) -> tuple[CrossPass, ...]:
    """The passes in build order (module docstring); ``metadata``: the cross metadata
    by package name (binutils, gcc, linux-headers, the libc, and gdb when built)."""
    libc = target.libc
    names = ["binutils", "gcc-stage1", "linux-headers", libc, "gcc-stage2"]
    names += ["gdb"] if "gdb" in metadata else []
    pn_of = {n: n.split("-stage")[0] for n in names}
    needs: dict[str, dict[str, str]] = {n: {} for n in names}
    for name in names:
        meta = metadata.get(pn_of[name], {})
        for key in ("DEPEND", "BDEPEND", "RDEPEND"):
            for pn in cross_atoms(meta.get(key, ""), target.category):
                dep = "gcc-stage1" if pn == "gcc" else pn
                if dep in needs and dep != name:
                    needs[name].setdefault(dep, f"{key} of the cross {pn_of[name]}")
    for (name, dep), why in IMPLICIT_FACTS.items():
        dep = libc if dep == "libc" else dep
        if name in needs:
            needs[name].setdefault(dep, why)
    order = _kahn(names, needs)
    stage = {"binutils": 0, "gcc-stage1": 1, "linux-headers": 2, libc: 3, "gcc-stage2": 4,
             "gdb": 5}
    return tuple(CrossPass(n, pn_of[n], tuple(sorted(needs[n].items())),
                           n not in HOST_SIDE, stage[n]) for n in order)


def _kahn(names: list[str], needs: dict[str, dict[str, str]]) -> list[str]:
    """Each name after its needs; ties: more passes waiting on it, host side, name."""
    waiting = {n: _dependents(n, needs) for n in names}
    done: list[str] = []
    while len(done) < len(names):
        ready = [n for n in names if n not in done and set(needs[n]) <= set(done)]
        if not ready:
            raise BootorderError("the cross passes need each other: "
                                 + ", ".join(n for n in names if n not in done))
        done.append(min(ready, key=lambda n: (-waiting[n], n not in HOST_SIDE, n)))
    return done


def _dependents(name: str, needs: dict[str, dict[str, str]]) -> int:
    found, stack = set(), [name]
    while stack:
        current = stack.pop()
        for other, wanted in needs.items():
            if current in wanted and other not in found:
                found.add(other)
                stack.append(other)
    return len(found)
