"""Concept terms: bilingual words that recognise a failure no signature names (terms.yaml).

A term fires on a line holding one of its words and, when it has cues, one of its cues (a
failure word). Its facts are weaker than a signature's: they fill only facts no signature set,
a signature's value replaces them, and the evidence says they came from a term."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import ahocorasick
import yaml

from ..kb.answers import FactError, convert
from ..kb.model import KnowledgeBase

TERMS_FILE = "terms.yaml"
PREFIX = "term:"  # how a term's evidence is named, next to the signatures' ids
ECHO_REST = 8  # letters or digits besides an echo phrase that make a message more than an echo


@dataclass(frozen=True)
class Term:
    """One concept: its words, its failure cues (empty: the words suffice), its facts and the
    terms it yields to (it does not fire on a line where one of them fires)."""

    id: str
    words: tuple[str, ...]
    cues: tuple[str, ...]
    sets: dict[str, Any]
    yields_to: tuple[str, ...] = ()


class TermError(ValueError):
    """terms.yaml names a fact, value or source the knowledge base does not have."""


def _read(text: str | None) -> dict[str, Any]:
    """terms.yaml (or ``text``) as data."""
    if text is None:
        text = resources.files(__package__).joinpath(TERMS_FILE).read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


def load_echoes(text: str | None = None) -> tuple[str, ...]:
    """The phrases that only echo a failure (terms.yaml ``echoes``), in lower case."""
    echoes = _read(text).get("echoes") or {}
    return tuple(str(p).lower() for p in echoes.get("phrases") or ())


def load_terms(kb: KnowledgeBase, text: str | None = None, *, strict: bool = False) -> list[Term]:
    """The terms of terms.yaml (or ``text``) whose facts and sources ``kb`` has (a smaller KB
    uses the terms it can); ``strict``: TermError for any term it cannot use."""
    out = []
    items = _read(text)["terms"]
    ids = {str(item.get("id")) for item in items}
    for i, item in enumerate(items):
        try:
            out.append(_term(kb, item, f"{TERMS_FILE}: term {i + 1} ({item.get('id', '?')})", ids))
        except TermError:
            if strict:
                raise
    return out


def _term(kb: KnowledgeBase, item: dict[str, Any], where: str, ids: set[str]) -> Term:
    """One term of terms.yaml, checked against ``kb`` (``ids``: the terms it may yield to)."""
    sets = {}
    for fact_id, value in item["sets"].items():
        if fact_id not in kb.facts:
            raise TermError(f"{where}: unknown fact '{fact_id}'")
        try:
            sets[fact_id] = convert(kb.facts[fact_id], value)
        except FactError as exc:
            raise TermError(f"{where}: {exc}") from None
    unknown = [s for s in item["source"] if s not in kb.sources]
    if unknown:
        raise TermError(f"{where}: unknown source '{unknown[0]}'")
    yields = tuple(str(y) for y in item.get("yields_to") or ())
    unknown_terms = [y for y in yields if y not in ids]
    if unknown_terms:
        raise TermError(f"{where}: yields to an unknown term '{unknown_terms[0]}'")
    words = tuple(str(w).lower() for w in item["words"])
    cues = tuple(str(c).lower() for c in item.get("cues") or ())
    return Term(item["id"], words, cues, sets, yields)


def bounded(line: str, start: int, end: int) -> bool:
    """Whether line[start:end] stands as a word (ASCII letters and digits do not run on)."""
    before = line[start - 1] if start else " "
    after = line[end] if end < len(line) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


class TermMatcher:
    """All terms' words and cues in one Aho-Corasick automaton, and the echo phrases."""

    def __init__(self, terms: list[Term], echoes: tuple[str, ...] = ()):
        self.terms = terms
        self._echoes = ahocorasick.Automaton()
        for phrase in echoes:
            self._echoes.add_word(phrase, phrase)
        if echoes:
            self._echoes.make_automaton()
        self._no_echoes = not echoes
        self.words: dict[str, list[int]] = {}  # word -> the terms using it (the scanner's
        for index, term in enumerate(terms):  # keyword automaton looks for them)
            for word in term.words:
                self.words.setdefault(word, []).append(index)
        self._words = _automaton([(w, i) for i, t in enumerate(terms) for w in t.words])
        self._cues = _automaton([(c, i) for i, t in enumerate(terms) for c in t.cues])

    def is_echo(self, matched: str) -> bool:
        """Whether a recognised piece of text only echoes a failure: without its echo phrases,
        paths and numbers, fewer than ECHO_REST letters or digits are left."""
        if self._no_echoes:
            return False
        rest = matched.lower()
        found = False
        for _end, phrase in self._echoes.iter(rest):
            rest, found = rest.replace(phrase, " "), True
        if not found:
            return False
        words = (w for w in rest.split() if "/" not in w and not w.strip("().:;,").isdigit())
        return sum(ch.isalnum() for w in words for ch in w) < ECHO_REST

    def match(self, lowered: str) -> list[Term]:
        """The terms that fire on one line (lower case), in the order of terms.yaml."""
        words = _hits(self._words, lowered)
        return self.fire(words, [lowered]) if words else []

    def fire(self, words: set[int], texts: list[str]) -> list[Term]:
        """Of the terms whose words a line holds, those that fire: no cues, or one of their
        cues in one of the line's ``texts`` (lower case), and none of the terms they yield to
        firing too, in the order of terms.yaml."""
        cues: set[int] = set()
        if any(self.terms[i].cues for i in words):
            for text in texts:
                cues |= _hits(self._cues, text)
        fired = [self.terms[i] for i in sorted(words) if not self.terms[i].cues or i in cues]
        ids = {t.id for t in fired}
        return [t for t in fired if not ids.intersection(t.yields_to)]


def _automaton(keys: list[tuple[str, int]]) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton of (key, term index) pairs: key -> the terms using it."""
    if not keys:
        return None
    uses: dict[str, list[int]] = {}
    for key, index in keys:
        uses.setdefault(key, []).append(index)
    automaton = ahocorasick.Automaton()
    for key, indexes in uses.items():
        automaton.add_word(key, (key, tuple(indexes)))
    automaton.make_automaton()
    return automaton


def _hits(automaton: ahocorasick.Automaton | None, lowered: str) -> set[int]:
    """The terms whose keys stand as words in a line."""
    out: set[int] = set()
    if automaton is None:
        return out
    for end, (key, indexes) in automaton.iter(lowered):
        if key.isascii() and not bounded(lowered, end - len(key) + 1, end + 1):
            continue
        out.update(indexes)
    return out
