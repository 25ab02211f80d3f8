"""A rule's tests and strength in words, in Chinese or English (words from the catalogue)."""

from __future__ import annotations

from typing import Any

from ..kb.model import Atom, KnowledgeBase
from ..messages import MESSAGES, say

# a rule's strength in words (catalogue keys)
STRENGTHS = {
    "weak": "strength.weak",
    "moderate": "strength.moderate",
    "strong": "strength.strong",
    "very_strong": "strength.very_strong",
}


def category_label(category: str, lang: str) -> str:
    """A category's name in ``lang`` (its id when the category is not one of the fixed ones)."""
    key = f"category.{category}"
    return say(key, lang) if key in MESSAGES else category


def strength(name: str, lang: str) -> str:
    """A rule's strength (weak ... very_strong) in ``lang``."""
    return say(STRENGTHS[name], lang)


def atom_phrase(kb: KnowledgeBase, atom: Atom, lang: str) -> str:
    """One test of a rule in words, e.g. "Packet loss > 10%" or "Network connected: no"."""
    fact = kb.facts[atom.fact]
    name, sep = fact.label(lang), say("handbook.colon", lang)
    neg = say("phrase.not", lang) if atom.negated else ""
    if atom.op in ("present", "absent"):
        return name + sep + say("phrase.known" if atom.op == "present" else "phrase.unknown", lang)
    if atom.op == "matches":
        return f"{name} {neg}{say('phrase.matches', lang)} “{atom.value}”"
    if atom.op == "range":
        return f"{name} {range_phrase(atom, lambda v: fact.value_label(v, lang), lang)}"
    values = atom.value if atom.op == "in" else (atom.value,)
    either = f" {say('phrase.or', lang)} "
    return name + sep + neg + either.join(fact.value_label(v, lang) for v in values)


def range_phrase(atom: Atom, shown: Any, lang: str) -> str:
    lo, lo_in, hi, hi_in = atom.value
    negated = atom.negated
    if negated and (lo is None) != (hi is None):  # "not above x" is "at most x"
        lo, lo_in, hi, hi_in = (
            (hi, not hi_in, None, False) if lo is None else (None, False, lo, not lo_in)
        )
        negated = False
    parts = [("≥ " if lo_in else "> ") + shown(lo)] if lo is not None else []
    parts += [("≤ " if hi_in else "< ") + shown(hi)] if hi is not None else []
    text = ", ".join(parts)
    return f"{say('phrase.not', lang)}({text})" if negated else text
