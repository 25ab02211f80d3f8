"""Import every libcurl CURLcode: its number (include/curl/curl.h) and its curl_easy_strerror
text (lib/strerror.c) at curl 8.21.0, into knowledge/signatures/imported/curl.yaml (the codes
tools/importers/mappings/curl.yaml maps to facts) and imported/tables/curl.json (all of them).

    python tools/importers/curl_codes.py                 # build from the stored excerpts
    python tools/importers/curl_codes.py --refresh CURL  # re-extract them from a curl checkout
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

FAMILY = "curl"
TAG = "curl-8_21_0"
_CASE = re.compile(r'case (CURLE_\w+):\s*return ((?:"(?:[^"\\]|\\.)*"\s*)+);')
_PIECE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_MEMBER = re.compile(
    r"^\s*(CURLE?_\w+)\s*(?:CURL_DEPRECATED\([^)]*\)\s*)?(?:=\s*(\d+))?\s*,?", re.M
)


def refresh(curl: Path) -> None:
    """Re-extract the enum and the strerror switch from a curl checkout."""

    def show(path: str) -> str:
        return c.git_show(curl, TAG, path)

    header = show("include/curl/curl.h")
    start = header.index("  CURLE_OK = 0,")
    enum = header[start : header.index("} CURLcode;", start) + len("} CURLcode;")]
    body = show("lib/strerror.c")
    start = body.index("const char *curl_easy_strerror(CURLcode error)")
    switch = body[start : body.index("\n}\n", start) + 3]
    out = c.UPSTREAM / "curl"
    out.mkdir(parents=True, exist_ok=True)
    (out / "curl.h-CURLcode").write_text(enum + "\n", encoding="utf-8")
    (out / "strerror.c-curl_easy_strerror").write_text(switch, encoding="utf-8")
    tool = show("src/tool_operate.c")
    start = tool.rindex("\n", 0, tool.index('"curl: (%d) %s\\n"')) + 1
    (out / "tool_operate.c-prefix").write_text(tool[start : tool.index("\n", start) + 1])


def table() -> list[dict[str, Any]]:
    """Every CURLcode: name, number, text."""
    numbers: dict[str, int] = {}
    value = -1
    for name, explicit in _MEMBER.findall(c.excerpt("curl/curl.h-CURLcode")):
        if name == "CURL_LAST":
            break
        value = int(explicit) if explicit else value + 1
        numbers[name] = value
    texts = {}
    for name, pieces in _CASE.findall(c.excerpt("curl/strerror.c-curl_easy_strerror")):
        texts[name] = "".join(_PIECE.findall(pieces)).replace('\\"', '"')
    return [{"name": n, "number": v, "en": texts.get(n, "")} for n, v in numbers.items()]


def signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """For each mapped code: its 'curl: (N)' prefix (src/tool_operate.c prints the code so
    before the message), its text and its CURLE_ name."""
    generic = set(decided.get("text_too_generic") or [])
    out = []
    for row in rows:
        sets = decided["facts"].get(row["name"])
        if not sets:
            continue
        base = "curl-imp-" + row["name"][6:].lower().replace("_", "-")
        src = {"ref": "curl-8-21-strerror"}
        prefix = f"curl: ({row['number']})"
        out.append({"id": base + "-code", "pattern": c.literal(prefix) + " ", "sets": sets,
                    "examples": [f"{prefix} {row['en']}"], "source": src})  # fmt: skip
        if row["en"] and row["name"] not in generic:
            out.append({"id": base, "pattern": c.literal(row["en"]), "sets": sets,
                        "examples": [row["en"]], "lang": "en", "source": src})  # fmt: skip
        out.append(c.code_signature(base + "-name", row["name"], sets, src))
    return out


def build() -> None:
    """Write the signature file and the table from the stored excerpts."""
    rows = table()
    sigs = signatures(rows, c.mapping(FAMILY))
    header = (
        f"libcurl CURLcode: {len(rows)} codes imported from curl {TAG} (include/curl/curl.h, "
        f"lib/strerror.c);\n{len(sigs)} signatures for the codes tools/importers/mappings/"
        "curl.yaml maps to facts."
    )
    c.write_signatures(FAMILY, header, sigs)
    c.write_table(FAMILY, rows, ["curl/curl.h-CURLcode", "curl/strerror.c-curl_easy_strerror"])


def main() -> None:
    c.main(__doc__, build, refresh, "CURL")


if __name__ == "__main__":
    main()
