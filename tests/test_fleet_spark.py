"""The same fixtures on DuckDB and on Spark local[1] give identical results: Spark reads the
files itself (spark.read) and codes them with the same generated SQL, transpiled."""

from __future__ import annotations

import importlib.util

import pytest

from posdoctor.fleet.generate import Cause
from posdoctor.fleet.triage import Options, triage
from tests.fleet_helpers import case, small, with_numbers

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None,
    reason="pyspark is not installed (pip install 'posdoctor[spark]'; needs Java 17)",
)


@pytest.fixture(scope="module", autouse=True)
def spark_local_1(monkeypatch_module):
    monkeypatch_module.setenv("POSDOCTOR_SPARK_MASTER", "local[1]")


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


FIXTURES = {
    "two_causes": lambda tmp: small(tmp),
    "case_study": lambda tmp: case(tmp),
    "order_three": lambda tmp: small(
        tmp,
        causes=[
            Cause({"network_provider": "P01", "conn_type": "wifi", "package_id": "PK01"}, lift=15.0)
        ],
        rows=40_000,
        seed=9,
    ),
    "no_cause": lambda tmp: small(tmp, causes=[], rows=30_000),
    "numbers_and_gaps": lambda tmp: with_numbers(tmp),
}


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_duckdb_and_spark_give_identical_clusters(tmp_path, name) -> None:
    path = str(FIXTURES[name](tmp_path))
    duck = triage(Options([path], engine="duckdb"))
    spark = triage(Options([path], engine="spark"))
    assert (duck["engine"], spark["engine"]) == ("duckdb", "spark")
    del duck["engine"], spark["engine"]
    assert spark == duck
    expected = {"two_causes": 2, "case_study": 1, "order_three": 1, "no_cause": 0}.get(name, 2)
    assert len(duck["clusters"]) == expected


def test_spark_counts_broken_csv_rows_and_leaves_them_out(tmp_path) -> None:
    rows = "".join(f"T{i},{'failed' if i % 9 == 0 else 'success'},M{i % 3}\n" for i in range(60))
    f = tmp_path / "broken.csv"
    f.write_text("terminal_id,outcome,model\nT0,success,M1,extra\nT9,failed\n" + rows, "utf-8")
    spark = triage(Options([str(f)], engine="spark"))
    duck = triage(Options([str(f)], engine="duckdb"))
    assert spark["rows"] == duck["rows"] == 60
    assert duck["skipped"]["rows"] == 2
    assert spark["skipped"] == {
        "rows": 2,
        "reasons": [f"{f}: 2 rows with a wrong number of fields (Spark does not say which lines)"],
    }
