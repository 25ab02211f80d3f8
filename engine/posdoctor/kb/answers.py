"""Check and convert answers (fact values) given by people, files, logs or code."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ..messages import Message, say, words
from .model import Fact, KnowledgeBase
from .problems import UserInputError, closest
from .values import show, span, value_problem

UNKNOWN_WORDS = words("answer.unknown")
TRUE_WORDS = words("answer.true")
FALSE_WORDS = words("answer.false")
LARGEST = 1e15  # beyond this a number is a typo, and durable-rules cannot read it exactly


class FactError(UserInputError):
    """An answer names an unknown fact or has a value the fact cannot take."""


def is_unknown(value: Any) -> bool:
    """True for "no answer": None or a word meaning "don't know"."""
    return value is None or (isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS)


def check_fact_id(kb: KnowledgeBase, fact_id: Any) -> Fact:
    """The fact named ``fact_id``, or FactError with a suggestion."""
    fact = kb.facts.get(fact_id) if isinstance(fact_id, str) else None
    if fact is None:
        close = closest(str(fact_id), kb.facts)
        if close:
            raise FactError(Message("fact.unknown_close", fact=fact_id, close=close))
        raise FactError(Message("fact.unknown", fact=fact_id))
    return fact


def convert(fact: Fact, value: Any) -> Any:
    """``value`` as the fact's type; text from a command line or file is parsed."""
    typed = value.strip() if isinstance(value, str) else repr(value)
    if isinstance(value, str):
        value = _parse(fact, typed)
    if len(typed) > 40:  # as typed, but not ten thousand digits of it
        typed = f"{typed[:20]}… ({len(typed):,} characters)"
    if fact.type == "number" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value) if abs(value) <= LARGEST else math.inf
    if isinstance(value, float) and math.isnan(value):
        raise FactError(Message("fact.nan", fact=fact.id, value=typed))
    if isinstance(value, float) and (not math.isfinite(value) or abs(value) > LARGEST):
        raise FactError(Message("fact.too_large", fact=fact.id, value=typed))
    bad = value_problem(fact, value)
    if bad:
        raise FactError(_problem(fact, value, bad[1]))
    return value


def _problem(fact: Fact, value: Any, hint: str) -> Message:
    """value_problem's finding as a catalogue message (its English is value_problem's own)."""
    if fact.type == "choice":
        choices = [say("fact.choice", "zh", id=c.id, label=c.label.zh) for c in fact.values]
        return Message(
            "fact.not_a_choice",
            fact=fact.id,
            value=show(value),
            hint=hint,
            choices=say("list.sep", "zh").join(choices),
        )
    if fact.type == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return Message("fact.out_of_range", fact=fact.id, value=f"{value:g}", span=span(fact))
    key = {"boolean": "fact.not_yes_no", "number": "fact.not_a_number", "text": "fact.not_text"}
    return Message(key[fact.type], fact=fact.id, value=show(value))


def _parse(fact: Fact, text: str) -> Any:
    if fact.type == "boolean":
        word = text.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise FactError(Message("fact.typed_not_yes_no", fact=fact.id, value=repr(text)))
    if fact.type == "number":
        try:
            return float(text)
        except ValueError:
            if fact.unit:
                message = Message(
                    "fact.typed_not_a_number_unit", fact=fact.id, value=repr(text), unit=fact.unit
                )
            else:
                message = Message("fact.typed_not_a_number", fact=fact.id, value=repr(text))
            raise FactError(message) from None
    if fact.type == "choice":
        for choice in fact.values:
            if text in (choice.id, choice.label.zh, choice.label.en) or text.lower() == choice.id:
                return choice.id
    return text


def check_answers(kb: KnowledgeBase, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Validated answers: unknown facts and bad values raise FactError; "unknown" is dropped."""
    if not isinstance(answers, Mapping):
        raise FactError(Message("fact.not_a_mapping", type=type(answers).__name__))
    out: dict[str, Any] = {}
    for fact_id, value in answers.items():
        fact = check_fact_id(kb, fact_id)
        if is_unknown(value):
            continue
        out[fact.id] = convert(fact, value)
    return out
