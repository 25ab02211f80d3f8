"""Turn checked attempts into the integer-coded table every engine counts on.

Columns of the coded table: ``t`` terminal (integer), ``f`` 1 when the attempt failed, ``d0..dn``
one small integer code per dimension value, ``s`` stage code, ``e`` error code (-1: none) and
``ts`` the start time in epoch seconds (NULL when unknown). Numeric dimensions are cut into
quantile buckets; a high-cardinality dimension keeps only values with enough failures to ever
be reported, the rest become "(other)".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..messages import Message
from .columns import OUTCOMES, Mapping, kind_of
from .io import Attempts, FleetInputError, unknown_dim
from .locate import first_where

OTHER, MISSING = "(other)", "(missing)"
NOT_DIMS = {
    "terminal_id",
    "terminal_name",
    "outcome",
    "error_text",
    "error_code",
    "stage",
    "ts_start",
    "ts_end",
    "attempt_id",
    "retry",
    "attempt_number",
}  # bookkeeping
MAX_VALUES = 200  # beyond this a dimension is high-cardinality and gets capped
BUCKETS = 5


@dataclass(frozen=True)
class Dim:
    """A dimension: its column, kind and the label of each code."""

    name: str
    kind: str
    labels: tuple[str, ...]
    hidden: frozenset[int] = frozenset()  # codes never reported: "(other)"


@dataclass
class Coded:
    """The coded attempts, the dimensions, and the error/stage labels."""

    table: pa.Table
    dims: list[Dim]
    stages: list[str]
    errors: list[str]
    notes: list[str] = field(default_factory=list)


def encode(
    att: Attempts,
    mapping: Mapping,
    dims: Sequence[str] | None,
    min_failed: int | Callable[[int], int],
) -> Coded:
    """The coded table of the attempts, dimensions chosen from --dims or every other column
    (``min_failed``, the support used to cap dimensions, may be given as a function of the
    number of failed attempts)."""
    table = att.table
    failed = failed_flags(att, mapping)
    if callable(min_failed):
        min_failed = min_failed(int(np.count_nonzero(failed)))
    check_terminals(att)
    names, notes = choose_dims(table, dims, att)
    cols: dict[str, pa.Array | pa.ChunkedArray] = {
        "t": table["terminal_id"],  # as DuckDB gave it: joining its chunks would copy 8 B a row
        "f": pa.array(failed.view(np.int8)),
    }
    out_dims: list[Any] = []
    for i, name in enumerate(names):
        codes, dim = dimension(whole(table[name]), name, failed, min_failed)
        cols[f"d{i}"], out_dims = codes, [*out_dims, dim]
    stage_codes, stages = labels_of(table, "stage")
    error_codes, errors = labels_of(table, "error_text", "error_code")
    cols["s"], cols["e"] = stage_codes, error_codes
    ts = whole(table["ts_start"]) if "ts_start" in table.column_names else None
    cols["ts"] = ts if ts is not None else pa.nulls(table.num_rows, pa.int64())
    return Coded(pa.table(cols), out_dims, stages, errors, notes)


def whole(col: pa.ChunkedArray) -> pa.Array:
    """A column as one array (no copy when it already is one)."""
    return col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()


def failed_flags(att: Attempts, mapping: Mapping) -> np.ndarray:
    """True for failed attempts; every outcome must be a known word."""
    outcome = as_dictionary(whole(att.table["outcome"]))
    words = outcome.dictionary.to_pylist()
    std = [mapping.outcome_of(w) if w is not None else None for w in words]
    for word, value in zip(words, std, strict=True):
        if value is None:
            raise FleetInputError(bad_outcome(att, word))
    if outcome.null_count:
        line = locate(att, lambda row: row_outcome(row) in (None, ""))
        raise FleetInputError(
            Message("fleetio.empty_outcome", where=line, choices=", ".join(OUTCOMES))
        )
    flags = np.array([s in mapping.failed for s in std], dtype=bool)
    return flags[indices_of(outcome, 0)]


def indices_of(arr: pa.DictionaryArray, null: int) -> np.ndarray:
    """The codes of a dictionary array as NumPy, ``null`` for NULL (no copy without one)."""
    indices = arr.indices
    if indices.null_count:
        indices = indices.fill_null(null)
    return indices.to_numpy(zero_copy_only=False)


def row_outcome(row: dict) -> str | None:
    value = row.get("outcome")
    return None if value is None else str(value).strip()


def bad_outcome(att: Attempts, word: str) -> Message:
    """The message for an outcome word nobody told us about."""
    line = locate(att, lambda row: row_outcome(row) == word.strip())
    n = pc.sum(pc.equal(att.table["outcome"].cast(pa.string()), word)).as_py()
    import difflib

    close = difflib.get_close_matches(word.strip().lower(), OUTCOMES, n=1, cutoff=0.6)
    hint = Message("fleetio.outcome_hint", word=close[0]) if close else ""
    return Message(
        "fleetio.unknown_outcome",
        where=line,
        word=word,
        n=n,
        hint=hint,
        choices=", ".join(OUTCOMES),
    )


def locate(att: Attempts, test) -> str:
    """file:line (Parquet: file:row N) of the first row of any file that passes ``test``."""
    from .io import file_format

    kind = file_format(att.files)
    for f in att.files:
        line = first_where(f, kind, lambda row: test(renamed(row, att)))
        if line is not None:
            return f"{f}:{line}" if kind != "parquet" else f"{f}: row {line}"
    return att.files[0]


def renamed(row: dict, att: Attempts) -> dict:
    return {att.rename.get(k, k): v for k, v in row.items()}


def check_terminals(att: Attempts) -> None:
    """Every attempt names its terminal."""
    if att.table["terminal_id"].null_count:
        line = locate(att, lambda row: str(row.get("terminal_id") or "").strip() == "")
        raise FleetInputError(Message("fleetio.empty_terminal", where=line))


def choose_dims(table: pa.Table, dims: Sequence[str] | None, att: Attempts) -> tuple:
    """The dimension columns: as named, or every other column that is not an identifier."""
    if dims:
        unknown = [d for d in dims if d not in table.column_names]
        if unknown:
            raise FleetInputError(unknown_dim(att.files[0], unknown[0], table.column_names))
        return list(dims), []
    names, notes = [], []
    for name in table.column_names:
        if name in NOT_DIMS:
            continue
        col = table[name]
        if pa.types.is_timestamp(col.type) or pa.types.is_date(col.type):
            notes.append(f"{name}: a time column, not used as a dimension")
        elif not is_numeric(col) and 0.5 * table.num_rows > 100 and many(col, 0.5 * table.num_rows):
            notes.append(f"{name}: unique per attempt (an identifier), not used")
        else:
            names.append(name)
    return names, notes


def many(col: pa.ChunkedArray, limit: float) -> bool:
    """More than ``limit`` distinct values? (Dictionaries smaller than it answer without
    looking at the rows.)"""
    if pa.types.is_dictionary(col.type) and sum(len(c.dictionary) for c in col.chunks) + 1 <= limit:
        return False
    return len(pc.unique(col.combine_chunks())) > limit


def is_numeric(col) -> bool:
    return pa.types.is_integer(col.type) or pa.types.is_floating(col.type)


def numbers_of(values: pa.Array) -> np.ndarray | None:
    """The distinct values as numbers when every one is a number (CSV text too), else None."""
    if pa.types.is_boolean(values.type):
        return None
    try:
        return pc.cast(values, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def dimension(arr: pa.Array, name: str, failed: np.ndarray, min_failed: int) -> tuple:
    """Codes and labels of one dimension column."""
    enc = as_dictionary(arr)
    codes = indices_of(enc, len(enc.dictionary))
    numbers = numbers_of(enc.dictionary)
    if numbers is not None and len(numbers) > BUCKETS * 2:
        values = np.append(numbers, np.nan)[codes]
        return bucketed(values, name)
    labels = [MISSING if v is None else str(v) for v in enc.dictionary.to_pylist()] + [MISSING]
    return capped(codes, labels, name, failed, min_failed)


def capped(codes: np.ndarray, labels: list[str], name: str, failed, min_failed: int) -> tuple:
    """Keep a high-cardinality dimension's values with enough failures; the rest -> (other)."""
    if len(labels) <= MAX_VALUES:
        return narrow(codes, len(labels)), Dim(name, kind_of(name), tuple(labels))
    per_value = np.bincount(codes[failed], minlength=len(labels))
    keep = np.flatnonzero(per_value >= min_failed)
    new = np.full(len(labels), len(keep), dtype=np.int32)
    new[keep] = np.arange(len(keep), dtype=np.int32)
    kept = [labels[i] for i in keep] + [OTHER]
    dim = Dim(name, kind_of(name), tuple(kept), frozenset({len(keep)}))
    return narrow(new[codes], len(kept)), dim


def bucketed(values: np.ndarray, name: str) -> tuple:
    """Quantile buckets of a numeric dimension, labelled [lo, hi)."""
    known = values[~np.isnan(values)]
    edges = np.unique(np.quantile(known, np.linspace(0, 1, BUCKETS + 1)[1:-1]))
    codes = np.searchsorted(edges, values, side="right").astype(np.int8)
    bounds = [-np.inf, *edges, np.inf]
    labels = [f"[{fmt(lo)}, {fmt(hi)})" for lo, hi in pairwise(bounds)]
    codes[np.isnan(values)] = len(labels)
    labels.append(MISSING)
    return pa.array(codes), Dim(name, kind_of(name), tuple(labels))


def narrow(codes: np.ndarray, size: int) -> pa.Array:
    """Codes in the smallest signed integer type that holds ``size`` values (less memory)."""
    for dtype in (np.int8, np.int16, np.int32):
        if size <= np.iinfo(dtype).max:
            return pa.array(codes.astype(dtype, copy=False))
    return pa.array(codes)


def fmt(x: float) -> str:
    return "-inf" if x == -np.inf else "inf" if x == np.inf else f"{x:g}"


def as_dictionary(arr: pa.Array) -> pa.DictionaryArray:
    """The column dictionary-encoded, values as text (no work when it already is)."""
    if not pa.types.is_dictionary(arr.type):
        return pc.dictionary_encode(arr if pa.types.is_string(arr.type) else arr.cast(pa.string()))
    if not pa.types.is_string(arr.dictionary.type):
        return pa.DictionaryArray.from_arrays(arr.indices, arr.dictionary.cast(pa.string()))
    return arr


def labels_of(table: pa.Table, *names: str) -> tuple[pa.Array, list[str]]:
    """Codes of the first present text column among ``names`` (-1 when empty)."""
    name = next((n for n in names if n in table.column_names), None)
    if name is None:
        return pa.array(np.full(table.num_rows, -1, dtype=np.int8)), []
    enc = as_dictionary(whole(table[name]))
    labels = [str(v) for v in enc.dictionary.to_pylist()]
    codes = indices_of(enc, -1)
    if "" in labels:  # an empty text is no error text
        codes = np.where(codes == labels.index(""), -1, codes)
    return narrow(codes, len(labels)), labels
