"""Read facts out of what a terminal or an update tool printed, using the KB's signatures.

Logs arrive as screenshots' text, copied error lines or whole files from a terminal management
system: UTF-8, GBK/GB18030 or a mix, CRLF, ANSI colours, binary junk, very long lines, hundreds
of megabytes. They are read as a stream of bytes, in runs of whole lines (long lines in
pieces); past the first MiB a block sieve (sieve.py) skips the lines that hold no literal that
could set anything. Each other line is decoded on its own, cleaned, and only then matched with
RE2 (kb.patterns); memory stays bounded.
A byte-order mark is honoured (UTF-16 is read as UTF-16); a file whose start looks binary is
refused; at most MAX_LOG_BYTES and MAX_LOG_LINES are read, with a note saying where it stopped.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import ahocorasick

from ..kb import patterns
from ..kb.answers import FactError, convert
from ..kb.model import Capture, KnowledgeBase, Signature
from ..messages import Message, say
from .evidence import MAX_KEPT, LogEvidence, LogMatch, record_term, settle
from .payloads import PayloadReader
from .reading import (  # re-exported: the reading limits and NotALog are logscan's interface
    BINARY,
    MAX_PIECE,
    MOSTLY_BINARY,
    SNIFF,
    NotALog,
    _Reader,
    _runs,
    _sniff,
    clean,
    decode,
)
from .sieve import Sieve
from .terms import TermMatcher, bounded, load_echoes, load_terms

__all__ = [
    "BINARY", "MAX_KEPT", "MAX_LOG_BYTES", "MAX_LOG_LINES", "MAX_PIECE", "MOSTLY_BINARY", "SNIFF",
    "LogEvidence", "LogMatch", "LogScanner", "NotALog", "clean", "decode", "scan_log_file",
    "scan_log_files",
]  # fmt: skip

MAX_LOG_BYTES = 64 * 1024 * 1024  # read of the logs of one diagnosis (~3 s); the rest is ignored
MAX_LOG_LINES = 1_000_000  # lines read of them, for endless short lines
PROGRESS = 50_000  # lines between two calls of a scan's ``progress``
_INDENT, _INDENT_BYTES = (" ", "\t"), (b" ", b"\t")  # how a wrapped message's next line begins
SIEVE_AFTER = 1 << 20  # bytes read line by line before the block sieve is built (~0.1 s)


class LogScanner:
    """The signatures of a knowledge base, ready to match lines."""

    def __init__(self, kb: KnowledgeBase, *, terms: bool = True):
        self.kb = kb
        self._sigs = compile_signatures(kb)
        self._terms = TermMatcher(load_terms(kb) if terms else [], load_echoes())
        self._payloads = PayloadReader()
        self._always = tuple((s, rx) for s, rx, k in self._sigs if not k)
        by_keyword: dict[str, tuple[list, list, list]] = {}
        for s, rx, k in self._sigs:
            if k:
                by_keyword.setdefault(k, ([], [], []))[0].append((s, rx))
        for word, indexes in self._terms.words.items():
            by_keyword.setdefault(word, ([], [], []))[1].extend(indexes)
        for key in self._payloads.tables:
            by_keyword.setdefault(key, ([], [], []))[2].append(True)
        # Aho-Corasick finds every signature keyword, term word and payload key of a line in
        # one pass; a line holding none costs that pass only
        self._keywords = ahocorasick.Automaton() if by_keyword else None
        if self._keywords is not None:
            for keyword, (sigs, term_ids, payload) in by_keyword.items():
                ascii_word = keyword if keyword.isascii() else ""
                entry = (tuple(sigs), ascii_word, tuple(term_ids), bool(payload))
                self._keywords.add_word(keyword, entry)
            self._keywords.make_automaton()
        # the block sieve passes the lines _line may act on (sieve.py), built once a log is
        # long enough to pay for it; never when every line must be tried (a signature
        # without a keyword)
        self._literals = None if self._always else self._sieved(by_keyword)
        self._sieve: Sieve | None = None

    def _sieved(self, by_keyword: dict[str, tuple[list, list, list]]) -> tuple[list, ...]:
        """What a line must hold for _line to act on it: a keyword that names signatures, a
        payload key or a term that needs no cue; or a word and a cue of terms with cues."""
        terms = self._terms.terms
        alone, words = [], []
        for keyword, (sigs, term_ids, payload) in by_keyword.items():
            if sigs or payload or any(not terms[i].cues for i in term_ids):
                alone.append(keyword)
            else:
                words.append(keyword)
        return alone, words, [c for t in terms for c in t.cues]

    def scan_lines(self, lines: Iterable[str], source: str = "") -> LogEvidence:
        """Scan already-decoded lines."""
        ev = LogEvidence(source=source)
        for number, line in enumerate(lines, 1):
            self._line(ev, number, clean(line), line[:1] in _INDENT)
            ev.lines = number
        settle(ev)
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
        continued = False  # the last piece read ended a longer line's MAX_PIECE bytes
        for run in _runs(reader):
            whole = run.endswith(b"\n")
            start = number if continued else number + 1  # the number of the run's first piece
            last = start + run.count(b"\n") - 1 if whole else start
            if max_lines is not None and last > max_lines:
                if start <= max_lines:
                    self._run(
                        ev, run[: _after_newline(run, max_lines - start + 1)], start, progress
                    )
                reader.truncated, number = True, max_lines
                break
            if whole:
                self._run(ev, run, start, progress)
            else:
                ev.bytes += len(run)
                indented = not continued and run[:1] in _INDENT_BYTES
                self._line(ev, start, clean(decode(run)), indented)
                if progress and start % PROGRESS == 0:
                    progress(ev.bytes)
            number, continued = last, not whole
        ev.lines = number
        settle(ev)
        if reader.truncated:
            limits = (max_bytes or 0, max_lines or 0)
            _note_truncated(ev, source, number - first, limits)

    def _run(
        self, ev: LogEvidence, run: bytes, start: int, progress: Callable[[int], None] | None
    ) -> None:
        """Scan a run of whole pieces (each ending in b"\\n"), the first numbered ``start``:
        only the lines the sieve passes, for the others could set nothing."""
        if self._sieve is None and self._literals is not None and ev.bytes >= SIEVE_AFTER:
            self._sieve = Sieve(*self._literals)
        passed = self._sieve.lines(run) if self._sieve is not None else None
        pieces = run.split(b"\n")
        if passed is not None:
            passed = _with_wrapped(
                passed, pieces, ev.unnamed is not None and ev.unnamed[0] == start - 1
            )
        for i in range(len(pieces) - 1) if passed is None else passed:
            piece = pieces[i]
            self._line(ev, start + i, clean(decode(piece + b"\n")), piece[:1] in _INDENT_BYTES)
        before = ev.bytes
        ev.bytes += len(run)
        if progress:  # the bytes read up to the end of each PROGRESS-th line, as line by line
            for number in range(
                -(-start // PROGRESS) * PROGRESS, start + len(pieces) - 1, PROGRESS
            ):
                progress(before + _after_newline(run, number - start + 1))

    def _line(self, ev: LogEvidence, number: int, line: str, indented: bool = False) -> None:
        """Read one cleaned line. A line that began with a blank (``indented``) right after a
        line no signature named may go on that line's message (apt: "E: Release file for URL"
        then "   is not valid yet ..."): the two are read as one line first."""
        if not line:
            return
        if indented and ev.unnamed is not None and ev.unnamed[0] == number - 1:
            head, ev.unnamed = ev.unnamed[1], None
            if self._read(ev, number - 1, f"{head} {line}"):
                return
        if not self._read(ev, number, line):
            ev.unnamed = (number, line)

    def _read(self, ev: LogEvidence, number: int, line: str) -> bool:
        """Match one line's signatures, payloads and terms. False when the line may be the head
        of a message wrapped onto the next: it holds a signature keyword or payload key, and no
        signature named it."""
        lowered = line.lower()
        hits = list(self._keywords.iter(lowered)) if self._keywords is not None else []
        if not hits and not self._always and "\\" not in line:
            return True  # most lines: one pass found nothing to try
        words: set[int] = set()
        named, keyed = self._signatures(ev, number, line, lowered, line, "", words, hits)
        texts = [lowered]
        if keyed or "\\" in line:
            for found in self._payloads.texts(line, lowered, keyed):
                text = found.text.lower()
                texts.append(text)
                got, _ = self._signatures(ev, number, found.text, text, line, found.why, words)
                named = got or named
        if words and not named:  # terms read only what no signature named
            for term in self._terms.fire(words, texts):
                record_term(ev, number, line, term)
        # a head: a line holding a signature's keyword or a payload key (the sieve passes it)
        return named or not any(sigs or payload for _, (sigs, _, _, payload) in hits)

    def _signatures(
        self,
        ev: LogEvidence,
        number: int,
        text: str,
        lowered: str,
        shown: str,
        why: str,
        words: set[int],
        hits: list | None = None,
    ) -> tuple[bool, bool]:
        """Match the signatures on ``text`` (a line, or what a payload field of it decodes
        to); record the line ``shown``; add to ``words`` the terms whose words it holds.
        Whether any signature set a fact, and whether the text names a payload key
        (``hits``: the keyword pass over ``lowered``, when already made)."""
        candidates = list(self._always) if self._always else []
        keyed = False
        if hits is None:
            hits = list(self._keywords.iter(lowered)) if self._keywords is not None else []
        if hits:
            for end, (sigs, ascii_word, terms, payload) in hits:
                if sigs:
                    candidates.extend(sigs)
                if terms and (
                    not ascii_word or bounded(lowered, end - len(ascii_word) + 1, end + 1)
                ):
                    words.update(terms)
                keyed = keyed or payload
        if not candidates:
            return False, keyed
        seen = set()
        found = []
        for sig, rx in candidates:
            if sig.id in seen:
                continue
            seen.add(sig.id)
            match = rx.search(text)
            if match:
                found.append((sig, match))
        if len(found) > 1:  # the most specific message first: the longest match decides
            found.sort(key=lambda hit: hit[1].end() - hit[1].start(), reverse=True)
        named = False
        for sig, match in found:
            named = self._record(ev, number, shown, sig, match, why) or named
        return named, keyed

    def _record(
        self,
        ev: LogEvidence,
        number: int,
        line: str,
        sig: Signature,
        match: patterns.Match,
        why: str,
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
        echo = self._terms.is_echo(match.group(0) or "")
        if echo:  # counted by settle() only if no other line says why
            for fact_id, value in sets.items():
                ev.held.setdefault(fact_id, value)
        else:
            self._keep(ev, sets)
        ev.match_count += 1
        if len(ev.matches) < MAX_KEPT:
            strength = "echo" if echo else "signature"
            ev.matches.append(LogMatch(number, line[:500], sig.id, sets, strength, why))
        return True

    def _keep(self, ev: LogEvidence, sets: dict[str, Any]) -> None:
        """A signature's facts: they replace a term's; a yes/no or choice fact an earlier line
        set keeps its first value (the first error before a cascade), a number its last."""
        for fact_id, value in sets.items():
            first = fact_id in ev.facts and fact_id not in ev.weak
            if first and self.kb.facts[fact_id].type in ("boolean", "choice"):
                continue
            ev.facts[fact_id] = value
            ev.weak.pop(fact_id, None)


def compile_signatures(kb: KnowledgeBase) -> list[tuple[Signature, Any, str]]:
    """Every signature with its compiled pattern (RE2, linear time) and its prefilter keyword:
    the one place the scanner compiles patterns (kb.patterns)."""
    return [
        (s, patterns.compile_pattern(s.pattern), patterns.keyword(s.pattern)) for s in kb.signatures
    ]


def _with_wrapped(passed: list[int], pieces: list[bytes], after_head: bool) -> list[int]:
    """The sieve's lines and the indented line after each (a wrapped message's next line, read
    with its head: _line); ``after_head``: the line before the run may be such a head."""
    out: list[int] = []
    if after_head and pieces[0][:1] in _INDENT_BYTES and (not passed or passed[0] != 0):
        out.append(0)
    last = len(pieces) - 2  # the last whole piece (the run ends in b"\n")
    for i in passed:
        if not out or out[-1] < i:
            out.append(i)
        if i < last and pieces[i + 1][:1] in _INDENT_BYTES:
            out.append(i + 1)
    return out


def _after_newline(run: bytes, n: int) -> int:
    """The offset just after the ``n``-th b"\\n" of ``run`` (n >= 1)."""
    at = -1
    for _ in range(n):
        at = run.index(b"\n", at + 1)
    return at + 1


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
