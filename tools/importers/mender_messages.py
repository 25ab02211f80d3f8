"""Import the Mender client's failure messages (mender-update / mender-auth C++ client 5.1.0,
src/): every log::Error / log::Warning text and MakeError / error::Error message, and every error
category's code texts (the ``::message(int code)`` switches), into imported/tables/mender.json,
and a signature for each message tools/importers/mappings/mender.yaml maps to facts into
imported/mender.yaml.

    python tools/importers/mender_messages.py                   # from the stored excerpts
    python tools/importers/mender_messages.py --refresh MENDER  # re-extract from a checkout
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c
import _messages as m

FAMILY = "mender"
TAG = "5.1.0"
REF = "mender-5-1-0-messages"
CALLS = "mender/calls.txt"
CATEGORIES = "mender/categories.txt"
CALL_NAMES: dict[str, int | None] = {
    "log::Error": None, "log::Warning": None, "MakeError": 0, "error::Error": None,
}  # fmt: skip
_SWITCH = re.compile(r"string (\w+)::message\(int code\) const \{(.*?)\n\}", re.S)
_CASE = re.compile(r"case (\w+):\s*return \"((?:[^\"\\]|\\.)*)\";")
_CAT_LINE = re.compile(r"^(\S+) (\S+) \"(.*)\"$", re.M)


def refresh(repo: Path) -> None:
    """Re-extract the calls and the category switches of src/ at TAG."""
    names = m.files(repo, TAG, ["src"], (".cpp", ".hpp"))
    m.refresh_excerpt(repo, TAG, names, CALL_NAMES, CALLS)
    lines = []
    for name in names:
        for switch in _SWITCH.finditer(m.show(repo, TAG, name)):
            category = switch.group(1).removesuffix("Class")
            for code, text in _CASE.findall(switch.group(2)):
                lines.append(f'{name} {category}.{code} "{text}"')
    (c.UPSTREAM / CATEGORIES).write_text("\n".join(lines) + "\n", encoding="utf-8")


def category_rows(start: int) -> list[dict[str, Any]]:
    """Every error category's code text, as rows numbered on from ``start``."""
    rows = []
    for i, (where, code, text) in enumerate(_CAT_LINE.findall(c.excerpt(CATEGORIES))):
        rows.append({"number": start + i, "name": code.split(".")[1], "category": code,
                     "where": where, "call": "message", "en": text})  # fmt: skip
    return rows


def build() -> None:
    """Write the signature file and the table from the stored excerpts."""
    rows = m.table(CALLS)
    rows += category_rows(len(rows))
    sigs = m.signatures(FAMILY, rows, REF)
    header = (
        f"Mender client {TAG} messages: {len(rows)} imported (src/: log::Error/Warning,\n"
        f"MakeError, error categories); {len(sigs)} signatures for the messages "
        f"tools/importers/mappings/{FAMILY}.yaml maps to facts."
    )
    c.write_signatures(FAMILY, header, sigs)
    c.write_table(FAMILY, rows, [CALLS, CATEGORIES])


def main() -> None:
    c.main(__doc__, build, refresh, "MENDER")


if __name__ == "__main__":
    main()
