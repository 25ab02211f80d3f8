"""Import the error codes an OCI / Docker registry answers with (every ErrorDescriptor of
distribution's registry/api/errcode/register.go at v3.1.1: value, message, HTTP status) into
imported/tables/registry.json, and signatures for the codes mappings/registry.yaml maps to facts
into imported/registry.yaml: the code's value as a word (a registry's JSON "code") and the line
errcode's Error() prints, "<value in lower case, _ as space>: <message>" ("manifest unknown:
manifest unknown", "denied: requested access to the resource is denied"), as docker and other
clients print it.

    python tools/importers/registry_errors.py                          # from the stored excerpts
    python tools/importers/registry_errors.py --refresh DISTRIBUTION   # re-extract from a clone
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

FAMILY = "registry"
TAG = "v3.1.1"  # 9a8d98b679740cd514aa7e7d84d23d442a5ef54c
REF = "distribution-3-1-1-errcode"
FILES = ["distribution/register.go", "distribution/errors.go"]
PATHS = ["registry/api/errcode/register.go", "registry/api/errcode/errors.go"]
_DESCRIPTOR = re.compile(
    r'Value:\s*"(\w+)",\s*Message:\s*"((?:[^"\\]|\\.)*)",.*?HTTPStatusCode:\s*http\.Status(\w+)',
    re.S,
)
_STATUS = {"InternalServerError": 500, "MethodNotAllowed": 405, "Unauthorized": 401,
           "Forbidden": 403, "ServiceUnavailable": 503, "TooManyRequests": 429,
           "BadRequest": 400, "RequestedRangeNotSatisfiable": 416, "NotFound": 404}  # fmt: skip


def refresh(repo: Path) -> None:
    """Re-extract both files of a distribution checkout at TAG."""
    for file, path in zip(FILES, PATHS, strict=True):
        c.store_excerpt(file, c.git_show(repo, TAG, path))


def table() -> list[dict[str, Any]]:
    """Every error code: value, HTTP status, message, and the line errcode.Error() prints."""
    rows = []
    for value, message, status in _DESCRIPTOR.findall(c.excerpt(FILES[0])):
        printed = f"{value.lower().replace('_', ' ')}: {message}"
        rows.append({"name": value, "number": _STATUS[status], "en": message, "printed": printed})
    return rows


def signatures(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each mapped code: its value as a word (unless it is a plain English word, which
    patterns, matched regardless of case, would find in any sentence) and its printed line."""
    mapping = c.mapping(FAMILY)
    decided, plain = mapping["facts"], set(mapping.get("names_too_generic") or [])
    out = []
    for row in rows:
        sets = decided.get(row["name"])
        if not sets:
            continue
        base = "registry-imp-" + row["name"].lower().replace("_", "-")
        src = {"ref": REF}
        if row["name"] not in plain:
            out.append(c.code_signature(base + "-name", row["name"], sets, src))
        out.append({"id": base, "pattern": c.literal(row["printed"]), "sets": sets,
                    "examples": [row["printed"]], "lang": "en", "source": src})  # fmt: skip
    return out


def build() -> None:
    """Write the signature file and the table from the stored excerpts."""
    rows = table()
    sigs = signatures(rows)
    header = (
        f"OCI / Docker registry error codes (distribution {TAG} errcode): {len(rows)} imported;\n"
        f"{len(sigs)} signatures for the codes tools/importers/mappings/{FAMILY}.yaml maps to "
        "facts."
    )
    c.write_signatures(FAMILY, header, sigs)
    c.write_table(FAMILY, rows, FILES)


def main() -> None:
    c.main(__doc__, build, refresh, "DISTRIBUTION")


if __name__ == "__main__":
    main()
