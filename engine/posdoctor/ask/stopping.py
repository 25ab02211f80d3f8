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
MINUTE_LEAD = 0.8  # from this lead on, stop once no question saves the minutes it costs
SECOND_OPINIONS = 3  # at most this many questions per call re-check an earlier answer
CANNOT_TELL_LEAD = DECIDED_LEAD  # a caller who cannot tell stops a call only with this lead


@dataclasses.dataclass(frozen=True)
class Caller:
    """What a call knows of the person on the phone: the chance they can answer the next
    question as it may stop the call (heeded_rate of answer_rate), and the facts no one
    answered because the terminal's error text told them (the log recognisers read them)."""

    rate: float = 1.0
    read: frozenset[str] = frozenset()


def heeded_rate(d: Diagnosis, rate: float) -> float:
    """The caller's answer rate where it may stop a call: only once some cause leads with at
    least DECIDED_LEAD, so that there is a fix worth going to (else 1: without a lead, stopping
    would leave only escalating blind, and a late answer may still give one)."""
    return rate if d.causes and d.causes[0].probability >= CANNOT_TELL_LEAD else 1.0


def answer_rate(answered: int, asked: int) -> float:
    """The chance this caller can answer the next question: Laplace's rule of succession over
    the questions asked so far (a uniform prior; a caller who could tell 2 of 20 things is
    unlikely to tell the 21st). A question's information is expected only when it is answered,
    so its worth is scaled by this."""
    return (answered + 1) / (asked + 2)


def worth_asking(
    questions: Sequence[Question], saving: Saving | None = None, rate: float = 1.0
) -> Question | None:
    """The ordinary question to ask (of ``questions``, best information per minute first), if
    one is worth its minutes: its information, expected only when the caller can answer
    (``rate``, answer_rate), is at least MIN_VALUE bits a minute; with ``saving`` (the
    expected minutes of fixing and escalation an answer saves, fixing.expected_minutes), the
    one that saves the most net of its own minutes among them, and none when no question saves
    more than it costs."""
    if not questions or questions[0].value * rate < MIN_VALUE:
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
    caller: Caller | None = None,
) -> str:
    """Why no more questions should be asked ('' while asking is still worth it).

    ``ranked`` (every question) and ``second_opinion`` are called only when needed: a clear lead
    needs neither; ``best`` (the head of ``ranked``, cheaper to find) is enough to know whether
    any question is worth asking, and ``overtaking(lead)`` (the questions of ``ranked`` that may
    put another cause above ``lead``, voi.may_overtake) to know whether one could change the
    plan. With ``saving``, asking stops ("not_worth_a_minute") when none of the best few
    questions is expected to save more minutes of fixing and escalation than it costs.
    ``caller`` (Caller) is the chance the caller can answer and what the terminal's own text
    told: asking stops ("caller_cannot_tell") when a question would be worth asking of a
    caller who answers, but not of this one."""
    caller = caller or Caller()
    causes = d.causes
    if causes:
        second = causes[1].probability if len(causes) > 1 else 0.0
        top = causes[0]
        clear = top.probability >= CLEAR_LEAD and top.probability >= CLEAR_RATIO * second
        if clear and robust(top, d.facts, without, caller.read):
            return "clear"
    if saving is not None and best is not None and causes[0].probability >= MINUTE_LEAD:
        head = best()  # a firm lead: stop once no question saves more minutes than it costs
        if head and worth_asking(head) is not None and worth_asking(head, saving) is None:
            return "not_worth_a_minute"
    lead = causes[0] if causes and causes[0].probability >= DECIDED_LEAD else None
    whole = best is None or (lead is not None and overtaking is None)
    head = ranked() if whole or best is None else best()  # a lead, no ``overtaking``: read all
    if worth_asking(head, rate=caller.rate) is None:
        if second_opinion() is not None:
            return ""
        if not head:
            return "no_questions"
        return "caller_cannot_tell" if worth_asking(head) is not None else "not_worth_it"
    if lead is None:
        return ""
    questions = head if whole or overtaking is None else overtaking(lead.id)
    return "decided" if decided(lead, questions, d.facts, without, caller) else ""


def decided(
    top: RankedCause,
    questions: Iterable[Question],
    facts: Iterable[str],
    without: Without,
    caller: Caller | None = None,
) -> bool:
    """No likely answer to any question left would change which cause to fix first, and the
    lead survives any one wrong answer: more questions cannot change the plan. An answer is
    likely when this caller is likely to give it: its chance times the chance they can answer
    at all (``caller.rate``)."""
    caller = caller or Caller()
    for q in questions:
        if any(p * caller.rate >= 0.1 and cause != top.id for _, p, cause in q.answers):
            return False
    return robust(top, facts, without, caller.read)


def robust(
    top: RankedCause, facts: Iterable[str], without: Without, read: frozenset[str] = frozenset()
) -> bool:
    """The lead survives any one wrong answer: it rests on at least two answers or on what the
    terminal's own text told (``read``: no one answered it, so no one can have misread it), and
    taking back any single answer of them (of the known ``facts``) leaves the same cause on top."""
    given: set[str] = set()
    for e in top.evidence:
        if e.ratio > 1:
            given |= set(e.given_facts())
    if len(given) < 2 and not given & read:
        return False
    answered = (given - read) & set(facts)
    return not any(_leader(without(fact)) != top.id for fact in answered)


def second_opinion(
    doctor: Doctor,
    d: Diagnosis,
    questions: Sequence[Question],
    settled: set[str],
    spent: int,
    without: Without,
    rate: float = 1.0,
) -> Question | None:
    """Before giving up while no cause is even at DECIDED_LEAD, and one earlier answer makes
    or breaks the lead: the best question as if that answer were wrong.

    One misread answer (the update "failed at install" when it failed while checking) can push
    the true cause down for good, and then no question looks worth asking under the beliefs it
    shaped. This asks what would confirm or contradict the ranking without that answer, as an
    engineer double-checks the answer everything turns on. At most SECOND_OPINIONS such
    questions are asked (or skipped) per call; ``spent`` is how many were already, and
    ``rate`` the chance the caller can answer (answer_rate)."""
    if worth_asking(questions, rate=rate) is not None:
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
        better = found and (doubt is None or found[0].value >= doubt.value)
        if better and found[0].value * rate >= MIN_VALUE:
            doubt = dataclasses.replace(found[0], doubts=fact)
    return doubt


def _leader(d: Diagnosis) -> str | None:
    return d.causes[0].id if d.causes else None
