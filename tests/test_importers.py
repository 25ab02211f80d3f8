"""The code-table importers (tools/importers): each one's output is reproducible from the stored
upstream excerpts, the tables are whole, the mappings name only codes the tables have, and every
imported signature's example is text its pinned source holds."""

from __future__ import annotations

import importlib
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

import posdoctor
from posdoctor.logs.logscan import LogScanner

from .test_log_kb_review import held

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools" / "importers"
IMPORTED = ROOT / "knowledge" / "signatures" / "imported"
FAMILIES = {  # importer module -> the files it writes
    "errno_glibc": ["errno.yaml", "tables/errno.json"],
    "curl_codes": ["curl.yaml", "tables/curl.json"],
    "update_engine": ["update_engine.yaml", "tables/update_engine.json"],
    "http_status": ["http.yaml", "tables/http.json"],
    "recovery": ["tables/recovery.json"],
    "rauc_messages": ["rauc.yaml", "tables/rauc.json"],
}


def importer(name: str) -> ModuleType:
    """One importer script, loaded as a module (they share tools/importers/_common.py)."""
    if str(TOOLS) not in sys.path:
        sys.path.insert(0, str(TOOLS))
    return importlib.import_module(name)


def table(family: str) -> dict:
    return json.loads((IMPORTED / "tables" / f"{family}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_output_is_reproducible_from_the_stored_excerpts(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importer(name)
    monkeypatch.setattr(importer("_common"), "IMPORTED", tmp_path)
    module.build()
    for file in FAMILIES[name]:
        assert (tmp_path / file).read_bytes() == (IMPORTED / file).read_bytes(), file


def test_every_excerpt_has_its_provenance() -> None:
    common = importer("_common")
    listed = {e["file"] for e in common.provenance()}
    stored = {
        p.relative_to(common.UPSTREAM).as_posix()
        for p in common.UPSTREAM.rglob("*")
        if p.is_file() and p.name != "provenance.yaml"
    }
    assert stored == listed
    for entry in common.provenance():
        assert entry["repo"] and entry["path"] and entry["version"], entry


@pytest.mark.parametrize(
    ("family", "name", "number", "en", "zh"),
    [
        ("errno", "ENOSPC", 28, "No space left on device", "设备上没有空间"),
        ("errno", "ECONNREFUSED", 111, "Connection refused", "连接被拒绝"),
        ("errno", "EAI_AGAIN", -3, "Temporary failure in name resolution", "域名解析出现暂时性错误"),
        ("curl", "CURLE_COULDNT_RESOLVE_HOST", 6, "Could not resolve hostname", None),
        ("curl", "CURLE_PEER_FAILED_VERIFICATION", 60,
         "SSL peer certificate or SSH remote key was not OK", None),
        ("update_engine", "kNotEnoughSpace", 60, "ErrorCode::kNotEnoughSpace", None),
        ("http", "NOT_FOUND", 404, "Not Found", None),
        ("recovery", "kPatchApplicationFailure", 115, "cause: 115", None),
    ],
)  # fmt: skip
def test_tables_hold_known_codes(
    family: str, name: str, number: int, en: str, zh: str | None
) -> None:
    (row,) = [r for r in table(family)["codes"] if r["name"] == name]
    assert (row["number"], row["en"]) == (number, en)
    if zh is not None:
        assert row["zh"] == zh


@pytest.mark.parametrize(
    ("family", "least"),
    [("errno", 150), ("curl", 100), ("update_engine", 60), ("http", 60), ("recovery", 25)]
    + [("rauc", 300)],
)
def test_tables_are_whole(family: str, least: int) -> None:
    rows = table(family)["codes"]
    assert len(rows) >= least
    assert len({r["number"] for r in rows}) >= len(rows) - 5  # aliases (EWOULDBLOCK ...) only
    assert all(r["en"] for r in rows if family == "rauc")


@pytest.mark.parametrize("family", ["errno", "curl", "update_engine", "rauc"])
def test_mappings_name_only_codes_the_table_has(family: str) -> None:
    decided = importer("_common").mapping(family)
    names = {r["name"] for r in table(family)["codes"]}
    assert set(decided["facts"]) - names == set()
    assert set(decided.get("text_too_generic") or []) <= set(decided["facts"])


def test_every_imported_example_is_in_its_pinned_excerpt(kb: posdoctor.KnowledgeBase) -> None:
    common = importer("_common")
    texts: dict[str, str] = {}
    for entry in common.provenance():
        texts[entry["source"]] = texts.get(entry["source"], "") + common.excerpt(entry["file"])
    imported = [s for s in kb.signatures if s.origin.file.startswith("knowledge/signatures/imp")]
    assert len(imported) >= 200
    missing = [
        (sig.id, example)
        for sig in imported
        for example in sig.examples
        if not held(example.lower(), texts[sig.source[0].ref])
    ]
    assert missing == []


def test_imported_signatures_read_real_lines(kb: posdoctor.KnowledgeBase) -> None:
    scanner = LogScanner(kb)
    assert scanner.scan_lines(["open failed: 设备上没有空间"]).facts == {"storage_full_error": True}
    assert scanner.scan_lines(
        ["curl: (60) SSL certificate problem: self signed certificate"]
    ).facts == {"tls_error": "untrusted_ca"}
    assert scanner.scan_lines(["HTTP request failed: 503 Service Unavailable"]).facts == {
        "http_status": 503
    }
    assert scanner.scan_lines(["update failed: ErrorCode::kPayloadHashMismatchError"]).facts == {
        "checksum_matches": False
    }
    rauc = "rauc[412]: Compatible mismatch: Expected 'pos-a920' but bundle manifest has 'pos-a930'"
    assert scanner.scan_lines([rauc]).facts == {"package_model_matches": False}


def test_imported_patterns_are_re2_safe(kb: posdoctor.KnowledgeBase) -> None:
    """No lookaround and no backreference: the RE2 switch must run them."""
    imported = [s for s in kb.signatures if s.origin.file.startswith("knowledge/signatures/imp")]
    bad = [s.id for s in imported if re.search(r"\(\?<?[=!]|\\[1-9]", s.pattern)]
    assert bad == []


@pytest.mark.parametrize(
    "line",
    [
        # rauc v1.15.2 src/install.c:499 and :512, as `rauc install` prints a failed install
        "rauc-Message: 10:03:00.042: Failed to find matching variant of image for slot class "
        "'rootfs'",
        "LastError: Installation error: No target slot for class 'appfs' of image "
        "'appfs.img' found",
    ],
)
def test_rauc_images_no_slot_of_this_system_takes_are_a_bundle_for_another_system(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase, line: str
) -> None:
    ev = scanner.scan_lines([line])
    assert ev.facts == {"package_model_matches": False}
    assert posdoctor.Doctor(kb).diagnose(ev.facts).causes[0].id == "package_wrong_model"


def test_rauc_target_group_failure_names_no_bundle_fault(scanner: LogScanner) -> None:
    # src/install.c:1609: determine_target_install_group() reads system.conf's slots only
    assert scanner.scan_lines(["Could not determine target group"]).facts == {}
