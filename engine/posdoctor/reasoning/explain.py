"""Explanations: which rules fired, with which facts, down to the answers they rest on.

Built only when asked for (``RankedCause.evidence``, ``Diagnosis.derived``): ranking needs
just the weights, and most diagnoses are read for their top causes only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..engine import Firing, Firings
from ..kb.model import Rule


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


class Explainer:
    """Builds the evidence records of one diagnosis, on demand, once."""

    def __init__(
        self,
        rules: Sequence[Rule],
        alternatives: Sequence[Sequence[tuple[Any, ...]]],
        answers: dict[str, Any],
        firings: Firings,
    ):
        self.rules, self.alternatives = rules, alternatives  # each rule's condition in DNF
        self.answers, self.firings = answers, firings
        self._derivations: dict[str, Evidence] | None = None
        self._known: dict[str, Any] | None = None

    def derived_values(self) -> dict[str, Any]:
        return {f: v for f, (v, _) in self.firings.derived.items()}

    def known(self) -> dict[str, Any]:
        """Answers and derived facts together (built once)."""
        if self._known is None:
            self._known = {**self.answers, **self.derived_values()}
        return self._known

    def evidence(self, hits: Sequence[tuple[Firing, Any]]) -> tuple[Evidence, ...]:
        """Evidence records for (firing, conclusion) pairs."""
        known, derived = self.known(), self.derivations()
        rules = self.rules
        return tuple(
            Evidence(rules[f.rule], c.kind, c.ratio, c.strength, self._used(f, known, derived))
            for f, c in hits
        )

    def derivations(self) -> dict[str, Evidence]:
        """For each derived fact, the evidence of the rule that set it (recursively)."""
        if self._derivations is not None:
            return self._derivations
        out: dict[str, Evidence] = {}
        firing_of: dict[int, Firing] = {}
        for f in self.firings.fired:
            firing_of.setdefault(f.rule, f)
        known = self.known()
        pending = dict(self.firings.derived)
        while pending:  # a derivation depends only on earlier ones: resolve in rounds
            progress = False
            for fact, (_, rule) in list(pending.items()):
                firing = firing_of[rule]
                if any(a.fact in pending for a in self._conjunct(firing)):
                    continue
                used = self._used(firing, known, out)
                out[fact] = Evidence(self.rules[rule], "set", 1.0, "", used)
                del pending[fact]
                progress = True
            if not progress:
                break
        self._derivations = out
        return out

    def _conjunct(self, firing: Firing) -> tuple[Any, ...]:
        return self.alternatives[firing.rule][firing.alternative]

    def _used(self, firing: Firing, known: dict, derived: dict) -> tuple[FactUsed, ...]:
        out, seen = [], set()
        for atom in self._conjunct(firing):
            if atom.fact in seen or atom.fact not in known:
                continue
            seen.add(atom.fact)
            out.append(FactUsed(atom.fact, known[atom.fact], derived.get(atom.fact)))
        return tuple(out)
