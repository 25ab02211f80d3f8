"""What the store refuses: a stale sequence number, a deleted or unknown session, a failure."""

from __future__ import annotations

from typing import Any

from ..kb.problems import UserInputError
from ..messages import Message


class StoreFailure(UserInputError):
    """The database could not be opened, read or written (says what failed and where)."""


class NotFound(StoreFailure):
    """No such session (or user)."""


class Deleted(StoreFailure):
    """The session was deleted; it stays deleted (nothing is written under its id again)."""


class Conflict(StoreFailure):
    """Someone else wrote the session first: ``latest`` is their event (who, what, when)."""

    def __init__(self, message: Message, seq: int, latest: dict[str, Any] | None):
        super().__init__(message)
        self.seq = seq
        self.latest = latest
