"""Small generated fleets for the fleet tests, written in each input format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from posdoctor.cli import main
from posdoctor.fleet.generate import Cause, FleetSpec, generate, write
from posdoctor.fleet.scenarios import case_study

TWO_CAUSES = [
    Cause(predicate={"network_provider": "P02", "conn_type": "4G"}, lift=20.0, kind="network"),
    Cause(predicate={"package_id": "PK01"}, lift=8.0, kind="package"),
]


def fleet_file(tmp: Path, name: str, spec: FleetSpec) -> Path:
    out = tmp / name
    write(generate(spec), spec, out)
    return out


def small(
    tmp: Path,
    suffix: str = ".csv",
    causes: list[Cause] | None = None,
    rows: int = 20_000,
    seed: int = 3,
) -> Path:
    spec = FleetSpec(rows=rows, seed=seed, causes=TWO_CAUSES if causes is None else causes)
    return fleet_file(tmp, f"small{suffix}", spec)


def case(tmp: Path, rows: int = 60_000, seed: int = 11) -> Path:
    return fleet_file(tmp, "case.parquet", case_study(rows, seed))


def with_numbers(tmp: Path) -> Path:
    """A fleet with a numeric column (quantile buckets), a few-valued one and missing values."""
    spec = FleetSpec(rows=30_000, seed=8, causes=TWO_CAUSES)
    table = generate(spec)
    rng = np.random.default_rng(8)
    battery = rng.integers(0, 101, table.num_rows).astype(float)
    battery[rng.random(table.num_rows) < 0.05] = np.nan
    table = table.append_column("battery_pct", pa.array(battery, from_pandas=True))
    table = table.append_column("hw_rev", pa.array(rng.integers(1, 4, table.num_rows)))
    model = table["model"].to_pylist()
    model = [None if i % 97 == 0 else m for i, m in enumerate(model)]
    table = table.set_column(table.column_names.index("model"), "model", pa.array(model))
    out = tmp / "numbers.parquet"
    pq.write_table(table, out)
    return out


def triage_json(capsys: Any, *args: str) -> dict[str, Any]:
    """Run `posdoctor fleet triage ... --format json` and parse what it printed."""
    assert main(["fleet", "triage", *args, "--format", "json", "--lang", "en"]) == 0
    return json.loads(capsys.readouterr().out)


def error_of(capsys: Any, *args: str) -> str:
    """Run a failing fleet command; return its one line of stderr."""
    assert main(["fleet", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err.strip()
