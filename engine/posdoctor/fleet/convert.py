"""Parquet columns converted in Arrow while reading: terminal ids to integers, times to epoch
seconds (one pass over the file; other types go through DuckDB, see io.column_sql)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc


def arrow_ready(schema: pa.Schema, name: str) -> bool:
    """Whether a Parquet column converts in Arrow: text ids, UTC or naive timestamps."""
    typ = schema.field(name).type
    return (
        pa.types.is_string(typ)
        or pa.types.is_large_string(typ)
        or (pa.types.is_timestamp(typ) and typ.tz in (None, "UTC", "+00:00"))
    )


def terminal_codes(col: pa.ChunkedArray) -> pa.Array:
    """Terminal ids as integers (their place in the unified dictionary); '' is NULL."""
    if not pa.types.is_dictionary(col.type):
        return pa.array(pc.dictionary_encode(col.combine_chunks()).indices, pa.int64())
    arr = col.unify_dictionaries().combine_chunks()
    codes = arr.indices.cast(pa.int64())
    empty = arr.dictionary.index("").as_py() if pa.types.is_string(arr.dictionary.type) else -1
    if empty is not None and empty >= 0:
        codes = pc.if_else(pc.equal(codes, empty), pa.scalar(None, pa.int64()), codes)
    return codes


def epoch_of(col: pa.ChunkedArray) -> pa.Array:
    """A timestamp column as whole epoch seconds."""
    unit = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}[col.type.unit]
    ints = pc.cast(col.combine_chunks(), pa.timestamp(col.type.unit)).cast(pa.int64())
    return pc.floor(pc.divide(ints.cast(pa.float64()), unit)).cast(pa.int64())
