"""One reading of error text: what a person types or pastes as the error message goes through
the knowledge base's log signatures, as ``--log`` does (docs/qa.md, "One reading of error text").

The facts the signatures set are recorded with the answer (``"read"`` in its event), so a question
whose answer the text already gave is not asked; they count once, like a log's facts, and a
later answer to the same fact wins over them.
"""

from __future__ import annotations

import threading
from typing import Any

from ..kb.model import KnowledgeBase
from ..logs.logscan import LogScanner

_SCANNERS: dict[int, tuple[KnowledgeBase, LogScanner]] = {}  # one per knowledge base in use
_LOCK = threading.Lock()
_KEEP = 4  # knowledge bases whose scanners are kept


def scanner(kb: KnowledgeBase) -> LogScanner:
    """The signatures of ``kb`` compiled once (kept for the last few knowledge bases)."""
    with _LOCK:
        found = _SCANNERS.get(id(kb))
        if found is None or found[0] is not kb:
            if len(_SCANNERS) >= _KEEP:
                _SCANNERS.pop(next(iter(_SCANNERS)))
            found = _SCANNERS[id(kb)] = (kb, LogScanner(kb))
        return found[1]


def read_text(kb: KnowledgeBase, text: str) -> dict[str, Any]:
    """The facts the log signatures read out of an error text (each line on its own)."""
    evidence = scanner(kb).scan_lines(text.splitlines() or [text], source="error text")
    return dict(evidence.facts)


def reads_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The facts read out of the error texts in force: the latest reading of each text fact
    (none once it is changed to unknown), later texts winning."""
    latest: dict[str, dict[str, Any]] = {}
    for e in events:
        if e["kind"] in ("given", "answer", "change") and "read" in e:
            latest[e["fact"]] = e["read"]
        elif e["kind"] in ("given", "answer", "change") and e["fact"] in latest:
            latest.pop(e["fact"])  # the text was revised to one that reads nothing, or unknown
    out: dict[str, Any] = {}
    for read in latest.values():
        out.update(read)
    return out
