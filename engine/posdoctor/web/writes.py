"""The writes of the service layer (service.py re-exports them): one turn each, checked for
access, stale seq, idempotency key and the per-user write limit, stored before it is answered.

Every function returns the turn ({seq, phase, question, causes, fix}) plus what the write adds
(undone, withdrawn/added, owner/team); refusals raise the service errors (errors.py)."""

from __future__ import annotations

from typing import Any

from ..ask.session import Session
from ..messages import LANGUAGES, Message
from . import views
from .access import checked as _checked
from .access import stored as _stored
from .access import visible as _visible
from .errors import Invalid, RateLimited
from .model import Actor, Desk
from .turns import apply


def _write(
    desk: Desk,
    actor: Actor,
    sid: str,
    op: str,
    args: dict[str, Any],
    expected_seq: int | None,
    idem_key: str | None,
) -> dict[str, Any]:
    """One turn: check access and seq, apply ``op`` to the session, store it, reply."""
    row = _visible(desk, actor, sid)  # first: a retry's stored reply is not for everyone
    if idem_key and row.seq != expected_seq:  # at the seq expected, nothing was written under
        seen = _stored(lambda: desk.store.replay(sid, idem_key))  # the key (append checks too)
        if seen is not None:
            return dict(seen.result or {"seq": seen.seq})
    limited(desk, actor)  # a retry of a write already made is not counted again
    if expected_seq is not None and row.seq != expected_seq:
        _stored(lambda: desk.store.check_seq(sid, expected_seq))
    with desk.engine_turn:
        s = Session.from_dict(desk.doctor, views.loads(row.data))
        body, changes, extra = _checked(lambda: apply(s, op, args, actor, row, desk))
        reply = {**views.turn(s, row.seq + 1, actor.lang), **extra}
    changes.update(data=s.to_dict(), phase=s.phase, answers=views.answers(s))
    done = _stored(
        lambda: desk.store.append(sid, op, body, actor.name, row.seq, changes, idem_key, reply)
    )
    if done.replayed:
        return dict(done.result)
    desk.turns.put(sid, done.seq, actor.lang, {k: reply[k] for k in views.TURN_KEYS})
    return reply


def limited(desk: Desk, actor: Actor) -> None:
    """RateLimited (429) when the actor wrote more than the per-user limit allows."""
    wait = desk.writes.wait_for(actor.name)
    if wait > 0:
        raise RateLimited(Message("web.rate_limited", seconds=max(1, round(wait))), wait)


def answer(
    desk: Desk,
    actor: Actor,
    sid: str,
    fact: str,
    value: Any,
    expected_seq: int | None,
    idem_key: str | None = None,
) -> dict[str, Any]:
    """Record an answer ("unknown" allowed) -> {seq, phase, question, causes}."""
    return _write(
        desk, actor, sid, "answer", {"fact": fact, "value": value}, expected_seq, idem_key
    )


def skip(
    desk: Desk,
    actor: Actor,
    sid: str,
    fact: str,
    expected_seq: int | None,
    idem_key: str | None = None,
) -> dict[str, Any]:
    """Do not ask this question."""
    return _write(desk, actor, sid, "skip", {"fact": fact}, expected_seq, idem_key)


def undo(
    desk: Desk, actor: Actor, sid: str, expected_seq: int | None, idem_key: str | None = None
) -> dict[str, Any]:
    """Take back the last answer, change, skip, fix result or phase change."""
    return _write(desk, actor, sid, "undo", {}, expected_seq, idem_key)


def change(
    desk: Desk,
    actor: Actor,
    sid: str,
    fact: str,
    value: Any,
    expected_seq: int | None,
    idem_key: str | None = None,
) -> dict[str, Any]:
    """Revise an earlier answer; the reply adds the conclusions withdrawn and added."""
    return _write(
        desk, actor, sid, "change", {"fact": fact, "value": value}, expected_seq, idem_key
    )


def start_fixing(
    desk: Desk, actor: Actor, sid: str, expected_seq: int | None, idem_key: str | None = None
) -> dict[str, Any]:
    """Stop asking and propose fixes."""
    return _write(desk, actor, sid, "start_fixing", {}, expected_seq, idem_key)


def resume_asking(
    desk: Desk, actor: Actor, sid: str, expected_seq: int | None, idem_key: str | None = None
) -> dict[str, Any]:
    """Back to the questions (second line continues an escalated call this way)."""
    return _write(desk, actor, sid, "resume_asking", {}, expected_seq, idem_key)


def fix_result(
    desk: Desk,
    actor: Actor,
    sid: str,
    result: str,
    expected_seq: int | None,
    confirmed: bool = False,
    idem_key: str | None = None,
) -> dict[str, Any]:
    """The result of the proposed step: worked, failed or skipped (risky steps confirmed)."""
    args = {"result": result, "confirmed": confirmed}
    return _write(desk, actor, sid, "fix_result", args, expected_seq, idem_key)


def handover(
    desk: Desk,
    actor: Actor,
    sid: str,
    to_user: str | None = None,
    to_team: str | None = None,
    note: str = "",
    expected_seq: int | None = None,
    idem_key: str | None = None,
) -> dict[str, Any]:
    """Hand the call to a person or a team queue, with a note."""
    args = {"to_user": to_user, "to_team": to_team, "note": note}
    return _write(desk, actor, sid, "handover", args, expected_seq, idem_key)


def escalate(
    desk: Desk,
    actor: Actor,
    sid: str,
    team: str,
    note: str = "",
    expected_seq: int | None = None,
    idem_key: str | None = None,
) -> dict[str, Any]:
    """Hand the call to a second-line team's queue; the session itself goes with it."""
    args = {"team": team, "note": note}
    return _write(desk, actor, sid, "escalate", args, expected_seq, idem_key)


def merchant_lang(
    desk: Desk,
    actor: Actor,
    sid: str,
    lang: str,
    expected_seq: int | None = None,
    idem_key: str | None = None,
) -> dict[str, Any]:
    """The merchant speaks ``lang`` from now on (an event of the call's timeline); the agent's
    interface stays in the agent's language."""
    if lang not in LANGUAGES:
        raise Invalid(Message("web.bad_lang", lang=lang))
    return _write(desk, actor, sid, "merchant_lang", {"lang": lang}, expected_seq, idem_key)
