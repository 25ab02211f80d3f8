"""Simulated help-desk calls: `ask`'s question policy against the source document's checklist.

For every scenario in tests/cases (the true cause and the values a terminal with that cause
shows), a simulated caller answers each question from the scenario — "unknown" where it says
nothing — at three noise levels: none, 10% wrong answers, 20% unknown answers. Both policies
use the same stopping rule (one cause clearly ahead, or no question worth asking); only the
order of questions differs:

- adaptive: the question with the best expected information gain per minute (`ask`);
- checklist: the facts in the order the source document checks them (its sections: confirm the
  update request, network, compatibility, update file, monitoring, ..., then the cause analysis),
  facts it does not cover after them in knowledge-base order.

Prints mean and p90 questions, mean minutes of checking and top-1 accuracy per level and policy,
the calls (seed/scenario) only one policy got right, and whether the target is met; the last
line is a JSON object {"levels": [{"noise", "adaptive": {...}, "checklist": {...}}]}.

    python bench/qa_simulation.py [--kb DIR] [--seeds 3] [--workers 2] [--levels ...] [--only ...]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
from pathlib import Path
from typing import Any

import posdoctor
from posdoctor.ask.session import Session
from posdoctor.kb.answers import check_answers
from posdoctor.kb.yamlfile import read_yaml
from posdoctor.reasoning.probes import candidate_answers

ROOT = Path(__file__).resolve().parent.parent
SEED_ORDER = [
    "确认更新请求",
    "网络环境检查",
    "系统兼容性检查",
    "更新文件验证",
    "更新过程监控",
    "备份与恢复",
    "技术支持与故障排除",
    "预防措施与最佳实践",
    "问题分析",
    "解决策略",
    "预防措施",
    "案例分析",
]
LEVELS = {"none": (0.0, 0.0), "10% wrong": (0.1, 0.0), "20% unknown": (0.0, 0.2)}


def checklist_order(kb: posdoctor.KnowledgeBase) -> list[str]:
    """Askable facts in the order the source document checks them."""

    def rank(item: tuple[int, Any]) -> tuple[int, int]:
        index, fact = item
        sections = [s.section for s in fact.source if s.ref == "seed"]
        best = min(
            (i for i, head in enumerate(SEED_ORDER) for sec in sections if sec.startswith(head)),
            default=len(SEED_ORDER),
        )
        return best, index

    facts = sorted(enumerate(kb.facts.values()), key=rank)
    return [f.id for _, f in facts if f.ask]


def noisy(
    kb: posdoctor.KnowledgeBase,
    fact: str,
    value: Any,
    caller: str,
    wrong: float,
    unknown: float,
) -> Any:
    """The caller's answer: which facts it gets wrong or does not know is fixed per caller and
    fact, not by the order of the questions, so both policies face the same caller."""
    rng = random.Random(f"{caller}/{fact}")
    if value is None or rng.random() < unknown:
        return None
    if rng.random() < wrong:
        others = [a for a in candidate_answers(kb, kb.facts[fact]) if a != value]
        return rng.choice(others) if others else value
    return value


def simulate(
    doctor: posdoctor.Doctor,
    truth: dict,
    policy: str,
    order: list[str],
    caller: str,
    wrong: float,
    unknown: float,
) -> tuple[int, float, str]:
    s = Session(doctor)
    kb = doctor.kb
    asked = minutes = 0
    while not s.stop_reason():
        if policy == "adaptive":
            q = s.next_question()
            fact = q.fact.id if q else None
        else:
            fact = next(
                (
                    f
                    for f in order
                    if f not in s.facts and f not in s.settled and f not in s.diagnosis().derived
                ),
                None,
            )
        if fact is None:
            break
        asked += 1
        minutes += kb.facts[fact].minutes
        s.answer(fact, noisy(kb, fact, truth.get(fact), caller, wrong, unknown))
        if policy != "adaptive" and asked >= len(order):
            break
    causes = s.diagnosis().causes
    return asked, minutes, causes[0].id if causes else ""


def summary(runs: list[tuple[int, float, bool]]) -> dict[str, float]:
    qs = sorted(r[0] for r in runs)
    return {
        "mean_questions": round(statistics.mean(qs), 2),
        "p90_questions": qs[min(len(qs) - 1, int(0.9 * len(qs)))],
        "mean_minutes": round(statistics.mean(r[1] for r in runs), 1),
        "top1": round(sum(r[2] for r in runs) / len(runs), 4),
    }


def target_line(levels: list[dict[str, Any]]) -> str:
    """The issue's target: at every level at least as accurate as the checklist, with at most
    half its questions."""
    parts, missed = [], []
    for level in levels:
        a, c = level["adaptive"], level["checklist"]
        share = a["mean_questions"] / c["mean_questions"] if c["mean_questions"] else 0.0
        parts.append(f"{level['noise']}: {share:.1%} of the questions")
        if a["top1"] < c["top1"]:
            missed.append(f"{level['noise']} (top-1)")
        if share > 0.5:
            missed.append(f"{level['noise']} (questions)")
    verdict = "missed at " + ", ".join(missed) if missed else "met"
    return f"target (as accurate, at most half the questions): {verdict}; " + "; ".join(parts)


_WORKER: dict[str, Any] = {}


def _init(kb_path: str | None) -> None:
    """Each worker process compiles the knowledge base itself (no engine crosses a fork)."""
    kb = posdoctor.load_knowledge_base(kb_path)
    _WORKER.update(doctor=posdoctor.Doctor(kb), order=checklist_order(kb))


def _run(job: tuple) -> tuple[str, str, int, float, bool, str]:
    level, policy, seed, index, cause, truth = job
    wrong, unknown = LEVELS[level]
    caller = f"{seed}/{index}"
    asked, minutes, top = simulate(
        _WORKER["doctor"], truth, policy, _WORKER["order"], caller, wrong, unknown
    )
    return level, policy, asked, minutes, top == cause, caller


def paired(results: list[tuple], level: str, names: dict[str, str]) -> str:
    """The calls (seed/scenario) one policy got right and the other did not: both face the
    same callers, so this is the difference behind the two top-1 figures."""

    def call(caller: str) -> str:
        seed, index = caller.split("/")
        return f"{seed}/{names[index]}"

    right = {
        p: {call(r[5]) for r in results if r[0] == level and r[1] == p and r[4]}
        for p in ("adaptive", "checklist")
    }
    only_a = sorted(right["adaptive"] - right["checklist"])
    only_c = sorted(right["checklist"] - right["adaptive"])

    def listed(calls: list[str]) -> str:
        return f"{len(calls)}" + (f" ({', '.join(calls)})" if calls else "")

    return (
        f"{level:<12} paired   : right only with adaptive {listed(only_a)}, "
        f"only with checklist {listed(only_c)}"
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--levels",
        nargs="*",
        default=list(LEVELS),
        choices=list(LEVELS),
        help="noise levels to run (default: all)",
    )
    ap.add_argument(
        "--only", nargs="*", metavar="NAME", help="only these scenarios (tests/cases/NAME.yaml)"
    )
    args = ap.parse_args(argv)
    kb = posdoctor.load_knowledge_base(args.kb)
    order = checklist_order(kb)
    paths = sorted((ROOT / "tests" / "cases").glob("*.yaml"))
    unknown = sorted(set(args.only or ()) - {p.stem for p in paths})
    if unknown:
        ap.error(f"no scenario tests/cases/{unknown[0]}.yaml")
    cases = []  # (index among all scenarios: it names the caller, so --only keeps its noise)
    for i, path in enumerate(paths):
        if args.only and path.stem not in args.only:
            continue
        data = read_yaml(path.read_text(encoding="utf-8"), path.name).data
        cases.append((i, path.stem, data["cause"], check_answers(kb, data["facts"])))
    names = {str(i): stem for i, stem, _, _ in cases}
    jobs = [
        (level, policy, seed, i, cause, truth)
        for level in args.levels
        for policy in ("adaptive", "checklist")
        for seed in range(1 if level == "none" else args.seeds)
        for i, _, cause, truth in cases
    ]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(args.workers, initializer=_init, initargs=(args.kb,)) as pool:
        results = pool.map(_run, jobs, chunksize=4)
    levels = []
    for name in args.levels:
        result = {
            p: summary([r[2:5] for r in results if r[0] == name and r[1] == p])
            for p in ("adaptive", "checklist")
        }
        levels.append({"noise": name, **result})
        for policy in ("adaptive", "checklist"):
            r = result[policy]
            print(
                f"{name:<12} {policy:<9}: questions mean {r['mean_questions']:5.2f} "
                f"p90 {r['p90_questions']:3d}, minutes {r['mean_minutes']:6.1f}, "
                f"top-1 {r['top1']:.1%}"
            )
        print(paired(results, name, names))
    print(f"{len(cases)} scenarios; checklist of {len(order)} facts")
    print(target_line(levels))
    print(json.dumps({"levels": levels}, ensure_ascii=False))


if __name__ == "__main__":
    main()
