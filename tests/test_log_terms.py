"""Concept terms (logs/terms.py, issue 11 item 2): real messages no signature names are read at a
weaker strength, labelled as such in every output, and never outweigh a signature."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import posdoctor
from posdoctor.cli import main
from posdoctor.logs.logscan import LogScanner
from posdoctor.logs.terms import TermError, TermMatcher, load_terms

# Real lines, each from the source named: none is a signature's wording.
BATTERY_EN = (  # LineageOS Updater, values/strings.xml dialog_battery_low_message_pct
    "The battery level is too low, you need at least 20% of the battery to continue, "
    "30% if charging."
)
BATTERY_ZH = (  # the same string, values-zh-rCN/strings.xml
    "电量过低，您需要至少 20% 的电量才能继续；如果正在充电，则需要 30% 的电量才能继续。"
)
SHA256SUM = "sha256sum: WARNING: 1 computed checksum did NOT match"  # coreutils src/digest.c
GPGV = 'gpgv: BAD signature from "Debian Archive Automatic Signing Key (12/bookworm)"'  # gnupg
# lines real users pasted (tests/logs_realdev), each message from the source named
WINGET_HASH = "Installer hash does not match."  # winget-cli, issues ramensoftware/windhawk#718
UPDATER_SIG = (  # AOSP RecoverySystem.verifyPackage, GrapheneOS platform_packages_apps_Updater#20
    "E Service : java.security.SignatureException: signature doesn't match any trusted key"
)
FWUPD_SPACE = (  # fwupd, FrameworkComputer/SoftwareFirmwareIssueTracker#237
    "  │   Update Error:       Not enough efivarfs space, requested 30.7 kB and got 1.6 kB"
)
ROUTER_COMPAT = "Firmware upgrade failed due to version incompatibility."  # bypassrg/att#13
# AWS IoT OTA PAL (ota_pal_posix.c, "Failed to pass %s signature verification: %d." with the
# job's signature key): a signature scheme that names its hash, espressif/esp-aws-iot#221 style
AWS_OTA_SIG = (
    "[ERROR] [OTA] [ota_pal_posix.c:515] Failed to pass sig-sha256-ecdsa signature verification: "
    "-419430400."
)


def test_every_bundled_term_names_facts_and_sources_the_kb_has(
    kb: posdoctor.KnowledgeBase,
) -> None:
    terms = load_terms(kb, strict=True)
    assert len(terms) >= 20
    words = [w for t in terms for w in (*t.words, *t.cues)]
    assert not [w for w in words if w.isdigit()]  # "401" matched a process id: ntpd[401]


def test_a_term_naming_an_unknown_fact_is_refused_in_strict_mode(
    kb: posdoctor.KnowledgeBase,
) -> None:
    text = "terms:\n  - {id: x, words: [foo], sets: {no_such_fact: true}, source: [seed]}\n"
    with pytest.raises(TermError, match=r"terms.yaml: term 1 \(x\): unknown fact 'no_such_fact'"):
        load_terms(kb, text, strict=True)
    assert load_terms(kb, text) == []


@pytest.mark.parametrize(
    ("line", "facts"),
    [
        (BATTERY_EN, {"battery_low_reported": True}),
        (BATTERY_ZH, {"battery_low_reported": True}),
        (SHA256SUM, {"checksum_matches": False}),
        (GPGV, {"signature_valid": False}),
        (WINGET_HASH, {"checksum_matches": False}),
        (UPDATER_SIG, {"signature_valid": False}),
        (FWUPD_SPACE, {"storage_full_error": True}),
        (ROUTER_COMPAT, {"package_model_matches": False}),
        (AWS_OTA_SIG, {"signature_valid": False}),  # sha256 names the scheme's hash here
    ],
)
def test_terms_read_real_lines_no_signature_names(
    scanner: LogScanner, line: str, facts: dict
) -> None:
    ev = scanner.scan_lines(["boot ok", line])
    assert ev.facts == facts
    assert [(m.line, m.strength) for m in ev.matches] == [(2, "term")]
    assert set(ev.weak) == set(facts)
    assert "rest only on concept terms" in ev.notes[-1][0] and "概念词" in ev.notes[-1][1]


def test_a_term_yields_to_the_terms_it_names_on_the_same_line(
    kb: posdoctor.KnowledgeBase,
) -> None:
    text = (
        "terms:\n"
        "  - {id: sig, words: [signature], cues: [failed], sets: {signature_valid: false},"
        " source: [seed]}\n"
        "  - {id: algo, words: [sha256], cues: [failed], sets: {checksum_matches: false},"
        " yields_to: [sig], source: [seed]}\n"
    )
    matcher = TermMatcher(load_terms(kb, text, strict=True))
    assert [t.id for t in matcher.match("sha256 signature check failed")] == ["sig"]
    assert [t.id for t in matcher.match("sha256 check failed")] == ["algo"]


def test_a_term_yielding_to_an_unknown_term_is_refused_in_strict_mode(
    kb: posdoctor.KnowledgeBase,
) -> None:
    text = (
        "terms:\n  - {id: algo, words: [sha256], sets: {checksum_matches: false},"
        " yields_to: [nope], source: [seed]}\n"
    )
    with pytest.raises(
        TermError, match=r"terms.yaml: term 1 \(algo\): yields to an unknown term 'nope'"
    ):
        load_terms(kb, text, strict=True)


def test_a_hash_name_alone_is_still_a_checksum_word(kb: posdoctor.KnowledgeBase) -> None:
    matcher = TermMatcher(load_terms(kb, strict=True))  # the bundled terms
    assert [t.id for t in matcher.match("md5 mismatch for pos-app.apk")] == ["hash_algorithm"]
    assert [t.id for t in matcher.match("sha256 signature verification failed")] == ["signature"]


@pytest.mark.parametrize(
    "line",
    [
        "checksum ok",
        "May 14 16:29:23 pos-terminal ntpd[401]: time synchronised with pool",
        "commit hash 3f2a9c1 written",
        "free space 812 MB",
    ],
)
def test_a_term_needs_its_failure_cue(scanner: LogScanner, line: str) -> None:
    assert scanner.scan_lines([line]).facts == {}


def test_a_signature_replaces_a_terms_value(scanner: LogScanner) -> None:
    ev = scanner.scan_lines(
        ["TLS: certificate invalid, retrying", "SSL certificate problem: certificate has expired"]
    )
    assert ev.facts["tls_error"] == "expired"
    assert ev.weak == {} and ev.notes == []


def test_a_line_a_signature_named_is_not_read_by_terms(scanner: LogScanner) -> None:
    ev = scanner.scan_lines(["E: Failed to fetch http://deb.example/x.deb  Hash Sum mismatch"])
    assert {m.strength for m in ev.matches} == {"signature"}


@pytest.mark.parametrize("fmt", ["json", "markdown", "text"])
def test_term_evidence_is_labelled_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture, fmt: str
) -> None:
    log = tmp_path / "x.log"
    log.write_text(SHA256SUM + "\n", encoding="utf-8")
    assert main(["diagnose", "--log", str(log), "--format", fmt, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "rest only on concept terms" in out and "term:checksum" in out
    if fmt == "json":
        data = json.loads(out)
        assert data["log"]["term_facts"] == {"checksum_matches": "checksum"}
        assert data["log"]["matches"][0]["strength"] == "term"
