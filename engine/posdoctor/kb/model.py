"""The knowledge base as frozen records: facts, causes, steps, rules, signatures and the rest."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..messages import say

CATEGORIES = (
    "network",
    "hardware",
    "software",
    "security_policy",
    "configuration",
    "server",
    "package",
)
LANGS = ("zh", "en")
FACT_TYPES = ("boolean", "choice", "number", "text")
# The likelihood ratio of each strength word: the words' first numbers (2, 4, 10, 50) raised to
# EVIDENCE_POWER, fit on the dev calls (tests/calls/dev; docs/scoring.md, "Calibration"): with the
# first numbers the rules' evidence was too weak against the priors and "another cause".
EVIDENCE_POWER = 1.25
WORD_RATIOS = MappingProxyType({"weak": 2.0, "moderate": 4.0, "strong": 10.0, "very_strong": 50.0})
STRENGTHS = MappingProxyType(
    {word: round(ratio**EVIDENCE_POWER, 2) for word, ratio in WORD_RATIOS.items()}
)


@dataclass(frozen=True)
class Text:
    """A text people read, in Chinese and English."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Origin:
    """Where an item was written: file and line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class SourceRef:
    ref: str
    section: str = ""


@dataclass(frozen=True)
class Choice:
    id: str
    label: Text


@dataclass(frozen=True)
class Fact:
    """Something observed about the terminal; asked as a question unless derived."""

    id: str
    type: str
    label: Text
    question: Text
    check: tuple[Text, ...]
    minutes: float  # to check it (YAML key: cost)
    values: tuple[Choice, ...] = ()
    unit: Text | None = None
    min: float | None = None
    max: float | None = None
    derived_from: tuple[str, ...] = ()
    ask: bool = True
    source: tuple[SourceRef, ...] = ()
    origin: Origin = Origin("", 0)
    reliability: float = 0.9  # the chance an answer is right (docs/qa.md, answer noise)

    @property
    def derived(self) -> bool:
        return bool(self.derived_from)

    def value_ids(self) -> tuple[Any, ...]:
        """Every value a boolean or choice fact can take."""
        if self.type == "boolean":
            return (True, False)
        return tuple(c.id for c in self.values)

    def value_label(self, value: Any, lang: str) -> str:
        """A person-readable rendering of ``value``."""
        for choice in self.values:
            if choice.id == value:
                return choice.label(lang)
        if isinstance(value, bool):
            return say("answer.yes" if value else "answer.no", lang)
        unit = self.unit(lang) if self.unit else ""
        return f"{value:g}{unit}" if isinstance(value, float) else f"{value}{unit}"


@dataclass(frozen=True)
class FixRef:
    """A cause's fix step by reference: the step's id (YAML key: step) and its chance of
    success for this cause."""

    step_id: str
    success: float


@dataclass(frozen=True)
class Cause:
    """A reason a remote update fails."""

    id: str
    category: str
    title: Text
    description: Text
    prior: float
    fixes: tuple[FixRef, ...]
    escalate_to: str
    prevention: tuple[str, ...] = ()
    source: tuple[SourceRef, ...] = ()
    origin: Origin = Origin("", 0)


@dataclass(frozen=True)
class Step:
    """One fix action, with how long it takes and how to verify it worked."""

    id: str
    title: Text
    do: tuple[Text, ...]
    minutes: float
    verify: Text
    risky: bool = False
    warning: Text | None = None
    requires: tuple[str, ...] = ()
    source: tuple[SourceRef, ...] = ()
    origin: Origin = Origin("", 0)


# ---- conditions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Atom:
    """A test of one fact: ``op`` is is, in, range, matches, present or absent."""

    fact: str
    op: str
    value: Any = None  # is: value; in: tuple; range: (lo, lo_incl, hi, hi_incl); matches: pattern
    negated: bool = False  # only after negation is pushed down: "known and the test fails"
    at: tuple = field(default=(), compare=False, repr=False)  # YAML key path, for messages


@dataclass(frozen=True)
class All:
    items: tuple[Any, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Any, ...]


@dataclass(frozen=True)
class Not:
    item: Any


Condition = Atom | All | AnyOf | Not


@dataclass(frozen=True)
class Conclusion:
    """What a rule concludes: supports/opposes/rules_out a cause, or sets a fact."""

    kind: str  # supports | opposes | rules_out | set
    target: str
    strength: str = ""
    value: Any = None

    @property
    def ratio(self) -> float:
        """The likelihood ratio this conclusion multiplies a cause's odds by."""
        if self.kind == "supports":
            return STRENGTHS[self.strength]
        if self.kind == "opposes":
            return 1.0 / STRENGTHS[self.strength]
        return 0.0 if self.kind == "rules_out" else 1.0


@dataclass(frozen=True)
class Rule:
    id: str
    when: Condition
    then: tuple[Conclusion, ...]
    because: Text | None = None
    source: tuple[SourceRef, ...] = ()
    origin: Origin = Origin("", 0)


@dataclass(frozen=True)
class Capture:
    """A signature value taken from a named group of the pattern."""

    group: str


@dataclass(frozen=True)
class Signature:
    id: str
    pattern: str
    sets: Mapping[str, Any]
    examples: tuple[str, ...]
    source: tuple[SourceRef, ...] = ()
    origin: Origin = Origin("", 0)


@dataclass(frozen=True)
class Practice:
    id: str
    text: Text
    source: tuple[SourceRef, ...] = ()
    origin: Origin = Origin("", 0)


@dataclass(frozen=True)
class Team:
    id: str
    name: Text
    origin: Origin = Origin("", 0)


@dataclass(frozen=True)
class Source:
    id: str
    title: Text
    url: str = ""
    origin: Origin = Origin("", 0)


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the system knows; immutable once loaded."""

    facts: Mapping[str, Fact]
    causes: Mapping[str, Cause]
    steps: Mapping[str, Step]
    rules: tuple[Rule, ...]
    signatures: tuple[Signature, ...]
    practices: Mapping[str, Practice]
    teams: Mapping[str, Team]
    sources: Mapping[str, Source]
    location: str = ""
    digest: str = ""
    warnings: tuple[Any, ...] = field(default=(), compare=False)

    def __getstate__(self) -> dict[str, Any]:
        """Plain dicts instead of read-only views, so the KB can be cached (pickled)."""
        return {
            k: dict(v) if isinstance(v, MappingProxyType) else v for k, v in self.__dict__.items()
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k, v in state.items():
            object.__setattr__(self, k, MappingProxyType(v) if isinstance(v, dict) else v)

    @property
    def other_prior(self) -> float:
        """Probability mass left for a cause the knowledge base does not describe."""
        return max(0.0, 1.0 - sum(c.prior for c in self.causes.values()))
