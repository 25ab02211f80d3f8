"""Reading rules: conditions through a closed table of operators, and conclusions."""

from __future__ import annotations

from typing import Any

from . import patterns
from .model import STRENGTHS, All, AnyOf, Atom, Conclusion, Not, Rule
from .problems import did_you_mean, suggestion
from .schema import ATOM_OPS, COMPARISONS, RULE_ID, SYNONYMS, Reader, kind_of
from .yamlfile import Path


def read_rule(r: Reader, item: Any, path: Path) -> Rule | None:
    m = r.mapping(item, path, ("id", "when", "then"), ("because", "source"), "a rule")
    if not m:
        return None
    rid = r.ident(m["id"], path + ("id",), RULE_ID)
    when = read_condition(r, m["when"], path + ("when",))
    then = _read_conclusions(r, m["then"], path + ("then",))
    because = r.text(m["because"], path + ("because",)) if "because" in m else None
    src = r.sources(m["source"], path + ("source",)) if "source" in m else ()
    if rid is None or when is None or then is None or ("because" in m and because is None):
        return None
    return Rule(rid, when, then, because, src, r.origin(path))


def read_condition(r: Reader, value: Any, path: Path) -> Any:
    """Parse a condition; a list means all of its items."""
    if isinstance(value, list):
        if not value:
            r.fail(path, "an empty list of conditions")
            return None
        items = [read_condition(r, v, path + (i,)) for i, v in enumerate(value)]
        return All(tuple(items)) if all(i is not None for i in items) else None
    if not isinstance(value, dict):
        r.fail(
            path,
            f"a condition must be a mapping (got {kind_of(value)})",
            "e.g. {fact: some_fact, is: true}",
        )
        return None
    for key, make in (("all", All), ("any", AnyOf)):
        if key in value:
            if len(value) != 1:
                r.fail(path, f"'{key}' must stand alone in its mapping")
                return None
            inner = value[key]
            if not isinstance(inner, list) or not inner:
                r.fail(path + (key,), f"'{key}' needs a non-empty list of conditions")
                return None
            items = [read_condition(r, v, path + (key, i)) for i, v in enumerate(inner)]
            return make(tuple(items)) if all(i is not None for i in items) else None
    if "not" in value:
        if len(value) != 1:
            r.fail(path, "'not' must stand alone in its mapping")
            return None
        inner = read_condition(r, value["not"], path + ("not",))
        return Not(inner) if inner is not None else None
    return _read_atom(r, value, path)


def _read_atom(r: Reader, value: dict, path: Path) -> Atom | None:
    for op in ("present", "absent"):
        if op in value:
            if len(value) != 1:
                r.fail(path, f"'{op}' takes only a fact id: {{{op}: FACT}}")
                return None
            fact = r.ident(value[op], path + (op,))
            return Atom(fact, op, at=path) if fact else None
    if "fact" not in value:
        r.fail(
            path,
            "a condition needs 'fact' (or all, any, not, present, absent)",
            did_you_mean(next(iter(value), ""), ("fact", "all", "any", "not", "present", "absent")),
        )
        return None
    ops = [k for k in value if k != "fact"]
    for key in ops:
        if key not in ATOM_OPS:
            hint = (
                f"did you mean '{SYNONYMS[key]}'?"
                if key in SYNONYMS
                else suggestion(key, ATOM_OPS, "valid")
            )
            r.fail(path + (key,), f"unknown operator '{key}'", hint, key=True)
            return None
    fact = r.ident(value["fact"], path + ("fact",))
    if not ops:
        r.fail(path, "a condition needs an operator", "one of: " + ", ".join(ATOM_OPS))
        return None
    if fact is None:
        return None
    if all(op in COMPARISONS for op in ops):
        return _read_range(r, value, ops, fact, path)
    if len(ops) != 1:
        r.fail(
            path,
            f"one operator per condition (got {', '.join(ops)})",
            "combine conditions with all/any",
        )
        return None
    op = ops[0]
    operand = value[op]
    if op == "in":
        if not isinstance(operand, list) or not operand:
            r.fail(path + ("in",), f"'in' needs a non-empty list (got {kind_of(operand)})")
            return None
        nested = [i for i, item in enumerate(operand) if isinstance(item, (list, dict))]
        for i in nested:  # found by the fuzzer: a list in the list crashed kb check
            r.fail(path + ("in", i), f"must be a single value (got {kind_of(operand[i])})")
        return None if nested else Atom(fact, "in", tuple(operand), at=path)
    if op == "matches":
        return _read_regex(r, operand, path + ("matches",), fact)
    if isinstance(operand, (list, dict)) or operand is None:
        r.fail(
            path + ("is",),
            f"'is' needs a single value (got {kind_of(operand)})",
            "use 'in' for a list",
        )
        return None
    return Atom(fact, "is", operand, at=path)


def _read_range(r: Reader, value: dict, ops: list[str], fact: str, path: Path) -> Atom | None:
    lo = hi = None
    lo_incl = hi_incl = False
    for op in ops:
        number = r.number(value[op], path + (op,))
        if number is None:
            return None
        if op in ("gt", "gte"):
            if lo is not None:
                r.fail(path + (op,), "two lower bounds in one condition")
                return None
            lo, lo_incl = number, op == "gte"
        else:
            if hi is not None:
                r.fail(path + (op,), "two upper bounds in one condition")
                return None
            hi, hi_incl = number, op == "lte"
    return Atom(fact, "range", (lo, lo_incl, hi, hi_incl), at=path)


def _read_regex(r: Reader, operand: Any, path: Path, fact: str) -> Atom | None:
    if not isinstance(operand, str) or not operand:
        r.fail(path, f"'matches' needs a regular expression (got {kind_of(operand)})")
        return None
    refused = patterns.problem(operand)
    if refused:
        r.fail(path, refused.message, refused.hint)
        return None
    return Atom(fact, "matches", operand, at=path)


CONCLUSION_KINDS = ("supports", "opposes", "rules_out", "set")


def _read_conclusions(r: Reader, value: Any, path: Path) -> tuple[Conclusion, ...] | None:
    items = value if isinstance(value, list) else [value]
    if not items:
        r.fail(path, "a rule needs at least one conclusion")
        return None
    out = []
    for i, item in enumerate(items):
        at = path + (i,) if isinstance(value, list) else path
        conclusion = _read_conclusion(r, item, at)
        if conclusion is not None:
            out.append(conclusion)
    return tuple(out) if len(out) == len(items) else None


def _read_conclusion(r: Reader, item: Any, path: Path) -> Conclusion | None:
    if not isinstance(item, dict):
        r.fail(
            path,
            f"a conclusion must be a mapping (got {kind_of(item)})",
            "e.g. {supports: some_cause, strength: strong}",
        )
        return None
    kinds = [k for k in CONCLUSION_KINDS if k in item]
    if len(kinds) != 1:
        r.fail(
            path,
            "a conclusion needs exactly one of: " + ", ".join(CONCLUSION_KINDS),
            did_you_mean(next(iter(item), ""), CONCLUSION_KINDS),
        )
        return None
    kind = kinds[0]
    extra = {
        "supports": ("strength",),
        "opposes": ("strength",),
        "rules_out": (),
        "set": ("value",),
    }[kind]
    m = r.mapping(item, path, (kind,) + extra, (), "a conclusion")
    if not m:
        return None
    target = r.ident(m[kind], path + (kind,))
    if kind in ("supports", "opposes"):
        strength = r.one_of(m["strength"], path + ("strength",), STRENGTHS, "strength")
        if strength is None:
            return None
        return Conclusion(kind, target, strength) if target else None
    if kind == "set":
        val = m["value"]
        if isinstance(val, (list, dict)) or val is None:
            r.fail(path + ("value",), f"must be a single value (got {kind_of(val)})")
            return None
        return Conclusion(kind, target, value=val) if target else None
    return Conclusion(kind, target) if target else None
