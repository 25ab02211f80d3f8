"""Code the attempts inside the engine: for engines that read the files themselves (Spark).

The backend has registered the files, as read by the engine, as ``attempts`` with a row order
column ``_row``. Small aggregate queries (distinct counts, one value table per column) come
back to Python, which applies encode.py's rules to them (dimensions, quantile buckets, caps,
labels in order of first appearance, the same codes as the Arrow encoder); one generated
SELECT then builds the coded table ``fleet(t, f, d0..dn, s, e, ts)`` in the engine, never on
the driver. Terminal ids stay text there (counted exactly with count(DISTINCT)).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

import numpy as np

from ..messages import Message
from . import sql
from .columns import OUTCOMES, Mapping, kind_of
from .encode import BUCKETS, MAX_VALUES, MISSING, NOT_DIMS, OTHER, Coded, Dim, fmt
from .io import FleetInputError, missing, unknown_dim

TIME_TYPES = ("TIMESTAMP", "DATE")


def encode_in_engine(
    backend: Any,
    files: list[str],
    columns: dict[str, str],
    mapping: Mapping,
    dims: Sequence[str] | None,
    settings: Any,
) -> tuple[Coded, int]:
    """Code ``attempts`` into ``fleet`` in the engine; the Coded (no table) and the failed count.

    ``columns``: each column's standard name -> its type name in the engine (upper case)."""
    where = files[0]
    for col in ("terminal_id", "outcome"):
        if col not in columns:
            raise FleetInputError(missing(where, "engine", col, list(columns)))
    words = value_table(backend, "outcome")
    if not words:
        raise FleetInputError(Message("fleetio.no_rows", where=where))
    failed_words = outcome_words(words, mapping, where)
    failed = sum(int(n) for v, n, _k, _r in words if v in failed_words)
    support = max(settings.min_failed, math.ceil(settings.min_support * failed))
    check_terminals(backend, where)
    names, notes = choose(backend, columns, dims, where)
    flag = sql.one_of("outcome", failed_words)
    out_dims, exprs = [], []
    for i, name in enumerate(names):
        dim, expr = dimension(backend, name, flag, support)
        out_dims.append(dim)
        exprs.append(f"{expr} AS d{i}")
    stage_expr, stages = labels(backend, columns, ("stage",))
    error_expr, errors = labels(backend, columns, ("error_text", "error_code"))
    ts = ts_expr(columns)
    backend.materialize(sql.coded(flag, exprs, stage_expr, error_expr, ts))
    return Coded(None, out_dims, stages, errors, notes), failed


def value_table(backend: Any, column: str, flag: str = "0") -> list[tuple]:
    """(value as text, attempts, failed, first row) per value of ``column``, first seen first."""
    rows = backend.rows(sql.raw_values(column, flag))
    return sorted(rows, key=lambda r: r[3])


def outcome_words(words: list[tuple], mapping: Mapping, where: str) -> list[str]:
    """The outcome words meaning failed; an unknown or empty word is an error."""
    failed = []
    for value, n, _k, _row in words:
        if value is None or not str(value).strip():
            raise FleetInputError(
                Message("fleetio.empty_outcome", where=where, choices=", ".join(OUTCOMES))
            )
        std = mapping.outcome_of(str(value))
        if std is None:
            import difflib

            close = difflib.get_close_matches(str(value).strip().lower(), OUTCOMES, n=1)
            hint = Message("fleetio.outcome_hint", word=close[0]) if close else ""
            raise FleetInputError(
                Message(
                    "fleetio.unknown_outcome",
                    where=where,
                    word=value,
                    n=n,
                    hint=hint,
                    choices=", ".join(OUTCOMES),
                )
            )
        if std in mapping.failed:
            failed.append(str(value))
    return failed


def check_terminals(backend: Any, where: str) -> None:
    """Every attempt names its terminal."""
    if backend.rows(sql.raw_empty("terminal_id"))[0][0]:
        raise FleetInputError(Message("fleetio.empty_terminal", where=where))


def choose(backend: Any, columns: dict[str, str], dims: Sequence[str] | None, where: str):
    """The dimension columns (encode.choose_dims's rules), and notes on the ones left out."""
    if dims:
        unknown = [d for d in dims if d not in columns]
        if unknown:
            raise FleetInputError(unknown_dim(where, unknown[0], list(columns)))
        return list(dims), []
    others = [c for c in columns if c not in NOT_DIMS and c != "_row"]
    text = [c for c in others if not is_time(columns[c]) and not is_number(columns[c])]
    found = backend.rows(sql.raw_distinct(text))[0] if text else (0,)
    rows, distinct = int(found[0]), dict(zip(text, found[1:], strict=True))
    names, notes = [], []
    for name in others:
        if is_time(columns[name]):
            notes.append(f"{name}: a time column, not used as a dimension")
        elif name in distinct and distinct[name] > 0.5 * rows > 100:
            notes.append(f"{name}: unique per attempt (an identifier), not used")
        else:
            names.append(name)
    return names, notes


def is_time(typ: str) -> bool:
    return typ.startswith(TIME_TYPES)


def is_number(typ: str) -> bool:
    return any(w in typ for w in ("INT", "DOUBLE", "FLOAT", "DECIMAL", "REAL", "LONG", "SHORT"))


def dimension(backend: Any, name: str, flag: str, support: int) -> tuple[Dim, str]:
    """A dimension's labels and the SQL expression of its code."""
    values = value_table(backend, name, flag)
    known = [v for v in values if v[0] is not None]
    numbers = as_numbers([v[0] for v in known])
    if numbers is not None and len(known) > BUCKETS * 2:
        return bucketed(name, numbers, [int(v[1]) for v in known])
    labels = [str(v[0]) for v in known] + [MISSING]
    nulls_failed = sum(int(v[2]) for v in values if v[0] is None)
    if len(labels) <= MAX_VALUES:
        return Dim(name, kind_of(name), tuple(labels)), sql.code_of(name, labels[:-1], len(known))
    per_value = [int(v[2]) for v in known] + [nulls_failed]
    keep = [i for i, k in enumerate(per_value) if k >= support]
    kept = [labels[i] for i in keep] + [OTHER]
    other = len(keep)
    codes = {labels[i]: j for j, i in enumerate(keep) if i < len(known)}
    null_code = keep.index(len(known)) if len(known) in keep else other
    dim = Dim(name, kind_of(name), tuple(kept), frozenset({other}))
    return dim, sql.code_of(name, list(codes), other, null_code, list(codes.values()))


def as_numbers(values: list[Any]) -> np.ndarray | None:
    """The values as numbers when every one is a number, else None (as encode.numbers_of)."""
    if any(isinstance(v, bool) for v in values):
        return None
    try:
        return np.array([float(v) for v in values], dtype=float)
    except (TypeError, ValueError):
        return None


def bucketed(name: str, numbers: np.ndarray, counts: list[int]) -> tuple[Dim, str]:
    """Quantile buckets from a value table: the same edges as np.quantile over every row."""
    order = np.argsort(numbers, kind="stable")
    xs, ws = numbers[order], np.asarray(counts, dtype=np.int64)[order]
    edges = np.unique([weighted_quantile(xs, ws, q) for q in np.linspace(0, 1, BUCKETS + 1)[1:-1]])
    bounds = [-np.inf, *edges, np.inf]
    labels = [f"[{fmt(lo)}, {fmt(hi)})" for lo, hi in pairwise(bounds)] + [MISSING]
    return Dim(name, kind_of(name), tuple(labels)), sql.bucket_of(name, list(edges))


def weighted_quantile(xs: np.ndarray, ws: np.ndarray, q: float) -> float:
    """np.quantile's default (linear) of the values repeated by their counts."""
    total = int(ws.sum())
    h = q * (total - 1)
    lo = math.floor(h)
    ends = np.cumsum(ws)
    a = xs[int(np.searchsorted(ends, lo, side="right"))]
    b = xs[int(np.searchsorted(ends, min(lo + 1, total - 1), side="right"))]
    return float(a + (h - lo) * (b - a))


def labels(backend: Any, columns: dict[str, str], names: tuple[str, ...]) -> tuple[str, list]:
    """The code expression and labels of the first present text column (-1 when empty)."""
    name = next((n for n in names if n in columns), None)
    if name is None:
        return "-1", []
    values = [v for v in value_table(backend, name) if v[0] is not None]
    found = [str(v[0]) for v in values]
    codes = [-1 if v == "" else i for i, v in enumerate(found)]
    return sql.code_of(name, found, -1, -1, codes), found


def ts_expr(columns: dict[str, str]) -> str:
    """The start time in epoch seconds (NULL when there is no ts_start)."""
    if "ts_start" not in columns:
        return "CAST(NULL AS BIGINT)"
    if is_time(columns["ts_start"]):
        return 'CAST(epoch("ts_start") AS BIGINT)'
    return sql.epoch_seconds("ts_start")
