"""The KB errors found in review (issue 11 item 7), each with the check that would have caught it,
and the general one: a signature cited to an excerpted source only names text that source holds."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

import posdoctor
from posdoctor.kb.patterns import keyword as _keyword
from posdoctor.logs.logscan import LogScanner

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "_common", ROOT / "tools" / "importers" / "_common.py"
)
assert _spec and _spec.loader
common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(common)


def cited(kb: posdoctor.KnowledgeBase, source: str) -> list[posdoctor.kb.model.Signature]:
    """The signatures that cite ``source``."""
    return [s for s in kb.signatures if any(r.ref == source for r in s.source)]


def held(text: str, excerpt: str) -> bool:
    """Whether an excerpt holds ``text`` (lower case) as it is written there: literally, across
    Python's implicitly concatenated literals, as a printf format ("curl: (%d) " then the
    message), as a Python (code, 'Phrase') pair, as the HRESULT 0x8007xxxx of a Win32 code
    the excerpt lists by its number (``5L``), or as a registry error code's printed line
    ("manifest unknown: manifest unknown" for Value "MANIFEST_UNKNOWN", Message "manifest
    unknown")."""
    excerpt = re.sub(r"\s+", " ", excerpt.lower().replace("\\'", "'").replace('\\"', '"'))
    if text in excerpt or re.sub(r"\d+", "%d", text) in excerpt:
        return True
    if re.sub(r"-?\d+", "%d", text) in excerpt:  # a negative number printed by %d
        return True
    if text in excerpt.replace('" "', ""):  # Python's "implicit " "concatenation"
        return True
    printed = re.fullmatch(r"([a-z ]+): (.+)", text)  # a registry errcode as Error() prints it
    if printed and f'value: "{printed.group(1).replace(" ", "_")}",' in excerpt:
        return f'message: "{printed.group(2)}"' in excerpt
    win32 = re.fullmatch(r"(?:0x)?8007([0-9a-f]{4})", text)  # HRESULT_FROM_WIN32 of a Win32 code
    if win32 and f" {int(win32.group(1), 16)}l " in excerpt:
        return True
    printed = re.fullmatch(r"(.*?\(\d+\) )(.+)", text)
    if printed and held(printed.group(1), excerpt) and held(printed.group(2), excerpt):
        return True
    pair = re.fullmatch(r"(\d{3}) (.+)", text)
    return bool(pair) and (
        f"({pair.group(1)}, '{pair.group(2)}'" in excerpt
        or f"= {pair.group(1)}, '{pair.group(2)}'" in excerpt
    )


def test_every_signature_cited_to_an_excerpt_names_text_it_holds(
    kb: posdoctor.KnowledgeBase,
) -> None:
    """The pattern's literal (its keyword) is in the pinned excerpt of the source it cites."""
    texts: dict[str, str] = {}
    for entry in common.provenance():
        texts[entry["source"]] = texts.get(entry["source"], "") + common.excerpt(entry["file"])
    checked, missing = 0, []
    for source, text in texts.items():
        if source == "android-recovery-error-code":
            continue  # code numbers, checked against the enum below
        for sig in cited(kb, source):
            word = _keyword(sig.pattern)
            checked += 1
            if not held(word, text):
                missing.append((sig.id, word))
    assert missing == []
    assert checked >= 20


def test_lineage_updater_check_failed_is_its_real_string(kb: posdoctor.KnowledgeBase) -> None:
    """Was "更新检查失败" (not in the app); its zh-rCN string is "检查更新失败"."""
    zh = common.excerpt("lineage-updater/values-zh-rCN-strings.xml")
    line = re.search(r'name="snack_updates_check_failed">([^<]+)<', zh)
    assert line and line.group(1) == "检查更新失败。 请您检查您的网络连接并稍后重试。"
    ev = LogScanner(kb).scan_lines([line.group(1)])
    assert ev.facts == {"update_stage_failed": "check"}
    removed = LogScanner(kb).scan_lines(["降级已阻止"])  # not in the app: no signature names it
    assert [m.strength for m in removed.matches] == ["term"]


def test_recovery_codes_are_named_as_in_error_code_h(kb: posdoctor.KnowledgeBase) -> None:
    """Each recovery "error: N" / "cause: N" signature's note names the enum member that has
    the number N in the pinned header (113 is kRebootFailure, 115 kPatchApplicationFailure)."""
    header = common.excerpt("android-recovery/error_code.h")
    names = {**common.c_enum(header, "ErrorCode"), **common.c_enum(header, "CauseCode")}
    by_value = {v: k for k, v in names.items()}
    assert by_value[113] == "kRebootFailure" and by_value[115] == "kPatchApplicationFailure"
    assert by_value[117] == "kEioFailure" and by_value[22] == "kZipOpenFailure"
    sigs = cited(kb, "android-recovery-error-code")
    assert len(sigs) >= 7
    for sig in sigs:
        for example in sig.examples:
            number = int(example.rsplit(" ", 1)[1])
            if sig.id.startswith("recovery-cause"):
                assert by_value[number] in _note(sig), sig.id
    scanner = LogScanner(kb)
    assert scanner.scan_lines(["cause: 115"]).facts == {
        "package_is_delta": True,
        "delta_base_matches": False,
    }
    assert scanner.scan_lines(["cause: 113"]).facts == {}
    assert scanner.scan_lines(["cause: 117"]).facts == {"flash_io_error_seen": True}


def _note(sig: posdoctor.kb.model.Signature) -> str:
    """A signature's note, read from its YAML file (the model does not keep it)."""
    text = (ROOT / sig.origin.file).read_text(encoding="utf-8") if sig.origin.file else ""
    block = text.split(f"- id: {sig.id}\n", 1)[1].split("\n  - id:", 1)[0]
    m = re.search(r"note: (.*)", block)
    return m.group(1) if m else ""


@pytest.mark.parametrize(
    "line",
    ["curl error: 22", "curl: (22) The requested URL returned error: 22", "wget error: 20"],
)
def test_a_number_after_error_is_not_a_recovery_code(
    kb: posdoctor.KnowledgeBase, line: str
) -> None:
    """'error: 22$' turned "curl error: 22" into a bad package; only recovery's own line counts."""
    facts = LogScanner(kb).scan_lines([line]).facts
    assert "package_format_invalid" not in facts and "battery_low_reported" not in facts


def test_recovery_codes_still_read_from_recovery_lines(kb: posdoctor.KnowledgeBase) -> None:
    scanner = LogScanner(kb)
    assert scanner.scan_lines(["error: 22"]).facts == {"package_format_invalid": True}
    assert scanner.scan_lines(["E:error: 20"]).facts == {"battery_low_reported": True}


def test_url_malformed_is_cited_to_the_curl_that_prints_it(kb: posdoctor.KnowledgeBase) -> None:
    (sig,) = [s for s in kb.signatures if s.id == "curl-3-url-malformed-old"]
    assert [r.ref for r in sig.source] == ["curl-7-50-url-c"]
    assert 'failf(data, "<url> malformed");' in common.excerpt("curl-7-50/url.c.4160-4175")


def test_fatal_exception_is_cited_to_runtime_init(kb: posdoctor.KnowledgeBase) -> None:
    (sig,) = [s for s in kb.signatures if s.id == "crash-fatal-exception"]
    urls = [kb.sources[r.ref].url for r in sig.source]
    assert urls and all(u.endswith("/RuntimeInit.java") for u in urls)


def test_no_example_uses_the_invented_update_engine_callback_line(
    kb: posdoctor.KnowledgeBase,
) -> None:
    bad = [s.id for s in kb.signatures for e in s.examples if "onPayloadApplicationComplete" in e]
    assert bad == []


def test_factory_reset_does_not_cite_the_ext4_page(kb: posdoctor.KnowledgeBase) -> None:
    refs = {r.ref for st in kb.steps.values() if "reset" in st.id for r in st.source}
    assert "linux-ext4-admin" not in refs


def test_stripe_table_rows_say_what_they_are(kb: posdoctor.KnowledgeBase) -> None:
    sigs = cited(kb, "stripe-reader-errors")
    assert sigs and all("not a captured reader line" in _note(s) for s in sigs)
