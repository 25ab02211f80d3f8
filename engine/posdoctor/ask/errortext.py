"""Error text a caller reads out or pastes, read the way `--log` reads a log (docs/qa.md).

One reading of error text: whatever arrives as the answer to a text question (the error
message) goes through the log recognisers (signatures, code tables, concept terms). What they
recognise is known without asking, and counted once: where a rule's own text pattern knows the
text, the rules weigh the text and what it told only settles those questions; where none does,
the facts it told are weighed in its place (as a log's are). So after "write error: No space
left on device" the question whether the terminal says storage is full is not asked.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from ..kb.model import KnowledgeBase
from ..logs.logscan import LogScanner
from ..reasoning.diagnosis import Doctor

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


def text_rules_know(doctor: Doctor, fact: str, text: str) -> bool:
    """Whether a rule testing ``fact`` fires on ``text`` alone (its own text pattern)."""
    firings = doctor.matcher.evaluate({fact: text})
    return any(fact in doctor.facts_used[f.rule][f.alternative] for f in firings.fired)


def scanner(kb: KnowledgeBase) -> LogScanner:
    """The knowledge base's log scanner, compiled once per knowledge base."""
    found = _SCANNERS.get(kb.digest)
    if found is None:
        with _LOCK:
            found = _SCANNERS.get(kb.digest)
            if found is None:
                found = _SCANNERS[kb.digest] = LogScanner(kb)
    return found
