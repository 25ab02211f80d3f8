"""The importers of branch imports-a (tools/importers: openssl_codes, windows_update,
gnutls_codes, catalogues_zh, releasetools): their output is reproducible from the stored excerpts, their tables
are whole, their mappings name only what the tables hold, and real messages of these families are
read as the mappings say (each message's source is cited next to it)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import posdoctor
from posdoctor.logs.logscan import LogScanner
from posdoctor.logs.payloads import PayloadReader

from .test_importers import IMPORTED, importer

FAMILIES = {  # importer module -> the files it writes
    "openssl_codes": ["openssl.yaml", "tables/openssl_x509.json", "tables/openssl_alert.json"],
    "windows_update": ["windows_update.yaml", "tables/windows_update.json"],
    "gnutls_codes": ["gnutls.yaml", "tables/gnutls.json", "tables/gnutls_cert_status.json"],
    "catalogues_zh": ["catalogues_zh.yaml"],
    "releasetools": ["releasetools.yaml", "tables/releasetools.json"],
}


def table(family: str) -> dict[str, Any]:
    return json.loads((IMPORTED / "tables" / f"{family}.json").read_text(encoding="utf-8"))


def row(family: str, name: str) -> dict[str, Any]:
    (found,) = [r for r in table(family)["codes"] if r["name"] == name]
    return found


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_output_is_reproducible_from_the_stored_excerpts(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importer(name)
    monkeypatch.setattr(importer("_common"), "IMPORTED", tmp_path)
    module.build()
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*"))
    assert written == sorted(FAMILIES[name])
    for file in FAMILIES[name]:
        assert (tmp_path / file).read_bytes() == (IMPORTED / file).read_bytes(), file


@pytest.mark.parametrize(
    ("family", "name", "number", "field", "text"),
    [
        ("openssl_x509", "X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY", 20, "en",
         "unable to get local issuer certificate"),
        ("openssl_x509", "X509_V_ERR_HOSTNAME_MISMATCH", 62, "en", "hostname mismatch"),
        ("openssl_x509", "X509_V_ERR_EC_KEY_EXPLICIT_PARAMS", 94, "en",
         "Certificate public key has explicit ECC parameters"),
        ("openssl_alert", "SSL3_AD_HANDSHAKE_FAILURE", 40, "reason", "sslv3 alert handshake failure"),
        ("openssl_alert", "TLS1_AD_UNKNOWN_CA", 48, "en", "unknown CA"),
        ("openssl_alert", "TLS13_AD_CERTIFICATE_REQUIRED", 116, "reason",
         "tlsv13 alert certificate required"),
        ("windows_update", "WU_E_PT_WINHTTP_NAME_NOT_RESOLVED", 0x8024402C, "hex", "0x8024402C"),
        ("windows_update", "ERROR_DISK_FULL", 0x80070070, "en",
         "There is not enough space on the disk."),
        ("windows_update", "CERT_E_UNTRUSTEDROOT", 0x800B0109, "hex", "0x800B0109"),
        ("gnutls", "GNUTLS_E_PULL_ERROR", -54, "zh", "在 pull 函数中出错。"),
        ("gnutls", "GNUTLS_E_PREMATURE_TERMINATION", -110, "en",
         "The TLS connection was non-properly terminated."),
        ("gnutls_cert_status", "GNUTLS_CERT_SIGNER_NOT_FOUND", 64, "en",
         "The certificate issuer is unknown. "),
    ],
)  # fmt: skip
def test_tables_hold_known_codes(
    family: str, name: str, number: int, field: str, text: str
) -> None:
    found = row(family, name)
    assert (found["number"], found[field]) == (number, text)


def test_the_openssl_tables_are_whole() -> None:
    x509 = table("openssl_x509")["codes"]
    assert [r["number"] for r in x509] == list(range(95))  # X509_V_OK .. EC_KEY_EXPLICIT_PARAMS
    assert all(r["en"] for r in x509)
    alerts = table("openssl_alert")["codes"]
    assert len(alerts) == 34
    # every alert but close_notify has its "sslv3 alert ..."/"tlsv1 ..." reason (1000 + alert)
    assert [r["name"] for r in alerts if not r["reason"]] == ["SSL3_AD_CLOSE_NOTIFY"]
    # SSL_alert_desc_string_long names no text for three alerts: it says "unknown" for them
    assert {r["name"] for r in alerts if not r["en"]} == {
        "TLS1_AD_INAPPROPRIATE_FALLBACK", "TLS13_AD_MISSING_EXTENSION",
        "TLS13_AD_CERTIFICATE_REQUIRED",
    }  # fmt: skip


def test_the_windows_table_is_whole() -> None:
    common = importer("_common")
    rows = table("windows_update")["codes"]
    wu = [line.split()[0] for line in common.excerpt("windows-sdk/wuerror.h-messages").splitlines()]
    assert len(wu) == 465
    assert {r["name"] for r in rows} >= set(wu)
    win32 = [r for r in rows if "win32" in r]
    assert sorted(r["win32"] for r in win32)[:3] == [0, 1, 2]
    header = common.excerpt("windows-sdk/winerror.h-messages")
    numbered = re.findall(r"^(\w+) (\d+)L ", header, re.M)  # every Win32 error, not only 0-499
    assert len(numbered) >= 2500 and max(int(n) for _, n in numbered) >= 15000
    assert {r["name"] for r in win32} >= {name for name, _ in numbered}
    assert all(r["number"] == (0x80070000 | r["win32"]) for r in win32 if r["win32"])
    inet = ("ERROR_INTERNET_", "ERROR_HTTP_", "ERROR_WINHTTP_")
    named = [r for r in rows if r["name"].startswith(inet)]
    assert len(named) >= 120 and all(12000 < r["win32"] < 12200 for r in named)
    crypto = {r["name"]: r["hex"] for r in rows if r["hex"].startswith("0x8009")}
    assert crypto["SEC_E_UNTRUSTED_ROOT"] == "0x80090325" and len(crypto) >= 300
    # one number, two names: WinINet and WinHTTP share 12000 + n; otherwise only a few aliases
    # (E_ACCESSDENIED is ERROR_ACCESS_DENIED's HRESULT)
    rest = [r for r in rows if r not in named]
    assert len(rest) - len({r["number"] for r in rest}) <= 10


def test_the_gnutls_tables_are_whole() -> None:
    common = importer("_common")
    defines = re.findall(
        r"^#define\s+GNUTLS_E_\w+\s+-?\d+", common.excerpt("gnutls/gnutls.h.in-codes"), re.M
    )
    errors = table("gnutls")["codes"]
    assert len(errors) == len(defines) >= 200
    assert sum(bool(r["en"]) for r in errors) >= 170
    assert sum(bool(r["zh"]) for r in errors) >= 120
    status = table("gnutls_cert_status")["codes"]
    assert [r["number"] for r in status] == sorted(r["number"] for r in status)
    assert all(r["en"] for r in status if r["name"] != "GNUTLS_CERT_INVALID")


def test_the_releasetools_table_is_whole() -> None:
    rows = table("releasetools")["codes"]
    assert [r["number"] for r in rows] == [
        *range(1000, 1005),
        *range(2000, 2005),
        *range(3000, 3009),
    ]
    assert row("releasetools", "OLDER_BUILD")["messages"] == [
        "E%d: Can't install this package (%s) over newer build ("
    ]
    # lineage-21.0's scripts no longer print BAD_PATCH_FILE or APPLY_PATCH_FAILURE
    assert {r["name"] for r in rows if not r["messages"]} == {
        "BAD_PATCH_FILE",
        "APPLY_PATCH_FAILURE",
    }


def test_a_message_another_code_also_prints_gets_no_signature(kb: posdoctor.KnowledgeBase) -> None:
    """ "partition has unexpected contents" starts the after-update check's message (E1002, which
    proves nothing): only the E-code may say that the delta's base was wrong."""
    scanner = LogScanner(kb)
    after = scanner.scan_lines(["E1002: system partition has unexpected contents after OTA update"])
    assert not [m.signature for m in after.matches if m.signature.startswith("releasetools-imp")]
    before = scanner.scan_lines(["E1000: system partition has unexpected contents"])
    assert before.facts == {"package_is_delta": True, "delta_base_matches": False}
    assert "releasetools-imp-e1000" in {m.signature for m in before.matches}


@pytest.mark.parametrize(
    ("mapping", "tables"),
    [
        ("releasetools", ["releasetools"]),
        ("openssl_x509", ["openssl_x509"]),
        ("openssl_alert", ["openssl_alert"]),
        ("windows_update", ["windows_update"]),
        ("gnutls", ["gnutls", "gnutls_cert_status"]),
    ],
)
def test_mappings_name_only_codes_the_tables_have(mapping: str, tables: list[str]) -> None:
    decided = importer("_common").mapping(mapping)
    names = {r["name"] for t in tables for r in table(t)["codes"]}
    assert set(decided["facts"]) - names == set()
    assert set(decided.get("text_too_generic") or []) <= set(decided["facts"])


def test_the_catalogue_mapping_names_only_messages_the_catalogues_have() -> None:
    common, po, zh = importer("_common"), importer("_po"), importer("catalogues_zh")
    decided = common.mapping("catalogues_zh")
    for family, (file, _) in zh.CATALOGUES.items():
        held = {zh.key(e["msgid"]) for e in po.entries(common.excerpt(file))}
        assert set(decided[family]) - held == set(), family
        assert len(held) >= 500, family


def test_fuzzy_translations_are_left_out() -> None:
    """GnuTLS's zh_CN.po marks as fuzzy the pull function's translation reused for "Error in
    public key generation.": taking it would read a key error as a network one."""
    po = importer("_po")
    block = (
        '#, fuzzy\n#| msgid "Error in the pull function."\n'
        'msgid "Error in public key generation."\nmsgstr "在 pull 函数中出错。"\n'
    )
    assert po.entries(block) == []
    assert row("gnutls", "GNUTLS_E_PK_GENERATION_ERROR")["zh"] == ""
    assert po.entries('msgid "Size mismatch"\nmsgstr "大小不符"\n') == [
        {"msgid": "Size mismatch", "msgstr": "大小不符", "msgctxt": ""}
    ]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("无法获得锁 %s。锁正由进程 %d 持有", "无法获得锁.*。锁正由进程.*持有"),
        ("处理软件包 %s (--%s)时出错：\n %s", r"处理软件包.*\(\-\-.*\)时出错"),
        ("%s: 无法解析主机地址 %s\n", ": 无法解析主机地址"),
        ("File has unexpected size (%llu != %llu).", r"File has unexpected size \(.*!=.*\)"),
        ("下载失败", "下载失败"),  # 4 CJK characters weigh 12: kept
        ("失败", None),
        ("Error %d", None),
    ],
)
def test_printf_formats_become_patterns(fmt: str, expected: str | None) -> None:
    assert importer("_po").pattern(fmt, 12) == expected


# Real messages (the thread or page each was copied from is cited on its line); the zh_CN lines
# are what apt, dpkg and wget print in that locale: their msgstr as the pinned catalogue holds it,
# filled with the host/package of the English original cited.
REAL = [
    # https://github.com/DeckerSU/android_device_doogee_x5max_pro/issues/5 (recovery)
    ("E3004: This package is for device.... x5max_pro.... : this device is hct6735m_35gu_m0",
     {"package_model_matches": False}, "releasetools-imp-e3004"),
    # https://github.com/openssl/openssl/issues/19723 (s_client, OpenSSL 3.0.5)
    ("0020010108000000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake "
     "failure:ssl/record/rec_layer_s3.c:1584:SSL alert number 40",
     {"tls_error": "handshake_failed"}, "openssl-imp-alert-handshake-failure"),
    # https://github.com/wazuh/wazuh/issues/20679
    ("140324594411392:error:14094418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../deps/"
     "openssl/openssl/ssl/record/rec_layer_s3.c:1563:SSL alert number 48",
     {"auth_error_shown": True}, "openssl-imp-alert-unknown-ca"),
    # https://github.com/Upinel/localhost.direct/issues/14 (openssl s_client)
    ("verify error:num=20:unable to get local issuer certificate",
     {"tls_error": "untrusted_ca"}, "openssl-imp-unable-to-get-issuer-cert-locally"),
    # https://github.com/npm/npm/issues/13051 (Node.js names the X509_V_ERR_ code without prefix)
    ("npm ERR! code CERT_HAS_EXPIRED", {"tls_error": "expired"}, "openssl-imp-cert-has-expired-name"),
    # https://github.com/clearlinux/distribution/issues/198 (gnutls-cli)
    ("- Status: The certificate is NOT trusted. The certificate issuer is unknown. ",
     {"tls_error": "untrusted_ca"}, "gnutls-imp-cert-signer-not-found"),
    # https://github.com/akunzai/windows-secure-auditor/issues/29 (PowerShell, WUA COM API)
    ("Exception from HRESULT: 0x8024401C", {"http_status": 408, "download_timeout": True},
     "win-imp-wu-e-pt-http-status-request-timeout-hresult"),
    # https://github.com/ansible/ansible/issues/28798
    ("win_updates results Exception from HRESULT: 0x8024402C",
     {"dns_resolves_update_host": False}, "win-imp-wu-e-pt-winhttp-name-not-resolved-hresult"),
    # https://github.com/microsoft/vscode/issues/191340 in zh_CN: apt 2.6.1 po/zh_CN.po
    # "Failed to fetch %s  %s" and "Temporary failure resolving '%s'"
    ("W: 无法下载 http://archive.ubuntu.com/ubuntu/dists/focal/InRelease  暂时不能解析域名"
     "“archive.ubuntu.com”", {"update_stage_failed": "download", "dns_resolves_update_host": False},
     "apt-zh-imp-temporary-failure-resolving"),
    # dpkg 1.21.23 po/zh_CN.po "error processing package %s (--%s):\n %s"
    ("dpkg: 处理软件包 pos-app (--configure)时出错：", {"update_stage_failed": "install"},
     "dpkg-zh-imp-error-processing-package"),
    # wget 1.21.3 po/zh_CN.po "%s: unable to resolve host address %s\n"
    ("wget: 无法解析主机地址 “tms.example.com”", {"dns_resolves_update_host": False},
     "wget-zh-imp-unable-to-resolve-host-address"),
    # wget 1.21.3 po/zh_CN.po "  Issued certificate has expired.\n"
    ("  颁发的证书已经过期。", {"tls_error": "expired"}, "wget-zh-imp-issued-certificate-has-expired"),
]  # fmt: skip


@pytest.mark.parametrize(("line", "facts", "signature"), REAL)
def test_real_messages_are_read_as_the_mapping_says(
    kb: posdoctor.KnowledgeBase, line: str, facts: dict[str, Any], signature: str
) -> None:
    ev = LogScanner(kb).scan_lines([line])
    assert ev.facts == facts
    assert signature in {m.signature for m in ev.matches}


@pytest.mark.parametrize(
    ("line", "decoded"),
    [
        ('{"event":"install","hresult":-2147024784}',
         "0x80070070 ERROR_DISK_FULL: There is not enough space on the disk."),
        ("wua: hresult=0x8024402C",
         "0x8024402C WU_E_PT_WINHTTP_NAME_NOT_RESOLVED: Same as ERROR_WINHTTP_NAME_NOT_RESOLVED - "
         "the proxy server or target server name cannot be resolved."),
        ("tls verify_result=20", "verify error:num=20:unable to get local issuer certificate"),
        ('{"tls_alert": 48}', "tlsv1 alert unknown ca (SSL alert number 48)"),
        ("gnutls_error=-54", "Error in the pull function."),
    ],
)  # fmt: skip
def test_payload_codes_are_decoded_by_the_new_tables(line: str, decoded: str) -> None:
    texts = [d.text for d in PayloadReader().texts(line, line.lower(), named=True)]
    assert texts == [decoded]


def test_a_decoded_hresult_sets_its_facts(kb: posdoctor.KnowledgeBase) -> None:
    ev = LogScanner(kb).scan_lines(['{"event":"install","hresult":-2147024784}'])
    assert ev.facts == {"storage_full_error": True}
    assert "win-imp-error-disk-full-name" in {m.signature for m in ev.matches}
