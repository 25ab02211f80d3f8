"""How Parquet columns are read: start times converted in Arrow to epoch seconds; other
types of start time, and terminal ids, go through DuckDB (see io.column_sql)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

UNITS = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}


def arrow_time(typ: pa.DataType) -> bool:
    """Whether a Parquet start time converts in Arrow: a UTC or naive timestamp."""
    return pa.types.is_timestamp(typ) and typ.tz in (None, "UTC", "+00:00")


def by_duckdb_of(std: str, typ: pa.DataType) -> bool:
    """Terminal ids, and start times Arrow does not convert, are read by DuckDB."""
    return std == "terminal_id" or (std == "ts_start" and not arrow_time(typ))


def is_text(typ: pa.DataType) -> bool:
    return pa.types.is_string(typ) or pa.types.is_large_string(typ)


def epoch_of(col: pa.ChunkedArray) -> pa.Array:
    """A timestamp column as whole epoch seconds (rounded down), NULL kept; chunk by chunk
    into one array (fresh memory is what costs on a virtual machine)."""
    unit = UNITS[col.type.unit]
    out = np.empty(len(col), dtype=np.int64)
    at = 0
    for chunk in col.chunks:
        ints = chunk.view(pa.int64()) if chunk.type.bit_width == 64 else chunk.cast(pa.int64())
        values = ints.fill_null(0).to_numpy(zero_copy_only=False)
        np.floor_divide(values, unit, out=out[at : at + len(chunk)])
        at += len(chunk)
    mask = col.is_null().to_numpy(zero_copy_only=False) if col.null_count else None
    return pa.array(out, pa.int64(), mask=mask)
