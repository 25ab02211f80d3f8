"""Explanations: which rules fired, with which facts, down to the answers they rest on.

Built only when asked for (``RankedCause.evidence``, ``Diagnosis.derived``): ranking needs
just the weights, and most diagnoses are read for their top causes only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from ..engine import Firing, Firings
from ..kb.model import Rule


class FactUsed(NamedTuple):
    """A fact a rule matched: given by a person/log, or derived by another rule."""

    fact: str
    value: Any
    derived_by: Evidence | None = None  # the rule (with its own facts) that derived it


class Evidence(NamedTuple):
    """A rule that fired, what it concluded about a cause, and the facts it matched.

    (Evidence and FactUsed are named tuples, immutable like frozen dataclasses: every
    diagnosis builds dozens of them, and a named tuple is made three times as fast.)"""

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


class Explainer:
    """Builds the evidence records of one diagnosis, on demand, once."""

    def __init__(
        self,
        rules: Sequence[Rule],
        facts_used: Sequence[Sequence[tuple[str, ...]]],
        answers: dict[str, Any],
        firings: Firings,
        conclusions: Sequence[Sequence[tuple[str, float, Any]]] = (),
    ):
        self.rules = rules
        self.facts_used = facts_used  # per rule, per alternative: its distinct facts, in order
        self.answers, self.firings = answers, firings
        self._conclusions = conclusions  # per rule: (cause, ratio, conclusion), in order
        self._first: dict[int, Firing] | None = None
        self._hits: dict[str, list[tuple[Firing, Any]]] | None = None
        self._derivations: dict[str, Evidence] | None = None
        self._known: dict[str, Any] | None = None

    def derived_values(self) -> dict[str, Any]:
        return {f: v for f, (v, _) in self.firings.derived.items()}

    def known(self) -> dict[str, Any]:
        """Answers and derived facts together (built once)."""
        if self._known is None:
            self._known = {**self.answers, **self.derived_values()}
        return self._known

    def hits(self, cause: str) -> tuple[tuple[Firing, Any], ...]:
        """The (firing, conclusion) pairs about ``cause``: each fired rule once, by its first
        alternative that matched, in rule order."""
        if self._hits is None:
            self._hits = self._hits_by_cause()
        return tuple(self._hits.get(cause, ()))

    def evidence(self, hits: Sequence[tuple[Firing, Any]]) -> tuple[Evidence, ...]:
        """Evidence records for (firing, conclusion) pairs."""
        known, derived = self.known(), self.derivations()
        rules, used = self.rules, self._used
        return tuple(
            [
                Evidence(rules[f.rule], c.kind, c.ratio, c.strength, used(f, known, derived))
                for f, c in hits
            ]
        )

    def derivations(self) -> dict[str, Evidence]:
        """For each derived fact, the evidence of the rule that set it (recursively)."""
        if self._derivations is not None:
            return self._derivations
        out: dict[str, Evidence] = {}
        firing_of = self._firing_of()
        known = self.known()
        pending = dict(self.firings.derived)
        while pending:  # a derivation depends only on earlier ones: resolve in rounds
            progress = False
            for fact, (_, rule) in list(pending.items()):
                firing = firing_of[rule]
                if any(f in pending for f in self.facts_used[rule][firing.alternative]):
                    continue
                used = self._used(firing, known, out)
                out[fact] = Evidence(self.rules[rule], "set", 1.0, "", used)
                del pending[fact]
                progress = True
            if not progress:
                break
        self._derivations = out
        return out

    def _firing_of(self) -> dict[int, Firing]:
        """Each fired rule's first alternative that matched, in rule order (built once)."""
        if self._first is None:
            self._first = {}
            for f in self.firings.fired:
                self._first.setdefault(f.rule, f)
        return self._first

    def _hits_by_cause(self) -> dict[str, list[tuple[Firing, Any]]]:
        """Every cause's (firing, conclusion) pairs, from one pass over the fired rules."""
        out: dict[str, list[tuple[Firing, Any]]] = {}
        conclusions = self._conclusions
        for rule, firing in self._firing_of().items():
            for target, _, conclusion in conclusions[rule]:
                if target in out:
                    out[target].append((firing, conclusion))
                else:
                    out[target] = [(firing, conclusion)]
        return out

    def _used(self, firing: Firing, known: dict, derived: dict) -> tuple[FactUsed, ...]:
        """The facts a firing matched, each once, with the derivation of those rules set."""
        get = derived.get
        return tuple(
            [
                FactUsed(fact, known[fact], get(fact))
                for fact in self.facts_used[firing.rule][firing.alternative]
                if fact in known
            ]
        )
