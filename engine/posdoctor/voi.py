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

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .conditions import atoms_of
from .model import Fact, KnowledgeBase

if TYPE_CHECKING:
    from .diagnosis import Diagnosis, Doctor

MIN_GAIN = 0.005  # bits: below this an answer would not change anything worth a question


@dataclass(frozen=True)
class Question:
    """A fact worth asking about: how much it is expected to tell, and at what cost."""

    fact: Fact
    gain: float  # expected reduction of entropy, in bits
    value: float  # gain per minute of checking
    answers: tuple[tuple[Any, float, str], ...]  # (answer, its probability, the top cause then)
    separates: tuple[str, ...]  # causes whose probability the answer moves most


def entropy(probs: Iterable[float]) -> float:
    """Shannon entropy in bits."""
    return -sum(p * math.log2(p) for p in probs if p > 0)


def candidate_answers(kb: KnowledgeBase, fact: Fact) -> tuple[Any, ...]:
    """The answers to try for a fact: its values, or one number inside each range rules test."""
    if fact.type in ("boolean", "choice"):
        return fact.value_ids()
    if fact.type != "number":
        return ()
    cuts = set()
    for rule in kb.rules:
        for atom in atoms_of(rule.when):
            if atom.fact == fact.id and atom.op == "range":
                cuts.update(b for b in (atom.value[0], atom.value[2]) if b is not None)
            elif atom.fact == fact.id and atom.op in ("is", "in"):
                cuts.update(atom.value if atom.op == "in" else (atom.value,))
    points = sorted(cuts)
    if not points:
        return ()
    lo = fact.min if fact.min is not None else points[0] - abs(points[0]) - 1
    hi = fact.max if fact.max is not None else points[-1] * 2 + 1
    edges = [lo, *points, hi]
    probes = [round((a + b) / 2, 3) for a, b in itertools.pairwise(edges) if b > a]
    return tuple(sorted(set(probes) | set(cuts)))


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
    h_now = entropy(now.values())
    out = []
    for fact in askable(doctor.kb, known):
        if fact.id in skip:
            continue
        q = _score(doctor, diagnosis, fact, now, h_now)
        if q is not None and q.gain >= MIN_GAIN:
            out.append(q)
    out.sort(key=lambda q: (-q.value, -q.gain, q.fact.id))
    return out[:limit]


def _distribution(diagnosis: Diagnosis) -> dict[str, float]:
    out = {rc.id: rc.probability for rc in diagnosis.causes}
    out[""] = diagnosis.unexplained
    return out


def _score(
    doctor: Doctor, diagnosis: Diagnosis, fact: Fact, now: dict[str, float], h_now: float
) -> Question | None:
    """Mutual information between the answer and the cause, under the current beliefs."""
    answers = candidate_answers(doctor.kb, fact)
    if len(answers) < 2:
        return None
    facts, failed = diagnosis.facts, diagnosis.failed_fixes
    base = doctor.weights(facts, failed)
    after = [doctor.weights({**facts, fact.id: a}, failed) for a in answers]
    joint = {c: [p * lk for lk in _likelihood(c, base, after)] for c, p in now.items()}
    p_answer = [sum(joint[c][i] for c in joint) for i in range(len(answers))]
    posts = [
        {c: joint[c][i] / p_answer[i] for c in joint} if p_answer[i] > 0 else dict(now)
        for i in range(len(answers))
    ]
    expected = sum(p * entropy(post.values()) for p, post in zip(p_answer, posts, strict=False))
    gain = max(0.0, h_now - expected)
    moved = sorted(now, key=lambda c: (-max(abs(post[c] - now[c]) for post in posts), c))
    tops = [max(post, key=lambda c: (post[c], c)) for post in posts]
    return Question(
        fact=fact,
        gain=gain,
        value=gain / (fact.cost + 0.5),
        answers=tuple(zip(answers, p_answer, tops, strict=False)),
        separates=tuple(c for c in moved[:4] if c),
    )


def _likelihood(cause: str, base: dict[str, float], after: list[dict[str, float]]) -> list[float]:
    """P(answer | cause): proportional to how much each answer multiplies the cause's odds
    (its likelihood ratios); uniform for "another cause" and for causes already ruled out."""
    n = len(after)
    if base[cause] <= 0 or cause == "":
        return [1.0 / n] * n
    ratios = [w[cause] / base[cause] for w in after]
    total = sum(ratios)
    return [r / total for r in ratios] if total > 0 else [1.0 / n] * n
