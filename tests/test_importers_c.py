"""The npm / pip importer and the permission refusals (issue 11, branch logsacc): the importer's
output is reproducible from its stored excerpts, its tables are whole, its mapping names only what
the tables have, and real messages of each family are read as the mappings say; a permission or
access refusal is filed under security_policy (the category rules of issue 11).

Every message is quoted from the pinned upstream source named beside it (the stored excerpts under
tools/importers/upstream/, or the page cited), with its ${...} / %s values filled in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import posdoctor
from posdoctor.logs.logscan import LogScanner

from .test_importers import importer, table

ROOT = Path(__file__).resolve().parent.parent
IMPORTED = ROOT / "knowledge" / "signatures" / "imported"
WRITES = {  # importer module -> the files it writes
    "npm_pip": ["npm.yaml", "pip.yaml", "tables/npm.json", "tables/pip.json"],
    "esp_idf": ["esp_err.yaml", "esp_idf.yaml", "tables/esp_err.json", "tables/esp_idf.json"],
    "registry_errors": ["registry.yaml", "tables/registry.json"],
    "delivery_optimization": ["delivery_optimization.yaml", "tables/delivery_optimization.json"],
    "twrp_messages": ["twrp.yaml", "tables/twrp.json"],
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_output_is_reproducible(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = importer(name)
    monkeypatch.setattr(importer("_common"), "IMPORTED", tmp_path)
    module.build()
    for file in WRITES[name]:
        assert (tmp_path / file).read_bytes() == (IMPORTED / file).read_bytes(), file


def test_the_npm_table_holds_every_code_error_message_js_explains() -> None:
    common = importer("_common")
    cases = set(
        re.findall(
            r"^    case '(E\w+)':", common.excerpt("npm/error-message.js-errorMessage"), re.M
        )
    )
    rows = {r["name"]: r for r in table("npm")["codes"]}
    assert len(cases) >= 30 and cases <= set(rows)
    assert set(rows) - cases == {"EBADSIZE", "EINTEGRITY"}  # from the bundled ssri
    assert rows["ENOSPC"]["en"] == (
        "There appears to be insufficient space on your system to finish. "
        "Clear up some disk space and try again."
    )
    # a fall-through case (EACCES above EPERM) has the explanation of the case it falls into
    assert rows["EACCES"]["en"] == rows["EPERM"]["en"]
    assert "The operation was rejected by your operating system." in rows["EACCES"]["en"]


def test_the_pip_table_holds_every_hash_error() -> None:
    rows = table("pip")["codes"]
    assert [(r["number"], r["name"]) for r in rows] == [
        (0, "VcsHashUnsupported"), (1, "DirectoryUrlHashUnsupported"), (2, "HashMissing"),
        (3, "HashUnpinned"), (4, "HashMismatch"),
    ]  # fmt: skip
    assert rows[4]["en"].startswith(
        "THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE. If you have updated"
    )


@pytest.mark.parametrize(
    "family", ["npm", "pip", "esp_err", "registry", "delivery_optimization", "twrp"]
)
def test_mappings_name_only_what_the_tables_have(family: str) -> None:
    decided = importer("_common").mapping(family)
    names = {r["name"] for r in table(family)["codes"]}
    assert set(decided.get("facts") or {}) <= names
    assert {t["code"] for t in decided.get("texts") or []} <= names


def test_the_esp_err_table_is_whole() -> None:
    common = importer("_common")
    listed = re.findall(r"ERR_TBL_IT\((\w+)\)", common.excerpt("esp-idf/esp_err_to_name.c-table"))
    rows = {r["name"]: r for r in table("esp_err")["codes"]}
    assert len(listed) == len(rows) >= 240 and set(listed) == set(rows)
    assert (
        rows["ESP_ERR_OTA_VALIDATE_FAILED"]["number"],
        rows["ESP_ERR_OTA_VALIDATE_FAILED"]["en"],
    ) == (0x1503, "Error if OTA app image is invalid")
    # a description over several comment lines is one line of text
    assert rows["ESP_ERR_OTA_ROLLBACK_FAILED"]["en"] == (
        "Error if flash does not have valid firmware in passive partition and hence rollback is "
        "not possible"
    )


def test_every_esp_idf_text_piece_names_a_stored_message() -> None:
    decided = importer("_common").mapping("esp_idf")
    texts = [r["en"].lower() for r in table("esp_idf")["codes"]]
    assert [
        t["contains"]
        for t in decided["texts"]
        if not any(t["contains"].lower() in x for x in texts)
    ] == []


@pytest.mark.parametrize(
    ("line", "facts"),
    [
        # esp_err_to_name() names in the callers' messages (esp_https_ota.c "esp_ota_begin failed (%s)")
        ("E (12820) esp_https_ota: esp_ota_begin failed (ESP_ERR_OTA_VALIDATE_FAILED)",
         {"package_format_invalid": True}),
        ("E (3310) esp_https_ota: ESP_ERR_ESP_TLS_CANNOT_RESOLVE_HOSTNAME",
         {"dns_resolves_update_host": False}),
        # app_update/esp_ota_ops.c:333
        ("E (5123) esp_ota_ops: OTA image has invalid magic byte (expected 0xE9, saw 0x3c)",
         {"package_format_invalid": True}),
        # esp_https_ota.c:659, :129
        ("E (4170) esp_https_ota: Mismatch chip id, expected 0, found 9",
         {"package_model_matches": False}),
        ("E (912) esp_https_ota: File not found(404)", {"remote_file_missing": True}),
        # bootloader_support/src/esp_image_format.c:1164, :1065
        ("E (8123) esp_image: Image hash failed - image is corrupt", {"checksum_matches": False}),
        ("E (8125) esp_image: Secure boot signature verification failed",
         {"signature_valid": False}),
        # esp-tls/esp_tls.c:223, esp_tls_mbedtls.c:308 and :474
        ("E (3021) esp-tls: couldn't get hostname for :ota.example.com: getaddrinfo() returns 202, "
         "addrinfo=0x0", {"dns_resolves_update_host": False}),
        ("E (6120) esp-tls-mbedtls: mbedtls_ssl_handshake returned -0x2700",
         {"tls_error": "handshake_failed"}),
        ("I (6121) esp-tls-mbedtls: Failed to verify peer certificate!",
         {"tls_error": "untrusted_ca"}),
        # esp_image_format.c:1004 and :1031, FAIL_LOAD (ESP_LOGE unless silent); the first as
        # https://github.com/calebe94/ESPBoy/issues/4 shows it (an app grown past its partition)
        ("E (397) esp_image: Image length 1146800 doesn't fit in partition length 1048576",
         {"storage_full_error": True}),
        ("E (512) esp_image: Checksum failed. Calculated 0x5d read 0x6b",
         {"checksum_matches": False}),
    ],
)  # fmt: skip
def test_esp_idf_messages(scanner: LogScanner, line: str, facts: dict) -> None:
    assert scanner.scan_lines([line]).facts == facts


@pytest.mark.parametrize(
    ("line", "facts"),
    [
        # ssri 12.0.0 lib/index.js:111 (bundled by npm v10.9.0), values filled in
        ("npm ERR! sha512-Q2lC1d== integrity checksum failed when using sha512: wanted "
         "sha512-Q2lC1d== but got sha512-mT0y9Q==. (48213 bytes)", {"checksum_matches": False}),
        ("npm ERR! code EINTEGRITY", {"checksum_matches": False}),
        # ssri lib/index.js:103
        ("npm ERR! stream size mismatch when checking sha512-Q2lC1d==.",
         {"download_size_matches": False}),
        # npm lib/utils/error-message.js (EACCES / EPERM, ENOSPC, E403 detail lines)
        ("npm ERR! The operation was rejected by your operating system.",
         {"permission_denied": True}),
        ("npm ERR! nospc There appears to be insufficient space on your system to finish.",
         {"storage_full_error": True}),
        ("npm ERR! 403 a package version that is forbidden by your security policy, or",
         {"http_status": 403}),
        ("npm ERR! code EBADPLATFORM", {"package_model_matches": False}),
        # pip 24.2 src/pip/_internal/exceptions.py, HashMismatch.head
        ("ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE. If you have "
         "updated the package versions, please update the hashes.", {"checksum_matches": False}),
    ],
)  # fmt: skip
def test_npm_and_pip_messages(scanner: LogScanner, line: str, facts: dict) -> None:
    assert scanner.scan_lines([line]).facts == facts


@pytest.mark.parametrize(
    ("line", "facts"),
    [
        ("Access is denied.", {"permission_denied": True}),  # winerror.h ERROR_ACCESS_DENIED
        ("Installation Failure: Windows failed to install the following update with error "
         "0x80070005: 2024-05 Cumulative Update", {"permission_denied": True}),
        ("WindowsUpdate error 80072EE2", {"download_timeout": True}),  # ERROR_WINHTTP_TIMEOUT
        ("hr = 0x80072F8F", {"tls_error": "handshake_failed"}),  # 12175, both families
        ("SEC_E_UNTRUSTED_ROOT", {"tls_error": "untrusted_ca"}),
        ("0x80090325", {"tls_error": "untrusted_ca"}),
        ("The package could not be installed because a higher version of this package is "
         "already installed.", {"package_older_than_installed": True}),  # ERROR_INSTALL_PACKAGE_DOWNGRADE
        ("0x800736CC", {"checksum_matches": False}),  # ERROR_SXS_FILE_HASH_MISMATCH (14028)
    ],
)  # fmt: skip
def test_windows_codes_from_500_up_and_crypto(scanner: LogScanner, line: str, facts: dict) -> None:
    assert scanner.scan_lines([line]).facts == facts


def test_a_win32_code_and_its_named_hresult_make_one_signature(kb: posdoctor.KnowledgeBase) -> None:
    """ERROR_ACCESS_DENIED (5) and E_ACCESSDENIED are both 0x80070005: one HRESULT signature."""
    hex_sigs = [
        s.id for s in kb.signatures if s.pattern.endswith("(?:0x)?80070005(?:$|[^A-Za-z0-9_])")
    ]
    assert hex_sigs == ["win-imp-e-accessdenied-hresult"]


# Permission refusals: each line is the message of the cited source.
REFUSALS = [
    # glibc errlist.h EACCES through apt apt-pkg/contrib/fileutl.cc "Could not open lock file %s"
    "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)",
    # apt 2.6.1 apt-pkg/deb/debsystem.cc (and its zh_CN translation)
    "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?",
    "E: 无法获取 dpkg 前端锁 (/var/lib/dpkg/lock-frontend)，请查看您是否正以 root 用户运行？",
    # dpkg 1.21.23 src/main/main.c (and zh_CN)
    "dpkg: error: requested operation requires superuser privilege",
    "dpkg: 错误: 所请求的操作需要超级用户权限",
    # glibc zh_CN.po: EACCES "权限不够", EPERM "不允许的操作"
    'mkdir: 无法创建目录 "/data/ota": 权限不够',
    "chown: 正在更改 '/data/ota' 的所有者: 不允许的操作",
    # Node's fs error text (EACCES: permission denied, <syscall> '<path>') as npm prints it
    "npm ERR! Error: EACCES: permission denied, mkdir '/usr/local/lib/node_modules/pos-agent'",
    # Android "Validating SELinux", the example denial
    'avc: denied  { connectto } for  pid=2671 comm="ping" path="/dev/socket/dnsproxyd" '
    "scontext=u:r:shell:s0 tcontext=u:r:netd:s0 tclass=unix_stream_socket",
    # RFC 9110 403 / 407 status lines
    "HTTP/1.1 403 Forbidden",
    "HTTP/1.1 407 Proxy Authentication Required",
]


@pytest.mark.parametrize("line", REFUSALS)
def test_a_permission_refusal_is_filed_under_security_policy(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase, line: str
) -> None:
    ev = scanner.scan_lines([line])
    top = posdoctor.Doctor(kb).diagnose(ev.facts).causes[0]
    assert (top.id, top.category) == ("access_denied_by_policy", "security_policy")


def test_words_no_signature_names_still_say_permission(scanner: LogScanner) -> None:
    """拒绝访问 is Windows' Chinese ERROR_ACCESS_DENIED text; no table holds it: a term."""
    ev = scanner.scan_lines(["写入 C:\\ProgramData\\pos\\update.tmp 失败: 拒绝访问。"])
    assert ev.facts == {"permission_denied": True}
    assert ev.weak == {"permission_denied": "permission"}


def test_a_permission_refusal_among_echo_lines(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase
) -> None:
    """npm's whole report: the code, the errno payload, the refusal, then the explanation and
    the pointer to the debug log; the refusal decides."""
    log = """\
npm ERR! code EACCES
npm ERR! syscall mkdir
npm ERR! path /usr/local/lib/node_modules/pos-agent
npm ERR! errno -13
npm ERR! Error: EACCES: permission denied, mkdir '/usr/local/lib/node_modules/pos-agent'
npm ERR!  [Error: EACCES: permission denied, mkdir '/usr/local/lib/node_modules/pos-agent'] {
npm ERR!   errno: -13,
npm ERR!   code: 'EACCES',
npm ERR!   syscall: 'mkdir',
npm ERR!   path: '/usr/local/lib/node_modules/pos-agent'
npm ERR! }
npm ERR!
npm ERR! The operation was rejected by your operating system.
npm ERR! It is likely you do not have the permissions to access this file as the current user
npm ERR!
npm ERR! A complete log of this run can be found in:
npm ERR!     /root/.npm/_logs/2024-05-14T09_12_44_120Z-debug-0.log"""
    ev = scanner.scan_lines(log.splitlines())
    assert ev.facts == {"permission_denied": True}
    assert posdoctor.Doctor(kb).diagnose(ev.facts).causes[0].id == "access_denied_by_policy"


# Another updater holds the lock: apt 2.6.1 apt-pkg/contrib/fileutl.cc ("Could not get lock %s.
# It is held by process %d (%s)", and its zh_CN translation), apt-pkg/deb/debsystem.cc, dpkg
# 1.21.23 lib/dpkg/lock.c, Mender 5.1.0 standalone.cpp:565.
LOCKS = [
    "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 1234 (unattended-upgr)",
    "E: 无法获得锁 /var/lib/dpkg/lock-frontend。锁正由进程 1234（unattended-upgr）持有",
    "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process "
    "using it?",
    "dpkg: error: dpkg frontend lock was locked by another process with pid 1234",
    "Update already in progress. Please commit or roll back first",
]


@pytest.mark.parametrize("line", LOCKS)
def test_a_lock_held_by_another_updater_is_software(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase, line: str
) -> None:
    ev = scanner.scan_lines([line])
    assert ev.facts == {"update_lock_held": True}
    top = posdoctor.Doctor(kb).diagnose(ev.facts).causes[0]
    assert (top.id, top.category) == ("another_update_running", "software")


def test_a_lock_refused_for_permission_is_no_other_updater(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase
) -> None:
    """Old apt: the lock file cannot be opened because apt was not run as root."""
    log = [
        "E: Could not get lock /var/lib/dpkg/lock - open (13: Permission denied)",
        "E: Unable to lock the administration directory (/var/lib/dpkg/), are you root?",
    ]
    ev = scanner.scan_lines(log)
    assert ev.facts == {"update_lock_held": True, "permission_denied": True}
    ranked = [c.id for c in posdoctor.Doctor(kb).diagnose(ev.facts).causes]
    assert ranked[0] == "access_denied_by_policy"
    assert ranked.index("another_update_running") > 3


def test_the_registry_table_holds_every_error_descriptor() -> None:
    common = importer("_common")
    values = re.findall(r'Value:\s*"(\w+)"', common.excerpt("distribution/register.go"))
    rows = {r["name"]: r for r in table("registry")["codes"]}
    assert len(values) == len(rows) == 20
    assert (rows["MANIFEST_UNKNOWN"]["number"], rows["MANIFEST_UNKNOWN"]["printed"]) == (
        404,
        "manifest unknown: manifest unknown",
    )
    assert rows["TOOMANYREQUESTS"]["number"] == 429


@pytest.mark.parametrize(
    ("line", "facts"),
    [
        # errcode.Error(): "<value, lower case, _ as space>: <message>", as docker prints it
        ("Error response from daemon: manifest for pos/agent:2.4.1 not found: manifest unknown: "
         "manifest unknown", {"remote_file_missing": True}),
        ("denied: requested access to the resource is denied", {"permission_denied": True}),
        ('Error response from daemon: Get "https://registry.example.com/v2/": unauthorized: '
         "authentication required", {"auth_error_shown": True}),
        # a registry's JSON error body names the code
        ('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}',
         {"remote_file_missing": True}),
        ("digest invalid: provided digest did not match uploaded content",
         {"checksum_matches": False}),
    ],
)  # fmt: skip
def test_registry_errors(scanner: LogScanner, line: str, facts: dict) -> None:
    assert scanner.scan_lines([line]).facts == facts


@pytest.mark.parametrize("line", ["Permission denied", "503 Service Unavailable", "unauthorized"])
def test_registry_values_that_are_plain_words_are_not_signatures(
    scanner: LogScanner, line: str
) -> None:
    names = {m.signature for m in scanner.scan_lines([line]).matches}
    assert not any(n.startswith("registry-imp-") for n in names)


def test_azure_result_and_aws_job_statuses(scanner: LogScanner) -> None:
    """adu_core.h ADUC_Result_Failure_Cancelled (-1) beside its extendedResultCode; a bare
    result_code is another family's. botocore's JobExecutionStatus TIMED_OUT."""
    cancelled = '{"lastInstallResult": {"resultCode": -1, "extendedResultCode": 0}}'
    assert scanner.scan_lines([cancelled]).facts == {"update_interrupted_seen": True}
    assert scanner.scan_lines(['{"result_code": -1}']).facts == {}
    names = [r["name"] for r in table("aws_iot_jobs")["codes"]]
    assert names == ["QUEUED", "IN_PROGRESS", "SUCCEEDED", "FAILED", "TIMED_OUT", "REJECTED",
                     "REMOVED", "CANCELED"]  # fmt: skip
    timed_out = '{"execution": {"jobId": "pos-2-4-1", "status": "TIMED_OUT"}}'
    assert scanner.scan_lines([timed_out]).facts == {"update_progress_stalled": True}


def test_the_delivery_optimization_table_is_whole() -> None:
    """Every DO_E_ define of do-client's do_error.h, with its HRESULT and comment."""
    defines = re.findall(
        r"^#define (DO_E_\w+)", importer("_common").excerpt("do-client/do_error.h"), re.M
    )
    rows = {r["name"]: r for r in table("delivery_optimization")["codes"]}
    assert len(defines) == 8 and set(defines) == set(rows)
    assert rows["DO_E_DOWNLOAD_NO_PROGRESS"] == {
        "name": "DO_E_DOWNLOAD_NO_PROGRESS", "number": 0x80D02002, "hex": "0x80D02002",
        "en": "Download of a file saw no progress within the defined period",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("line", "facts"),
    [
        # the Device Update agent's report with a DO error as its extendedResultCode (Azure's
        # "Device Update error codes" page, Delivery Optimization table): -2133843966 = 0x80D02002
        ('{"lastInstallResult":{"resultCode":0,"extendedResultCode":-2133843966,"resultDetails":""}}',
         {"download_timeout": True}),
        ("0x80D02002L DO_E_DOWNLOAD_NO_PROGRESS: Download of a file saw no progress within the "
         "defined period", {"download_timeout": True}),
        ("DO_E_BLOCKED_BY_NO_NETWORK (0x80D03805)", {"network_connected": False}),
        # a code of the agent's own table still decodes by it (result.h, 0x4000000c)
        ('{"lastInstallResult":{"resultCode":0,"extendedResultCode":1073741836}}',
         {"checksum_matches": False}),
        ("hresult=0x80070070", {"storage_full_error": True}),  # winerror.h, not a DO code
        ("0x80D01001 DO_E_NO_SERVICE", {}),  # the agent could not serve: no fact of ours
    ],
)  # fmt: skip
def test_delivery_optimization_codes(scanner: LogScanner, line: str, facts: dict) -> None:
    assert scanner.scan_lines([line]).facts == facts


def test_the_aws_jobs_rejected_table_is_whole(scanner: LogScanner) -> None:
    """RejectedErrorCode of the AWS IoT Device SDK for Python v2 (v1.28.0): every code with its
    docstring; a throttled request is the service's rate limit (the .../update/rejected payload
    as the Jobs device MQTT API documents it, with the SDK's code)."""
    rows = table("aws_iot_jobs_rejected")["codes"]
    assert [r["name"] for r in rows] == [
        "InternalError", "InvalidJson", "InvalidRequest", "InvalidStateTransition",
        "ResourceNotFound", "VersionMismatch", "InvalidTopic", "RequestThrottled",
        "TerminalStateReached",
    ]  # fmt: skip
    assert rows[7]["en"] == "The request was throttled."
    line = '{"code":"RequestThrottled","message":"Rate exceeded","clientToken":"pos-1"}'
    assert scanner.scan_lines([line]).facts == {"server_busy_reported": True}
    stale = (
        '{"code":"VersionMismatch","message":"Expected version 2 does not match current version 3"}'
    )
    assert scanner.scan_lines([stale]).facts == {}  # the agent's stale view: no fact of ours yet


def test_the_twrp_table_holds_every_console_message() -> None:
    excerpt = importer("_common").excerpt("twrp/en.xml-console-messages")
    rows = {r["name"]: r for r in table("twrp")["codes"]}
    assert len(rows) == excerpt.count("<string name=") == 222
    assert rows["pid_error"]["en"] == "{1} process ended with ERROR: {2}"
    assert rows["verify_zip_fail"]["en"] == "Zip signature verification failed!"


@pytest.mark.parametrize(
    ("log", "facts", "strengths"),
    [
        # https://github.com/Android-Device-Development/LineageOS-Releases/issues/7 (TWRP's
        # pid_error and zip_err after the releasetools E1001 line): echoes of the install stage
        (["E1001: Failed to update system image.", "Updater process ended with ERROR: 7",
          "Error installing zip file '/sdcard1/lineage-17.1-20200311-mido-signed.zip'"],
         {"update_stage_failed": "install"}, ["echo", "echo"]),
        # TWRP verify_zip_fail, then its zip_err echo: the refusal says why
        (["Verifying zip signature...", "Zip signature verification failed!",
          "Error installing zip file '/sdcard/update.zip'"],
         {"signature_valid": False}, ["signature", "signature", "signature", "echo"]),
        # fail_mount with its strerror value
        (["Failed to mount '/system' (Invalid argument)"], {"flash_io_error_seen": True},
         ["signature"]),
    ],
)  # fmt: skip
def test_twrp_messages(scanner: LogScanner, log: list[str], facts: dict, strengths: list) -> None:
    ev = scanner.scan_lines(log)
    assert ev.facts == facts
    assert [m.strength for m in ev.matches] == strengths
