"""Sessions as the API shows them: the turn reply, the whole session, summaries, the board."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from ..ask.session import Session
from ..output.report import escalation_dict, evidence_dict
from ..reasoning.diagnosis import Doctor

TOP = 5  # causes shown with a turn


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def loads(text: str) -> Any:
    return json.loads(text)


def question(s: Session, lang: str) -> dict[str, Any] | None:
    """The question asked now: {fact, text, how, answers, minutes}, or None."""
    q = s.next_question()
    if q is None:
        return None
    f = q.fact
    return {
        "fact": f.id,
        "text": f.question(lang),
        "how": [t(lang) for t in f.check],
        "answers": [
            {
                "value": a,
                "label": f.value_label(a, lang),
                "probability": round(p, 6),
                "top_cause": top or None,
            }
            for a, p, top in q.answers
        ],
        "minutes": f.minutes,
        "type": f.type,
        "separates": list(q.separates),
        "gain_bits": round(q.gain, 6),
    }


def causes(s: Session, lang: str) -> list[dict[str, Any]]:
    """The best causes now, with their probabilities."""
    return [
        {
            "id": rc.id,
            "title": rc.cause.title(lang),
            "category": rc.category,
            "probability": round(rc.probability, 6),
        }
        for rc in s.diagnosis().causes[:TOP]
    ]


def fix(s: Session, lang: str) -> dict[str, Any] | None:
    """The step proposed now (while fixing), or None."""
    if s.phase != "fixing":
        return None
    p = s.next_fix()
    if p is None:
        return None
    st = p.step
    return {
        "cause": p.cause.id,
        "step": st.id,
        "title": st.title(lang),
        "instructions": [t(lang) for t in st.do],
        "verify": st.verify(lang),
        "risky": st.risky,
        "warning": st.warning(lang) if st.warning else "",
        "success": round(p.success, 6),
        "chance": round(p.chance, 6),
        "minutes": st.minutes,
    }


TURN_KEYS = ("seq", "phase", "question", "causes", "fix", "escalation_reason")


def turn(s: Session, seq: int, lang: str) -> dict[str, Any]:
    """What a write answers: {seq, phase, question, causes, fix, escalation_reason} (why the
    session escalated itself: ask/fixing.py's reasons, '' otherwise)."""
    return {
        "seq": seq,
        "phase": s.phase,
        "question": question(s, lang),
        "causes": causes(s, lang),
        "fix": fix(s, lang),
        "escalation_reason": s.escalation_reason() if s.phase == "escalated" else "",
    }


def answers(s: Session) -> int:
    return sum(e["kind"] in ("answer", "given") for e in s.events)


def full(
    row: Any, data: dict[str, Any], now: dict[str, Any], events: list[dict], viewers: list[str]
) -> dict[str, Any]:
    """GET /api/sessions/{id}: the row, the session's ``data``, its turn ``now``."""
    return {
        "id": row.id,
        "owner": row.owner,
        "team": row.team,
        "ticket": row.ticket,
        "terminal": loads(row.terminal) if row.terminal else None,
        "lang": (data.get("meta") or {}).get("lang"),
        **now,
        "events": events,
        "viewers": viewers,
    }


def summary(row: Any) -> dict[str, Any]:
    """A session in a list (search, board)."""
    return {
        "id": row.id,
        "phase": row.phase,
        "seq": row.seq,
        "owner": row.owner,
        "team": row.team,
        "ticket": row.ticket,
        "terminal": loads(row.terminal) if row.terminal else None,
        "answers": row.answers,
        "updated_at": _aware(row.updated_at).isoformat(),
    }


def how(s: Session, lang: str) -> list[dict[str, Any]]:
    kb = s.doctor.kb
    return [
        {
            "id": rc.id,
            "probability": round(rc.probability, 6),
            "evidence": [evidence_dict(kb, e, lang) for e in rc.evidence],
        }
        for rc in s.how()
    ]


def report(s: Session, fmt: str, lang: str) -> tuple[str, str]:
    """The escalation report in ``fmt`` (markdown, html or json) and its media type."""
    data = escalation_dict(s, lang)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2), "application/json"
    from ..output.render import render_escalation

    media = "text/markdown; charset=utf-8" if fmt == "markdown" else "text/html; charset=utf-8"
    return render_escalation(data, fmt, lang), media


def board(rows: list[Any], stuck_before: datetime, doctor: Doctor) -> dict[str, Any]:
    """Open calls, calls with no event since ``stuck_before``, and top causes shared by several
    open calls (a possible fleet incident)."""
    tops: Counter[str] = Counter()
    for row in rows:
        top = Session.from_dict(doctor, loads(row.data)).diagnosis().causes
        if top and top[0].probability >= 0.5:
            tops[top[0].id] += 1
    return {
        "open": [summary(r) for r in rows],
        "stuck": [summary(r) for r in rows if _aware(r.updated_at) < stuck_before],
        "alerts": [{"cause": c, "sessions": n} for c, n in tops.most_common() if n >= 3],
    }


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)
