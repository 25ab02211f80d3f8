"""The one store of help-desk sessions, for the CLI and the web desk: SQLAlchemy 2 over SQLite
(WAL, the default, under the user data folder) or PostgreSQL (psycopg 3), schema by Alembic.

    store = Store.open(url)          # migrates to the newest schema first
    store.create_session(...), store.append(...), store.session(...), store.events(...)
    store.add_user(...), store.login(...), store.audit(...), store.verify()

Sessions are rows with a snapshot of their state plus append-only events: an event has a
``seq`` without gaps per session and an optional idempotency key, and a write is acknowledged
only after its transaction commits. Events and the system audit log are hash-chained.
"""

from __future__ import annotations

from .db import default_url
from .errors import Conflict, Deleted, NotFound, StoreFailure
from .store import Store

__all__ = ["Conflict", "Deleted", "NotFound", "Store", "StoreFailure", "default_url"]
