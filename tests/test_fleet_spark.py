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
