"""What a worker remembers between requests so that looking at a call costs no engine turn
and no write: the turn (question, causes, fix) of a session at a seq in a language, and when
each viewer's presence was last written."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

TURNS = 4096  # (session, seq, language) turns kept, least recently used dropped
TOUCH_EVERY = 5.0  # seconds: a viewer's presence is written at most this often (read 15 s back)


class Turns:
    """The turn of (session id, seq, language): a session at a seq is the same everywhere,
    so an entry never goes stale (a write makes a new seq)."""

    def __init__(self, size: int = TURNS):
        self.size = size
        self.hits = self.misses = 0
        self._kept: OrderedDict[tuple[str, int, str], dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sid: str, seq: int, lang: str) -> dict[str, Any] | None:
        """The kept turn, or None."""
        with self._lock:
            got = self._kept.get((sid, seq, lang))
            if got is None:
                self.misses += 1
                return None
            self._kept.move_to_end((sid, seq, lang))
            self.hits += 1
            return got

    def put(self, sid: str, seq: int, lang: str, turn: dict[str, Any]) -> None:
        """Keep a turn (the caller does not change it afterwards)."""
        with self._lock:
            self._kept[(sid, seq, lang)] = turn
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)


class Presence:
    """When this worker last wrote each (session, viewer) presence."""

    def __init__(self, every: float = TOUCH_EVERY):
        self.every = every
        self._at: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def due(self, sid: str, user: str) -> bool:
        """Whether the presence should be written now (and, if so, it counts as written)."""
        now = time.monotonic()
        with self._lock:
            if now - self._at.get((sid, user), -1e9) < self.every:
                return False
            self._at[(sid, user)] = now
            if len(self._at) > 10_000:  # forget viewers long gone
                self._at = {k: t for k, t in self._at.items() if now - t < 60}
            return True
