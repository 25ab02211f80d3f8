"""What every matcher returns, and how a pass's conclusions settle into one result.

A matcher runs the knowledge base's rules over one diagnosis's facts. Two exist: the
durable-rules adapter (``durable.py``, the engine of record) and a plain-Python one
(``python.py``); both return the same ``Firings`` for the same facts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from ..kb.model import Atom


class EngineError(RuntimeError):
    """The rule engine failed while evaluating; nothing of the failed run is kept."""


class Firing(NamedTuple):
    """A knowledge-base rule that fired: which alternative of its condition matched (a named
    pair: made by the thousand in question ranking, where a frozen dataclass costs twice as
    much)."""

    rule: int  # index into KnowledgeBase.rules
    alternative: int


@dataclass(frozen=True)
class Conflict:
    """Rules that disagree about a derived fact, or a rule that disagrees with an answer.

    Between rules, the fact is left unknown (neither value is believed, and rules that need it
    do not fire); against an answer, the answer wins."""

    fact: str
    claims: tuple[tuple[Any, int], ...]  # (value, rule index), by rule
    answer: Any = field(default=None)  # the answer that wins, when a person gave the fact
    answered: bool = False


@dataclass(frozen=True)
class Firings:
    """What one evaluation concluded: rules fired, the facts rules derived, and conflicts.

    ``fired`` is sorted by rule then alternative and ``derived`` by the rule that set each
    fact, whatever order a matcher found them in: two matchers agree exactly."""

    fired: tuple[Firing, ...]
    derived: Mapping[str, tuple[Any, int]]  # fact -> (value, index of the first rule setting it)
    conflicts: tuple[Conflict, ...] = ()


@dataclass
class Pass:
    """One forward-chaining pass: alternatives fired, every value set, claims against answers."""

    fired: set[tuple[int, int]]
    values: dict[str, dict[Any, int]]  # fact -> {value: first rule index}; answers have -1
    overruled: dict[tuple[str, Any], int]  # (fact, value a rule claimed) -> first rule index

    def claim(self, fact: str, value: Any, rule: int) -> bool:
        """A rule sets a derived fact: record it; True when the value is new (a fact may hold
        several values while rules run). A fact a person answered keeps the answer."""
        held = self.values.setdefault(fact, {})
        if -1 in held.values():
            if value not in held:
                key = (fact, value)
                self.overruled[key] = min(self.overruled.get(key, rule), rule)
            return False
        if value in held:
            held[value] = min(held[value], rule)
            return False
        held[value] = rule
        return True

    def agrees(self) -> bool:
        """No rule disagreed with another rule or with an answer in this pass."""
        return not self.overruled and all(len(held) == 1 for held in self.values.values())


class Matcher(Protocol):
    """Runs a knowledge base's rules: compiled once, evaluated per diagnosis, thread-safe."""

    name: str
    alternatives: tuple[tuple[tuple[Atom, ...], ...], ...]  # each rule's condition in DNF
    problems: tuple[Any, ...]  # why the rules cannot be compiled (empty when they can)

    def evaluate(self, facts: Mapping[str, Any]) -> Firings: ...


def settle(run: Callable[[frozenset[str]], Pass]) -> Firings:
    """Run passes until no two rules disagree: each disagreement leaves its fact unknown."""
    blocked: frozenset[str] = frozenset()
    clashes: dict[str, tuple[tuple[Any, int], ...]] = {}
    while True:
        result = run(blocked)
        new = {
            f: tuple(sorted(held.items(), key=_rule))
            for f, held in result.values.items()
            if len(held) > 1
        }
        if not new:
            return _firings(result, clashes)
        clashes.update(new)
        blocked |= frozenset(new)


def _rule(claim: tuple[Any, int]) -> int:
    return claim[1]


def _firings(result: Pass, clashes: dict[str, tuple[tuple[Any, int], ...]]) -> Firings:
    """The canonical result of the last pass, with the disagreements met on the way."""
    derived = []  # (rule, fact, value): a fact is set once, so sorting never compares values
    for fact, held in result.values.items():
        value, rule = next(iter(held.items()))
        if rule >= 0:
            derived.append((rule, fact, value))
    derived.sort()
    return Firings(
        tuple(map(Firing._make, sorted(result.fired))),
        {f: (v, r) for r, f, v in derived},
        _conflicts(result, clashes) if clashes or result.overruled else (),
    )


def _conflicts(result: Pass, clashes: dict[str, tuple[tuple[Any, int], ...]]) -> tuple:
    """Rules that disagreed with each other (by fact), then rules overruled by an answer."""
    conflicts = [Conflict(f, claims) for f, claims in sorted(clashes.items())]
    answered: dict[str, list[tuple[Any, int]]] = {}
    for (fact, value), rule in sorted(result.overruled.items(), key=lambda i: (i[0][0], i[1])):
        answered.setdefault(fact, []).append((value, rule))
    for fact, claims in answered.items():
        answer = result.values[fact]
        conflicts.append(Conflict(fact, tuple(claims), next(iter(answer)), answered=True))
    return tuple(conflicts)
