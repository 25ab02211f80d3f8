"""Import the Delivery Optimization error codes (DO_E_*, the download agent of Azure Device
Update) into knowledge/signatures/imported/tables/delivery_optimization.json (every code, with
its HRESULT and the comment the header gives it) and a signature for each code
tools/importers/mappings/delivery_optimization.yaml maps to facts into
imported/delivery_optimization.yaml: the HRESULT (with or without 0x) and the name.

    python tools/importers/delivery_optimization.py             # build from the stored excerpt
    python tools/importers/delivery_optimization.py --refresh DO  # re-copy from a do-client clone
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

FAMILY = "delivery_optimization"
REVISION = "117cc8b7bc3a61826cd34b3092c7e3220b753f29"
PATH = "client-lite/src/include/do_error.h"
EXCERPT = "do-client/do_error.h"
SOURCE = "do-client-errors"
_LINE = re.compile(r"^#define (DO_E_\w+)\s+HRESULT\(0x([0-9A-Fa-f]{8})L\)\s+// (.+?)\s*$", re.M)


def refresh(do_client: Path) -> None:
    """Copy the header at REVISION from a do-client checkout."""
    c.store_excerpt(EXCERPT, c.git_show(do_client, REVISION, PATH))


def table() -> list[dict[str, Any]]:
    """Every DO_E_ code: name, HRESULT, its 0x form and the header's comment."""
    rows = [{"name": name, "number": int(hex8, 16), "hex": f"0x{hex8.upper()}", "en": text}
            for name, hex8, text in _LINE.findall(c.excerpt(EXCERPT))]  # fmt: skip
    return sorted(rows, key=lambda r: r["number"])


def signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """For each mapped code: its HRESULT (with or without 0x) and its name. Not its text: the
    header's comments are documentation (the agent logs the code), and a literal starting
    "Download p..." would make the block sieve pass every "download progress" line (it searches
    a literal's first 10 characters), halving the log throughput."""
    out = []
    src = {"ref": SOURCE}
    for row in rows:
        sets = decided["facts"].get(row["name"])
        if not sets:
            continue
        base = "do-imp-" + row["name"].lower().replace("_", "-")
        out.append({"id": base + "-hresult", "pattern": c.word("(?:0x)?" + row["hex"][2:]),
                    "sets": sets, "examples": [row["hex"]], "source": src})  # fmt: skip
        out.append(c.code_signature(base + "-name", row["name"], sets, src))
    return out


def build() -> None:
    """Write the signature file and the table from the stored excerpt."""
    rows = table()
    sigs = signatures(rows, c.mapping(FAMILY))
    header = (
        f"Delivery Optimization DO_E_* ({len(rows)} codes imported from microsoft/do-client "
        f"{REVISION[:7]}, {PATH});\n{len(sigs)} signatures for the codes "
        f"tools/importers/mappings/{FAMILY}.yaml maps to facts."
    )
    c.write_signatures(FAMILY, header, sigs)
    c.write_table(FAMILY, rows, [EXCERPT])


def main() -> None:
    c.main(__doc__, build, refresh, "DO_CLIENT")


if __name__ == "__main__":
    main()
