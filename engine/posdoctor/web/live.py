"""Live updates without a store query per viewer: one watcher thread per worker process wakes
the streams (SSE) subscribed to the sessions that changed.

- PostgreSQL: ``LISTEN posdoctor_events`` on one psycopg 3 connection; the store sends
  ``pg_notify`` inside each writing transaction, so it arrives at commit (from any worker or
  host), never for a rolled-back write.
- SQLite: one look at the newest event id every POLL seconds (an index lookup, no write, no
  engine turn), however many people are watching; on a change, which sessions moved.

A subscription is made before the stream's first read and kept until it ends, so a write
between a read and the next wait still wakes it. The watcher stops when nobody has
subscribed for IDLE seconds and starts again with the next subscription.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from typing import Any

from ..store import Store
from ..store.store import CHANNEL

POLL = 0.1  # SQLite: seconds between looks at the newest event id
IDLE = 5.0  # the watcher stops after this long without subscribers
ANY = "*"  # subscribe to every session (the lead's board)
LOG = logging.getLogger("posdoctor.web")


class Subscription:
    """One stream's interest in a session (or ANY): a flag the watcher raises."""

    def __init__(self, hub: Hub, sid: str, loop: asyncio.AbstractEventLoop):
        self.hub, self.sid, self.loop = hub, sid, loop
        self.flag = asyncio.Event()

    async def wait(self, timeout: float) -> bool:
        """Whether the session changed within ``timeout`` seconds (the flag is lowered)."""
        try:
            await asyncio.wait_for(self.flag.wait(), timeout)
        except TimeoutError:
            return False
        self.flag.clear()
        return True

    def raise_flag(self) -> None:
        """From the watcher's thread: wake the stream on its own event loop."""
        with contextlib.suppress(RuntimeError):  # a closed loop: the stream is gone
            self.loop.call_soon_threadsafe(self.flag.set)

    def close(self) -> None:
        """The stream ended."""
        self.hub.unsubscribe(self)


class Hub:
    """The process's watcher: subscriptions by session id, woken when it changes."""

    def __init__(self, store: Store):
        self.store = store
        self.looks = 0  # store queries the watcher made (the tests count them)
        self._subs: dict[str, set[Subscription]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def subscribe(self, sid: str) -> Subscription:
        """Wake me when ``sid`` (or, for ANY, any session) changes; starts the watcher."""
        sub = Subscription(self, sid, asyncio.get_running_loop())
        with self._lock:
            self._subs.setdefault(sid, set()).add(sub)
            if self._thread is None:
                self._stop.clear()
                self._start_locked()
        return sub

    def _start_locked(self) -> None:
        """Start the watcher thread (the lock is held)."""
        self._thread = threading.Thread(target=self._run, name="posdoctor-live", daemon=True)
        self._thread.start()

    def unsubscribe(self, sub: Subscription) -> None:
        """Forget a subscription."""
        with self._lock:
            subs = self._subs.get(sub.sid)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._subs[sub.sid]

    def stop(self) -> None:
        """Stop the watcher (the app shuts down)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def wake(self, sids: set[str] | None) -> None:
        """Raise the flags of the subscriptions to ``sids`` and to ANY (None: all of them)."""
        with self._lock:
            if sids is None:
                targets = [s for subs in self._subs.values() for s in subs]
            else:
                targets = [s for sid in (*sids, ANY) for s in self._subs.get(sid, ())]
        for sub in targets:
            sub.raise_flag()

    def _idle(self, since: list[float]) -> bool:
        """Whether nobody has subscribed for IDLE seconds (``since``: when it became empty)."""
        with self._lock:
            empty = not self._subs
        now = time.monotonic()
        if not empty:
            since[0] = now
        return empty and now - since[0] >= IDLE

    def _run(self) -> None:
        """The watcher thread: LISTEN on PostgreSQL, look at the newest event id on SQLite."""
        try:
            if self.store.engine.dialect.name == "postgresql":
                self._listen()
            else:
                self._poll()
        except Exception:  # never take the worker down; the streams fall back to their timeout
            LOG.exception("live updates stopped")
        finally:
            with self._lock:  # a subscriber who came while it was stopping gets a new one
                self._thread = None
                if self._subs and not self._stop.is_set():
                    self._start_locked()

    def _poll(self) -> None:
        """SQLite: wake the sessions with events newer than the last look."""
        last, since = self.store.latest_event_id(), [time.monotonic()]
        while not self._stop.wait(POLL) and not self._idle(since):
            newest = self.store.latest_event_id()
            self.looks += 1
            if newest != last:
                moved = self.store.changed_since(last) if newest > last else None
                self.looks += 1
                last = newest
                self.wake(moved)

    def _listen(self) -> None:
        """PostgreSQL: LISTEN; reconnect after a lost connection (and wake everyone, since a
        notification may have been missed meanwhile)."""
        import psycopg

        url = self.store.engine.url.set(drivername="postgresql")
        dsn = url.render_as_string(hide_password=False)
        since = [time.monotonic()]
        while not self._stop.is_set() and not self._idle(since):
            try:
                with psycopg.connect(dsn, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.wake(None)
                    self._notifications(conn, since)
                    return
            except psycopg.OperationalError as exc:
                LOG.warning("live updates: %s; listening again in 1 s", exc)
                self.wake(None)
                self._stop.wait(1.0)

    def _notifications(self, conn: Any, since: list[float]) -> None:
        """Hand each notification's session id to its subscribers until idle or stopped."""
        while not self._stop.is_set() and not self._idle(since):
            for note in conn.notifies(timeout=1.0):
                self.wake({note.payload})
