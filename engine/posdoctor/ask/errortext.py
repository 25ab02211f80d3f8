"""Error text a caller reads out or pastes, read the way `--log` reads a log (docs/qa.md).

One reading of error text: whatever arrives as the answer to a text question (the error
message) goes through the log recognisers (signatures, code tables, concept terms), and what
they recognise is known without asking. So after "write error: No space left on device" the
question whether the terminal says storage is full is not asked: the text said so. The text
itself stays for the rules' own text patterns too: on the scenarios that measure it, weighing
the recognised facts in place of the text lost what the recognisers only half read (a Chinese
"download failed: not enough storage" is recognised as a download failure only), so where a
recogniser and a text rule read the same thing, that evidence counts twice (docs/qa.md).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

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


def scanner(kb: KnowledgeBase) -> LogScanner:
    """The knowledge base's log scanner, compiled once per knowledge base."""
    found = _SCANNERS.get(kb.digest)
    if found is None:
        with _LOCK:
            found = _SCANNERS.get(kb.digest)
            if found is None:
                found = _SCANNERS[kb.digest] = LogScanner(kb)
    return found
