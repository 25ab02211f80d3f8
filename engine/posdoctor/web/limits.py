"""Per-user rate limits on writes (answers, changes, new calls …): a token bucket per user in
each worker process. A person at the desk writes a few times a minute; a script gone wrong or a
stolen login writing hundreds is slowed to the limit (429 with Retry-After).

POSDOCTOR_WRITE_LIMIT sets the writes per minute per user and worker (default 120; 0 turns
the limit off). The bucket holds a minute's worth, so a burst of that size passes at once. With
N workers a user may reach N times the limit (the buckets are in memory, not in the store, so
that counting costs no write)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

DEFAULT_PER_MINUTE = 120


def per_minute_from_env() -> float:
    """POSDOCTOR_WRITE_LIMIT, else the default (a bad value is the default too)."""
    text = os.environ.get("POSDOCTOR_WRITE_LIMIT", "")
    try:
        return max(0.0, float(text)) if text else DEFAULT_PER_MINUTE
    except ValueError:
        return DEFAULT_PER_MINUTE


class WriteLimit:
    """A token bucket per user: ``per_minute`` tokens a minute, holding at most that many."""

    def __init__(
        self, per_minute: float | None = None, clock: Callable[[], float] = time.monotonic
    ):
        """``clock``: seconds, monotonic (tests pass one that stands still)."""
        self.per_minute = per_minute_from_env() if per_minute is None else per_minute
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # user: (tokens, at)
        self._lock = threading.Lock()

    def wait_for(self, user: str) -> float:
        """0 when ``user`` may write now (a token is taken); else the seconds until they may."""
        if self.per_minute <= 0:
            return 0.0
        now, rate, cap = self._clock(), self.per_minute / 60.0, self.per_minute
        with self._lock:
            tokens, at = self._buckets.get(user, (cap, now))
            tokens = min(cap, tokens + (now - at) * rate)
            if tokens >= 1.0:
                self._buckets[user] = (tokens - 1.0, now)
                return 0.0
            self._buckets[user] = (tokens, now)
            return (1.0 - tokens) / rate
