"""Import musl's strerror and gai_strerror texts (src/errno/__strerror.h, src/network/
gai_strerror.c at musl v1.2.5): the libc of OpenWrt and Alpine (Docker images) says "Host is
unreachable" where glibc says "No route to host". Writes imported/tables/errno_musl.json (every
code, its Linux number and musl's text) and imported/errno_musl.yaml: a signature for each musl
text that differs from glibc's, for the codes tools/importers/mappings/errno.yaml maps to facts
(the same reviewed decision as glibc's texts; its text_too_generic and
musl_text_too_generic codes are left out).

    python tools/importers/errno_musl.py                 # build from the stored excerpts
    python tools/importers/errno_musl.py --refresh MUSL  # re-extract them from a musl checkout
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c
import errno_glibc

FAMILY = "errno_musl"
TAG = "v1.2.5"
_E = re.compile(r'^E\((\w+),\s*"((?:[^"\\]|\\.)*)"\)', re.M)
_MSG = re.compile(r'^\t"((?:[^"\\]|\\.)*?)\\0"', re.M)
# gai_strerror's messages in order: the text of EAI code -n is the n-th (musl has no -9)
_EAI_ORDER = ["EAI_BADFLAGS", "EAI_NONAME", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA",
              "EAI_FAMILY", "EAI_SOCKTYPE", "EAI_SERVICE", "", "EAI_MEMORY", "EAI_SYSTEM",
              "EAI_OVERFLOW"]  # fmt: skip


def refresh(musl: Path) -> None:
    """Re-extract the E(...) lines and the gai_strerror message list at TAG."""
    strerror = c.git_show(musl, TAG, "src/errno/__strerror.h")
    gai = c.git_show(musl, TAG, "src/network/gai_strerror.c")
    lines = "".join(m.group(0) + "\n" for m in _E.finditer(strerror))
    msgs = gai[gai.index("static const char msgs[]") :]
    c.store_excerpt("musl/__strerror.h", lines)
    c.store_excerpt("musl/gai_strerror.c", msgs[: msgs.index(";") + 1] + "\n")


def table() -> list[dict[str, Any]]:
    """Every code musl names: name, Linux number, musl's text, glibc's text."""
    glibc = {r["name"]: r for r in errno_glibc.table()}
    rows = []
    for name, text in _E.findall(c.excerpt("musl/__strerror.h")):
        if name in glibc:
            rows.append({"name": name, "number": glibc[name]["number"], "en": text,
                         "glibc": glibc[name]["en"]})  # fmt: skip
    for name, text in zip(_EAI_ORDER, _MSG.findall(c.excerpt("musl/gai_strerror.c")), strict=False):
        if name:
            rows.append({"name": name, "number": glibc[name]["number"], "en": text,
                         "glibc": glibc[name]["en"]})  # fmt: skip
    return rows


def signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """One signature per musl text that glibc does not print, of every mapped code."""
    generic = {*(decided.get("text_too_generic") or []), *decided["musl_text_too_generic"]}
    out = []
    for row in rows:
        sets = decided["facts"].get(row["name"])
        if not sets or row["name"] in generic or row["en"] == row["glibc"]:
            continue
        out.append({"id": f"errno-musl-{row['name'].lower().replace('_', '-')}",
                    "pattern": c.literal(row["en"]), "sets": sets, "examples": [row["en"]],
                    "lang": "en", "source": {"ref": "musl-1-2-5-strerror"}})  # fmt: skip
    return out


def build() -> None:
    """Write the signature file and the table from the stored excerpts."""
    rows = table()
    sigs = signatures(rows, c.mapping("errno"))
    header = (
        f"musl {TAG} strerror / gai_strerror texts: {len(rows)} codes (src/errno/__strerror.h,\n"
        f"src/network/gai_strerror.c); {len(sigs)} signatures for the texts that differ from\n"
        "glibc's, of the codes tools/importers/mappings/errno.yaml maps to facts."
    )
    c.write_signatures(FAMILY, header, sigs)
    c.write_table(FAMILY, rows, ["musl/__strerror.h", "musl/gai_strerror.c"])


def main() -> None:
    c.main(__doc__, build, refresh, "MUSL")


if __name__ == "__main__":
    main()
