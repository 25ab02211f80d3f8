"""When `ask` stops asking, and when it asks a second opinion first (docs/qa.md).

Functions of what a session knows at one turn, handed in by the session: its diagnosis, its
questions best first, and the diagnosis with one answer taken back. They change nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from ..reasoning.diagnosis import Diagnosis, Doctor, RankedCause
from ..reasoning.voi import Question, rank_questions

Without = Callable[[str], Diagnosis]  # the diagnosis with one answer taken back (cached per turn)
Saving = Callable[[Question], float]  # minutes of fixing an answer is expected to save

CLEAR_LEAD = 0.95  # stop asking when the top cause has this probability ...
CLEAR_RATIO = 4.0  # ... and is this many times as likely as the next one
DECIDED_LEAD = 0.3  # ... or when it has this and no likely answer would change the plan
MIN_VALUE = 0.0002  # bits per minute: a question worth less is not worth the merchant's time
MINUTE_LEAD = 0.7  # from this lead on, stop once no question saves the minutes it costs
SECOND_OPINIONS = 3  # at most this many questions per call re-check an earlier answer


def worth_asking(questions: Sequence[Question], saving: Saving | None = None) -> Question | None:
    """The ordinary question to ask (of ``questions``, best information per minute first), if
    one is worth its minutes: with ``saving`` (the expected minutes of fixing and escalation an
    answer saves, fixing.expected_minutes), the one that saves the most net of its own minutes
    among them, and none when no question saves more than it costs."""
    if not questions or questions[0].value < MIN_VALUE:
        return None
    if saving is None:
        return questions[0]
    best, net = None, 0.0
    for q in questions:
        gain = saving(q) - q.fact.minutes
        if gain > net:
            best, net = q, gain
    return best


def stop_reason(
    d: Diagnosis,
    ranked: Callable[[], Sequence[Question]],
    second_opinion: Callable[[], Question | None],
    without: Without,
    best: Callable[[], Sequence[Question]] | None = None,
    overtaking: Callable[[str], Iterable[Question]] | None = None,
    saving: Saving | None = None,
) -> str:
    """Why no more questions should be asked ('' while asking is still worth it).

    ``ranked`` (every question) and ``second_opinion`` are called only when needed: a clear lead
    needs neither; ``best`` (the head of ``ranked``, cheaper to find) is enough to know whether
    any question is worth asking, and ``overtaking(lead)`` (the questions of ``ranked`` that may
    put another cause above ``lead``, voi.may_overtake) to know whether one could change the
    plan. With ``saving``, asking stops ("not_worth_a_minute") when none of the best few
    questions is expected to save more minutes of fixing and escalation than it costs."""
    causes = d.causes
    if causes:
        second = causes[1].probability if len(causes) > 1 else 0.0
        top = causes[0]
        clear = top.probability >= CLEAR_LEAD and top.probability >= CLEAR_RATIO * second
        if clear and robust(top, d.facts, without):
            return "clear"
    lead = causes[0] if causes and causes[0].probability >= DECIDED_LEAD else None
    if saving is not None and best is not None and causes[0].probability >= MINUTE_LEAD:
        head = best()  # a firm lead: stop once no question saves more minutes than it costs
        if head and worth_asking(head) is not None and worth_asking(head, saving) is None:
            return "not_worth_a_minute"
    lead = causes[0] if causes and causes[0].probability >= DECIDED_LEAD else None
    whole = best is None or (lead is not None and overtaking is None)
    head = ranked() if whole or best is None else best()  # a lead, no ``overtaking``: read all
    if worth_asking(head) is None:
        if second_opinion() is not None:
            return ""
        return "not_worth_it" if head else "no_questions"
    if lead is None:
        return ""
    questions = head if whole or overtaking is None else overtaking(lead.id)
    return "decided" if decided(lead, questions, d.facts, without) else ""


def decided(
    top: RankedCause, questions: Iterable[Question], facts: Iterable[str], without: Without
) -> bool:
    """No likely answer to any question left would change which cause to fix first, and the
    lead survives any one wrong answer: more questions cannot change the plan."""
    for q in questions:
        if any(p >= 0.1 and cause != top.id for _, p, cause in q.answers):
            return False
    return robust(top, facts, without)


def robust(top: RankedCause, facts: Iterable[str], without: Without) -> bool:
    """The lead survives any one wrong answer: it rests on at least two answers, and taking
    back any single one of them (of the known ``facts``) leaves the same cause on top."""
    given: set[str] = set()
    for e in top.evidence:
        if e.ratio > 1:
            given |= set(e.given_facts())
    if len(given) < 2:
        return False
    return not any(_leader(without(fact)) != top.id for fact in given & set(facts))


def second_opinion(
    doctor: Doctor,
    d: Diagnosis,
    questions: Sequence[Question],
    settled: set[str],
    spent: int,
    without: Without,
) -> Question | None:
    """Before giving up while no cause is even at DECIDED_LEAD, and one earlier answer makes
    or breaks the lead: the best question as if that answer were wrong.

    One misread answer (the update "failed at install" when it failed while checking) can push
    the true cause down for good, and then no question looks worth asking under the beliefs it
    shaped. This asks what would confirm or contradict the ranking without that answer, as an
    engineer double-checks the answer everything turns on. At most SECOND_OPINIONS such
    questions are asked (or skipped) per call; ``spent`` is how many were already."""
    if worth_asking(questions) is not None:
        return None  # not giving up: an ordinary question is still worth asking
    if not d.causes or d.causes[0].probability >= DECIDED_LEAD or spent >= SECOND_OPINIONS:
        return None
    facts = d.facts
    exclude = settled | set(facts) | set(d.derived_facts)
    doubt: Question | None = None
    for fact in facts:
        other = without(fact)
        if not other.causes or other.causes[0].id == d.causes[0].id:
            continue  # the lead does not turn on this answer
        found = rank_questions(doctor, other, 1, exclude=exclude)
        if found and found[0].value >= max(MIN_VALUE, doubt.value if doubt else 0.0):
            doubt = dataclasses.replace(found[0], doubts=fact)
    return doubt


def _leader(d: Diagnosis) -> str | None:
    return d.causes[0].id if d.causes else None
