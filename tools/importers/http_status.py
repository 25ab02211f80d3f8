"""Import every HTTP status code and reason phrase (CPython's http.HTTPStatus, which follows the
IANA registry: RFC 9110 and the RFCs after it) into knowledge/signatures/imported/http.yaml
(4xx and 5xx: "<code> <phrase>" sets http_status) and imported/tables/http.json (all).

    python tools/importers/http_status.py                 # build from the stored excerpt
    python tools/importers/http_status.py --refresh FILE  # re-extract from Lib/http/__init__.py
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

FAMILY = "http"
EXCERPT = "cpython/http-__init__.py-HTTPStatus"


def refresh(source: Path) -> None:
    """Keep the class HTTPStatus of CPython's Lib/http/__init__.py."""
    text = source.read_text(encoding="utf-8")
    start = text.index("class HTTPStatus")
    end = text.index("\n\n\n", start)
    (c.UPSTREAM / "cpython").mkdir(parents=True, exist_ok=True)
    (c.UPSTREAM / EXCERPT).write_text(text[start:end] + "\n", encoding="utf-8")


def table() -> list[dict[str, Any]]:
    """Every status: name, number, reason phrase."""
    tree = ast.parse(c.excerpt(EXCERPT))
    rows = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple):
            values = [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
            if len(values) >= 2 and isinstance(values[0], int) and isinstance(values[1], str):
                name = node.targets[0].id  # type: ignore[attr-defined]
                rows.append({"name": name, "number": values[0], "en": values[1]})
    return sorted(rows, key=lambda r: r["number"])


def signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """'<code> <phrase>' for every status in the mapping's range (one blank or more between:
    apt prints "404  Not Found")."""
    out = []
    for row in rows:
        if decided["from"] <= row["number"] <= decided["to"]:
            line = f"{row['number']} {row['en']}"
            rx = c.word(f"{row['number']}[ ]+{c.literal(row['en'])}")
            out.append({"id": f"http-imp-{row['number']}", "pattern": rx,
                        "sets": {decided["status_fact"]: row["number"]}, "examples": [line],
                        "lang": "en", "source": {"ref": "cpython-http-status"}})  # fmt: skip
    return out


def build() -> None:
    """Write the signature file and the table from the stored excerpt."""
    rows = table()
    sigs = signatures(rows, c.mapping(FAMILY))
    header = (
        f"HTTP status codes: {len(rows)} imported from CPython 3.11 Lib/http/__init__.py "
        f"(HTTPStatus);\n{len(sigs)} signatures for the 4xx and 5xx ones."
    )
    c.write_signatures(FAMILY, header, sigs)
    c.write_table(FAMILY, rows, [EXCERPT])


def main() -> None:
    c.main(__doc__, build, refresh, "FILE")


if __name__ == "__main__":
    main()
