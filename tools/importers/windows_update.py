"""Import the Windows Update result codes (every WU_E_/WU_S_ of um/wuerror.h) and the Win32 /
HRESULT codes an update meets (the Win32 errors 0-499 as HRESULT_FROM_WIN32 0x8007xxxx, the
setup-API 0x800F HRESULTs and the TRUST_E_/CERT_E_ trust results of shared/winerror.h), each with
the MessageText the header gives (what FormatMessage prints), from the Windows SDK 10.0.22000.196
headers, into imported/windows_update.yaml (the codes mappings/windows_update.yaml maps to facts)
and imported/tables/windows_update.json (all of them, by HRESULT).

    python tools/importers/windows_update.py                 # build from the stored excerpts
    python tools/importers/windows_update.py --refresh SDK   # re-extract from an SDK checkout
"""

from __future__ import annotations

import argparse
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
WIN32_BELOW = 500  # Win32 errors imported: 0-499 (system-error-codes--0-499-)
FACILITY_WIN32 = 0x80070000
_MESSAGE = re.compile(
    r"// MessageId: \w+\n//\n// MessageText:\n//\n((?://.*\n)+?)//\n#define (\w+)\s+(\S+)"
)
_LINE = re.compile(r"^(\w+) (\S+) (.*)$", re.M)
_HRESULT = re.compile(r"_HRESULT_TYPEDEF_\((0x[0-9A-Fa-f]{8})L\)")


def messages(header: str) -> list[tuple[str, str, str]]:
    """(name, value as written, MessageText on one line) of every message of a .mc header."""
    out = []
    for m in _MESSAGE.finditer(header):
        text = " ".join(line[2:].strip() for line in m.group(1).splitlines()).strip()
        out.append((m.group(2), m.group(3), text))
    return out


def wanted(name: str, value: str) -> bool:
    """The winerror.h messages an update meets: Win32 0-499, 0x800F, TRUST_E_ and CERT_E_."""
    if re.fullmatch(r"\d+L", value):
        return int(value[:-1]) < WIN32_BELOW
    return value.lower().startswith("_hresult_typedef_(0x800f") or name.startswith(
        ("TRUST_E_", "CERT_E_")
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
    return sorted(rows, key=lambda r: (r["number"], r["name"]))


def signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """For each mapped code: its HRESULT (with or without 0x; not for Win32 codes, whose
    header gives the Win32 number only), its name and, for the Win32 and trust codes, its
    message (unless too generic). The agent logs a WU_E_ code by its HRESULT, so its long
    MessageText gets no signature (every signature costs the uncached cold start its YAML)."""
    generic = set(decided.get("text_too_generic") or [])
    out = []
    src = {"ref": SOURCE}
    for row in rows:
        sets = decided["facts"].get(row["name"])
        if not sets:
            continue
        base = "win-imp-" + row["name"].lower().replace("_", "-")
        if "win32" not in row:
            hex8 = row["hex"][2:]
            out.append({"id": base + "-hresult", "pattern": c.word("(?:0x)?" + hex8),
                        "sets": sets, "examples": [row["hex"]], "source": src})  # fmt: skip
        out.append({"id": base + "-name", "pattern": c.word(row["name"]), "sets": sets,
                    "examples": [row["name"]], "source": src})  # fmt: skip
        if row["name"] not in generic and not row["name"].startswith(("WU_E_", "WU_S_")):
            out.append({"id": base, "pattern": c.literal(row["en"].rstrip(".")), "sets": sets,
                        "examples": [row["en"]], "lang": "en", "source": src})  # fmt: skip
    return out


def build() -> None:
    """Write the signature file and the table from the stored excerpts."""
    rows = table()
    sigs = signatures(rows, c.mapping(FAMILY))
    header = (
        f"Windows Update / Win32 / HRESULT: {len(rows)} codes imported from the Windows SDK "
        "10.0.22000.196 headers\n(um/wuerror.h, shared/winerror.h); "
        f"{len(sigs)} signatures for the codes tools/importers/mappings/windows_update.yaml "
        "maps to facts."
    )
    c.write_signatures(FAMILY, header, sigs)
    c.write_table(FAMILY, rows, FILES)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--refresh", metavar="SDK", type=Path)
    args = ap.parse_args()
    if args.refresh:
        refresh(args.refresh)
    build()


if __name__ == "__main__":
    main()
