"""Hash chains: each event (per session) and each audit entry (system-wide) carries the hash of
the one before it, so an edited or removed row shows (``posdoctor audit verify``)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def utcnow() -> datetime:
    """Now, in UTC, to the microsecond."""
    return datetime.now(UTC)


def stamp(at: datetime) -> str:
    """A time as the chain hashes it: naive UTC ISO (SQLite gives back naive, PostgreSQL aware)."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


def dumps(value: Any) -> str:
    """JSON as the store keeps it: compact, UTF-8 as is, keys sorted (stable for hashing)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def link(prev: str, *parts: Any) -> str:
    """The hash of a row: SHA-256 over the previous hash and the row's own fields."""
    data = prev + dumps([p if not isinstance(p, datetime) else stamp(p) for p in parts])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()
