"""The plain-Python matcher: forward chaining over the rules' alternatives, indexed by test.

Used where durable-rules cannot be installed (Python 3.13 and later), and to weigh hypothetical
answers quickly. It reaches exactly the conclusions of the durable-rules adapter by the same
semantics (``base`` says them; a differential test over thousands of generated fact sets checks
it). Like a Rete network it tests each distinct condition once per value (the alpha tests) and
counts, per alternative, how many of its tests hold; an alternative fires when all of them do and
none of the facts it needs unknown is known.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..kb.conditions import alternatives, predicate
from ..kb.model import Atom, KnowledgeBase
from ..kb.patterns import PatternSet, compile_pattern
from .base import Firings, Pass, settle

Predicate = Callable[[Any], bool]
_NOTHING: frozenset[int] = frozenset()


class PythonMatcher:
    """A knowledge base's rules compiled into indexed Python tests; safe to share by threads."""

    name = "python"

    def __init__(self, kb: KnowledgeBase):
        self.alternatives = tuple(tuple(alternatives(r.when)) for r in kb.rules)
        self.problems: tuple = ()
        self._sets = tuple(
            tuple((c.target, c.value) for c in r.then if c.kind == "set") for r in kb.rules
        )
        tests: dict[tuple, int] = {}  # distinct test -> its index
        self._texts: dict[str, _TextTests] = {}  # fact -> its text patterns
        self._tests_of: dict[str, list[tuple[int, Predicate]]] = {}  # fact -> its tests
        self._alts_of: list[list[int]] = []  # test -> alternatives that need it
        alts: list[tuple[int, int]] = []
        sizes: list[int] = []
        unknowns: list[tuple[str, ...]] = []
        for rule, conj_list in enumerate(self.alternatives):
            for alt, conj in enumerate(conj_list):
                index = len(alts)
                alts.append((rule, alt))
                needed = {self._test(tests, atom) for atom in conj if atom.op != "absent"}
                for t in needed:
                    self._alts_of[t].append(index)
                sizes.append(len(needed))
                unknowns.append(tuple(sorted({a.fact for a in conj if a.op == "absent"})))
        self._alts = tuple(alts)
        self._rule_of = tuple(rule for rule, _ in alts)  # alternative -> its rule
        self._setter = tuple(bool(self._sets[rule]) for rule, _ in alts)  # it sets facts
        self._index = {pair: i for i, pair in enumerate(alts)}
        self._passing: dict[tuple[str, Any], tuple[int, ...]] = {}
        self._drops: dict[tuple[str, Any], tuple[tuple[int, int], ...]] = {}
        self._sizes = sizes
        self._unknowns = tuple(unknowns)
        self._free = tuple(i for i, n in enumerate(sizes) if n == 0)
        self._absent_facts = frozenset(f for u in unknowns for f in u)

    def _test(self, tests: dict[tuple, int], atom: Atom) -> int:
        key = (atom.fact, atom.op, _hashable(atom.value), atom.negated)
        if key not in tests:
            tests[key] = len(self._alts_of)
            self._alts_of.append([])
            self._tests_of.setdefault(atom.fact, []).append((tests[key], self._predicate(atom)))
        return tests[key]

    def _predicate(self, atom: Atom) -> Predicate:
        """``predicate(atom)``; a fact's text patterns share one RE2 pass per value."""
        if atom.op != "matches":
            return predicate(atom)
        texts = self._texts.setdefault(atom.fact, _TextTests())
        index, negated = texts.add(atom.value), atom.negated
        return lambda v: isinstance(v, str) and (index in texts.found(v)) != negated

    def evaluate(self, facts: Mapping[str, Any]) -> Firings:
        """Run the rules over validated ``facts`` (fact id -> value)."""
        return settle(lambda blocked: self._run(facts, blocked))

    def _run(self, facts: Mapping[str, Any], blocked: frozenset[str]) -> Pass:
        """One forward-chaining pass with the ``blocked`` facts never set."""
        return self._network(facts, blocked)[0]

    def _network(
        self, facts: Mapping[str, Any], blocked: frozenset[str]
    ) -> tuple[Pass, list[int], set[int]]:
        """One pass, with the network's state after it: counts of tests left, tests passed."""
        run = Pass(set(), {f: {v: -1} for f, v in facts.items()}, {})
        counts = self._sizes[:]
        true: set[int] = set()
        ready = list(self._free)
        for fact, value in facts.items():
            self._arrive(fact, value, counts, true, ready)
        self._chain(run, blocked, counts, true, ready)
        return run, counts, true

    def _chain(
        self,
        run: Pass,
        blocked: frozenset[str],
        counts: list[int],
        true: set[int],
        ready: list[int],
    ) -> None:
        """Fire the ready alternatives, and those the facts they set make ready, until none."""
        while ready:
            index = ready.pop()
            if any(f in run.values for f in self._unknowns[index]):
                continue
            rule, alt = self._alts[index]
            if (rule, alt) in run.fired:
                continue
            run.fired.add((rule, alt))
            for fact, value in self._sets[rule]:
                if fact not in blocked and run.claim(fact, value, rule):
                    self._arrive(fact, value, counts, true, ready)

    # ---- what if: one more answer -------------------------------------------------------------
    def what_if(self, facts: Mapping[str, Any]) -> WhatIf:
        """Evaluate ``facts`` and keep the network's state, to add one answer at a time cheaply."""
        run, counts, true = self._network(facts, frozenset())
        return WhatIf(self, dict(facts), run, counts, true)

    def passing(self, fact: str, value: Any) -> tuple[int, ...]:
        """The tests a value of ``fact`` passes (remembered: a test's result depends only on
        the value; question ranking asks for the same few answers every turn)."""
        key = (fact, value)
        found = self._passing.get(key)
        if found is None:
            found = tuple(t for t, passes in self._tests_of.get(fact, ()) if passes(value))
            if len(self._passing) < 100_000:  # answers typed in a call are few; stay bounded
                self._passing[key] = found
        return found

    def drops(self, fact: str, value: Any) -> tuple[tuple[int, int], ...]:
        """Each alternative a value of ``fact`` (unknown so far) brings closer to firing, with
        how many of its tests that value passes (remembered like ``passing``)."""
        key = (fact, value)
        found = self._drops.get(key)
        if found is None:
            drop: dict[int, int] = {}
            for test in self.passing(fact, value):
                for index in self._alts_of[test]:
                    drop[index] = drop.get(index, 0) + 1
            found = tuple(drop.items())
            if len(self._drops) < 100_000:
                self._drops[key] = found
        return found

    def _arrive(
        self, fact: str, value: Any, counts: list[int], true: set[int], ready: list[int]
    ) -> None:
        """A value became known: count the tests it passes; collect alternatives now whole."""
        for test, passes in self._tests_of.get(fact, ()):
            if test in true or not passes(value):
                continue
            true.add(test)
            for index in self._alts_of[test]:
                counts[index] -= 1
                if counts[index] == 0:
                    ready.append(index)


class WhatIf:
    """The matcher's state after one evaluation; ``changes`` adds one answer to it."""

    def __init__(self, m: PythonMatcher, facts: dict, run: Pass, counts: list, true: set):
        self._m, self.facts, self._run, self._counts, self._true = m, facts, run, counts, true
        self.clean = run.agrees()
        self.fired = frozenset(r for r, _ in run.fired)

    def changes(self, fact: str, value: Any) -> tuple[frozenset[int], frozenset[int]] | None:
        """The rules that start and stop firing once ``fact`` (unknown now) is answered
        ``value``; None when that cannot be worked out from this state (rules that set facts
        stop firing because the fact is no longer unknown, or rules then disagree): evaluate
        the facts in full then."""
        m = self._m
        if not self.clean or fact in self._run.values:
            return None
        lost: frozenset = _NOTHING
        if fact in m._absent_facts:
            lost = frozenset(p for p in self._run.fired if fact in m._unknowns[m._index[p]])
            if any(m._sets[rule] for rule, _ in lost):
                return None
        # ``fact`` has no value, so none of its tests has passed yet: what it brings closer
        # to firing depends only on its value
        counts, unknowns, values = self._counts, m._unknowns, self._run.values
        ready = [
            i
            for i, n in m._drops.get((fact, value)) or m.drops(fact, value)
            if counts[i] == n
            and not (unknowns[i] and any(f in values or f == fact for f in unknowns[i]))
        ]
        if not ready:
            starting: frozenset[int] = _NOTHING
        elif any(m._setter[i] for i in ready):
            return self._chained(fact, value, lost)
        else:
            starting = frozenset(m._rule_of[i] for i in ready)
        if not lost:
            return starting - self.fired, _NOTHING
        kept = starting | frozenset(r for r, _ in self._run.fired - lost)
        return starting - self.fired, self.fired - kept

    def _chained(
        self, fact: str, value: Any, lost: frozenset
    ) -> tuple[frozenset[int], frozenset[int]] | None:
        """``changes`` when the answer makes rules set facts: chain on a copy of the state."""
        m = self._m
        counts, true, ready = self._counts[:], set(self._true), list[int]()
        m._arrive(fact, value, counts, true, ready)
        run = Pass(
            set(self._run.fired - lost), {f: dict(h) for f, h in self._run.values.items()}, {}
        )
        run.values[fact] = {value: -1}
        m._chain(run, frozenset(), counts, true, ready)
        if not run.agrees():
            return None
        rules = frozenset(r for r, _ in run.fired)
        return rules - self.fired, self.fired - rules


class _TextTests:
    """The text patterns of one fact, searched in one RE2 pass per value (the last one kept:
    the matcher tests them one after another on the same text)."""

    def __init__(self) -> None:
        self._patterns: list[str] = []
        self._set: PatternSet | None = None
        self._last: tuple[str | None, frozenset[int]] = (None, frozenset())

    def add(self, pattern: str) -> int:
        """The index of ``pattern`` (checked by RE2 now: a PatternError says why not)."""
        compile_pattern(pattern)
        self._patterns.append(pattern)
        self._set = None
        return len(self._patterns) - 1

    def found(self, text: str) -> frozenset[int]:
        """The indexes of the patterns ``text`` matches."""
        last = self._last
        if last[0] == text:
            return last[1]
        if self._set is None:
            self._set = PatternSet(self._patterns)
        found = self._set.matching(text)
        self._last = (text, found)
        return found


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value
