"""The lead's board: the service's open and stuck calls, each with its top cause, and a
*possible fleet incident* alert when several calls of a short window share the same top cause
on the same terminal model and region (the source document's case study seen from the help
desk: one cause, many terminals, calls arriving together).

A call's top cause is read from its stored state once per (call, seq): the board refreshes
often and most calls have not changed since the last look.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from typing import Any

from ..ask.session import Session
from ..store.chain import utcnow
from . import service as svc
from .views import loads

WINDOW_MINUTES = 30  # calls this recent count towards an alert
ALERT_CALLS = 3  # this many calls sharing cause, model and region make an alert
TOP_AT_LEAST = 0.3  # a top cause this likely (below it, the call has no "top cause" yet)
STUCK_MINUTES = 10  # no event for this long: stuck
_TOPS: OrderedDict[tuple[str, int], tuple[str, float] | None] = OrderedDict()
_CACHED = 2000


def build(desk: svc.Desk, actor: svc.Actor, now: datetime | None = None) -> dict[str, Any]:
    """The board: {open, stuck, alerts, stuck_minutes}; rows carry ``top`` {id, title,
    probability} (Forbidden for a role that has no board)."""
    b = svc.board(desk, actor, STUCK_MINUTES)
    lang = actor.lang
    for row in b["open"] + b["stuck"]:
        top = top_cause(desk, row["id"], row["seq"])
        row["top"] = (
            {
                "id": top[0],
                "title": desk.doctor.kb.causes[top[0]].title(lang),
                "probability": top[1],
            }
            if top and top[0] in desk.doctor.kb.causes
            else None
        )
    since = (now or utcnow()) - timedelta(minutes=WINDOW_MINUTES)
    return {
        "open": b["open"],
        "stuck": b["stuck"],
        "alerts": alerts(desk, b["open"], since, lang),
        "stuck_minutes": STUCK_MINUTES,
    }


def top_cause(desk: svc.Desk, sid: str, seq: int) -> tuple[str, float] | None:
    """The call's most likely cause and its probability at ``seq`` (None below TOP_AT_LEAST)."""
    key = (sid, seq)
    if key in _TOPS:
        _TOPS.move_to_end(key)
        return _TOPS[key]
    s = Session.from_dict(desk.doctor, loads(desk.store.session(sid).data))
    causes = s.diagnosis().causes
    top = (causes[0].id, causes[0].probability) if causes else None
    found = top if top and top[1] >= TOP_AT_LEAST else None
    _TOPS[key] = found
    while len(_TOPS) > _CACHED:
        _TOPS.popitem(last=False)
    return found


def alerts(
    desk: svc.Desk, rows: list[dict[str, Any]], since: datetime, lang: str
) -> list[dict[str, Any]]:
    """Groups of ALERT_CALLS or more recent calls sharing top cause, model and region."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        if row.get("top") is None or _when(row["updated_at"]) < since:
            continue
        terminal = row.get("terminal") or {}
        key = (row["top"]["id"], terminal.get("model", ""), terminal.get("region", ""))
        groups.setdefault(key, []).append(row)
    kb = desk.doctor.kb
    out = [
        {
            "cause": cause,
            "title": kb.causes[cause].title(lang),
            "model": model,
            "region": region,
            "count": len(calls),
            "minutes": WINDOW_MINUTES,
            "calls": [
                {
                    "id": r["id"],
                    "ticket": r.get("ticket"),
                    "terminal": (r.get("terminal") or {}).get("id", ""),
                }
                for r in calls
            ],
        }
        for (cause, model, region), calls in groups.items()
        if len(calls) >= ALERT_CALLS
    ]
    return sorted(out, key=lambda a: -a["count"])


def _when(stamp: str) -> datetime:
    """An ISO time of the service's summaries, as an aware datetime."""
    at = datetime.fromisoformat(stamp)
    return at if at.tzinfo else at.replace(tzinfo=UTC)
