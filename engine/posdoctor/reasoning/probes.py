"""The answers worth trying for a fact when weighing a question about it.

A boolean or choice fact has its values; a number fact has one number inside each range the
rules tell apart, plus the numbers they compare it with.
"""

from __future__ import annotations

import itertools
from typing import Any

from ..kb.conditions import atoms_of
from ..kb.model import Fact, KnowledgeBase


def candidate_answers(kb: KnowledgeBase, fact: Fact) -> tuple[Any, ...]:
    """The answers to try for a fact: its values, or one number inside each range rules test."""
    if fact.type in ("boolean", "choice"):
        return fact.value_ids()
    if fact.type != "number":
        return ()
    cuts = rule_cuts(kb, fact.id)
    points = sorted(cuts)
    if not points:
        return ()
    lo = fact.min if fact.min is not None else points[0] - abs(points[0]) - 1
    hi = fact.max if fact.max is not None else points[-1] * 2 + 1
    edges = [lo, *points, hi]
    probes = [round((a + b) / 2, 3) for a, b in itertools.pairwise(edges) if b > a]
    return tuple(sorted(set(probes) | set(cuts)))


def rule_cuts(kb: KnowledgeBase, fact_id: str) -> set[float]:
    """The numbers the rules compare a number fact with (range bounds and tested values)."""
    cuts: set[float] = set()
    for rule in kb.rules:
        for atom in atoms_of(rule.when):
            if atom.fact == fact_id and atom.op == "range":
                cuts.update(b for b in (atom.value[0], atom.value[2]) if b is not None)
            elif atom.fact == fact_id and atom.op in ("is", "in"):
                cuts.update(atom.value if atom.op == "in" else (atom.value,))
    return cuts
