"""The block sieve: which lines of a run of raw lines the scanner must look at.

A line does something only when its cleaned, lower-case text holds a signature keyword, a
payload key, a word of a term that needs no cue, both a word and a cue of a term with cues, or a
backslash (escaped JSON). Two RE2 searches (case-insensitive, over the raw bytes with colours
cut and control characters made spaces as ``clean`` does), one for the literals that suffice
alone and one for a word and a cue on one line, each find the first line of a block that holds
such text and go on after that line. So a line that holds none costs a few bytes' worth of a DFA
instead of a pass of the keyword automaton, and every line the sieve passes is read exactly as
before (``LogScanner._line``).

Why nothing is missed: the cleaned line is a substring of the sieved one (``clean`` only strips
its ends besides); a literal's first PREFIX characters stand for it; RE2's case folding matches
every character against its ``str.lower()`` (checked for every code point) except U+0130 (İ),
which lowers to two characters: lines holding it always pass, as do lines that are not UTF-8
(decoded otherwise, GB18030), which the sieve cannot read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import re2

MAX_MEM = 64 << 20  # bytes RE2 may use for each search: room for every state of its DFA
PREFIX = 10  # characters of a literal searched for: its start stands for it (see _shortest)
ALWAYS = ("\\", "\u0130")  # a backslash (escaped payloads) and İ (see above)
_ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]")  # reading._ANSI, for bytes
_SPACES = bytes(
    0x20 if (b < 0x20 and b not in (0x09, 0x0A)) or b == 0x7F else b for b in range(256)
)  # reading._CONTROL's characters as spaces, byte by byte


class Sieve:
    """Searches over a block of lines for the lines that hold one of ``alone`` or both one of
    ``words`` and one of ``cues`` (all in lower case)."""

    def __init__(self, alone: Iterable[str], words: Iterable[str] = (), cues: Iterable[str] = ()):
        singles, words, cues = (_shortest(x) for x in ({*alone, *ALWAYS}, words, cues))
        if not all(singles | words | cues):
            raise ValueError("an empty literal would pass every line")
        self._alone = _compile(_either(singles))
        self._both = None
        if words and cues:
            either = [f"(?:{_either(words)})[^\\n]*(?:{_either(cues)})"]
            either.append(f"(?:{_either(cues)})[^\\n]*(?:{_either(words)})")
            overlaps = _overlaps(words, cues)
            self._both = _compile("|".join([_either(overlaps)] * bool(overlaps) + either))

    def lines(self, block: bytes) -> list[int]:
        """The indexes of the lines of ``block`` (lines ending in b"\\n") to look at."""
        text = _ANSI.sub(b"", block) if b"\x1b" in block else block
        text = text.translate(_SPACES)
        passed = _passing(self._alone, text)
        more = _undecodable(block) + (_passing(self._both, text) if self._both else [])
        return sorted({*passed, *more}) if more else passed


def _compile(pattern: str) -> Any:
    """An RE2 search for ``pattern`` over UTF-8 bytes, ignoring case."""
    options = re2.Options()
    options.case_sensitive = False
    options.max_mem = MAX_MEM
    options.log_errors = False
    return re2.compile(pattern.encode("utf-8"), options)


def _shortest(literals: Iterable[str]) -> set[str]:
    """The literals cut to PREFIX characters, less those that hold another: a line holding a
    literal holds these. (RE2's DFA has a state for each prefix of each literal it looks for;
    ~12,000 of them fit in MAX_MEM, the ~33,000 of the whole keywords thrash its cache.)"""
    cut = {w[:PREFIX] for w in literals}
    return {w for w in cut if not any(part in cut for part in _parts(w))}


def _parts(word: str) -> Iterator[str]:
    """The substrings of ``word`` shorter than it."""
    for size in range(1, len(word)):
        for start in range(len(word) - size + 1):
            yield word[start : start + size]


def _either(literals: Iterable[str]) -> str:
    """An RE2 alternation of literals, the longest first."""
    return "|".join(re2.escape(w) for w in sorted(literals, key=lambda w: (-len(w), w)))


def _overlaps(words: set[str], cues: set[str]) -> set[str]:
    """The texts in which a word and a cue overlap (one inside the other, or the end of one the
    start of the other): ``word ... cue`` and ``cue ... word`` find them only apart."""
    out: set[str] = set()
    for word in words:
        for cue in cues:
            if cue in word or word in cue:
                out.add(word if cue in word else cue)
                continue
            for first, second in ((word, cue), (cue, word)):
                for k in range(1, min(len(first), len(second))):
                    if first.endswith(second[:k]):
                        out.add(first + second[k:])
    return out


def _passing(rx: Any, text: bytes) -> list[int]:
    """The lines of ``text`` a search for ``rx`` finds, in order."""
    out: list[int] = []
    at = index = 0
    while True:
        found = rx.search(text, at)
        if found is None:
            return out
        start = found.start()
        index += text.count(b"\n", at, start)
        out.append(index)
        at = text.find(b"\n", start) + 1
        index += 1
        if at == 0:  # a block's last line ends in b"\n"; this one did not
            return out


def _undecodable(block: bytes) -> list[int]:
    """The indexes of the lines of ``block`` that are not UTF-8."""
    out: list[int] = []
    at = index = 0
    view = memoryview(block)
    while True:
        try:
            str(view[at:], "utf-8")
        except UnicodeDecodeError as exc:
            bad = at + exc.start
            index += block.count(b"\n", at, bad)
            out.append(index)
            at = block.find(b"\n", bad) + 1
            index += 1
            if at == 0:
                return out
        else:
            return out
