"""Package managers and image tools no importer reads (knowledge/signatures/packagers.yaml):
real lines of each, as public threads show them, read into the facts their sources say."""

from __future__ import annotations

import pytest

import posdoctor
from posdoctor.logs.logscan import LogScanner

# pip's "No matching distribution found for X" is not here: pip prints it after any failure to
# read the index too (a TLS refusal, a timeout), so it names no cause of its own (branch logs3
# tried it as a missing file: one dev case more right, two wrong).
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
    # dpkg src/main/unpack.c in English and as its zh_CN catalogue says it (dpkg-1.21.23)
    (
        [
            "dpkg: error processing archive /tmp/ota/agent_2.1.0_armhf.deb (--install):",
            " package architecture (armhf) does not match system (arm64)",
        ],
        {"package_model_matches": False},  # the "error processing" echo is outweighed
        "package_wrong_model",
    ),
    (
        [
            "dpkg: 处理归档 /tmp/ota/agent_2.1.0_armhf.deb (--install)时出错：",
            " 软件包体系结构(armhf)与本机系统体系结构(arm64)不符",
        ],
        {"package_model_matches": False},  # the "error processing" echo is outweighed
        "package_wrong_model",
    ),
    (
        [" 软件包 /tmp/ota/agent_2.1.0_arm64.deb 没有通过验证！"],
        {"signature_valid": False},
        "package_signature_invalid",
    ),
    # apt prints a status with two blanks: https://github.com/moonlight-stream/moonlight-embedded/issues/189
    (
        [
            "E: Failed to fetch http://archive.itimmer.nl/raspbian/moonlight/pool/main/m/"
            "moonlight-embedded/moonlight-embedded_2.1.0-1_armhf.deb  404  Not Found"
        ],
        {"http_status": 404, "update_stage_failed": "download"},
        "server_file_missing",
    ),
    # https://github.com/docker/hub-feedback/issues/2464 (Docker Hub's rate-limit headers)
    (
        ["HTTP/1.1 200 OK", "ratelimit-limit: 100;w=21600", "ratelimit-remaining: 0;w=21600"],
        {"server_busy_reported": True, "http_status": 200},
        "server_overloaded",
    ),
    # https://github.com/forjedio/yerd/issues/73 (dpkg src/main/script.c): a failing postinst
    (
        [
            "Error: error processing package yerd (--configure):",
            " installed yerd package post-installation script subprocess returned error exit "
            "status 1",
        ],
        {"update_stage_failed": "install", "updater_crashes": True},
        "software_bug",
    ),
    # AWS IoT Jobs rejected topic (Jobs device MQTT API error codes)
    (
        ['{"code":"RequestThrottled","message":"Rate exceeded","clientToken":"c-91"}'],
        {"server_busy_reported": True},
        "server_overloaded",
    ),
    # hawkBit SpServerError SP_INSUFFICIENT_PERMISSION: a permission refusal
    (
        ['{"errorCode":"hawkbit.server.error.insufficientpermission","message":"x"}'],
        {"permission_denied": True},
        "access_denied_by_policy",
    ),
    # winerror.h / wuerror.h WU_E_OPERATIONINPROGRESS
    (
        ["Windows Update failed to install updates with error 0x80240009."],
        {"update_lock_held": True},
        "another_update_running",
    ),
    # update_engine aosp/update_attempter_android.cc, postinstall_runner_action.cc
    (
        ["E update_engine: Already processing an update, cancel it first."],
        {"update_lock_held": True},
        "another_update_running",
    ),
    # frameworks/base AbUpdateInstaller.java buildErrorStringsMap() (code 20)
    (
        [
            "The delta update payload was targeted for another version or the source "
            "partitionwas modified after it was installed"
        ],
        {"package_is_delta": True, "delta_base_matches": False},
        "delta_wrong_base",
    ),
    # OpenWrt fwtool.sh fwtool_check_image() (aparcar/openwrt fc21bb7), sysupgrade's echo after
    (
        [
            "Mon Jun 30 13:42:03 EEST 2025 upgrade: Image metadata not present",
            "Mon Jun 30 13:42:03 EEST 2025 upgrade: Use sysupgrade -F to override this check when "
            "downgrading or flashing to vendor firmware",
            "Image check failed.",
        ],
        {"package_format_invalid": True},
        "package_corrupted",
    ),
    # OpenWrt target/linux/mediatek/filogic/.../platform.sh platform_check_image() (8d355b8)
    (
        ["Invalid image type.", "Image check 'platform_check_image' failed."],
        {"package_format_invalid": True},
        "package_corrupted",
    ),
    # https://github.com/coolsnowwolf/lede/issues/5872 (OpenWrt mtd.c mtd_write, c3bb390): the
    # flash block could not be erased while writing the image
    (
        [
            "root@XiaoQiang:~# mtd write /tmp/openwrt-ramips-mt7621-xiaomi_mir3g-squashfs-"
            "rootfs0.bin rootfs0",
            "Unlocking rootfs0 ...",
            "Writing from /tmp/openwrt-ramips-mt7621-xiaomi_mir3g-squashfs-rootfs0.bin to "
            "rootfs0 ...  [e]Failed to erase block",
        ],
        {"flash_io_error_seen": True},
        "flash_io_error",
    ),
    # https://github.com/hanwckf/rt-n56u/issues/352 (Padavan httpd upload.c, 69382fa): the
    # image's product id is another board's
    (
        [
            "Apr 29 22:13:16 httpd[392]: Firmware update: Incorrect image ProductID: RM2100! "
            "Expected is Redmi-AC2100."
        ],
        {"package_model_matches": False},
        "package_wrong_model",
    ),
    # update_engine aosp/update_attempter_android.cc ApplyPayload(): an applied update waits
    # for its reboot, so a new payload is refused (LineageOS lineage-21.0)
    (
        [
            "03-13 17:58:06.201  993  993 E update_engine: [ERROR:update_attempter_android.cc"
            "(405)] An update already applied, waiting for reboot"
        ],
        {"update_lock_held": True},
        "another_update_running",
    ),
]


@pytest.mark.parametrize(("log", "facts", "cause"), CASES)
def test_packager_lines_set_the_facts_their_sources_say(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase, log: list[str], facts: dict, cause: str
) -> None:
    ev = scanner.scan_lines(log)
    assert ev.facts == facts
    assert posdoctor.Doctor(kb).diagnose(ev.facts).causes[0].id == cause
