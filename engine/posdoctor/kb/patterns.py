"""The one way to compile a regular expression from a knowledge base: RE2, in linear time.

Rules' ``matches`` tests and log signatures are written by KB authors and run on text nobody
controls (a pasted stack trace, a 64 MiB log). Python's ``re`` backtracks: ``^(a+)+$`` takes
minutes on a 38-character line. RE2 (the google-re2 binding) runs every pattern in time linear
in the text, because it has no lookarounds and no backreferences; a pattern that needs them is
refused when the KB is read, with a hint on how to write it without them. Every pattern is
matched case-insensitively, as the KB's patterns always were.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any, Protocol

import re2

MAX_PROGRAM = 8 << 20  # bytes RE2 may use for one compiled pattern (its default)
MAY_BE_LARGE = 1000  # characters: below, a pattern without {n} or \\p compiles to ~300 KB at most
CACHED = 4096  # distinct compiled patterns kept (rules test the same few on every turn)


class Match(Protocol):
    """What a successful search gives: the named or numbered groups it captured."""

    def group(self, name: int | str = 0) -> str | None: ...


class Pattern(Protocol):
    """A compiled KB pattern."""

    @property
    def groupindex(self) -> dict[str, int]: ...

    def search(self, text: str) -> Match | None: ...


class PatternError(ValueError):
    """A pattern RE2 cannot run; ``hint`` says how to write it so that it can."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


_OPTIONS = re2.Options()
_OPTIONS.case_sensitive = False
_OPTIONS.log_errors = False  # RE2 would print every refusal on stderr; we report it ourselves
_OPTIONS.max_mem = MAX_PROGRAM

_LOOKAROUND_HINT = (
    "RE2 has no lookarounds: write X(?!Y) as X(?:$|[^Y]) and (?<!Y)X as (?:^|[^Y])X (for a "
    "word Y, one branch per letter), X(?=Y) as XY; see docs/limits.md"
)
_BACKREFERENCE_HINT = "RE2 has no backreferences (\\1, (?P=name)): write the repeated text out"


def compile_pattern(text: str) -> Pattern:
    """A KB pattern compiled by RE2 (case-insensitive); PatternError when RE2 cannot run it."""
    return _compile(text)


def check_pattern(text: str) -> None:
    """Raise PatternError when RE2 cannot run ``text``, compiling it only when it could be too
    big to compile (counted repeats, Unicode classes, long text); else parsing is enough, at a
    fifth of the cost: the log signatures are compiled when a log is first scanned."""
    if len(text) > MAY_BE_LARGE or "{" in text or "\\p" in text.lower():
        _compile(text)
        return
    probe = re2.Set.SearchSet(_OPTIONS)
    try:
        probe.Add(text)
    except re2.error:
        _compile(text)  # RE2's reason, as a PatternError


@functools.lru_cache(maxsize=CACHED)
def _compile(text: str) -> Pattern:
    """Compile once per distinct pattern: rules test the same few patterns on every turn."""
    try:
        compiled: Pattern = re2.compile(text, _OPTIONS)
    except re2.error as exc:
        raise _refusal(text, exc) from None
    return compiled


def _refusal(text: str, exc: Exception) -> PatternError:
    """RE2's reason, made readable, with a hint for the constructs it leaves out."""
    reason = exc.args[0] if exc.args else exc
    said = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
    lookaround = next((op for op in ("(?=", "(?!", "(?<=", "(?<!") if op in text), "")
    if lookaround:
        return PatternError(
            f"the linear-time engine (RE2) cannot run lookarounds ('{lookaround}' here)",
            _LOOKAROUND_HINT,
        )
    backreference = re.search(r"\\[1-9]|\(\?P=", text)
    if backreference:
        return PatternError(
            "the linear-time engine (RE2) cannot run backreferences "
            f"('{backreference.group(0)}' here)",
            _BACKREFERENCE_HINT,
        )
    return PatternError(f"invalid regular expression: {said}")


class PatternSet:
    """Several KB patterns searched in one pass over a text (RE2's set): which of them match.

    A search through the RE2 binding costs ~3 us of call overhead whatever the text; the rules'
    ~30 text patterns in one set cost one such call (docs/performance.md)."""

    def __init__(self, texts: Sequence[str]):
        for text in texts:
            _compile(text)  # a PatternError with the reason, before the set refuses it
        self._texts = tuple(texts)
        self._set: Any = None  # built on the first search: ~90 ms for 30 patterns

    def matching(self, text: str) -> frozenset[int]:
        """The indexes (in the order given) of the patterns ``text`` matches."""
        if self._set is None:
            built = re2.Set.SearchSet(_OPTIONS)
            for pattern in self._texts:
                built.Add(pattern)
            built.Compile()
            self._set = built  # two threads may both build it: either one will do
        return frozenset(self._set.Match(text) or ())


def problem(text: str) -> PatternError | None:
    """Why RE2 cannot run ``text``, or None when it can."""
    try:
        _compile(text)
    except PatternError as exc:
        return exc
    return None


_LITERAL = re.compile(r"(?:[^\\\[\](){}.*+?^$|]|\\[^A-Za-z0-9])+")


def keyword(pattern: str) -> str:
    """A literal every match must contain (lower case), or '' when none can be found safely.

    Only text outside groups and classes counts; an alternation at the top level means no
    literal is certain. The log scanner runs a pattern only on lines holding its keyword."""
    if "(?i" in pattern:
        return ""
    best, depth, i = "", 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2  # an escape outside a literal run: a class (\d, \pL ...) or punctuation
        elif ch == "[":
            i = _class_end(pattern, i)
        elif ch in "()":
            depth += 1 if ch == "(" else -1
            i += 1
        elif depth == 0 and ch == "|":
            return ""
        elif depth == 0 and (m := _LITERAL.match(pattern, i)):
            text = _required(m.group(0), pattern[m.end() : m.end() + 1])
            best = text if len(text) > len(best) else best
            i = m.end()
        else:
            i += 1
    return best.lower() if len(best) >= 3 else ""


def _class_end(pattern: str, start: int) -> int:
    """The index just after the character class opened at ``start``."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1  # a ']' first in a class is a literal
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def _required(run: str, after: str) -> str:
    """The unescaped text of a literal run that a match must contain: a quantifier after the
    run makes its last character optional."""
    if after in ("*", "?", "{"):
        run = run[:-2] if len(run) > 1 and run[-2] == "\\" else run[:-1]
    return re.sub(r"\\(.)", r"\1", run)
