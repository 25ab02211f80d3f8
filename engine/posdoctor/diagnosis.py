"""From answers to ranked, explained causes with ordered fixes.

Scoring (see docs/scoring.md): each cause starts from its prior; every rule that fires multiplies
its odds by the rule's likelihood ratio (``supports`` > 1, ``opposes`` < 1, ``rules_out`` 0).
Under a single-fault assumption the scores are normalised together with "another cause"
(the prior mass the knowledge base does not describe), which keeps an explicit unexplained share.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .answers import check_answers
from .conditions import alternatives
from .model import Cause, KnowledgeBase, Rule, Step
from .problems import KnowledgeBaseError
from .rete import Firings, RuleEngine


@dataclass(frozen=True)
class FactUsed:
    """A fact a rule matched: given by a person/log, or derived by another rule."""

    fact: str
    value: Any
    derived_by: Evidence | None = None  # the rule (with its own facts) that derived it


@dataclass(frozen=True)
class Evidence:
    """A rule that fired, what it concluded about a cause, and the facts it matched."""

    rule: Rule
    effect: str  # supports | opposes | rules_out | set
    ratio: float
    strength: str
    facts: tuple[FactUsed, ...]

    def given_facts(self) -> dict[str, Any]:
        """The person- or log-given facts this conclusion rests on, through every derivation."""
        out: dict[str, Any] = {}
        for used in self.facts:
            if used.derived_by is None:
                out[used.fact] = used.value
            else:
                out.update(used.derived_by.given_facts())
        return out


@dataclass(frozen=True)
class FixStep:
    """A fix step of a cause, with its chance of fixing it and its place in the order."""

    step: Step
    success: float

    @property
    def rate(self) -> float:
        """Chance of success per minute of effort."""
        return self.success / self.step.minutes


@dataclass(frozen=True)
class RankedCause:
    """A cause with its probability, the evidence for and against it, and its fixes in order."""

    cause: Cause
    probability: float
    evidence: tuple[Evidence, ...]
    fixes: tuple[FixStep, ...]
    tried: tuple[tuple[str, float], ...] = ()  # (step id, factor) of fixes tried that failed

    @property
    def id(self) -> str:
        return self.cause.id

    @property
    def category(self) -> str:
        return self.cause.category


@dataclass(frozen=True)
class Diagnosis:
    """The result of one diagnosis: causes ranked best first, and what else was concluded."""

    doctor: Doctor = field(repr=False, compare=False)
    facts: Mapping[str, Any]
    causes: tuple[RankedCause, ...]
    ruled_out: tuple[tuple[Cause, Evidence], ...]
    unexplained: float
    derived: Mapping[str, Evidence]
    warnings: tuple[str, ...] = ()
    failed_fixes: Mapping[str, Sequence[tuple[str, float]]] = field(default_factory=dict)

    @cached_property
    def next_checks(self) -> tuple[Any, ...]:
        """Questions whose answers would change the ranking most per minute (computed on use)."""
        from .voi import rank_questions

        return tuple(rank_questions(self.doctor, self))

    def top(self, n: int) -> tuple[RankedCause, ...]:
        return self.causes[:n]

    def to_dict(self, lang: str = "en", top: int | None = None) -> dict[str, Any]:
        """The JSON form documented in docs/diagnosis.schema.json."""
        from .report import diagnosis_dict

        return diagnosis_dict(self, lang, top)

    def to_json(self, lang: str = "en", top: int | None = None, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(lang, top), ensure_ascii=False, indent=indent)


class Doctor:
    """A knowledge base compiled for diagnosis; safe to share between threads."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.engine = RuleEngine(kb)
        if self.engine.problems:
            raise KnowledgeBaseError(self.engine.problems)
        self._alternatives = tuple(tuple(alternatives(r.when)) for r in kb.rules)
        self._fixes = {c.id: _order_fixes(kb, c) for c in kb.causes.values()}
        self._cause_rules = _conclusions_by_rule(kb)

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
        firings = self.engine.evaluate(answers)
        return self._rank(answers, firings, failed_fixes or {})

    def weights(
        self,
        facts: Mapping[str, Any],
        failed_fixes: Mapping[str, Sequence[tuple[str, float]]] | None = None,
    ) -> dict[str, float]:
        """Unnormalised scores only (cause id -> prior x ratios, '' -> another cause), for
        checked ``facts``; used to weigh questions."""
        weights, _ = self._weights(self.engine.evaluate(facts), failed_fixes or {})
        weights[""] = self.kb.other_prior
        return weights

    def _weights(
        self, firings: Firings, failed_fixes: Mapping[str, Sequence[tuple[str, float]]]
    ) -> tuple[dict[str, float], dict[str, list]]:
        weights = {cid: c.prior for cid, c in self.kb.causes.items()}
        for cid, tried in failed_fixes.items():
            for _step, success in tried:
                weights[cid] *= max(0.0, 1.0 - success)
        hits: dict[str, list] = {}
        seen = set()
        for firing in firings.fired:
            if firing.rule in seen:
                continue  # a rule counts once, whichever of its alternatives matched
            seen.add(firing.rule)
            for concl in self._cause_rules[firing.rule]:
                weights[concl.target] *= concl.ratio
                hits.setdefault(concl.target, []).append((firing, concl))
        return weights, hits

    def _rank(
        self,
        answers: dict[str, Any],
        firings: Firings,
        failed_fixes: Mapping[str, Sequence[tuple[str, float]]] | None = None,
    ) -> Diagnosis:
        failed_fixes = failed_fixes or {}
        weights, hits = self._weights(firings, failed_fixes)
        probs = _normalise(weights, self.kb.other_prior)
        derived = self._derivations(answers, firings)
        known = {**answers, **{f: v for f, (v, _) in firings.derived.items()}}
        ranked, ruled_out = [], []
        for cid, cause in self.kb.causes.items():
            evidence = tuple(self._evidence(f, c, known, derived) for f, c in hits.get(cid, ()))
            if weights[cid] == 0.0:
                why = next((e for e in evidence if e.effect == "rules_out"), None)
                if why is not None:
                    ruled_out.append((cause, why))
                    continue
            tried = tuple(failed_fixes.get(cid, ()))
            ranked.append(RankedCause(cause, probs[cid], evidence, self._fixes[cid], tried))
        ranked.sort(key=lambda rc: (-round(rc.probability, 12), -rc.cause.prior, rc.id))
        warnings = tuple(
            f"rule '{self.kb.rules[r].id}' would set '{f}' to {v!r}, but it is already {known[f]!r}"
            for f, v, r in firings.conflicts
        )
        return Diagnosis(
            self,
            answers,
            tuple(ranked),
            tuple(ruled_out),
            probs[""],
            derived,
            warnings,
            failed_fixes,
        )

    def _derivations(self, answers: dict, firings: Firings) -> dict[str, Evidence]:
        """For each derived fact, the evidence record of the rule that set it (recursively)."""
        out: dict[str, Evidence] = {}
        firing_of = {}
        for f in firings.fired:
            firing_of.setdefault(f.rule, f)
        pending = dict(firings.derived)
        while pending:  # derivations only depend on earlier ones: resolve in rounds
            progress = False
            for fact, (_value, rule) in list(pending.items()):
                firing = firing_of[rule]
                needs = {a.fact for a in self._alternatives[rule][firing.alternative]}
                if any(n in pending for n in needs):
                    continue
                known = {**answers, **{k: v for k, (v, _) in firings.derived.items()}}
                used = self._facts_used(firing, known, out)
                out[fact] = Evidence(self.kb.rules[rule], "set", 1.0, "", used)
                del pending[fact]
                progress = True
            if not progress:
                break
        return out

    def _evidence(self, firing: Any, concl: Any, known: dict, derived: dict) -> Evidence:
        used = self._facts_used(firing, known, derived)
        return Evidence(self.kb.rules[firing.rule], concl.kind, concl.ratio, concl.strength, used)

    def _facts_used(self, firing: Any, known: dict, derived: dict) -> tuple[FactUsed, ...]:
        conj = self._alternatives[firing.rule][firing.alternative]
        out, seen = [], set()
        for atom in conj:
            if atom.fact in seen or atom.fact not in known:
                continue
            seen.add(atom.fact)
            out.append(FactUsed(atom.fact, known[atom.fact], derived.get(atom.fact)))
        return tuple(out)


def _conclusions_by_rule(kb: KnowledgeBase) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(c for c in r.then if c.kind != "set") for r in kb.rules)


def _normalise(weights: Mapping[str, float], other: float) -> dict[str, float]:
    total = sum(weights.values()) + other
    out = {cid: w / total for cid, w in weights.items()}
    out[""] = other / total
    return out


def _order_fixes(kb: KnowledgeBase, cause: Cause) -> tuple[FixStep, ...]:
    """Fix steps by chance of success per minute, best first; prerequisites come first."""
    steps = [FixStep(kb.steps[f.step], f.success) for f in cause.fixes]
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
