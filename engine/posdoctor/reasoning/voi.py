"""Which question to ask next: expected information gain per minute of checking.

For every fact that is not yet known and can be asked, each possible answer is tried through the
real rules (durable-rules) to see how the ranking would move. The answer's probability comes from
the current beliefs: P(a) = sum over causes c of P(c) * P(a | c), where P(a | c) is proportional to
how much answer ``a`` multiplies the odds of ``c`` (its likelihood ratios), and "another cause"
sees every answer at its base rate. The value of a question is the mutual information between
its answer and the cause (the expected drop in entropy of the single-fault distribution), divided
by the
minutes it costs to check (decision-theoretic
troubleshooting, Heckerman, Breese & Rommelse 1995).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..kb.model import Fact, KnowledgeBase

if TYPE_CHECKING:  # only for types: `posdoctor --help` does not load the rule engine
    from .diagnosis import Diagnosis, Doctor

MIN_GAIN = 0.004  # bits: below this an answer would not change anything worth a question


@dataclass(frozen=True)
class Question:
    """A fact worth asking about: how much it is expected to tell, and at what cost."""

    fact: Fact
    gain: float  # expected reduction of entropy, in bits
    value: float  # gain per minute of checking
    answers: tuple[tuple[Any, float, str], ...]  # (answer, its probability, the top cause then)
    separates: tuple[str, ...]  # causes whose probability the answer moves most
    doubts: str | None = None  # a second opinion: the earlier answer this question re-checks


def entropy(probs: Iterable[float]) -> float:
    """Shannon entropy in bits."""
    return -sum(p * math.log2(p) for p in probs if p > 0)


def askable(kb: KnowledgeBase, known: Mapping[str, Any]) -> list[Fact]:
    """Facts that may be asked now: askable, not known, not derived already."""
    return [f for f in kb.facts.values() if f.ask and f.id not in known and f.type != "text"]


def rank_questions(
    doctor: Doctor, diagnosis: Diagnosis, limit: int = 5, exclude: Iterable[str] = ()
) -> list[Question]:
    """The best questions to ask next, most valuable per minute first."""
    known = {**diagnosis.facts, **diagnosis.derived_facts}
    skip = set(exclude)
    now = _distribution(diagnosis)
    base = doctor.weights(diagnosis.facts, diagnosis.failed_fixes)
    out = []
    for fact in askable(doctor.kb, known):
        if fact.id in skip:
            continue
        q = _score(doctor, diagnosis, fact, now, base)
        if q is not None and q.gain >= MIN_GAIN:
            out.append(q)
    out.sort(key=lambda q: (-q.value, -q.gain, q.fact.id))
    return out[:limit]


def _distribution(diagnosis: Diagnosis) -> dict[str, float]:
    out = {rc.id: rc.probability for rc in diagnosis.causes}
    out[""] = diagnosis.unexplained
    return out


def _score(
    doctor: Doctor,
    diagnosis: Diagnosis,
    fact: Fact,
    now: dict[str, float],
    base: dict[str, float],
) -> Question | None:
    """Mutual information between the answer and the cause, under the current beliefs.

    Causes the answer cannot move see every answer alike (P(a | c) = 1/n); only the causes it
    moves are computed one by one, which keeps this fast on a large knowledge base."""
    answers = doctor.candidate_answers(fact)
    n = len(answers)
    if n < 2:
        return None
    facts, failed = diagnosis.facts, diagnosis.failed_fixes
    after = [doctor.weights({**facts, fact.id: a}, failed) for a in answers]
    moved = [c for c in now if c and base[c] > 0 and any(w[c] != base[c] for w in after)]
    if not moved:
        return None
    rest = [p for c, p in now.items() if c not in moved]
    still = sum(rest)
    still_plogp = sum(p * math.log2(p) for p in rest if p > 0)
    joint = {}
    for c in moved:
        ratios = [w[c] / base[c] for w in after]
        total = sum(ratios)
        joint[c] = [now[c] * r / total for r in ratios] if total > 0 else [now[c] / n] * n
    p_answer = [still / n + sum(joint[c][i] for c in moved) for i in range(n)]
    expected = 0.0
    tops = []
    for i, pa in enumerate(p_answer):
        if pa <= 0:
            tops.append("")
            continue
        # entropy of the posterior: moved causes one by one, the rest in closed form
        scale = 1.0 / (n * pa)
        h = -sum(q * math.log2(q) for q in (joint[c][i] / pa for c in moved) if q > 0)
        if still > 0:
            h -= scale * (still_plogp + still * math.log2(scale))
        expected += pa * h
        tops.append(_top(now, moved, joint, i, pa, scale))
    gain = max(0.0, entropy(now.values()) - expected)
    shift = sorted(
        moved,
        key=lambda c: (
            -max(abs(joint[c][i] / pa - now[c]) for i, pa in enumerate(p_answer) if pa > 0),
            c,
        ),
    )
    return Question(
        fact=fact,
        gain=gain,
        value=gain / (fact.minutes + 0.5),
        answers=tuple(zip(answers, p_answer, tops, strict=True)),
        separates=tuple(shift[:4]),
    )


def _top(
    now: dict[str, float], moved: list[str], joint: dict, i: int, pa: float, scale: float
) -> str:
    """The most probable cause after answer ``i``."""
    best = max(moved, key=lambda c: (joint[c][i], c))
    p_best = joint[best][i] / pa
    others = [(p * scale, c) for c, p in now.items() if c not in moved]
    if others:
        p_other, other = max(others)
        if p_other > p_best:
            return other
    return best
