"""Simulated help-desk calls: `ask`'s question policy against the source document's checklist,
then the fix loop to its end.

Three sets of scenarios (the true cause, or `not_in_kb`, and what such a caller would answer):
`own` (tests/cases: one per cause, written by the knowledge base's authors), and the blind calls
of tests/calls, collected from public cases by people who never saw the rules, split into `dev`
(tune on it) and `test` (report it; tests/calls/README.md). A simulated caller answers each
question from the scenario — "unknown" where it says nothing — at three noise levels: none, 10%
wrong answers, 20% unknown answers. Both policies use the same stopping rule; only the order of
questions differs:

- adaptive: the question with the best expected information gain per minute (`ask`);
- checklist: the facts in the order the source document checks them (its sections: confirm the
  update request, network, compatibility, update file, monitoring, ..., then the cause analysis),
  facts it does not cover after them in knowledge-base order.

When asking stops, the fix loop runs as `ask` runs it: each proposed step works with its success
chance for the true cause (drawn once per caller and step), never for a cause outside the
knowledge base; the call ends resolved or escalated.

Prints per set, level and policy: mean and p90 questions, minutes of checking, top-1 and top-3
(calls whose cause is in the knowledge base), mean fix steps, the share of not-in-KB calls
escalated within ESCALATE_WITHIN fix steps and the risky steps they were offered first; the
calls only one policy got right; whether the target is met. The last line is one JSON object:
{"levels": [...the test set's levels...], "sets": {"own"|"dev"|"test": {"levels": [...]}}}, each
level {"noise", "adaptive": {...}, "checklist": {...}}.

    python bench/qa_simulation.py [--kb DIR] [--sets own dev test] [--seeds 3] [--workers 2]
                                  [--levels ...] [--only NAME ...] [--certain]
                                  [--evidence-power P]

``--evidence-power P`` weighs the strength words as their first numbers (2, 4, 10, 50) to the
power P instead of the knowledge base's EVIDENCE_POWER: how bench/calibrate_strengths.py
compares powers on the dev calls.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import statistics
from pathlib import Path
from types import MappingProxyType
from typing import Any

import posdoctor
from posdoctor.ask.session import Session
from posdoctor.kb import model
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


ESCALATE_WITHIN = 3  # a not-in-KB call should escalate within this many fix steps (issue 12)
SETS = {"own": ROOT / "tests" / "cases", "dev": ROOT / "tests" / "calls" / "dev",
        "test": ROOT / "tests" / "calls" / "test"}  # fmt: skip
NOT_IN_KB = "not_in_kb"


def simulate(
    doctor: posdoctor.Doctor,
    truth: dict,
    cause: str,
    policy: str,
    order: list[str],
    caller: str,
    wrong: float,
    unknown: float,
    doubt: bool = True,
) -> dict[str, Any]:
    """One call: questions until the policy stops, then the fix loop until resolved or escalated
    (``doubt``: answers may be wrong, as in ``ask``)."""
    s = Session(doctor, doubt=doubt)
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
    ranked = [c.id for c in causes[:3]]
    steps = risky = 0
    s.start_fixing()
    success = {f.step.id: f.success for f in doctor.fixes(cause)} if cause in kb.causes else {}
    while s.phase == "fixing":
        p = s.next_fix()
        if p is None:
            s.escalate()
            break
        steps += 1
        risky += p.step.risky
        works = random.Random(f"{caller}/fix/{p.step.id}").random() < success.get(p.step.id, 0.0)
        s.fix_result(p, "worked" if works else "failed")
    return {
        "asked": asked,
        "minutes": minutes,
        "top1": bool(ranked) and ranked[0] == cause,
        "top3": cause in ranked,
        "steps": steps,
        "risky": risky,
        "phase": s.phase,
        "in_kb": cause != NOT_IN_KB,
    }


def summary(runs: list[dict[str, Any]]) -> dict[str, float]:
    qs = sorted(r["asked"] for r in runs)
    known = [r for r in runs if r["in_kb"]] or [{"top1": 0, "top3": 0}]
    outside = [r for r in runs if not r["in_kb"]]
    early = [r for r in outside if r["phase"] == "escalated" and r["steps"] <= ESCALATE_WITHIN]
    return {
        "mean_questions": round(statistics.mean(qs), 2),
        "p90_questions": qs[min(len(qs) - 1, int(0.9 * len(qs)))],
        "mean_minutes": round(statistics.mean(r["minutes"] for r in runs), 1),
        "top1": round(sum(r["top1"] for r in known) / len(known), 4),
        "top3": round(sum(r["top3"] for r in known) / len(known), 4),
        "mean_fix_steps": round(statistics.mean(r["steps"] for r in runs), 2),
        "resolved_share": round(sum(r["phase"] == "resolved" for r in runs) / len(runs), 4),
        "escalated_share": round(len(early) / len(outside), 4) if outside else None,
        "risky_steps_before_escalation": sum(r["risky"] for r in outside) if outside else None,
    }


def target_line(levels: list[dict[str, Any]]) -> str:
    """The issue's targets: mean questions <= 12 and p90 <= 20 at every level; every not-in-KB
    call escalated within ESCALATE_WITHIN fix steps with no risky step; at least as accurate as
    the checklist with at most a third of its questions."""
    parts, missed = [], []
    for level in levels:
        a, c = level["adaptive"], level["checklist"]
        share = a["mean_questions"] / c["mean_questions"] if c["mean_questions"] else 0.0
        parts.append(f"{level['noise']}: {share:.1%} of the questions")
        name = level["noise"]
        if a["top1"] < c["top1"]:
            missed.append(f"{name} (top-1)")
        if share > 1 / 3:
            missed.append(f"{name} (a third of the questions)")
        if a["mean_questions"] > 12 or a["p90_questions"] > 20:
            missed.append(f"{name} (questions mean <= 12, p90 <= 20)")
        if a["escalated_share"] is not None and a["escalated_share"] < 1:
            missed.append(f"{name} (not-in-KB escalated within {ESCALATE_WITHIN} steps)")
        if a["risky_steps_before_escalation"]:
            missed.append(f"{name} (risky steps before escalation)")
    verdict = "missed at " + ", ".join(missed) if missed else "met"
    return "target: " + verdict + "; " + "; ".join(parts)


_WORKER: dict[str, Any] = {}


def set_evidence_power(power: float | None) -> None:
    """Weigh the strength words as their first numbers to ``power`` in this process (None: the
    knowledge base's own EVIDENCE_POWER). Conclusions read the table when they are weighed, so
    this holds for every Doctor built afterwards."""
    if power is not None:
        model.STRENGTHS = MappingProxyType({w: r**power for w, r in model.WORD_RATIOS.items()})


def _init(kb_path: str | None, doubt: bool = True, power: float | None = None) -> None:
    """Each worker process compiles the knowledge base itself (no engine crosses a fork)."""
    set_evidence_power(power)
    kb = posdoctor.load_knowledge_base(kb_path)
    _WORKER.update(doctor=posdoctor.Doctor(kb), order=checklist_order(kb), doubt=doubt)


def _run(job: tuple) -> tuple[str, str, str, dict[str, Any], str]:
    group, level, policy, seed, name, cause, truth = job
    wrong, unknown = LEVELS[level]
    caller = f"{seed}/{name}"
    got = simulate(
        _WORKER["doctor"],
        truth,
        cause,
        policy,
        _WORKER["order"],
        caller,
        wrong,
        unknown,
        _WORKER["doubt"],
    )
    return group, level, policy, got, caller


def paired(results: list[tuple], group: str, level: str) -> str:
    """The calls (seed/scenario) one policy got right and the other did not: both face the
    same callers, so this is the difference behind the two top-1 figures."""
    right = {
        p: {r[4] for r in results if r[:3] == (group, level, p) and r[3]["top1"]}
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


def load_set(kb: posdoctor.KnowledgeBase, folder: Path, only: list[str] | None) -> list[tuple]:
    """(name, cause, answers) of every scenario file in ``folder`` (``only``: these names)."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        if only and path.stem not in only:
            continue
        data = read_yaml(path.read_text(encoding="utf-8"), path.name).data
        out.append((path.stem, data["cause"], check_answers(kb, data["facts"])))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb")
    ap.add_argument("--sets", nargs="*", default=list(SETS), choices=list(SETS))
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--levels",
        nargs="*",
        default=list(LEVELS),
        choices=list(LEVELS),
        help="noise levels to run (default: all)",
    )
    ap.add_argument("--only", nargs="*", metavar="NAME", help="only these scenarios (file names)")
    ap.add_argument(
        "--certain",
        action="store_true",
        help="weigh answers as certain (Session(doubt=False)): the answer-noise model's effect",
    )
    ap.add_argument(
        "--evidence-power",
        type=float,
        metavar="P",
        help="strength words weigh their first numbers (2, 4, 10, 50) to the power P "
        f"(default: the knowledge base's, {model.EVIDENCE_POWER})",
    )
    args = ap.parse_args(argv)
    kb = posdoctor.load_knowledge_base(args.kb)
    order = checklist_order(kb)
    sets = {group: load_set(kb, SETS[group], args.only) for group in args.sets}
    known = {name for cases in sets.values() for name, _, _ in cases}
    missing = sorted(set(args.only or ()) - known)
    if missing:
        ap.error(f"no scenario {missing[0]}.yaml in the sets {', '.join(args.sets)}")
    jobs = [
        (group, level, policy, seed, name, cause, truth)
        for group, cases in sets.items()
        for level in args.levels
        for policy in ("adaptive", "checklist")
        for seed in range(1 if level == "none" else args.seeds)
        for name, cause, truth in cases
    ]
    ctx = multiprocessing.get_context("spawn")
    initargs = (args.kb, not args.certain, args.evidence_power)
    with ctx.Pool(args.workers, initializer=_init, initargs=initargs) as pool:
        results = pool.map(_run, jobs, chunksize=4)
    out: dict[str, Any] = {}
    for group, cases in sets.items():
        if not cases:
            continue
        levels = []
        print(
            f"== {group}: {len(cases)} scenarios "
            f"({sum(c[1] == NOT_IN_KB for c in cases)} not in the KB)"
        )
        for name in args.levels:
            result = {
                p: summary([r[3] for r in results if r[:3] == (group, name, p)])
                for p in ("adaptive", "checklist")
            }
            levels.append({"noise": name, **result})
            for policy in ("adaptive", "checklist"):
                r = result[policy]
                outside = (
                    f", not-in-KB escalated {r['escalated_share']:.0%} "
                    f"(risky first {r['risky_steps_before_escalation']})"
                    if r["escalated_share"] is not None
                    else ""
                )
                print(
                    f"{name:<12} {policy:<9}: questions mean {r['mean_questions']:5.2f} "
                    f"p90 {r['p90_questions']:3d}, minutes {r['mean_minutes']:6.1f}, "
                    f"top-1 {r['top1']:.1%}, top-3 {r['top3']:.1%}, "
                    f"fix steps {r['mean_fix_steps']:.2f}{outside}"
                )
            print(paired(results, group, name))
        print(f"{group}: " + target_line(levels))
        out[group] = {"levels": levels}
    print(f"checklist of {len(order)} facts")
    head = out.get("test") or next(iter(out.values()), {"levels": []})
    print(json.dumps({"levels": head["levels"], "sets": out}, ensure_ascii=False))


if __name__ == "__main__":
    main()
