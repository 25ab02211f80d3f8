"""Engines for the store: SQLite in WAL mode with a busy timeout, or PostgreSQL; migrations."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from ..messages import Message
from .errors import StoreFailure

BUSY_MS = 30_000  # a writer waits this long for another one before "database is locked"
MIGRATIONS = Path(__file__).parent / "migrations"


def data_dir() -> Path:
    """POSDOCTOR_HOME, else the platform's user data folder (as the CLI's sessions used)."""
    home = os.environ.get("POSDOCTOR_HOME")
    return Path(home) if home else Path(user_data_dir("posdoctor", appauthor=False))


def default_url() -> str:
    """SQLite file posdoctor.db in the user data folder."""
    return f"sqlite:///{data_dir() / 'posdoctor.db'}"


def is_sqlite(engine: Engine) -> bool:
    """Whether the engine talks to SQLite (which needs BEGIN IMMEDIATE to write safely)."""
    return engine.dialect.name == "sqlite"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; the SQLite file's folder is created; a bad URL is one line."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy.exc.ArgumentError and friends: all say why
        raise StoreFailure(Message("db.bad_url", url=url, why=str(exc))) from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    if parsed.get_backend_name() != "postgresql":
        raise StoreFailure(Message("db.bad_url", url=url, why="sqlite:// or postgresql+psycopg://"))
    return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_engine(url: Any) -> Engine:
    """SQLite with WAL, synchronous=FULL, a busy timeout and explicit BEGIN (IMMEDIATE to write)."""
    path = url.database
    if path and path != ":memory:":
        folder = Path(path).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreFailure(
                Message("db.cannot_create", path=str(folder), why=exc.strerror or str(exc))
            ) from None
        _private(Path(path))
    engine = create_engine(
        url, connect_args={"timeout": BUSY_MS / 1000, "check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi: Any, record: Any) -> None:
        dbapi.isolation_level = None  # we say BEGIN ourselves (pysqlite's own is too late)
        cur = dbapi.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _private(path: Path) -> None:
    """Create the database file readable by its owner only (it may hold merchant details;
    SQLite gives its -wal and -shm files the same mode)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise StoreFailure(
            Message("db.cannot_create", path=str(path), why=exc.strerror or str(exc))
        ) from None


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (safe when several workers start at once)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn, conn.execution_options(write=True).begin():
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(7318201)"))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
