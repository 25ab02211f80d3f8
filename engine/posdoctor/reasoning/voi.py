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

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..kb.model import Fact, KnowledgeBase
from .weigh import Weigher

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


def askable(kb: KnowledgeBase, known: Mapping[str, Any]) -> list[Fact]:
    """Facts that may be asked now: askable, not known, not derived already."""
    return [f for f in kb.facts.values() if f.ask and f.id not in known and f.type != "text"]


def rank_questions(
    doctor: Doctor,
    diagnosis: Diagnosis,
    limit: int = 5,
    exclude: Iterable[str] = (),
    weigher: type[Weigher] = Weigher,
) -> list[Question]:
    """The best questions to ask next, most valuable per minute first. (``weigher`` weighs one
    more answer: tests pass one that runs every answer through the rules in full.)

    Branch and bound, exact: a question cannot tell more than the entropy of the causes its
    answers can move (``Doctor.may_move``, the rest taken as one), nor more than log2 of its
    number of answers, nor more than the sum over those causes of P(c) times the divergence of
    P(answer | c) from uniform (information is the least such sum over reference
    distributions; the others see every answer alike), which is at most log2(n s / (s + n - 1))
    when one answer can make the cause at most s times as likely as another
    (``Doctor.spreads``). Facts are scored by that bound per minute, best first, until the bound
    falls below the value of the ``limit``-th question found."""
    beliefs, weigh, candidates = _candidates(doctor, diagnosis, exclude, weigher)
    out: list[Question] = []
    worst: list[float] = []  # the values of the best ``limit`` questions so far (a min-heap)
    for minus_bound, _, fact in candidates:
        if len(worst) >= limit and _below(-minus_bound, worst[0]):
            break  # no fact left can reach the best ``limit``
        q = _score(doctor, weigh, fact, beliefs)
        if q is not None and q.gain >= MIN_GAIN:
            out.append(q)
            if len(worst) < limit:
                heapq.heappush(worst, q.value)
            elif q.value > worst[0]:
                heapq.heapreplace(worst, q.value)
    out.sort(key=lambda q: (-q.value, -q.gain, q.fact.id))
    return out[:limit]


def may_overtake(
    doctor: Doctor,
    diagnosis: Diagnosis,
    lead: str,
    exclude: Iterable[str] = (),
    weigher: type[Weigher] = Weigher,
) -> Iterator[Question]:
    """The questions of ``rank_questions(..., limit=all)``, in no particular order, except those
    none of whose answers can put another cause above ``lead``: what "no answer would change
    the plan" (stopping.decided) has to read, without weighing the facts it need not.

    An answer ``a`` leaves ``lead`` on top when for every other cause c, P(c) P(a | c) <
    P(lead) P(a | lead). With spreads s (``Doctor.spreads``), P(a | c) <= s / (s + n - 1) for
    a cause the answer moves and 1/n for one it does not; P(a | lead) >= 1 / (1 + (n - 1) s)."""
    beliefs, weigh, candidates = _candidates(doctor, diagnosis, exclude, weigher)
    p_lead = beliefs.p_of[lead]
    for _, _, fact in candidates:
        if _overtakes(doctor, fact, beliefs, lead, p_lead):
            q = _score(doctor, weigh, fact, beliefs)
            if q is not None and q.gain >= MIN_GAIN:
                yield q


def _candidates(
    doctor: Doctor, diagnosis: Diagnosis, exclude: Iterable[str], weigher: type[Weigher]
) -> tuple[_Beliefs, Weigher, list[tuple[float, str, Fact]]]:
    """The beliefs now, the weigher, and every askable fact whose bound can reach MIN_GAIN, as
    (-bound per minute, id, fact), best bound first."""
    known = {**diagnosis.facts, **diagnosis.derived_facts}
    skip = set(exclude)
    beliefs = _Beliefs(_distribution(diagnosis))
    weigh = weigher(doctor, diagnosis.facts, diagnosis.failed_fixes)
    candidates = []
    for fact in askable(doctor.kb, known):
        if fact.id in skip:
            continue
        bound = _bound(doctor, fact, beliefs)
        if not _below(bound, MIN_GAIN):
            candidates.append((-bound / (fact.minutes + 0.5), fact.id, fact))
    candidates.sort()
    return beliefs, weigh, candidates


def _overtakes(doctor: Doctor, fact: Fact, beliefs: _Beliefs, lead: str, p_lead: float) -> bool:
    """Whether some answer to ``fact`` may put a cause above ``lead`` (see ``may_overtake``)."""
    n = len(doctor.candidate_answers(fact))
    spreads = doctor.spreads(fact.id)
    s_lead = spreads.get(lead, 1.0)
    floor = 0.0 if s_lead == math.inf else p_lead / (1 + (n - 1) * s_lead)
    for cause, spread in spreads.items():
        if cause != lead:
            share = 1.0 if spread == math.inf else spread / (spread + n - 1)
            if not _below(beliefs.p_of[cause] * share, floor):
                return True
    rest = next((p for p, c in beliefs.by_probability if c != lead and c not in spreads), 0.0)
    return not _below(rest / n, floor)


def _bound(doctor: Doctor, fact: Fact, beliefs: _Beliefs) -> float:
    """At most how many bits an answer to ``fact`` can tell (see ``rank_questions``)."""
    n = len(doctor.candidate_answers(fact))
    if n < 2:
        return 0.0
    movable = doctor.may_move(fact.id)
    p_of, plogp_of = beliefs.p_of, beliefs.plogp_of
    rest = max(0.0, beliefs.mass - sum(map(p_of.__getitem__, movable)))
    h = -sum(map(plogp_of.__getitem__, movable)) - (rest * math.log2(rest) if rest > 0 else 0.0)
    most = math.log2(n)
    divergence = 0.0  # sum of P(c) KL(P(answer | c) || uniform), which bounds the information
    for cause, spread in doctor.spreads(fact.id).items():
        p = p_of[cause]
        if p > 0 and spread < math.inf:
            divergence += p * math.log2(n * spread / (spread + n - 1))
        elif p > 0:
            divergence += p * most
    return min(h, most, divergence)


def _below(bound: float, value: float) -> bool:
    """``bound`` is below ``value`` by more than rounding could explain."""
    return bound * (1 + 1e-9) + 1e-12 < value


def _distribution(diagnosis: Diagnosis) -> dict[str, float]:
    out = {rc.id: rc.probability for rc in diagnosis.causes}
    out[""] = diagnosis.unexplained
    return out


class _Beliefs:
    """The distribution now, with what every question's score needs of it computed once."""

    def __init__(self, now: dict[str, float]):
        self.now = now
        self.plogp = {c: p * math.log2(p) if p > 0 else 0.0 for c, p in now.items()}
        self.entropy = -sum(self.plogp.values())
        self.mass = sum(now.values())  # 1 up to rounding
        self.by_probability = sorted(((p, c) for c, p in now.items()), reverse=True)
        self.place = {c: i for i, c in enumerate(now)}  # causes in the order of ``now``
        self.p_of = defaultdict(float, now)  # also 0 for causes ruled out (not in ``now``)
        self.plogp_of = defaultdict(float, self.plogp)


def _score(doctor: Doctor, weigh: Weigher, fact: Fact, beliefs: _Beliefs) -> Question | None:
    """Mutual information between the answer and the cause, under the current beliefs.

    Causes the answer cannot move see every answer alike (P(a | c) = 1/n); only the causes it
    moves are computed one by one, which keeps this fast on a large knowledge base."""
    answers = doctor.candidate_answers(fact)
    n = len(answers)
    if n < 2:
        return None
    now = beliefs.now
    base = weigh.base
    after: list[dict[str, float]] = []
    touched: set[str] = set()
    for a in answers:
        weights, changed = weigh.after(fact.id, a)
        after.append(weights)
        touched |= changed
    moved = []
    for c in touched:
        b = base[c]
        if b > 0:
            for w in after:
                if w[c] != b:
                    moved.append(c)
                    break
    moved.sort(key=beliefs.place.__getitem__)
    if not moved:
        return None
    moving = set(moved)
    plogp = beliefs.plogp
    # the causes the answer does not move: their mass and sum of p log p, by subtraction
    still = max(0.0, beliefs.mass - sum(now[c] for c in moved))
    still_plogp = min(0.0, -beliefs.entropy - sum(plogp[c] for c in moved))
    best_rest = next((pc for pc in beliefs.by_probability if pc[1] not in moving), None)
    joint = {}
    for c in moved:
        b, p = base[c], now[c]
        ratios = [w[c] / b for w in after]
        total = sum(ratios)
        joint[c] = [p * r / total for r in ratios] if total > 0 else [p / n] * n
    columns = list(zip(*(joint[c] for c in moved), strict=True))  # per answer: moved shares
    p_answer = [still / n + sum(col) for col in columns]
    expected = 0.0
    tops = []
    log2 = math.log2
    was = [now[c] for c in moved]
    shift = [0.0] * len(moved)  # how far some answer moves each cause
    for i, pa in enumerate(p_answer):
        if pa <= 0:
            tops.append("")
            continue
        # entropy of the posterior: moved causes one by one, the rest in closed form
        scale = 1.0 / (n * pa)
        h = 0.0
        for k, share in enumerate(columns[i]):
            q = share / pa
            if q > 0:
                h -= q * log2(q)
            moves = abs(q - was[k])
            if moves > shift[k]:
                shift[k] = moves
        if still > 0:
            h -= scale * (still_plogp + still * log2(scale))
        expected += pa * h
        tops.append(_top(moved, columns[i], pa, scale, best_rest))
    gain = max(0.0, beliefs.entropy - expected)
    return Question(
        fact=fact,
        gain=gain,
        value=gain / (fact.minutes + 0.5),
        answers=tuple(zip(answers, p_answer, tops, strict=True)),
        separates=tuple(c for _, c in sorted(zip((-x for x in shift), moved, strict=True))[:4]),
    )


def _top(
    moved: list[str],
    shares: tuple[float, ...],
    pa: float,
    scale: float,
    best_rest: tuple[float, str] | None,
) -> str:
    """The most probable cause after one answer (``shares``: the moved causes' joint
    probabilities with it; ``best_rest``: the likeliest cause it does not move, whose
    probability is only scaled)."""
    best, p_best = max(zip(shares, moved, strict=True))[::-1]
    if best_rest is not None and best_rest[0] * scale > p_best / pa:
        return best_rest[1]
    return best
