"""Import TWRP's console messages (the recovery's user-facing log lines, gui/theme/common/
languages/en.xml of TeamWin/android_bootable_recovery) into imported/tables/twrp.json (every
message: its string name and English text) and a signature for each message
tools/importers/mappings/twrp.yaml maps to facts into imported/twrp.yaml. A message's {1}, {2}
values (and %...% or printf conversions) become ``.*`` in its pattern; a message whose longest
literal piece is shorter than MIN_LITERAL characters is too generic to recognise.

    python tools/importers/twrp_messages.py                 # build from the stored excerpt
    python tools/importers/twrp_messages.py --refresh TWRP  # re-extract from a TWRP clone
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

FAMILY = "twrp"
REVISION = "9d80efa884b9253c18e2332a88cddab13c67a6f0"  # branch android-11
PATH = "gui/theme/common/languages/en.xml"
EXCERPT = "twrp/en.xml-console-messages"
SOURCE = "twrp-console-messages"
MARK = "<!-- Various console messages"
MIN_LITERAL = 12
_STRING = re.compile(r'<string name="(\w+)"(?: version="\d+")?>(.*?)</string>')
_VALUE = re.compile(r"\{\d+\}|%\w+%|%[-+ #0]*\d*(?:\.\d+)?(?:ll|l|z)?[diouxXsc%]")


def refresh(twrp: Path) -> None:
    """Re-extract the console messages of en.xml at REVISION: from MARK's line to the end."""
    lines = c.git_show(twrp, REVISION, PATH).splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if MARK in line)
    c.store_excerpt(EXCERPT, "".join(lines[start:]))


def table() -> list[dict[str, Any]]:
    """Every console message, in the file's order (a message's place is its number)."""
    found = _STRING.findall(c.excerpt(EXCERPT))
    return [{"number": i, "name": n, "en": html.unescape(t)} for i, (n, t) in enumerate(found)]


def pattern(text: str) -> str | None:
    """A pattern for a message (its values as .*), or None when too generic."""
    pieces = [p for p in _VALUE.split(text) if p.strip()]
    if not pieces or max(len(p.strip()) for p in pieces) < MIN_LITERAL:
        return None
    return ".*".join(c.literal(p.strip(" ") if i else p.lstrip(" ")) for i, p in enumerate(pieces))


def signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """One signature per mapped message."""
    out = []
    for row in rows:
        sets = decided["facts"].get(row["name"])
        rx = pattern(row["en"]) if sets else None
        if rx:
            sig_id = "twrp-imp-" + row["name"].replace("_", "-")
            out.append({"id": sig_id, "pattern": rx, "sets": sets, "examples": [row["en"]],
                        "lang": "en", "source": {"ref": SOURCE}})  # fmt: skip
    return out


def build() -> None:
    """Write the signature file and the table from the stored excerpt."""
    rows = table()
    sigs = signatures(rows, c.mapping(FAMILY))
    header = (
        f"TWRP console messages: {len(rows)} imported from TeamWin/android_bootable_recovery "
        f"{REVISION[:7]} (android-11, {PATH});\n{len(sigs)} signatures for the messages "
        f"tools/importers/mappings/{FAMILY}.yaml maps to facts."
    )
    c.write_signatures(FAMILY, header, sigs)
    c.write_table(FAMILY, rows, [EXCERPT])


def main() -> None:
    c.main(__doc__, build, refresh, "TWRP")


if __name__ == "__main__":
    main()
