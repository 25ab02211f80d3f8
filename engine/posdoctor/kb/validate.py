"""Cross-checks over the whole knowledge base: ids, references, value types, reachability."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from .conditions import alternatives, atoms_of, facts_of, satisfiable
from .model import Atom, Capture, Fact, KnowledgeBase, Rule
from .problems import Problem, did_you_mean, suggestion

KIND_WORDS = {
    "facts": "fact",
    "causes": "cause",
    "steps": "step",
    "signatures": "signature",
    "practices": "practice",
    "teams": "team",
    "sources": "source",
    "rules": "rule",
}


class Checker:
    """Holds the items of every section while the cross-checks run."""

    def __init__(self, items: dict, problems: list[Problem]):
        self.items = items
        self.problems = problems
        self.by_id: dict[str, dict[str, Any]] = {k: {} for k in items}

    def fail(
        self, entry: tuple, where: tuple, message: str, hint: str = "", severity: str = "error"
    ) -> None:
        _model, reader, path = entry
        self.problems.append(reader.doc.problem(path + where, message, hint, severity))

    def index(self) -> None:
        """Index items by id; report ids defined twice anywhere in the KB."""
        seen: dict[str, tuple[str, Any]] = {}
        for section, entries in self.items.items():
            for entry in entries:
                model = entry[0]
                if model.id in seen:
                    kind, first = seen[model.id]
                    self.fail(
                        entry,
                        ("id",),
                        f"duplicate id '{model.id}'",
                        f"first defined as a {kind} at {first.origin}",
                    )
                    continue
                seen[model.id] = (KIND_WORDS[section], model)
                self.by_id[section][model.id] = entry

    def ref(self, entry: tuple, where: tuple, ident: str, section: str) -> bool:
        """Check ``ident`` names an item of ``section``; report it with a suggestion if not."""
        if ident in self.by_id[section]:
            return True
        self.fail(
            entry,
            where,
            f"unknown {KIND_WORDS[section]} '{ident}'",
            did_you_mean(ident, self.by_id[section]),
        )
        return False


def cross_check(
    items: dict, problems: list[Problem], location: str, digest: str
) -> KnowledgeBase | None:
    """Run every whole-KB check; return the KB when nothing is wrong."""
    c = Checker(items, problems)
    c.index()
    _check_sources(c)
    _check_facts(c)
    _check_causes(c)
    _check_steps(c)
    _check_rules(c)
    _check_signatures(c)
    _check_coverage(c)
    _check_verification(c)
    if any(p.severity == "error" for p in problems):
        return None
    models = {s: {i: e[0] for i, e in c.by_id[s].items()} for s in c.by_id}
    return KnowledgeBase(
        facts=MappingProxyType(models["facts"]),
        causes=MappingProxyType(models["causes"]),
        steps=MappingProxyType(models["steps"]),
        rules=tuple(models["rules"].values()),
        signatures=tuple(models["signatures"].values()),
        practices=MappingProxyType(models["practices"]),
        teams=MappingProxyType(models["teams"]),
        sources=MappingProxyType(models["sources"]),
        location=location,
        digest=digest,
        warnings=tuple(p for p in problems if p.severity == "warning"),
    )


def _check_sources(c: Checker) -> None:
    for _section, entries in c.items.items():
        for entry in entries:
            refs = getattr(entry[0], "source", ())
            for i, ref in enumerate(refs):
                where = ("source", i) if len(refs) > 1 else ("source",)
                c.ref(entry, where + ("ref",), ref.ref, "sources")


def _check_facts(c: Checker) -> None:
    for fid, entry in c.by_id["facts"].items():
        fact = entry[0]
        for i, dep in enumerate(fact.derived_from):
            if dep == fid:
                c.fail(entry, ("derived_from", i), "a fact cannot be derived from itself")
            else:
                c.ref(entry, ("derived_from", i), dep, "facts")
        if fact.derived and fact.ask and fact.type == "text":
            c.fail(entry, ("ask",), "a derived fact cannot be free text")
    _check_derivation_cycles(c)


def _check_derivation_cycles(c: Checker) -> None:
    facts = {f: e[0] for f, e in c.by_id["facts"].items()}
    state: dict[str, int] = {}

    def visit(fid: str, trail: list[str]) -> None:
        state[fid] = 1
        for dep in facts[fid].derived_from:
            if dep not in facts:
                continue
            if state.get(dep) == 1:
                cycle = " -> ".join(trail[trail.index(dep) :] + [dep]) if dep in trail else dep
                c.fail(c.by_id["facts"][fid], ("derived_from",), f"derivation cycle: {cycle}")
            elif dep not in state:
                visit(dep, trail + [dep])
        state[fid] = 2

    for fid in facts:
        if fid not in state:
            visit(fid, [fid])


def _check_causes(c: Checker) -> None:
    total = 0.0
    for _cid, entry in c.by_id["causes"].items():
        cause = entry[0]
        total += cause.prior
        for i, fix in enumerate(cause.fixes):
            c.ref(entry, ("fixes", i, "step"), fix.step, "steps")
        c.ref(entry, ("escalate_to",), cause.escalate_to, "teams")
        for i, practice in enumerate(cause.prevention):
            c.ref(entry, ("prevention", i), practice, "practices")
    if c.by_id["causes"] and total >= 1.0:
        first = next(iter(c.by_id["causes"].values()))
        c.fail(
            first,
            ("prior",),
            f"the priors of all causes add up to {total:.3f}",
            "they must add up to less than 1; the rest is 'another cause'",
        )


def _check_steps(c: Checker) -> None:
    used = {f.step for e in c.items["causes"] for f in e[0].fixes}
    for entry in c.by_id["steps"].values():
        step = entry[0]
        for i, req in enumerate(step.requires):
            c.ref(entry, ("requires", i), req, "steps")
            used.add(req)
    for sid, entry in c.by_id["steps"].items():
        if sid not in used:
            c.fail(
                entry,
                ("id",),
                f"step '{sid}' is not used by any cause",
                "reference it from a cause's fixes or remove it",
                severity="warning",
            )
    used_practices = {p for e in c.items["causes"] for p in e[0].prevention}
    for pid, entry in c.by_id["practices"].items():
        if pid not in used_practices:
            c.fail(
                entry,
                ("id",),
                f"practice '{pid}' is not referenced by any cause",
                severity="warning",
            )


def _check_rules(c: Checker) -> None:
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


def outside(fact: Fact, x: float) -> bool:
    """True when ``x`` is below the number fact's min or above its max."""
    return (fact.min is not None and x < fact.min) or (fact.max is not None and x > fact.max)


def span(fact: Fact) -> str:
    """A number fact's range as written in messages: [min, max], -inf/inf where open."""
    low = "-inf" if fact.min is None else f"{fact.min:g}"
    high = "inf" if fact.max is None else f"{fact.max:g}"
    return f"[{low}, {high}]"


def show(value: Any) -> str:
    """A value as the author wrote it in YAML."""
    if isinstance(value, bool):
        return str(value).lower()
    return (
        repr(value)
        if isinstance(value, str)
        else f"{value:g}"
        if isinstance(value, float)
        else str(value)
    )


def value_problem(fact: Fact, value: Any) -> tuple[str, str] | None:
    """Why ``value`` cannot be a value of ``fact``, as (message, hint), or None."""
    if fact.type == "boolean" and not isinstance(value, bool):
        return f"'{fact.id}' is yes/no: expected true or false (got {show(value)})", ""
    if fact.type == "choice":
        ids = [ch.id for ch in fact.values]
        if value not in ids:
            return (
                f"{show(value)} is not a value of '{fact.id}'",
                suggestion(str(value), ids, "values"),
            )
    if fact.type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"'{fact.id}' is a number (got {show(value)})", ""
        if outside(fact, value):
            return f"{value:g} is outside the range of '{fact.id}' {span(fact)}", ""
    if fact.type == "text" and not isinstance(value, str):
        return f"'{fact.id}' is text (got {show(value)})", ""
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


def _check_signatures(c: Checker) -> None:
    facts = {f: e[0] for f, e in c.by_id["facts"].items()}
    for _sid, entry in c.by_id["signatures"].items():
        for fid, value in entry[0].sets.items():
            if not c.ref(entry, ("sets", fid), fid, "facts"):
                continue
            fact = facts[fid]
            if isinstance(value, Capture):
                if fact.type not in ("number", "text"):
                    c.fail(entry, ("sets", fid), "a capture can only set a number or text fact")
                continue
            bad = value_problem(fact, value)
            if bad:
                c.fail(entry, ("sets", fid), bad[0], bad[1])


def _check_coverage(c: Checker) -> None:
    used_facts: set[str] = set()
    supported: set[str] = set()
    for entry in c.items["rules"]:
        rule = entry[0]
        used_facts |= facts_of(rule.when)
        supported |= {x.target for x in rule.then if x.kind == "supports"}
    for fid, entry in c.by_id["facts"].items():
        if fid not in used_facts:
            c.fail(
                entry,
                ("id",),
                f"fact '{fid}' is not used by any rule",
                "use it in a rule's 'when' or remove it",
            )
    for cid, entry in c.by_id["causes"].items():
        if cid not in supported:
            c.fail(
                entry, ("id",), f"no rule can conclude cause '{cid}'", "add a rule that supports it"
            )


def _check_verification(c: Checker) -> None:
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
