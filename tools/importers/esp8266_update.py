"""Import what the ESP8266 Arduino core prints when an HTTP update fails: ESP8266httpUpdate's
error codes (HTTP_UE_*, -100 ... -108) with the texts getLastErrorString() returns for them (at
3.1.2, and the older texts of 2.3.0: "To less space" ...), the HTTP client's errors it passes on
(HTTPC_ERROR_*, -1 ... -11, "HTTP error: " + errorToString()) and the Updater's (UPDATE_ERROR_*,
1 ... 14, "Update error: ERROR[n]: " + getErrorString()), into imported/tables/esp8266_update.json
(every code) and imported/esp8266_update.yaml (signatures for the codes
mappings/esp8266_update.yaml maps to facts).

A mapped code is recognised by its name (as a word), by the numbered line the library's example
sketch prints ("HTTP_UPDATE_FAILD Error (-104): ...", "HTTP update fatal error code -104") and
by its text, unless the mapping calls the text too generic.

    python tools/importers/esp8266_update.py                   # build from the stored excerpts
    python tools/importers/esp8266_update.py --refresh ARDUINO  # re-extract from a git checkout
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

TAG = "3.1.2"  # 210897ef83305496947c4e73c937bab52a33cb48
OLD = "2.3.0"  # 09826c6d87e54c15422da90f060377c9ef188947: the texts before 2.4.0 renamed them
REF = "esp8266-arduino-3-1-2-httpupdate"
DIR = "esp8266-arduino"
EXCERPTS = {  # stored excerpt -> (tag, file, first line of the part, its last line)
    "ESP8266httpUpdate.h-errors": (TAG, "libraries/ESP8266httpUpdate/src/ESP8266httpUpdate.h",
                                   "constexpr int HTTP_UE_TOO_LESS_SPACE", "};"),
    "ESP8266httpUpdate.cpp-getLastErrorString": (
        TAG, "libraries/ESP8266httpUpdate/src/ESP8266httpUpdate.cpp",
        "String ESP8266HTTPUpdate::getLastErrorString(void)", "}"),
    "ESP8266httpUpdate.h-errors-2.3.0": (
        OLD, "libraries/ESP8266httpUpdate/src/ESP8266httpUpdate.h",
        "#define HTTP_UE_TOO_LESS_SPACE", "#define HTTP_UE_BIN_FOR"),
    "ESP8266httpUpdate.cpp-getLastErrorString-2.3.0": (
        OLD, "libraries/ESP8266httpUpdate/src/ESP8266httpUpdate.cpp",
        "String ESP8266HTTPUpdate::getLastErrorString(void)", "}"),
    "ESP8266HTTPClient.h-errors": (
        TAG, "libraries/ESP8266HTTPClient/src/ESP8266HTTPClient.h",
        "#define HTTPC_ERROR_CONNECTION_FAILED", "#define HTTPC_ERROR_READ"),
    "ESP8266HTTPClient.cpp-errorToString": (
        TAG, "libraries/ESP8266HTTPClient/src/ESP8266HTTPClient.cpp",
        "String HTTPClient::errorToString(int error)", "}"),
    "Updater.h-errors": (TAG, "cores/esp8266/Updater.h", "#define UPDATE_ERROR_OK",
                         "#define UPDATE_ERROR_OOM"),
    "Updater.cpp-getErrorString": (TAG, "cores/esp8266/Updater.cpp",
                                   "String UpdaterClass::getErrorString() const {",
                                   "  out.printf_P(PSTR(\"ERROR[%hhu]: %s\\n\")"),
    "httpUpdate.ino-prints": (TAG, "libraries/ESP8266httpUpdate/examples/httpUpdate/httpUpdate.ino",
                              "void update_error(int err) {", "      case HTTP_UPDATE_OK:"),
}  # fmt: skip
LINES = ("HTTP_UPDATE_FAILD Error ({})", "HTTP update fatal error code {}")  # httpUpdate.ino
_NUMBER = re.compile(r"\b((?:HTTP_UE|HTTPC_ERROR|UPDATE_ERROR)_\w+)\s*=?\s*\(\s*(-?\d+)\s*\)")
_RETURN = re.compile(r'case (\w+):\s*return F\("([^"]*)"\);')
_CASE = re.compile(r"case (\w+):(.*?)break;", re.S)
_PIECE = re.compile(r'out \+?= F\("([^"]*)"\)( \+ [^;]+)?;')


def refresh(repo: Path) -> None:
    """Re-extract every excerpt from a git checkout of esp8266/Arduino (both tags)."""
    for name, (tag, path, first, last) in EXCERPTS.items():
        lines = c.git_show(repo, tag, path).splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith(first))
        end = next(i for i in range(start, len(lines)) if lines[i].startswith(last))
        c.store_excerpt(f"{DIR}/{name}", "\n".join(lines[start : end + 1]) + "\n")


def numbers(*files: str) -> dict[str, int]:
    """Code name -> number, from the #define / constexpr lines of the excerpts."""
    return {n: int(v) for f in files for n, v in _NUMBER.findall(c.excerpt(f"{DIR}/{f}"))}


def texts(file: str) -> dict[str, str]:
    """Code name -> the text a ``switch`` returns for it (``case X: return F("...");``)."""
    return dict(_RETURN.findall(c.excerpt(f"{DIR}/{file}")))


def updater_texts() -> dict[str, str]:
    """UPDATE_ERROR_* -> getErrorString()'s text, a value it appends written as %s."""
    out = {}
    for name, body in _CASE.findall(c.excerpt(f"{DIR}/Updater.cpp-getErrorString")):
        out[name] = "".join(text + ("%s" if value else "") for text, value in _PIECE.findall(body))
    return out


def table() -> list[dict[str, Any]]:
    """Every code: number, name, text (``en``) and, for an HTTP_UE_* code whose text 2.3.0
    wrote otherwise, that older text (``en_2_3_0``)."""
    old = texts("ESP8266httpUpdate.cpp-getLastErrorString-2.3.0")
    said = texts("ESP8266httpUpdate.cpp-getLastErrorString")
    said |= texts("ESP8266HTTPClient.cpp-errorToString") | updater_texts()
    codes = numbers("ESP8266httpUpdate.h-errors", "ESP8266HTTPClient.h-errors", "Updater.h-errors")
    rows = []
    for name, number in sorted(codes.items(), key=lambda item: (item[1], item[0])):
        row: dict[str, Any] = {"number": number, "name": name, "en": said.get(name, "")}
        if old.get(name, row["en"]) != row["en"]:
            row["en_2_3_0"] = old[name]
        rows.append(row)
    return rows


def signatures(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each mapped code: its name, the example sketch's numbered lines and its texts."""
    decided = c.mapping("esp8266_update")
    generic = set(decided.get("text_too_generic") or [])
    src = {"ref": REF}
    out = []
    for row in rows:
        sets = decided["facts"].get(row["name"])
        if not sets:
            continue
        slug = "esp8266-imp-" + row["name"].lower().replace("_", "-")
        out.append(c.code_signature(slug + "-name", row["name"], sets, src))
        for kind, line in zip(("-number", "-callback"), LINES, strict=True):
            said = line.format(row["number"])
            out.append({"id": slug + kind, "pattern": c.literal(said) + "(?:$|[^0-9])",
                        "sets": sets, "examples": [said], "source": src})  # fmt: skip
        if row["name"] in generic:
            continue
        said = [re.split(r"%s|: ", row["en"])[0].strip()]  # up to its first value or ": "
        if row.get("en_2_3_0", "").lower() not in ("", said[0].lower()):
            said.append(row["en_2_3_0"])
        for i, text in enumerate(said):
            out.append({"id": slug + ("-old" if i else ""), "pattern": c.literal(text),
                        "sets": sets, "examples": [text], "lang": "en", "source": src})  # fmt: skip
    return out


def build() -> None:
    """Write the signature file and the table from the stored excerpts."""
    rows = table()
    sigs = signatures(rows)
    header = (
        f"ESP8266 Arduino core {TAG} HTTP update errors (ESP8266httpUpdate, its HTTP client, the "
        f"Updater): {len(rows)} codes imported;\n{len(sigs)} signatures for the codes "
        "tools/importers/mappings/esp8266_update.yaml maps to facts."
    )
    c.write_signatures("esp8266_update", header, sigs)
    c.write_table("esp8266_update", rows, [f"{DIR}/{name}" for name in EXCERPTS])


def main() -> None:
    c.main(__doc__, build, refresh, "ARDUINO")


if __name__ == "__main__":
    main()
