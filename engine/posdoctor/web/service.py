"""The web desk's service layer: what the JSON API (api.py) and the HTML pages (pages.py) both
call. Every function checks the actor may see or change the session (server-side, on every
object) and raises a ServiceError the routes turn into a status code.

Interface (webui codes against these; all return JSON-ready dicts):

    desk = Desk(store, doctor)                       # one per app: app.state.desk
    login(desk, name, password, ip) -> LoginResult   # Throttled (429), BadLogin (401)
    logout(desk, token, actor) -> None
    actor_for(desk, token) -> tuple[Actor, csrf] | None
    start_session(desk, actor, ticket=None, terminal=None, log_text=None, facts=None,
                  lang=None) -> {id, phase, seq, question, causes}
    view_session(desk, actor, sid) -> {id, phase, seq, owner, team, ticket, terminal, lang,
                  question, causes, fix, events, viewers}
    answer(desk, actor, sid, fact, value, expected_seq, idem_key=None)
                  -> {seq, phase, question, causes}     # value may be "unknown"
    skip / undo / start_fixing / resume_asking (desk, actor, sid, expected_seq, idem_key=None)
    change(desk, actor, sid, fact, value, expected_seq, idem_key=None) -> + {withdrawn, added}
    fix_result(desk, actor, sid, result, expected_seq, confirmed=False, idem_key=None)
                  # result: worked | failed | skipped; a risky step needs confirmed=True
    handover(desk, actor, sid, to_user=None, to_team=None, note="", expected_seq=None)
    escalate(desk, actor, sid, team, note="", expected_seq=None)
    merchant_lang(desk, actor, sid, lang, expected_seq=None)   # zh | en, mid-call; an event
    why(desk, actor, sid) -> dict;  how(desk, actor, sid) -> list[dict]
    report(desk, actor, sid, fmt) -> tuple[text, media_type]   # markdown | html | json
    search(desk, actor, text) -> list[summary];  board(desk, actor) -> {open, stuck, alerts}
    stream(desk, actor, sid, after_id, touch) -> (events after after_id, viewers)  # SSE
    record_viewer(desk, sid, user)   # presence, written at most every few seconds per worker
    may_see_board(actor)             # Forbidden unless lead or admin

The writes (answer … merchant_lang) are in writes.py and re-exported here.

Errors: NotAllowed (404: no such session, or not yours to see), Forbidden (403: a role may
not do this), Invalid (422: a bad value, said in the actor's language), Stale (409: someone
answered first; ``latest`` says who answered what).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..ask.session import Session
from ..messages import Message
from ..store.chain import utcnow
from . import views
from .access import checked as _checked
from .access import scope as _scope
from .access import session_of as _session
from .access import stored as _stored
from .access import visible as _visible
from .errors import (
    BadLogin,
    Forbidden,
    Invalid,
    NotAllowed,
    RateLimited,
    ServiceError,
    Stale,
    Throttled,
)
from .model import Actor, Desk, LoginResult
from .turns import new_session
from .writes import (
    answer,
    change,
    escalate,
    fix_result,
    handover,
    limited,
    merchant_lang,
    resume_asking,
    skip,
    start_fixing,
    undo,
)

__all__ = [
    "Actor",
    "BadLogin",
    "Desk",
    "Forbidden",
    "Invalid",
    "LoginResult",
    "NotAllowed",
    "RateLimited",
    "ServiceError",
    "Stale",
    "Throttled",
    "actor_for",
    "answer",
    "board",
    "change",
    "escalate",
    "fix_result",
    "handover",
    "how",
    "login",
    "logout",
    "may_see_board",
    "merchant_lang",
    "report",
    "resume_asking",
    "search",
    "skip",
    "start_fixing",
    "start_session",
    "stream",
    "undo",
    "view_session",
    "why",
]


# ---- logins ----------------------------------------------------------------------------------
def login(desk: Desk, name: str, password: str, ip: str) -> LoginResult:
    """Check a password (throttled per name and address); a new server-side login."""
    if desk.store.throttled(name, ip):
        desk.store.audit(name[:64], "login_throttled", {"ip": ip})
        raise Throttled(Message("web.throttled"))
    got = desk.store.login(name, password, ip)
    if got is None:
        raise BadLogin(Message("web.bad_login"))
    user, token, csrf = got
    return LoginResult(Actor(user.name, user.role, user.team, user.lang), token, csrf)


def logout(desk: Desk, token: str, actor: Actor) -> None:
    """End the login on the server."""
    desk.store.logout(token, actor.name)


def actor_for(desk: Desk, token: str) -> tuple[Actor, str] | None:
    """The actor and CSRF token of a live login, or None."""
    got = desk.store.login_of(token)
    if got is None:
        return None
    user, rec = got
    return Actor(user.name, user.role, user.team, user.lang), rec.csrf_token


# ---- sessions --------------------------------------------------------------------------------
def start_session(
    desk: Desk,
    actor: Actor,
    ticket: str | None = None,
    terminal: dict[str, Any] | None = None,
    log_text: str | None = None,
    facts: dict[str, Any] | None = None,
    lang: str | None = None,
) -> dict[str, Any]:
    """A new call owned by the actor, in the actor's team; the first question and causes."""
    if actor.role not in ("agent", "lead", "specialist", "admin"):
        raise Forbidden(Message("web.forbidden"))
    limited(desk, actor)
    with desk.engine_turn:
        s = _checked(lambda: new_session(desk.doctor, facts or {}, log_text, lang or actor.lang))
        first = views.turn(s, 1, actor.lang)
    data = s.to_dict()
    row = {
        "id": s.id,
        "origin": "web",
        "owner": actor.name,
        "team": actor.team,
        "ticket": ticket,
        "terminal": views.dumps(terminal) if terminal else None,
        "phase": s.phase,
        "answers": 0,
        "data": data,
    }
    body = {"ticket": ticket, "terminal": terminal, "facts": data["events"], "lang": lang}
    done = _stored(lambda: desk.store.create_session(row, actor.name, body))
    desk.turns.put(s.id, done.seq, actor.lang, {**first, "seq": done.seq})
    return {"id": s.id, **first, "seq": done.seq}


def view_session(desk: Desk, actor: Actor, sid: str) -> dict[str, Any]:
    """Everything about a session the actor may see (presence recorded: the actor is viewing,
    at most every few seconds); the turn comes from the worker's cache when it has it."""
    row = _visible(desk, actor, sid)
    data = views.loads(row.data)
    record_viewer(desk, sid, actor.name)
    events, viewers = desk.store.events(sid), desk.store.viewers(sid)
    return views.full(row, data, turn_at(desk, row, data, actor.lang), events, viewers)


def turn_at(desk: Desk, row: Any, data: dict[str, Any], lang: str) -> dict[str, Any]:
    """The turn of the session ``row`` at its seq in ``lang``: kept, or computed and kept."""
    kept = desk.turns.get(row.id, row.seq, lang)
    if kept is not None:
        return kept
    with desk.engine_turn:
        got = views.turn(Session.from_dict(desk.doctor, data), row.seq, lang)
    desk.turns.put(row.id, row.seq, lang, got)
    return got


def record_viewer(desk: Desk, sid: str, user: str) -> None:
    """Record that ``user`` is viewing ``sid``: a write at most every few seconds per worker."""
    if desk.presence.due(sid, user):
        desk.store.touch(sid, user)


def why(desk: Desk, actor: Actor, sid: str) -> dict[str, Any]:
    """Why the current question is asked."""
    s = _session(desk, actor, sid)
    return _checked(lambda: s.why())


def how(desk: Desk, actor: Actor, sid: str) -> list[dict[str, Any]]:
    """How the best causes were reached: their evidence."""
    s = _session(desk, actor, sid)
    return views.how(s, actor.lang)


def report(desk: Desk, actor: Actor, sid: str, fmt: str) -> tuple[str, str]:
    """The escalation report as (text, media type)."""
    s = _session(desk, actor, sid)
    return views.report(s, fmt, actor.lang)


def search(desk: Desk, actor: Actor, text: str) -> list[dict[str, Any]]:
    """Sessions the actor may see whose ticket, terminal or id contains ``text``."""
    rows = desk.store.find(text, **_scope(actor))
    return [views.summary(r) for r in rows]


def board(desk: Desk, actor: Actor, stuck_minutes: float = 10) -> dict[str, Any]:
    """A lead's board: open calls of the team, calls stuck without an answer, shared causes."""
    may_see_board(actor)
    rows = desk.store.find(None, phases=("asking", "fixing", "escalated"), **_scope(actor))
    limit = utcnow() - timedelta(minutes=stuck_minutes)
    return views.board(rows, limit, desk.doctor)


def may_see_board(actor: Actor) -> None:
    """Forbidden (403) unless the actor is a lead or an admin."""
    if actor.role not in ("lead", "admin"):
        raise Forbidden(Message("web.forbidden"))


def stream(
    desk: Desk, actor: Actor, sid: str, after_id: int, touch: bool = True
) -> tuple[list[dict], list[str]]:
    """Events after the global event id ``after_id``, and who is viewing (for SSE); ``touch``
    records that the actor is viewing (a write: the stream does it every few seconds)."""
    _visible(desk, actor, sid)
    if touch:
        record_viewer(desk, sid, actor.name)
    return desk.store.events(sid, after_id), desk.store.viewers(sid)
