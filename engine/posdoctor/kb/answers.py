"""Check and convert answers (fact values) given by people, files, logs or code."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .model import Fact, KnowledgeBase
from .problems import UserInputError, closest
from .values import show, span, value_problem

UNKNOWN_WORDS = frozenset({"unknown", "?", "dont_know", "don't know", "不知道", "未知", "不清楚"})
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "是", "对", "有", "能", "可以"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "否", "不", "没有", "不能", "不可以"})
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
        hint = f" (did you mean '{close}'?)" if close else " (see 'posdoctor kb list facts')"
        hint_zh = f"（是不是 '{close}'？）" if close else "（见 'posdoctor kb list facts'）"
        raise FactError(f"unknown fact '{fact_id}'{hint}", f"没有名为 '{fact_id}' 的事实{hint_zh}")
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
        raise FactError(f"'{fact.id}': {typed} is not a number", f"'{fact.id}'：{typed} 不是数字")
    if isinstance(value, float) and (not math.isfinite(value) or abs(value) > LARGEST):
        raise FactError(
            f"'{fact.id}': {typed} is too large: a number must be finite and at most 1e15",
            f"'{fact.id}'：{typed} 太大：数字必须是有限的，且不超过 1e15",
        )
    bad = value_problem(fact, value)
    if bad:
        hint = f" ({bad[1]})" if bad[1] else ""
        raise FactError(f"{bad[0]}{hint}", _problem_zh(fact, value))
    return value


def _problem_zh(fact: Fact, value: Any) -> str:
    """value_problem's message in Chinese, for the people answering in Chinese."""
    if fact.type == "choice":
        choices = "、".join(f"{c.id}（{c.label.zh}）" for c in fact.values)
        return f"{value!r} 不是 '{fact.id}' 的可选回答（可选：{choices}）"
    if fact.type == "number" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g} 超出 '{fact.id}' 的取值范围 {span(fact)}"
    kind = {"boolean": "“是”或“否”", "number": "一个数字", "text": "一段文字", "choice": "一个选项"}
    return f"'{fact.id}' 应回答{kind[fact.type]}（收到 {show(value)}）"


def _parse(fact: Fact, text: str) -> Any:
    if fact.type == "boolean":
        word = text.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise FactError(
            f"'{fact.id}' is yes/no: expected true or false (got {text!r})",
            f"'{fact.id}' 请回答 是 / 否 / 不知道（收到 {text!r}）",
        )
    if fact.type == "number":
        try:
            return float(text)
        except ValueError:
            unit = f" in {fact.unit.en}" if fact.unit else ""
            unit_zh = f"（单位：{fact.unit.zh}）" if fact.unit else ""
            raise FactError(
                f"'{fact.id}' is a number{unit} (got {text!r})",
                f"'{fact.id}' 需要一个数字{unit_zh}（收到 {text!r}）",
            ) from None
    if fact.type == "choice":
        for choice in fact.values:
            if text in (choice.id, choice.label.zh, choice.label.en) or text.lower() == choice.id:
                return choice.id
    return text


def check_answers(kb: KnowledgeBase, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Validated answers: unknown facts and bad values raise FactError; "unknown" is dropped."""
    if not isinstance(answers, Mapping):
        raise FactError(
            f"facts must be a mapping of fact ids to values (got {type(answers).__name__})"
        )
    out: dict[str, Any] = {}
    for fact_id, value in answers.items():
        fact = check_fact_id(kb, fact_id)
        if is_unknown(value):
            continue
        out[fact.id] = convert(fact, value)
    return out
