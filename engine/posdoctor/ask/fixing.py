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
    def rate(self) -> float:
        return self.chance / self.step.minutes if self.step.minutes else float("inf")

    @property
    def worth_it(self) -> bool:
        """Trying it first is cheaper, in expectation, than escalating now."""
        return self.chance * ESCALATION_MINUTES > self.step.minutes

    @property
    def held_back(self) -> bool:
        """A risky step whose cause is not well ahead: it waits for the ordinary steps."""
        return self.step.risky and self.cause.probability < WELL_AHEAD


Fixes = Callable[[str], Sequence[FixStep]]  # a cause's fix steps (Doctor.fixes)


def chances(
    probs: Mapping[str, float], fixes: Fixes, done: Collection[str]
) -> dict[str, tuple[float, str, float, Step]]:
    """Step id -> (its chance of fixing the terminal, the cause contributing most, its success
    for that cause, the step), over the causes at LEAST or more, steps not in ``done``."""
    out: dict[str, tuple[float, str, float, Step]] = {}
    for cause, p in probs.items():
        if p < LEAST:
            continue
        for fix in fixes(cause):
            sid = fix.step.id
            if sid in done:
                continue
            share = p * fix.success
            found = out.get(sid)
            if found is None:
                out[sid] = (share, cause, fix.success, fix.step)
            elif share > probs[found[1]] * found[2]:  # this cause contributes most
                out[sid] = (found[0] + share, cause, fix.success, fix.step)
            else:
                out[sid] = (found[0] + share, *found[1:])
    return out


def _order(found: list[Candidate], done: Collection[str]) -> list[Candidate]:
    found.sort(key=lambda c: (c.held_back, -c.rate, c.step.minutes, c.step.id))
    return _prerequisites_first(found, done)


def candidates(d: Diagnosis, done: Collection[str]) -> list[Candidate]:
    """Every step not in ``done`` (tried or skipped, by step id) of a cause at LEAST or more,
    best first: ordinary steps (and risky ones of a cause WELL_AHEAD) by chance per minute, then
    the held-back risky ones; a step whose prerequisite is not done comes after it."""
    ranked = {rc.id: rc for rc in d.causes}
    probs = {rc.id: rc.probability for rc in d.causes}
    found = [
        Candidate(step, chance, ranked[cause], success)
        for chance, cause, success, step in chances(probs, lambda c: ranked[c].fixes, done).values()
    ]
    return _order(found, done)


def _prerequisites_first(found: list[Candidate], done: Collection[str]) -> list[Candidate]:
    by_id = {c.step.id: c for c in found}
    out: list[Candidate] = []
    placed: set[str] = set()

    def place(c: Candidate) -> None:
        if c.step.id in placed:
            return
        placed.add(c.step.id)
        for req in c.step.requires:
            if req not in done and req in by_id:
                place(by_id[req])
        out.append(c)

    for c in found:
        place(c)
    return out


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
    """The order ``candidates`` would try the steps left in if each failed, for the beliefs
    ``probs`` (cause -> probability), not re-weighed between them: the first PLAN_STEPS."""
    found = [
        Candidate(step, chance, _Lead(probs[cause]), success)  # type: ignore[arg-type]
        for chance, cause, success, step in chances(probs, fixes, done).values()
    ]
    return [c.step for c in _order(found, done)[:PLAN_STEPS]]


@dataclass(frozen=True)
class _Lead:
    """What ordering a candidate reads of its cause: its probability."""

    probability: float


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


def perfect_information(
    probs: Mapping[str, float], unexplained: float, fixes: Fixes, done: Collection[str]
) -> float:
    """Expected minutes knowing the cause would save now (the expected value of perfect
    information): the expected minutes with the order best now, less their expectation when
    each cause is known and its own steps are tried best first ("another cause": escalate)."""
    now = expected_minutes(probs, unexplained, fixes, plan(probs, fixes, done))
    known = unexplained * ESCALATION_MINUTES
    for cause, p in probs.items():
        if p > 0:
            alone = {cause: 1.0}
            known += p * expected_minutes(alone, 0.0, fixes, plan(alone, fixes, done))
    return max(now - known, 0.0)
