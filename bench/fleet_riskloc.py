"""RiskLoc comparison for bench/fleet_bench.py --riskloc DIR (a checkout of shaido987/riskloc,
MIT; its code is run from DIR, never copied here).

Data sets, each made or read by RiskLoc's own code: S, L and H from its seeded generator with
the arguments its README gives for the paper's sets (``GENERATED``), the first ``limit``
instances of each; RS, the 135 real RobustSpot cases shipped in its ``data/RS``.

Adapters to attempts. A synthetic instance is a leaf table: one row per attribute combination
with a forecast (``predict``) and an observed value (``real``); injected anomalies move ``real``
away from ``predict`` in one direction. A leaf becomes ``max(real, predict)`` attempts of which
``max(0, d * (real - predict))`` failed, d being the direction of the total deviation, scaled so
an instance has about 400,000 attempts. RS is a derived measure (a success ratio
``value / cnt`` per leaf, RiskLoc's ``real_a / real_b``): a leaf becomes its observed ``cnt``
attempts of which ``cnt - value`` failed, unscaled (real counts). Both methods are scored by
RiskLoc's own ``score_root_causes`` (elements, TP/FP/FN summed) on the same instances; RiskLoc
runs with its defaults (``derived=True`` on RS, as its run.py does), ours with its defaults,
``--top 10`` and combinations up to order 4 (``SETTINGS``; an L anomaly is one leaf of all four
dimensions), one set of settings for every data set.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from posdoctor.fleet.mine import Settings
from posdoctor.fleet.triage import Options, triage

ROWS = 10_000_000  # at most this many attempts an instance: one unit of the measure is one
# attempt (as RS's real counts) unless an instance's leaves hold more units (H)
# One set for every data set: the triage's defaults but for the order (an L anomaly is one
# leaf of all four dimensions), the shares of failures a cluster must hold and explain (0.1%
# instead of 0.5%: a RiskLoc anomaly can be a few units of millions) and at least 10 failed
# attempts instead of 20. Tuned on the tuning subset (TUNE) only.
SETTINGS = Settings(max_order=4, min_support=0.001, min_excess=0.001, min_failed=10)
TUNE = 20  # instances 0-19 of S and L were the tuning subset; 20-39 and RS, H are held out
GENERATED = {  # RiskLoc README, "The three synthetic datasets used in the paper"
    "S": ["--seed", "121"],
    "L": [
        "--seed", "122", "--dims", "10", "24", "10", "15", "--noise-level", "0.0", "0.1",
        "--anomaly-severity", "0.5", "1.0", "--anomaly-deviation", "0.0", "0.0",
        "--num-anomaly", "1", "5", "--num-anomaly-elements", "1", "1", "--only-last-layer",
    ],
    "H": ["--seed", "123", "--dims", "10", "5", "250", "20", "8", "12"],
}  # fmt: skip


def attempts_of(df, attributes: list[str]) -> pa.Table:
    """One row per attempt from a leaf table (see the module docstring)."""
    real, predict = df["real"].to_numpy(float), df["predict"].to_numpy(float)
    d = 1.0 if real.sum() >= predict.sum() else -1.0
    total = np.maximum(real, predict)
    bad = np.maximum(0.0, d * (real - predict))
    scale = max(total.sum() / ROWS, 1.0)
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


def rs_attempts_of(df, attributes: list[str]) -> pa.Table:
    """One row per attempt from an RS leaf table: cnt attempts, cnt - value failed."""
    n = np.rint(df["real_b"].to_numpy(float)).astype(np.int64)
    k = np.clip(n - np.rint(df["real_a"].to_numpy(float)).astype(np.int64), 0, n)
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


def ours(table: pa.Table, folder: Path) -> tuple[list[str], float]:
    """Our triage of one adapted instance: its clusters as RiskLoc element strings, seconds."""
    path = folder / "instance.parquet"
    pq.write_table(table, path)
    start = time.perf_counter()
    result = triage(Options([str(path)], top=10, settings=SETTINGS))
    took = time.perf_counter() - start
    preds = [
        "&".join(sorted(f"{k}={v}" for k, v in c["predicate"].items())) for c in result["clusters"]
    ]
    return preds, took


def generated(riskloc: Path, name: str, n: int) -> Path:
    """RiskLoc's generator's set ``name`` with ``n`` instances (cached in the temp folder)."""
    root = Path(tempfile.gettempdir()) / f"riskloc-data-{name}-{n}"
    if not (root / name / "injection_info.csv").exists():
        subprocess.run(
            [sys.executable, "generate_dataset.py", "--num", str(n), "--dataset-name", name]
            + GENERATED[name]
            + ["--data-root", str(root)],
            cwd=riskloc,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return root / name


def instances(riskloc: Path, name: str, limit: int):
    """(leaf table, attributes, label, attempts table, derived) of each instance of a set."""
    import pandas as pd

    if name == "RS":
        from utils.robustspot_data_utils import get_rs_label, read_rs_dataframe

        folder = riskloc / "data" / "RS"
        for f in sorted(folder.glob("*.csv")):
            df, attributes, _, _ = read_rs_dataframe(str(folder), f.stem)
            label = get_rs_label(str(folder), f.stem)
            yield df, attributes, label, rs_attempts_of(df, attributes), True
        return
    folder = generated(riskloc, name, limit)
    labels = pd.read_csv(folder / "injection_info.csv")
    for row in labels.itertuples():
        df = pd.read_csv(folder / f"{row.timestamp}.csv")
        attributes = sorted(df.columns.drop(["real", "predict"]).tolist())
        yield df, attributes, row.set, attempts_of(df, attributes), False


def compare(riskloc: Path, sets: tuple[str, ...] = ("S", "L", "H", "RS"), limit: int = 20) -> dict:
    """F1 and time of RiskLoc and ours on the same instances of each set, side by side."""
    sys.path.insert(0, str(riskloc))
    from algorithms.riskloc import riskloc as run_riskloc
    from utils.evaluation import root_cause_postprocessing, score_root_causes

    out: dict = {}
    for name in sets:
        score = {"riskloc": [0, 0, 0, 0.0, 0], "ours": [0, 0, 0, 0.0, 0]}
        parts: dict = {}  # S and L: the tuning subset (first TUNE) and the held-out rest
        with tempfile.TemporaryDirectory() as tmp:
            for i, (df, attributes, label, table, derived) in enumerate(
                instances(riskloc, name, limit)
            ):
                part = parts.setdefault(
                    "tune" if name in ("S", "L") and i < TUNE else "held_out",
                    {"riskloc": [0, 0, 0, 0.0, 0], "ours": [0, 0, 0, 0.0, 0]},
                )
                preds, took = ours(table, Path(tmp))
                got = score_root_causes(np.array(preds), label)
                add(score["ours"], got, took)
                add(part["ours"], got, took)
                start = time.perf_counter()
                found = run_riskloc(df, attributes, derived=derived)
                found = root_cause_postprocessing(found, "riskloc")
                got, took = score_root_causes(found, label), time.perf_counter() - start
                add(score["riskloc"], got, took)
                add(part["riskloc"], got, took)
        out[name] = {method: summary(s) for method, s in score.items()}
        out[name]["parts"] = {p: {m: summary(s) for m, s in v.items()} for p, v in parts.items()}
        print(json.dumps({"riskloc_" + name: out[name]}), flush=True)
    total = {m: [sum(out[n][m][k] for n in out) for k in ("tp", "fp", "fn")] for m in METHODS}
    out["all"] = {m: f1_of(*total[m]) for m in total}
    return out


METHODS = ("riskloc", "ours")


def f1_of(tp: int, fp: int, fn: int) -> dict:
    """TP, FP, FN and F1 of summed element counts."""
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "f1": round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0,
    }


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
    return {
        "instances": n,
        **f1_of(tp, fp, fn),
        "mean_s": round(took / n, 3) if n else 0.0,
    }
