"""Weighing one more answer: the causes' weights if a fact not known yet were answered.

Question ranking tries every answer of every askable fact (about 250 what-ifs per turn). Doing
each through the rules from scratch cost ~50 ms a turn; here the plain-Python matcher keeps its
network's state after the current answers and adds one answer to a copy (``WhatIf``), and only
the causes that newly fired rules conclude about are weighed again. Weights are multiplied in
the same order as ``Doctor.weights`` (prior, failed fixes, then rules by index), so they are
equal to the last bit; where adding alone cannot tell (the answer makes an ``absent`` test
fail, or rules would disagree) the facts are evaluated in full.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .diagnosis import Doctor

FailedFixes = Mapping[str, Sequence[tuple[str, float]]]


class Weigher:
    """The weights now, and after one more answer (cause id -> weight; '' -> another cause)."""

    def __init__(self, doctor: Doctor, facts: Mapping[str, Any], failed: FailedFixes):
        self._doctor, self._facts, self._failed = doctor, facts, failed
        self._what = doctor.python.what_if(facts)
        self._fired = self._what.fired
        if not self._what.clean:  # rules disagree now: the settled evaluation, not one pass
            self._fired = frozenset(f.rule for f in doctor.python.evaluate(facts).fired)
        self.base = doctor.weights(facts, failed, fired=self._fired)
        self._start = {cause: doctor.start_weight(cause, failed) for cause in doctor.ratios_of}
        self._all = frozenset(self.base)
        self._seen: dict[tuple[frozenset[int], frozenset[int]], tuple[dict, frozenset]] = {}
        self._memo: dict[tuple[str, frozenset[int]], float] = {}  # a cause's weight by its change

    def after(self, fact: str, value: Any) -> tuple[dict[str, float], frozenset[str]]:
        """The weights once ``fact`` is answered ``value``, and the causes that may differ."""
        doctor = self._doctor
        found = self._what.changes(fact, value)
        if found is None:
            facts = {**self._facts, fact: value}
            fired = frozenset(f.rule for f in doctor.python.evaluate(facts).fired)
            return doctor.weights(facts, self._failed, fired), self._all
        added, removed = found
        if not added and not removed:
            return self.base, frozenset()
        key = (added, removed)
        known = self._seen.get(key)
        if known is not None:  # another answer fires the same rules: the same weights
            return known
        fired = (self._fired | added) - removed
        weights = dict(self.base)
        changed = added | removed
        touched = frozenset(t for rule in changed for t in doctor.concludes[rule])
        memo, start, about = self._memo, self._start, doctor.rules_about
        weight_from = doctor.weight_from
        for cause in touched:
            mine = (cause, changed & about[cause])  # what changed for this cause
            weight = memo.get(mine)
            if weight is None:  # Doctor.cause_weight's products in its order
                weight = memo[mine] = weight_from(cause, start[cause], fired)
            weights[cause] = weight
        self._seen[key] = weights, touched
        return weights, touched
