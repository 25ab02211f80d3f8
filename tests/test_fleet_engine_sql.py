"""Coding in the engine (encode_sql.py, what --engine spark uses) gives the same result as the
Arrow encoder; checked on DuckDB here, so it runs without pyspark."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from posdoctor.fleet.encode_sql import weighted_quantile
from posdoctor.fleet.generate import Cause
from posdoctor.fleet.io import FleetInputError
from posdoctor.fleet.scenarios import random_spec
from posdoctor.fleet.triage import Options, triage
from tests.fleet_helpers import case, fleet_file, small, with_numbers

FIXTURES = {
    "two_causes_csv": lambda tmp: small(tmp),
    "two_causes_jsonl": lambda tmp: small(tmp, suffix=".jsonl"),
    "case_study_parquet": lambda tmp: case(tmp),
    "order_three": lambda tmp: small(
        tmp,
        causes=[
            Cause({"network_provider": "P01", "conn_type": "wifi", "package_id": "PK01"}, lift=15.0)
        ],
        rows=40_000,
        seed=9,
    ),
    "random_wide": lambda tmp: fleet_file(tmp, "wide.parquet", random_spec(60_000, 3)),
    "numbers_and_gaps": lambda tmp: with_numbers(tmp),
}


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_in_engine_coding_equals_the_arrow_encoder(tmp_path, name) -> None:
    path = str(FIXTURES[name](tmp_path))
    arrow = triage(Options([path], engine="duckdb"))
    sql = triage(Options([path], engine="duckdb-sql"))
    assert sql == arrow
    assert arrow["rows"] > 0 and arrow["dims"]
    if name == "numbers_and_gaps":
        dims = {d["name"]: d for d in arrow["dims"]}
        assert dims["battery_pct"]["values"] == 6  # five quantile buckets and (missing)
        assert dims["hw_rev"]["values"] == 4 and dims["model"]["values"] > 2


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-50, 50), st.integers(1, 30)),
        min_size=1,
        max_size=30,
        unique_by=lambda t: t[0],
    ),
    st.floats(0, 1),
)
def test_weighted_quantile_is_numpys_over_every_row(pairs, q) -> None:
    xs = np.array(sorted(float(x) for x, _ in pairs))
    ws = np.array([w for _, w in sorted(pairs)])
    expected = float(np.quantile(np.repeat(xs, ws), q))
    assert weighted_quantile(xs, ws, q) == pytest.approx(expected, abs=1e-9)


def test_an_unknown_outcome_is_named_with_its_file(tmp_path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text("terminal_id,outcome,model\nT1,success,M1\nT2,FAILD,M2\n", "utf-8")
    with pytest.raises(FleetInputError) as caught:
        triage(Options([str(f)], engine="duckdb-sql"))
    assert str(caught.value) == (
        f"{f}: unknown outcome 'FAILD' (1 rows); did you mean 'failed'? use one of success, "
        "failed, timeout, rejected, canceled, pending, or map it in a --columns file"
    )


def test_a_missing_column_is_named_with_its_file(tmp_path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text("terminal_id,result,model\nT1,success,M1\n", "utf-8")
    with pytest.raises(FleetInputError) as caught:
        triage(Options([str(f)], engine="duckdb-sql"))
    assert str(caught.value).startswith(f"{f}: missing required column 'outcome' (found: ")
