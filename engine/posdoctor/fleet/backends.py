"""Engines that run the generated SQL: DuckDB in-process (default) and Apache Spark.

A backend holds the coded table as ``fleet`` and answers ``rows(sql)`` with plain tuples. The
triage's algorithm never sees which engine it talks to; Spark gets the same SQL, transpiled
from DuckDB's dialect by sqlglot.
"""

from __future__ import annotations

import os
import time
from typing import Any, Protocol

import pyarrow as pa

from ..kb.problems import UserInputError
from ..messages import Message
from .sql import TABLE


class Backend(Protocol):
    name: str

    def rows(self, sql: str) -> list[tuple[Any, ...]]: ...

    def close(self) -> None: ...


class EngineUnavailable(UserInputError):
    """The engine asked for is not installed or does not start (a catalogue Message)."""


class DuckDBBackend:
    """DuckDB in this process, reading the coded Arrow table without a copy."""

    name = "duckdb"

    def __init__(self, table: pa.Table, threads: int | None = None):
        import duckdb

        self.con = duckdb.connect()
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        self.con.register("coded", table)
        self.con.execute(f"CREATE TEMP TABLE {TABLE} AS SELECT * FROM coded")
        self.con.unregister("coded")
        self.log: list[tuple[str, float, int]] = []  # (query start, seconds, rows)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        start = time.perf_counter()
        out = self.con.execute(sql).fetchall()
        self.log.append((sql[:60], time.perf_counter() - start, len(out)))
        return out

    def close(self) -> None:
        self.con.close()


class SparkBackend:
    """Apache Spark (local or a cluster via SPARK_REMOTE / spark-submit settings)."""

    name = "spark"

    def __init__(self, table: pa.Table, master: str | None = None):
        try:
            import sqlglot
            from pyspark.sql import SparkSession
        except ImportError as exc:
            raise EngineUnavailable(Message("fleetio.no_pyspark", module=exc.name)) from None
        self._transpile = lambda sql: sqlglot.transpile(sql, read="duckdb", write="spark")[0]
        builder = SparkSession.builder.appName("posdoctor-fleet")
        builder = builder.master(master or os.environ.get("POSDOCTOR_SPARK_MASTER", "local[*]"))
        try:
            self.spark = (
                builder.config("spark.sql.shuffle.partitions", "4")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .getOrCreate()
            )
        except Exception as exc:  # no Java, no cluster: pyspark raises several kinds
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise EngineUnavailable(Message("fleetio.spark_down", why=first)) from None
        self.spark.sparkContext.setLogLevel("ERROR")
        self.spark.createDataFrame(table).createOrReplaceTempView(TABLE)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.spark.sql(self._transpile(sql)).collect()]

    def close(self) -> None:
        self.spark.catalog.dropTempView(TABLE)


def open_backend(engine: str, table: pa.Table) -> Backend:
    """The backend called ``engine`` over the coded table."""
    if engine == "spark":
        return SparkBackend(table)
    return DuckDBBackend(table)
