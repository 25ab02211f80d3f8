"""From answers to ranked, explained causes with ordered fixes.

Scoring (see docs/scoring.md): each cause starts from its prior; every rule that fires multiplies
its odds by the rule's likelihood ratio (``supports`` > 1, ``opposes`` < 1, ``rules_out`` 0).
Under a single-fault assumption the scores are normalised together with "another cause"
(the prior mass the knowledge base does not describe), which keeps an explicit unexplained share.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from ..engine import Conflict, Firings, Matcher, compile_rules
from ..kb.answers import check_answers
from ..kb.conditions import atoms_of
from ..kb.model import Cause, KnowledgeBase, Step
from ..kb.problems import KnowledgeBaseError
from ..kb.values import show
from .explain import Evidence, Explainer, FactUsed
from .probes import candidate_answers

__all__ = ["Diagnosis", "Doctor", "Evidence", "FactUsed", "FixStep", "RankedCause", "RankedCauses"]


@dataclass(frozen=True)
class FixStep:
    """A fix step of a cause, with its chance of fixing it and its place in the order."""

    step: Step
    success: float

    @property
    def rate(self) -> float:
        """Chance of success per minute of effort."""
        return self.success / self.step.minutes


class RankedCause:
    """A cause with its probability, the evidence for and against it, and its fixes in order."""

    __slots__ = ("_explainer", "cause", "fixes", "probability", "tried")

    def __init__(
        self,
        cause: Cause,
        probability: float,
        fixes: tuple[FixStep, ...],
        tried: tuple[tuple[str, float], ...] = (),
        explainer: Explainer | None = None,
    ):
        self.cause = cause
        self.probability = probability
        self.fixes = fixes
        self.tried = tried  # (step id, chance of success) of fixes tried that failed
        self._explainer = explainer  # finds this cause's evidence on use

    def __repr__(self) -> str:
        return f"RankedCause({self.cause.id!r}, {self.probability:.4f})"

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """The rules that fired for or against this cause, with their facts (built on use)."""
        if self._explainer is None:
            return ()
        return self._explainer.evidence(self._explainer.hits(self.cause.id))

    @property
    def id(self) -> str:
        return self.cause.id

    @property
    def category(self) -> str:
        return self.cause.category


class RankedCauses(Sequence[RankedCause]):
    """A diagnosis's causes, best first: an immutable sequence whose items are made when read
    (most readers look at the first few of the knowledge base's causes)."""

    __slots__ = ("_by_tie", "_explainer", "_made", "_order", "_total", "_tried", "_values")

    def __init__(
        self,
        order: list[int],
        by_tie: tuple[tuple[Cause, tuple[FixStep, ...], int], ...],
        values: list[float],
        total: float,
        tried: Mapping[str, tuple[tuple[str, float], ...]],
        explainer: Explainer,
    ):
        self._order = order  # places in tie order, best first
        self._by_tie = by_tie  # (cause, fixes, index into values) in tie order
        self._values, self._total = values, total  # unnormalised weights and their sum
        self._tried, self._explainer = tried, explainer
        self._made: list[RankedCause | None] = [None] * len(order)

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> RankedCause: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[RankedCause, ...]: ...
    def __getitem__(self, index: int | slice) -> RankedCause | tuple[RankedCause, ...]:
        if isinstance(index, slice):
            return tuple([self._item(i) for i in range(*index.indices(len(self._order)))])
        if index < 0:
            index += len(self._order)
        if not 0 <= index < len(self._order):
            raise IndexError("cause index out of range")
        return self._item(index)

    def __iter__(self) -> Iterator[RankedCause]:
        return map(self._item, range(len(self._order)))

    def __repr__(self) -> str:
        return f"RankedCauses({list(self)!r})"

    def _item(self, i: int) -> RankedCause:
        made = self._made[i]
        if made is None:
            cause, fixes, at = self._by_tie[self._order[i]]
            made = RankedCause(
                cause,
                self._values[at] / self._total,
                fixes,
                self._tried.get(cause.id, ()),
                self._explainer,
            )
            self._made[i] = made
        return made


@dataclass(frozen=True)
class Diagnosis:
    """The result of one diagnosis: causes ranked best first, and what else was concluded.

    A plain result: it does not keep the Doctor that made it. The questions worth asking next
    are ``voi.rank_questions(doctor, diagnosis)``; the JSON form is ``output.report``'s."""

    facts: Mapping[str, Any]
    causes: Sequence[RankedCause]  # best first (a RankedCauses when a Doctor made it)
    unexplained: float
    warnings: tuple[str, ...] = ()
    failed_fixes: Mapping[str, Sequence[tuple[str, float]]] = field(default_factory=dict)
    _ruled_out: tuple[tuple[Cause, tuple], ...] = field(default=(), repr=False, compare=False)
    _explainer: Explainer | None = field(default=None, repr=False, compare=False)

    @property
    def ruled_out(self) -> tuple[tuple[Cause, Evidence], ...]:
        """Causes a rule rules out, each with that rule's evidence."""
        if self._explainer is None:
            return ()
        return tuple((c, self._explainer.evidence((hit,))[0]) for c, hit in self._ruled_out)

    @property
    def derived(self) -> Mapping[str, Evidence]:
        """For each derived fact, the evidence of the rule that set it."""
        return self._explainer.derivations() if self._explainer else {}

    @property
    def derived_facts(self) -> Mapping[str, Any]:
        """Derived fact -> its value (cheap: builds no explanation)."""
        return self._explainer.derived_values() if self._explainer else {}


class Doctor:
    """A knowledge base compiled for diagnosis; safe to share between threads."""

    def __init__(self, kb: KnowledgeBase, matcher: str | None = None):
        """Compile ``kb``'s rules with ``matcher`` ("durable" or "python"; default: durable-rules
        where it runs, see ``posdoctor.engine``)."""
        self.kb = kb
        self.matcher = compile_rules(kb, matcher)
        if self.matcher.problems:
            raise KnowledgeBaseError(self.matcher.problems)
        self.alternatives = self.matcher.alternatives  # each rule's condition in DNF
        self.facts_used = tuple(  # per rule, per alternative: its distinct facts, in order
            tuple(tuple(dict.fromkeys(a.fact for a in conj)) for conj in alts)
            for alts in self.alternatives
        )
        self._fixes = {c.id: _order_fixes(kb, c) for c in kb.causes.values()}
        self.conclusions = _conclusions_by_rule(kb)  # rule -> ((cause, ratio, conclusion), ...)
        self.concludes = tuple(frozenset(t for t, _, _ in c) for c in self.conclusions)
        self.ratios_of = _ratios_by_cause(kb, self.conclusions)  # cause -> ((rule, ratio), ...)
        self._python: Matcher | None = self.matcher if self.matcher.name == "python" else None
        self._priors = {cid: c.prior for cid, c in kb.causes.items()}
        self._other_prior = kb.other_prior
        self._place = {cid: i for i, cid in enumerate(kb.causes)}  # knowledge-base order
        self._causes = _tie_order(kb, self._fixes)  # (cause, fixes, place in the KB), tie order
        self._at = tuple(at for _, _, at in self._causes)  # tie order -> knowledge-base order
        self._answers: dict[str, tuple[Any, ...]] = {}
        self._rules_on: dict[str, tuple[int, ...]] | None = None  # fact -> rules testing it
        self._sets = tuple(tuple(c.target for c in r.then if c.kind == "set") for r in kb.rules)
        self._moves: dict[str, frozenset[str]] = {}
        self._doubting: Doctor | None = None
        self.doubts = False  # True for ``doubting()``'s twin: answers may be wrong

    def doubting(self) -> Doctor:
        """This Doctor with answers that may be wrong (docs/qa.md, answer noise): each rule's
        likelihood ratio r becomes rho x r + (1 - rho), where rho is the chance the answers it
        tests are all right (the product of their facts' ``reliability``; a derived fact is as
        reliable as the least reliable rule that can set it). A contradicting answer weakens a
        cause instead of vetoing it, and a rule-out (r = 0) becomes a ratio of 1 - rho that
        strong contrary evidence can overcome. Built once; shares the compiled rules."""
        if self._doubting is None:
            twin = copy.copy(self)
            rho = _rule_reliability(self.kb, self.facts_used)
            twin.conclusions = tuple(
                tuple(_doubted(item, rho[i]) for item in rules)
                for i, rules in enumerate(self.conclusions)
            )
            twin.ratios_of = _ratios_by_cause(self.kb, twin.conclusions)
            twin._moves = {}
            twin._doubting = twin
            twin.doubts = True
            self._doubting = twin
        return self._doubting

    def fixes(self, cause_id: str) -> tuple[FixStep, ...]:
        """A cause's fix steps in the order they are tried (success per minute, prerequisites
        first), whatever is known."""
        return self._fixes[cause_id]

    def may_move(self, fact: str) -> frozenset[str]:
        """The causes an answer to ``fact`` can move at all: those concluded by the rules that
        test it, or test a fact those rules set, and so on (cached per fact)."""
        found = self._moves.get(fact)
        if found is None:
            found = frozenset(c for rule in self._reach(fact) for c in self.concludes[rule])
            self._moves[fact] = found
        return found

    def spreads(self, fact: str) -> dict[str, float]:
        """For each cause an answer to ``fact`` can move: at most how many times its weight
        under one answer can be its weight under another (the product of the larger of each
        reachable rule's ratio and its inverse; inf for a rule that rules the cause out)."""
        found = self._spreads.get(fact)
        if found is None:
            reach = self._reach(fact)
            found = {}
            for cause in sorted(self.may_move(fact)):
                table, spread = self._ratio_table[cause], 1.0
                for rule in reach & self.rules_about[cause]:
                    ratio = math.prod(table[rule])
                    spread *= max(ratio, 1 / ratio) if ratio > 0 else math.inf
                found[cause] = spread
            self._spreads[fact] = found
        return found

    def _reach(self, fact: str) -> frozenset[int]:
        """The rules whose firing an answer to ``fact`` can change: those that test it, or test
        a fact those rules set, and so on."""
        if self._rules_on is None:
            self._rules_on = _rules_testing(self.kb)
        rules: set[int] = set()
        seen, todo = {fact}, [fact]
        while todo:
            for rule in self._rules_on.get(todo.pop(), ()):
                if rule not in rules:
                    rules.add(rule)
                    todo.extend(d for d in self._sets[rule] if d not in seen)
                    seen.update(self._sets[rule])
        return frozenset(rules)

    def candidate_answers(self, fact: Any) -> tuple[Any, ...]:
        """The answers worth trying for a fact when weighing a question (cached per fact)."""
        if fact.id not in self._answers:
            self._answers[fact.id] = candidate_answers(self.kb, fact)
        return self._answers[fact.id]

    def diagnose(
        self,
        facts: Mapping[str, Any],
        *,
        checked: bool = False,
        failed_fixes: Mapping[str, Sequence[tuple[str, float]]] | None = None,
    ) -> Diagnosis:
        """Rank the causes for ``facts`` (fact id -> value; None or "unknown" = not known).

        ``failed_fixes`` maps a cause to the fix steps tried without success, each with its
        chance of success: a failed fix multiplies the cause's odds by (1 - success)."""
        answers = dict(facts) if checked else check_answers(self.kb, facts)
        firings = self.matcher.evaluate(answers)
        return self._rank(answers, firings, failed_fixes or {})

    @property
    def python(self) -> Any:
        """The plain-Python matcher (compiled on first use), which weighs what-ifs."""
        if self._python is None:
            self._python = compile_rules(self.kb, "python")
        return self._python

    def weights(
        self,
        facts: Mapping[str, Any],
        failed_fixes: Mapping[str, Sequence[tuple[str, float]]] | None = None,
        fired: frozenset[int] | None = None,
    ) -> dict[str, float]:
        """Unnormalised scores only (cause id -> prior x ratios, '' -> another cause), for
        checked ``facts`` (or for the rules ``fired`` on them); used to weigh questions."""
        if fired is None:
            fired = frozenset(f.rule for f in self.matcher.evaluate(facts).fired)
        failed = failed_fixes or {}
        weights = {cid: self.cause_weight(cid, fired, failed) for cid in self._priors}
        weights[""] = self._other_prior
        return weights

    def start_weight(
        self, cause: str, failed_fixes: Mapping[str, Sequence[tuple[str, float]]]
    ) -> float:
        """A cause's prior times (1 - success) of each of its fixes that failed."""
        weight = self._priors[cause]
        for _step, success in failed_fixes.get(cause, ()):
            weight *= max(0.0, 1.0 - success)
        return weight

    @property
    def ratios_of(self) -> dict[str, tuple[tuple[int, float], ...]]:
        """For each cause: (rule index, likelihood ratio) of every conclusion about it, in rule
        order. Setting it (a Doctor copy with other ratios) rebuilds the tables made from it."""
        return self._ratios_of

    @ratios_of.setter
    def ratios_of(self, table: dict[str, tuple[tuple[int, float], ...]]) -> None:
        self._ratios_of = table
        self.rules_about = {c: frozenset(r for r, _ in t) for c, t in table.items()}
        self._ratio_table = {c: _ratios_by_rule(t) for c, t in table.items()}
        self._spreads: dict[str, dict[str, float]] = {}

    def weight_from(self, cause: str, weight: float, fired: frozenset[int]) -> float:
        """``weight`` times the ratios of ``cause``'s fired rules, in rule order: the products of
        ``cause_weight`` (the same floats, bit for bit), visiting only the rules that fired."""
        about = self.rules_about[cause] & fired
        if about:
            table = self._ratio_table[cause]
            for rule in sorted(about):
                for ratio in table[rule]:
                    weight *= ratio
        return weight

    def cause_weight(
        self,
        cause: str,
        fired: frozenset[int],
        failed_fixes: Mapping[str, Sequence[tuple[str, float]]],
    ) -> float:
        """One cause's prior times its failed fixes' and fired rules' factors, in rule order."""
        weight = self.start_weight(cause, failed_fixes)
        for rule, ratio in self.ratios_of[cause]:
            if rule in fired:
                weight *= ratio
        return weight

    def _weights(
        self, firings: Firings, failed_fixes: Mapping[str, Sequence[tuple[str, float]]]
    ) -> dict[str, float]:
        """Prior x failed fixes' factors x fired rules' ratios, in rule order (a rule counts
        once, whichever of its alternatives matched)."""
        weights = dict(self._priors)
        for cid in failed_fixes:
            weights[cid] = self.start_weight(cid, failed_fixes)
        conclusions = self.conclusions
        last = -1
        for firing in firings.fired:  # sorted by rule
            if firing.rule != last:
                last = firing.rule
                for target, ratio, _ in conclusions[last]:
                    weights[target] *= ratio
        return weights

    def _ruled_out(self, weights: dict[str, float], explainer: Explainer) -> list[tuple]:
        """The causes a rule rules out, each with that rule's (firing, conclusion)."""
        return [
            (self.kb.causes[cid], out)
            for cid, weight in weights.items()
            if weight == 0.0
            for out in [next((h for h in explainer.hits(cid) if h[1].kind == "rules_out"), None)]
            if out is not None
        ]

    def _rank(
        self,
        answers: dict[str, Any],
        firings: Firings,
        failed_fixes: Mapping[str, Sequence[tuple[str, float]]] | None = None,
    ) -> Diagnosis:
        failed_fixes = failed_fixes or {}
        weights = self._weights(firings, failed_fixes)
        other = self._other_prior
        total = sum(weights.values()) + other
        explainer = Explainer(self.kb.rules, self.facts_used, answers, firings, self.conclusions)
        values = list(weights.values())  # knowledge-base order
        ruled_out = [] if 0.0 not in values else self._ruled_out(weights, explainer)
        # Best first; equal to 12 digits is a tie, then the likelier prior, then the id: the
        # rounded probabilities listed in tie order, sorted stably.
        keys = [-((w / total * 1e12 + 0.5) // 1.0) for w in map(values.__getitem__, self._at)]
        ranks: Iterable[int] = range(len(keys))
        if ruled_out:
            out_ids = {cause.id for cause, _ in ruled_out}
            ranks = [r for r in ranks if self._causes[r][0].id not in out_ids]
        order = sorted(ranks, key=keys.__getitem__)
        tried = {cid: tuple(t) for cid, t in failed_fixes.items()} if failed_fixes else {}
        causes = RankedCauses(order, self._causes, values, total, tried, explainer)
        ruled_out.sort(key=lambda item: self._place[item[0].id])
        warnings = tuple(_conflict_text(self.kb, c) for c in firings.conflicts)
        return Diagnosis(
            answers,
            causes,
            other / total,
            warnings,
            failed_fixes,
            tuple(ruled_out),
            explainer,
        )


@dataclass(frozen=True)
class Doubted:
    """A rule's conclusion weighed with answers that may be wrong: its kind, target and
    strength, the ratio it has then, and the chance its answers are right (``reliability``)."""

    conclusion: Any
    ratio: float
    reliability: float

    @property
    def kind(self) -> str:
        return str(self.conclusion.kind)

    @property
    def target(self) -> str:
        return str(self.conclusion.target)

    @property
    def strength(self) -> str:
        return str(self.conclusion.strength)


def _doubted(item: tuple[str, float, Any], rho: float) -> tuple[str, float, Doubted]:
    """(cause, ratio, conclusion) with the ratio tempered by ``rho``: rho x r + (1 - rho)."""
    target, ratio, conclusion = item
    tempered = rho * ratio + (1 - rho)
    return target, tempered, Doubted(conclusion, tempered, rho)


def _rule_reliability(
    kb: KnowledgeBase, facts_used: Sequence[Sequence[Sequence[str]]]
) -> tuple[float, ...]:
    """Per rule: the chance the answers that make it fire are all right (derived facts through
    the rules that set them). A rule fires through one alternative of its condition in DNF
    (``facts_used``: per rule, per alternative, its distinct facts), so it is as reliable as
    its least reliable alternative — the product over that alternative's facts, not over every
    fact the condition names (an any-of six answers is as sure as one of them)."""
    setters: dict[str, list[int]] = {}
    for i, rule in enumerate(kb.rules):
        for c in rule.then:
            if c.kind == "set":
                setters.setdefault(c.target, []).append(i)
    memo: dict[int, float] = {}

    def fact_rho(fact: str, seen: frozenset[int]) -> float:
        if fact in setters:
            return min((rule_rho(r, seen) for r in setters[fact] if r not in seen), default=1.0)
        known = kb.facts.get(fact)
        return known.reliability if known is not None else 1.0

    def rule_rho(index: int, seen: frozenset[int] = frozenset()) -> float:
        if index not in memo:
            memo[index] = min(
                (
                    math.prod(fact_rho(f, seen | {index}) for f in alternative)
                    for alternative in facts_used[index]
                ),
                default=1.0,
            )
        return memo[index]

    return tuple(rule_rho(i) for i in range(len(kb.rules)))


def _rules_testing(kb: KnowledgeBase) -> dict[str, tuple[int, ...]]:
    """For each fact, the rules whose condition tests it."""
    out: dict[str, list[int]] = {}
    for index, rule in enumerate(kb.rules):
        for fact in dict.fromkeys(a.fact for a in atoms_of(rule.when)):
            out.setdefault(fact, []).append(index)
    return {fact: tuple(rules) for fact, rules in out.items()}


def _conflict_text(kb: KnowledgeBase, conflict: Conflict) -> str:
    """A conflict between rules, or between a rule and an answer, in one sentence."""
    rules = [f"'{kb.rules[r].id}'" for _, r in conflict.claims]
    values = [show(v) for v, _ in conflict.claims]
    if conflict.answered:
        return (
            f"{_series('rule', rules)} would set '{conflict.fact}' to {_series('', values)}, "
            f"but the answer is {show(conflict.answer)}: the answer wins"
        )
    return (
        f"{_series('rule', rules)} set '{conflict.fact}' to {_series('', values)}: "
        f"'{conflict.fact}' is left unknown"
    )


def _series(noun: str, items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c' (with the noun in front, plural for more than one)."""
    text = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    if not noun:
        return text
    return f"{noun}{'s' if len(items) > 1 else ''} {text}"


def _ratios_by_rule(items: tuple[tuple[int, float], ...]) -> dict[int, tuple[float, ...]]:
    """(rule, ratio) pairs in rule order -> rule -> its ratios, in order."""
    out: dict[int, tuple[float, ...]] = {}
    for rule, ratio in items:
        out[rule] = (*out.get(rule, ()), ratio)
    return out


def _conclusions_by_rule(kb: KnowledgeBase) -> tuple[tuple[Any, ...], ...]:
    """For each rule: (cause, likelihood ratio, conclusion) of its conclusions about causes."""
    return tuple(tuple((c.target, c.ratio, c) for c in r.then if c.kind != "set") for r in kb.rules)


def _ratios_by_cause(kb: KnowledgeBase, by_rule: tuple) -> dict[str, tuple[tuple[int, float], ...]]:
    """For each cause: (rule index, likelihood ratio) of every conclusion about it, in order."""
    out: dict[str, list[tuple[int, float]]] = {cid: [] for cid in kb.causes}
    for rule, conclusions in enumerate(by_rule):
        for target, ratio, _ in conclusions:
            out[target].append((rule, ratio))
    return {cid: tuple(items) for cid, items in out.items()}


def _tie_order(kb: KnowledgeBase, fixes: Mapping[str, tuple[FixStep, ...]]) -> tuple:
    """The causes in the order that breaks ties (likelier prior first, then the id), each with
    its fixes and its place in knowledge-base order."""
    place = {cid: i for i, cid in enumerate(kb.causes)}
    ordered = sorted(kb.causes.values(), key=lambda c: (-c.prior, c.id))
    return tuple((c, fixes[c.id], place[c.id]) for c in ordered)


def _order_fixes(kb: KnowledgeBase, cause: Cause) -> tuple[FixStep, ...]:
    """Fix steps by chance of success per minute, best first; prerequisites come first."""
    steps = [FixStep(kb.steps[f.step_id], f.success) for f in cause.fixes]
    steps.sort(key=lambda s: (-s.rate, s.step.minutes, s.step.id))
    out: list[FixStep] = []

    def place(item: FixStep) -> None:
        if item in out:
            return
        for req in item.step.requires:
            prior = next((s for s in steps if s.step.id == req), None)
            place(prior or FixStep(kb.steps[req], 0.0))
        out.append(item)

    for item in steps:
        place(item)
    return tuple(out)
