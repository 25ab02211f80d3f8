"""Which fix step to try next, and when second line is the better buy (docs/qa.md).

Decision-theoretic troubleshooting (Heckerman, Breese and Rommelse 1995, "Decision-theoretic
troubleshooting") orders repair actions by chance of success per unit of cost, and weighs them
against a "call service" action whose cost is known. Here:

- a step's chance now is the chance that it fixes the terminal whatever the cause:
  ``sum over causes of P(cause) x the step's success for that cause``; a step that failed or was
  skipped is never proposed again, for any cause that lists it;
- steps are tried best chance per minute first; a risky or irreversible step (factory reset,
  reflash, key erase, repair) waits until no ordinary step is worth trying, unless its cause is
  at least WELL_AHEAD;
- escalating costs ESCALATION_MINUTES of first-line time (the hand-over, the wait, second line's
  visit). Trying a step of ``m`` minutes with chance ``p`` first is worth it only when
  ``m + (1 - p) x E < E``, that is ``p x E > m``; when no step passes, or another cause (outside
  the knowledge base) holds at least DOMINANT of the probability, the session escalates.

The operator can always go on: once a call has been escalated and resumed, ``propose(...,
go_on=True)`` proposes every step left, best first, and only "nothing left" escalates.
Functions of what the session knows; they change nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from ..kb.model import Step
from ..reasoning.diagnosis import Diagnosis, FixStep, RankedCause

ESCALATION_MINUTES = 120.0  # first-line minutes an escalation costs (hand-over, wait, visit)
DOMINANT = 0.5  # "another cause" at this probability or more: escalate, do not guess
WELL_AHEAD = 0.8  # a risky step may come before ordinary ones only for a cause this likely
LEAST = 0.01  # causes below this probability propose nothing

NOTHING_LEFT = "nothing_left"
OTHER_CAUSE = "other_cause"
SECOND_LINE_CHEAPER = "second_line_cheaper"


@dataclass(frozen=True)
class Candidate:
    """A step with its chance of fixing the terminal now and the cause that makes it likely."""

    step: Step
    chance: float  # sum of P(cause) x success over the causes that list it
    cause: RankedCause  # the cause contributing most to ``chance``
    success: float  # the step's success for ``cause``

    @property
    def worth_it(self) -> bool:
        """Trying it first is cheaper, in expectation, than escalating now."""
        return self.chance * ESCALATION_MINUTES > self.step.minutes


Fixes = Callable[[str], Sequence[FixStep]]  # a cause's fix steps (Doctor.fixes)
Ranked = tuple[Step, float, str, float]  # a step, its chance, the cause adding most, its success


def ranked(probs: Mapping[str, float], fixes: Fixes, done: Collection[str]) -> list[Ranked]:
    """Every step not in ``done`` (tried or skipped, by step id) of a cause at LEAST or more, with
    its chance of fixing the terminal (the sum of P(cause) x success over the causes that list
    it) and the cause contributing most, best first: ordinary steps (and risky ones of a cause
    at WELL_AHEAD or more) by chance per minute, then the held-back risky ones; a step's
    prerequisites not done come just before it."""
    found: dict[str, Ranked] = {}
    for cause, p in probs.items():
        if p < LEAST:
            continue
        for fix in fixes(cause):
            sid = fix.step.id
            if sid in done:
                continue
            share = p * fix.success
            known = found.get(sid)
            if known is None:
                found[sid] = (fix.step, share, cause, fix.success)
            elif share > probs[known[2]] * known[3]:  # this cause contributes most
                found[sid] = (fix.step, known[1] + share, cause, fix.success)
            else:
                found[sid] = (fix.step, known[1] + share, known[2], known[3])

    def key(item: Ranked) -> tuple:
        step, chance, cause, _ = item
        held_back = step.risky and probs[cause] < WELL_AHEAD
        rate = chance / step.minutes if step.minutes else float("inf")
        return held_back, -rate, step.minutes, step.id

    order = sorted(found.values(), key=key)
    out: list[Ranked] = []
    placed: set[str] = set()

    def place(item: Ranked) -> None:
        if item[0].id in placed:
            return
        placed.add(item[0].id)
        for req in item[0].requires:
            if req not in done and req in found:
                place(found[req])
        out.append(item)

    for item in order:
        place(item)
    return out


def candidates(d: Diagnosis, done: Collection[str]) -> list[Candidate]:
    """``ranked`` for a diagnosis: its causes' probabilities and fixes."""
    by_id = {rc.id: rc for rc in d.causes}
    probs = {rc.id: rc.probability for rc in d.causes}
    return [
        Candidate(step, chance, by_id[cause], success)
        for step, chance, cause, success in ranked(probs, lambda c: by_id[c].fixes, done)
    ]


def propose(
    d: Diagnosis, done: Collection[str], go_on: bool = False
) -> tuple[Candidate | None, str]:
    """The step to try now and '' — or None and why to escalate instead: NOTHING_LEFT,
    OTHER_CAUSE or SECOND_LINE_CHEAPER (``go_on``: the operator goes on after an escalation,
    only NOTHING_LEFT stops)."""
    found = candidates(d, done)
    if not found:
        return None, NOTHING_LEFT
    if go_on:
        return found[0], ""
    if d.unexplained >= DOMINANT:
        return None, OTHER_CAUSE
    needed = {r for c in found if c.worth_it for r in c.step.requires}
    for c in found:  # a prerequisite comes just before the step that needs it
        if c.worth_it or c.step.id in needed:
            return c, ""
    return None, SECOND_LINE_CHEAPER


PLAN_STEPS = 15  # steps weighed in the expected minutes (later ones hardly matter)


def plan(probs: Mapping[str, float], fixes: Fixes, done: Collection[str]) -> list[Step]:
    """The order ``ranked`` would try the steps left in if each failed, for the beliefs
    ``probs`` (cause -> probability), not re-weighed between them: the first PLAN_STEPS."""
    return [step for step, _, _, _ in ranked(probs, fixes, done)[:PLAN_STEPS]]


def expected_minutes(
    probs: Mapping[str, float], unexplained: float, fixes: Fixes, order: Sequence[Step]
) -> float:
    """Expected minutes until the terminal is fixed or second line takes over, when the steps
    of ``order`` are tried in turn and the call escalates after the best number of them (none
    at all when escalating at once is cheaper): for each cause, each step's minutes times the
    chance every earlier one failed for it, plus ESCALATION_MINUTES times the chance all of
    them did; "another cause" is fixed by none (Heckerman, Breese and Rommelse's expected cost
    of repair with a service call, single fault). For a fixed order it is the least of functions
    linear in the beliefs, so weighing an answer with the order that is best now and the one
    best after it never shows a question as costing minutes."""
    rows = []  # per cause: each step's chance of failing for it
    left = []  # per cause: P(cause and every step so far failed)
    for cause, p in probs.items():
        if p > 0:
            success = {f.step.id: f.success for f in fixes(cause)}
            rows.append([1.0 - success.get(s.id, 0.0) for s in order])
            left.append(p)
    spent = 0.0
    best = ESCALATION_MINUTES
    for k, step in enumerate(order):
        spent += step.minutes * (sum(left) + unexplained)
        for i, failing in enumerate(rows):
            left[i] *= failing[k]
        best = min(best, spent + ESCALATION_MINUTES * (sum(left) + unexplained))
    return best
