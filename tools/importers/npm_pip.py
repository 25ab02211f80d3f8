"""Import the install errors of the two package managers a POS back office or an app build meets:
npm's error codes with the explanation npm prints for each (npm/cli v10.9.0,
lib/utils/error-message.js, plus the EINTEGRITY / EBADSIZE errors of the ssri 12.0.0 it bundles)
and pip's hash-checking errors (pypa/pip 24.2, src/pip/_internal/exceptions.py, the HashError
classes and the heading each prints), into imported/npm.yaml, imported/pip.yaml (the codes and
messages mappings/npm.yaml and mappings/pip.yaml map to facts) and imported/tables/npm.json,
imported/tables/pip.json (every code, with its texts).

    python tools/importers/npm_pip.py                     # build from the stored excerpts
    python tools/importers/npm_pip.py --refresh NPM PIP   # re-extract from git checkouts
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

NPM_TAG, PIP_TAG = "v10.9.0", "24.2"
NPM_FILES = ["npm/error-message.js-errorMessage", "npm/ssri-12.0.0-index.js"]
PIP_FILES = ["pip/exceptions.py-HashError"]
_CASE = re.compile(r"^    case '(E\w+)':", re.M)
_JS_STRING = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"|`((?:[^`\\]|\\.)*)`")
_LINE_COMMENT = re.compile(r"^\s*//.*$", re.M)
_SSRI = re.compile(r"new Error\(`((?:[^`\\]|\\.)*)`\)\s*\n\s*err\.code = '(E\w+)'")
_CLASS = re.compile(r"^class (\w+)\(HashError\):(.*?)(?=^class |\Z)", re.M | re.S)
_HEAD = re.compile(r"head = \(\n((?:\s+\".*\"\n)+)\s+\)")
_ORDER = re.compile(r"order = (\d+)")


def refresh(npm: Path, pip: Path) -> None:
    """Re-extract the excerpts from git checkouts of npm/cli and pypa/pip."""
    message = c.git_show(npm, NPM_TAG, "lib/utils/error-message.js")
    head = message.split("const getExitCodeFromError")[0].rstrip("\n") + "\n"
    c.store_excerpt(NPM_FILES[0], head)
    c.store_excerpt(NPM_FILES[1], c.git_show(npm, NPM_TAG, "node_modules/ssri/lib/index.js"))
    exceptions = c.git_show(pip, PIP_TAG, "src/pip/_internal/exceptions.py")
    start = exceptions.index("class HashErrors(")
    end = exceptions.index("class UnsupportedPythonVersion(")
    c.store_excerpt(PIP_FILES[0], exceptions[start:end])


def npm_table() -> list[dict[str, Any]]:
    """Every code error-message.js explains (the string literals of its case, in order) and
    the ssri codes with their error message (a ${...} value stays as written)."""
    text = _LINE_COMMENT.sub("", c.excerpt(NPM_FILES[0]))  # "doesn't" in a comment is no quote
    cases = list(_CASE.finditer(text))
    bounds = [m.start() for m in cases[1:]] + [len(text)]
    bodies = [text[m.end() : end] for m, end in zip(cases, bounds, strict=True)]
    rows: dict[str, dict[str, Any]] = {}
    for i, m in enumerate(cases):
        body = next(b for b in bodies[i:] if b.strip())  # a fall-through case shares the next
        texts = [next(g for g in s.groups() if g is not None) for s in _JS_STRING.finditer(body)]
        rows[m.group(1)] = {"name": m.group(1), "en": " ".join(t for t in texts if " " in t)}
    for message, code in _SSRI.findall(c.excerpt(NPM_FILES[1])):
        row = rows.setdefault(code, {"name": code, "en": ""})
        row["en"] = " ".join(filter(None, [row["en"], message.split("\\n")[0]]))
    return sorted(rows.values(), key=lambda r: r["name"])


def pip_table() -> list[dict[str, Any]]:
    """Every HashError class: its order and the heading it prints above its packages."""
    rows = []
    for name, body in _CLASS.findall(c.excerpt(PIP_FILES[0])):
        head = _HEAD.search(body)
        order = _ORDER.search(body)
        text = "".join(re.findall(r"\"(.*)\"", head.group(1))) if head else ""
        rows.append({"name": name, "number": int(order.group(1)) if order else -1, "en": text})
    return sorted(rows, key=lambda r: r["number"])


def pattern_of(text: str) -> str:
    """A message as a pattern: literal, each ${...} value (or an elision "...") as .*."""
    pieces = re.split(r"\$\{[^}]*\}|\.\.\.", text)
    return ".*".join(c.literal(p) for p in pieces)


def signatures(family: str, rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict]:
    """A code name (as a word) for each code mapped by name; each mapped text, which must be
    text of the code's message in the table."""
    names = {r["name"]: r for r in rows}
    src = {"ref": decided["source"]}
    out = []
    for name, sets in (decided.get("facts") or {}).items():
        out.append(c.code_signature(f"{family}-imp-{name.lower()}-name", name, sets, src))
    for item in decided.get("texts") or []:
        row = names[item["code"]]
        if item["text"] not in row["en"]:
            raise SystemExit(f"{family}: {item['text']!r} is not in the text of {item['code']}")
        slug = re.sub(r"[^a-z0-9]+", "-", item["text"].lower()).strip("-")[:40].strip("-")
        out.append({"id": f"{family}-imp-{slug}", "pattern": pattern_of(item["text"]),
                    "sets": item["sets"], "examples": [item["text"]], "lang": "en",
                    "source": src})  # fmt: skip
    return out


def build() -> None:
    """Write both families' signature files and tables from the stored excerpts."""
    for family, rows, files, what in (
        ("npm", npm_table(), NPM_FILES, "npm/cli v10.9.0 error-message.js and ssri 12.0.0"),
        ("pip", pip_table(), PIP_FILES, "pypa/pip 24.2 exceptions.py (HashError classes)"),
    ):
        sigs = signatures(family, rows, c.mapping(family))
        header = (
            f"{family}: {len(rows)} codes imported from {what};\n{len(sigs)} signatures for the "
            f"codes and messages tools/importers/mappings/{family}.yaml maps to facts."
        )
        c.write_signatures(family, header, sigs)
        c.write_table(family, rows, files)


def main() -> None:
    c.main(__doc__, build, refresh, "NPM", "PIP")


if __name__ == "__main__":
    main()
