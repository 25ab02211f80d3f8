"""The call screen's data: the service's view of a call (or the reply of a write) turned into
what _call.html.j2 shows, plus the conflict, error, notice or diff of the last action.

Reading a call for the screen costs no engine turn beyond the service's own: the question,
causes and fix come from the service's reply; the Session is rebuilt only for its events.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..ask.session import Session
from ..messages import say
from . import callview
from . import service as svc
from .views import loads

NOTE_KINDS = ("handover", "escalate")


def record(desk: svc.Desk, sid: str) -> tuple[Any, Session, list[dict[str, Any]]]:
    """The call's row, its Session and its stored events (the actor was checked already)."""
    row = desk.store.session(sid)
    return row, Session.from_dict(desk.doctor, loads(row.data)), desk.store.events(sid)


def view(
    desk: svc.Desk,
    actor: svc.Actor,
    sid: str,
    turn: Mapping[str, Any] | None = None,
    confirm: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """The call screen's ``c``: from ``turn`` (a write's reply) or the service's view."""
    data: dict[str, Any] = dict(svc.view_session(desk, actor, sid)) if turn is None else {}
    row, s, stored = record(desk, sid)
    if turn is not None:
        data.update(turn, viewers=desk.store.viewers(sid))
    kb, lang = desk.doctor.kb, actor.lang
    merchant_lang = str(s.meta.get("lang") or lang)
    terminal = loads(row.terminal) if row.terminal else {}
    question, fix = data.get("question"), data.get("fix")
    c = {
        "id": row.id,
        "seq": row.seq,
        "phase": s.phase,
        "ticket": row.ticket,
        "terminal": terminal.get("id", ""),
        "merchant": terminal.get("merchant", ""),
        "owner": row.owner,
        "team": row.team,
        "merchant_lang": merchant_lang,
        "viewers": [v for v in data.get("viewers", []) if v != actor.name],
        "all_viewers": sorted(data.get("viewers", [])),
        "question": callview.question_view(kb, question, lang, merchant_lang) if question else None,
        "fix": callview.fix_view(
            kb, fix, data["causes"], lang, merchant_lang, confirm == fix["step"]
        )
        if fix and not question
        else None,
        "causes": callview.causes_view(kb, data["causes"], lang),
        "unexplained": None,
        "timeline": with_handovers(callview.timeline(s, lang, stored), stored, lang),
        "can_change": s.phase in ("asking", "fixing"),
        "can_undo": any(e["kind"] != "given" for e in s.events),
        "can_escalate": s.phase != "resolved",
        "teams": sorted((t.id, t.name(lang)) for t in kb.teams.values()),
        "suggested_team": kb.causes[data["causes"][0]["id"]].escalate_to
        if data["causes"]
        else None,
        "users": [],
        "outcome": callview.outcome(s, lang, row.team),
        "handover_note": last_note(stored),
        "events_url": "",
        "conflict": None,
        "error": None,
        "notice": None,
        "diff": None,
    }
    c.update(hand_back(actor, row, stored))
    c.update(extra)
    return c


def with_handovers(
    rows: list[dict[str, Any]], stored: list[dict[str, Any]], lang: str
) -> list[dict[str, Any]]:
    """The timeline with the hand-overs and merchant-language changes (events of the store,
    not of the diagnosis) where they happened, by the store's seq."""
    for e in stored:
        if e.get("kind") in ("handover", "merchant_lang"):
            rows.append(
                {
                    "kind": e["kind"],
                    "fact": None,
                    "question": "",
                    "shown": store_event_text(e, lang),
                    "value": None,
                    "options": None,
                    "actor": e.get("actor", ""),
                    "seq": e.get("seq", 0),
                    "at": str(e.get("at", "")).replace("T", " ")[:19],
                }
            )
    return sorted(rows, key=lambda r: r["seq"])


def store_event_text(e: Mapping[str, Any], lang: str) -> str:
    """A hand-over or a change of the merchant's language, as the timeline says it."""
    if e["kind"] == "merchant_lang":
        return say("desk.merchant_lang_event", lang, name=callview.lang_name(e["lang"], lang))
    return say("desk.handover_event", lang, name=e.get("to_user") or e.get("to_team") or "?")


def last_note(stored: list[dict[str, Any]]) -> dict[str, str] | None:
    """The note of the last hand-over or escalation, and who wrote it."""
    for e in reversed(stored):
        if e.get("kind") in NOTE_KINDS:
            return {"by": e.get("actor", ""), "text": e["note"]} if e.get("note") else None
    return None


def hand_back(actor: svc.Actor, row: Any, stored: list[dict[str, Any]]) -> dict[str, Any]:
    """Second line may hand an escalated call back to the person who escalated it."""
    last = next((e for e in reversed(stored) if e.get("kind") == "escalate"), None)
    back = last.get("actor") if last else None
    ok = bool(back) and back != actor.name and row.team == actor.team
    return {"can_hand_back": ok, "hand_back_to": back or ""}


def conflict_text(desk: svc.Desk, latest: Mapping[str, Any] | None, lang: str) -> str:
    """Who wrote first and what, in words: "Li recorded 'DNS resolves?': no at 10:02:03"."""
    if not latest:
        return say("desk.conflict_other", lang, name="?", what="?", at="?")
    kb = desk.doctor.kb
    name = latest.get("actor") or "?"
    at = str(latest.get("at", ""))[11:19] or "?"
    fact = kb.facts.get(str(latest.get("fact")))
    if fact is not None and latest.get("kind") in ("answer", "change"):
        value = callview.shown(fact, latest.get("value"), lang)
        return say(
            "desk.conflict", lang, name=name, question=fact.question(lang), value=value, at=at
        )
    return say("desk.conflict_other", lang, name=name, what=latest.get("kind", "?"), at=at)


def diff(desk: svc.Desk, sid: str, reply: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """What a change withdrew and added, in words, and the answer before and after."""
    kb = desk.doctor.kb
    stored = desk.store.events(sid)
    last: dict[str, Any] = next((e for e in reversed(stored) if e.get("kind") == "change"), {})
    fact = kb.facts.get(str(last.get("fact")))
    return {
        "question": fact.question(lang) if fact else last.get("fact", ""),
        "old": callview.shown(fact, last.get("old"), lang),
        "new": callview.shown(fact, last.get("value"), lang),
        "withdrawn": conclusions(kb, reply.get("withdrawn", []), lang),
        "added": conclusions(kb, reply.get("added", []), lang),
    }


def conclusions(kb: Any, items: list[str], lang: str) -> list[str]:
    """Conclusions ("rule -> effect target") as sentences, one per rule and effect: what it
    does to which causes (or which fact it sets), its reason, and the rule's id."""
    groups: dict[tuple[str, str], list[str]] = {}
    for item in items:
        rule_id, _, rest = item.partition(" -> ")
        effect, _, target = rest.partition(" ")
        groups.setdefault((rule_id, effect), []).append(target)
    return [
        _sentence(kb, rule_id, effect, targets, lang)
        for (rule_id, effect), targets in groups.items()
    ]


def _sentence(kb: Any, rule_id: str, effect: str, targets: list[str], lang: str) -> str:
    rule = next((r for r in kb.rules if r.id == rule_id), None)
    because = rule.because(lang) if rule is not None and rule.because else ""
    if effect == "set":
        what = say("desk.sep", lang).join(
            kb.facts[t].label(lang) if t in kb.facts else t for t in targets
        )
    else:
        names = (kb.causes[t].title(lang) if t in kb.causes else t for t in targets)
        titles = say("desk.sep", lang).join(names)
        key = callview.EFFECT_KEYS.get(effect)
        what = f"{say(key, lang) if key else effect}: {titles}"
    return f"{what} — {because} [{rule_id}]" if because else f"{what} [{rule_id}]"
