"""Reading facts out of logs: encodings, junk, colours, long lines, and the evidence it keeps."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import posdoctor
from posdoctor.cli import main
from posdoctor.kb.patterns import keyword as _keyword
from posdoctor.logs.logscan import LogScanner

from .conftest import MINI_KB

DNS = "curl: (6) Could not resolve host: tms.example.com"
ENOSPC = "write /data/ota/update.zip: No space left on device"


@pytest.fixture(scope="module")
def scanner(mini_kb: posdoctor.KnowledgeBase) -> LogScanner:
    return LogScanner(mini_kb)


def scan(scanner: LogScanner, data: bytes) -> posdoctor.LogEvidence:
    return scanner.scan_stream(io.BytesIO(data), "test")


def test_finds_the_decisive_line_among_neutral_ones(scanner: LogScanner) -> None:
    log = "\n".join(["boot ok", "checking for update", DNS, "retry in 30 s", "done"]).encode()
    ev = scan(scanner, log)
    assert ev.facts == {"dns_resolves_update_host": False}
    assert [(m.line, m.signature) for m in ev.matches] == [(3, "curl-6")]
    assert ev.lines == 5


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030", "utf-8-sig"])
def test_encodings(scanner: LogScanner, encoding: str) -> None:
    text = f"更新失败：下载出错\n{ENOSPC}\n网络连接失败\n"
    ev = scan(scanner, text.encode(encoding))
    assert ev.facts == {"storage_free_mb": 0.0}
    assert ev.matches[0].line == 2


def test_mixed_encodings_line_by_line(scanner: LogScanner) -> None:
    data = "终端更新".encode("gbk") + b"\n" + "下载失败".encode() + b"\n" + DNS.encode()
    ev = scan(scanner, data)
    assert ev.facts == {"dns_resolves_update_host": False}
    assert ev.lines == 3


def test_crlf_ansi_and_binary_junk(scanner: LogScanner) -> None:
    data = (
        b"\x00\x01\xff\xfe garbage\r\n"
        b"\x1b[31mERROR\x1b[0m " + DNS.encode() + b"\r\n" + bytes(range(256)) + b"\r\n"
    )
    ev = scan(scanner, data)
    assert ev.facts == {"dns_resolves_update_host": False}
    assert ev.matches[0].text == "ERROR " + DNS


def test_very_long_lines_are_read_in_pieces(scanner: LogScanner) -> None:
    data = b"x" * 1_000_000 + b" " + ENOSPC.encode() + b"\n" + b"y" * 300_000 + b"\n" + DNS.encode()
    ev = scan(scanner, data)
    assert ev.facts == {"storage_free_mb": 0.0, "dns_resolves_update_host": False}
    assert [m.line for m in ev.matches] == [1, 3]
    assert all(len(m.text) <= 500 for m in ev.matches)


def test_nothing_recognisable(scanner: LogScanner) -> None:
    ev = scan(scanner, b"all good\nnothing to see\n")
    assert not ev.recognised and ev.facts == {}


def test_every_signature_example_is_found_by_the_scanner(kb: posdoctor.KnowledgeBase) -> None:
    """The keyword prefilter never hides a line its signature matches."""
    scanner = LogScanner(kb)
    for sig in kb.signatures:
        for example in sig.examples:
            ev = scanner.scan_lines([example])
            assert sig.id in {m.signature for m in ev.matches}, (sig.id, example)


@pytest.mark.parametrize(
    ("pattern", "keyword"),
    [
        (r"curl: \(6\) Could not resolve host", "curl: (6) could not resolve host"),
        (r"HTTP/\d(?:\.\d)? (?P<status>[1-5]\d\d)", "http/"),
        (r"error (?:404|410)", "error "),  # an alternation inside a group leaves the rest
        (r"could\snot\s+resolve", "resolve"),
        (r"a|bcd", ""),
        (r"No space left on devices?", "no space left on device"),
        (r"设备上没有空间", "设备上没有空间"),
        (r"\bError code (?P<code>\d+)", "error code "),
        (r"\d+ bytes\.? written", " written"),
        (r"ota: \(6\) failed\.?$", "ota: (6) failed"),
    ],
)
def test_keywords_are_safe(pattern: str, keyword: str) -> None:
    assert _keyword(pattern) == keyword


def test_nothing_recognised_is_said_plainly(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    log = tmp_path / "x.log"
    log.write_text("hello\n")
    assert main(["diagnose", "--kb", str(MINI_KB), "--log", str(log), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["warnings"][0].startswith(
        "nothing in the log was recognised: the causes below are ranked by how common they are"
    )
    assert data["log"]["recognised"] is False
    assert next(c["id"] for c in data["causes"]) == "network_outage"  # the most common cause


def test_log_from_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    class Stdin:
        buffer = io.BytesIO(DNS.encode() + b"\n")

    monkeypatch.setattr("sys.stdin", Stdin())
    assert (
        main(
            [
                "diagnose",
                "--kb",
                str(MINI_KB),
                "--log",
                "-",
                "--format",
                "json",
                "--fact",
                "network_connected=true",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["causes"][0]["id"] == "dns_failure"
    assert data["log"]["source"] == "<stdin>"


def test_script_tags_in_logs_stay_inert_in_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    log = tmp_path / "x.log"
    log.write_text(DNS + " <script>alert(1)</script>\n")
    assert main(["diagnose", "--kb", str(MINI_KB), "--log", str(log), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "<script>" not in out.replace("`" + DNS + " <script>alert(1)</script>`", "")


def test_every_bundled_signature_has_a_prefilter_keyword(kb: posdoctor.KnowledgeBase) -> None:
    """A pattern without a literal runs on every line: seven such patterns cut the throughput
    of bench/log_speed.py to a fifth (issue 11 review)."""
    assert [sig.id for sig, _rx in LogScanner(kb)._always] == []


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
@pytest.mark.parametrize(("lang", "said"), [("en", "nothing in the log was recognised"),
                                            ("zh", "日志中没有识别出任何已知信息")])  # fmt: skip
def test_nothing_recognised_is_said_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture, fmt: str, lang: str, said: str
) -> None:
    """Issue 11 item 6: a log with nothing recognised says so, whatever the output format."""
    log = tmp_path / "x.log"
    log.write_text("boot ok\nheartbeat ok, next in 300 s\n")
    args = ["diagnose", "--kb", str(MINI_KB), "--log", str(log), "--format", fmt, "--lang", lang]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert said in out
    if fmt == "text":  # the banner comes before the ranking
        assert out.index(said) < out.index("network_outage")
