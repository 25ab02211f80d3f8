"""Import the OTA result codes of LwM2M Object 5 and of the IoT platforms' device SDKs into
knowledge/signatures/imported/tables/<family>.json (every code) and <family>.yaml (signatures for
the codes tools/importers/mappings/<family>.yaml maps to facts):

- lwm2m: OMA LwM2M registry 5.xml, Update Result (/5/0/5, 0-11) and State (/5/0/3, 0-3);
- huawei_iotda: Huawei IoTDA device SDK for C v1.2.0, the OTA upgrade report's result_code;
- huawei_pcp: the result codes of Huawei's PCP upgrade protocol (LwM2M/CoAP devices): names and
  numbers from LiteOS components/ota/sota/sota.c (response_code_e), Chinese texts from Huawei's
  PCP documentation (a web page: no repository, no version);
- tencent_ota: Tencent IoT Explorer SDK for C, IOT_OTAReportType (a report's result_code) and
  IOT_OTA_Error_Code;
- aliyun_ota: Aliyun iotkit-embedded RELEASED_V3.10, IOT_OTA_Progress_t (a progress report's
  step) and IOT_OTA_Err_t;
- aws_ota: AWS IoT OTA library v3.4.1, OtaErr_t and the PAL's main status codes;
- azure_adu: Azure Device Update agent 1.1.0, every ADUC_ERC_* extended result code with the
  value src/inc/aduc/result.h documents for it (an agent's extendedResultCode);
- aws_iot_jobs: the AWS IoT Jobs execution statuses (JobExecutionStatus of botocore's
  iot-jobs-data 2017-09-29 model), recognised by name (TIMED_OUT ...);
- azure_adu_result: the same agent's ADUC_ResultCode (src/adu_types/inc/aduc/types/adu_core.h, a
  report's resultCode: all successes but Failure 0 and Failure_Cancelled -1);
- aws_iot_jobs_rejected: the error codes of a rejected AWS IoT Jobs MQTT request (the "code" of a
  .../rejected topic's payload; RejectedErrorCode of the AWS IoT Device SDK for Python v2),
  recognised by name.

A code with a text of its own (LwM2M, Huawei, the comments of Aliyun's and AWS's enums) is
recognised by that text where the mapping says so; an enum member by its name (as a word). A
number in a structured report (``/5/0/5=5``, ``"result_code": 5``, ``"step": "-3"``) is decoded
by the table whose payload_context the line matches.

    python tools/importers/ota_codes.py   # build from the stored excerpts (no --refresh: each
                                          # excerpt is a fixed line range, see provenance.yaml)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

LWM2M = "lwm2m/5.xml-State-UpdateResult"
HUAWEI = "huawei-iotda/iota_datatrans.h-result_code"
PCP_ENUM = "huawei-pcp/sota.c-response_code_e"
PCP_DOC = "huawei-pcp/pcp-upgrade-result.txt"
TENCENT = "tencent-iot/qcloud_iot_export_ota.h-enums"
ALIYUN = "aliyun-iot/ota_api.h-enums"
AWS_ERR = "aws-ota/ota.h-OtaErr_t"
AWS_PAL = "aws-ota/ota_platform_interface.h-OtaPalMainStatus"
AZURE = "azure-adu/result.h-ERC-values"
AZURE_RESULT = "azure-adu/adu_core.h-ADUC_ResultCode"
AWS_JOBS = "aws-iot-jobs/service-2.json-JobExecutionStatus"
AWS_REJECTED = "aws-iot-jobs/iotjobs.py-RejectedErrorCode"
_REJECTED = re.compile(r"^    [A-Z_]+ = '(\w+)'\n    \"\"\"\n    (.+?)\n    \"\"\"", re.M)
_ERC = re.compile(r"^(ADUC_ERC_\w+), ERC Value: (\d+) \(0x[0-9a-f]+\)$", re.M)
_ITEM = re.compile(r"<Name>([^<]+)</Name>.*?<!\[CDATA\[(.*?)\]\]>", re.S)
_NUMBERED = re.compile(r"^(\d+): (.+?\.)(?: |$)", re.M)
_HUAWEI = re.compile(r"^\s+(\d+)\.? ([^,\n]+),?$", re.M)
_PCP_MEMBER = re.compile(r"^\s*(\w+) = (0x[0-9a-f]+),?$", re.M)
_PCP_TEXT = re.compile(r"0X([0-9A-F]{2})([^\s。]+)。")
_TYPEDEF = re.compile(r"typedef enum\s*\w*\s*\{(.*?)\}\s*(\w+);", re.S)
_MEMBER = re.compile(
    r"^\s*([A-Za-z_]\w*)\s*(?:=\s*(-?\w+))?\s*,?\s*(?:/\*\*?!?<?\s*(?:@brief\s*)?(.*?)\s*\*/)?\s*$"
)
_LONE_COMMENT = re.compile(r"^\s*/\*\s*(.*?)\s*\*/\s*$")
_DEFINE = re.compile(r"#define\s+(OtaPal\w+)\s+(0x[0-9a-f]+)U\s+/\*!< @brief (.*?) \*/")


def lwm2m() -> dict[str, list[dict[str, Any]]]:
    """Object 5's Update Result and State values with the registry's first sentence for each."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, text in _ITEM.findall(c.excerpt(LWM2M)):
        rows = [{"number": int(n), "name": f"{name} {n}", "en": t.strip()}
                for n, t in _NUMBERED.findall(text)]  # fmt: skip
        if not rows:  # State lists its values as "0: Idle (...)" without a full stop
            rows = [{"number": int(n), "name": f"{name} {n}", "en": t.strip()}
                    for n, t in re.findall(r"^(\d+): (.+)$", text, re.M)]  # fmt: skip
        out[name] = rows
    return out


def huawei() -> list[dict[str, Any]]:
    """The result codes the SDK's upgrade-status structure documents."""
    return [{"number": int(n), "name": n, "en": t.strip()}
            for n, t in _HUAWEI.findall(c.excerpt(HUAWEI))]  # fmt: skip


def huawei_pcp() -> list[dict[str, Any]]:
    """The PCP result codes: LiteOS sota.c's response_code_e names and numbers, with the Chinese
    text Huawei's PCP documentation gives a code (a code only the documentation lists is named
    by its number, 0X0A)."""
    said: dict[int, str] = {}
    for n, t in _PCP_TEXT.findall(c.excerpt(PCP_DOC)):  # the device's 0X00 before the platform's
        said.setdefault(int(n, 16), t)
    rows = {int(v, 16): {"number": int(v, 16), "name": n, "en": n}
            for n, v in _PCP_MEMBER.findall(c.excerpt(PCP_ENUM))}  # fmt: skip
    for number, text in said.items():
        rows.setdefault(number, {"number": number, "name": f"0X{number:02X}", "en": ""})
        rows[number]["zh"] = text
    return [rows[n] for n in sorted(rows)]


def pcp_signatures(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A mapped code's Chinese text (the names are LiteOS's own and never printed)."""
    decided = c.mapping("huawei_pcp")
    generic = set(decided.get("text_too_generic") or [])
    out = []
    for row in rows:
        sets = decided["facts"].get(row["name"])
        if sets and row.get("zh") and row["name"] not in generic:
            sig_id = f"huawei-pcp-imp-{row['number']:02x}"
            out.append({"id": sig_id, "pattern": c.literal(row["zh"]), "sets": sets,
                        "examples": [row["zh"]], "lang": "zh",
                        "source": {"ref": "huawei-pcp-result-codes"}})  # fmt: skip
    return out


def enums(file: str) -> dict[str, list[dict[str, Any]]]:
    """Every typedef enum of an excerpt: members, values (counting on as C does) and the text
    of the comment before or after each, if any."""
    out: dict[str, list[dict[str, Any]]] = {}
    for body, name in _TYPEDEF.findall(c.excerpt(file)):
        rows: list[dict[str, Any]] = []
        value, before = -1, ""
        for line in body.splitlines():
            lone = _LONE_COMMENT.match(line)
            member = None if lone else _MEMBER.match(line)
            if lone:
                before = lone.group(1)
            elif member:
                explicit = member.group(2) or ""
                value = int(explicit, 0) if explicit[-1:].isdigit() else value + 1
                text = member.group(3) or before or member.group(1)  # else its name
                rows.append({"number": value, "name": member.group(1), "en": text})
                before = ""
        out[name] = rows
    return out


def aws_pal() -> list[dict[str, Any]]:
    """The PAL's main status codes (the upper 8 bits of an OTA PAL error word)."""
    return [{"number": int(v, 16), "name": n, "en": t}
            for n, v, t in _DEFINE.findall(c.excerpt(AWS_PAL))]  # fmt: skip


def azure() -> list[dict[str, Any]]:
    """Every ADUC_ERC_* code and its value (the names are the only text upstream gives)."""
    return [{"number": int(v), "name": n, "en": n} for n, v in _ERC.findall(c.excerpt(AZURE))]


def aws_jobs() -> list[dict[str, Any]]:
    """The AWS IoT Jobs execution statuses, in the model's order (strings: a status has no
    number of its own; its place is its number in the table)."""
    text = c.excerpt(AWS_JOBS)
    names = re.findall(r'"([A-Z_]+)"', text[text.index('"enum"') :])
    return [{"number": i, "name": n, "en": n} for i, n in enumerate(names)]


def aws_jobs_rejected() -> list[dict[str, Any]]:
    """The error codes of a rejected AWS IoT Jobs request with the SDK's docstring for each, in
    the SDK's order (strings: a code's place is its number in the table)."""
    found = _REJECTED.findall(c.excerpt(AWS_REJECTED))
    return [{"number": i, "name": n, "en": t.strip()} for i, (n, t) in enumerate(found)]


def signatures(family: str, rows: list[dict[str, Any]], ref: str) -> list[dict[str, Any]]:
    """For each mapped code: its name as a word (enum members) and its text (unless the
    mapping calls it too generic or the family's codes have no text of their own)."""
    decided = c.mapping(family)
    generic = {str(g) for g in decided.get("text_too_generic") or []}
    by_text = decided.get("recognise_text", True)
    out = []
    for row in rows:
        sets = decided["facts"].get(row["name"]) or decided["facts"].get(row["number"])
        if not sets:
            continue
        slug = re.sub(r"[^a-z0-9]+", "-", f"{family}-imp-{row['name']}".lower()).strip("-")
        src = {"ref": ref}
        if re.fullmatch(r"[A-Za-z_]\w*", row["name"]):
            out.append(c.code_signature(slug + "-name", row["name"], sets, src))
        if by_text and row["en"] and row["name"] not in generic:
            out.append({"id": slug, "pattern": c.literal(row["en"]), "sets": sets,
                        "examples": [row["en"]], "lang": "en", "source": src})  # fmt: skip
    return out


def write(family: str, what: str, rows: list[dict[str, Any]], ref: str, files: list[str],
          more: list[dict[str, Any]] | None = None) -> None:  # fmt: skip
    """One family's signature file and table (``more``: codes of another enum of the family,
    recognised by name but not in the table a report's number is decoded by)."""
    sigs = signatures(family, rows + (more or []), ref)
    header = (
        f"{what}: {len(rows)} codes imported;\n{len(sigs)} signatures for the codes "
        f"tools/importers/mappings/{family}.yaml maps to facts."
    )
    c.write_signatures(family, header, sigs)
    c.write_table(family, rows, files)


def build() -> None:
    """Write every family's signatures and tables from the stored excerpts."""
    items = lwm2m()
    write("lwm2m", "LwM2M Object 5 Update Result (OMA registry 5.xml)", items["Update Result"],
          "lwm2m-registry-5", [LWM2M])  # fmt: skip
    c.write_table("lwm2m_state", items["State"], [LWM2M])
    write("huawei_iotda", "Huawei IoTDA OTA upgrade result_code (device SDK for C v1.2.0)",
          huawei(), "huawei-iotda-sdk-c-ota", [HUAWEI])  # fmt: skip
    pcp = huawei_pcp()
    sigs = pcp_signatures(pcp)
    header = (f"Huawei IoT platform PCP upgrade result codes (LiteOS sota.c, Huawei's PCP "
              f"documentation): {len(pcp)} codes imported;\n{len(sigs)} signatures for the codes "
              "tools/importers/mappings/huawei_pcp.yaml maps to facts.")  # fmt: skip
    c.write_signatures("huawei_pcp", header, sigs)
    c.write_table("huawei_pcp", pcp, [PCP_ENUM, PCP_DOC])
    tencent = enums(TENCENT)
    write("tencent_ota", "Tencent IoT Explorer OTA report codes (IOT_OTAReportType)",
          tencent["IOT_OTAReportType"], "tencent-iot-explorer-ota", [TENCENT],
          tencent["IOT_OTA_Error_Code"])  # fmt: skip
    c.write_table("tencent_ota_error", tencent["IOT_OTA_Error_Code"], [TENCENT])
    aliyun = enums(ALIYUN)
    write("aliyun_ota", "Aliyun IoT OTA progress codes (IOT_OTA_Progress_t)",
          aliyun["IOT_OTA_Progress_t"], "aliyun-iotkit-ota", [ALIYUN],
          aliyun["IOT_OTA_Err_t"])  # fmt: skip
    c.write_table("aliyun_ota_error", aliyun["IOT_OTA_Err_t"], [ALIYUN])
    write("aws_ota", "AWS IoT OTA library OtaErr_t and PAL main status codes",
          enums(AWS_ERR)["OtaErr_t"] + aws_pal(), "aws-ota-3-4-1", [AWS_ERR, AWS_PAL])  # fmt: skip
    write("azure_adu", "Azure Device Update agent 1.1.0 extended result codes (ADUC_ERC_*)",
          azure(), "azure-adu-1-1-0-erc", [AZURE])  # fmt: skip
    write("azure_adu_result", "Azure Device Update agent 1.1.0 result codes (ADUC_ResultCode)",
          enums(AZURE_RESULT)["ADUC_ResultCode"], "azure-adu-1-1-0-erc",
          [AZURE_RESULT])  # fmt: skip
    write("aws_iot_jobs", "AWS IoT Jobs execution statuses (botocore iot-jobs-data model)",
          aws_jobs(), "aws-iot-jobs-data-model", [AWS_JOBS])  # fmt: skip
    write("aws_iot_jobs_rejected", "AWS IoT Jobs rejected-request error codes (RejectedErrorCode)",
          aws_jobs_rejected(), "aws-iot-jobs-rejected-codes", [AWS_REJECTED])  # fmt: skip


if __name__ == "__main__":
    build()
