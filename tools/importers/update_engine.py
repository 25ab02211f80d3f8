"""Import every Android update_engine ErrorCode: its number (common/error_code.h) and the text
utils::ErrorCodeToString logs for it (common/error_code_utils.cc), plus the 2000 + HTTP status
range, into knowledge/signatures/imported/update_engine.yaml (the codes
tools/importers/mappings/update_engine.yaml maps to facts) and imported/tables/update_engine.json.

    python tools/importers/update_engine.py                   # build from the stored excerpts
    python tools/importers/update_engine.py --refresh CHECKOUT  # re-extract from a checkout
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

FAMILY = "update_engine"
REV = "e2094a19397a14d378c0404e72dad74d98a45632"  # LineageOS lineage-21.0
_MEMBER = re.compile(r"^\s*(k\w+)\s*=\s*(\d+),", re.M)
_CASE = re.compile(r'case ErrorCode::(k\w+):\s*return "([^"]+)";')


def refresh(checkout: Path) -> None:
    """Re-extract the enum and the ErrorCodeToString switch from an update_engine checkout."""

    def show(path: str) -> str:
        return c.git_show(checkout, REV, path)

    header = show("common/error_code.h")
    start = header.index("enum class ErrorCode")
    enum = header[start : header.index("\n};", start) + 3]
    utils = show("common/error_code_utils.cc")
    start = utils.index("string ErrorCodeToString(ErrorCode code)")
    switch = utils[start : utils.index("\n}\n", start) + 3]
    out = c.UPSTREAM / "update_engine"
    out.mkdir(parents=True, exist_ok=True)
    (out / "error_code.h-ErrorCode").write_text(enum, encoding="utf-8")
    (out / "error_code_utils.cc-ErrorCodeToString").write_text(switch, encoding="utf-8")


def table() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every ErrorCode (name, number, logged text) and the ranges (2000 + HTTP status)."""
    texts = dict(_CASE.findall(c.excerpt("update_engine/error_code_utils.cc-ErrorCodeToString")))
    rows, ranges = [], []
    for name, number in _MEMBER.findall(c.excerpt("update_engine/error_code.h-ErrorCode")):
        if name == "kOmahaRequestHTTPResponseBase":  # "+ HTTP response code" (its comment)
            ranges.append({"from": int(number) + 100, "to": int(number) + 599,
                           "text": f"ErrorCode::{name} + {{offset}}"})  # fmt: skip
            continue
        rows.append({"name": name, "number": int(number), "en": texts.get(name, "")})
    return rows, ranges


def signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """For each mapped code: the text update_engine logs for it."""
    out = []
    for row in rows:
        sets = decided["facts"].get(row["name"])
        if sets and row["en"]:
            slug = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", row["name"][1:]).lower()
            out.append({"id": f"ue-imp-{slug}", "pattern": c.literal(row["en"]) + c.AFTER,
                        "sets": sets, "examples": [row["en"]],
                        "source": {"ref": "update-engine-error-code"}})  # fmt: skip
    return out


def build() -> None:
    """Write the signature file and the table from the stored excerpts."""
    rows, ranges = table()
    sigs = signatures(rows, c.mapping(FAMILY))
    header = (
        f"Android update_engine ErrorCode: {len(rows)} codes and the 2000 + HTTP range imported "
        f"from LineageOS/android_system_update_engine {REV[:12]}\n(common/error_code.h, "
        f"common/error_code_utils.cc); {len(sigs)} signatures for the codes "
        "tools/importers/mappings/update_engine.yaml maps to facts."
    )
    c.write_signatures(FAMILY, header, sigs)
    files = [
        "update_engine/error_code.h-ErrorCode",
        "update_engine/error_code_utils.cc-ErrorCodeToString",
    ]
    c.write_table(FAMILY, rows, files, ranges=ranges)


def main() -> None:
    c.main(__doc__, build, refresh, "CHECKOUT")


if __name__ == "__main__":
    main()
