"""The importers of the OTA updaters and IoT platforms (issue 11 item 1, branch imports-b): each
one's output is reproducible from its stored excerpts, its table is whole, its mapping names only
what the table has, and real messages of each family are recognised as the mapping says.

Every message below is quoted from the pinned upstream source named beside it (file:line at the
version tools/importers/upstream/provenance.yaml pins), with its printf conversions filled in."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import posdoctor
from posdoctor.logs.logscan import LogScanner

from .test_importers import importer, table

ROOT = Path(__file__).resolve().parent.parent
IMPORTED = ROOT / "knowledge" / "signatures" / "imported"
UPSTREAM = ROOT / "tools" / "importers" / "upstream"
FAMILIES = {  # importer module -> the files it writes
    "mender_messages": ["mender.yaml", "tables/mender.json"],
    "mender3_messages": ["mender3.yaml", "tables/mender3.json"],
    "swupdate_messages": ["swupdate.yaml", "tables/swupdate.json"],
    "rauc_hawkbit_messages": ["rauc_hawkbit.yaml", "tables/rauc_hawkbit.json"],
    "hawkbit_errors": ["hawkbit.yaml", "tables/hawkbit.json"],
    "ota_codes": [
        "lwm2m.yaml", "tables/lwm2m.json", "tables/lwm2m_state.json",
        "huawei_iotda.yaml", "tables/huawei_iotda.json",
        "huawei_pcp.yaml", "tables/huawei_pcp.json",
        "tencent_ota.yaml", "tables/tencent_ota.json", "tables/tencent_ota_error.json",
        "aliyun_ota.yaml", "tables/aliyun_ota.json", "tables/aliyun_ota_error.json",
        "aws_ota.yaml", "tables/aws_ota.json", "azure_adu.yaml", "tables/azure_adu.json",
        "azure_adu_result.yaml", "tables/azure_adu_result.json",
        "aws_iot_jobs.yaml", "tables/aws_iot_jobs.json",
        "aws_iot_jobs_rejected.yaml", "tables/aws_iot_jobs_rejected.json",
    ],
}  # fmt: skip
MESSAGE_FAMILIES = {  # family -> its excerpt of one call a line
    "mender": "mender/calls.txt",
    "mender3": "mender3/messages.txt",
    "swupdate": "swupdate/error-messages.txt",
    "rauc_hawkbit": "rauc-hawkbit-updater/error-messages.txt",
}


def module(name: str) -> ModuleType:
    """One importer script (tools/importers is put on sys.path by ``importer``)."""
    return importer(name)


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_output_is_reproducible_from_the_stored_excerpts(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(module("_common"), "IMPORTED", tmp_path)
    module(name).build()
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written == sorted(FAMILIES[name])
    for file in FAMILIES[name]:
        assert (tmp_path / file).read_bytes() == (IMPORTED / file).read_bytes(), file


@pytest.mark.parametrize(("family", "excerpt"), sorted(MESSAGE_FAMILIES.items()))
def test_message_tables_hold_every_extracted_call(family: str, excerpt: str) -> None:
    lines = (UPSTREAM / excerpt).read_text(encoding="utf-8").splitlines()
    rows = table(family)["codes"]
    calls = [r for r in rows if r.get("call") != "message"]
    assert len(calls) == len(lines) > 60
    assert [r["number"] for r in rows] == list(range(len(rows)))
    assert all(r["en"] and r["where"] for r in rows)


@pytest.mark.parametrize(
    ("family", "name", "number", "en"),
    [
        ("hawkbit", "SP_ARTIFACT_BINARY_DELETED", 25, "The artifact binary does not exist anymore."),
        ("lwm2m", "Update Result 5", 5, "Integrity check failure for new downloaded package."),
        ("lwm2m_state", "State 2", 2, "Downloaded"),
        ("huawei_iotda", "5", 5, "Insufficient space"),
        ("huawei_iotda", "255", 255, "internal exception"),
        ("tencent_ota", "IOT_OTAR_MD5_NOT_MATCH", -4, "IOT_OTAR_MD5_NOT_MATCH"),
        ("tencent_ota_error", "IOT_OTA_ERR_FETCH_NOT_EXIST", -6, "IOT_OTA_ERR_FETCH_NOT_EXIST"),
        ("aliyun_ota", "IOT_OTAP_CHECK_FALIED", -3, "Check firmware file failed"),
        ("aliyun_ota_error", "IOT_OTAE_NOMEM", -6, "IOT_OTAE_NOMEM"),
        ("aws_ota", "OtaErrDowngradeNotAllowed", 15,
         "Firmware version is older than the previous version."),
        ("aws_ota", "OtaPalSignatureCheckFailed", 0xE3,
         "The signature check failed for the specified file."),
        ("azure_adu", "ADUC_ERC_CONTENT_DOWNLOADER_INVALID_FILE_HASH", 0x4000000C,
         "ADUC_ERC_CONTENT_DOWNLOADER_INVALID_FILE_HASH"),
    ],
)  # fmt: skip
def test_code_tables_hold_known_codes(family: str, name: str, number: int, en: str) -> None:
    (row,) = [r for r in table(family)["codes"] if r["name"] == name]
    assert (row["number"], row["en"]) == (number, en)


@pytest.mark.parametrize(
    ("family", "count"),
    [("hawkbit", 52), ("lwm2m", 12), ("lwm2m_state", 4), ("huawei_iotda", 12),
     ("huawei_pcp", 14), ("tencent_ota", 10), ("tencent_ota_error", 12), ("aliyun_ota", 6),
     ("aliyun_ota_error", 8), ("aws_ota", 24 + 16), ("azure_adu", 283)],
)  # fmt: skip
def test_code_tables_are_whole(family: str, count: int) -> None:
    """As many codes as the pinned enum / registry entry has (counted by hand upstream)."""
    rows = table(family)["codes"]
    assert len(rows) == count
    assert len({r["name"] for r in rows}) == count


def test_hawkbit_codes_carry_their_http_status() -> None:
    status = {r["name"]: r["http"] for r in table("hawkbit")["codes"]}
    assert status["SP_REPO_ENTITY_NOT_EXISTS"] == 404
    assert status["SP_ARTIFACT_BINARY_DELETED"] == 410
    assert status["SP_QUOTA_EXCEEDED"] == 429
    assert status["SP_LOCKED"] == 423
    assert status["SP_ROLLOUT_VERIFICATION_FAILED"] == 500  # not listed: the default
    keys = {r["key"] for r in table("hawkbit")["codes"]}
    assert "hawkbit.server.error.repo.entityNotFound" in keys


@pytest.mark.parametrize(
    "family",
    ["mender", "mender3", "swupdate", "rauc_hawkbit", "hawkbit", "lwm2m", "huawei_iotda",
     "huawei_pcp", "tencent_ota", "aliyun_ota", "aws_ota", "azure_adu"],
)  # fmt: skip
def test_mappings_name_only_what_the_tables_have(family: str) -> None:
    """A code the table lacks, or a text piece no message holds, is a dead decision."""
    decided = module("_common").mapping(family)
    rows = table(family)["codes"]
    extra = {"tencent_ota": "tencent_ota_error", "aliyun_ota": "aliyun_ota_error"}.get(family)
    rows += table(extra)["codes"] if extra else []
    names = {r["name"] for r in rows} | {r["number"] for r in rows}
    assert set(decided.get("facts") or {}) - names == set()
    assert {str(g) for g in decided.get("text_too_generic") or []} <= {
        str(k) for k in decided.get("facts") or {}
    }
    texts = [r["en"].lower() for r in rows]
    dead = [e["contains"] for e in decided.get("texts") or []
            if not any(e["contains"].lower() in t for t in texts)]  # fmt: skip
    assert dead == []


def test_every_mapped_fact_exists(kb: posdoctor.KnowledgeBase) -> None:
    for family in ("mender", "mender3", "swupdate", "rauc_hawkbit", "hawkbit", "lwm2m", "huawei_iotda",
                   "huawei_pcp", "tencent_ota", "aliyun_ota", "aws_ota", "azure_adu"):  # fmt: skip
        decided = module("_common").mapping(family)
        sets = list((decided.get("facts") or {}).values())
        sets += [e["sets"] for e in decided.get("texts") or []]
        for facts in sets:
            for fact, value in facts.items():
                posdoctor.kb.answers.convert(kb.facts[fact], value)


@pytest.mark.parametrize(
    ("line", "facts"),
    [
        # mender 5.1.0 src/artifact/sha/sha.cpp (ShasumMismatchError)
        ('record_id=31 severity=error time="2024-02-13T11:02:27Z" name="Global" msg="The checksum '
         'of the read byte-stream does not match the expected checksum, (expected): 5a2b9e '
         '(calculated): 9c1d04"', {"checksum_matches": False}),
        # mender 5.1.0 src/mender-update/daemon/states.cpp:77
        ("Received error: (Process returned non-zero exit status: ArtifactInstall_Enter_00: "
         "Process exited with status 1) when running the State Script scripts "
         "ArtifactInstall_Enter", {"updater_crashes": True}),
        # mender 5.1.0 src/artifact/parser.cpp (SignatureVerificationError)
        ("Wrong manifest signature or wrong key", {"signature_valid": False}),
        # mender 5.1.0 src/common/http/http_resumer.cpp
        ("Giving up on resuming the download: Connection reset by peer",
         {"connection_drops": True}),
        # mender 3.5.3 installer/installer.go:133 (logfmt, as the Go client logs)
        ('time="2023-06-01T10:12:44Z" level=error msg="installer: image (device types '
         '[pos-a920]) not compatible with device pos-a930"', {"package_model_matches": False}),
        # mender 3.5.3 vendor/github.com/mendersoftware/mender-artifact/artifact/checksum.go:100
        ('level=error msg="Artifact install failed: payload: invalid checksum; expected: [5a2b]; '
         'actual: [9c1d]"', {"checksum_matches": False}),
        # mender 3.5.3 app/standalone.go:204
        ('level=error msg="ArtifactInstall_Enter script failed: exit status 1"',
         {"updater_crashes": True}),
        # swupdate 2026.05.1 core/util.c:1339
        ("[ERROR] : SWUPDATE failed [0] ERROR core/util.c : check_free_space : 1339 : Not enough "
         "free space to extract rootfs.ext4 (needed 268435456, got 104857600)",
         {"storage_full_error": True}),
        # swupdate 2026.05.1 core/cpio_utils.c:588
        ("ERROR : HASH mismatch : 7f83b1657ff1fc53b92dc18148a1d65dfc2d4b1fa3d677284addd200126d9069"
         " <--> 5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
         {"checksum_matches": False}),
        # swupdate 2026.05.1 crypto/swupdate_cms_verify_openssl.c:414
        ("[ERROR] : SWUPDATE failed [0] ERROR Authentication of all signatures failed",
         {"signature_valid": False}),
        # rauc-hawkbit-updater v1.4 src/hawkbit-client.c:1290
        ("rauc-hawkbit-updater[612]: File size 73400320 exceeds available space 1048576",
         {"storage_full_error": True}),
        # rauc-hawkbit-updater v1.4 src/hawkbit-client.c:1456
        ("WARNING: Failed to authenticate. Check if auth_token is correct?",
         {"auth_error_shown": True}),
        # rauc-hawkbit-updater v1.4 src/hawkbit-client.c:1004
        ("Software: pos-rootfs V2.4.1. Invalid checksum: 9c1d04 expected 5a2b9e",
         {"checksum_matches": False}),
        # hawkBit 1.1.0 SpServerError SP_ARTIFACT_BINARY_DELETED (the DDI error body)
        ('{"exceptionClass":"org.eclipse.hawkbit.repository.exception.ArtifactBinaryGoneException",'
         '"errorCode":"hawkbit.server.error.artifact.binaryDeleted","message":"The artifact '
         'binary does not exist anymore."}', {"remote_file_missing": True}),
        # hawkBit 1.1.0 SpServerError SP_REPO_TENANT_NOT_EXISTS
        ("errorCode: hawkbit.server.error.repo.tenantNotExists", {"server_url_correct": False}),
        # AWS IoT OTA v3.4.1 ota_platform_interface.h OtaPalSignatureCheckFailed
        ("[ERROR] [OTA] Failed to close file: OtaPalSignatureCheckFailed",
         {"signature_valid": False}),
    ],
)  # fmt: skip
def test_real_messages_are_recognised_as_mapped(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase, line: str, facts: dict
) -> None:
    ev = scanner.scan_lines([line])
    want = {f: posdoctor.kb.answers.convert(kb.facts[f], v) for f, v in facts.items()}
    assert ev.facts == want


@pytest.mark.parametrize(
    ("line", "facts", "decoded"),
    [
        # Huawei IoTDA $ota upgrade_progress_report (result_code 5: Insufficient space)
        ('{"services":[{"service_id":"$ota","event_type":"upgrade_progress_report","paras":'
         '{"result_code":5,"progress":0,"version":"V2.1.0"}}]}', {"storage_full_error": True},
         "Insufficient space (huawei_iotda)"),
        # Tencent report_progress as ota_lib.c qcloud_otalib_gen_report_msg writes it
        ('{"type": "report_progress", "report": {"progress": {"state":"fail", "result_code":"-4",'
         ' "result_msg":"time_out"}, "version": "1.2.0"}}', {"checksum_matches": False},
         "IOT_OTAR_MD5_NOT_MATCH (tencent_ota)"),
        # Aliyun /ota/device/progress as ota_lib.c writes it ({"id":%d,"params":{"step":...}})
        ('/ota/device/progress/a1b2/pos01 {"id":3,"params":{"step":"-3","desc":"check failed"}}',
         {"checksum_matches": False}, "IOT_OTAP_CHECK_FALIED (aliyun_ota)"),
        # Azure Device Update lastInstallResult (extendedResultCode 0x4000000c)
        ('{"lastInstallResult":{"resultCode":0,"extendedResultCode":1073741836,'
         '"resultDetails":""}}', {"checksum_matches": False},
         "ADUC_ERC_CONTENT_DOWNLOADER_INVALID_FILE_HASH (azure_adu)"),
        # LwM2M Update Result resource /5/0/5 = 2
        ("lwm2m: notify /5/0/5=2", {"storage_full_error": True},
         "Not enough flash memory for the new firmware package. (lwm2m)"),
        ('{"/5/0/5": 4, "/5/0/3": 0}', {"connection_drops": True},
         "Connection lost during downloading process. (lwm2m)"),
    ],
)  # fmt: skip
def test_structured_reports_decode_through_their_family(
    scanner: LogScanner, kb: posdoctor.KnowledgeBase, line: str, facts: dict, decoded: str
) -> None:
    ev = scanner.scan_lines([line])
    want = {f: posdoctor.kb.answers.convert(kb.facts[f], v) for f, v in facts.items()}
    assert ev.facts == want
    assert any(m.decoded and m.decoded.endswith(decoded) for m in ev.matches)


@pytest.mark.parametrize(
    "line",
    [
        '/ota/device/progress/a1b2/pos01 {"id":3,"params":{"step":"3","desc":""}}',  # 3 % done
        "step=-3 result_code=5",  # no family's context: a shared key decodes nothing
        '{"type": "report_progress", "report": {"progress": {"state":"downloading", '
        '"percent":"10", "result_code":"0", "result_msg":""}}}',
        "lwm2m: notify /5/0/3=1",  # a State value proves nothing
    ],
)
def test_reports_that_prove_nothing_set_nothing(scanner: LogScanner, line: str) -> None:
    assert scanner.scan_lines([line]).facts == {}


def test_extractor_reads_concatenations_macros_and_codes() -> None:
    m = module("_messages")
    source = (
        "  g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOSPC,\n"
        '      "File size %" G_GOFFSET_FORMAT " exceeds available space %" G_GOFFSET_FORMAT,\n'
        '      size, free);  // "a comment"\n'
        '  log::Error("Commit failed: " + err.String());\n'
        '  return MakeError(mender::common::error::ProgrammingError, "No \\"quoted\\" text");\n'
        '  // log::Error("commented out");\n'
    )
    calls = {"g_set_error": 2, "log::Error": None, "MakeError": 0}
    assert m.extract(source, calls) == [
        (1, "g_set_error", "G_FILE_ERROR_NOSPC", "File size %lu exceeds available space %lu"),
        (4, "log::Error", "-", "Commit failed: %s"),
        (5, "MakeError", "ProgrammingError", 'No \\"quoted\\" text'),
    ]


def test_short_or_conversion_only_messages_get_no_pattern() -> None:
    m = module("_messages")
    assert m.pattern("%s") is None
    assert m.pattern("Read failed") is None  # 11 characters: too generic
    assert m.pattern("HASH mismatch : %s <--> %s") == "HASH mismatch :.*<\\-\\->"


_FILL = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_message_patterns_match_their_message_whatever_fills_it(data: st.DataObject) -> None:
    """Any text in place of a message's conversions still matches its signature's pattern."""
    m = module("_messages")
    sigs = [
        s
        for family in MESSAGE_FAMILIES
        for s in _signatures(family)
        if "%" in s["examples"][0] or "\\n" in s["examples"][0]
    ]
    sig = data.draw(st.sampled_from(sigs))
    example = sig["examples"][0].replace('\\"', '"').replace("\\n", "%s")
    pieces = m._SPEC.split(example.replace("%%", "%"))
    line = "".join(p + (data.draw(_FILL) if i < len(pieces) - 1 else "")
                   for i, p in enumerate(pieces))  # fmt: skip
    assert re.search(sig["pattern"], line), (sig["id"], line)


def _signatures(family: str) -> list[dict]:
    """The generated signatures of one family, read back from its file."""
    import yaml

    doc = yaml.safe_load((IMPORTED / f"{family}.yaml").read_text(encoding="utf-8"))
    return list(doc["signatures"])


def test_tables_stay_small_enough_for_the_cold_start() -> None:
    """Every table is parsed at start-up (logs/payloads.py): keep the ones added here lean."""
    sizes = {f: (IMPORTED / "tables" / f"{f}.json").stat().st_size for f in
             ("mender", "swupdate", "rauc_hawkbit", "hawkbit", "lwm2m", "aws_ota")}  # fmt: skip
    assert sum(sizes.values()) < 400_000, sizes
    assert json.loads((IMPORTED / "tables" / "aliyun_ota.json").read_text())["payload_signed"]


def test_huawei_pcp_codes_and_texts(kb: posdoctor.KnowledgeBase) -> None:
    """LiteOS sota.c numbers the PCP codes as the MQTT result_code (2-9); Huawei's PCP
    documentation gives the Chinese texts, and 0X0A only there. The platform's 0X80 answer (the
    task is gone) is an update no longer assigned; 0X7F proves nothing, as 255 does over MQTT."""
    rows = {r["number"]: r for r in table("huawei_pcp")["codes"]}
    assert (rows[0x0A]["name"], rows[0x0A]["zh"]) == ("0X0A", "安装升级包失败")
    assert (rows[0x80]["name"], rows[0x80]["zh"]) == ("UPDATE_TASK_EXIT", "升级任务不存在")
    assert rows[0]["zh"] == "升级成功"  # the device's report, before the platform's answer
    scanner = LogScanner(kb)
    answer = "物联网平台应答 (PCP 消息码 24): 结果码 0X80：升级任务不存在。"
    assert scanner.scan_lines([answer]).facts == {"update_assigned_in_tms": False}
    top = posdoctor.Doctor(kb).diagnose({"update_assigned_in_tms": False}).causes[0]
    assert (top.id, top.category) == ("update_not_assigned", "server")
    assert scanner.scan_lines(["设备上报升级结果: 结果码 0X7F：内部异常。"]).facts == {}
