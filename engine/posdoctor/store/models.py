"""The tables: users and their login sessions, help-desk sessions with append-only events,
presence (who is viewing), the system audit log and login attempts (for throttling)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The store's declarative base (Alembic migrations describe the same schema)."""


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    team: Mapped[str | None] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8))
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Login(Base):
    """A server-side login session; the cookie holds the token, the table only its hash."""

    __tablename__ = "logins"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    ok: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class StoredSession(Base):
    """A help-desk session: its state (``data``, Session.to_dict()) at ``seq``, and who has it."""

    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    origin: Mapped[str] = mapped_column(String(8))  # cli or web
    owner: Mapped[str | None] = mapped_column(String(64), index=True)
    team: Mapped[str | None] = mapped_column(String(64), index=True)
    ticket: Mapped[str | None] = mapped_column(String(200), index=True)
    terminal: Mapped[str | None] = mapped_column(Text)  # JSON
    phase: Mapped[str] = mapped_column(String(16))
    seq: Mapped[int] = mapped_column(Integer)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[str] = mapped_column(Text)  # JSON
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class Event(Base):
    """One thing done to a session, never changed: ``seq`` 1, 2, 3 ... per session."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("session_id", "seq", name="uq_events_seq"),
        UniqueConstraint("session_id", "idem_key", name="uq_events_idem"),
        Index("ix_events_actor", "session_id", "actor"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # global order, for SSE ids
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)  # JSON
    actor: Mapped[str] = mapped_column(String(64))
    idem_key: Mapped[str | None] = mapped_column(String(128))
    result: Mapped[str | None] = mapped_column(Text)  # JSON reply, replayed for a repeated key
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Presence(Base):
    __tablename__ = "presence"
    session_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    user: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who did what outside a session (logins, users), hash-chained like a session's events."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text)  # JSON
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
