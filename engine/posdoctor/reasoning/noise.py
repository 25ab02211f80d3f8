"""Answers that may be wrong: each rule's likelihood ratio softened by how reliable its answers are.

A merchant misreads a screen, guesses a setting, remembers the stage wrongly. Each fact says how
reliably it can be checked (``reliability`` in knowledge/facts/*.yaml: ``reads`` a value off the
screen or the TMS, ``checks`` a setting or a test by following steps, ``recalls`` from memory or
judgement); ``RELIABILITY`` gives the chance that such an answer is right. A rule's answers are all
right with the product of their chances (a derived fact is as reliable as the least reliable rule
that can set it), and its error ``e`` is one minus that.

With chance ``e`` an answer is wrong and then tells nothing about the cause, so the evidence a
rule gives is a mixture: its ratio ``r`` becomes ``(1 - e) * r + e``. A ``supports`` ratio shrinks
a little, an ``opposes`` ratio rises a little, and a ``rules_out`` (ratio 0) becomes ``e``: one
answer weakens a cause strongly but never vetoes it, and strong contrary evidence can bring it back.

``noisy(doctor)`` is a Doctor with these ratios in its tables (``conclusions``, ``ratios_of``),
built once per Doctor; ranking and the incremental weigher read only those tables, so both stay
exact. ``Doctor.diagnose`` itself keeps answers certain (``answers_certain`` is True there).
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from typing import TYPE_CHECKING

from ..kb.conditions import facts_of
from ..kb.model import Conclusion, KnowledgeBase

if TYPE_CHECKING:
    from .diagnosis import Doctor

RELIABILITY = {"reads": 0.97, "checks": 0.93, "recalls": 0.85}  # chance the answer is right
TEXT_RELIABILITY = 0.99  # a text read or pasted word for word (a log line, an error message)

_LOCK = threading.Lock()


@dataclasses.dataclass(frozen=True)
class Softened(Conclusion):
    """A conclusion whose ratio is softened by the chance its answers are wrong."""

    softened: float = 1.0
    error: float = 0.0  # the chance one of the answers it rests on is wrong

    @property
    def ratio(self) -> float:
        """The softened likelihood ratio (what ranking multiplies by)."""
        return self.softened


def fact_reliability(kb: KnowledgeBase, fact_id: str) -> float:
    """The chance that an answer to this fact is right (its level; a text is read verbatim)."""
    fact = kb.facts.get(fact_id)
    if fact is None:
        return 1.0
    if fact.type == "text":
        return TEXT_RELIABILITY
    return RELIABILITY[fact.reliability]


def rule_errors(kb: KnowledgeBase) -> tuple[float, ...]:
    """For each rule, the chance that one of the answers it rests on is wrong."""
    setters: dict[str, list[int]] = {}
    for index, rule in enumerate(kb.rules):
        for c in rule.then:
            if c.kind == "set":
                setters.setdefault(c.target, []).append(index)
    memo: dict[str, float] = {}

    def fact_right(fact: str, seen: frozenset[str]) -> float:
        """Chance a fact's value is right: its own level, or for a derived one its worst rule's."""
        if fact in memo:
            return memo[fact]
        if fact not in setters or fact in seen:
            right = fact_reliability(kb, fact)
        else:
            right = min(rule_right(i, seen | {fact}) for i in setters[fact])
            if fact in kb.facts and kb.facts[fact].ask:  # may be answered directly too
                right = min(right, fact_reliability(kb, fact))
        memo[fact] = right
        return right

    def rule_right(index: int, seen: frozenset[str]) -> float:
        right = 1.0
        for fact in sorted(facts_of(kb.rules[index].when)):
            right *= fact_right(fact, seen)
        return right

    return tuple(1.0 - rule_right(i, frozenset()) for i in range(len(kb.rules)))


def soften(ratio: float, error: float) -> float:
    """A likelihood ratio when its evidence is wrong (and uninformative) with chance ``error``."""
    return (1.0 - error) * ratio + error


def noisy(doctor: Doctor) -> Doctor:
    """``doctor`` with every rule's ratio softened by its answers' reliability (built once).

    Shares the compiled rules, the knowledge base and the fix order; only the ratio tables
    differ, so ``Doctor.diagnose``, ``weights`` and the weigher need no change."""
    if not doctor.answers_certain:
        return doctor
    with _LOCK:
        made = getattr(doctor, "_noisy", None)
        if made is None:
            made = _build(doctor)
            doctor._noisy = made  # type: ignore[attr-defined]
    return made


def _build(doctor: Doctor) -> Doctor:
    """A shallow copy of ``doctor`` with softened tables."""
    kb = doctor.kb
    doctor.python  # noqa: B018 - compile the what-if matcher once, for both doctors to share
    errors = rule_errors(kb)
    out = copy.copy(doctor)
    out.answers_certain = False
    conclusions = tuple(
        tuple(
            (target, soften(ratio, errors[rule]), _softened(concl, ratio, errors[rule]))
            for target, ratio, concl in items
        )
        for rule, items in enumerate(doctor.conclusions)
    )
    out.conclusions = conclusions
    hits_of = getattr(doctor, "_hits_of", None)  # cause -> ((rule, conclusion), ...), if kept
    if hits_of is not None:
        soft = {
            id(old[2]): new[2]
            for olds, news in zip(doctor.conclusions, conclusions, strict=True)
            for old, new in zip(olds, news, strict=True)
        }
        out.__dict__["_hits_of"] = {  # newer Doctors keep it: softened like the rest
            cause: tuple((rule, soft.get(id(c), c)) for rule, c in items)
            for cause, items in hits_of.items()
        }
    out.ratios_of = {
        cause: tuple((rule, soften(ratio, errors[rule])) for rule, ratio in items)
        for cause, items in doctor.ratios_of.items()
    }
    out._answers = doctor._answers  # the candidate answers per fact: the same either way
    return out


def _softened(concl: Conclusion, ratio: float, error: float) -> Conclusion:
    fields = {f.name: getattr(concl, f.name) for f in dataclasses.fields(Conclusion)}
    return Softened(**fields, softened=soften(ratio, error), error=error)
