"""Cross-checks over the whole knowledge base: ids, references, value types, reachability."""

from __future__ import annotations

from types import MappingProxyType

from .checker import Checker
from .conditions import facts_of
from .model import Capture, KnowledgeBase
from .problems import Problem
from .validate_rules import check_rules, check_verification
from .values import value_problem


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
    check_rules(c)
    _check_signatures(c)
    _check_coverage(c)
    check_verification(c)
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
    total, crossing = 0.0, None  # the cause whose prior takes the sum to 1: an extension's own
    for _cid, entry in c.by_id["causes"].items():
        cause = entry[0]
        total += cause.prior
        crossing = crossing or (entry if total >= 1.0 else None)
        for i, fix in enumerate(cause.fixes):
            c.ref(entry, ("fixes", i, "step"), fix.step_id, "steps")
        c.ref(entry, ("escalate_to",), cause.escalate_to, "teams")
        for i, practice in enumerate(cause.prevention):
            c.ref(entry, ("prevention", i), practice, "practices")
    if crossing is not None:
        c.fail(
            crossing,
            ("prior",),
            f"the priors of all causes add up to {total:.3f}",
            "they must add up to less than 1; the rest is 'another cause'",
        )


def _check_steps(c: Checker) -> None:
    used = {f.step_id for e in c.items["causes"] for f in e[0].fixes}
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
