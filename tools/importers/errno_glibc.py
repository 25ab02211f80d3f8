"""Import every errno and getaddrinfo code: its Linux number, glibc's English strerror /
gai_strerror text and glibc's zh_CN translation, into knowledge/signatures/imported/errno.yaml
(the codes tools/importers/mappings/errno.yaml maps to facts) and imported/tables/errno.json
(the whole table, for decoding numbers found in structured payloads).

    python tools/importers/errno_glibc.py                      # build from the stored excerpts
    python tools/importers/errno_glibc.py --refresh GLIBC LINUX  # re-extract them first

GLIBC is a glibc git checkout (tag glibc-2.42); LINUX the unpacked linux-libc-dev deb
(6.1.192-3: usr/include/asm-generic/errno*.h).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

FAMILY = "errno"
GLIBC_TAG = "glibc-2.42"
_S = re.compile(r'^_S\((\w+), N_\("((?:[^"\\]|\\.)*)"\)\)', re.M)
_DEFINE = re.compile(r"^#define\s+(E\w+)\s+(\d+|E\w+)", re.M)
_PO = re.compile(r'^msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"\n', re.M)
_EAI = {  # glibc's <netdb.h> values (resolv/netdb.h of the same tag)
    "EAI_BADFLAGS": -1, "EAI_NONAME": -2, "EAI_AGAIN": -3, "EAI_FAIL": -4, "EAI_FAMILY": -6,
    "EAI_SOCKTYPE": -7, "EAI_SERVICE": -8, "EAI_MEMORY": -10, "EAI_SYSTEM": -11,
    "EAI_OVERFLOW": -12, "EAI_NODATA": -5, "EAI_ADDRFAMILY": -9, "EAI_INPROGRESS": -100,
    "EAI_CANCELED": -101, "EAI_NOTCANCELED": -102, "EAI_ALLDONE": -103, "EAI_INTR": -104,
    "EAI_IDN_ENCODE": -105,
}  # fmt: skip


def refresh(glibc: Path, linux: Path) -> None:
    """Re-extract the excerpts from a glibc checkout and an unpacked linux-libc-dev."""

    def show(path: str) -> str:
        return c.git_show(glibc, GLIBC_TAG, path)

    errlist = "".join(m.group(0) + "\n" for m in _S.finditer(show("sysdeps/gnu/errlist.h")))
    gai = "".join(m.group(0) + "\n" for m in _S.finditer(show("sysdeps/posix/gai_strerror-strs.h")))
    wanted = {m.group(2) for m in _S.finditer(errlist + gai)}
    po = "".join(
        m.group(0) + "\n" for m in _PO.finditer(show("po/zh_CN.po")) if m.group(1) in wanted
    )
    out = c.UPSTREAM / "glibc"
    out.mkdir(parents=True, exist_ok=True)
    (out / "errlist.h").write_text(errlist, encoding="utf-8")
    (out / "gai_strerror-strs.h").write_text(gai, encoding="utf-8")
    (out / "zh_CN.po").write_text(po, encoding="utf-8")
    headers = ""
    for name in ("errno-base.h", "errno.h"):
        text = (linux / "usr/include/asm-generic" / name).read_text(encoding="utf-8")
        headers += "".join(m.group(0) + "\n" for m in _DEFINE.finditer(text))
    (c.UPSTREAM / "linux").mkdir(exist_ok=True)
    (c.UPSTREAM / "linux" / "asm-generic-errno.h").write_text(headers, encoding="utf-8")


def table() -> list[dict[str, Any]]:
    """Every code: name, number, English text, Chinese text ('' when glibc has none)."""
    numbers: dict[str, int] = {}
    for name, value in _DEFINE.findall(c.excerpt("linux/asm-generic-errno.h")):
        numbers[name] = int(value) if value.isdigit() else numbers[value]
    zh = {en: cn for en, cn in _PO.findall(c.excerpt("glibc/zh_CN.po"))}
    rows = []
    for file, numbering in (("glibc/errlist.h", numbers), ("glibc/gai_strerror-strs.h", _EAI)):
        for name, text in _S.findall(c.excerpt(file)):
            if name in numbering:
                rows.append({"name": name, "number": numbering[name], "en": text,
                             "zh": zh.get(text, "")})  # fmt: skip
    return rows


def signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """One signature per text and per name of every code the mapping maps to facts."""
    generic = set(decided.get("text_too_generic") or [])
    out = []
    for row in rows:
        sets = decided["facts"].get(row["name"])
        if not sets:
            continue
        base = f"errno-imp-{row['name'].lower().replace('_', '-')}"
        src = {"ref": "glibc-2-42-errlist"}
        if row["name"] not in generic:
            out.append({"id": base, "pattern": c.literal(row["en"]), "sets": sets,
                        "examples": [row["en"]], "lang": "en", "source": src})  # fmt: skip
            if row["zh"]:
                out.append({"id": base + "-zh", "pattern": c.literal(row["zh"]), "sets": sets,
                            "examples": [row["zh"]], "lang": "zh",
                            "source": {"ref": "glibc-2-42-zh-cn"}})  # fmt: skip
        out.append(c.code_signature(base + "-name", row["name"], sets, src))
    return out


def build() -> None:
    """Write the signature file and the table from the stored excerpts."""
    rows = table()
    sigs = signatures(rows, c.mapping(FAMILY))
    header = (
        f"errno / getaddrinfo codes: {len(rows)} imported from glibc {GLIBC_TAG} (sysdeps/gnu/"
        "errlist.h, sysdeps/posix/gai_strerror-strs.h, po/zh_CN.po) and Linux 6.1 asm-generic\n"
        f"errno numbers; {len(sigs)} signatures for the codes tools/importers/mappings/errno.yaml "
        "maps to facts."
    )
    c.write_signatures(FAMILY, header, sigs)
    c.write_table(FAMILY, rows, ["glibc/errlist.h", "glibc/gai_strerror-strs.h",
                                 "glibc/zh_CN.po", "linux/asm-generic-errno.h"])  # fmt: skip


def main() -> None:
    c.main(__doc__, build, refresh, "GLIBC", "LINUX")


if __name__ == "__main__":
    main()
