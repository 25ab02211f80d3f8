"""What each write does to a Session (answer, undo, change, fix result, hand-over, escalate):
the event body to store, the row's changes, and anything extra for the reply."""

from __future__ import annotations

import io
import secrets
import time
from typing import Any

from ..ask.session import Session
from ..logs.logscan import LogEvidence, LogScanner
from ..messages import Message
from ..reasoning.diagnosis import Doctor
from .errors import Invalid, NotAllowed

MAX_LOG_TEXT = 1_000_000  # characters of pasted log a call may carry


def new_session(doctor: Doctor, facts: dict[str, Any], log_text: str | None, lang: str) -> Session:
    """A Session from answers already known and a pasted log (its facts, then ``facts``)."""
    evidence: LogEvidence | None = None
    known: dict[str, Any] = {}
    if log_text:
        evidence = LogEvidence()
        raw = io.BytesIO(log_text.encode("utf-8"))
        LogScanner(doctor.kb).scan_more(evidence, raw, "log", max_bytes=4 * MAX_LOG_TEXT)
        evidence.source = "log"
        known.update(evidence.facts)
    known.update(facts)
    sid = time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(6)  # many desks, one second
    return Session(doctor, known, log=evidence, sid=sid, meta={"lang": lang})


def apply(
    s: Session, op: str, args: dict[str, Any], actor: Any, row: Any, desk: Any
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Do ``op`` to ``s``: (event body, row changes, reply extras); refusals raise."""
    return OPS[op](s, args, actor, row, desk)


def _answer(s: Session, a: dict[str, Any], *_: Any) -> tuple[dict, dict, dict]:
    s.answer(a["fact"], a["value"])
    value = s.events[-1].get("value")
    return {"fact": s.events[-1]["fact"], "value": value}, {}, {}


def _skip(s: Session, a: dict[str, Any], *_: Any) -> tuple[dict, dict, dict]:
    s.skip(a["fact"])
    return {"fact": s.events[-1]["fact"]}, {}, {}


def _undo(s: Session, a: dict[str, Any], *_: Any) -> tuple[dict, dict, dict]:
    undone = s.undo()
    return {"undone": undone}, {}, {"undone": undone}


def _change(s: Session, a: dict[str, Any], *_: Any) -> tuple[dict, dict, dict]:
    ch = s.change(a["fact"], a["value"])
    diff = {"withdrawn": list(ch.withdrawn), "added": list(ch.added)}
    return {"fact": ch.fact, "value": ch.new, "old": ch.old, **diff}, {}, diff


def _start_fixing(s: Session, *_: Any) -> tuple[dict, dict, dict]:
    s.start_fixing()
    return {}, {}, {}


def _resume_asking(s: Session, *_: Any) -> tuple[dict, dict, dict]:
    s.resume_asking()
    return {}, {}, {}


def _fix_result(s: Session, a: dict[str, Any], *_: Any) -> tuple[dict, dict, dict]:
    proposal = s.next_fix()
    if proposal is None:
        raise Invalid(Message("web.no_fix"))
    if proposal.needs_confirmation and a["result"] == "worked" and not a["confirmed"]:
        raise Invalid(Message("web.confirm_risky", step=proposal.step.id))
    s.fix_result(proposal, a["result"])
    body = {
        "cause": proposal.cause.id,
        "step": proposal.step.id,
        "result": a["result"],
        "confirmed": bool(a["confirmed"]),
    }
    return body, {}, {}


def _handover(
    s: Session, a: dict[str, Any], actor: Any, row: Any, desk: Any
) -> tuple[dict, dict, dict]:
    to_user, to_team = a.get("to_user"), a.get("to_team")
    if not to_user and not to_team:
        raise Invalid(Message("web.handover_whom"))
    changes: dict[str, Any] = {}
    if to_user:
        try:
            user = desk.store.user(to_user)
        except Exception:
            raise NotAllowed(Message("web.no_user", name=to_user)) from None
        if user.disabled:
            raise NotAllowed(Message("web.no_user", name=to_user))
        changes["owner"] = user.name
    if to_team:
        changes["team"] = to_team
        changes.setdefault("owner", None)  # into the team's queue
    body = {"from": row.owner, "to_user": to_user, "to_team": to_team, "note": a.get("note", "")}
    return (
        body,
        changes,
        {"owner": changes.get("owner", row.owner), "team": changes.get("team", row.team)},
    )


def _merchant_lang(s: Session, a: dict[str, Any], *_: Any) -> tuple[dict, dict, dict]:
    old = s.meta.get("lang")
    if old == a["lang"]:
        raise Invalid(Message("web.merchant_lang_same"))
    s.meta["lang"] = a["lang"]  # what is read out to the merchant from now on
    return {"lang": a["lang"], "old": old}, {}, {}


def _escalate(
    s: Session, a: dict[str, Any], actor: Any, row: Any, desk: Any
) -> tuple[dict, dict, dict]:
    team, note = a["team"], a.get("note", "")
    kb_team = team if team in desk.doctor.kb.teams else None
    if s.phase == "escalated":  # escalated already (nothing left to try): move the queue only
        pass
    else:
        s.escalate(kb_team, note or None)
    changes = {"team": team, "owner": None}
    return {"team": team, "note": note, "from": row.owner}, changes, {"team": team, "owner": None}


OPS = {
    "answer": _answer,
    "skip": _skip,
    "undo": _undo,
    "change": _change,
    "start_fixing": _start_fixing,
    "resume_asking": _resume_asking,
    "fix_result": _fix_result,
    "handover": _handover,
    "escalate": _escalate,
    "merchant_lang": _merchant_lang,
}
