"""Speed part of bench/fleet_bench.py: 1M and 10M attempts x 8 dimensions from Parquet.

Each measurement runs in a fresh Python process (peak RSS is that process's), three times;
medians are reported, with each run's end to end over the floor below (a ratio measured in
one process, fair on a shared box), the load average before and after the triage, and the
triage's CPU seconds (user + system, all threads: what the run cost whatever else ran). In
the same process, after the triage: DuckDB's own GROUPING SETS over all dimension pairs on
the same coded table (the floor for any exact order-2 method), and on request mlxtend
fpgrowth / Spark FPGrowth on the failed attempts at the triage's support (min_failed /
failed, the support our candidates need), each timed as a user runs it from the same coded
table: the data preparation the library needs (one-hot frame; item arrays) and the mining,
with the mining alone printed beside it. They count the failed rows only, our counting also
fetches totals over all attempts, so the comparison favours them.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from posdoctor.fleet.generate import CORE, Cause, FleetSpec, generate, write

CHILD = r"""
import json, resource, sys, time
from itertools import combinations
import posdoctor
from posdoctor.fleet.triage import Options, triage
path, report, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
t = {}
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
load_before = __import__("os").getloadavg()[0]
start, cpu_start = time.perf_counter(), cpu()
result = triage(Options([path], kb=posdoctor.load_knowledge_base(), timings=t))
total = time.perf_counter() - start
out = {"end_to_end_s": round(total, 3), "cpu_s": round(cpu() - cpu_start, 3), "phases": t,
       "top": result["clusters"][0]["predicate"] if result["clusters"] else None,
       "clusters": len(result["clusters"]),
       "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
       "load_average": [round(load_before, 2), round(__import__("os").getloadavg()[0], 2)]}
from posdoctor.fleet.columns import Mapping
from posdoctor.fleet.encode import encode
from posdoctor.fleet.io import read_attempts
from posdoctor.fleet.backends import DuckDBBackend
att = read_attempts([path], Mapping())
coded = encode(att, Mapping(), None, result["settings"]["min_failed"])
b = DuckDBBackend(coded.table)
n = len(coded.dims)
sets = ", ".join(f"(d{i}, d{j})" for i, j in combinations(range(n), 2))
cols = ", ".join(f"d{i}" for i in range(n))
times = []
for _ in range(3):
    s = time.perf_counter()
    b.rows(f"SELECT {cols}, count(*), sum(f) FROM fleet GROUP BY GROUPING SETS ({sets})")
    times.append(time.perf_counter() - s)
out["grouping_sets_all_pairs_s"] = round(sorted(times)[1], 3)
support = result["settings"]["min_failed"] / max(result["failed"], 1)
failed = coded.table.filter(coded.table["f"].cast("bool")).select([f"d{i}" for i in range(n)])
if "mlxtend" in extra:
    import pandas as pd
    from mlxtend.frequent_patterns import fpgrowth
    s = time.perf_counter()  # as a user runs it: the failed rows to one-hot, then fpgrowth
    df = failed.to_pandas().astype(str)
    onehot = pd.get_dummies(df, prefix=[f"d{i}" for i in range(n)]).astype(bool)
    m = time.perf_counter()
    items = fpgrowth(onehot, min_support=support, max_len=3)
    out["mlxtend_fpgrowth_s"] = round(time.perf_counter() - s, 3)
    out["mlxtend_mine_only_s"] = round(time.perf_counter() - m, 3)
    out["mlxtend_itemsets"] = len(items)
if "spark" in extra:
    from pyspark.sql import SparkSession
    from pyspark.ml.fpm import FPGrowth
    import pyspark.sql.functions as F
    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false") \
        .config("spark.driver.memory", "4g").config("spark.ui.showConsoleProgress", "false") \
        .getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    s = time.perf_counter()  # as a user runs it (session already up): rows to item arrays, fit
    df = spark.createDataFrame(failed)
    df = df.select(F.array(*[F.concat(F.lit(f"d{i}="), F.col(f"d{i}").cast("string"))
                              for i in range(n)]).alias("items")).cache()
    df.count()
    m = time.perf_counter()
    model = FPGrowth(itemsCol="items", minSupport=support).fit(df)
    out["spark_fpgrowth_itemsets"] = model.freqItemsets.count()
    out["spark_fpgrowth_s"] = round(time.perf_counter() - s, 3)
    out["spark_fpgrowth_mine_only_s"] = round(time.perf_counter() - m, 3)
open(report, "w").write(json.dumps(out))
"""


def fleet(rows: int, folder: Path) -> Path:
    """The speed fleet (the notes' §2a design: P06 & 4G at 92%, a small model & OS cause)."""
    path = folder / f"fleet{rows}.parquet"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        spec = FleetSpec(
            rows=rows,
            seed=1,
            dims=CORE,
            causes=[
                Cause({"network_provider": "P06", "conn_type": "4G"}, lift=30.0),
                Cause({"model": "M12", "os_version": "OS21"}, lift=13.0, kind="device"),
            ],
        )
        write(generate(spec), spec, path)
    return path


def once(path: Path, extra: list[str]) -> dict:
    """One measurement in a fresh process; it writes its figures to a file."""
    report = path.with_suffix(".result.json")
    subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(report), *extra],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    return json.loads(report.read_text(encoding="utf-8"))


def speed(sizes: list[int], folder: Path, mlxtend: bool, spark: bool) -> dict:
    """Median of three runs per size, with the baselines from the first run."""
    out = {"load_average": os.getloadavg()[0]}
    for rows in sizes:
        path = fleet(rows, folder)
        runs = [once(path, (["mlxtend"] if mlxtend else []) + (["spark"] if spark else []))]
        runs += [once(path, []) for _ in range(2)]
        med = {
            k: statistics.median(r[k] for r in runs)
            for k in ("end_to_end_s", "cpu_s", "peak_rss_mb", "grouping_sets_all_pairs_s")
        }
        med["count_s"] = statistics.median(r["phases"]["count"] for r in runs)
        med["count_vs_grouping_sets"] = round(med["count_s"] / med["grouping_sets_all_pairs_s"], 2)
        med["end_to_end_vs_grouping_sets"] = statistics.median(
            round(r["end_to_end_s"] / r["grouping_sets_all_pairs_s"], 2) for r in runs
        )
        med["load_average"] = [r["load_average"] for r in runs]
        med["phases_first_run"] = runs[0]["phases"]
        med["top"] = runs[0]["top"]
        for key in (
            "mlxtend_fpgrowth_s",
            "mlxtend_mine_only_s",
            "mlxtend_itemsets",
            "spark_fpgrowth_s",
            "spark_fpgrowth_mine_only_s",
            "spark_fpgrowth_itemsets",
        ):
            if key in runs[0]:
                med[key] = runs[0][key]
        if "mlxtend_fpgrowth_s" in med:
            med["mlxtend_vs_count"] = round(med["mlxtend_fpgrowth_s"] / med["count_s"], 1)
        if "spark_fpgrowth_s" in med:
            med["spark_fpgrowth_vs_count"] = round(med["spark_fpgrowth_s"] / med["count_s"], 1)
        out[str(rows)] = med
        print(json.dumps({str(rows): med}), flush=True)
    return out
