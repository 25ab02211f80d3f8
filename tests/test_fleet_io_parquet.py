"""The Parquet reader: each needed column read once, the same table the DuckDB reader gives."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from posdoctor.fleet.columns import Mapping
from posdoctor.fleet.convert import epoch_of
from posdoctor.fleet.io import read_attempts
from tests.fleet_helpers import error_of


def parquet(tmp_path, select: str, name: str = "t.parquet") -> str:
    f = str(tmp_path / name)
    duckdb.sql(f"COPY (SELECT {select} FROM range(6) r(i)) TO '{f}' (FORMAT parquet)")
    return f


def test_text_start_times_are_read_by_duckdb_like_csv(tmp_path) -> None:
    """A start time stored as text (a time, or epoch seconds) becomes epoch seconds; it used
    to stop the triage with a traceback."""
    f = parquet(
        tmp_path,
        "'T' || i AS terminal_id, 'success' AS outcome, "
        "CASE WHEN i < 3 THEN '2026-03-01 10:00:0' || i ELSE CAST(1772359200 + i AS VARCHAR) END "
        "AS ts_start",
    )
    table = read_attempts([f], Mapping()).table
    assert table["ts_start"].to_pylist() == [1772359200 + i for i in range(6)]


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_timestamps_become_whole_seconds_rounded_down(unit) -> None:
    """Every unit, before and after 1970, NULL kept; nanoseconds too (2026 in ns does not fit
    a float exactly, which the float division before this stopped on)."""
    scale = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[unit]
    seconds = [1772359200, -1, 0, 1772359200, None]
    values = [None if s is None else s * scale + (scale - 1) for s in seconds]
    col = pa.chunked_array(
        [pa.array(values[:2], pa.timestamp(unit)), pa.array(values[2:], pa.timestamp(unit))]
    )
    assert epoch_of(col).to_pylist() == seconds


def test_error_code_is_not_read_when_there_is_error_text(tmp_path) -> None:
    """error_code only stands in for a missing error_text, so it is not read beside it."""
    both = parquet(
        tmp_path,
        "'T' || i AS terminal_id, 'failed' AS outcome, 'E1' AS error_code, 'boom' AS error_text",
    )
    code = parquet(
        tmp_path, "'T' || i AS terminal_id, 'failed' AS outcome, 'E1' AS error_code", "c.parquet"
    )
    assert read_attempts([both], Mapping()).table.column_names == [
        "outcome",
        "error_text",
        "terminal_id",
    ]
    assert read_attempts([code], Mapping()).table.column_names == [
        "outcome",
        "error_code",
        "terminal_id",
    ]


def test_terminal_ids_are_hashed_the_way_the_other_formats_hash_them(tmp_path) -> None:
    """Same id -> same integer, in Parquet (Arrow + DuckDB) and CSV (DuckDB alone)."""
    f = parquet(tmp_path, "'T' || (i % 4) AS terminal_id, 'success' AS outcome")
    csv = tmp_path / "t.csv"
    csv.write_text("terminal_id,outcome\n" + "".join(f"T{i % 4},success\n" for i in range(6)))
    from_parquet = read_attempts([f], Mapping()).table["terminal_id"].to_pylist()
    from_csv = read_attempts([str(csv)], Mapping()).table["terminal_id"].to_pylist()
    assert from_parquet == from_csv and len(set(from_parquet)) == 4
    assert from_parquet[0] == from_parquet[4] != from_parquet[1]


def test_a_large_terminal_dictionary_per_row_group(tmp_path) -> None:
    """The benchmark's files carry every terminal in each row group's dictionary; the rows
    and their order survive."""
    ids = pa.array([f"T{i}" for i in range(3000)]).dictionary_encode()
    rng = np.random.default_rng(5)
    pick = rng.integers(0, 3000, 5000)
    table = pa.table(
        {
            "terminal_id": pa.DictionaryArray.from_arrays(
                pa.array(pick, pa.int32()), ids.dictionary
            ),
            "outcome": pa.array(["failed" if p % 3 == 0 else "success" for p in pick]),
        }
    )
    f = tmp_path / "big.parquet"
    pq.write_table(table, f, row_group_size=1000, dictionary_pagesize_limit=1 << 28)
    got = read_attempts([str(f)], Mapping()).table
    assert got.num_rows == 5000
    assert got["outcome"].to_pylist() == table["outcome"].to_pylist()
    assert len(set(got["terminal_id"].to_pylist())) == len(set(pick.tolist()))


def test_an_empty_parquet_file_is_named_from_its_footer(tmp_path, capsys) -> None:
    f = str(tmp_path / "none.parquet")
    duckdb.sql(
        f"COPY (SELECT 'T1' AS terminal_id, 'success' AS outcome WHERE false) TO '{f}' "
        "(FORMAT parquet)"
    )
    assert error_of(capsys, "triage", f) == f"posdoctor: error: {f}: no rows"


def test_a_broken_parquet_file_is_one_line(tmp_path, capsys) -> None:
    f = tmp_path / "broken.parquet"
    f.write_bytes(b"PAR1 this is not parquet PAR1")
    message = error_of(capsys, "triage", str(f))
    assert message.startswith(f"posdoctor: error: {f}: cannot read: ")
    assert "\n" not in message
