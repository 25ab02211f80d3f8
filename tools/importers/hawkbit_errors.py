"""Import Eclipse hawkBit's server error codes (enum SpServerError at hawkBit 1.1.0: the code, its
hawkbit.server.error.* key and message) with the HTTP status the REST layer answers each with
(RestConfiguration.ResponseExceptionHandler.ERROR_TO_HTTP_STATUS, INTERNAL_SERVER_ERROR when not
listed) into imported/tables/hawkbit.json, and signatures for the codes
tools/importers/mappings/hawkbit.yaml maps to facts into imported/hawkbit.yaml: each code's key
(as the errorCode of the JSON error body) and its message.

    python tools/importers/hawkbit_errors.py                   # from the stored excerpts
    python tools/importers/hawkbit_errors.py --refresh HAWKBIT # re-extract from a checkout
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c
import _messages as m

FAMILY = "hawkbit"
TAG = "1.1.0"
REF = "hawkbit-1-1-0-server-errors"
ENUM = "hawkbit/SpServerError.java"
STATUS = "hawkbit/RestConfiguration.java-ERROR_TO_HTTP_STATUS"
ENUM_PATH = "hawkbit-core/src/main/java/org/eclipse/hawkbit/exception/SpServerError.java"
REST_PATH = (
    "hawkbit-rest/hawkbit-rest-core/src/main/java/org/eclipse/hawkbit/rest/RestConfiguration.java"
)
_MEMBER = re.compile(r"(SP_\w+)\(\s*\"([^\"]+)\",\s*\"((?:[^\"\\]|\\.)*)\"\s*\)")
_PUT = re.compile(r"ERROR_TO_HTTP_STATUS\.put\(SpServerError\.(SP_\w+), (\w+)\);")
_DEFAULT = re.compile(r"DEFAULT_RESPONSE_STATUS = (\w+);")


def refresh(repo: Path) -> None:
    """Re-extract the enum and the status map at TAG."""
    enum = m.show(repo, TAG, ENUM_PATH)
    start = enum.index("public enum SpServerError")
    (c.UPSTREAM / ENUM).write_text(enum[start : enum.rindex("}") + 1] + "\n", encoding="utf-8")
    rest = m.show(repo, TAG, REST_PATH).splitlines()
    keep = [line for line in rest if _PUT.search(line) or _DEFAULT.search(line)]
    (c.UPSTREAM / STATUS).write_text("\n".join(keep) + "\n", encoding="utf-8")


def http_numbers() -> dict[str, int]:
    """HTTP status names (NOT_FOUND ...) -> numbers, from the imported HTTP table."""
    path = c.ROOT / "knowledge" / "signatures" / "imported" / "tables" / "http.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {row["name"]: row["number"] for row in doc["codes"]}


def table() -> list[dict[str, Any]]:
    """Every SpServerError: its place, code, key, message and HTTP status."""
    text = c.excerpt(STATUS)
    numbers = http_numbers()
    default = numbers[_DEFAULT.search(text).group(1)]  # type: ignore[union-attr]
    status = {code: numbers[name] for code, name in _PUT.findall(text)}
    rows = []
    for i, (code, key, message) in enumerate(_MEMBER.findall(c.excerpt(ENUM))):
        rows.append({"number": i, "name": code, "key": key, "en": message,
                     "http": status.get(code, default)})  # fmt: skip
    return rows


def signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """For each mapped code: its key and (unless too generic) its message."""
    generic = set(decided.get("text_too_generic") or [])
    out = []
    for row in rows:
        sets = decided["facts"].get(row["name"])
        if not sets:
            continue
        base = "hawkbit-imp-" + row["name"][3:].lower().replace("_", "-")
        src = {"ref": REF}
        out.append({"id": base + "-key", "pattern": c.word(c.literal(row["key"])), "sets": sets,
                    "examples": [row["key"]], "source": src})  # fmt: skip
        if row["name"] not in generic:
            out.append({"id": base, "pattern": c.literal(row["en"]), "sets": sets,
                        "examples": [row["en"]], "lang": "en", "source": src})  # fmt: skip
    return out


def build() -> None:
    """Write the signature file and the table from the stored excerpts."""
    rows = table()
    sigs = signatures(rows, c.mapping(FAMILY))
    header = (
        f"hawkBit server errors: {len(rows)} SpServerError codes imported from hawkBit {TAG} "
        f"(with their HTTP status);\n{len(sigs)} signatures for the codes "
        f"tools/importers/mappings/{FAMILY}.yaml maps to facts."
    )
    c.write_signatures(FAMILY, header, sigs)
    c.write_table(FAMILY, rows, [ENUM, STATUS])


def main() -> None:
    c.main(__doc__, build, refresh, "HAWKBIT")


if __name__ == "__main__":
    main()
