"""Import Android releasetools' OTA error codes (class ErrorCode in tools/releasetools/common.py)
and the abort("E<code>: ...") messages the generated updater-script prints for them
(common.py, edify_generator.py) at LineageOS android_build lineage-21.0, into
imported/releasetools.yaml (the codes mappings/releasetools.yaml maps to facts) and
imported/tables/releasetools.json (all of them, with their messages).

    python tools/importers/releasetools.py                   # build from the stored excerpt
    python tools/importers/releasetools.py --refresh BUILD   # re-extract from a build checkout
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common as c

FAMILY = "releasetools"
REVISION = "9531801b02c499820c129fb0ef501b1c76c34550"  # lineage-21.0
SOURCE = "releasetools-lineage-21"
EXCERPT = "releasetools/ErrorCode-and-abort-messages.txt"
_ABORT = re.compile(r'abort\("(E(?:%d|\{code\}): (?:[^"\\]|\\.)*)(?:"|$)')
_CONVERSION = re.compile(r"%[ds]|\{\w+\}")
_LINE = re.compile(r'^\S+:\d+ \w+ ([A-Z_,]+) "(.*)"$', re.M)


def refresh(build: Path) -> None:
    """Re-extract class ErrorCode, and every abort("E...") message with the ErrorCodes its
    function names, from a checkout: one line each, file:line function codes "message"."""
    out, lines = [], []
    for path in ("tools/releasetools/common.py", "tools/releasetools/edify_generator.py"):
        text = c.git_show(build, REVISION, path)
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.name == "ErrorCode":
                out.append(f"# {path}:{node.lineno}\n" + (ast.get_source_segment(text, node) or ""))
            elif isinstance(node, ast.FunctionDef):
                codes = sorted({n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)
                                and _named(n.value) == "ErrorCode"})  # fmt: skip
                found = [m.group(1).replace('\\"', '"') for said in _strings(node)
                         for m in _ABORT.finditer(said)]  # fmt: skip
                for message in dict.fromkeys(found):  # a piece of a longer one is that one
                    if not any(o != message and o.startswith(message) for o in found):
                        lines.append(
                            f'{path}:{node.lineno} {node.name} {",".join(codes)} "{message}"'
                        )
    (c.UPSTREAM / "releasetools").mkdir(parents=True, exist_ok=True)
    text = "\n\n".join(out) + "\n\n" + "\n".join(dict.fromkeys(lines)) + "\n"
    (c.UPSTREAM / EXCERPT).write_text(text, encoding="utf-8")


def _strings(function: ast.FunctionDef) -> list[str]:
    """The function's string constants, those added together with + joined (as the script
    they build holds them)."""
    out = []
    for node in ast.walk(function):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            operands: list[ast.expr] = []
            _flatten(node, operands)
            run = ""
            for operand in operands + [ast.Name("")]:
                if isinstance(operand, ast.Constant) and isinstance(operand.value, str):
                    run += operand.value
                elif run:
                    out.append(run)
                    run = ""
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.append(node.value)
    return out


def _flatten(node: ast.expr, into: list[ast.expr]) -> None:
    """The operands of a chain of + in order."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        _flatten(node.left, into)
        _flatten(node.right, into)
    else:
        into.append(node)


def _named(node: ast.expr) -> str:
    """The name a Name or Attribute node ends with ("ErrorCode" of common.ErrorCode)."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def table() -> list[dict[str, Any]]:
    """Every ErrorCode: name, number, and the abort messages printed with it."""
    text = c.excerpt(EXCERPT)
    numbers = {n: int(v) for n, v in re.findall(r"^\s+([A-Z_]+) = (\d+)$", text, re.M)}
    said: dict[str, list[str]] = {}
    for codes, message in _LINE.findall(text):
        for code in codes.split(","):
            if message not in said.setdefault(code, []):
                said[code].append(message)
    return [{"name": n, "number": v, "en": (said.get(n) or [""])[0], "messages": said.get(n, [])}
            for n, v in numbers.items()]  # fmt: skip


def pattern(text: str) -> str | None:
    """A pattern for an abort message without its E-code (conversions as .*), or None when its
    longest literal piece is under 12 characters."""
    body = text.split(": ", 1)[1]
    pieces = [p.strip() for p in _CONVERSION.split(body) if p.strip(" .;()\"'")]
    if not pieces or max(len(p) for p in pieces) < 12:
        return None
    return ".*".join(c.literal(p) for p in pieces).rstrip(".").rstrip("\\")


def ambiguous(text: str, sets: dict[str, Any], rows: list[dict[str, Any]], decided: dict) -> bool:
    """Whether a code decided otherwise prints a message holding this one's longest literal
    piece (one function prints several codes' messages; "partition has unexpected contents" is
    also the start of the after-update check's message)."""
    body = text.split(": ", 1)[1]
    longest = max((p.strip() for p in _CONVERSION.split(body)), key=len)
    return any(
        decided["facts"].get(r["name"]) != sets and any(longest in m for m in r["messages"])
        for r in rows
    )


def signatures(rows: list[dict[str, Any]], decided: dict[str, Any]) -> list[dict[str, Any]]:
    """For each mapped code: its 'E<number>:' prefix, and each of its messages that no code
    decided otherwise prints too (the E-code then says which it is)."""
    out, seen = [], set()
    src = {"ref": SOURCE}
    for row in rows:
        sets = decided["facts"].get(row["name"])
        if not sets:
            continue
        base = "releasetools-imp-e" + str(row["number"])
        prefix = f"E{row['number']}:"
        out.append({"id": base, "pattern": c.BEFORE + c.literal(prefix), "sets": sets,
                    "examples": [prefix], "source": src})  # fmt: skip
        for i, text in enumerate(row["messages"], 1):
            rx = pattern(text)
            if rx and rx not in seen and not ambiguous(text, sets, rows, decided):
                seen.add(rx)
                out.append({"id": f"{base}-text-{i}", "pattern": rx, "sets": sets,
                            "examples": [text], "lang": "en", "source": src})  # fmt: skip
    return out


def build() -> None:
    """Write the signature file and the table from the stored excerpt."""
    rows = table()
    sigs = signatures(rows, c.mapping(FAMILY))
    header = (
        f"Android releasetools OTA error codes: {len(rows)} ErrorCodes imported from LineageOS "
        "android_build lineage-21.0\n(tools/releasetools/common.py, edify_generator.py); "
        f"{len(sigs)} signatures for the codes tools/importers/mappings/releasetools.yaml maps "
        "to facts."
    )
    c.write_signatures(FAMILY, header, sigs)
    c.write_table(FAMILY, rows, [EXCERPT])


def main() -> None:
    c.main(__doc__, build, refresh, "BUILD")


if __name__ == "__main__":
    main()
