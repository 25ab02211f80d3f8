"""The ESP8266 Arduino core importer (issue 11, branch logs3): its output is reproducible from its
stored excerpts, its table holds every code the three headers define, its mapping names only what
the table has, and lines the core and its example sketch print are read as the mapping says.

Every line is the format of the pinned upstream source named beside it (esp8266/Arduino 3.1.2,
2.3.0 for the older texts; the stored excerpts under tools/importers/upstream/esp8266-arduino/),
with its %d / %s values filled in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from posdoctor.logs.logscan import LogScanner

from .test_importers import importer, table

ROOT = Path(__file__).resolve().parent.parent
IMPORTED = ROOT / "knowledge" / "signatures" / "imported"


def test_output_is_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer("_common"), "IMPORTED", tmp_path)
    importer("esp8266_update").build()
    for file in ("esp8266_update.yaml", "tables/esp8266_update.json"):
        assert (tmp_path / file).read_bytes() == (IMPORTED / file).read_bytes(), file


def test_the_table_holds_every_defined_code() -> None:
    common = importer("_common")
    defined = set()
    for name in ("ESP8266httpUpdate.h-errors", "ESP8266HTTPClient.h-errors", "Updater.h-errors"):
        text = common.excerpt(f"esp8266-arduino/{name}")
        defined |= set(re.findall(r"\b((?:HTTP_UE|HTTPC_ERROR|UPDATE_ERROR)_\w+)\s*=?\s*\(", text))
    rows = {r["name"]: r for r in table("esp8266_update")["codes"]}
    assert set(rows) == defined and len(rows) == 35
    assert all(r["en"] for r in rows.values())
    assert (rows["HTTP_UE_TOO_LESS_SPACE"]["number"], rows["HTTP_UE_TOO_LESS_SPACE"]["en"]) == (
        -100,
        "Not Enough space",
    )
    assert rows["HTTP_UE_TOO_LESS_SPACE"]["en_2_3_0"] == "To less space"
    assert rows["UPDATE_ERROR_MD5"]["en"] == "MD5 verification failed: expected: %s, calculated: %s"
    assert rows["HTTPC_ERROR_READ_TIMEOUT"]["number"] == -11


def test_the_mapping_names_only_what_the_table_has() -> None:
    decided = importer("_common").mapping("esp8266_update")
    names = {r["name"] for r in table("esp8266_update")["codes"]}
    assert set(decided["facts"]) <= names
    assert set(decided["text_too_generic"]) <= set(decided["facts"])


@pytest.mark.parametrize(
    ("line", "facts"),
    [
        # httpUpdate.ino: "HTTP_UPDATE_FAILD Error (%d): %s\n" with getLastErrorString()
        ("HTTP_UPDATE_FAILD Error (-100): Not Enough space", {"storage_full_error": True}),
        ("HTTP_UPDATE_FAILD Error (-100): To less space", {"storage_full_error": True}),  # 2.3.0
        ("HTTP_UPDATE_FAILD Error (-102): File Not Found (404)", {"http_status": 404}),
        ("HTTP_UPDATE_FAILD Error (-104): Wrong HTTP Code", {"server_status_ok": False}),
        ("HTTP_UPDATE_FAILD Error (-106): Verify Bin Header Failed",
         {"package_format_invalid": True}),
        ("HTTP_UPDATE_FAILD Error (-1): HTTP error: connection failed",
         {"connection_refused": True}),
        ("HTTP_UPDATE_FAILD Error (-11): HTTP error: read Timeout", {"download_timeout": True}),
        # "Update error: " + Updater::printError's "ERROR[%hhu]: %s"
        ("HTTP_UPDATE_FAILD Error (7): Update error: ERROR[7]: MD5 verification failed: "
         "expected: 4e1243bd22c66e76c2ba9eddc1f91394, calculated: 0cc175b9c0f1b6a831c399e269772661",
         {"checksum_matches": False, "update_stage_failed": "verify"}),  # a hand signature's stage
        ("HTTP_UPDATE_FAILD Error (12): Update error: ERROR[12]: Signature verification failed",
         {"signature_valid": False}),
        # the sketch's error callback: "CALLBACK:  HTTP update fatal error code %d\n"
        ("CALLBACK:  HTTP update fatal error code -107", {"package_model_matches": False}),
        ("HTTP_UPDATE_NO_UPDATES", {}),  # nothing failed
    ],
)  # fmt: skip
def test_esp8266_update_messages(scanner: LogScanner, line: str, facts: dict) -> None:
    assert scanner.scan_lines([line]).facts == facts


def test_an_unmapped_code_is_left_to_the_terms(scanner: LogScanner) -> None:
    """-105 (the server's x-MD5 header is no MD5) is not mapped; only the hash-algorithm term
    (terms.yaml's checksum words that name an algorithm) reads its "Wrong MD5", at the terms'
    lower strength."""
    ev = scanner.scan_lines(["HTTP_UPDATE_FAILD Error (-105): Wrong MD5"])
    assert ev.facts == {"checksum_matches": False}
    assert ev.weak == {"checksum_matches": "hash_algorithm"}


def test_a_code_is_not_read_as_a_longer_one(scanner: LogScanner) -> None:
    """-1 (connection failed) is not -10 or -11: the number must end where the code does."""
    assert scanner.scan_lines(["HTTP update fatal error code -10"]).facts == {}
