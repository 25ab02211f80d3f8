"""A plain-Python evaluator of the same rules: the oracle for differential tests of the engine.

It is deliberately naive (every rule against every fact, repeated until nothing changes) and
lives only in the tests; the product matches rules with durable-rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from posdoctor.kb.conditions import alternatives
from posdoctor.kb.model import Atom, KnowledgeBase


def holds(atom: Atom, facts: Mapping[str, Any]) -> bool:
    """Does a (possibly negated) test hold on known facts? Unknown facts never satisfy it."""
    if atom.op == "present":
        return atom.fact in facts
    if atom.op == "absent":
        return atom.fact not in facts
    if atom.fact not in facts:
        return False
    value = facts[atom.fact]
    if atom.op == "is":
        ok = value == atom.value
    elif atom.op == "in":
        ok = value in atom.value
    elif atom.op == "matches":
        ok = re.search(atom.value, str(value), re.IGNORECASE) is not None
    else:
        lo, lo_incl, hi, hi_incl = atom.value
        ok = (lo is None or (value >= lo if lo_incl else value > lo)) and (
            hi is None or (value <= hi if hi_incl else value < hi)
        )
    return ok != atom.negated


def evaluate(kb: KnowledgeBase, facts: Mapping[str, Any]) -> tuple[set[int], dict[str, Any]]:
    """The rules that fire (indexes) and the facts they derive, to a fixpoint."""
    known = dict(facts)
    derived: dict[str, Any] = {}
    fired: set[int] = set()
    alts = [alternatives(r.when) for r in kb.rules]
    changed = True
    while changed:
        changed = False
        for i, rule in enumerate(kb.rules):
            if i in fired:
                continue
            if any(all(holds(a, known) for a in alt) for alt in alts[i]):
                fired.add(i)
                changed = True
                for c in rule.then:
                    if c.kind == "set" and c.target not in known:
                        known[c.target] = c.value
                        derived[c.target] = c.value
    return fired, derived
