"""Hostile input: YAML bombs, deep nesting, endless and binary logs, closed pipes, odd numbers.

Every limit named here is in docs/limits.md. The hostile files are generated in tmp folders by
the functions below (nothing big is committed); the last part runs the real command on them in
a child process with a memory limit and a timeout, and fuzzes the readers with hypothesis.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from posdoctor.cli import main
from posdoctor.cli.common import read_facts_file
from posdoctor.kb.loader import bundled_root
from posdoctor.kb.problems import UserInputError
from posdoctor.kb.yamlfile import MAX_ALIAS_VALUES, MAX_DEPTH, read_yaml
from posdoctor.logs import logscan
from posdoctor.logs.logscan import LogScanner

from . import child_writes
from .conftest import MINI_KB


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def diagnose(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    return run(capsys, "diagnose", "--kb", str(MINI_KB), *args)


# ---- the hostile files ------------------------------------------------------------------------


def yaml_bomb(levels: int = 9) -> str:
    """Billion laughs: each level is nine aliases of the one above (9**9 values from 10 lines)."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        name, up = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [{', '.join(['*' + up] * 9)}]")
    return "\n".join(lines) + "\n"


def deep_json(depth: int = 100_000) -> str:
    return "[" * depth + "]" * depth


# ---- 1. YAML bombs ----------------------------------------------------------------------------


def test_a_yaml_bomb_is_refused_at_the_alias_that_overflows() -> None:
    doc = read_yaml(yaml_bomb(), "bomb.yaml")
    assert doc.data is None
    assert [str(p) for p in doc.problems] == [
        "bomb.yaml:5:8: aliases here expand the file beyond 10,000 values "
        "(write the values out instead of using *aliases; see docs/limits.md)"
    ]


def test_aliases_within_the_bound_still_work() -> None:
    doc = read_yaml("a: &a [1, 2]\nb: *a\nc: {x: *a}\n", "f.yaml")
    assert doc.problems == []
    assert doc.data == {"a": [1, 2], "b": [1, 2], "c": {"x": [1, 2]}}
    # the bound counts values: just under it is read, one more is not
    items = ", ".join(["1"] * (MAX_ALIAS_VALUES - 1))
    assert read_yaml(f"a: &a [{items}]\nb: *a\n", "f.yaml").problems == []
    assert [p.message for p in read_yaml(f"a: &a [{items}, 1]\nb: *a\n", "f.yaml").problems] == [
        "aliases here expand the file beyond 10,000 values"
    ]


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    assert [str(p) for p in read_yaml("a: &a [1, *a]\n", "f.yaml").problems] == [
        "f.yaml:1:11: alias '*a' is inside the node it names (an alias cannot contain itself)"
    ]


def test_a_bomb_as_facts_file_is_one_line(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(yaml_bomb())
    code, out, err = diagnose(capsys, "--facts", str(bomb))
    assert (code, out) == (2, "")
    assert err == (
        f"posdoctor: error: {bomb}:5:8: aliases here expand the file beyond 10,000 values "
        "(write the values out instead of using *aliases; see docs/limits.md)\n"
    )


def test_a_bomb_in_a_kb_is_a_kb_check_error(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    (root / "knowledge" / "bomb.yaml").write_text(yaml_bomb())
    code, out, err = run(capsys, "kb", "check", "--kb", str(root))
    assert (code, err) == (1, "")
    assert out == (
        "knowledge/bomb.yaml:5:8: aliases here expand the file beyond 10,000 values "
        "(write the values out instead of using *aliases; see docs/limits.md)\n"
        "1 error(s), 0 warning(s)\n"
    )


def test_a_kb_file_or_facts_file_over_4_mib_is_not_read(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    (root / "knowledge" / "huge.yaml").write_text("# padding\n" * 500_000)
    code, out, _ = run(capsys, "kb", "check", "--kb", str(root))
    assert (code, out) == (
        1,
        "knowledge/huge.yaml:1:1: the file is bigger than 4 MiB (see docs/limits.md)\n"
        "1 error(s), 0 warning(s)\n",
    )
    code, _, err = diagnose(capsys, "--facts", "/dev/zero")
    assert (code, err) == (
        2,
        "posdoctor: error: /dev/zero: the file is bigger than 4 MiB (see docs/limits.md)\n",
    )


def test_a_kb_manifest_that_is_not_utf8_is_a_problem(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    (root / "kb.yaml").write_bytes(b"\xff\xfe extends: bundled\n")
    code, out, _ = run(capsys, "kb", "check", "--kb", str(root))
    assert (code, out.splitlines()[0]) == (
        1,
        "kb.yaml:0:0: cannot read file: not UTF-8 (invalid start byte)",
    )


# ---- 2. deep nesting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("deep.json", deep_json(), "1:101"),
        ("deep.json", '{"facts": {"a": ' + deep_json(5000) + "}}", "1:115"),
        ("deep.yaml", "a: " + "[" * 990 + "]" * 990 + "\n", "1:103"),
        ("deep.yaml", "a: " + "{a: " * 600 + "1" + "}" * 600 + "\n", "1:400"),
    ],
)
def test_deep_nesting_is_refused_in_one_line(
    capsys: pytest.CaptureFixture, tmp_path: Path, name: str, text: str, where: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    code, out, err = diagnose(capsys, "--facts", str(path))
    assert (code, out) == (2, "")
    assert err == f"posdoctor: error: {path}:{where}: nested more than {MAX_DEPTH} levels deep\n"


def test_nesting_up_to_the_bound_is_read() -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert read_yaml(text, "f.yaml").problems == []
    assert [p.message for p in read_yaml("[" + text + "]", "f.yaml").problems] == [
        "nested more than 100 levels deep"
    ]


# ---- 7. messages about fact files and numbers -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2020-13-45", "'2020-13-45' is not a valid timestamp"),  # was a ValueError traceback
        ("!!int x", "'x' is not a valid int"),
        ("!!float x", "'x' is not a valid float"),
        ("!!bool maybe", "'maybe' is not a valid bool"),  # was a KeyError traceback
        ("!!int", "'' is not a valid int"),  # an IndexError (the fuzzer found it)
    ],
)
def test_a_value_pyyaml_cannot_build_is_one_line(
    capsys: pytest.CaptureFixture, tmp_path: Path, value: str, said: str
) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text(f"network_connected: {value}\n", encoding="utf-8")
    code, out, err = diagnose(capsys, "--facts", str(facts))
    assert (code, out) == (2, "")
    assert err == (
        f"posdoctor: error: {facts}:1:20: network_connected: cannot read value: {said} "
        "(quote it if you mean the text)\n"
    )
    root = tmp_path / "kb"
    shutil.copytree(MINI_KB, root)
    (root / "knowledge" / "extra.yaml").write_text(f"facts:\n  - id: {value}\n", encoding="utf-8")
    code, out, err = run(capsys, "kb", "check", "--kb", str(root))
    assert (code, err) == (1, "")
    shown = said.split("'")[1]
    line = f"knowledge/extra.yaml:2:9: facts[0] ({shown}) > id: cannot read value: {said} "
    assert line + "(quote it if you mean the text)\n" in out


def test_a_facts_file_problem_is_said_in_chinese(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("network_connected: 2020-13-45\n", encoding="utf-8")
    code, _, err = diagnose(capsys, "--facts", str(facts), "--lang", "zh")
    assert (code, err) == (
        2,
        f"posdoctor：错误：{facts}:1:20: network_connected: 无法读取值：'2020-13-45' "
        "不是有效的日期或时间（如果指的是文字，请加引号）\n",
    )


@pytest.mark.parametrize(
    ("name", "text", "where", "got"),
    [
        ("facts.json", '{\n  "facts": [1]\n}\n', "2:3", "a list"),
        ("facts.yaml", "facts:\n  - 1\n", "2:3", "a list"),
        ("facts.yaml", "facts: yes please\n", "1:8", "text"),
    ],
)
def test_a_facts_key_that_is_not_a_mapping_says_so(
    capsys: pytest.CaptureFixture, tmp_path: Path, name: str, text: str, where: str, got: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    code, _, err = diagnose(capsys, "--facts", str(path))
    assert (code, err) == (
        2,
        f"posdoctor: error: {path}:{where}: facts: must map fact ids to values, "
        f"e.g. facts: {{some_fact: true}} (got {got})\n",
    )
    code, _, err = diagnose(capsys, "--lang", "zh", "--facts", str(path))
    assert err.startswith(f"posdoctor：错误：{path}:{where}：facts：应是 事实名称 → 值 的映射")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fact", "storage_free_mb=1e309"], "'storage_free_mb': 1e309 is too large"),
        (["--fact", "storage_free_mb=-inf"], "'storage_free_mb': -inf is too large"),
        (["--facts", "inf.json"], "inf.json:1:2: 'storage_free_mb': 1e309 is too large"),
        (["--facts", "inf.yaml"], "inf.yaml:1:18: 'storage_free_mb': 1e309 is too large"),
        (
            ["--facts", "big.json"],
            "big.json:1:2: 'storage_free_mb': 10000000000000000000… (5,001 characters) is too large",
        ),
    ],
)
def test_a_number_too_large_shows_what_was_typed(
    capsys: pytest.CaptureFixture,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("inf.json").write_text('{"storage_free_mb": 1e309}')
    Path("inf.yaml").write_text("storage_free_mb: 1e309\n")
    Path("big.json").write_text('{"storage_free_mb": 1' + "0" * 5000 + "}")
    code, _, err = diagnose(capsys, *args)
    assert (code, err) == (
        2,
        f"posdoctor: error: {message}: a number must be finite and at most 1e15\n",
    )


def test_nan_is_not_a_number(capsys: pytest.CaptureFixture) -> None:
    code, _, err = diagnose(capsys, "--fact", "storage_free_mb=nan")
    assert (code, err) == (2, "posdoctor: error: 'storage_free_mb': nan is not a number\n")


# ---- 3. endless input -------------------------------------------------------------------------


class Endless(io.RawIOBase):
    """An endless log: the same line for ever (`yes LINE`)."""

    def __init__(self, line: bytes):
        self.line, self.served = line, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = len(buffer)
        buffer[:n] = (self.line * (n // len(self.line) + 1))[:n]
        self.served += n
        return n


@pytest.fixture(scope="module")
def scanner(mini_kb: Any) -> LogScanner:
    return LogScanner(mini_kb)


def test_an_endless_log_is_read_up_to_the_byte_limit(scanner: LogScanner) -> None:
    endless = Endless(("x" * 1023 + "\n").encode())
    ev = scanner.scan_stream(io.BufferedReader(endless), "<stdin>", max_bytes=1 << 20)
    assert (ev.lines, ev.bytes) == (1024, 1 << 20)
    assert endless.served < 2 << 20
    assert ev.notes == [
        (
            "<stdin>: only its first 1,024 lines (1.0 MiB) were read, the rest was ignored "
            "(the limit is 1 MiB or 1,000,000 lines of log; see docs/limits.md)",
            "<stdin>：只读取了前 1,024 行（1.0 MiB），其余部分已忽略"
            "（日志上限为 1 MiB 或 1,000,000 行；见 docs/limits.md）",
        )
    ]


def test_endless_short_lines_stop_at_the_line_limit(scanner: LogScanner) -> None:
    ev = scanner.scan_stream(io.BufferedReader(Endless(b"y\n")), "s", max_lines=5000)
    assert ev.lines == 5000
    assert ev.notes[0][0].startswith("s: only its first 5,000 lines (0.0 MiB) were read")


def test_a_log_within_the_limits_has_no_note(scanner: LogScanner) -> None:
    data = (DNS + "\n").encode() * 10
    ev = scanner.scan_stream(io.BytesIO(data), "s", max_bytes=len(data), max_lines=10)
    assert (ev.lines, ev.bytes, ev.notes) == (10, len(data), [])
    assert ev.facts == {"dns_resolves_update_host": False}


def test_the_limits_count_every_log_of_a_diagnosis(
    capsys: pytest.CaptureFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logscan, "MAX_LOG_BYTES", 100)
    first, second = tmp_path / "a.log", tmp_path / "b.log"
    first.write_text("x" * 59 + "\n")
    second.write_text("y" * 59 + "\n" + DNS + "\n")
    code, out, _ = diagnose(capsys, "--format", "json", "--log", str(first), "--log", str(second))
    log = json.loads(out)["log"]
    assert (code, log["lines"], log["bytes"], log["facts"]) == (0, 2, 100, {})
    assert [n["en"] for n in log["notes"]] == [
        f"2 logs read as one, in order: {first} (lines 1-1), {second} (lines 2-2)",
        f"{second}: only its first 1 lines (0.0 MiB) were read, the rest was ignored "
        "(the limit is 100 bytes or 1,000,000 lines of log; see docs/limits.md)",
    ]


# ---- 4. encodings and binary files ------------------------------------------------------------

DNS = "curl: (6) Could not resolve host: tms.example.com"


@pytest.mark.parametrize(
    "data",
    [
        ("boot\n" + DNS + "\r\n").encode("utf-16"),  # with its BOM, as Windows tools write it
        b"\xff\xfe" + ("boot\n" + DNS + "\n").encode("utf-16-le"),
        b"\xfe\xff" + ("boot\n" + DNS + "\n").encode("utf-16-be"),
        ("boot\n" + DNS + "\n").encode("utf-16-le"),  # no BOM: told by its NUL bytes
        b"\xef\xbb\xbf" + (DNS + "\n").encode(),
    ],
)
def test_byte_order_marks_are_honoured(scanner: LogScanner, data: bytes) -> None:
    ev = scanner.scan_stream(io.BytesIO(data), "s")
    assert ev.facts == {"dns_resolves_update_host": False}
    assert [m.text for m in ev.matches] == [DNS]
    assert ev.notes == []


def test_a_bom_starts_the_first_line_cleanly(scanner: LogScanner) -> None:
    ev = scanner.scan_stream(io.BytesIO(("\ufeff" + DNS + "\n").encode()), "s")
    assert ev.matches[0].text == DNS and ev.lines == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            bytes(70_000),
            "zero.bin looks binary, not like a log (100% of its first 64 KiB are NUL or control "
            "bytes); give the text log, or paste its error lines with --log -",
        ),
        (
            b"PK\x03\x04" + bytes(100),
            "zero.bin is a zip archive, not a log: give the log inside it as a text file",
        ),
        (
            b"\x1f\x8b\x08" + bytes(100),
            "zero.bin is a gzip file, not a log: give the log inside it as a text file",
        ),
        (
            b"\x89PNG\r\n\x1a\n" + bytes(100),
            "zero.bin is a PNG image, not a log: give the log inside it as a text file",
        ),
    ],
)
def test_a_binary_file_is_refused(
    capsys: pytest.CaptureFixture, tmp_path: Path, data: bytes, message: str
) -> None:
    (tmp_path / "zero.bin").write_bytes(data)
    code, out, err = diagnose(capsys, "--log", str(tmp_path / "zero.bin"))
    assert (code, out) == (2, "")
    assert err == f"posdoctor: error: {tmp_path / message}\n"


def test_dev_zero_is_refused_at_once(capsys: pytest.CaptureFixture) -> None:
    code, _, err = diagnose(capsys, "--log", "/dev/zero")
    assert (code, err) == (
        2,
        "posdoctor: error: /dev/zero looks binary, not like a log (100% of its first 64 KiB are "
        "NUL or control bytes); give the text log, or paste its error lines with --log -\n",
    )


def test_a_partly_binary_log_is_read_with_a_note(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    rng = random.Random(15)
    log = tmp_path / "junk.log"
    log.write_bytes(bytes(rng.randrange(256) for _ in range(30_000)) + b"\n" + DNS.encode())
    code, out, _ = diagnose(capsys, "--format", "json", "--log", str(log))
    data = json.loads(out)
    assert code == 0 and data["log"]["facts"] == {"dns_resolves_update_host": False}
    assert data["warnings"][0] == (
        f"{log} looks partly binary (10% of its first 29 KiB are NUL or control bytes): "
        "it was read as text anyway"
    )
    _, out, _ = diagnose(capsys, "--format", "json", "--lang", "zh", "--log", str(log))
    assert json.loads(out)["warnings"][0] == (
        f"{log} 看起来部分是二进制内容（前 29 KiB 中 10% 是 NUL 或控制字节）：仍按文本读取"
    )


# ---- 6. several logs, repeated and overriding facts -------------------------------------------


def test_several_logs_are_read_in_order_as_one(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.log", tmp_path / "b.log"
    first.write_text("boot\n" + DNS + "\n")
    second.write_text("retry\nwrite /data/ota/update.zip: No space left on device\n")
    code, out, _ = diagnose(capsys, "--format", "json", "--log", str(first), "--log", str(second))
    data = json.loads(out)
    assert code == 0
    assert data["log"]["facts"] == {"dns_resolves_update_host": False, "storage_free_mb": 0}
    assert [(m["line"], m["signature"]) for m in data["log"]["matches"]] == [
        (2, "curl-6"),
        (4, "enospc"),
    ]
    assert data["log"]["source"] == f"{first}, {second}"
    assert data["warnings"][0] == (
        f"2 logs read as one, in order: {first} (lines 1-2), {second} (lines 3-4)"
    )


def test_a_fact_over_a_log_value_wins_and_is_noted(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    log = tmp_path / "a.log"
    log.write_text("boot\n" + DNS + "\n")
    code, out, _ = diagnose(
        capsys, "--format", "json", "--log", str(log), "--fact", "dns_resolves_update_host=yes"
    )
    data = json.loads(out)
    assert code == 0 and data["facts"]["dns_resolves_update_host"] is True
    assert data["warnings"] == [
        "dns_resolves_update_host=true from --fact was used, not the log's false (line 2)"
    ]
    code, out, _ = diagnose(capsys, "--log", str(log), "--fact", "dns_resolves_update_host=no")
    assert "Warning" not in out  # the same value as the log: nothing to say
    code, out, _ = diagnose(
        capsys,
        *("--lang", "zh", "--format", "json", "--log", str(log)),
        *("--fact", "dns_resolves_update_host=unknown"),
    )
    data = json.loads(out)
    assert "dns_resolves_update_host" not in data["facts"]
    assert data["warnings"] == [
        "dns_resolves_update_host：未采用日志中的 false（第 2 行）（--fact 给出的是“不知道”）"
    ]


def test_a_facts_file_over_a_log_value_is_noted_with_its_name(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    log, facts = tmp_path / "a.log", tmp_path / "f.yaml"
    log.write_text(DNS + "\n")
    facts.write_text("dns_resolves_update_host: true\n")
    _, out, _ = diagnose(capsys, "--format", "json", "--log", str(log), "--facts", str(facts))
    assert json.loads(out)["warnings"] == [
        f"dns_resolves_update_host=true from {facts} was used, not the log's false (line 1)"
    ]


def test_a_fact_given_twice(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = diagnose(
        capsys, "--format", "json", "--fact", "storage_free_mb=5", "--fact", "storage_free_mb=5.0"
    )
    assert code == 0 and json.loads(out)["facts"]["storage_free_mb"] == 5
    code, _, err = diagnose(capsys, "--fact", "storage_free_mb=5", "--fact", "storage_free_mb=6")
    assert (code, err) == (
        2,
        "posdoctor: error: --fact storage_free_mb=5 and --fact storage_free_mb=6 disagree: "
        "give storage_free_mb once\n",
    )
    code, _, err = diagnose(
        capsys, "--lang", "zh", "--fact", "storage_free_mb=5", "--fact", "storage_free_mb=unknown"
    )
    assert (code, err) == (
        2,
        "posdoctor：错误：--fact storage_free_mb=5 与 --fact storage_free_mb=unknown 相互矛盾："
        "storage_free_mb 只能给一个值\n",
    )


# ---- 5. a closed pipe -------------------------------------------------------------------------


def child(
    args: list[str],
    tmp: Path,
    stdin: Any = subprocess.DEVNULL,
    stdout: Any = subprocess.PIPE,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """The real command in a child process: at most 1 GiB of memory and 30 s, HOME, TMPDIR and
    the session store in ``tmp``; every file it writes is logged (tests/child_writes.py)."""
    log = child_writes.log_path(tmp)
    log.write_bytes(b"")
    env = {
        **os.environ,
        "HOME": str(tmp / "store" / "home"),
        "TMPDIR": str(tmp / "store"),
        "POSDOCTOR_HOME": str(tmp / "store"),
        "POSDOCTOR_LANG": "en",
        "COLUMNS": "100",
        "POSDOCTOR_TEST_WRITES": str(log),
        "PYTHONDONTWRITEBYTECODE": "1",  # the interpreter's own cache is not the command's
        **(env or {}),
    }

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    return subprocess.run(
        [sys.executable, "-c", child_writes.AUDITED, *args],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp,
        preexec_fn=limits,
        timeout=30,
    )


PRINTING = [
    ["diagnose"],
    ["diagnose", "--format", "json"],
    ["diagnose", "--format", "html"],
    ["kb", "list", "facts"],
    ["kb", "check"],
    ["runbook", "--cause", "dns_failure"],
    ["sessions"],
    ["--version"],
    ["diagnose", "--help"],
]


@pytest.mark.parametrize("args", PRINTING, ids=" ".join)
def test_a_closed_pipe_ends_quietly_with_status_0(tmp_path: Path, args: list[str]) -> None:
    read, write = os.pipe()
    os.close(read)  # `| head -1` that has gone already: every write fails
    try:
        done = child(args, tmp_path, stdout=write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr.decode()) == (0, "")


# ---- 10. fuzzing: the readers in process, the command on hostile files in a child -------------

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HOSTILE_TEXT = st.lists(
    st.sampled_from(
        [
            "a: &a [1, 2]\n",
            "b: *a\n",
            "*a",
            "&a ",
            "[",
            "]",
            "{",
            "}",
            "- ",
            "\t",
            "facts:",
            "storage_free_mb: ",
            "1e309",
            "nan",
            "-",
            "\n",
            "  ",
            ":",
            '"',
            "'",
            "!!python/object ",
            "2020-13-45",
            "!!int ",
            "!!binary ",
            "\ufeff",
            "\x00",
            "yes",
            "~",
            "? ",
            ", ",
            "#",
            "%YAML 1.1\n",
            "---\n",
            "...\n",
        ]
    )
    | st.text(max_size=8),
    max_size=60,
).map("".join)


@FUZZ
@given(text=HOSTILE_TEXT)
def test_read_yaml_never_raises(text: str) -> None:
    doc = read_yaml(text, "f.yaml")
    assert all(str(p).startswith("f.yaml:") for p in doc.problems)


@FUZZ
@given(text=HOSTILE_TEXT, json_file=st.booleans())
def test_a_facts_file_is_facts_or_one_user_error(
    mini_kb: Any, tmp_path: Path, text: str, json_file: bool
) -> None:
    path = tmp_path / ("f.json" if json_file else "f.yaml")
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        facts = read_facts_file(mini_kb, str(path))
    except UserInputError as exc:
        assert "\n" not in str(exc) and str(exc)
    else:
        assert set(facts) <= set(mini_kb.facts)


@FUZZ
@given(
    data=st.lists(
        st.sampled_from(
            [
                b"\xff\xfe",
                b"\xfe\xff",
                b"\xef\xbb\xbf",
                b"\x00",
                b"\r\n",
                b"\n",
                DNS.encode(),
                DNS.encode("utf-16-le"),
                "终端".encode("gbk"),
                b"\x1b[31m",
            ]
        )
        | st.binary(max_size=40),
        max_size=40,
    ).map(b"".join)
)
def test_a_log_is_evidence_or_refused(scanner: LogScanner, data: bytes) -> None:
    try:
        ev = scanner.scan_stream(io.BytesIO(data), "s", max_bytes=1000, max_lines=20)
    except logscan.NotALog as exc:
        assert str(exc).startswith("s ")
    else:
        assert ev.lines <= 20 and ev.bytes <= 1000
        assert set(ev.facts) <= set(scanner.kb.facts)


def hostile_files(where: Path) -> dict[str, Path]:
    """The files a hostile tester tried, written into ``where``."""
    files = {
        "bomb.yaml": yaml_bomb(),
        "deep.json": deep_json(),
        "deep.yaml": "a: " + "{a: " * 600 + "1" + "}" * 600 + "\n",
        "facts-list.json": '{"facts": [1]}',
        "inf.json": '{"storage_free_mb": 1e309}',
        "self.yaml": "a: &a [1, *a]\n",
        "utf16.log": ("boot\n" + DNS + "\n").encode("utf-16"),
        "random.bin": random.Random(15).randbytes(200_000),
        "zip.log": b"PK\x03\x04" + bytes(1000),
        "huge.yaml": "# padding\n" * 500_000,
    }
    out = {}
    for name, content in files.items():
        out[name] = where / name
        if isinstance(content, str):
            out[name].write_text(content, encoding="utf-8")
        else:
            out[name].write_bytes(content)
    kb = where / "bomb-kb"
    shutil.copytree(MINI_KB, kb)
    (kb / "knowledge" / "bomb.yaml").write_text(yaml_bomb())
    out["bomb-kb"] = kb
    return out


HOSTILE_RUNS = [
    ["diagnose", "--facts", "bomb.yaml"],
    ["diagnose", "--facts", "deep.json"],
    ["diagnose", "--facts", "deep.yaml"],
    ["diagnose", "--facts", "facts-list.json"],
    ["diagnose", "--facts", "inf.json"],
    ["diagnose", "--facts", "self.yaml"],
    ["diagnose", "--facts", "huge.yaml"],
    ["diagnose", "--facts", "/dev/zero"],
    ["diagnose", "--log", "/dev/zero"],
    ["diagnose", "--log", "utf16.log", "--format", "json"],
    ["diagnose", "--log", "random.bin", "--log", "utf16.log"],
    ["diagnose", "--log", "zip.log"],
    ["kb", "check", "--kb", "bomb-kb"],
    ["diagnose", "--kb", "bomb-kb"],
    ["ask", "--facts", "bomb.yaml"],
    ["runbook", "--all", "--kb", "bomb-kb", "-o", "out"],
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("hostile")
    hostile_files(where)
    (where / "cache").mkdir()
    return where


def kb_files() -> dict[Path, tuple[int, int]]:
    """Size and modification time of every file of the bundled KB and the test KB."""
    roots = [r / part for r in (bundled_root(), MINI_KB) for part in ("knowledge", "rules")]
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for r in roots for p in r.rglob("*")}


KB_FILES = kb_files()  # as they were when the tests started


def check_child(done: subprocess.CompletedProcess, where: Path, before: set[Path]) -> None:
    """Exit 0, 1 or 2, at most one line of error and no traceback, nothing written but the
    session store and the KB cache: none in the working folder (``where``), none anywhere else
    by the child's own log of its writes (/tmp, HOME, ...), and the KB folders unchanged."""
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode in (0, 1, 2), err
    assert "Traceback" not in err and len(err.splitlines()) <= 2, err
    new = {p for p in where.rglob("*") if p.is_file()} - before
    allowed = (where / "store", where / "cache")
    assert [p for p in new if not any(a in p.parents for a in allowed)] == []
    inherited = os.environ.get("POSDOCTOR_CACHE")  # the test run's KB cache, when not set here
    cache = (Path(inherited),) if inherited else ()
    assert child_writes.outside(where, (*allowed, *cache)) == []
    assert kb_files() == KB_FILES


@pytest.mark.parametrize("args", HOSTILE_RUNS, ids=" ".join)
def test_the_command_on_hostile_files(hostile: Path, args: list[str]) -> None:
    before = {p for p in hostile.rglob("*") if p.is_file()}
    start = time.monotonic()
    done = child(args, hostile, env={"POSDOCTOR_CACHE": str(hostile / "cache")})
    assert time.monotonic() - start < 15
    check_child(done, hostile, before)


def test_an_endless_log_on_standard_input_is_cut_off(tmp_path: Path) -> None:
    """`yes LINE | posdoctor diagnose --log -`: the real limits on a pipe that never ends."""
    line = "2026-12-01 12:00:00 INFO download progress 45% of the update package"
    yes = subprocess.Popen(["yes", line], stdout=subprocess.PIPE)
    assert yes.stdout is not None
    try:
        done = child(["diagnose", "--format", "json", "--log", "-"], tmp_path, stdin=yes.stdout)
    finally:
        yes.kill()
        yes.wait()
        yes.stdout.close()
    assert (done.returncode, done.stderr) == (0, b"")
    log = json.loads(done.stdout)["log"]
    lines = -(-logscan.MAX_LOG_BYTES // (len(line) + 1))
    assert (log["lines"], log["bytes"]) == (lines, logscan.MAX_LOG_BYTES)
    assert log["notes"][0]["en"] == (
        f"<stdin>: only its first {lines:,} lines (64.0 MiB) were read, the rest was ignored "
        "(the limit is 64 MiB or 1,000,000 lines of log; see docs/limits.md)"
    )


@settings(max_examples=8, deadline=None)
@given(text=HOSTILE_TEXT, suffix=st.sampled_from([".json", ".yaml"]))
def test_the_command_on_fuzzed_facts_files(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        (where / f"f{suffix}").write_text(text, encoding="utf-8", errors="surrogatepass")
        before = {p for p in where.rglob("*") if p.is_file()}
        done = child(["diagnose", "--facts", f"f{suffix}"], where)
        check_child(done, where, before)


# ---- 9. docs/limits.md ------------------------------------------------------------------------


def test_every_limit_is_in_docs_limits_md() -> None:
    from posdoctor.kb import answers, kbcache, patterns, yamlfile

    text = (Path(__file__).parent.parent / "docs" / "limits.md").read_text(encoding="utf-8")
    named = {
        "MAX_BYTES": f"{yamlfile.MAX_BYTES // 2**20} MiB",
        "MAX_DEPTH": f"{yamlfile.MAX_DEPTH} levels",
        "MAX_ALIAS_VALUES": f"{yamlfile.MAX_ALIAS_VALUES:,} per file",
        "LARGEST": f"at most {answers.LARGEST:.0e}".replace("e+", "e"),
        "MAX_LOG_BYTES": f"{logscan.MAX_LOG_BYTES // 2**20} MiB for all the logs",
        "MAX_LOG_LINES": f"{logscan.MAX_LOG_LINES:,} for all the logs",
        "MAX_PIECE": f"{logscan.MAX_PIECE // 1024} KiB",
        "MAX_KEPT": f"| {logscan.MAX_KEPT} |",
        "SNIFF": f"{logscan.SNIFF // 1024} KiB",
        "BINARY": f"up to {logscan.BINARY:.0%}",
        "MOSTLY_BINARY": f"above {logscan.MOSTLY_BINARY:.0%}",
        "KEEP": f"the {kbcache.KEEP} most recently used",
        "MAX_PROGRAM": f"{patterns.MAX_PROGRAM // 2**20} MiB (RE2's default)",
        "CACHED": f"{patterns.CACHED:,} distinct patterns",
    }
    missing = {name: words for name, words in named.items() if f"`{name}`" not in text}
    wrong = {name: words for name, words in named.items() if words not in text}
    assert (missing, wrong) == ({}, {})


def test_what_the_fuzzer_found_is_one_line() -> None:
    assert [str(p) for p in read_yaml("a: 1\nb: \x08\n", "f.yaml").problems] == [
        "f.yaml:2:4: YAML syntax error: unacceptable character #x0008: "
        "control characters are not allowed"
    ]
    assert [str(p) for p in read_yaml("=", "f.yaml").problems] == [
        "f.yaml:1:1: cannot read value: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:value'"
    ]


def test_ask_says_what_diagnose_warns_about_the_logs(
    capsys: pytest.CaptureFixture, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POSDOCTOR_HOME", str(tmp_path / "store"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no answers: the session is saved
    log = tmp_path / "a.log"
    log.write_text(DNS + "\n")
    args = (
        "ask",
        "--kb",
        str(MINI_KB),
        "--log",
        str(log),
        "--fact",
        "dns_resolves_update_host=yes",
    )
    code, out, _ = run(capsys, *args, "--lang", "en")
    assert code == 0
    assert out.splitlines()[0] == (
        "Note: dns_resolves_update_host=true from --fact was used, not the log's false (line 1)"
    )
    _, out, _ = run(capsys, *args, "--lang", "zh")
    assert out.splitlines()[0] == (
        "注意：dns_resolves_update_host：采用了 --fact 给出的 true，而不是日志中的 false（第 1 行）"
    )


def test_the_log_notes_follow_the_schema(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    import jsonschema

    root = Path(__file__).parent.parent
    schema = json.loads((root / "docs" / "diagnosis.schema.json").read_text(encoding="utf-8"))
    first, second = tmp_path / "a.log", tmp_path / "b.log"
    first.write_text(DNS + "\n")
    second.write_text("boot\n")
    args = ("--format", "json", "--log", str(first), "--log", str(second))
    _, out, _ = diagnose(capsys, *args, "--fact", "dns_resolves_update_host=yes")
    data = json.loads(out)
    jsonschema.validate(data, schema)
    assert len(data["log"]["notes"]) == 2
    data["log"]["notes"][0]["fr"] = "?"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("what", ["facts", "rules", "causes", "steps", "signatures"])
def test_kb_list_cuts_nothing_in_an_80_column_terminal(
    capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch, what: str, lang: str
) -> None:
    """`kb list facts` cut ids such as other_terminals_same_si… : the names --fact needs."""
    import unicodedata

    from posdoctor import load_knowledge_base

    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, "kb", "list", what, "--lang", lang)
    assert code == 0 and "…" not in out
    assert (
        max(
            sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
            for line in out.splitlines()
        )
        <= 80
    )
    if what == "facts":
        ids = {line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│ ")}
        assert set(load_knowledge_base().facts) <= ids | {""}


def test_an_extension_kbs_priors_error_is_at_its_own_line(
    capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    """It was reported at the bundled knowledge/causes/configuration.yaml:9, not the user's."""
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "kb.yaml").write_text("extends: bundled\n", encoding="utf-8")
    (tmp_path / "knowledge" / "mine.yaml").write_text(
        "causes:\n  - id: my_cause\n    category: network\n"
        "    title: {en: My cause, zh: 我的原因}\n    description: {en: Mine, zh: 我的}\n"
        "    prior: 0.9\n    fixes:\n      - {step: correct_server_url, success: 0.9}\n"
        "    escalate_to: tms_operator\n    source:\n      - {ref: seed, section: x}\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "kb", "check", "--kb", str(tmp_path))
    assert code == 1
    (line,) = [x for x in out.splitlines() if "priors" in x]
    assert line.startswith("knowledge/mine.yaml:6:12: causes[0] (my_cause) > prior: the priors of")
