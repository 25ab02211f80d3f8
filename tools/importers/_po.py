"""Reading gettext catalogues (.po): the translated, non-fuzzy entries, and a printf format
(%s, %d, %1$s, %lu ...) as a pattern."""

from __future__ import annotations

import re

import _common as c

_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_SPEC = re.compile(
    r"%(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.\d+)?(?:hh|h|ll|l|z|j|t|L|q|I64)?[diouxXeEfgGcsp]"
)
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
# What a conversion may print. RE2 is linear in the line whatever the pattern; a bounded
# ".{0,200}" would read closer but compiles 70 times slower (2 ms a pattern, at every cold start).
WILD = ".*"


def _unescape(text: str) -> str:
    """A C string literal's text."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text)


def entries(text: str) -> list[dict[str, str]]:
    """Every translated, non-fuzzy entry of a .po file: msgid, msgstr (the first plural form),
    msgctxt; the header entry (empty msgid) left out."""
    out = []
    for block in re.split(r"\n\s*\n", text):
        if re.search(r"^#,.*\bfuzzy\b", block, re.M) or re.search(r"^#~", block, re.M):
            continue
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            m = re.match(
                r"(msgctxt|msgid_plural|msgid|msgstr(?:\[0\])?|msgstr\[\d+\])\s+(\".*)", line
            )
            if m:
                key = m.group(1).replace("[0]", "")
                fields[key] = fields.get(key, "") + "".join(_STRING.findall(m.group(2)))
            elif line.startswith('"') and key:
                fields[key] += "".join(_STRING.findall(line))
        msgid, msgstr = fields.get("msgid", ""), fields.get("msgstr", "")
        if msgid and msgstr:
            out.append({"msgid": _unescape(msgid), "msgstr": _unescape(msgstr),
                        "msgctxt": _unescape(fields.get("msgctxt", ""))})  # fmt: skip
    return out


def joined(block: str) -> str:
    """One .po entry without its comments, each field's string on one line (as the msgfmt
    tools join them), so that a stored message reads as the program prints it."""
    out: list[str] = []
    for line in block.splitlines():
        if line.startswith("#"):
            continue
        if line.startswith('"') and out:
            out[-1] = out[-1][:-1] + line[1:]
        else:
            out.append(line)
    return "\n".join(out)


def pieces(fmt: str) -> list[str]:
    """The literal pieces of a printf format, stripped, without empty ones."""
    return [p.strip() for p in _SPEC.split(fmt.replace("%%", "\0")) if p.strip()]


def weight(text: str) -> int:
    """How much a literal says: its length, a CJK character counting as three (a word)."""
    return len(text) + 2 * sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")


def pattern(fmt: str, min_literal: int) -> str | None:
    """A pattern for one line of a printf format (conversions as a wildcard), or None
    when its longest literal piece is shorter than ``min_literal`` characters."""
    line = max(fmt.split("\n"), key=len).strip().rstrip("。.：:")
    found = [p.replace("\0", "%") for p in pieces(line)]
    if not found or max(weight(p) for p in found) < min_literal:
        return None
    return WILD.join(c.literal(p) for p in found)
