"""Transactions whose database errors say what failed and where; events as the API shows them."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session as Tx

from ..messages import Message
from .chain import stamp
from .errors import StoreFailure
from .models import Event

if TYPE_CHECKING:
    from .store import Store


def event_dict(e: Event) -> dict[str, Any]:
    """An event as the API shows it."""
    return {
        "id": e.id,
        "seq": e.seq,
        "kind": e.kind,
        "actor": e.actor,
        "at": stamp(e.at) + "Z",
        **json.loads(e.body),
    }


def describe(event: dict[str, Any] | None) -> str:
    """What an event did, in a few words (for a conflict): "answer dns_ok=false"."""
    if not event:
        return "?"
    if "fact" in event:
        return f"{event['kind']} {event['fact']}={json.dumps(event.get('value'))}"
    return str(event["kind"])


class _Guard:
    """A transaction whose database errors become StoreFailure saying what failed and where."""

    def __init__(self, store: Store, write: bool):
        self.store, self.write = store, write
        self.tx: Tx | None = None

    def __enter__(self) -> Tx:
        self.tx = self.store.tx(self.write)
        return self.tx

    def __exit__(self, kind: Any, exc: Any, tb: Any) -> None:
        assert self.tx is not None
        conn = self.tx.get_bind()
        try:
            self.tx.close()  # detaches the rows read, loaded as they are (no rollback expiry)
        finally:
            conn.close()  # type: ignore[union-attr]  # rolls back whatever was not committed
        if isinstance(exc, SQLAlchemyError):
            key = "db.locked" if isinstance(exc, OperationalError) else "db.failed"
            raise StoreFailure(Message(key, url=safe_url(self.store.url), why=_why(exc))) from None


def _why(exc: BaseException) -> str:
    """The database's own reason, one line."""
    orig = getattr(exc, "orig", None) or exc
    return str(orig).splitlines()[0] if str(orig) else type(orig).__name__


def safe_url(url: str) -> str:
    """A URL without its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url
