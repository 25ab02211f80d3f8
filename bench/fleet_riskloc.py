"""RiskLoc comparison for bench/fleet_bench.py --riskloc DIR (a checkout of shaido987/riskloc,
MIT; its code is run from DIR, never copied here).

RiskLoc's instances are leaf tables: one row per attribute combination with a forecast
(``predict``) and an observed value (``real``); injected anomalies move ``real`` away from
``predict`` in one direction. The adapter turns a leaf into attempts: ``max(real, predict)``
attempts of which ``max(0, d * (real - predict))`` failed, d being the direction of the total
deviation, scaled so an instance has about 400,000 attempts. Both methods are scored by
RiskLoc's own ``score_root_causes`` (elements, TP/FP/FN summed) on the same instances.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from posdoctor.fleet.triage import Options, triage

ROWS = 400_000


def attempts_of(df, attributes: list[str]) -> pa.Table:
    """One row per attempt from a leaf table (see the module docstring)."""
    real, predict = df["real"].to_numpy(float), df["predict"].to_numpy(float)
    d = 1.0 if real.sum() >= predict.sum() else -1.0
    total = np.maximum(real, predict)
    bad = np.maximum(0.0, d * (real - predict))
    scale = max(total.sum() / ROWS, 1e-9)
    n = np.rint(total / scale).astype(np.int64)
    k = np.minimum(n, np.rint(bad / scale).astype(np.int64))
    leaf = np.repeat(np.arange(len(df)), n)
    first = np.repeat(np.cumsum(n) - n, n)
    failed = (np.arange(len(leaf)) - first) < k[leaf]
    cols = {
        "terminal_id": pa.array(leaf.astype(str)),
        "outcome": pa.array(np.where(failed, "failed", "success")),
    }
    for a in attributes:
        cols[a] = pa.array(df[a].astype(str).to_numpy()[leaf])
    return pa.table(cols)


def ours(df, attributes: list[str], folder: Path) -> tuple[list[str], float]:
    path = folder / "instance.parquet"
    pq.write_table(attempts_of(df, attributes), path)
    start = time.perf_counter()
    result = triage(Options([str(path)], top=10))
    took = time.perf_counter() - start
    preds = [
        "&".join(sorted(f"{k}={v}" for k, v in c["predicate"].items())) for c in result["clusters"]
    ]
    return preds, took


def generated(riskloc: Path, n: int, seed: int) -> Path:
    root = Path(tempfile.gettempdir()) / f"riskloc-data-{seed}-{n}"
    if not (root / "S" / "injection_info.csv").exists():
        subprocess.run(
            [
                sys.executable,
                "generate_dataset.py",
                "--num",
                str(n),
                "--dataset-name",
                "S",
                "--seed",
                str(seed),
                "--data-root",
                str(root),
            ],
            cwd=riskloc,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return root / "S"


def compare(riskloc: Path, n: int = 40, seed: int = 121, riskloc_limit: int = 20) -> dict:
    """F1 and time of RiskLoc (first ``riskloc_limit`` instances) and ours (all) on S."""
    import pandas as pd

    sys.path.insert(0, str(riskloc))
    from algorithms.riskloc import riskloc as run_riskloc
    from utils.evaluation import root_cause_postprocessing, score_root_causes

    folder = generated(riskloc, n, seed)
    labels = pd.read_csv(folder / "injection_info.csv")
    score = {
        "ours": [0, 0, 0, 0.0, 0],
        "riskloc": [0, 0, 0, 0.0, 0],
        "ours_same_instances": [0, 0, 0, 0.0, 0],
    }
    with tempfile.TemporaryDirectory() as tmp:
        for i, row in enumerate(labels.itertuples()):
            df = pd.read_csv(folder / f"{row.timestamp}.csv")
            attributes = sorted(df.columns.drop(["real", "predict"]).tolist())
            preds, took = ours(df, attributes, Path(tmp))
            add(score["ours"], score_root_causes(np.array(preds), row.set), took)
            if i < riskloc_limit:
                add(score["ours_same_instances"], score_root_causes(np.array(preds), row.set), took)
                start = time.perf_counter()
                found = root_cause_postprocessing(run_riskloc(df, attributes), "riskloc")
                add(
                    score["riskloc"], score_root_causes(found, row.set), time.perf_counter() - start
                )
    return {name: summary(s) for name, s in score.items()} | {"dataset": f"S seed {seed}"}


def add(acc: list, scored: tuple, took: float) -> None:
    tp, fp, fn, _ = scored
    acc[0], acc[1], acc[2], acc[3], acc[4] = (
        acc[0] + tp,
        acc[1] + fp,
        acc[2] + fn,
        acc[3] + took,
        acc[4] + 1,
    )


def summary(acc: list) -> dict:
    tp, fp, fn, took, n = acc
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return {
        "instances": n,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "f1": round(f1, 4),
        "mean_s": round(took / n, 3) if n else 0.0,
    }
