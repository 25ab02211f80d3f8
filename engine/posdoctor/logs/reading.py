"""Reading a log's bytes: a byte-order mark or binary content sniffed at its start, UTF-16 turned
into UTF-8, lines split in bounded pieces, each line decoded on its own (UTF-8, else GB18030) and
cleaned of colours and control characters."""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from typing import IO, Any

from ..kb.problems import UserInputError
from ..messages import Message

MAX_PIECE = 64 * 1024  # bytes of one line matched at a time
SNIFF = 64 * 1024  # bytes looked at first, for a byte-order mark and for binary content
BINARY = 0.05  # share of NUL and control bytes in those above which a log is noted as binary
MOSTLY_BINARY = 0.3  # ... and above which it is refused (/dev/zero, a disk image)
_BOMS = ((b"\xef\xbb\xbf", ""), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_TEXT_CONTROLS = b"\t\n\r\x0c\x1b"
_MAGIC = {  # how a file that is no log starts -> what it is (a catalogue entry)
    b"PK\x03\x04": "log.kind_zip",
    b"\x1f\x8b": "log.kind_gzip",
    b"\x89PNG": "log.kind_png",
    b"\xff\xd8\xff": "log.kind_jpeg",
}
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


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


def _runs(stream: _Reader) -> Iterator[bytes]:
    """The stream cut as ``readline(MAX_PIECE)`` would cut it, a run of pieces at a time: whole
    pieces ending in b"\\n", MAX_PIECE bytes at most in all (the first may end a longer line),
    or one piece without a newline (MAX_PIECE bytes of a longer line, or the last bytes read)."""
    data, at, done = b"", 0, False
    while True:
        while not done and len(data) - at < MAX_PIECE:
            chunk = stream.read(MAX_PIECE)
            done = not chunk
            data, at = data[at:] + chunk, 0
        if at >= len(data):
            return
        end = min(at + MAX_PIECE, len(data))
        cut = data.rfind(b"\n", at, end) + 1 or end
        yield data[at:cut]
        at = cut


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
