"""Error text a caller reads out or pastes, read the way `--log` reads a log (docs/qa.md).

One reading of error text: whatever arrives as the answer to a text question (the error
message) goes through the log recognisers (signatures, code tables, concept terms), and what
they recognise is known without asking. So after "write error: No space left on device" the
question whether the terminal says storage is full is not asked: the text said so. The text
itself stays for the rules' own text patterns. Each such rule names, as `absent`, the facts a
recogniser tells for the same message, and a message is counted once:

- an answer to that fact counts, not the pattern (the `absent` test fails);
- where a pattern and a recogniser read the same message, one of the two readings is weighed,
  the one that tells more (``pattern_read``): through the told facts, or through the pattern
  with those facts known (so not asked) but withheld from the rules (``Session.withheld``);
- a fact no pattern reads is weighed as an answer would be, and a pattern whose facts no
  recogniser told reads the rest (a Chinese "download failed: not enough storage" is a
  download failure to a signature and a storage message to a pattern).

tests/test_fixing.py checks, for every signature example, that no cause gets both.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..kb.conditions import atoms_of, facts_of
from ..kb.model import KnowledgeBase
from ..logs.logscan import LogScanner

_SCANNERS: dict[str, LogScanner] = {}  # knowledge-base digest -> its compiled scanner
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Reading:
    """What an error text told: facts, and the signatures (or terms) that recognised it."""

    facts: dict[str, Any]
    by: tuple[str, ...]


def read_error_text(kb: KnowledgeBase, text: str) -> Reading:
    """The facts the log recognisers read in ``text`` (empty when they know none of it)."""
    ev = scanner(kb).scan_lines(text.splitlines(), "error text")
    by = tuple(dict.fromkeys(m.signature for m in ev.matches))
    return Reading(dict(ev.facts), by)


def pattern_read(doctor: Any, fact: str, text: str, told: Mapping[str, Any]) -> frozenset[str]:
    """Of the facts ``told`` by the recognisers in ``text`` (the answer to ``fact``), those to
    weigh through the rules on the text's own patterns instead: the patterns that hold on the
    text alone name them ``absent`` (the same message, read twice), and of the two readings,
    through the told facts or through the patterns, the one that tells more (the lower entropy
    of the causes given the text alone) is weighed. Empty: weigh the told facts."""
    kb, covered = doctor.kb, set[str]()
    for firing in doctor.python.evaluate({fact: text}).fired:
        when = kb.rules[firing.rule].when
        if fact in facts_of(when):
            covered.update(a.fact for a in atoms_of(when) if a.op == "absent")
    covered.intersection_update(told)
    if not covered:
        return frozenset()
    facts = {fact: text, **told}
    patterns = {k: v for k, v in facts.items() if k not in covered}
    if _entropy(doctor, patterns) < _entropy(doctor, facts):
        return frozenset(covered)
    return frozenset()


def _entropy(doctor: Any, facts: Mapping[str, Any]) -> float:
    """Bits of uncertainty left about the cause ("another cause" included) given ``facts``."""
    weights = doctor.weights(facts)
    total = sum(weights.values())
    return -sum(w / total * math.log2(w / total) for w in weights.values() if w > 0)


def scanner(kb: KnowledgeBase) -> LogScanner:
    """The knowledge base's log scanner, compiled once per knowledge base."""
    found = _SCANNERS.get(kb.digest)
    if found is None:
        with _LOCK:
            found = _SCANNERS.get(kb.digest)
            if found is None:
                found = _SCANNERS[kb.digest] = LogScanner(kb)
    return found
