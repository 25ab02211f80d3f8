"""What the message-family importers share (Mender, SWUpdate, rauc-hawkbit-updater): reading the
string literals of logging and error calls out of C/C++ sources, storing them as one excerpt line
per call (``path:line CALL CODE "format"``), and turning them into a table and signatures.

A message's printf conversions and the non-literal parts of a concatenation become ``.*`` in its
pattern; a message whose longest literal piece is shorter than MIN_LITERAL characters is too
generic to recognise and gets no signature (it stays in the table). The mapping decides facts per
code (``facts``) and per text (``texts``: the first listed piece a message contains, ignoring
case, wins over its code)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import _common as c

MIN_LITERAL = 12
_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_LINE = re.compile(r"^(\S+) (\S+) (\S+) \"(.*)\"$", re.M)
_SPEC = re.compile(r"%[-+ #0']*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfgGcspm]")
_CODE = re.compile(r"^[A-Za-z_][\w:]*$")
_LINE_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?\*/', re.S)
_MACRO = re.compile(r"^(?:PRI\w+|G_\w+_FORMAT|G_\w+_MODIFIER)")


show = c.git_show  # one file of a git checkout at a tag (the message importers call m.show)


def files(repo: Path, tag: str, folders: list[str], suffixes: tuple[str, ...]) -> list[str]:
    """The source files under ``folders`` at ``tag`` (tests left out)."""
    out = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only", tag, *folders],
                         capture_output=True, text=True, check=True).stdout.split()  # fmt: skip
    return sorted(f for f in out if f.endswith(suffixes) and "test" not in f.lower())


def _arguments(text: str, start: int) -> list[str] | None:
    """The top-level arguments of the call whose '(' is at ``start`` (strings respected)."""
    depth, args, begin, i = 0, [], start + 1, start
    while i < len(text):
        ch = text[i]
        if ch == '"':
            m = _STRING.match(text, i)
            if m is None:
                return None
            i = m.end()
            continue
        if ch == "'":
            i = text.index("'", i + 2 if text[i + 1] == "\\" else i + 1) + 1
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                args.append(text[begin:i])
                return args
        elif ch == "," and depth == 1:
            args.append(text[begin:i])
            begin = i + 1
        i += 1
    return None


def _format(arg: str) -> str | None:
    """The text an argument builds: its string literals joined, anything else as %s."""
    pieces = list(_STRING.finditer(arg))
    if not pieces:
        return None
    out: list[str] = []
    last = pieces[0].start()
    for m in pieces:
        out += _gap(arg[last : m.start()].strip(), out)
        out.append(m.group(1))
        last = m.end()
    tail = arg[last:].strip()
    out += _gap(tail, out) if tail.startswith("+") or _MACRO.match(tail) else []
    return "".join(out)


def _gap(between: str, before: list[str]) -> list[str]:
    """What a non-literal part of a message stands for: a format macro ending a conversion
    (``"%" G_GOFFSET_FORMAT``, ``"%" PRIu64``) is a number, anything else some text."""
    if not between or between == "+":  # Go's "a" + "b" is one literal
        return []
    if before and before[-1].endswith("%") and _MACRO.match(between):
        return ["lu"]
    return ["%s"]


def _blank(token: re.Match[str]) -> str:
    """A comment as spaces (its newlines kept, so line numbers stay); a string as it is."""
    text = token.group()
    return text if text.startswith('"') else re.sub(r"[^\n]", " ", text)


def extract(text: str, calls: dict[str, int | None]) -> list[tuple[int, str, str, str]]:
    """Every call of ``calls`` (name -> index of its code argument, or None) in a source text:
    line, call, code ('-' when none), the format of its first argument holding a literal."""
    names = "|".join(re.escape(n) for n in sorted(calls, key=len, reverse=True))
    out = []
    clean = _LINE_COMMENT.sub(_blank, text)
    for m in re.finditer(rf"(?<![\w.>])({names})\s*\(", clean):
        args = _arguments(clean, m.end() - 1)
        if not args:
            continue
        where = calls[m.group(1)]
        code = args[where].strip() if where is not None and where < len(args) else "-"
        code = code.rsplit("::", 1)[-1] if _CODE.match(code) else "-"
        fmt = next((f for f in map(_format, args) if f is not None), None)
        if fmt:
            out.append((text.count("\n", 0, m.start()) + 1, m.group(1), code, fmt))
    return out


def refresh_excerpt(repo: Path, tag: str, names: list[str], calls: dict[str, int | None],
                    excerpt: str) -> None:  # fmt: skip
    """Re-extract every call of ``calls`` in ``names`` at ``tag`` into the stored excerpt."""
    lines = []
    for name in names:
        for line, call, code, fmt in extract(show(repo, tag, name), calls):
            lines.append(f'{name}:{line} {call} {code} "{fmt}"')
    path = c.UPSTREAM / excerpt
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def table(excerpt: str) -> list[dict[str, Any]]:
    """Every stored message: number (its place), where it is, the call, its code, its format."""
    rows = []
    for i, (where, call, code, fmt) in enumerate(_LINE.findall(c.excerpt(excerpt))):
        row = {"number": i, "name": code if code != "-" else call, "where": where}
        rows.append({**row, "call": call, "en": fmt.replace('\\"', '"')})
    return rows


def pattern(fmt: str) -> str | None:
    """A pattern for a format (conversions and \\n escapes as .*), or None when too generic."""
    plain = fmt.replace("%%", "%").replace("\\n", "%s").replace("\\t", "%s")
    plain = plain.replace('\\"', '"').replace("\\\\", "\\")
    pieces = [p.strip() for p in _SPEC.split(plain) if p.strip()]
    if not pieces or max(len(p) for p in pieces) < MIN_LITERAL:
        return None
    return ".*".join(c.literal(p) for p in pieces)


def decided_sets(row: dict[str, Any], decided: dict[str, Any]) -> dict[str, Any] | None:
    """The facts the mapping gives a message: by a text piece it holds, else by its code."""
    low = row["en"].lower()
    for entry in decided.get("texts") or []:
        if entry["contains"].lower() in low:
            return entry["sets"] or None
    return (decided.get("facts") or {}).get(row["name"])


def signatures(family: str, rows: list[dict[str, Any]], ref: str) -> list[dict[str, Any]]:
    """One signature per distinct message the mapping gives facts."""
    decided = c.mapping(family)
    out, seen = [], set()
    for row in rows:
        sets = decided_sets(row, decided)
        rx = pattern(row["en"]) if sets else None
        if not rx or rx in seen:
            continue
        seen.add(rx)
        where = row["where"].split("/")[-1] + ("" if ":" in row["where"] else "-" + row["name"])
        slug = re.sub(r"[^a-z0-9]+", "-", where.lower()).strip("-")
        out.append({"id": f"{family.replace('_', '-')}-imp-{slug}", "pattern": rx, "sets": sets,
                    "examples": [row["en"]], "lang": "en", "source": {"ref": ref}})  # fmt: skip
    return out


def build(family: str, excerpt: str, ref: str, what: str) -> None:
    """Write the signature file and the table of one message family from its excerpt."""
    rows = table(excerpt)
    sigs = signatures(family, rows, ref)
    header = (
        f"{what}: {len(rows)} messages imported;\n{len(sigs)} signatures for the messages "
        f"tools/importers/mappings/{family}.yaml maps to facts."
    )
    c.write_signatures(family, header, sigs)
    c.write_table(family, rows, [excerpt])
