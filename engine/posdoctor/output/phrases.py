"""The handbook's fixed words and a rule's tests in words, in Chinese or English."""

from __future__ import annotations

from typing import Any

from ..kb.model import Atom, KnowledgeBase

WORDS = {
    "not": ("不是", "not "),
    "or": ("或", "or"),
    "known": ("已知", "known"),
    "unknown": ("未知", "unknown"),
    "matches": ("包含", "contains"),
    "sep": ("：", ": "),
    "weak": ("弱", "weak"),
    "moderate": ("中等", "moderate"),
    "strong": ("强", "strong"),
    "very_strong": ("很强", "very strong"),
    "open": ("尚无明显原因，继续提问", "No clear cause yet: keep asking"),
    "title": ("故障排查手册", "Troubleshooting handbook"),
}


def word(key: str, lang: str) -> str:
    """A fixed word of the handbook in ``lang``."""
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


def atom_phrase(kb: KnowledgeBase, atom: Atom, lang: str) -> str:
    """One test of a rule in words, e.g. "Packet loss > 10%" or "Network connected: no"."""
    fact = kb.facts[atom.fact]
    name, sep, neg = fact.label(lang), word("sep", lang), word("not", lang) if atom.negated else ""
    if atom.op in ("present", "absent"):
        return name + sep + word("known" if atom.op == "present" else "unknown", lang)
    if atom.op == "matches":
        return f"{name} {neg}{word('matches', lang)} “{atom.value}”"
    if atom.op == "range":
        return f"{name} {range_phrase(atom, lambda v: fact.value_label(v, lang), lang)}"
    values = atom.value if atom.op == "in" else (atom.value,)
    either = f" {word('or', lang)} "
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
    return f"{word('not', lang)}({text})" if negated else text
