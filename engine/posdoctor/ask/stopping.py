"""When `ask` stops asking, and when it asks a second opinion first (docs/qa.md).

Functions of a Session: they read its diagnosis, questions and answers, and change nothing.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..reasoning.voi import Question, rank_questions

if TYPE_CHECKING:
    from ..reasoning.diagnosis import RankedCause
    from .session import Session

CLEAR_LEAD = 0.95  # stop asking when the top cause has this probability ...
CLEAR_RATIO = 4.0  # ... and is this many times as likely as the next one
DECIDED_LEAD = 0.3  # ... or when it has this and no likely answer would change the plan
MIN_VALUE = 0.0002  # bits per minute: a question worth less is not worth the merchant's time
SECOND_OPINIONS = 3  # at most this many questions per call re-check an earlier answer


def worth_asking(s: Session) -> Question | None:
    """The best ordinary question, if it is worth its minutes."""
    best = s.questions(1)
    return best[0] if best and best[0].value >= MIN_VALUE else None


def stop_reason(s: Session) -> str:
    """Why no more questions should be asked ('' while asking is still worth it)."""
    causes = s.diagnosis().causes
    if causes:
        second = causes[1].probability if len(causes) > 1 else 0.0
        top = causes[0]
        clear = top.probability >= CLEAR_LEAD and top.probability >= CLEAR_RATIO * second
        if clear and robust(s, top):
            return "clear"
    if worth_asking(s) is None:
        if s.second_opinion() is not None:
            return ""
        return "not_worth_it" if s.questions(1) else "no_questions"
    if causes and causes[0].probability >= DECIDED_LEAD and decided(s, causes[0]):
        return "decided"
    return ""


def decided(s: Session, top: RankedCause) -> bool:
    """No likely answer to any question left would change which cause to fix first, and the
    lead survives any one wrong answer: more questions cannot change the plan."""
    for q in s.questions(len(s.doctor.kb.facts)):
        if any(p >= 0.1 and cause != top.id for _, p, cause in q.answers):
            return False
    return robust(s, top)


def robust(s: Session, top: RankedCause) -> bool:
    """The lead survives any one wrong answer: it rests on at least two answers, and taking
    back any single one of them leaves the same cause on top."""
    given: set[str] = set()
    for e in top.evidence:
        if e.ratio > 1:
            given |= set(e.given_facts())
    if len(given) < 2:
        return False
    return not any(_leader_without(s, fact) != top.id for fact in given & set(s.diagnosis().facts))


def second_opinion(s: Session) -> Question | None:
    """Before giving up while no cause is even at DECIDED_LEAD, and one earlier answer makes
    or breaks the lead: the best question as if that answer were wrong.

    One misread answer (the update "failed at install" when it failed while checking) can push
    the true cause down for good, and then no question looks worth asking under the beliefs it
    shaped. This asks what would confirm or contradict the ranking without that answer, as an
    engineer double-checks the answer everything turns on. At most SECOND_OPINIONS such
    questions are asked (or skipped) per call."""
    if worth_asking(s) is not None:
        return None  # not giving up: an ordinary question is still worth asking
    d = s.diagnosis()
    spent = sum(1 for e in s.events if e.get("doubts"))
    if not d.causes or d.causes[0].probability >= DECIDED_LEAD or spent >= SECOND_OPINIONS:
        return None
    facts = d.facts
    exclude = s.settled | set(facts) | set(d.derived_facts)
    doubt: Question | None = None
    for fact in facts:
        without = s.diagnosis_without(fact)
        if not without.causes or without.causes[0].id == d.causes[0].id:
            continue  # the lead does not turn on this answer
        found = rank_questions(s.doctor, without, 1, exclude=exclude)
        if found and found[0].value >= max(MIN_VALUE, doubt.value if doubt else 0.0):
            doubt = dataclasses.replace(found[0], doubts=fact)
    return doubt


def _leader_without(s: Session, fact: str) -> str | None:
    d = s.diagnosis_without(fact)
    return d.causes[0].id if d.causes else None
