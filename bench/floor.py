"""The floor for benchmarks: the same rules matched by plain, pre-indexed Python.

Not used by the product (durable-rules does all rule matching there); it shows how far the
engine is from what the interpreter alone can do on the same knowledge base.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from posdoctor.engine import Firing, Firings
from posdoctor.kb.conditions import alternatives
from posdoctor.kb.model import Atom, KnowledgeBase


def _predicate(atom: Atom) -> Callable[[Any], bool]:
    op, v, neg = atom.op, atom.value, atom.negated
    if op == "is":

        def test(x):
            return x == v
    elif op == "in":
        values = frozenset(v)

        def test(x):
            return x in values
    elif op == "matches":
        rx = re.compile(v, re.IGNORECASE)

        def test(x):
            return rx.search(str(x)) is not None
    else:
        lo, lo_incl, hi, hi_incl = v

        def test(x: Any) -> bool:
            return (lo is None or (x >= lo if lo_incl else x > lo)) and (
                hi is None or (x <= hi if hi_incl else x < hi)
            )

    return (lambda x: not test(x)) if neg else test


class Floor:
    """Rules indexed by the facts they test; derived facts trigger the rules that use them."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.alts: list[tuple[int, int, list[tuple[str, str, Callable]]]] = []
        self.by_fact: dict[str, list[int]] = {}
        self.sets = [
            tuple((c.target, c.value) for c in r.then if c.kind == "set") for r in kb.rules
        ]
        for index, rule in enumerate(kb.rules):
            for alt, conj in enumerate(alternatives(rule.when)):
                tests = [
                    (a.fact, a.op, _predicate(a) if a.op not in ("present", "absent") else None)
                    for a in conj
                ]
                n = len(self.alts)
                self.alts.append((index, alt, tests))
                for fact in {a.fact for a in conj}:
                    self.by_fact.setdefault(fact, []).append(n)
        self.unconditional = [
            n
            for n, (_, _, tests) in enumerate(self.alts)
            if all(op == "absent" for _, op, _ in tests)
        ]

    def evaluate(self, facts: Mapping[str, Any]) -> Firings:
        known = dict(facts)
        fired: list[Firing] = []
        seen: set[int] = set()
        derived: dict[str, tuple[Any, int]] = {}
        queue = [n for f in known for n in self.by_fact.get(f, ())]
        queue += self.unconditional
        while queue:
            n = queue.pop()
            rule, alt, tests = self.alts[n]
            if rule in seen or not self._holds(tests, known):
                continue
            seen.add(rule)
            fired.append(Firing(rule, alt))
            for fact, value in self.sets[rule]:
                if fact not in known:
                    known[fact] = value
                    derived[fact] = (value, rule)
                    queue.extend(self.by_fact.get(fact, ()))
        return Firings(tuple(fired), derived, ())

    @staticmethod
    def _holds(tests: list, known: Mapping[str, Any]) -> bool:
        for fact, op, pred in tests:
            if op == "absent":
                if fact in known:
                    return False
            elif fact not in known or (pred is not None and not pred(known[fact])):
                return False
        return True
