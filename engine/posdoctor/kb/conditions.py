"""Condition algebra: push negation down to the tests, expand to alternatives, check they can hold.

"Unknown is not false": ``not`` of a test means "the fact is known and the test fails", so
negation is pushed down by De Morgan's laws (valid in three-valued logic) to negated tests.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from itertools import pairwise, product
from typing import Any

from .model import All, AnyOf, Atom, Fact, Not
from .patterns import compile_pattern

Conjunct = tuple[Atom, ...]


def push_negation(cond: Any, negate: bool = False) -> Any:
    """Return ``cond`` (negated when ``negate``) with ``Not`` only on single tests."""
    if isinstance(cond, Not):
        return push_negation(cond.item, not negate)
    if isinstance(cond, (All, AnyOf)):
        flip = {All: AnyOf, AnyOf: All} if negate else {All: All, AnyOf: AnyOf}
        return flip[type(cond)](tuple(push_negation(c, negate) for c in cond.items))
    if not negate:
        return cond
    if cond.op in ("present", "absent"):
        return Atom(cond.fact, "absent" if cond.op == "present" else "present", at=cond.at)
    return Atom(cond.fact, cond.op, cond.value, not cond.negated, cond.at)


def alternatives(cond: Any) -> list[Conjunct]:
    """The condition as a list of alternatives, each a conjunction of tests (disjunctive form)."""
    cond = push_negation(cond)
    return [tuple(c) for c in _dnf(cond)]


def _dnf(cond: Any) -> Iterator[list[Atom]]:
    if isinstance(cond, Atom):
        yield [cond]
    elif isinstance(cond, AnyOf):
        for item in cond.items:
            yield from _dnf(item)
    else:
        for parts in product(*[list(_dnf(item)) for item in cond.items]):
            yield [atom for part in parts for atom in part]


def facts_of(cond: Any) -> set[str]:
    """Every fact id a condition mentions."""
    return {atom.fact for atom in atoms_of(cond)}


def atoms_of(cond: Any) -> Iterator[Atom]:
    """Every test in a condition."""
    if isinstance(cond, Atom):
        yield cond
    elif isinstance(cond, Not):
        yield from atoms_of(cond.item)
    else:
        for item in cond.items:
            yield from atoms_of(item)


def satisfiable(conj: Conjunct, facts: Mapping[str, Fact]) -> str:
    """Return '' when the tests can all hold together, else the reason they cannot."""
    by_fact: dict[str, list[Atom]] = {}
    for atom in conj:
        by_fact.setdefault(atom.fact, []).append(atom)
    for fid, atoms in by_fact.items():
        fact = facts.get(fid)
        if fact is None:
            continue
        reason = _fact_satisfiable(fact, atoms)
        if reason:
            return reason
    return ""


def _fact_satisfiable(fact: Fact, atoms: list[Atom]) -> str:
    ops = {a.op for a in atoms}
    if "absent" in ops and ops - {"absent"}:
        return f"'{fact.id}' is required to be both unknown and known"
    if ops <= {"absent", "present"} or fact.type == "text":
        return ""
    candidates = list(fact.value_ids()) if fact.type in ("boolean", "choice") else None
    if candidates is None:
        return _number_satisfiable(fact, atoms)
    alive = [v for v in candidates if all(passes(a, v) for a in atoms if a.op != "present")]
    return "" if alive else f"no value of '{fact.id}' passes all of its tests together"


def _number_satisfiable(fact: Fact, atoms: list[Atom]) -> str:
    """Probe the boundaries of every interval: enough to decide satisfiability of ranges."""
    points: set[float] = {b for b in (fact.min, fact.max) if b is not None}
    for a in atoms:
        if a.op == "range":
            points.update(p for p in (a.value[0], a.value[2]) if p is not None)
        elif a.op in ("is", "in"):
            points.update(a.value if a.op == "in" else (a.value,))
    ordered = sorted(points) or [0.0]
    probes: set[float] = set(ordered) | {ordered[0] - 1, ordered[-1] + 1}
    probes.update((a + b) / 2 for a, b in pairwise(ordered))
    lo = -float("inf") if fact.min is None else fact.min
    hi = float("inf") if fact.max is None else fact.max
    for v in sorted(probes):
        if lo <= v <= hi and all(passes(a, v) for a in atoms if a.op != "present"):
            return ""
    return f"no value of '{fact.id}' in its range passes all of its tests together"


def passes(atom: Atom, value: Any) -> bool:
    """Whether a known value passes a test (``absent`` never does: the value is known)."""
    return predicate(atom)(value)


def predicate(atom: Atom) -> Callable[[Any], bool]:
    """A test as a function of a known value: the meaning of each operator, written once.

    The Python matcher runs these; the durable-rules adapter writes the same tests in
    durable's JSON form; the tests' oracle implements the operator table on its own."""
    op, value, negated = atom.op, atom.value, atom.negated
    if op in ("present", "absent"):
        return _known if op == "present" else _never
    if op == "matches":
        search = compile_pattern(value).search
        return lambda v: isinstance(v, str) and (search(v) is not None) != negated
    if op == "is":
        return (lambda v: v != value) if negated else (lambda v: v == value)
    if op == "in":
        return (lambda v: v not in value) if negated else (lambda v: v in value)
    lo, lo_incl, hi, hi_incl = value
    above = operator.ge if lo_incl else operator.gt
    below = operator.le if hi_incl else operator.lt

    def inside(v: Any) -> bool:
        return (lo is None or above(v, lo)) and (hi is None or below(v, hi))

    return (lambda v: not inside(v)) if negated else inside


def _known(_value: Any) -> bool:
    return True


def _never(_value: Any) -> bool:
    return False
