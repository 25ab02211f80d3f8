"""Checks of the rules against the rest of the KB: every test fits its fact's type, every
conclusion names a cause or a derived fact, every condition can hold, and no two rules conflict
or leave two causes indistinguishable."""

from __future__ import annotations

from typing import Any

from .checker import Checker
from .conditions import alternatives, atoms_of, facts_of, satisfiable
from .model import Atom, Fact, Rule
from .values import outside, show, span, value_problem


def check_rules(c: Checker) -> None:
    facts = {f: e[0] for f, e in c.by_id["facts"].items()}
    setters = _setters(c)
    seen_when: dict[Any, Rule] = {}
    for _rid, entry in c.by_id["rules"].items():
        rule = entry[0]
        ok = True
        for atom in atoms_of(rule.when):
            ok &= _check_atom(c, entry, atom, facts, setters)
        for i, concl in enumerate(rule.then):
            _check_conclusion(
                c, entry, ("then", i) if len(rule.then) > 1 else ("then",), concl, rule, facts
            )
        if ok:
            _check_holds(c, entry, rule, facts)
        twin = seen_when.get(rule.when)
        if twin is not None:
            c.fail(
                entry,
                ("when",),
                f"same conditions as rule '{twin.id}' ({twin.origin})",
                "merge the two rules' conclusions",
                severity="warning",
            )
        seen_when.setdefault(rule.when, rule)


def _setters(c: Checker) -> dict[str, set]:
    """For each derived fact, the values some rule can set it to."""
    out: dict[str, set] = {}
    for entry in c.items["rules"]:
        for concl in entry[0].then:
            if concl.kind == "set":
                out.setdefault(concl.target, set()).add(_key(concl.value))
    return out


def _key(value: Any) -> Any:
    return ("b", value) if isinstance(value, bool) else value


def _check_atom(c: Checker, entry: tuple, atom: Atom, facts: dict, setters: dict) -> bool:
    entry = (entry[0], entry[1], ())  # atoms carry their own full YAML path
    where = atom.at
    if not c.ref(entry, where + (_op_key(atom),), atom.fact, "facts"):
        return False
    fact = facts[atom.fact]
    if fact.derived and atom.op == "absent":
        c.fail(
            entry,
            where,
            f"'absent' cannot test derived fact '{atom.fact}'",
            "a derived fact is unknown until a rule sets it; test the facts it comes from",
        )
        return False
    bad = _atom_type_problem(atom, fact)
    if bad:
        key = (atom.op,) if atom.op in ("is", "in", "matches") else ()
        c.fail(entry, where + key, bad[0], bad[1])
        return False
    if fact.derived and not fact.ask and atom.op in ("is", "in") and not atom.negated:
        values = (atom.value,) if atom.op == "is" else atom.value
        if not any(_key(v) in setters.get(atom.fact, set()) for v in values):
            c.fail(
                entry,
                where,
                f"no rule sets derived fact '{atom.fact}' to "
                + " or ".join(show(v) for v in values),
                "this condition can never hold",
            )
            return False
    return True


def _op_key(atom: Atom) -> str:
    if atom.op in ("present", "absent"):
        return atom.op
    return "fact"


def _atom_type_problem(atom: Atom, fact: Fact) -> tuple[str, str] | None:
    """Why the operator or value does not fit the fact's type, or None."""
    if atom.op in ("present", "absent"):
        return None
    allowed = {
        "boolean": ("is", "in"),
        "choice": ("is", "in"),
        "number": ("is", "in", "range"),
        "text": ("is", "in", "matches"),
    }[fact.type]
    if atom.op not in allowed:
        word = "gt/gte/lt/lte" if atom.op == "range" else atom.op
        return (
            f"'{word}' cannot test {fact.type} fact '{fact.id}'",
            "use " + ", ".join("gt/gte/lt/lte" if a == "range" else a for a in allowed),
        )
    values = {"is": (atom.value,), "in": atom.value}.get(atom.op, ())
    for v in values:
        problem = value_problem(fact, v)
        if problem:
            return problem
    if atom.op == "range":
        lo, _, hi, _ = atom.value
        for bound in (lo, hi):
            if bound is not None and outside(fact, bound):
                return f"bound {bound:g} is outside the range of '{fact.id}' {span(fact)}", ""
    return None


def _check_conclusion(
    c: Checker, entry: tuple, where: tuple, concl: Any, rule: Rule, facts: dict
) -> None:
    if concl.kind != "set":
        c.ref(entry, where + (concl.kind,), concl.target, "causes")
        return
    if not c.ref(entry, where + ("set",), concl.target, "facts"):
        return
    fact = facts[concl.target]
    if not fact.derived:
        c.fail(
            entry,
            where + ("set",),
            f"'{concl.target}' is not a derived fact",
            f"add derived_from: [...] to fact '{concl.target}'",
        )
        return
    bad = value_problem(fact, concl.value)
    if bad:
        c.fail(entry, where + ("value",), bad[0], bad[1])
    outside = sorted(facts_of(rule.when) - set(fact.derived_from))
    if outside:
        c.fail(
            entry,
            where + ("set",),
            f"'{concl.target}' is set from {', '.join(outside)}, not in its derived_from",
            f"add them to derived_from of '{concl.target}'",
        )


def _check_holds(c: Checker, entry: tuple, rule: Rule, facts: dict) -> None:
    alts = alternatives(rule.when)
    reasons = [satisfiable(alt, facts) for alt in alts]
    if all(reasons):
        c.fail(entry, ("when",), "the conditions can never hold: " + reasons[0])


def check_verification(c: Checker) -> None:
    """Drools-Verifier-style checks: conflicting, redundant and indistinguishable knowledge."""
    rules = [e[0] for e in c.items["rules"]]
    by_when: dict[Any, list] = {}
    for entry in c.items["rules"]:
        by_when.setdefault(entry[0].when, []).append(entry)
    for entries in by_when.values():
        effects: dict[str, set] = {}
        for entry in entries:
            for concl in entry[0].then:
                if concl.kind != "set":
                    effects.setdefault(concl.target, set()).add(concl.kind)
        for cause, kinds in effects.items():
            if "supports" in kinds and kinds & {"opposes", "rules_out"}:
                names = ", ".join(e[0].id for e in entries)
                c.fail(
                    entries[-1],
                    ("then",),
                    f"rules {names} both support and oppose '{cause}' on the same conditions",
                )
    _check_indistinguishable(c, rules)


def _check_indistinguishable(c: Checker, rules: list[Rule]) -> None:
    """Warn about causes that every rule treats alike: no answer can ever tell them apart."""
    profile: dict[str, list] = {cid: [] for cid in c.by_id["causes"]}
    for rule in rules:
        for concl in rule.then:
            if concl.kind != "set" and concl.target in profile:
                profile[concl.target].append((rule.id, concl.kind, concl.strength))
    seen: dict[tuple, str] = {}
    for cid, items in profile.items():
        key = tuple(sorted(items))
        if key and key in seen:
            c.fail(
                c.by_id["causes"][cid],
                ("id",),
                f"no answer can tell cause '{cid}' from '{seen[key]}': every rule treats them "
                "alike",
                "add a rule with a fact that separates them",
                severity="warning",
            )
        seen.setdefault(key, cid)
