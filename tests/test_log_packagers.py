"""Package managers and image tools no importer reads (knowledge/signatures/packagers.yaml):
real lines of each, as public threads show them, read into the facts their sources say."""

from __future__ import annotations

import pytest

import posdoctor
from posdoctor.logs.logscan import LogScanner

CASES = [
    # https://github.com/hypriot/rpi-mysql/issues/21 (moby distribution/pull_v2.go)
    (
        ["docker: no matching manifest for linux/arm64/v8 in the manifest list entries."],
        {"package_model_matches": False},
        "package_wrong_model",
    ),
    # https://github.com/efahl/owut/issues/16 (OpenWrt fwtool.sh)
    (
        [
            "Fri Jun 28 08:36:25 PDT 2024 upgrade: Device cwwk-v5 not supported by this image",
            "Fri Jun 28 08:36:25 PDT 2024 upgrade: Supported devices: bananapi,bpi-r4",
            "Image check failed.",
        ],
        {"package_model_matches": False},
        "package_wrong_model",
    ),
    # https://github.com/messense/aliyundrive-webdav/issues/44 (opkg libopkg/pkg_hash.c)
    (
        [
            "Collected errors:",
            " * pkg_hash_fetch_best_installation_candidate: Packages for aliyundrive-webdav "
            "found, but incompatible with the architectures configured",
            " * opkg_install_cmd: Cannot install package aliyundrive-webdav.",
        ],
        {"package_model_matches": False},
        "package_wrong_model",
    ),
    # https://github.com/erikogan/passenger/issues/14 (rpm NOKEY, yum public key)
    (
        [
            "warning: rpmts_HdrFromFdno: Header V4 RSA/SHA1 Signature, key ID 6573ab09: NOKEY",
            "Public key for passenger-release.noarch.rpm is not installed",
        ],
        {"signature_valid": False},
        "package_signature_invalid",
    ),
]


@pytest.fixture(scope="module")
def scanner(kb: posdoctor.KnowledgeBase) -> LogScanner:
    return LogScanner(kb)


@pytest.mark.parametrize(("log", "facts", "cause"), CASES)
def test_packager_lines_set_the_facts_their_sources_say(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase, log: list[str], facts: dict, cause: str
) -> None:
    ev = scanner.scan_lines(log)
    assert ev.facts == facts
    assert posdoctor.Doctor(kb).diagnose(ev.facts).causes[0].id == cause
