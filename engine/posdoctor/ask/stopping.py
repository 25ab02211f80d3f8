"""When `ask` stops asking, and when it asks a second opinion first (docs/qa.md).

Functions of what a session knows at one turn, handed in by the session: its diagnosis, its
questions best first, and the diagnosis with one answer taken back. They change nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from ..reasoning.diagnosis import Diagnosis, Doctor, FixStep, RankedCause
from ..reasoning.voi import Question, rank_questions

Without = Callable[[str], Diagnosis]  # the diagnosis with one answer taken back (cached per turn)

CLEAR_LEAD = 0.95  # stop asking when the top cause has this probability ...
CLEAR_RATIO = 4.0  # ... and is this many times as likely as the next one
DECIDED_LEAD = 0.3  # ... or when it has this and no likely answer would change the plan
MIN_VALUE = 0.005  # bits per minute, times the answer rate: tuned on the dev calls (docs/qa.md)
SECOND_OPINIONS = 3  # at most this many questions per call re-check an earlier answer
QUESTION_BUDGET = 20  # questions answered or skipped after which a call goes on to the fixes


def answer_rate(answered: int, asked: int) -> float:
    """The chance that this caller can answer the next question: the share of questions they
    answered so far (other than "unknown"), with one answered and one not counted in advance."""
    return (answered + 1) / (asked + 2)


def worth_asking(questions: Sequence[Question], rate: float = 1.0) -> Question | None:
    """The best ordinary question (of ``questions``, best first), if it is worth its minutes:
    its expected gain per minute, times the chance ``rate`` that the caller can answer at all,
    is at least MIN_VALUE."""
    return questions[0] if questions and questions[0].value * rate >= MIN_VALUE else None


def stop_reason(
    d: Diagnosis,
    ranked: Callable[[], Sequence[Question]],
    second_opinion: Callable[[], Question | None],
    without: Without,
    asked: int = 0,
    prior: float = 1.0,
    rate: float = 1.0,
) -> str:
    """Why no more questions should be asked ('' while asking is still worth it).

    ``ranked`` and ``second_opinion`` are called only when needed: a clear lead needs neither.
    ``asked``: questions answered or skipped so far (at QUESTION_BUDGET the call goes on to
    the fixes); ``prior``: of "another cause" (escalation_reason); ``rate``: answer_rate."""
    causes = d.causes
    if causes:
        second = causes[1].probability if len(causes) > 1 else 0.0
        top = causes[0]
        clear = top.probability >= CLEAR_LEAD and top.probability >= CLEAR_RATIO * second
        if clear and robust(top, d.facts, without):
            return "clear"
    if escalation_reason(d, prior):
        return "another_cause"
    if asked >= QUESTION_BUDGET:
        return "budget"
    questions = ranked()
    if worth_asking(questions, rate) is None:
        if second_opinion() is not None:
            return ""
        return "not_worth_it" if questions else "no_questions"
    lead = causes[0] if causes and causes[0].probability >= DECIDED_LEAD else None
    return "decided" if lead and decided(lead, questions, d.facts, without) else ""


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
    rate: float = 1.0,
) -> Question | None:
    """Before giving up while no cause is even at DECIDED_LEAD, and one earlier answer makes
    or breaks the lead: the best question as if that answer were wrong.

    One misread answer (the update "failed at install" when it failed while checking) can push
    the true cause down for good, and then no question looks worth asking under the beliefs it
    shaped. This asks what would confirm or contradict the ranking without that answer, as an
    engineer double-checks the answer everything turns on. At most SECOND_OPINIONS such
    questions are asked (or skipped) per call; ``spent`` is how many were already; ``rate``:
    answer_rate."""
    if worth_asking(questions, rate) is not None:
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
        if found and found[0].value * rate >= max(MIN_VALUE, doubt.value * rate if doubt else 0.0):
            doubt = dataclasses.replace(found[0], doubts=fact)
    return doubt


def _leader(d: Diagnosis) -> str | None:
    return d.causes[0].id if d.causes else None


# ---- the fix loop: which step next, or hand the call on (docs/qa.md) ---------------------------
ESCALATION_MINUTES = 60.0  # what handing the call to second line costs, in help-desk minutes
ANOTHER_CAUSE = 0.3  # escalate when "another cause" has at least this and leads every cause,
ANOTHER_GROWTH = 2.0  # ... and the answers made it at least this many times its prior
WELL_AHEAD = 0.8  # a risky step only when its cause has this probability ...
WELL_AHEAD_RATIO = 4.0  # ... and is this many times as likely as the next one
RISK_MINUTES = 60.0  # what a risky step that does not fix costs beyond its minutes (data, set-up)


@dataclasses.dataclass(frozen=True)
class Step:
    """A fix step to propose: the cause it is proposed for, the step, and the chance that it
    fixes the terminal now (summed over every cause that lists it)."""

    cause: RankedCause
    fix: FixStep
    chance: float


def escalation_reason(d: Diagnosis, prior: float) -> str:
    """'another_cause' when the share no cause explains leads every cause, is at least
    ANOTHER_CAUSE and the answers raised it to ANOTHER_GROWTH times its ``prior`` ('' else)."""
    top = d.causes[0].probability if d.causes else 0.0
    share = d.unexplained
    if share > top and share >= max(ANOTHER_CAUSE, ANOTHER_GROWTH * prior):
        return "another_cause"
    return ""


def well_ahead(rc: RankedCause, d: Diagnosis) -> bool:
    """The cause leads with WELL_AHEAD and WELL_AHEAD_RATIO times the next one."""
    if not d.causes or d.causes[0].id != rc.id:
        return False
    second = d.causes[1].probability if len(d.causes) > 1 else 0.0
    return rc.probability >= WELL_AHEAD and rc.probability >= WELL_AHEAD_RATIO * second


def step_chance(d: Diagnosis, step: str) -> float:
    """The chance that ``step`` fixes the terminal: over every cause that lists it, the cause's
    probability times the step's chance of fixing it."""
    return sum(rc.probability * f.success for rc in d.causes for f in rc.fixes if f.step.id == step)


def next_step(
    d: Diagnosis, prior: float, done: set[str], insist: bool = False
) -> tuple[Step | None, str]:
    """The step to try now, or None and why the call should be handed on.

    Causes in rank order, each one's untried steps in its order (``done``: step ids tried or
    skipped, for any cause). A step is proposed when its chance of fixing the terminal times
    ESCALATION_MINUTES is at least its minutes (a prerequisite is weighed with the step that
    needs it, minutes added; a risky step adds RISK_MINUTES when it would not fix): otherwise
    second line is cheaper.
    A risky step comes only after every cheaper step worth trying, unless its cause is well
    ahead. ``insist`` (the agent chose to go on fixing) drops these tests; a step tried once is
    never proposed again either way. ``prior``: of "another cause"."""
    if not insist:
        reason = escalation_reason(d, prior)
        if reason:
            return None, reason
    found = [_first(d, done, insist, risky) for risky in (False, True)]
    step = found[0] or found[1]
    if step is not None:
        return step, ""
    left = any(f.step.id not in done for rc in d.causes if rc.probability >= 0.01 for f in rc.fixes)
    return None, "second_line_cheaper" if left else "nothing_left"


def _first(d: Diagnosis, done: set[str], insist: bool, risky: bool) -> Step | None:
    """The first step worth trying (``risky``: risky ones too, else only those of a cause
    well ahead)."""
    for rc in d.causes:
        if rc.probability < 0.01:
            break
        ahead = well_ahead(rc, d)
        for i, fix in enumerate(rc.fixes):
            if fix.step.id in done:
                continue
            chance, minutes = _weighed(d, rc.fixes, i, done)
            if insist:
                return Step(rc, fix, chance)
            if _is_risky(rc.fixes, i) and not (risky or ahead):
                continue
            if chance * ESCALATION_MINUTES >= minutes:
                return Step(rc, fix, chance)
    return None


def _is_risky(fixes: Sequence[FixStep], i: int) -> bool:
    """A risky step, or the prerequisite of one (a backup before a factory reset)."""
    step = fixes[i].step
    return step.risky or any(step.id in f.step.requires and f.step.risky for f in fixes[i + 1 :])


def _weighed(d: Diagnosis, fixes: Sequence[FixStep], i: int, done: set[str]) -> tuple[float, float]:
    """A step's chance of fixing the terminal and its minutes; a prerequisite (no chance of
    its own) is weighed with the first later step that needs it."""
    fix = fixes[i]
    chance = step_chance(d, fix.step.id)
    if chance > 0.0:
        return chance, _minutes(fix, chance)
    for later in fixes[i + 1 :]:
        if fix.step.id in later.step.requires and later.step.id not in done:
            chance = step_chance(d, later.step.id)
            return chance, _minutes(fix, chance) + _minutes(later, chance)
    return 0.0, _minutes(fix, 0.0)


def _minutes(fix: FixStep, chance: float) -> float:
    """What trying a step costs, in minutes: its own, plus for a risky one RISK_MINUTES times
    the chance that it does not fix the terminal (then its harm is all there is)."""
    return fix.step.minutes + (RISK_MINUTES * (1.0 - chance) if fix.step.risky else 0.0)
