"""The block sieve (logs/sieve.py) is only a shortcut: a log scanned a block at a time gives
exactly what the line-by-line reading it replaced gave (``line_by_line`` below, kept as the
oracle), including where max_bytes and max_lines stop it and what ``progress`` is told."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import posdoctor
from posdoctor.logs import logscan
from posdoctor.logs.evidence import LogEvidence, settle
from posdoctor.logs.reading import MAX_PIECE, _Reader, _sniff, clean, decode
from posdoctor.logs.sieve import Sieve


@pytest.fixture(scope="module", autouse=True)
def sieve_from_the_start() -> Iterator[None]:
    """The sieve from the first byte (a log is read line by line up to SIEVE_AFTER)."""
    was, logscan.SIEVE_AFTER = logscan.SIEVE_AFTER, 0
    yield
    logscan.SIEVE_AFTER = was


def line_by_line(
    scanner: logscan.LogScanner,
    data: bytes,
    max_bytes: int | None,
    max_lines: int | None,
    progress: Any = None,
) -> LogEvidence:
    """scan_stream as it was before the sieve: readline(MAX_PIECE), every line matched."""
    ev = LogEvidence(source="s")
    stream = io.BytesIO(data)
    encoding, head, binary = _sniff(stream.read(logscan.SNIFF), "s")
    if binary:
        ev.note(binary)
    reader = _Reader(stream, head, encoding, max_bytes)
    buffered, number, continued = io.BufferedReader(reader, MAX_PIECE), 0, False
    while raw := buffered.readline(MAX_PIECE):
        number += 0 if continued else 1
        indented = not continued and raw[:1] in (b" ", b"\t")
        continued = not raw.endswith(b"\n")
        if max_lines is not None and number > max_lines:
            reader.truncated, number = True, number - 1
            break
        ev.bytes += len(raw)
        scanner._line(ev, number, clean(decode(raw)), indented)
        if progress and number % logscan.PROGRESS == 0:
            progress(ev.bytes)
    ev.lines = number
    settle(ev)
    if reader.truncated:
        logscan._note_truncated(ev, "s", number, (max_bytes or 0, max_lines or 0))
    return ev


def same(
    scanner: logscan.LogScanner,
    data: bytes,
    max_bytes: int | None = None,
    max_lines: int | None = None,
) -> dict[str, Any]:
    """Scan ``data`` both ways; assert they agree (progress too); the result."""
    told: list[list[int]] = [[], []]
    try:
        line_by_line(scanner, data, max_bytes, max_lines)
    except logscan.NotALog:
        with pytest.raises(logscan.NotALog):
            scanner.scan_stream(io.BytesIO(data), "s", max_bytes=max_bytes, max_lines=max_lines)
        raise
    new = scanner.scan_stream(
        io.BytesIO(data), "s", told[0].append, max_bytes=max_bytes, max_lines=max_lines
    )
    old = line_by_line(scanner, data, max_bytes, max_lines, told[1].append)
    assert new.to_dict() == old.to_dict()
    assert (new.facts, new.held, new.weak) == (old.facts, old.held, old.weak)
    assert told[0] == told[1]
    return new.to_dict()


def test_a_cut_inside_a_block_reads_the_cut_line(scanner: logscan.LogScanner) -> None:
    """max_bytes ending inside a line (inside a block): that line's start is the last line
    read, as line by line (an earlier block reader lost it)."""
    data = b"".join(b"line %d: ok\n" % i for i in range(1, 2001))
    cut = data.index(b"line 1500:") + 4  # "line" of line 1500
    got = same(scanner, data, max_bytes=cut)
    assert (got["lines"], got["bytes"]) == (1500, cut)
    assert same(scanner, data, max_bytes=cut - 4)["lines"] == 1499  # just after a newline
    assert same(scanner, data, max_bytes=cut - 5)["lines"] == 1499  # the newline cut off
    assert same(scanner, data, max_lines=1500)["lines"] == 1500
    assert same(scanner, data, max_bytes=cut, max_lines=1500)["lines"] == 1500


def test_cuts_at_every_place_of_a_block(scanner: logscan.LogScanner) -> None:
    """Every byte limit and line limit around a failure line, far inside a block."""
    lines = [b"2026-11-25 09:30:%02d heartbeat ok" % (i % 60) for i in range(400)]
    lines[200] = b"E/ota: Failed to verify payload: Installation failed, errno=28"
    data = b"\n".join(lines) + b"\n"
    at = data.index(b"E/ota")
    for cut in range(at - 3, at + 70):
        same(scanner, data, max_bytes=cut)
    for n in (0, 1, 199, 200, 201, 202, 400, 401):
        same(scanner, data, max_lines=n)


@pytest.mark.parametrize(
    "length",
    [MAX_PIECE - 2, MAX_PIECE - 1, MAX_PIECE, MAX_PIECE + 1, 2 * MAX_PIECE + 7, 3 * MAX_PIECE],
)
def test_long_lines_are_cut_as_before(scanner: logscan.LogScanner, length: int) -> None:
    """Lines around MAX_PIECE bytes, with a failure on either side of each cut, a multi-byte
    character across a cut and limits inside them."""
    fail = "No space left on device 磁盘已满 ".encode()
    body = (fail + b"z" * MAX_PIECE)[: length - 1] + b"\n"
    data = b"head ok\n" + body + body.replace(b"z", b"\xc3\xa9", 3) + fail + b"\ntail\n"
    same(scanner, data)
    for cut in (MAX_PIECE, MAX_PIECE + 8, len(data) - 3):
        same(scanner, data, max_bytes=cut)
    same(scanner, data, max_lines=2)
    same(scanner, data[:-1])  # no newline at the end


def test_the_sieve_starts_after_sieve_after_bytes(kb: posdoctor.KnowledgeBase) -> None:
    """A log shorter than SIEVE_AFTER is read line by line; a longer one goes on with the
    sieve from the run after it, with the same result (two lines, two errno signatures each)."""
    lines = [b"heartbeat ok %d" % i for i in range(20000)]
    lines[10] = lines[19990] = b"E/ota: No space left on device"
    data = b"\n".join(lines) + b"\n"
    logscan.SIEVE_AFTER = 1 << 40
    try:
        scanner = logscan.LogScanner(kb)
        same(scanner, data)
        assert scanner._sieve is None
        logscan.SIEVE_AFTER = len(data) // 3
        got = same(scanner, data)
        assert (got["facts"], got["match_count"]) == ({"storage_full_error": True}, 4)
        assert scanner._sieve is not None
    finally:
        logscan.SIEVE_AFTER = 0


def test_progress_is_told_as_before(scanner: logscan.LogScanner) -> None:
    """Every PROGRESS-th line, with the bytes read up to its end (a long line in between)."""
    rng = random.Random(7)
    lines = [b"x" * rng.randrange(0, 30) for _ in range(2 * logscan.PROGRESS + 10)]
    lines[logscan.PROGRESS - 1] = b"y" * (MAX_PIECE + 5)
    same(scanner, b"\n".join(lines) + b"\n")


def test_utf16_and_binary_notes(scanner: logscan.LogScanner) -> None:
    text = "更新失败: No space left on device\r\nheartbeat ok\r\n" * 50
    same(scanner, b"\xff\xfe" + text.encode("utf-16-le"))
    lines = b"E: Sub-process /usr/bin/dpkg returned an error code 1\nheartbeat ok\n" * 20
    assert same(scanner, b"\x01\x02" * 60 + b"\n" + lines)["notes"]  # partly binary
    with pytest.raises(logscan.NotALog):
        same(scanner, b"\x01\x02" * 600 + b"\n" + lines)


# Pieces a generated log is made of: failure text of the KB, term words and cues, text that
# looks like them, and what cleaning changes (colours, control characters, CRLF), GBK, bytes
# that are no text, JSON with escapes, key=value codes and the one character lower() makes two.
PIECES = [
    b"No space left on device", b"ENOSPC", b"checksum", b"mismatch", b"battery", b"low",
    b"download", b"failed", b"timed out", b"Connection refused", b"errno=28", b"errorCode=2404",
    b'{"status": 503, "msg": "\\u670d\\u52a1\\u5668\\u9519\\u8bef"}', b"\\", b"\x1b[31m",
    b"\x1b[0m", b"\x1b", b"\r", b"\r\n", b"\t", b"\x00", b"\x07", b"\x7f", b" ", b"  ",
    "校验和不匹配".encode(), "磁盘已满".encode("gbk"), "下载失败".encode("gb18030"),
    "更新".encode(), b"\xff\xfe\xfd", b"\xe4\xb8", "İ".encode(), "DOWNLOAD FAİLED".encode(),
    "\u212a".encode(), b"heartbeat ok", b"2026-11-25 09:30:12", b"E/", b"certificate", b"expired",
    b"x509", b"corrupt", b"update", b"HTTP/1.1 404 Not Found", b"status=1/FAILURE",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.sampled_from(PIECES), max_size=8).map(b"".join),
        min_size=1,
        max_size=40,
    ),
    st.booleans(),
    st.integers(min_value=0, max_value=2000),
    st.integers(min_value=0, max_value=45),
)
def test_any_log_is_read_as_line_by_line(
    scanner: logscan.LogScanner, lines: list[bytes], limit: bool, max_bytes: int, max_lines: int
) -> None:
    data = b"\n".join(lines) + b"\n"
    try:
        same(scanner, data)
    except logscan.NotALog:
        return  # refused both ways (mostly control bytes)
    if limit:
        same(scanner, data, max_bytes=max_bytes, max_lines=max_lines)


def test_the_sieve_passes_what_a_line_holds() -> None:
    sieve = Sieve(["no space left"], ["battery"], ["low", "电量"])
    lines = [
        b"NO SPACE LEFT on device",  # 0: alone, in any case
        b"battery 81%",  # 1: a word without a cue
        b"battery low",  # 2: a word, then a cue
        "电量 battery".encode(),  # 3: a cue, then a word
        b"heartbeat ok",  # 4
        b"no \x1b[0mspace\x07left",  # 5: colours cut, a control character made a space
        b"a\\u0041",  # 6: a backslash
        "FAİL".encode(),  # 7: İ
        "磁盘".encode("gbk"),  # 8: not UTF-8
        b"batterylow",  # 9: a word and a cue that overlap
    ]
    block = b"\n".join(lines) + b"\n"
    assert sieve.lines(block) == [0, 2, 3, 5, 6, 7, 8, 9]
    with pytest.raises(ValueError, match="empty literal"):
        Sieve(["", "x"])
