"""Multi-line logs read like an engineer reads them (issue 11 item 4): echo lines do not outweigh
the line that says why, one fact on several lines counts once, and the first error before a
cascade decides. Each excerpt is built from the messages of the source cited above it."""

from __future__ import annotations

import pytest

import posdoctor
from posdoctor.logs.logscan import LogScanner

# dpkg src/main/archives.c ("error processing archive", "cannot copy extracted data for '%.255s'
# to '%.255s'"), lib/dpkg/buffer.c ("failed to write"), src/main/errors.c ("Errors were
# encountered while processing:"), apt apt-pkg/deb/dpkgpm.cc ("Sub-process %s returned an error
# code (%u)"): https://git.dpkg.org/cgit/dpkg/dpkg.git, https://salsa.debian.org/apt-team/apt
DPKG_NO_SPACE = """\
Unpacking pos-agent (2.4.1) over (2.3.0) ...
dpkg: error processing archive /var/cache/apt/archives/pos-agent_2.4.1_armhf.deb (--unpack):
 cannot copy extracted data for './usr/lib/pos/agent.so' to '/usr/lib/pos/agent.so.dpkg-new': \
failed to write (No space left on device)
Errors were encountered while processing:
 /var/cache/apt/archives/pos-agent_2.4.1_armhf.deb
E: Sub-process /usr/bin/dpkg returned an error code (1)"""

# update_engine common/action_processor.cc ("ActionProcessor: finished last action %s with code
# %s", "ActionProcessor: Aborting processing due to failure."), LineageOS Updater
# values/strings.xml installing_update_error ("Install error"): see tools/importers/upstream/.
UPDATE_ENGINE_TRANSFER = [
    "I update_engine: ActionProcessor: finished last action DownloadAction with code "
    "ErrorCode::kDownloadTransferError",
    "I update_engine: ActionProcessor: Aborting processing due to failure.",
    "Updater: Install error",
]

# curl lib/vtls/openssl.c ("SSL certificate problem: %s", "OpenSSL SSL_connect: %s in connection
# to %s:%d") and src/tool_operate.c ("curl: (%d) %s"), https://github.com/curl/curl
TLS_CASCADE = [
    "curl: (60) SSL certificate problem: unable to get local issuer certificate",
    "retrying in 30 s",
    "curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to tms.example.com:443",
]


def test_echo_lines_do_not_outweigh_the_line_that_says_why(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase
) -> None:
    ev = scanner.scan_lines(DPKG_NO_SPACE.splitlines())
    assert ev.facts == {"local_write_failed": True, "storage_full_error": True}
    assert ev.held == {"update_stage_failed": "install"}
    echoes = sorted({m.line for m in ev.matches if m.strength == "echo"})
    assert echoes == [2, 4, 6]
    assert ev.notes[-1][0].startswith("lines that only echo a failure")
    top = posdoctor.Doctor(kb).diagnose(ev.facts).causes[0]
    assert top.id == "storage_full"


def test_echo_after_the_why_in_an_update_engine_log(scanner: LogScanner) -> None:
    ev = scanner.scan_lines(UPDATE_ENGINE_TRANSFER)
    assert ev.facts == {"connection_drops": True}
    assert [m.strength for m in ev.matches if m.line == 3] == ["echo"]


def test_echo_lines_alone_still_count_and_say_so(scanner: LogScanner) -> None:
    ev = scanner.scan_lines(["Updater: Install error"])
    assert ev.facts == {"update_stage_failed": "install"}
    assert ev.echo_applied == {"update_stage_failed"}
    assert ev.notes[-1][0].startswith("only lines that echo a failure")
    assert "复述失败" in ev.notes[-1][1]


def test_a_message_with_a_reason_is_no_echo(scanner: LogScanner) -> None:
    ev = scanner.scan_lines(["update_engine: Update failed with error ErrorCode::kNotEnoughSpace"])
    assert ev.facts == {"storage_full_error": True} and ev.held == {}


def test_one_fact_on_several_lines_counts_once(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase
) -> None:
    line = "curl: (28) Operation timed out after 30000 milliseconds with 0 bytes received"
    once, five = scanner.scan_lines([line]), scanner.scan_lines([line, "retry"] * 5)
    assert once.facts == five.facts == {"download_timeout": True}
    assert len({m.line for m in five.matches}) == 5  # every line stays as evidence
    doctor = posdoctor.Doctor(kb)
    scores = [
        [(c.id, c.probability) for c in doctor.diagnose(e.facts).causes] for e in (once, five)
    ]
    assert scores[0] == scores[1]


def test_the_first_error_before_a_cascade_decides(scanner: LogScanner) -> None:
    ev = scanner.scan_lines(TLS_CASCADE)
    assert ev.facts == {"tls_error": "untrusted_ca"}
    assert scanner.scan_lines(TLS_CASCADE[::-1]).facts == {"tls_error": "handshake_failed"}


def test_within_a_line_the_most_specific_message_decides(scanner: LogScanner) -> None:
    ev = scanner.scan_lines(["curl: (60) SSL certificate problem: certificate has expired"])
    assert ev.facts == {"tls_error": "expired"}  # not curl (60)'s generic untrusted_ca


def test_a_number_keeps_its_last_value(scanner: LogScanner) -> None:
    ev = scanner.scan_lines(["HTTP/1.1 301 Moved Permanently", "HTTP/1.1 404 Not Found"])
    assert ev.facts == {"http_status": 404}


# wget src/openssl.c: "%s: cannot verify %s's certificate, issued by %s:\n" and the reason on the
# next line ("  Issued certificate not yet valid.\n", "  Issued certificate has expired.\n"),
# https://git.savannah.gnu.org/cgit/wget.git/tree/src/openssl.c
WGET_NOT_YET_VALID = [
    "May 14 16:08:56 pos-terminal wget[612]: ERROR: cannot verify tms.example.com's certificate, "
    "issued by 'CN=R3,O=Let's Encrypt,C=US':",
    "May 14 16:08:56 pos-terminal wget[612]:   Issued certificate not yet valid.",
    "May 14 16:08:56 pos-terminal wget[612]: To connect to tms.example.com insecurely, use "
    "`--no-check-certificate'.",
]


def test_a_reason_on_the_next_line_decides_its_message(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase
) -> None:
    """The head line ends in ':' and says only that verification failed; its next line says
    why (the clock): one message, whose reason decides, not a cascade whose first error does."""
    ev = scanner.scan_lines(WGET_NOT_YET_VALID)
    assert ev.facts == {"tls_error": "not_yet_valid"}
    assert posdoctor.Doctor(kb).diagnose(ev.facts).causes[0].id == "terminal_clock_wrong"
    alone = scanner.scan_lines(WGET_NOT_YET_VALID[:1])  # the head line alone still says something
    assert alone.facts == {"tls_error": "untrusted_ca"}


def test_a_cascade_without_a_head_line_keeps_its_first_error(scanner: LogScanner) -> None:
    ev = scanner.scan_lines([TLS_CASCADE[0], TLS_CASCADE[2]])  # adjacent, but no ':' head
    assert ev.facts["tls_error"] == "untrusted_ca"


# Android bootable/recovery install.cpp: "E:signature verification failed" then the echo
# "Installation aborted." (either order: a log buffer may flush the echo first)
@pytest.mark.parametrize("order", [1, -1])
def test_the_recovery_echo_never_outweighs_the_signature_line(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase, order: int
) -> None:
    log = ["E:signature verification failed", "Installation aborted."][::order]
    ev = scanner.scan_lines(log)
    assert ev.facts == {"signature_valid": False}
    assert ev.held == {"update_stage_failed": "install"}
    top = posdoctor.Doctor(kb).diagnose(ev.facts).causes[0]
    assert (top.id, top.category) == ("package_signature_invalid", "security_policy")


# Mender client "Installation failed: " with the reason in the same line (errno EIO's text)
def test_an_echo_phrase_with_its_reason_counts_the_reason(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase
) -> None:
    ev = scanner.scan_lines(
        ["Installation failed: rootfs-image: write /dev/mmcblk0p3: input/output error"]
    )
    assert ev.facts == {"flash_io_error_seen": True}
    assert posdoctor.Doctor(kb).diagnose(ev.facts).causes[0].id == "flash_io_error"


# apt: "Release file for %s is not valid yet (invalid for another %s). Updates for this
# repository will not be applied." (apt-pkg/acquire-item.cc), wrapped onto an indented second
# line as a user pasted it in https://github.com/hkjarral/AVA-AI-Voice-Agent-for-Asterisk/issues/122
APT_WRAPPED = [
    "E: Release file for http://deb.debian.org/debian/dists/bookworm-updates/InRelease ",
    "   is not valid yet (invalid for another 1d 18h 41min 35s)",
]


def test_a_message_wrapped_onto_an_indented_line_is_read_whole(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase
) -> None:
    ev = scanner.scan_lines(APT_WRAPPED)
    assert ev.facts == {"repo_metadata_time_error": "not_yet_valid"}
    assert [(m.line, m.text) for m in ev.matches] == [
        (1, APT_WRAPPED[0].strip() + " " + APT_WRAPPED[1].strip())
    ]
    assert posdoctor.Doctor(kb).diagnose(ev.facts).causes[0].id == "terminal_clock_wrong"
    # not indented: two messages, and the first alone says nothing
    assert scanner.scan_lines([APT_WRAPPED[0], APT_WRAPPED[1].strip()]).facts == {}
    # a head line a signature named already is not joined to the next
    named = ["E: Failed to fetch http://x/Packages  Hash Sum mismatch", "   is not valid yet"]
    assert {m.line for m in scanner.scan_lines(named).matches} == {1}
