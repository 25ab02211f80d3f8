"""Import what an ESP-IDF device prints when an OTA update fails: every esp_err_t code with its
number and description (components/esp_common/src/esp_err_to_name.c, the table esp_err_to_name()
prints from) and every ESP_LOGE / ESP_LOGW / ESP_LOGI (and FAIL_LOAD) message of the OTA path
(esp_https_ota, app_update's esp_ota_ops, bootloader_support's image format and secure-boot
signature checks, esp-tls), at ESP-IDF v5.5.4, into imported/tables/esp_err.json and
imported/tables/esp_idf.json (every code and message) and imported/esp_err.yaml,
imported/esp_idf.yaml (signatures for what mappings/esp_err.yaml and mappings/esp_idf.yaml map
to facts).

    python tools/importers/esp_idf.py                    # build from the stored excerpts
    python tools/importers/esp_idf.py --refresh ESP_IDF  # re-extract from a git checkout
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c
import _messages as m

TAG = "v5.5.4"  # 735507283d5b2f9fb363a1901172dbd9e847945d
ERR_EXCERPT = "esp-idf/esp_err_to_name.c-table"
MSG_EXCERPT = "esp-idf/ota-messages.txt"
MSG_REF = "esp-idf-5-5-4-ota-messages"
ERR_REF = "esp-idf-5-5-4-esp-err"
SOURCES = [
    "components/esp_https_ota/src/esp_https_ota.c",
    "components/app_update/esp_ota_ops.c",
    "components/bootloader_support/src/esp_image_format.c",
    "components/bootloader_support/src/secure_boot_v2/secure_boot_signatures_app.c",
    "components/esp-tls/esp_tls.c",
    "components/esp-tls/esp_tls_mbedtls.c",
]
# FAIL_LOAD (esp_image_format.c) is ESP_LOGE(TAG, __VA_ARGS__) unless silent, then goto err
CALLS: dict[str, int | None] = {
    "ESP_LOGE": None,
    "ESP_LOGW": None,
    "ESP_LOGI": None,
    "FAIL_LOAD": None,
}
_ROW = re.compile(
    r"ERR_TBL_IT\((\w+)\),\s*/\*\s*(-?\d+)(?: 0x[0-9a-f]+)? (.*?)\*/", re.S
)  # fmt: skip


def refresh(repo: Path) -> None:
    """Re-extract the esp_err table and the OTA path's messages from a checkout at TAG."""
    table = m.show(repo, TAG, "components/esp_common/src/esp_err_to_name.c")
    start = table.index("static const esp_err_msg_t esp_err_msg_table[] = {")
    end = table.index("};", start) + 2
    c.store_excerpt(ERR_EXCERPT, table[start:end] + "\n")
    m.refresh_excerpt(repo, TAG, SOURCES, CALLS, MSG_EXCERPT)


def err_table() -> list[dict[str, Any]]:
    """Every esp_err_t code: name, number, the description its header gives (on one line)."""
    rows = []
    for name, number, text in _ROW.findall(c.excerpt(ERR_EXCERPT)):
        rows.append({"name": name, "number": int(number), "en": " ".join(text.split())})
    return sorted(rows, key=lambda r: (r["number"], r["name"]))


def err_signatures(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A code's name as a word (esp_err_to_name() prints the name, never the description)."""
    decided = c.mapping("esp_err")["facts"]
    out = []
    for row in rows:
        if row["name"] in decided:
            sig_id = "esp-err-imp-" + row["name"].lower().replace("_", "-")
            sets = decided[row["name"]]
            out.append(c.code_signature(sig_id, row["name"], sets, {"ref": ERR_REF}))
    return out


def build() -> None:
    """Write both families' signature files and tables from the stored excerpts."""
    rows = err_table()
    sigs = err_signatures(rows)
    header = (
        f"ESP-IDF {TAG} esp_err_t codes: {len(rows)} imported from esp_err_to_name.c;\n"
        f"{len(sigs)} signatures for the codes tools/importers/mappings/esp_err.yaml maps to facts."
    )
    c.write_signatures("esp_err", header, sigs)
    c.write_table("esp_err", rows, [ERR_EXCERPT])
    m.build(
        "esp_idf",
        MSG_EXCERPT,
        MSG_REF,
        f"ESP-IDF {TAG} OTA-path ESP_LOGE/ESP_LOGW/ESP_LOGI messages",
    )


def main() -> None:
    c.main(__doc__, build, refresh, "ESP_IDF")


if __name__ == "__main__":
    main()
