"""Import the Windows Update result codes (every WU_E_/WU_S_ of um/wuerror.h) and the Win32 /
HRESULT codes an update meets: every Win32 error of shared/winerror.h as HRESULT_FROM_WIN32
0x8007xxxx, the 0x8007 HRESULTs it names (E_ACCESSDENIED ...), the setup-API 0x800F HRESULTs, the
0x8009 crypto / SSPI results (NTE_, CRYPT_E_, SEC_E_) and the 0x800B TRUST_E_/CERT_E_ trust
results, each with the MessageText the header gives (what FormatMessage prints), plus the WinINet
and WinHTTP errors of um/wininet.h and um/winhttp.h (12000 + n, 0x80072xxx; those headers give
names only), from the Windows SDK 10.0.22000.196 headers, into imported/windows_update.yaml (the
codes mappings/windows_update.yaml maps to facts) and imported/tables/windows_update.json (all of
them, by HRESULT).

    python tools/importers/windows_update.py                 # build from the stored excerpts
    python tools/importers/windows_update.py --refresh SDK   # re-extract from an SDK checkout
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

FAMILY = "windows_update"
REVISION = "16b53593a29860fea1706e7a862b2145c0f1b6ee"  # SDK 10.0.22000.196
SOURCE = "windows-sdk-10-0-22000-errors"
FILES = ["windows-sdk/wuerror.h-messages", "windows-sdk/winerror.h-messages"]
NAMES = "windows-sdk/wininet-winhttp.h-errors"  # WinINet / WinHTTP: name and number, no text
HRESULT_FACILITIES = ("0x8007", "0x8009", "0x800b", "0x800f")
FACILITY_WIN32 = 0x80070000
_MESSAGE = re.compile(
    r"// MessageId: \w+\n//\n// MessageText:\n//\n((?://.*\n)+?)//\n#define (\w+)\s+(\S+)"
)
_LINE = re.compile(r"^(\w+) (\S+) (.*)$", re.M)
_HRESULT = re.compile(r"_HRESULT_TYPEDEF_\((0x[0-9A-Fa-f]{8})L\)")
_BASED = re.compile(r"^#define ((?:ERROR_INTERNET|ERROR_HTTP|ERROR_WINHTTP)_\w+)\s+"
                    r"\((?:INTERNET|WINHTTP)_ERROR_BASE \+ (\d+)\)", re.M)  # fmt: skip


def messages(header: str) -> list[tuple[str, str, str]]:
    """(name, value as written, MessageText on one line) of every message of a .mc header."""
    out = []
    for m in _MESSAGE.finditer(header):
        text = " ".join(line[2:].strip() for line in m.group(1).splitlines()).strip()
        out.append((m.group(2), m.group(3), text))
    return out


def wanted(name: str, value: str) -> bool:
    """The winerror.h messages an update meets: every Win32 error, the HRESULTs of facilities
    Win32 (0x8007), security (0x8009), certificates (0x800B) and setup (0x800F), TRUST_E_,
    CERT_E_."""
    if re.fullmatch(r"\d+L", value):
        return True
    low = value.lower()
    return any(low.startswith(f"_hresult_typedef_({f}") for f in HRESULT_FACILITIES) or (
        name.startswith(("TRUST_E_", "CERT_E_"))
    )


def refresh(sdk: Path) -> None:
    """Re-extract the messages from a checkout of marlersoft/microsoft_windows_sdk_cpp."""

    def show(path: str) -> str:
        out = subprocess.run(["git", "-C", str(sdk), "show", f"{REVISION}:{path}"],
                             capture_output=True, check=True).stdout  # fmt: skip
        return out.decode("utf-8", errors="replace").replace("\r\n", "\n")

    (c.UPSTREAM / "windows-sdk").mkdir(parents=True, exist_ok=True)
    wu = messages(show("um/wuerror.h"))
    win = [m for m in messages(show("shared/winerror.h")) if wanted(m[0], m[1])]
    for file, rows in zip(FILES, (wu, win), strict=True):
        text = "".join(f"{n} {v} {t}\n" for n, v, t in rows)
        (c.UPSTREAM / file).write_text(text, encoding="utf-8")
    based = [
        m.group(0) for path in ("um/wininet.h", "um/winhttp.h") for m in _BASED.finditer(show(path))
    ]
    (c.UPSTREAM / NAMES).write_text("".join(line + "\n" for line in based), encoding="utf-8")


def hresult(value: str) -> int:
    """The HRESULT a header value stands for (a Win32 code n as HRESULT_FROM_WIN32(n))."""
    m = _HRESULT.fullmatch(value)
    if m:
        return int(m.group(1), 16)
    code = int(value.rstrip("L"))
    return code if code <= 0 else (code & 0xFFFF) | FACILITY_WIN32


def table() -> list[dict[str, Any]]:
    """Every code: name, HRESULT, its 0x form, the Win32 code (if one), the message."""
    rows = []
    for file in FILES:
        for name, value, text in _LINE.findall(c.excerpt(file)):
            number = hresult(value)
            row: dict[str, Any] = {"name": name, "number": number, "hex": f"0x{number:08X}"}
            if not value.startswith("_"):
                row["win32"] = int(value.rstrip("L"))
            row["en"] = text
            rows.append(row)
    for name, offset in _BASED.findall(c.excerpt(NAMES)):
        win32 = 12000 + int(offset)
        number = win32 | FACILITY_WIN32
        rows.append({"name": name, "number": number, "hex": f"0x{number:08X}", "win32": win32,
                     "en": ""})  # fmt: skip
    return sorted(rows, key=lambda r: (r["number"], r["name"]))


def signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """For each mapped code: its HRESULT (with or without 0x; a Win32 code as its
    HRESULT_FROM_WIN32, unless another mapped code has the same HRESULT), its name and, for
    the Win32 and trust codes, its message (unless too generic or none). The agent logs a WU_E_
    code by its HRESULT, so its long MessageText gets no signature (every signature costs the
    uncached cold start its YAML)."""
    generic = set(decided.get("text_too_generic") or [])
    out = []
    src = {"ref": SOURCE}
    typed = {r["number"] for r in rows if "win32" not in r and r["name"] in decided["facts"]}
    seen: set[int] = set()
    for row in rows:
        sets = decided["facts"].get(row["name"])
        if not sets:
            continue
        base = "win-imp-" + row["name"].lower().replace("_", "-")
        own = "win32" not in row or row["number"] not in typed
        if own and row["number"] not in seen:
            seen.add(row["number"])
            hex8 = row["hex"][2:]
            out.append({"id": base + "-hresult", "pattern": c.word("(?:0x)?" + hex8),
                        "sets": sets, "examples": [row["hex"]], "source": src})  # fmt: skip
        out.append(c.code_signature(base + "-name", row["name"], sets, src))
        if (
            row["en"]
            and row["name"] not in generic
            and not row["name"].startswith(("WU_E_", "WU_S_"))
        ):
            out.append({"id": base, "pattern": c.literal(row["en"].rstrip(".")), "sets": sets,
                        "examples": [row["en"]], "lang": "en", "source": src})  # fmt: skip
    return out


def build() -> None:
    """Write the signature file and the table from the stored excerpts."""
    rows = table()
    sigs = signatures(rows, c.mapping(FAMILY))
    header = (
        f"Windows Update / Win32 / HRESULT: {len(rows)} codes imported from the Windows SDK "
        "10.0.22000.196 headers\n(um/wuerror.h, shared/winerror.h, um/wininet.h, um/winhttp.h); "
        f"{len(sigs)} signatures for the codes tools/importers/mappings/windows_update.yaml "
        "maps to facts."
    )
    c.write_signatures(FAMILY, header, sigs)
    c.write_table(FAMILY, rows, [*FILES, NAMES])


def main() -> None:
    c.main(__doc__, build, refresh, "SDK")


if __name__ == "__main__":
    main()
