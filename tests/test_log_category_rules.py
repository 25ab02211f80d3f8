"""Mappings reviewed against issue 11's category rules (branch logs3): a downgrade refusal and a
size mismatch are package faults ("Corrupt/hash or size mismatch/downgrade/wrong delta base/
unsigned package → package"), not the software's or the network's, even when the download is
the stage that failed. Each line is the message of the source named beside it."""

from __future__ import annotations

import pytest

import posdoctor
from posdoctor.logs.logscan import LogScanner

DOWNGRADES = [
    # Android recovery install.cpp (check_newer_ab_build)
    "E:Update package is older than the current build, expected a build newer than timestamp "
    "1700000000 but package has timestamp 1690000000 and downgrade not allowed.",
    # Android PackageManager INSTALL_FAILED_VERSION_DOWNGRADE
    "Failure [INSTALL_FAILED_VERSION_DOWNGRADE]",
    # dpkg src/main/archives.c and its zh_CN translation (dpkg 1.21.23 po/zh_CN.po)
    "dpkg: warning: will not downgrade pos-agent from 2.4.1 to 2.3.0, skipping",
    "dpkg: 警告: 不会将 pos-agent 从 2.4.1 降级到 2.3.0，因而将跳过它",
    # SWUpdate 2026.05.1 core/parser.c:260
    "No downgrading allowed: new version 2.3.0 < installed 2.4.1",
]


@pytest.mark.parametrize("line", DOWNGRADES)
def test_a_downgrade_refusal_is_a_package_fault(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase, line: str
) -> None:
    ev = scanner.scan_lines([line])
    assert ev.facts["package_older_than_installed"] is True
    ranked = posdoctor.Doctor(kb).diagnose(ev.facts).causes
    assert (ranked[0].id, ranked[0].category) == ("package_version_older", "package")
    assert ranked[1].id == "already_up_to_date"  # the terminal may be up to date already


def test_a_downgrade_refusal_is_a_package_fault_without_the_log(
    kb: posdoctor.KnowledgeBase,
) -> None:
    """The same answer from the question alone (a help-desk call, no log)."""
    ranked = posdoctor.Doctor(kb).diagnose({"package_older_than_installed": True}).causes
    assert [c.id for c in ranked[:2]] == ["package_version_older", "already_up_to_date"]


SIZE_MISMATCHES = [
    # apt 2.6.1 apt-pkg/acquire-item.cc ("Size mismatch") after "Failed to fetch", and zh_CN
    "E: Failed to fetch http://deb.debian.org/debian/pool/main/s/systemd/systemd_252.22-1_arm64.deb"
    "  Size mismatch",
    "E: 无法下载 http://deb.debian.org/debian/pool/main/s/systemd/systemd_252.22-1_arm64.deb  大小不符",
]


@pytest.mark.parametrize("line", SIZE_MISMATCHES)
def test_a_size_mismatch_in_the_download_is_a_package_fault(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase, line: str
) -> None:
    ev = scanner.scan_lines([line])
    assert ev.facts == {"update_stage_failed": "download", "download_size_matches": False}
    top = posdoctor.Doctor(kb).diagnose(ev.facts).causes[0]
    assert (top.id, top.category) == ("package_corrupted", "package")
