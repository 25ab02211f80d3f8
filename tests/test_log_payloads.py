"""Structured payloads (logs/payloads.py, issue 11 item 3): JSON, logfmt and key=value fields are
parsed, numeric codes decoded by their family's imported table, escaped texts unescaped, and what
they stand for goes through the same recognisers as the line."""

from __future__ import annotations

import json
import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import posdoctor
from posdoctor.logs import payloads
from posdoctor.logs.logscan import LogScanner
from posdoctor.logs.payloads import PayloadReader

from .test_importers import importer, table


@pytest.mark.parametrize(
    ("family", "key"), [("update_engine", "errorCode"), ("curl", "curl_code"), ("errno", "errno")]
)
def test_every_mapped_code_decodes_to_its_facts(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase, family: str, key: str
) -> None:
    """key=N for every code the family's mapping maps gives exactly the mapped facts."""
    decided = importer("_common").mapping(family)["facts"]
    numbers = {r["name"]: r["number"] for r in table(family)["codes"]}
    low, high = table(family)["payload_numbers"]
    wrong = []
    for name, facts in decided.items():
        if not low <= numbers[name] <= high:
            continue  # another namespace of the table (getaddrinfo's EAI_*)
        ev = scanner.scan_lines([f"ota: step=apply {key}={numbers[name]}"])
        want = {f: posdoctor.kb.answers.convert(kb.facts[f], v) for f, v in facts.items()}
        if ev.facts != want or {m.strength for m in ev.matches} != {"signature"}:
            wrong.append((name, ev.facts))
    assert wrong == []


def test_update_engine_http_range(scanner: LogScanner) -> None:
    ev = scanner.scan_lines(["I update_engine: applyPayload done errorCode=2404"])
    assert ev.facts == {"http_status": 404}
    assert ev.matches[0].decoded == (
        "errorCode=2404 → ErrorCode::kOmahaRequestHTTPResponseBase + 404 (update_engine)"
    )


def test_logfmt_errno_is_decoded_and_shown(scanner: LogScanner) -> None:
    line = 'time="2024-05-14T10:00:03Z" level=error msg="write failed" errno=28'
    ev = scanner.scan_lines([line])
    assert ev.facts == {"storage_full_error": True}
    assert {m.decoded for m in ev.matches} == {
        "errno=28 → ENOSPC (No space left on device) (errno)"
    }
    assert ev.to_dict()["matches"][0]["text"] == line


@pytest.mark.parametrize(
    ("line", "decoded"),
    [
        # https://github.com/espressif/esp-idf/issues/5727 (esp-tls, "(errno %d)")
        ("E (59859) esp-tls: Failed to connnect to host (errno 104)",
         "errno=104 → ECONNRESET (Connection reset by peer) (errno)"),
        # ESP-IDF v5.5.4 esp_https_ota.c:799, "data read %d, errno %d"
        ("E (23456) esp_https_ota: data read -1, errno 113",
         "errno=113 → EHOSTUNREACH (No route to host) (errno)"),
        # Rust std::io::Error's Display, "{strerror} (os error {code})"
        ("Error: No space left on device (os error 28)",
         "os error=28 → ENOSPC (No space left on device) (errno)"),
    ],
)  # fmt: skip
def test_a_number_after_a_bare_errno_key_is_decoded(
    scanner: LogScanner, line: str, decoded: str
) -> None:
    """errno.yaml's payload_bare_keys: the number follows the key after one blank."""
    ev = scanner.scan_lines([line])
    assert decoded in {m.decoded for m in ev.matches}


@pytest.mark.parametrize("line", ["errno unknown", "status 503 retry", "the os error log"])
def test_only_bare_keys_with_a_number_are_read(scanner: LogScanner, line: str) -> None:
    assert scanner.scan_lines([line]).facts == {}


def test_negative_errno_from_the_kernel(scanner: LogScanner) -> None:
    assert scanner.scan_lines(["mount: ret errno=-5"]).facts == {"flash_io_error_seen": True}


def test_json_report_status_and_escaped_chinese(scanner: LogScanner) -> None:
    """An IoT OTA progress report (Huawei IoTDA's $ota service shape) with its description
    escaped as JSON does: the unescaped text is read by the recognisers."""
    report = {
        "services": [
            {
                "service_id": "$ota",
                "event_type": "upgrade_progress_report",
                "paras": {"result_code": 255, "progress": 0, "description": "升级包校验和不匹配"},
            }
        ]
    }
    # result_code 255 is "internal exception", which proves nothing (tables/huawei_iotda.json;
    # the 5 written here before that table was imported is "Insufficient space")
    ev = scanner.scan_lines([json.dumps(report)])
    assert ev.facts == {"checksum_matches": False}
    assert ev.matches[0].strength == "term"
    ev = scanner.scan_lines(['{"status": 503, "error": "Service Unavailable"}'])
    assert ev.facts == {"http_status": 503}


@pytest.mark.parametrize(
    ("line", "facts"),
    [
        # LwM2M Object 5 Update Result (OMA registry 5.xml) as a server log writes a notification
        ("NOTIFY /5/0/3 State = 0 (Idle)", {}),
        ("NOTIFY /5/0/5 Update Result = 2 (Insufficient flash memory)",
         {"storage_full_error": True}),
        ("/5/0/5 = 5", {"checksum_matches": False}),
        ("Update Result: 3", {"out_of_memory_error": True}),
        ("fw: UpdateResult: 4", {"connection_drops": True}),
        ("notify update_result = 6", {"package_model_matches": False}),
        ("Update Result = 8", {}),  # "Firmware update failed.": an echo, proves nothing
        ("write failed, errno = 28", {"storage_full_error": True}),
        ("HTTP status = 503", {"http_status": 503}),
    ],
)  # fmt: skip
def test_fields_with_blanks_around_the_separator(
    scanner: LogScanner, line: str, facts: dict
) -> None:
    """A key of one or two words, blanks around '=' or ':'; a two-word key no table names is
    looked up by its last word."""
    assert scanner.scan_lines([line]).facts == facts


@pytest.mark.parametrize(
    "line",
    [
        "systemd[1]: pos-agent.service: Main process exited, code=exited, status=1/FAILURE",
        "2024-05-14 12:38:26 heartbeat ok (rssi=-67dBm, battery=81%)",
        '{"status": "ok", "progress": 100}',
        "status=200 bytes=52428800",
        "{not json",
    ],
)
def test_fields_that_prove_nothing_set_nothing(scanner: LogScanner, line: str) -> None:
    assert scanner.scan_lines([line]).facts == {}


@given(st.text(max_size=300))
def test_any_text_is_read_without_error(text: str) -> None:
    reader = PayloadReader()
    for found in reader.texts(text, text.lower(), True):
        assert isinstance(found.text, str) and found.why


# The key=value and "key: number" patterns as they were before they were made linear: the
# oracle the linear ones must agree with (they took ~2 s on a 16k-character word line).
OLD_PAIR = re.compile(r"([A-Za-z_/][\w./-]*)=(\"(?:[^\"\\]|\\.)*\"|[^\s,;&\"]+)")
OLD_COLON = re.compile(r"([A-Za-z_/][\w./-]*): ?(-?\d+)\b")

# characters that make keys, end them, lead into them and quote values, plus digits, non-ASCII
# word characters and spaces, so that runs, leads, resumes inside runs and quotes all occur
FIELD_TEXT = st.text(alphabet=st.sampled_from(list('aZ_/9.-=:" ,;&\\é中x0\t')), max_size=60)


@pytest.mark.parametrize(
    "line",
    [
        'time="2024-05-14T10:00:03Z" level=error msg="write failed" errno=28',
        "I update_engine: errorCode=2404 --output=/tmp/x 9abc=1 .hidden=2 a.b/c-d=3",
        'x="q\\"uoted"abc=1 k=v,k2=v2;k3=v3&k4="" /5/0/5=7 é=1 ключ=2',
        "a: 5-b: 6 errorCode: 60 /5/0/5: 5 9x: 1 -y: -2 z:3 w:  4 v: 5a u: 6.u2: 7",
        "status=200 bytes=52428800 result_code=255 ResultCode: 12",
    ],
)
def test_linear_keys_find_what_the_old_patterns_found(line: str) -> None:
    assert payloads._PAIR.findall(line) == OLD_PAIR.findall(line)
    assert payloads._colon_fields(line) == OLD_COLON.findall(line)


@given(FIELD_TEXT)
def test_linear_keys_agree_with_the_old_patterns(text: str) -> None:
    assert payloads._PAIR.findall(text) == OLD_PAIR.findall(text)
    assert payloads._colon_fields(text) == OLD_COLON.findall(text)


def test_a_200k_character_word_line_is_scanned(scanner: LogScanner) -> None:
    """A long run of word characters without '=' or ': N' (quadratic before: hours here) is
    read in linear time; a key after it is still found. The bound is ~100 times what it takes."""
    word = "a" * 200_000
    started = time.process_time()
    assert payloads._PAIR.findall(word) == [] and payloads._colon_fields(word + ":") == []
    assert scanner.scan_lines([f"errno {word}: x", f"{word} errno {word}=/{word}"]).facts == {}
    ev = scanner.scan_lines([f"{word} write failed errno=28 {word}: 1"])
    assert ev.facts == {"storage_full_error": True}
    assert time.process_time() - started < 10
