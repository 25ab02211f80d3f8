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

from collections.abc import Collection
from dataclasses import dataclass

from ..kb.model import Step
from ..reasoning.diagnosis import Diagnosis, RankedCause

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


def candidates(d: Diagnosis, done: Collection[str]) -> list[Candidate]:
    """Every step not in ``done`` (tried or skipped, by step id) of a cause at LEAST or more,
    best first: ordinary steps (and risky ones of a cause WELL_AHEAD) by chance per minute, then
    the held-back risky ones; a step whose prerequisite is not done comes after it."""
    chance: dict[str, float] = {}
    best: dict[str, tuple[float, RankedCause, float]] = {}
    steps: dict[str, Step] = {}
    for rc in d.causes:
        if rc.probability < LEAST:
            break
        for fix in rc.fixes:
            sid = fix.step.id
            if sid in done:
                continue
            share = rc.probability * fix.success
            chance[sid] = chance.get(sid, 0.0) + share
            steps[sid] = fix.step
            if sid not in best or share > best[sid][0]:
                best[sid] = (share, rc, fix.success)
    found = [Candidate(steps[s], chance[s], best[s][1], best[s][2]) for s in steps]
    found.sort(key=lambda c: (c.held_back, -c.rate, c.step.minutes, c.step.id))
    return _prerequisites_first(found, done)


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
