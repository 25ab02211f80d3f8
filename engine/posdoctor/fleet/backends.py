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
from .io import FleetInputError
from .sql import TABLE


class Backend(Protocol):
    name: str

    def rows(self, sql: str) -> list[tuple[Any, ...]]: ...

    def materialize(self, select: str, name: str = TABLE) -> None: ...

    def close(self) -> None: ...


class EngineUnavailable(UserInputError):
    """The engine asked for is not installed or does not start (a catalogue Message)."""


class DuckDBBackend:
    """DuckDB in this process, reading the coded Arrow table without a copy."""

    name = "duckdb"

    def __init__(self, table: pa.Table | None = None, threads: int | None = None):
        import duckdb

        self.con = duckdb.connect()
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if table is not None:
            self.con.register("coded", table)
            self.con.execute(f"CREATE TEMP TABLE {TABLE} AS SELECT * FROM coded")
            self.con.unregister("coded")
        self.log: list[tuple[str, float, int]] = []  # (query start, seconds, rows)

    def read(self, files: list[str], kind: str, rename: dict[str, str]) -> tuple[dict, int]:
        """The files as the view ``attempts`` (with ``_row``), as SparkBackend.read does: the
        in-engine coding path on DuckDB, which checks it against the Arrow encoder."""
        from .io import scan_sql

        rel = self.con.sql(f"SELECT * FROM {scan_sql(kind, files)}")
        cols = ", ".join(f'"{n}" AS "{rename.get(n, n)}"' for n in rel.columns)
        self.con.execute(
            f"CREATE TEMP VIEW attempts AS SELECT {cols}, row_number() OVER () AS _row "
            f"FROM {scan_sql(kind, files)}"
        )
        rel = self.con.sql("SELECT * FROM attempts")
        return {n: str(t).upper() for n, t in zip(rel.columns, rel.types, strict=True)}, 0

    def materialize(self, select: str, name: str = TABLE) -> None:
        """The table ``name`` (default: the coded table ``fleet``, from ``attempts``) as the
        result of a SELECT, replacing one of that name."""
        start = time.perf_counter()
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {select}")
        self.log.append((f"{name} := {select[:50]}", time.perf_counter() - start, -1))

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

    def __init__(self, table: pa.Table | None = None, master: str | None = None):
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
        self.spark.conf.set("spark.sql.session.timeZone", "UTC")
        self.cached: dict[str, Any] = {}
        if table is not None:
            self.spark.createDataFrame(table).createOrReplaceTempView(TABLE)

    def read(self, files: list[str], kind: str, rename: dict[str, str]) -> tuple[dict, int]:
        """The files, read by Spark, as the view ``attempts`` (with ``_row``, the row order):
        each standard column's type, and how many broken CSV rows were left out."""
        import pyspark.sql.functions as F

        try:
            df, broken = self._frame(files, kind)
        except Exception as exc:  # Spark's AnalysisException & co: a file it cannot read
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise FleetInputError(Message("fleetio.spark_read", file=files[0], why=first)) from None
        for name in df.columns:
            if rename.get(name, name) != name:
                df = df.withColumnRenamed(name, rename[name])
        df = df.withColumn("_row", F.monotonically_increasing_id())
        df.createOrReplaceTempView("attempts")
        return {f.name: f.dataType.simpleString().upper() for f in df.schema.fields}, broken

    def _frame(self, files: list[str], kind: str) -> tuple[Any, int]:
        """A DataFrame of the files; CSV rows with a wrong number of fields are counted, dropped."""
        reader = self.spark.read
        if kind == "parquet":
            return reader.option("mergeSchema", "true").parquet(*files), 0
        if kind == "json":
            return reader.json(files), 0
        from pyspark.sql.types import StringType, StructField, StructType

        header = reader.option("header", "true").csv(files).schema
        schema = StructType([*header.fields, StructField("_corrupt", StringType())])
        df = (
            reader.option("header", "true")
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", "_corrupt")
            .schema(schema)
            .csv(files)
            .cache()
        )
        broken = df.filter(df["_corrupt"].isNotNull()).count()
        return df.filter(df["_corrupt"].isNull()).drop("_corrupt"), broken

    def materialize(self, select: str, name: str = TABLE) -> None:
        """The view ``name`` (default: the coded table ``fleet``, from ``attempts``) as the
        result of a SELECT, cached by Spark; one of that name is dropped first."""
        frame = self.spark.sql(self._transpile(select)).cache()
        if name in self.cached:
            self.cached.pop(name).unpersist()
        self.cached[name] = frame
        frame.createOrReplaceTempView(name)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.spark.sql(self._transpile(sql)).collect()]

    def close(self) -> None:
        for name in {TABLE, *self.cached}:
            self.spark.catalog.dropTempView(name)
        for frame in self.cached.values():
            frame.unpersist()


def open_reader(engine: str) -> Any:
    """A backend that reads the files itself: Spark, or DuckDB's in-engine coding path."""
    return SparkBackend() if engine == "spark" else DuckDBBackend()


def open_backend(engine: str, table: pa.Table) -> Backend:
    """The backend called ``engine`` over the coded table."""
    if engine == "spark":
        return SparkBackend(table)
    return DuckDBBackend(table)
