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
WRITES = ["npm.yaml", "pip.yaml", "tables/npm.json", "tables/pip.json"]


@pytest.fixture(scope="module")
def scanner(kb: posdoctor.KnowledgeBase) -> LogScanner:
    return LogScanner(kb)


def test_npm_pip_output_is_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = importer("npm_pip")
    monkeypatch.setattr(importer("_common"), "IMPORTED", tmp_path)
    module.build()
    for file in WRITES:
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


@pytest.mark.parametrize("family", ["npm", "pip"])
def test_mappings_name_only_what_the_tables_have(family: str) -> None:
    decided = importer("_common").mapping(family)
    names = {r["name"] for r in table(family)["codes"]}
    assert set(decided.get("facts") or {}) <= names
    assert {t["code"] for t in decided["texts"]} <= names


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
