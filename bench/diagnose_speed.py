"""Benchmark of `diagnose` on the bundled knowledge base (prints figures; not a test).

Measures, in one run and next to the plain-Python floor: KB load+compile time, per-diagnosis
latency (median, p99) and throughput over realistic fact sets (the scenarios in tests/cases and
subsets of them), cold start of a whole `posdoctor diagnose` process, and RSS growth over
100,000 diagnoses. The last line is one JSON object (see docs/performance.md).

    python bench/diagnose_speed.py [--kb DIR] [--n 20000] [--rss-n 100000]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import posdoctor
from posdoctor.kb.loader import load_knowledge_base
from posdoctor.kb.yamlfile import read_yaml
from posdoctor.reasoning.voi import rank_questions

sys.path.insert(0, str(Path(__file__).parent))
from floor import Floor

ROOT = Path(__file__).resolve().parent.parent


def scenarios(kb: posdoctor.KnowledgeBase) -> list[dict]:
    """Realistic fact sets: every scenario file, plus random halves of them."""
    out = []
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        data = read_yaml(path.read_text(encoding="utf-8"), str(path)).data or {}
        facts = {k: v for k, v in (data.get("facts") or {}).items() if k in kb.facts}
        if facts:
            out.append(facts)
    rng = random.Random(7)
    halves = []
    for facts in out:
        keys = sorted(facts)
        for _ in range(3):
            pick = rng.sample(keys, max(1, len(keys) // 2))
            halves.append({k: facts[k] for k in pick})
    return out + halves or [{}]


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def timed(fn, cases: list[dict], n: int) -> list[float]:
    times = []
    for i in range(n):
        facts = cases[i % len(cases)]
        t0 = time.perf_counter()
        fn(facts)
        times.append((time.perf_counter() - t0) * 1e6)
    return times


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb")
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--rss-n", type=int, default=100000)
    ap.add_argument("--cold-runs", type=int, default=7)
    args = ap.parse_args()

    loads, fresh = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        kb = load_knowledge_base(args.kb, cache=False)
        posdoctor.Doctor(kb)
        fresh.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        kb = load_knowledge_base(args.kb)
        doctor = posdoctor.Doctor(kb)
        loads.append(time.perf_counter() - t0)
    floor = Floor(kb)
    cases = [posdoctor.kb.answers.check_answers(kb, c) for c in scenarios(kb)]
    print(
        f"knowledge base: {len(kb.causes)} causes, {len(kb.facts)} facts, {len(kb.rules)} rules;"
        f" {len(doctor.matcher.definition)} compiled durable rules; {len(cases)} fact sets"
    )
    print(
        f"load+check+compile: median {statistics.median(fresh) * 1000:.1f} ms; from the KB "
        f"cache: {statistics.median(loads) * 1000:.1f} ms"
    )

    def engine(facts: dict) -> None:
        doctor.diagnose(facts, checked=True)

    def plain(facts: dict) -> None:
        doctor._rank(facts, floor.evaluate(facts))

    for fn in (engine, plain):  # warm up
        timed(fn, cases, 2000)
    gc.collect()
    t_engine = timed(engine, cases, args.n)
    t_floor = timed(plain, cases, args.n)
    med, p99 = statistics.median(t_engine), pct(t_engine, 0.99)
    fmed, fp99 = statistics.median(t_floor), pct(t_floor, 0.99)
    per_second = len(t_engine) / (sum(t_engine) / 1e6)
    print(f"diagnose (durable-rules): median {med:.0f} us, p99 {p99:.0f} us, {per_second:,.0f}/s")
    print(f"diagnose (plain-Python floor): median {fmed:.0f} us, p99 {fp99:.0f} us")
    print(f"ratio median/floor median: {med / fmed:.2f}")

    sample = cases[:50]
    t0 = time.perf_counter()
    checks = [len(rank_questions(doctor, doctor.diagnose(facts, checked=True))) for facts in sample]
    per = (time.perf_counter() - t0) / len(sample) * 1000
    print(
        f"next checks (value of information): {per:.1f} ms per diagnosis "
        f"({sum(checks) / len(sample):.1f} checks each)"
    )

    cold, cold_fresh = [], []
    cmd = [sys.executable, "-m", "posdoctor", "diagnose", "--format", "json"]
    if args.kb:
        cmd += ["--kb", args.kb]
    no_cache = {**os.environ, "POSDOCTOR_CACHE": "off"}
    for _ in range(args.cold_runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        cold.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=no_cache)
        cold_fresh.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - t0
    cold_s = statistics.median(cold)
    print(
        f"cold start of `posdoctor diagnose --format json` (a whole process, with next "
        f"checks): median {cold_s:.3f} s; with the KB cache off: "
        f"{statistics.median(cold_fresh):.3f} s (python -c pass: {bare:.3f} s)"
    )

    for facts in cases * 3:
        doctor.diagnose(facts, checked=True)
    gc.collect()
    before = rss_mb()
    for i in range(args.rss_n):
        doctor.diagnose(cases[i % len(cases)], checked=True)
    gc.collect()
    growth = rss_mb() - before
    print(f"RSS growth over {args.rss_n:,} diagnoses: {growth:+.1f} MB (from {before:.1f} MB)")

    print(
        json.dumps(
            {
                "median_us": round(med, 1),
                "p99_us": round(p99, 1),
                "floor_median_us": round(fmed, 1),
                "ratio": round(med / fmed, 2),
                "per_second": round(per_second),
                "cold_start_s": round(cold_s, 3),
                "rss_growth_mb_100k": round(growth * 100000 / args.rss_n, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
