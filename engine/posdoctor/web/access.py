"""Access checks on every object, and turning session and store refusals into service errors."""

from __future__ import annotations

from typing import Any

from ..ask.session import Session, SessionError
from ..kb.problems import UserInputError
from ..messages import Message
from ..store import Conflict, Deleted, NotFound
from . import views
from .errors import Invalid, NotAllowed, ServiceError, Stale
from .model import Actor, Desk


def scope(actor: Actor) -> dict[str, Any]:
    """What a query may return: everything for an admin, else the team's and one's own."""
    return {} if actor.role == "admin" else {"team": actor.team, "owner": actor.name}


def visible(desk: Desk, actor: Actor, sid: str) -> Any:
    """The session's row if the actor may see it; else NotAllowed (404), logged."""
    try:
        row = desk.store.session(sid)
    except (NotFound, Deleted):
        raise NotAllowed(Message("web.no_session", id=sid)) from None
    if may_see(actor, row.owner, row.team) or desk.store.touched_by(sid, actor.name):
        return row
    desk.store.audit(actor.name, "access_denied", {"session": sid})
    raise NotAllowed(Message("web.no_session", id=sid))


def may_see(actor: Actor, owner: str | None, team: str | None) -> bool:
    """Admins see all; others their own sessions and their team's (queue included)."""
    if actor.role == "admin" or owner == actor.name:
        return True
    return actor.team is not None and team == actor.team


def session_of(desk: Desk, actor: Actor, sid: str) -> Session:
    return Session.from_dict(desk.doctor, views.loads(visible(desk, actor, sid).data))


def checked(fn: Any) -> Any:
    """Run a session call; its refusals (bad values, wrong phase) become Invalid (422)."""
    try:
        return fn()
    except (SessionError, UserInputError) as exc:
        if isinstance(exc, ServiceError):
            raise
        raise Invalid(exc.message or str(exc)) from None


def stored(fn: Any) -> Any:
    """Run a store call; a stale seq becomes Stale (409), a gone session NotAllowed."""
    try:
        return fn()
    except Conflict as exc:
        raise Stale(exc.message or str(exc), exc.seq, exc.latest) from None
    except (NotFound, Deleted) as exc:
        raise NotAllowed(exc.message or str(exc)) from None
