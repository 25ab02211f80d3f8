"""Read update attempts from CSV, Parquet or JSON Lines into one checked Arrow table.

Every mistake in the input is one ``FleetInputError`` that names the file and, where there is
one, the line (Parquet: the row). Broken CSV rows are skipped, counted and reported, never
dropped silently.
"""

from __future__ import annotations

import difflib
import glob
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from ..kb.problems import UserInputError
from ..messages import Message
from .columns import Mapping
from .convert import by_duckdb_of, epoch_of, is_text
from .locate import first_line
from .sql import epoch_seconds

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "json",
    ".ndjson": "json",
    ".json": "json",
}
REQUIRED = ("terminal_id", "outcome")
OPTIONAL = ("error_text", "error_code", "stage", "ts_start")
BOOKKEEPING = ("attempt_id", "ts_end", "retry", "attempt_number")  # never dimensions: not read


class FleetInputError(UserInputError):
    """A mistake in the attempts given to the triage: one line, with file:line when known
    (a catalogue Message, said in the reader's language; str() is the English)."""


@dataclass
class Skipped:
    """Rows left out of the table, with the first few reasons (file:line: why)."""

    rows: int = 0
    reasons: list[str] = field(default_factory=list)


@dataclass
class Attempts:
    """The attempts of all files as one table, with standard column names."""

    table: pa.Table
    files: list[str]
    skipped: Skipped
    rename: dict[str, str] = field(default_factory=dict)


def expand(patterns: Sequence[str]) -> list[str]:
    """Files named or matched by glob patterns, in order, each once."""
    files: list[str] = []
    for pattern in patterns:
        matched = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        if not matched:
            raise FleetInputError(Message("fleetio.no_match", pattern=pattern))
        files += [f for f in matched if f not in files]
    for f in files:
        if not os.path.isfile(f):
            raise FleetInputError(Message("fleetio.no_file", file=f))
        if os.path.getsize(f) == 0:
            raise FleetInputError(Message("fleetio.empty_file", file=f))
    return files


def file_format(files: list[str]) -> str:
    """csv, parquet or json, the same for every file."""
    kinds = set()
    for f in files:
        name = f[:-3] if f.endswith(".gz") else f
        kind = FORMATS.get(Path(name).suffix.lower())
        if kind is None:
            raise FleetInputError(Message("fleetio.unknown_type", file=f))
        kinds.add(kind)
    if len(kinds) > 1:
        raise FleetInputError(Message("fleetio.mixed_kinds", file=files[0], kinds=sorted(kinds)))
    return kinds.pop()


def scan_sql(kind: str, files: list[str]) -> str:
    """The DuckDB table function that reads the files."""
    quoted = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
    if kind == "csv":
        return f"read_csv([{quoted}], all_varchar=true, store_rejects=true, header=true)"
    if kind == "parquet":
        return f"read_parquet([{quoted}], union_by_name=true)"
    return f"read_json([{quoted}], format='newline_delimited', union_by_name=true)"


def read_attempts(
    patterns: Sequence[str],
    mapping: Mapping,
    dims: Sequence[str] | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> Attempts:
    """Read, rename and check the attempts (only ``dims`` and the standard columns when given)."""
    files = expand(patterns)
    kind = file_format(files)
    if con is None:
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
    for f in files:
        check_file(con, kind, f, mapping, dims)
    keep = None if not dims else {*REQUIRED, *OPTIONAL, *dims}
    if kind == "parquet":
        return Attempts(read_parquet(con, files, mapping, keep), files, Skipped(), mapping.rename)
    source = scan_sql(kind, files)
    try:
        rel = con.sql(f"SELECT * FROM {source}")
        select = ", ".join(
            column_sql(n, mapping.rename.get(n, n))
            for n in rel.columns
            if keep is None or mapping.rename.get(n, n) in keep
        )
        table = con.sql(f"SELECT {select} FROM {source}").to_arrow_table()
    except duckdb.Error as exc:
        raise FleetInputError(cannot_read(files[0], first_sentence(exc))) from None
    skipped = rejected(con) if kind == "csv" else Skipped()
    if table.num_rows == 0:
        raise FleetInputError(Message("fleetio.no_rows_after_header", where=f"{files[0]}:2"))
    return Attempts(table, files, skipped, mapping.rename)


def read_parquet(
    con: duckdb.DuckDBPyConnection, files: list[str], mapping: Mapping, keep: set[str] | None
) -> pa.Table:
    """Parquet with every needed column read once: text columns by Arrow, kept
    dictionary-encoded (fast to count on); terminal ids hashed by DuckDB (Arrow is slow on a
    large dictionary); start times converted from Arrow when it can, else by DuckDB."""
    import pyarrow.parquet as pq

    from .dictread import read_columns

    schema = pq.read_schema(files[0])
    std = {n: mapping.rename.get(n, n) for n in schema.names}
    names = [n for n in schema.names if needed(std[n], set(std.values()), keep)]
    by_duckdb = [n for n in names if by_duckdb_of(std[n], schema.field(n).type)]
    own = [n for n in names if n not in by_duckdb]
    text = [n for n in own if is_text(schema.field(n).type)]
    try:  # whole row groups per batch: a dictionary is decoded once per row group
        table = read_columns(files, own, text)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OSError) as exc:
        raise FleetInputError(cannot_read(files[0], str(exc))) from None
    for n in own:
        if std[n] == "ts_start":
            table = table.set_column(table.column_names.index(n), n, epoch_of(table[n]))
    extra = by_duckdb_columns(con, files, schema, by_duckdb, std)
    for name in extra.column_names:
        table = table.append_column(name, extra[name])
    return table.rename_columns([std.get(n, n) for n in table.column_names])


def by_duckdb_columns(
    con: duckdb.DuckDBPyConnection,
    files: list[str],
    schema: pa.Schema,
    names: list[str],
    std: dict[str, str],
) -> pa.Table:
    """The columns DuckDB reads: terminal ids hashed, start times Arrow does not convert."""
    if not names:
        return pa.table({})
    timed = {n for n in names if pa.types.is_timestamp(schema.field(n).type)}
    select = ", ".join(
        f"CAST(epoch({sql_name(n)}) AS BIGINT) AS ts_start" if n in timed else column_sql(n, std[n])
        for n in names
    )
    try:
        return con.sql(f"SELECT {select} FROM {scan_sql('parquet', files)}").to_arrow_table()
    except duckdb.Error as exc:
        raise FleetInputError(cannot_read(files[0], first_sentence(exc))) from None


def needed(std: str, present: set[str], keep: set[str] | None) -> bool:
    """Whether the triage uses a column: not bookkeeping, not error_code when there is
    error_text (error_code only stands in for a missing error_text), and in ``keep``."""
    if std in BOOKKEEPING or (std == "error_code" and "error_text" in present):
        return False
    return keep is None or std in keep


def sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def column_sql(name: str, std: str) -> str:
    """How a column is read: terminal ids hashed to integers, start times in epoch seconds."""
    col = '"' + name.replace('"', '""') + '"'
    if std == "terminal_id":  # NULL and '' stay NULL: reported as empty
        return (
            f"CASE WHEN {col} IS NULL OR CAST({col} AS VARCHAR) = '' THEN NULL "
            f"ELSE CAST(hash(CAST({col} AS VARCHAR)) >> 1 AS BIGINT) END AS terminal_id"
        )
    if std == "ts_start":  # a time, or a number of seconds (milliseconds when > 1e11)
        return f"{epoch_seconds(name)} AS ts_start"
    return f'{col} AS "{std}"'


def check_file(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    f: str,
    mapping: Mapping,
    dims: Sequence[str] | None = None,
) -> None:
    """One file: readable, has rows, the required columns and --dims, no mixed JSON types."""
    names, types, empty = parquet_footer(f, mapping) if kind == "parquet" else (None, {}, False)
    if names is None:
        try:
            rel = con.sql(f"SELECT * FROM {scan_sql(kind, [f])}")
            names = [mapping.rename.get(n, n) for n in rel.columns]
            types = dict(zip(names, (str(t) for t in rel.types), strict=True))
            empty = not rel.limit(1).fetchall()
        except duckdb.Error as exc:
            raise FleetInputError(cannot_read(f, first_sentence(exc))) from None
    for col in REQUIRED:
        if col not in names:
            raise FleetInputError(missing(f, kind, col, names))
    unknown = [d for d in dims or () if d not in names]
    if unknown:
        raise FleetInputError(unknown_dim(f, unknown[0], names))
    if empty:
        key = "fleetio.no_rows_after_header" if kind == "csv" else "fleetio.no_rows"
        raise FleetInputError(Message(key, where=f"{f}:2" if kind == "csv" else f))
    if kind == "json":
        check_json_types(f, mapping, types)


def parquet_footer(f: str, mapping: Mapping) -> tuple[list[str] | None, dict, bool]:
    """A Parquet file's column names and whether it has rows, from its footer alone (no
    data read); None when Arrow cannot read it, so that DuckDB says why."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(f).metadata
        names = meta.schema.to_arrow_schema().names
    except (pa.ArrowException, OSError):
        return None, {}, False
    return [mapping.rename.get(n, n) for n in names], {}, meta.num_rows == 0


def cannot_read(f: str, why: str) -> Message:
    """The message for a file the reader gave up on."""
    return Message("fleetio.cannot_read", file=f, why=why)


def unknown_dim(f: str, dim: str, names: list[str]) -> Message:
    """The message for a --dims name that is no column."""
    shown = ", ".join(n for n in names if n != "terminal_name")
    return Message("fleetio.unknown_dim", file=f, dim=dim, columns=shown)


def missing(f: str, kind: str, col: str, names: list[str]) -> Message:
    """The message for a missing required column, with the closest name found."""
    where = f"{f}:1" if kind == "csv" else f
    close = difflib.get_close_matches(col, names, n=1, cutoff=0.6)
    hint = Message("fleetio.column_hint", name=close[0]) if close else ""
    found = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    return Message("fleetio.missing_column", where=where, column=col, found=found, hint=hint)


def check_json_types(f: str, mapping: Mapping, types: dict[str, str]) -> None:
    """JSON Lines values of one column must share a type (numbers, text, true/false)."""
    for name, typ in types.items():
        if typ == "JSON" or typ.startswith(("STRUCT", "MAP")) or typ.endswith("[]"):
            source = next((k for k, v in mapping.rename.items() if v == name), name)
            line, seen = first_line(f, "json", source, "mixed")
            raise FleetInputError(
                Message("fleetio.json_mixed", where=f"{f}:{line}", name=name, seen=seen)
            )


def rejected(con: duckdb.DuckDBPyConnection) -> Skipped:
    """The broken CSV rows DuckDB skipped, with file:line and why."""
    try:
        rows = con.execute(
            "SELECT s.file_path, e.line, e.error_message FROM reject_errors e "
            "JOIN reject_scans s USING (scan_id, file_id) ORDER BY s.file_path, e.line"
        ).fetchall()
    except duckdb.Error:
        return Skipped()
    lines = sorted({(p, line): plain(msg) for p, line, msg in rows}.items())
    return Skipped(len(lines), [f"{p}:{line}: {msg}" for (p, line), msg in lines[:5]])


def plain(message: str) -> str:
    """DuckDB's reason for rejecting a CSV row, in our words."""
    found = re.match(r"Expected Number of Columns: (\d+) Found: (\d+)", message)
    if found:
        return f"expected {found[1]} fields, found {found[2]}"
    return message.split("\n")[0]


def first_sentence(exc: Exception) -> str:
    """DuckDB's message without its error-class prefix and hints."""
    text = str(exc).split("\n")[0]
    return (
        text.split(": ", 1)[1] if ": " in text and text.split(": ")[0].endswith("Error") else text
    )
