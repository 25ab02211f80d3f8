"""Structured payloads in log lines: JSON objects, logfmt and key=value pairs (Mender's logfmt,
hawkBit feedback, IoT OTA progress reports, Android ``errorCode=``, journal fields).

A line's fields are parsed; a number in a field that a code family names (the imported tables'
``payload_keys``: errorCode, errno, status ...) is decoded by that family's table into the text
the family prints for it, and JSON string values that had escapes are read unescaped: the texts
found so go through the same recognisers as the line itself."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

TABLES = ("knowledge", "signatures", "imported", "tables")
# A key is a run of [\w./-] from its first [A-Za-z_/]. Tried at every position, as a plain
# ([A-Za-z_/][\w./-]*)= is, a long run without '=' costs its length at each of its positions
# (quadratic); tried only where a run starts, skipping the characters no key starts with, the
# same keys are found in linear time (test_log_payloads compares the two).
_RUN_START = r"(?<![\w./-])"
_LEAD = r"(?:[^\W_A-Za-z]|[.-])*"  # run characters a key cannot start with: digits, '.', '-'
_KEY = r"([A-Za-z_/][\w./-]*)"
_PAIR_VALUE = r"=(\"(?:[^\"\\]|\\.)*\"|[^\s,;&\"]+)"
_COLON_VALUE = r": ?(-?\d+)\b"  # "errorCode: 60", "/5/0/5: 5"
_PAIR = re.compile(_RUN_START + _LEAD + _KEY + _PAIR_VALUE)
_COLON = re.compile(_RUN_START + _LEAD + _KEY + _COLON_VALUE)
_COLON_HERE = re.compile(_LEAD + _KEY + _COLON_VALUE)
# A field as a server log or a person writes it: blanks around '=' or ':' and a key of one or
# two words ("NOTIFY /5/0/5 Update Result = 2", "/5/0/5 = 5", "Update Result: 5").
_SPACED = re.compile(
    _RUN_START + _LEAD + r"([A-Za-z_/][\w./-]*(?: [A-Za-z][\w./-]*)?)[ \t]*[=:][ \t]*(-?\d+)\b"
)
_IN_RUN = re.compile(r"[\w./-]")
_SEP = re.compile(r"[./ ]")
_NO_KEYS = '"payload_keys": []'  # as tools/importers/_common.write_table writes an empty list
_INT = re.compile(r"-?\d{1,10}|0[xX][0-9A-Fa-f]{1,8}")  # 0x...: an HRESULT
MAX_JSON = 16 * 1024  # characters of a line tried as JSON


@dataclass(frozen=True)
class Decoded:
    """A text a payload field stands for, and what it came from (shown with the evidence)."""

    text: str
    why: str


@dataclass(frozen=True)
class Table:
    """One imported code family: number -> the text it prints, and how to say it."""

    family: str
    texts: dict[int, dict[str, Any]]
    ranges: tuple[dict[str, Any], ...]
    decoded_as: str
    context: tuple[str, ...] = ()
    signed: bool = False  # the sign is part of the code: -3 is not 3 (Aliyun's "step")
    bare: tuple[str, ...] = ()  # keys a number follows after one blank ("errno 104")

    def decode(self, number: int) -> str | None:
        """The text for ``number`` (also tried without its sign, and a negative one as the
        unsigned 32-bit value it is, a signed HRESULT; exactly as given when the table is
        signed), or None."""
        tried = (
            (number,)
            if self.signed
            else (number, -number, number + 2**32 if number < 0 else number)
        )
        for n in tried:
            row = self.texts.get(n)
            if row:
                return self.decoded_as.format(**row)
        for span in self.ranges:
            if span["from"] <= number <= span["to"]:
                return str(span["text"]).format(offset=number - (span["from"] - 100))
        return None


def load_tables() -> dict[str, tuple[Table, ...]]:
    """The bundled imported tables, by the lower-case payload key that names them: a key several
    families share (``result_code``) lists first the tables whose ``payload_context`` words
    say which family a line is from, then those without (see ``candidates``)."""
    folder = resources.files("posdoctor").joinpath(*TABLES)
    by_key: dict[str, tuple[Table, ...]] = {}
    if not folder.is_dir():
        return by_key
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        text = entry.read_text(encoding="utf-8")
        if _NO_KEYS in text:  # a message table no payload field names: nothing to decode
            continue
        doc = json.loads(text)
        low, high = doc["payload_numbers"]
        texts = {r["number"]: r for r in doc["codes"] if r.get("en") and low <= r["number"] <= high}
        context = tuple(w.lower() for w in doc.get("payload_context") or ())
        signed = bool(doc.get("payload_signed"))
        bare = tuple(k.lower() for k in doc.get("payload_bare_keys") or ())
        table = Table(
            doc["family"], texts, tuple(doc["ranges"]), doc["decoded_as"], context, signed, bare
        )
        for key in dict.fromkeys([*doc["payload_keys"], *bare]):
            both = by_key.get(key.lower(), ()) + (table,)
            by_key[key.lower()] = tuple(sorted(both, key=lambda t: not t.context))
    return by_key


def candidates(tables: tuple[Table, ...], lowered: str) -> list[Table]:
    """The tables a key may stand for on this line, in the order they are tried: those whose
    context words the line holds, then those that need none."""
    return [t for t in tables if not t.context or any(word in lowered for word in t.context)]


def decode(tables: tuple[Table, ...], lowered: str, number: int) -> tuple[str, Table] | None:
    """A number decoded by the first of a key's tables that knows it on this line (a field
    several families share: an agent's extendedResultCode is its own code or a Delivery
    Optimization HRESULT), with that table; None when none does."""
    for table in candidates(tables, lowered):
        text = table.decode(number)
        if text:
            return text, table
    return None


class PayloadReader:
    """Finds the texts the structured fields of a line stand for."""

    def __init__(self, tables: dict[str, tuple[Table, ...]] | None = None):
        self.tables = load_tables() if tables is None else tables
        bare = sorted({k for ts in self.tables.values() for t in ts for k in t.bare}, key=len)
        self._bare = (
            re.compile(r"(?<![\w./-])(" + "|".join(map(re.escape, bare[::-1])) + r") (-?\d+)\b")
            if bare
            else None
        )

    def texts(self, line: str, lowered: str, named: bool) -> Iterator[Decoded]:
        """The decoded codes and unescaped JSON strings of one line (``lowered``: in lower
        case; ``named``: it holds a payload key, as the scanner's keyword pass found)."""
        escaped = "\\" in line
        if not named and not escaped:
            return
        if "{" in line and '"' in line:
            fields = _json_fields(line)
            if fields is not None:
                yield from self._fields(fields, escaped, lowered)
                return
        if named:
            pairs = [(k, _unquote(v)) for k, v in _PAIR.findall(line)]
            pairs += _colon_fields(line) if ":" in line else []
            pairs += _SPACED.findall(line) if " " in line else []
            pairs += self._bare.findall(lowered) if self._bare is not None else []
            yield from self._fields(list(dict.fromkeys(pairs)), False, lowered)

    def _fields(
        self, fields: list[tuple[str, Any]], escaped: bool, lowered: str
    ) -> Iterator[Decoded]:
        said: set[str] = set()  # "tls verify_result=20" is one field, found as two keys
        for key, value in fields:
            tables = self.tables.get(key.lower()) or self.tables.get(_last(key))
            number = _number(value)
            if tables and number is not None:
                found = decode(tables, lowered, number)
                if found and found[0] not in said:
                    text, table = found
                    said.add(text)
                    yield Decoded(text, f"{key}={number} → {text} ({table.family})")
            elif escaped and isinstance(value, str) and len(value) >= 8:
                yield Decoded(value, f"{key} (JSON)")


def _json_fields(line: str) -> list[tuple[str, Any]] | None:
    """The flattened fields of the JSON object a line holds (from its first '{'), or None."""
    start = line.find("{")
    end = line.rfind("}")
    if end <= start or end - start > MAX_JSON:
        return None
    try:
        doc = json.loads(line[start : end + 1])
    except ValueError:
        return None
    if not isinstance(doc, dict):
        return None
    out: list[tuple[str, Any]] = []
    _flatten(doc, "", out)
    return out


def _flatten(doc: Any, prefix: str, out: list[tuple[str, Any]]) -> None:
    """Nested objects and lists as (dotted key, value) pairs."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            _flatten(value, f"{prefix}{key}." if prefix or key else "", out)
    elif isinstance(doc, list):
        for value in doc:
            _flatten(value, prefix, out)
    else:
        out.append((prefix.rstrip("."), doc))


def _colon_fields(line: str) -> list[tuple[str, str]]:
    """The ``key: number`` fields of a line, in linear time. A match can end inside a run (the
    '-' after "a: 5-b: 6"), where _COLON's run-start test would skip the key that follows; there
    _COLON_HERE tries the rest of that run first. (A _PAIR match never ends inside a run: its
    value stops at a space, ',', ';', '&' or '"', so plain findall is right for it.)"""
    out: list[tuple[str, str]] = []
    at = 0
    while True:
        inside = 0 < at < len(line) and _IN_RUN.match(line, at - 1) is not None
        match = _COLON_HERE.match(line, at) if inside else None
        match = match or _COLON.search(line, at)
        if match is None:
            return out
        out.append((match.group(1), match.group(2)))
        at = match.end()


def _last(key: str) -> str:
    """A dotted, slashed or two-word key's last part, in lower case ("report.progress.result_code",
    "notify update_result")."""
    return _SEP.split(key)[-1].lower()


def _number(value: Any) -> int | None:
    """An integer field value (a JSON number or digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INT.fullmatch(value.strip()):
        return int(value.strip(), 0 if "x" in value.lower() else 10)
    return None


def _unquote(value: str) -> str:
    """A logfmt value without its quotes."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"')
    return value
