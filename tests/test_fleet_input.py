"""Bad input: one clear message with file:line, exit 2, never a traceback; broken rows counted."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from posdoctor.cli import main
from posdoctor.fleet.generate import FleetSpec, generate
from tests.fleet_helpers import error_of, triage_json

HEADER = "terminal_id,outcome,model\n"


def write(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "name,text,message",
    [
        (
            "missing.csv",
            "terminal_id,Outcome,model\nT1,success,M1\n",
            "{f}:1: missing required column 'outcome' (found: terminal_id, Outcome, model); "
            "did you mean 'Outcome'? (rename it with --columns)",
        ),
        (
            "unknown.csv",
            HEADER + "T1,success,M1\nT2,FAILD,M2\nT3,FAILD,M1\n",
            "{f}:3: unknown outcome 'FAILD' (2 rows); did you mean 'failed'? use one of success, "
            "failed, timeout, rejected, canceled, pending, or map it in a --columns file",
        ),
        ("empty.csv", "", "{f}: empty file (no header, no rows)"),
        ("header.csv", HEADER, "{f}:2: no rows after the header"),
        ("noterm.csv", HEADER + "T1,success,M1\n,failed,M2\n", "{f}:3: empty terminal_id"),
        (
            "mixed.jsonl",
            '{"terminal_id": "T1", "outcome": "success", "battery": 50}\n'
            '{"terminal_id": "T2", "outcome": "failed", "battery": "low"}\n',
            "{f}:2: column 'battery' mixes types (number on line 1, text on line 2); "
            "give every value of a column the same type",
        ),
        (
            "missing.jsonl",
            '{"terminal_id": "T1", "status": "success"}\n',
            "{f}: missing required column 'outcome' (found: terminal_id, status)",
        ),
        ("data.xlsx", "x", "{f}: unknown file type (use .csv, .parquet or .jsonl)"),
    ],
)
def test_bad_input_is_one_line_with_file_and_line(tmp_path, capsys, name, text, message) -> None:
    f = write(tmp_path, name, text)
    assert error_of(capsys, "triage", f) == "posdoctor: error: " + message.format(f=f)


def test_unknown_outcome_in_parquet_names_the_row(tmp_path, capsys) -> None:
    f = tmp_path / "bad.parquet"
    duckdb.sql(
        "COPY (SELECT * FROM (VALUES ('T1', 'success'), ('T2', 'done')) t(terminal_id, "
        f"outcome)) TO '{f}' (FORMAT parquet)"
    )
    assert error_of(capsys, "triage", str(f)) == (
        f"posdoctor: error: {f}: row 2: unknown outcome 'done' (1 rows); use one of success, "
        "failed, timeout, rejected, canceled, pending, or map it in a --columns file"
    )


def test_missing_file_and_empty_glob(tmp_path, capsys) -> None:
    assert error_of(capsys, "triage", str(tmp_path / "nope.csv")) == (
        f"posdoctor: error: {tmp_path / 'nope.csv'}: cannot read: no such file"
    )
    assert error_of(capsys, "triage", str(tmp_path / "x*.csv")) == (
        f"posdoctor: error: {tmp_path / 'x*.csv'}: no file matches"
    )


def test_unknown_dimension_is_named(tmp_path, capsys) -> None:
    f = write(tmp_path, "a.csv", HEADER + "T1,success,M1\n")
    assert error_of(capsys, "triage", f, "--dims", "modle") == (
        f"posdoctor: error: {f}: --dims names 'modle', which is not a column "
        "(columns: terminal_id, outcome, model)"
    )


def test_broken_rows_are_skipped_counted_and_reported(tmp_path, capsys) -> None:
    f = write(
        tmp_path,
        "broken.csv",
        HEADER + "T1,success,M1\nT2,failed,M2,extra\nT3,failed\nT4,success,M1\n",
    )
    assert main(["fleet", "triage", f, "--format", "json", "--no-diagnosis"]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"posdoctor: warning: {f}:3: expected 3 fields, found 4: row skipped",
        f"posdoctor: warning: {f}:4: expected 3 fields, found 2: row skipped",
        "posdoctor: warning: 2 broken rows skipped in all (the first 2 are listed above)",
    ]
    assert '"rows": 2,' in captured.out and '"skipped": {\n    "rows": 2,' in captured.out


def test_a_100_mb_csv_with_broken_rows(tmp_path, capsys) -> None:
    """Nothing silently dropped: every broken line is counted; the rest are all read."""
    spec = FleetSpec(rows=1_200_000, seed=5)
    con = duckdb.connect()
    con.register("t", generate(spec))
    good = tmp_path / "good.csv"
    con.execute(f"COPY (SELECT * FROM t) TO '{good}' (HEADER)")
    lines = good.read_text(encoding="utf-8").splitlines(keepends=True)
    broken = {1000, 250_000, 900_000}  # line numbers (1-based) that get an extra field
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines, 1):
            out.write(line.rstrip("\n") + ",oops\n" if number in broken else line)
    assert big.stat().st_size > 100_000_000
    start = time.perf_counter()
    result = triage_json(capsys, str(big), "--no-diagnosis")
    assert time.perf_counter() - start < 60
    assert result["rows"] == 1_200_000 - len(broken)
    assert result["skipped"]["rows"] == len(broken)
    fields = lines[0].count(",") + 1
    assert result["skipped"]["reasons"] == [
        f"{big}:{n}: expected {fields} fields, found {fields + 1}" for n in sorted(broken)
    ]


def test_bad_mapping_file(tmp_path, capsys) -> None:
    f = write(tmp_path, "a.csv", HEADER + "T1,success,M1\n")
    m = write(tmp_path, "map.yaml", "rename: {a: b}\noutcome: {done: finished}\n")
    assert error_of(capsys, "triage", f, "--columns", m) == (
        f"posdoctor: error: {m}: outcome 'done' maps to 'finished'; use one of success, failed, "
        "timeout, rejected, canceled, pending"
    )


@pytest.mark.parametrize("empty", ["''", "NULL"])
def test_an_empty_terminal_id_in_parquet_names_the_row(tmp_path, capsys, empty) -> None:
    """Parquet ids are read in one Arrow pass now; an empty or missing id is still an error."""
    f = tmp_path / "ids.parquet"
    duckdb.sql(
        "COPY (SELECT * FROM (VALUES ('T1', 'success'), ('T2', 'failed'), "
        f"({empty}, 'success')) t(terminal_id, outcome)) TO '{f}' (FORMAT parquet)"
    )
    assert error_of(capsys, "triage", str(f)) == f"posdoctor: error: {f}: row 3: empty terminal_id"


def test_parquet_terminals_and_times_read_in_one_pass(tmp_path) -> None:
    """Distinct terminals and epoch seconds from the Arrow read match what DuckDB computes."""
    from posdoctor.fleet.columns import Mapping
    from posdoctor.fleet.io import read_attempts

    f = tmp_path / "t.parquet"
    duckdb.sql(
        "COPY (SELECT 'T' || (i % 7) AS terminal_id, 'success' AS outcome, "
        "TIMESTAMPTZ '2026-03-01 10:00:00+00' + INTERVAL (i) SECOND AS ts_start "
        f"FROM range(50) r(i)) TO '{f}' (FORMAT parquet)"
    )
    table = read_attempts([str(f)], Mapping()).table
    assert len(set(table["terminal_id"].to_pylist())) == 7
    assert table["ts_start"].to_pylist()[:2] == [1772359200, 1772359201]
    assert table["terminal_id"].type == "int64" and table["ts_start"].type == "int64"
