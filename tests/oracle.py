"""An independent oracle for the rule engines, written from the documented operator table alone.

It reads the rules' YAML itself and evaluates their conditions directly, in three-valued logic
(true / false / unknown), with no normal form and nothing imported from posdoctor: a mistake in
the engines' shared code cannot hide in it. The table it implements (knowledge/README.md):

    {fact: F, is: V}              F is known and equals V          (also equals, eq, ==, =)
    {fact: F, in: [V, ...]}       F is known and is one of them    (also one_of)
    {fact: F, gt: N}              F is a known number > N          (also >; gte >=, lt <, lte <=;
                                                                    several in one mapping: all)
    {fact: F, matches: R}         F is known text, R found in it, case-insensitive (regex, match)
    {present: F} / {absent: F}    F is known / unknown (two-valued)
    {all: [...]}, a list           all of them;  {any: [...]}: one of them;  {not: C}: C is false
    not of a test on a known fact  the fact is known and the test fails; unknown stays unknown

Derived facts (set by rules): while rules run a derived fact may hold several values; a test, or
a negated test, holds when one of its values passes it. When rules set one derived fact to
different values, the fact is left unknown and the rules run again without it, until no two rules
disagree. A rule never changes a fact a person answered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import re2
import yaml

IS, IN, MATCHES = ("is", "equals", "eq", "==", "="), ("in", "one_of"), ("matches", "regex", "match")
COMPARE = {
    "gt": lambda v, n: v > n, ">": lambda v, n: v > n,
    "gte": lambda v, n: v >= n, ">=": lambda v, n: v >= n,
    "lt": lambda v, n: v < n, "<": lambda v, n: v < n,
    "lte": lambda v, n: v <= n, "<=": lambda v, n: v <= n,
}  # fmt: skip

_RE2 = re2.Options()  # KB patterns mean what RE2 makes of them, case-insensitively
_RE2.case_sensitive = False
_RE2.log_errors = False


def read_rules(paths: Iterable[Path]) -> list[dict]:
    """Every rule mapping of the given rule files, in file order."""
    rules = []
    for path in paths:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        rules.extend(doc.get("rules") or [])
    return rules


def rule_files(kb_dir: Path) -> list[Path]:
    """A knowledge base folder's rule files, sorted like the loader reads them."""
    return sorted(Path(kb_dir, "rules").rglob("*.yaml"))


def _test(cond: Mapping, value: Any) -> bool:
    """Does one known value pass every operator of a fact test?"""
    ok = True
    for op, operand in cond.items():
        if op == "fact":
            continue
        if op in IS:
            ok = ok and _same(value, operand)
        elif op in IN:
            ok = ok and any(_same(value, x) for x in operand)
        elif op in MATCHES:
            ok = ok and isinstance(value, str) and re2.search(operand, value, _RE2) is not None
        else:
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            ok = ok and number and COMPARE[op](value, operand)
    return ok


def _same(a: Any, b: Any) -> bool:
    """Equality that keeps booleans apart from numbers (True is not 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a is b
    return a == b


def truth(cond: Any, values: Mapping[str, list], negate: bool = False) -> bool | None:
    """Three-valued truth of a condition (None = unknown) over facts holding lists of values."""
    if isinstance(cond, list):
        cond = {"all": cond}
    if "not" in cond:
        return truth(cond["not"], values, not negate)
    if "all" in cond or "any" in cond:
        parts = [truth(c, values, negate) for c in cond.get("all", cond.get("any"))]
        conjunction = ("all" in cond) != negate
        if conjunction:
            return False if False in parts else (None if None in parts else True)
        return True if True in parts else (None if None in parts else False)
    if "present" in cond or "absent" in cond:
        known = (cond.get("present") or cond.get("absent")) in values
        wanted = ("absent" in cond) == negate  # present, or absent under a negation
        return known == wanted
    held = values.get(cond["fact"])
    if not held:
        return None
    return any(_test(cond, v) != negate for v in held)


def evaluate(
    rules: list[dict], facts: Mapping[str, Any]
) -> tuple[set[str], dict[str, Any], set[str]]:
    """Fired rule ids, derived facts, and derived facts left unknown by disagreeing rules."""
    blocked: set[str] = set()
    while True:
        fired, values = _run(rules, facts, blocked)
        clashes = {f for f, held in values.items() if f not in facts and len(held) > 1}
        if not clashes:
            derived = {f: held[0] for f, held in values.items() if f not in facts}
            return fired, derived, blocked
        blocked |= clashes


def _run(rules: list[dict], facts: Mapping[str, Any], blocked: set[str]) -> tuple[set, dict]:
    values: dict[str, list] = {f: [v] for f, v in facts.items()}
    fired: set[str] = set()
    changed = True
    while changed:
        changed = False
        for rule in rules:
            if rule["id"] in fired or truth(rule["when"], values) is not True:
                continue
            fired.add(rule["id"])
            changed = True
            then = rule["then"] if isinstance(rule["then"], list) else [rule["then"]]
            for c in then:
                fact = c.get("set")
                if fact is None or fact in blocked or fact in facts:
                    continue
                held = values.setdefault(fact, [])
                if not any(_same(c["value"], v) for v in held):
                    held.append(c["value"])
    return fired, values
