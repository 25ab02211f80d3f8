"""Find the line of a bad value, for error messages (only runs once something is wrong)."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Callable, Iterator
from typing import Any

JSON_TYPES = {
    bool: "true/false",
    int: "number",
    float: "number",
    str: "text",
    dict: "object",
    list: "list",
}


def opened(path: str) -> io.TextIOBase:
    """A text stream of the file, gunzipped when it ends in .gz."""
    raw = gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")  # noqa: SIM115
    return io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")


def csv_rows(path: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of a CSV file; the header is line 1."""
    with opened(path) as stream:
        sample = stream.read(64 * 1024)
        stream.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(stream, dialect=dialect)
        for row in reader:
            yield reader.line_num, row


def json_rows(path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) of a JSON Lines file, blank lines skipped."""
    with opened(path) as stream:
        for number, line in enumerate(stream, 1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError:
                    continue


def first_where(path: str, kind: str, test: Callable[[dict[str, Any]], bool]) -> int | None:
    """The first line (Parquet: row) whose row passes ``test``."""
    if kind == "parquet":
        import pyarrow.parquet as pq

        number = 0
        for batch in pq.ParquetFile(path).iter_batches():
            for row in batch.to_pylist():
                number += 1
                if test(row):
                    return number
        return None
    rows = csv_rows(path) if kind == "csv" else json_rows(path)
    return next((n for n, row in rows if test(row)), None)


def first_line(path: str, kind: str, column: str, problem: str) -> tuple[int, str]:
    """Where column values start to mix types, and which types were seen."""
    seen: dict[str, int] = {}
    for number, row in json_rows(path):
        value = row.get(column)
        if value is None:
            continue
        name = JSON_TYPES.get(type(value), type(value).__name__)
        seen.setdefault(name, number)
        if len(seen) > 1 or name in ("object", "list"):
            told = ", ".join(f"{t} on line {n}" for t, n in seen.items())
            return number, told
    return 1, problem
