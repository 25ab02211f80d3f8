"""The store: open (and migrate) a database; sessions with append-only events."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, or_, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session as Tx

from ..messages import Message
from .accounts import Accounts
from .chain import GENESIS, dumps, link, utcnow
from .db import is_sqlite, make_engine, upgrade
from .errors import Conflict, Deleted, NotFound, StoreFailure
from .models import Event, Presence, StoredSession
from .tx import _Guard, _why, describe, event_dict, safe_url

CHANNEL = "posdoctor_events"  # PostgreSQL NOTIFY channel: the payload is a changed session's id


@dataclass(frozen=True)
class Appended:
    """An event written (or found again by its idempotency key: ``replayed``)."""

    seq: int
    event_id: int
    result: Any
    replayed: bool = False


class Store(Accounts):
    """Help-desk sessions, users and the audit log in one database."""

    def __init__(self, engine: Engine, url: str):
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str, migrate: bool = True) -> Store:
        """The store at ``url``, migrated to the newest schema unless ``migrate`` is False."""
        engine = make_engine(url)
        try:
            if migrate:
                upgrade(engine)
        except SQLAlchemyError as exc:
            raise StoreFailure(
                Message("db.cannot_open", url=safe_url(url), why=_why(exc))
            ) from None
        return cls(engine, url)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def tx(self, write: bool = False) -> Tx:
        """An ORM transaction; ``write`` takes SQLite's write lock at BEGIN (never mid-way)."""
        conn = self.engine.connect().execution_options(write=write)
        return Tx(bind=conn, expire_on_commit=False)

    # ---- sessions -----------------------------------------------------------------------------
    def create_session(self, row: dict[str, Any], actor: str, body: dict[str, Any]) -> Appended:
        """A new session at seq 1 (its "start" event); Deleted if that id was deleted before."""
        now = utcnow()
        with self._writing() as tx:
            old = tx.get(StoredSession, row["id"])
            if old is not None and old.deleted:
                raise Deleted(Message("store.deleted", id=row["id"]))
            if old is not None:
                raise Conflict(Message("store.exists", id=row["id"]), old.seq, None)
            data = row.pop("data")
            tx.add(
                StoredSession(
                    **row, data=dumps(data), seq=0, deleted=False, created_at=now, updated_at=now
                )
            )
            tx.flush()
            ev = self._insert_event(tx, row["id"], 1, "start", body, actor, None, None, now)
            tx.execute(update(StoredSession).where(StoredSession.id == row["id"]).values(seq=1))
            self._notify(tx, [row["id"]])
            tx.commit()
            return Appended(1, ev.id, None)

    def append(
        self,
        sid: str,
        kind: str,
        body: dict[str, Any],
        actor: str,
        expected_seq: int | None,
        changes: dict[str, Any],
        idem_key: str | None = None,
        result: Any = None,
    ) -> Appended:
        """Write one event and the session's new state in one transaction, if nobody wrote
        since ``expected_seq`` (None: whatever the seq); a known ``idem_key`` is replayed."""
        now = utcnow()
        with self._writing() as tx:
            row = self._locked(tx, sid)
            if idem_key is not None:
                seen = self._by_key(tx, sid, idem_key)
                if seen is not None:
                    return seen
            if expected_seq is not None and row.seq != expected_seq:
                raise self._conflict(tx, row, expected_seq)
            seq = row.seq + 1  # read now: the UPDATE below refreshes ``row`` too
            ev = self._insert_event(tx, sid, seq, kind, body, actor, idem_key, result, now)
            values = {**changes, "seq": seq, "updated_at": now}
            if "data" in values:
                values["data"] = dumps(values["data"])
            tx.execute(update(StoredSession).where(StoredSession.id == sid).values(**values))
            self._notify(tx, [sid])
            tx.commit()
            return Appended(seq, ev.id, result)

    def check_seq(self, sid: str, expected_seq: int) -> None:
        """Conflict (who wrote what) unless the session is at ``expected_seq``."""
        with self._reading() as tx:
            row = self._locked(tx, sid, lock=False)
            if row.seq != expected_seq:
                raise self._conflict(tx, row, expected_seq)

    def replay(self, sid: str, idem_key: str) -> Appended | None:
        """The event already written under ``idem_key``, if any (a retried request)."""
        with self.tx() as tx:
            return self._by_key(tx, sid, idem_key)

    def session(self, sid: str) -> StoredSession:
        """A session's row (NotFound, Deleted)."""
        with self._reading() as tx:
            row = tx.get(StoredSession, sid)
        if row is None:
            raise NotFound(Message("store.no_session", id=sid))
        if row.deleted:
            raise Deleted(Message("store.deleted", id=sid))
        return row

    def events(self, sid: str, after_id: int = 0) -> list[dict[str, Any]]:
        """A session's events after the global event id ``after_id``, oldest first."""
        q = select(Event).where(Event.session_id == sid, Event.id > after_id).order_by(Event.seq)
        with self._reading() as tx:
            return [event_dict(e) for e in tx.scalars(q)]

    def latest_event_id(self) -> int:
        """The newest event's global id (0 for none): one index look, for change polling."""
        with self._reading() as tx:
            return int(tx.scalar(select(func.max(Event.id))) or 0)

    def changed_since(self, event_id: int) -> set[str]:
        """The sessions with an event after the global id ``event_id``."""
        q = select(Event.session_id).where(Event.id > event_id).distinct()
        with self._reading() as tx:
            return set(tx.scalars(q))

    def touched_by(self, sid: str, actor: str) -> bool:
        """Whether ``actor`` wrote any event of the session (a participant)."""
        q = select(func.count()).where(Event.session_id == sid, Event.actor == actor)
        with self._reading() as tx:
            return bool(tx.scalar(q))

    def find(
        self,
        text: str | None = None,
        team: str | None = None,
        owner: str | None = None,
        phases: tuple[str, ...] = (),
        limit: int = 100,
    ) -> list[StoredSession]:
        """Sessions, newest first: matching ``text`` in ticket, terminal or id; by team/owner."""
        q = select(StoredSession).where(StoredSession.deleted.is_(False))
        if text:
            like = f"%{text}%"
            q = q.where(
                or_(
                    StoredSession.ticket.like(like),
                    StoredSession.terminal.like(like),
                    StoredSession.id.like(like),
                )
            )
        if team is not None or owner is not None:
            q = q.where(or_(StoredSession.team == team, StoredSession.owner == owner))
        if phases:
            q = q.where(StoredSession.phase.in_(phases))
        q = q.order_by(StoredSession.updated_at.desc(), StoredSession.id).limit(limit)
        with self._reading() as tx:
            return list(tx.scalars(q))

    def delete_sessions(self, sids: list[str]) -> None:
        """Forget sessions' contents; each id stays as a tombstone, so nothing recreates it."""
        with self._writing() as tx:
            for sid in sids:
                self._locked(tx, sid)
            tx.execute(delete(Event).where(Event.session_id.in_(sids)))
            tx.execute(
                update(StoredSession)
                .where(StoredSession.id.in_(sids))
                .values(deleted=True, data="{}", ticket=None, terminal=None, updated_at=utcnow())
            )
            self._notify(tx, sids)
            tx.commit()

    def older_than(self, limit: datetime) -> list[str]:
        """Ids of sessions not updated since ``limit``, oldest first."""
        q = (
            select(StoredSession.id)
            .where(StoredSession.deleted.is_(False), StoredSession.updated_at < limit)
            .order_by(StoredSession.updated_at)
        )
        with self._reading() as tx:
            return list(tx.scalars(q))

    # ---- presence -----------------------------------------------------------------------------
    def touch(self, sid: str, user: str) -> None:
        """``user`` is viewing the session now."""
        with self._writing() as tx:
            row = tx.get(Presence, (sid, user))
            if row is None:
                tx.add(Presence(session_id=sid, user=user, seen_at=utcnow()))
            else:
                row.seen_at = utcnow()
            tx.commit()

    def viewers(self, sid: str, within: float = 15.0) -> list[str]:
        """Who viewed the session in the last ``within`` seconds, by name."""
        since = utcnow() - timedelta(seconds=within)
        q = select(Presence.user).where(Presence.session_id == sid, Presence.seen_at >= since)
        with self._reading() as tx:
            return sorted(tx.scalars(q))

    # ---- inside ------------------------------------------------------------------------------
    def _notify(self, tx: Tx, sids: list[str]) -> None:
        """On PostgreSQL, tell the listeners (delivered at commit, dropped on rollback)."""
        if is_sqlite(self.engine):
            return  # SQLite's watchers look at latest_event_id() instead
        for sid in sids:
            tx.execute(text("SELECT pg_notify(:channel, :sid)"), {"channel": CHANNEL, "sid": sid})

    def _writing(self) -> Any:
        return _Guard(self, write=True)

    def _reading(self) -> Any:
        return _Guard(self, write=False)

    def _locked(self, tx: Tx, sid: str, lock: bool = True) -> StoredSession:
        q = select(StoredSession).where(StoredSession.id == sid)
        if lock and not is_sqlite(self.engine):  # SQLite's BEGIN IMMEDIATE locked the whole file
            q = q.with_for_update()
        row = tx.scalars(q).first()
        if row is None:
            raise NotFound(Message("store.no_session", id=sid))
        if row.deleted:
            raise Deleted(Message("store.deleted", id=sid))
        return row

    def _by_key(self, tx: Tx, sid: str, key: str) -> Appended | None:
        q = select(Event).where(Event.session_id == sid, Event.idem_key == key)
        ev = tx.scalars(q).first()
        if ev is None:
            return None
        return Appended(ev.seq, ev.id, json.loads(ev.result) if ev.result else None, True)

    def _conflict(self, tx: Tx, row: StoredSession, expected: int) -> Conflict:
        q = select(Event).where(Event.session_id == row.id, Event.seq == row.seq)
        last = tx.scalars(q).first()
        latest = event_dict(last) if last else None
        who = latest["actor"] if latest else "?"
        msg = Message(
            "store.conflict",
            id=row.id,
            expected=expected,
            seq=row.seq,
            who=who,
            what=describe(latest),
        )
        return Conflict(msg, row.seq, latest)

    def _insert_event(
        self,
        tx: Tx,
        sid: str,
        seq: int,
        kind: str,
        body: dict[str, Any],
        actor: str,
        idem_key: str | None,
        result: Any,
        now: datetime,
    ) -> Event:
        prev = tx.scalar(select(Event.hash).where(Event.session_id == sid, Event.seq == seq - 1))
        text = dumps(body)
        ev = Event(
            session_id=sid,
            seq=seq,
            kind=kind,
            body=text,
            actor=actor,
            idem_key=idem_key,
            result=None if result is None else dumps(result),
            at=now,
            prev_hash=prev or GENESIS,
            hash=link(prev or GENESIS, sid, seq, kind, text, actor, now),
        )
        tx.add(ev)
        tx.flush()
        return ev
