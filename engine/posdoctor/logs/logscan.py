"""Read facts out of what a terminal or an update tool printed, using the KB's signatures.

Logs arrive as screenshots' text, copied error lines or whole files from a terminal management
system: UTF-8, GBK/GB18030 or a mix, CRLF, ANSI colours, binary junk, very long lines, hundreds
of megabytes. They are read as a stream of bytes, line by line (long lines in pieces), each line
decoded on its own, cleaned, and only then matched with Python's ``re``; memory stays bounded.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import ahocorasick

from ..kb.answers import FactError, convert
from ..kb.model import Capture, KnowledgeBase, Signature

MAX_PIECE = 64 * 1024  # bytes of one line matched at a time
MAX_KEPT = 200  # matched lines kept as evidence (the facts count every match)
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LITERAL = re.compile(r"(?:[^\\\[\](){}.*+?^$|]|\\[^A-Za-z0-9])+")


@dataclass(frozen=True)
class LogMatch:
    """One line a signature recognised, and the facts it set."""

    line: int
    text: str
    signature: str
    sets: dict[str, Any]


@dataclass
class LogEvidence:
    """What a log told: the facts, the lines that told them, and how much was read."""

    facts: dict[str, Any] = field(default_factory=dict)
    matches: list[LogMatch] = field(default_factory=list)
    lines: int = 0
    bytes: int = 0
    match_count: int = 0
    source: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def recognised(self) -> bool:
        return bool(self.facts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "lines": self.lines,
            "bytes": self.bytes,
            "recognised": self.recognised,
            "facts": dict(self.facts),
            "match_count": self.match_count,
            "matches": [
                {"line": m.line, "text": m.text, "signature": m.signature, "sets": m.sets}
                for m in self.matches
            ],
            "warnings": list(self.warnings),
        }


class LogScanner:
    """The signatures of a knowledge base, ready to match lines."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._sigs = [
            (s, re.compile(s.pattern, re.IGNORECASE), _keyword(s.pattern)) for s in kb.signatures
        ]
        self._always = tuple((s, rx) for s, rx, k in self._sigs if not k)
        by_keyword: dict[str, list] = {}
        for s, rx, k in self._sigs:
            if k:
                by_keyword.setdefault(k, []).append((s, rx))
        # Aho-Corasick finds every keyword of a line in one pass, whatever their number
        self._keywords = ahocorasick.Automaton() if by_keyword else None
        if self._keywords is not None:
            for keyword, sigs in by_keyword.items():
                self._keywords.add_word(keyword, tuple(sigs))
            self._keywords.make_automaton()

    def scan_lines(self, lines: Iterable[str], source: str = "") -> LogEvidence:
        """Scan already-decoded lines."""
        ev = LogEvidence(source=source)
        for number, line in enumerate(lines, 1):
            self._line(ev, number, clean(line))
            ev.lines = number
        return ev

    def scan_stream(
        self, stream: IO[bytes], source: str = "", progress: Callable[[int], None] | None = None
    ) -> LogEvidence:
        """Scan a binary stream in bounded memory; ``progress`` gets the bytes read so far."""
        ev = LogEvidence(source=source)
        number = 0
        for number, raw in _raw_lines(stream):
            ev.bytes += len(raw)
            self._line(ev, number, clean(decode(raw)))
            if progress and number % 50000 == 0:
                progress(ev.bytes)
        ev.lines = number
        return ev

    def _line(self, ev: LogEvidence, number: int, line: str) -> None:
        if not line:
            return
        candidates = list(self._always)
        if self._keywords is not None:
            for _end, sigs in self._keywords.iter(line.lower()):
                candidates.extend(sigs)
        seen = set()
        for sig, rx in candidates:
            if sig.id in seen:
                continue
            seen.add(sig.id)
            match = rx.search(line)
            if match:
                self._record(ev, number, line, sig, match)

    def _record(
        self, ev: LogEvidence, number: int, line: str, sig: Signature, match: re.Match
    ) -> None:
        sets = {}
        for fact_id, value in sig.sets.items():
            if isinstance(value, Capture):
                value = match.group(value.group)
                if value is None:
                    continue
            try:
                sets[fact_id] = convert(self.kb.facts[fact_id], value)
            except FactError as exc:
                ev.warnings.append(f"line {number}: {sig.id}: {exc}")
        if not sets:
            return
        ev.facts.update(sets)
        ev.match_count += 1
        if len(ev.matches) < MAX_KEPT:
            ev.matches.append(LogMatch(number, line[:500], sig.id, sets))


def _keyword(pattern: str) -> str:
    """A literal every match must contain (lower case), or '' when none can be found safely."""
    if "|" in pattern or "(?i" in pattern:
        return ""
    best = ""
    depth = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            i += 2  # an escape outside a literal run: a class (\d, \s, \b ...) or punctuation
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0:
            m = _LITERAL.match(pattern, i)
            if m:
                run = m.group(0)
                # a quantifier after the run makes its last character optional
                nxt = pattern[m.end() : m.end() + 1]
                if nxt in ("*", "?", "{"):
                    run = run[:-2] if len(run) > 1 and run[-2] == "\\" else run[:-1]
                text = re.sub(r"\\(.)", r"\1", run)
                if len(text) > len(best):
                    best = text
                i = m.end()
                continue
        i += 1
    return best.lower() if len(best) >= 3 else ""


def _raw_lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    number = 0
    continued = False
    while True:
        raw = stream.readline(MAX_PIECE)
        if not raw:
            return
        if not continued:
            number += 1
        continued = not raw.endswith(b"\n")
        yield number, raw


def decode(raw: bytes) -> str:
    """One line's text: UTF-8 when it is, else GB18030 (a superset of GBK), else replaced."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")


def clean(line: str) -> str:
    """Strip colours, carriage returns and control characters."""
    if "\x1b" in line:
        line = _ANSI.sub("", line)
    return _CONTROL.sub(" ", line.rstrip("\r\n")).strip()


def scan_log_file(
    kb: KnowledgeBase,
    path: str,
    progress: Callable[[int], None] | None = None,
) -> LogEvidence:
    """Scan a log file (``-`` = standard input); OSError when it cannot be read."""
    scanner = LogScanner(kb)
    if path == "-":
        return scanner.scan_stream(sys.stdin.buffer, "<stdin>", progress)
    with Path(path).open("rb") as stream:
        return scanner.scan_stream(stream, path, progress)
