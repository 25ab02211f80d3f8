"""Import every error message RAUC sets (g_set_error / g_set_error_literal in src/*.c at RAUC
v1.15.2) with its error code into imported/tables/rauc.json, and a signature for each message of
a code tools/importers/mappings/rauc.yaml maps to facts into imported/rauc.yaml. A message's
printf conversions (%s, %d ...) become ``.*`` in its pattern; a message whose longest literal
piece is shorter than MIN_LITERAL characters is too generic to recognise and is left out.

    python tools/importers/rauc_messages.py                  # build from the stored excerpt
    python tools/importers/rauc_messages.py --refresh RAUC   # re-extract from a rauc checkout
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c
from _messages import decided_sets

FAMILY = "rauc"
TAG = "v1.15.2"
EXCERPT = "rauc/g_set_error-messages.txt"
MIN_LITERAL = 12
_CALL = re.compile(
    r"g_set_error(?:_literal)?\s*\(\s*[\w&*>.-]+\s*,\s*(R_\w+)\s*,\s*(R_\w+)\s*,\s*"
    r"((?:\"(?:[^\"\\]|\\.)*\"\s*(?:G_\w+\s*)?)+)"
)
_PIECE = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|(G_\w+)")
_LINE = re.compile(r"^(\S+) (R_\w+) \"(.*)\"$", re.M)
_SPEC = re.compile(r"%[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcsp]")


def refresh(rauc: Path) -> None:
    """Re-extract every g_set_error message of src/ at TAG: file:line, code, joined format."""
    files = subprocess.run(["git", "-C", str(rauc), "ls-tree", "-r", "--name-only", TAG, "src"],
                           capture_output=True, text=True, check=True).stdout.split()  # fmt: skip
    out = []
    for name in sorted(f for f in files if f.endswith(".c")):
        text = c.git_show(rauc, TAG, name)
        for m in _CALL.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            fmt = "".join(
                s if s is not None and not g else "lu" for s, g in _PIECE.findall(m.group(3))
            )
            out.append(f'{name}:{line} {m.group(2)} "{fmt}"')
    (c.UPSTREAM / "rauc").mkdir(parents=True, exist_ok=True)
    (c.UPSTREAM / EXCERPT).write_text("\n".join(out) + "\n", encoding="utf-8")


def table() -> list[dict[str, Any]]:
    """Every message: where it is set, its error code, its format."""
    rows = []
    for where, code, fmt in _LINE.findall(c.excerpt(EXCERPT)):
        rows.append({"name": code, "where": where, "en": fmt.replace('\\"', '"')})
    return rows


def pattern(fmt: str) -> str | None:
    """A pattern for a printf format (conversions as .*), or None when too generic."""
    pieces = [p for p in _SPEC.split(fmt.replace("%%", "%")) if p.strip()]
    if not pieces or max(len(p.strip()) for p in pieces) < MIN_LITERAL:
        return None
    return ".*".join(c.literal(p) for p in pieces)


def signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """One signature per distinct message of a mapped code."""
    out, seen = [], set()
    for row in rows:
        sets = decided_sets(row, decided)  # a listed text piece first, then the code
        rx = pattern(row["en"]) if sets else None
        if not rx or rx in seen:
            continue
        seen.add(rx)
        slug = row["where"].split("/")[-1].replace(".c:", "-")
        out.append({"id": f"rauc-imp-{slug}", "pattern": rx, "sets": sets,
                    "examples": [row["en"]], "lang": "en",
                    "source": {"ref": "rauc-1-15-2-errors"}})  # fmt: skip
    return out


def build() -> None:
    """Write the signature file and the table from the stored excerpt."""
    rows = table()
    sigs = signatures(rows, c.mapping(FAMILY))
    header = (
        f"RAUC error messages: {len(rows)} g_set_error calls imported from rauc {TAG} (src/*.c);\n"
        f"{len(sigs)} signatures for the messages of the codes tools/importers/mappings/rauc.yaml "
        "maps to facts."
    )
    c.write_signatures(FAMILY, header, sigs)
    c.write_table(FAMILY, [{"number": i, **r} for i, r in enumerate(rows)], [EXCERPT])


def main() -> None:
    c.main(__doc__, build, refresh, "RAUC")


if __name__ == "__main__":
    main()
