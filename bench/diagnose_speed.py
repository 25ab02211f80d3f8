"""What users wait for: rule matching, a diagnosis, its next checks, a Q&A turn, a cold start.

Prints figures, not a test; every figure is measured in this one run (docs/performance.md):

- matching alone, durable-rules against the plain-Python matcher (the floor), same fact sets;
- a diagnosis: facts -> ranked causes with the evidence of the top causes built;
- next checks: the questions worth asking (what every ``diagnose --format json`` computes);
- a Q&A turn: an answer recorded -> the next question chosen, on a replay of scripted calls
  (each scenario of tests/cases answered from its facts, "unknown" for the rest);
- cold start of a whole ``posdoctor diagnose --fact ... --format json`` process, with the KB
  cache warm and with it off (and with it off reading a one-line log); RSS growth over 100,000
  diagnoses.

The last line is one JSON object.

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import posdoctor
from posdoctor.engine import available, compile_rules
from posdoctor.kb.answers import check_answers
from posdoctor.kb.loader import load_knowledge_base
from posdoctor.kb.yamlfile import read_yaml
from posdoctor.reasoning.voi import rank_questions

ROOT = Path(__file__).resolve().parent.parent
TOP = 5  # causes `diagnose` shows by default, each with its evidence
COLD = ["--fact", "network_connected=true", "--fact", "dns_resolves_update_host=false"]


def scenario_facts(kb: posdoctor.KnowledgeBase) -> list[dict]:
    """The facts of every scenario file."""
    out = []
    for path in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        data = read_yaml(path.read_text(encoding="utf-8"), str(path)).data or {}
        facts = {k: v for k, v in (data.get("facts") or {}).items() if k in kb.facts}
        if facts:
            out.append(check_answers(kb, facts))
    return out


def fact_sets(scenarios: list[dict]) -> list[dict]:
    """Realistic fact sets: every scenario, plus three random halves of each."""
    rng = random.Random(7)
    halves = []
    for facts in scenarios:
        keys = sorted(facts)
        for _ in range(3):
            pick = rng.sample(keys, max(1, len(keys) // 2))
            halves.append({k: facts[k] for k in pick})
    return scenarios + halves or [{}]


def timed(fn: Callable[[Any], Any], cases: list, n: int) -> list[float]:
    """Microseconds per call, cycling through ``cases``."""
    times = []
    for i in range(n):
        case = cases[i % len(cases)]
        t0 = time.perf_counter()
        fn(case)
        times.append((time.perf_counter() - t0) * 1e6)
    return times


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def matching(kb: posdoctor.KnowledgeBase, cases: list[dict], n: int) -> dict[str, Any]:
    """Median microseconds of each matcher alone on the same fact sets."""
    out: dict[str, Any] = {}
    for name in available():
        matcher = compile_rules(kb, name)
        timed(matcher.evaluate, cases, 2000)
        gc.collect()
        out[name] = statistics.median(timed(matcher.evaluate, cases, n))
    return out


def diagnosis_times(doctor: posdoctor.Doctor, cases: list[dict], n: int) -> list[float]:
    def diagnose(facts: dict) -> None:
        d = doctor.diagnose(facts, checked=True)
        for rc in d.causes[:TOP]:
            rc.evidence  # noqa: B018 - built on use: the text and JSON output read it

    timed(diagnose, cases, 2000)
    gc.collect()
    return timed(diagnose, cases, n)


def next_check_times(doctor: posdoctor.Doctor, cases: list[dict]) -> list[float]:
    """Milliseconds of ranking the next checks of each diagnosis (twice through the cases)."""
    ds = [doctor.diagnose(facts, checked=True) for facts in cases]
    out = []
    for d in ds * 2:
        t0 = time.perf_counter()
        rank_questions(doctor, d)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def ask_turns(doctor: posdoctor.Doctor, scenarios: list[dict]) -> list[float]:
    """Milliseconds from an answer to the next question, over scripted calls of every scenario."""
    turns = []
    for facts in scenarios:
        s = posdoctor.Session(doctor)
        question = s.next_question()
        for _ in range(200):
            if question is None:
                break
            value = facts.get(question.fact.id, "unknown")
            t0 = time.perf_counter()
            s.answer(question.fact.id, value)
            question = s.next_question()
            turns.append((time.perf_counter() - t0) * 1000)
    return turns


def cold_start(args: argparse.Namespace) -> tuple[float, float, float, float]:
    """Median seconds of a whole diagnose process: KB cache warm, cache off, cache off reading a
    one-line log (the log signatures are compiled then), and bare Python.

    The processes may write and read bytecode (PYTHONDONTWRITEBYTECODE is dropped), as an
    installed package has it; the first run writes it and warms the KB cache."""
    cmd = [sys.executable, "-m", "posdoctor", "diagnose", *COLD, "--format", "json"]
    if args.kb:
        cmd += ["--kb", args.kb]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    off = {**env, "POSDOCTOR_CACHE": "off"}
    log = [*cmd, "--log", "-"]
    line = b"curl: (6) Could not resolve host: tms.example.com\n"
    subprocess.run(cmd, check=True, capture_output=True, env=env)  # bytecode, KB cache
    warm, cold, cold_log = [], [], []
    for _ in range(args.cold_runs):
        for runs, argv, environ in ((warm, cmd, env), (cold, cmd, off), (cold_log, log, off)):
            t0 = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True, env=environ, input=line)
            runs.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True, env=env)
    bare = time.perf_counter() - t0
    return statistics.median(warm), statistics.median(cold), statistics.median(cold_log), bare


def rss_growth(doctor: posdoctor.Doctor, cases: list[dict], n: int) -> tuple[float, float]:
    for facts in cases * 3:
        doctor.diagnose(facts, checked=True)
    gc.collect()
    before = rss_mb()
    for i in range(n):
        doctor.diagnose(cases[i % len(cases)], checked=True)
    gc.collect()
    return rss_mb() - before, before


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb")
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--rss-n", type=int, default=100000)
    ap.add_argument("--cold-runs", type=int, default=7)
    args = ap.parse_args()

    kb = load_knowledge_base(args.kb)
    doctor = posdoctor.Doctor(kb)
    scenarios = scenario_facts(kb)
    cases = fact_sets(scenarios)
    print(
        f"knowledge base: {len(kb.causes)} causes, {len(kb.facts)} facts, {len(kb.rules)} rules; "
        f"{len(cases)} fact sets; matcher of record: {doctor.matcher.name}; Python "
        f"{sys.version.split()[0]}"
    )

    match = matching(kb, cases, args.n)
    floor = match["python"]
    record = match.get("durable", floor)
    ratio = record / floor
    print(f"matching alone: durable-rules {record:.0f} us, plain Python {floor:.0f} us (median)")
    print(f"matching ratio durable/plain: {ratio:.2f}" if "durable" in match else "no durable")

    t_diag = diagnosis_times(doctor, cases, args.n)
    med, p99 = statistics.median(t_diag), pct(t_diag, 0.99)
    print(f"diagnose (facts -> ranked causes, top {TOP} with evidence): median {med:.0f} us, "
          f"p99 {p99:.0f} us")  # fmt: skip

    checks = next_check_times(doctor, cases)
    nc = statistics.median(checks)
    print(f"next checks: median {nc:.2f} ms, p95 {pct(checks, 0.95):.2f} ms")

    turns = ask_turns(doctor, scenarios)
    turn_med, turn_p95 = statistics.median(turns), pct(turns, 0.95)
    print(
        f"ask turn (answer -> next question), {len(turns)} turns of {len(scenarios)} calls: "
        f"median {turn_med:.2f} ms, p95 {turn_p95:.2f} ms, max {max(turns):.1f} ms"
    )

    warm, nocache, nocache_log, bare = cold_start(args)
    print(
        f"cold start `posdoctor diagnose {' '.join(COLD)} --format json`: {warm:.3f} s with the "
        f"KB cache, {nocache:.3f} s without, {nocache_log:.3f} s without and with a one-line "
        f"--log (python -c pass: {bare:.3f} s)"
    )

    growth, base = rss_growth(doctor, cases, args.rss_n)
    print(f"RSS growth over {args.rss_n:,} diagnoses: {growth:+.1f} MB (from {base:.1f} MB)")

    print(
        json.dumps(
            {
                "matcher": doctor.matcher.name,
                "matching_median_us": round(record, 1),
                "floor_median_us": round(floor, 1),
                "matching_ratio": round(ratio, 2),
                "diagnose_median_us": round(med, 1),
                "diagnose_p99_us": round(p99, 1),
                "next_checks_median_ms": round(nc, 2),
                "ask_turn_median_ms": round(turn_med, 2),
                "ask_turn_p95_ms": round(turn_p95, 2),
                "cold_start_s": round(warm, 3),
                "cold_start_nocache_s": round(nocache, 3),
                "cold_start_nocache_log_s": round(nocache_log, 3),
                "rss_growth_mb_100k": round(growth * 100000 / args.rss_n, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
