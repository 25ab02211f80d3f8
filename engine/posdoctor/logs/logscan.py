"""Read facts out of what a terminal or an update tool printed, using the KB's signatures.

Logs arrive as screenshots' text, copied error lines or whole files from a terminal management
system: UTF-8, GBK/GB18030 or a mix, CRLF, ANSI colours, binary junk, very long lines, hundreds
of megabytes. They are read as a stream of bytes, line by line (long lines in pieces), each line
decoded on its own, cleaned, and only then matched with Python's ``re``; memory stays bounded.
A byte-order mark is honoured (UTF-16 is read as UTF-16); a file whose start looks binary is
refused; at most MAX_LOG_BYTES and MAX_LOG_LINES are read, with a note saying where it stopped.
"""

from __future__ import annotations

import codecs
import io
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import ahocorasick

from ..kb.answers import FactError, convert
from ..kb.model import Capture, KnowledgeBase, Signature
from ..kb.problems import UserInputError
from ..messages import Message, say
from .payloads import PayloadReader
from .terms import PREFIX, Term, TermMatcher, load_terms

MAX_PIECE = 64 * 1024  # bytes of one line matched at a time
MAX_LOG_BYTES = 64 * 1024 * 1024  # read of the logs of one diagnosis (~3 s); the rest is ignored
MAX_LOG_LINES = 1_000_000  # lines read of them, for endless short lines
SNIFF = 64 * 1024  # bytes looked at first, for a byte-order mark and for binary content
BINARY = 0.05  # share of NUL and control bytes in those above which a log is noted as binary
MOSTLY_BINARY = 0.3  # ... and above which it is refused (/dev/zero, a disk image)
_MAGIC = {  # how a file that is no log starts -> what it is (a catalogue entry)
    b"PK\x03\x04": "log.kind_zip",
    b"\x1f\x8b": "log.kind_gzip",
    b"\x89PNG": "log.kind_png",
    b"\xff\xd8\xff": "log.kind_jpeg",
}
_BOMS = ((b"\xef\xbb\xbf", ""), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_TEXT_CONTROLS = b"\t\n\r\x0c\x1b"
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
    strength: str = "signature"  # or "term": a concept term's weaker evidence (terms.py)
    decoded: str = ""  # the payload field a code table decoded for it (payloads.py)


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
    notes: list[tuple[str, str]] = field(default_factory=list)  # (en, zh): how it was read
    weak: dict[str, str] = field(default_factory=dict)  # fact -> the term that alone set it
    _term_note: tuple[str, str] | None = None

    def note(self, message: Message, *, first: bool = False) -> None:
        """Say something about how the log was read (a limit reached, a value overridden):
        a catalogue message, kept said in both languages (``first``: before the others)."""
        said = (message.text("en"), message.text("zh"))
        if first:
            self.notes.insert(0, said)
        else:
            self.notes.append(said)

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
                {
                    "line": m.line,
                    "text": m.text,
                    "signature": m.signature,
                    "sets": m.sets,
                    "strength": m.strength,
                    "decoded": m.decoded,
                }
                for m in self.matches
            ],
            "term_facts": dict(self.weak),
            "warnings": list(self.warnings),
            "notes": [{"en": en, "zh": zh} for en, zh in self.notes],
        }


class LogScanner:
    """The signatures of a knowledge base, ready to match lines."""

    def __init__(self, kb: KnowledgeBase, *, terms: bool = True):
        self.kb = kb
        self._sigs = compile_signatures(kb)
        self._terms = TermMatcher(load_terms(kb) if terms else [])
        self._payloads = PayloadReader()
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
        _label_terms(ev)
        return ev

    def scan_stream(
        self,
        stream: IO[bytes],
        source: str = "",
        progress: Callable[[int], None] | None = None,
        *,
        max_bytes: int | None = MAX_LOG_BYTES,
        max_lines: int | None = MAX_LOG_LINES,
    ) -> LogEvidence:
        """Scan a binary stream in bounded memory; ``progress`` gets the bytes read so far.
        NotALog when it looks binary; past ``max_bytes`` or ``max_lines`` the rest is ignored."""
        ev = LogEvidence(source=source)
        self.scan_more(ev, stream, source, progress, max_bytes=max_bytes, max_lines=max_lines)
        return ev

    def scan_more(
        self,
        ev: LogEvidence,
        stream: IO[bytes],
        source: str,
        progress: Callable[[int], None] | None = None,
        *,
        max_bytes: int | None = MAX_LOG_BYTES,
        max_lines: int | None = MAX_LOG_LINES,
    ) -> None:
        """Scan one more log into ``ev``, numbering its lines after those read already; the
        limits count everything ``ev`` has read."""
        head = stream.read(SNIFF)
        encoding, head, binary = _sniff(head, source)
        if binary:
            ev.note(binary)
        budget = None if max_bytes is None else max(max_bytes - ev.bytes, 0)
        reader = _Reader(stream, head, encoding, budget)
        first = number = ev.lines
        for number, raw in _raw_lines(io.BufferedReader(reader, MAX_PIECE), first):
            if max_lines is not None and number > max_lines:
                reader.truncated, number = True, number - 1
                break
            ev.bytes += len(raw)
            self._line(ev, number, clean(decode(raw)))
            if progress and number % 50000 == 0:
                progress(ev.bytes)
        ev.lines = number
        _label_terms(ev)
        if reader.truncated:
            limits = (max_bytes or 0, max_lines or 0)
            _note_truncated(ev, source, number - first, limits)

    def _line(self, ev: LogEvidence, number: int, line: str) -> None:
        if not line:
            return
        lowered = line.lower()
        named = self._signatures(ev, number, line, lowered, line, "")
        texts = [lowered]
        for found in self._payloads.texts(line, lowered):
            text = found.text.lower()
            texts.append(text)
            named = self._signatures(ev, number, found.text, text, line, found.why) or named
        if not named:  # terms read only what no signature named
            for text in texts:
                for term in self._terms.match(text):
                    _record_term(ev, number, line, term)

    def _signatures(
        self, ev: LogEvidence, number: int, text: str, lowered: str, shown: str, why: str
    ) -> bool:
        """Match the signatures on ``text`` (a line, or what a payload field of it decodes
        to); record the line ``shown``. Whether any signature set a fact."""
        candidates = list(self._always)
        if self._keywords is not None:
            for _end, sigs in self._keywords.iter(lowered):
                candidates.extend(sigs)
        seen = set()
        named = False
        for sig, rx in candidates:
            if sig.id in seen:
                continue
            seen.add(sig.id)
            match = rx.search(text)
            if match:
                named = self._record(ev, number, shown, sig, match, why) or named
        return named

    def _record(
        self, ev: LogEvidence, number: int, line: str, sig: Signature, match: re.Match, why: str
    ) -> bool:
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
            return False
        ev.facts.update(sets)
        for fact_id in sets:
            ev.weak.pop(fact_id, None)  # a signature's value replaces a term's
        ev.match_count += 1
        if len(ev.matches) < MAX_KEPT:
            ev.matches.append(LogMatch(number, line[:500], sig.id, sets, decoded=why))
        return True


def compile_signatures(kb: KnowledgeBase) -> list[tuple[Signature, re.Pattern, str]]:
    """Every signature with its compiled pattern and its prefilter keyword: the ONE place the
    scanner compiles patterns (the RE2 switch replaces ``re.compile`` here)."""
    return [(s, re.compile(s.pattern, re.IGNORECASE), _keyword(s.pattern)) for s in kb.signatures]


def _record_term(ev: LogEvidence, number: int, line: str, term: Term) -> None:
    """A term's facts, where neither a signature nor an earlier line set them already."""
    sets = {k: v for k, v in term.sets.items() if k not in ev.facts}
    if not sets:
        return
    ev.facts.update(sets)
    ev.weak.update(dict.fromkeys(sets, term.id))
    ev.match_count += 1
    if len(ev.matches) < MAX_KEPT:
        ev.matches.append(LogMatch(number, line[:500], PREFIX + term.id, sets, "term"))


def _label_terms(ev: LogEvidence) -> None:
    """Say, in every output, which facts only a concept term supports (replacing what an
    earlier scan of the same evidence said)."""
    if ev._term_note is not None and ev._term_note in ev.notes:
        ev.notes.remove(ev._term_note)
    ev._term_note = None
    if ev.weak:
        facts = ", ".join(f"{fact} ({PREFIX}{term})" for fact, term in ev.weak.items())
        message = Message("log.term_evidence", n=len(ev.weak), facts=facts)
        ev._term_note = (message.text("en"), message.text("zh"))
        ev.notes.append(ev._term_note)


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


class NotALog(UserInputError):
    """A file given as a log that looks binary (an image, an archive, /dev/zero)."""


def _sniff(head: bytes, source: str) -> tuple[str, bytes, Message | None]:
    """The encoding to transcode from ('' for line by line), the head without its BOM, and a
    note when it looks partly binary; NotALog when it is an archive, an image or mostly NUL."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding, head[len(bom) :], None
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise NotALog(Message("log.is_an_archive", source=source, what=Message(what)))
    controls = sum(head.count(bytes([b])) for b in range(32) if b not in _TEXT_CONTROLS)
    controls += head.count(b"\x7f")
    if not head or controls <= BINARY * len(head):
        return "", head, None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if odd > 0.25 * len(head) and even == 0:  # ASCII in UTF-16 without a BOM
        return "utf-16-le", head, None
    if even > 0.25 * len(head) and odd == 0:
        return "utf-16-be", head, None
    pct, kib = controls * 100 // len(head), max(len(head) // 1024, 1)
    share = Message("log.binary_share", pct=pct, kib=kib)
    if controls > MOSTLY_BINARY * len(head):
        raise NotALog(Message("log.binary", source=source, share=share))
    return "", head, Message("log.partly_binary", source=source, share=share)


class _Reader(io.RawIOBase):
    """A log's bytes for line splitting: the sniffed head first, then the rest of the stream,
    UTF-16 turned into UTF-8, and no more than ``limit`` bytes of it read."""

    def __init__(self, stream: IO[bytes], head: bytes, encoding: str, limit: int | None):
        self._stream, self._limit = stream, limit
        self._decoder = codecs.getincrementaldecoder(encoding)("replace") if encoding else None
        self.truncated = limit is not None and len(head) > limit
        head = head[:limit] if limit is not None else head
        self.taken = len(head)
        self._eof = self.truncated
        self._out, self._at = self._convert(head), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._at >= len(self._out) and not self._eof:
            self._out, self._at = self._convert(self._next()), 0
        n = min(len(buffer), len(self._out) - self._at)
        buffer[:n] = self._out[self._at : self._at + n]
        self._at += n
        return n

    def _next(self) -> bytes:
        want = MAX_PIECE if self._limit is None else min(MAX_PIECE, self._limit - self.taken)
        chunk = self._stream.read(want) if want > 0 else b""
        if not chunk:
            self._eof = True
            self.truncated = want <= 0 and bool(self._stream.read(1))
        self.taken += len(chunk)
        return chunk

    def _convert(self, chunk: bytes) -> bytes:
        if self._decoder is None:
            return chunk
        return self._decoder.decode(chunk, final=self._eof).encode("utf-8")


def _note_truncated(ev: LogEvidence, source: str, lines: int, limits: tuple) -> None:
    mib = f"{ev.bytes / 2**20:.1f}"
    size = f"{limits[0] // 2**20} MiB" if limits[0] >= 2**20 else f"{limits[0]:,} bytes"
    ev.note(
        Message(
            "log.truncated",
            source=source,
            lines=f"{lines:,}",
            mib=mib,
            size=size,
            max_lines=f"{limits[1]:,}",
        )
    )


def _raw_lines(stream: IO[bytes], number: int = 0) -> Iterator[tuple[int, bytes]]:
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
    return scan_log_files(kb, [path], progress)


def scan_log_files(
    kb: KnowledgeBase,
    paths: Iterable[str],
    progress: Callable[[int], None] | None = None,
) -> LogEvidence:
    """Scan several logs in order as one (lines numbered on, as by ``cat``); OSError when one
    cannot be read, NotALog when one looks binary."""
    scanner = LogScanner(kb)
    ev = LogEvidence()
    parts = []
    for path in paths:
        source = "<stdin>" if path == "-" else path
        first = ev.lines + 1
        limits = {"max_bytes": MAX_LOG_BYTES, "max_lines": MAX_LOG_LINES}
        if path == "-":
            scanner.scan_more(ev, sys.stdin.buffer, source, progress, **limits)
        else:
            with Path(path).open("rb") as stream:
                scanner.scan_more(ev, stream, source, progress, **limits)
        parts.append((source, first, ev.lines))
    ev.source = ", ".join(source for source, _, _ in parts)
    if len(parts) > 1:

        def listed(lang: str) -> str:
            part = (say("log.part", lang, source=s, first=a, last=b) for s, a, b in parts)
            return say("log.part_sep", lang).join(part)

        ev.note(Message("log.several", n=len(parts), parts=listed), first=True)
    return ev
