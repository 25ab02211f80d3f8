"""Users, their server-side login sessions, login throttling and the system audit log."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from ..messages import Message
from .chain import GENESIS, dumps, link, utcnow
from .errors import NotFound, StoreFailure
from .models import AuditEntry, Event, Login, LoginAttempt, StoredSession, User

ROLES = ("agent", "lead", "specialist", "admin")
HASHER = PasswordHasher()  # argon2id, the library's (RFC 9106 low-memory) parameters
DUMMY_HASH = HASHER.hash("not a password of anyone")  # same work for unknown names
IDLE = timedelta(minutes=30)  # a login unused this long ends
ABSOLUTE = timedelta(hours=12)  # and any login ends after this long
THROTTLE_WINDOW = timedelta(minutes=15)
THROTTLE_FAILURES = 5  # failed logins per name (or 20 per address) in the window -> refused


def token_hash(token: str) -> str:
    """What the logins table keeps of a cookie token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Accounts:
    """Mixed into Store: everything about people (``self.tx``, ``self._writing`` come from it)."""

    tx: Any
    _writing: Any
    _reading: Any

    # ---- users --------------------------------------------------------------------------------
    def add_user(self, name: str, role: str, password: str, team: str | None, lang: str) -> User:
        """A new account with an argon2id hash of ``password``."""
        user = User(
            name=name,
            role=role,
            team=team,
            lang=lang,
            password_hash=HASHER.hash(password),
            disabled=False,
            created_at=utcnow(),
        )
        try:
            with self._writing() as tx:
                tx.add(user)
                tx.flush()
                self._audit(tx, "cli", "user_add", {"name": name, "role": role, "team": team})
                tx.commit()
        except StoreFailure as exc:
            if "UNIQUE" in str(exc).upper() or "duplicate" in str(exc):
                raise StoreFailure(Message("users.exists", name=name)) from None
            raise
        return user

    def users(self) -> list[User]:
        """Every account, by name."""
        with self._reading() as tx:
            return list(tx.scalars(select(User).order_by(User.name)))

    def user(self, name: str) -> User:
        """One account by name (NotFound)."""
        with self._reading() as tx:
            user = tx.scalars(select(User).where(User.name == name)).first()
        if user is None:
            raise NotFound(Message("users.unknown", name=name))
        return user

    def disable_user(self, name: str) -> None:
        """Disable an account and end all its logins at once."""
        with self._writing() as tx:
            user = tx.scalars(select(User).where(User.name == name)).first()
            if user is None:
                raise NotFound(Message("users.unknown", name=name))
            user.disabled = True
            tx.execute(delete(Login).where(Login.user_id == user.id))
            self._audit(tx, "cli", "user_disable", {"name": name})
            tx.commit()

    # ---- logins -------------------------------------------------------------------------------
    def throttled(self, name: str, ip: str) -> bool:
        """Too many failed logins lately for this name or from this address."""
        since = utcnow() - THROTTLE_WINDOW
        failed = select(func.count()).where(LoginAttempt.ok.is_(False), LoginAttempt.at >= since)
        with self._reading() as tx:
            by_name = tx.scalar(failed.where(LoginAttempt.name == name)) or 0
            by_ip = tx.scalar(failed.where(LoginAttempt.ip == ip)) or 0
        return by_name >= THROTTLE_FAILURES or by_ip >= 4 * THROTTLE_FAILURES

    def login(self, name: str, password: str, ip: str) -> tuple[User, str, str] | None:
        """Check a password; on success a new login: (user, cookie token, CSRF token)."""
        with self._reading() as tx:
            user = tx.scalars(select(User).where(User.name == name)).first()
        ok = _verify(user.password_hash if user else DUMMY_HASH, password)
        ok = ok and user is not None and not user.disabled
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self._writing() as tx:
            tx.add(LoginAttempt(name=name[:64], ip=ip[:64], ok=ok, at=utcnow()))
            self._audit(tx, name[:64], "login" if ok else "login_failed", {"ip": ip})
            if ok and user is not None:
                now = utcnow()
                tx.add(
                    Login(
                        token_hash=token_hash(token),
                        user_id=user.id,
                        csrf_token=csrf,
                        created_at=now,
                        seen_at=now,
                    )
                )
            tx.commit()
        return (user, token, csrf) if ok and user is not None else None

    def login_of(self, token: str) -> tuple[User, Login] | None:
        """The live login of a cookie token (and its user); its idle timer is renewed at most
        every 30 s, so most requests only read."""
        now = utcnow()
        with self._reading() as tx:
            login = tx.get(Login, token_hash(token))
            user = tx.get(User, login.user_id) if login is not None else None
        if login is None:
            return None
        if user is None or user.disabled or _expired(login, now):
            self._end_login(login.token_hash)
            return None
        if now - _aware(login.seen_at) > timedelta(seconds=30):
            with self._writing() as tx:
                tx.execute(
                    update(Login).where(Login.token_hash == login.token_hash).values(seen_at=now)
                )
                tx.commit()
        return user, login

    def _end_login(self, hashed: str) -> None:
        with self._writing() as tx:
            tx.execute(delete(Login).where(Login.token_hash == hashed))
            tx.commit()

    def logout(self, token: str, actor: str) -> None:
        """End a login on the server (the cookie is worthless afterwards)."""
        with self._writing() as tx:
            tx.execute(delete(Login).where(Login.token_hash == token_hash(token)))
            self._audit(tx, actor, "logout", {})
            tx.commit()

    # ---- audit --------------------------------------------------------------------------------
    def audit(self, actor: str, action: str, detail: dict[str, Any]) -> None:
        """Record who did what outside a session (a denied access, say)."""
        with self._writing() as tx:
            self._audit(tx, actor, action, detail)
            tx.commit()

    def audit_entries(self) -> list[dict[str, Any]]:
        """The system audit log, oldest first."""
        with self._reading() as tx:
            rows = tx.scalars(select(AuditEntry).order_by(AuditEntry.id))
            return [
                {
                    "id": r.id,
                    "actor": r.actor,
                    "action": r.action,
                    "at": r.at.isoformat(),
                    **json.loads(r.detail),
                }
                for r in rows
            ]

    def verify(self) -> list[str]:
        """Every break in the hash chains (system audit log, each session's events); [] if none."""
        problems: list[str] = []
        with self._reading() as tx:
            prev = GENESIS
            for r in tx.scalars(select(AuditEntry).order_by(AuditEntry.id)):
                want = link(prev, r.actor, r.action, r.detail, r.at)
                if r.prev_hash != prev or r.hash != want:
                    problems.append(f"audit #{r.id}: hash chain broken")
                prev = r.hash
            for sid in tx.scalars(select(StoredSession.id).where(StoredSession.deleted.is_(False))):
                problems += _verify_session(tx, sid)
        return problems

    def _audit(self, tx: Any, actor: str, action: str, detail: dict[str, Any]) -> None:
        last = tx.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
        prev, now, text = (last.hash if last else GENESIS), utcnow(), dumps(detail)
        tx.add(
            AuditEntry(
                actor=actor,
                action=action,
                detail=text,
                at=now,
                prev_hash=prev,
                hash=link(prev, actor, action, text, now),
            )
        )


def _verify_session(tx: Any, sid: str) -> list[str]:
    """Breaks in one session's chain: a gap in seq, an edited or removed event."""
    out, prev, want_seq = [], GENESIS, 1
    for e in tx.scalars(select(Event).where(Event.session_id == sid).order_by(Event.seq)):
        if e.seq != want_seq:
            out.append(f"session {sid}: event {want_seq} missing")
        h = link(prev, sid, e.seq, e.kind, e.body, e.actor, e.at)
        if e.prev_hash != prev or e.hash != h:
            out.append(f"session {sid}: event {e.seq} changed (hash chain broken)")
        prev, want_seq = e.hash, e.seq + 1
    return out


def _verify(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _aware(at: datetime) -> datetime:
    """SQLite gives naive datetimes back: they are UTC."""
    from datetime import UTC

    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _expired(login: Login, now: datetime) -> bool:
    return now - _aware(login.seen_at) > IDLE or now - _aware(login.created_at) > ABSOLUTE


__all__ = ["ROLES", "Accounts", "IntegrityError", "token_hash"]
