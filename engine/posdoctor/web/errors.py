"""What the service layer refuses, each with the HTTP status the routes answer with."""

from __future__ import annotations

from typing import Any

from ..kb.problems import UserInputError


class ServiceError(UserInputError):
    """A refused call; ``status`` is the HTTP status it becomes."""

    status = 400


class BadLogin(ServiceError):
    status = 401


class Throttled(ServiceError):
    status = 429


class RateLimited(ServiceError):
    """Too many writes by one user; ``retry_after`` seconds until the next may pass."""

    status = 429

    def __init__(self, message: Any, retry_after: float):
        super().__init__(message)
        self.retry_after = retry_after


class Forbidden(ServiceError):
    status = 403


class NotAllowed(ServiceError):
    """No such session, or not the actor's to see: the same answer, so ids cannot be probed."""

    status = 404


class Invalid(ServiceError):
    status = 422


class Stale(ServiceError):
    """Someone wrote first: ``seq`` is the session's now, ``latest`` the event that won."""

    status = 409

    def __init__(self, message: Any, seq: int, latest: dict[str, Any] | None):
        super().__init__(message)
        self.seq = seq
        self.latest = latest
