"""What the call screen shows, as plain dicts for the templates: built from a Session (the
diagnosis) and the call's record in the store (ticket, owner, seq, who did what).

Nothing here does I/O or decides anything: the session decides, the service stores, this
module only puts the session's questions, fixes, causes and events into the agent's language
(and the merchant's, for what is read out to the merchant).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..ask.session import Session
from ..kb.model import Fact
from ..messages import say

SHOWN_CAUSES = 6
EFFECTS = {"supports": "+", "opposes": "−", "rules_out": "×"}
EFFECT_KEYS = {
    "supports": "desk.effect_supports",
    "opposes": "desk.effect_opposes",
    "rules_out": "desk.effect_rules_out",
}
ROLE_KEYS = {
    "agent": "desk.role_agent",
    "lead": "desk.role_lead",
    "specialist": "desk.role_specialist",
    "admin": "desk.role_admin",
}
LANG_KEYS = {"en": "desk.lang_en", "zh": "desk.lang_zh"}
RESULT_KEYS = {
    "worked": "desk.result_worked",
    "failed": "desk.result_failed",
    "skipped": "desk.result_skipped",
}


def role_name(role: str, lang: str) -> str:
    """A role's name in ``lang`` (its id when it is not one of the four)."""
    return say(ROLE_KEYS[role], lang) if role in ROLE_KEYS else role


def lang_name(code: str, lang: str) -> str:
    """A language's name in ``lang``."""
    return say(LANG_KEYS[code], lang) if code in LANG_KEYS else code


def result_name(result: str, lang: str) -> str:
    """A fix result (worked, failed, skipped) in ``lang``."""
    return say(RESULT_KEYS[result], lang) if result in RESULT_KEYS else result


def options(fact: Fact, lang: str) -> list[dict[str, str]]:
    """The answer buttons of a fact with their keys (y/n/u, 1-9/u); [] for a typed answer."""
    if fact.type == "boolean":
        pairs = [("true", say("answer.yes", lang), "y"), ("false", say("answer.no", lang), "n")]
    elif fact.type == "choice":
        pairs = [
            (str(c.id), c.label(lang), str(i) if i <= 9 else "")
            for i, c in enumerate(fact.values, 1)
        ]
    else:
        return []
    pairs.append(("unknown", say("answer.unknown", lang), "u"))
    return [{"value": v, "label": label, "key": key} for v, label, key in pairs]


def shown(fact: Fact | None, value: Any, lang: str) -> str:
    """An answer as the agent reads it ("unknown" for a value not known)."""
    if value is None:
        return say("answer.unknown", lang)
    return fact.value_label(value, lang) if fact is not None else str(value)


def question_view(kb: Any, q: Mapping[str, Any], lang: str, merchant_lang: str) -> dict[str, Any]:
    """The question card from the service's question: text, how to check it, the answer
    buttons, and the question as it is read out in the merchant's language."""
    f = kb.facts[q["fact"]]
    other = merchant_lang != lang
    placeholder = f.unit(lang) if f.unit else ""
    return {
        "fact": f.id,
        "type": f.type,
        "text": f.question(lang),
        "how": [t(lang) for t in f.check],
        "merchant_text": f.question(merchant_lang) if other else "",
        "minutes": f.minutes,
        "options": options(f, lang),
        "placeholder": placeholder if f.type == "number" else say("ask.text", lang),
        "doubts": None,
    }


def fix_view(
    kb: Any,
    p: Mapping[str, Any],
    causes: Sequence[Mapping[str, Any]],
    lang: str,
    merchant_lang: str,
    confirmed: bool,
) -> dict[str, Any]:
    """The fix card from the service's proposed step: instructions, check, warning, and
    whether a risky step is confirmed already."""
    s = kb.steps[p["step"]]
    cause = kb.causes[p["cause"]]
    probability = next((c["probability"] for c in causes if c["id"] == p["cause"]), 0.0)
    return {
        "step": s.id,
        "cause": cause.id,
        "cause_title": cause.title(lang),
        "probability": probability,
        "title": s.title(lang),
        "instructions": [t(lang) for t in s.do],
        "merchant_instructions": [t(merchant_lang) for t in s.do] if merchant_lang != lang else [],
        "minutes": s.minutes,
        "verify": s.verify(lang),
        "risky": s.risky,
        "warning": s.warning(lang) if s.warning else "",
        "confirmed": confirmed or not s.risky,
    }


def causes_view(kb: Any, causes: Sequence[Mapping[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The service's ranked causes, titled in ``lang``, best first."""
    return [
        {"id": c["id"], "title": kb.causes[c["id"]].title(lang), "probability": c["probability"]}
        for c in causes[:SHOWN_CAUSES]
        if c["id"] in kb.causes
    ]


def timeline(
    session: Session, lang: str, stored: Sequence[Mapping[str, Any]] = ()
) -> list[dict[str, Any]]:
    """Every answer, change, skip, fix result and phase change so far, oldest first, with who
    did it and when (from ``stored``, the store's events of the call)."""
    kb = session.doctor.kb
    events = session.events
    who = _actors(events, stored)
    answered = {e["fact"] for e in events if e["kind"] in ("given", "answer", "change")}
    out = []
    for i, e in enumerate(events):
        row = _row(session, e, lang)
        if row is None:
            continue
        by = who.get(i, {})
        row["actor"] = by.get("actor") or ""
        row["seq"] = by.get("seq") or 0
        row["at"] = str(by.get("at") or e.get("at") or "").replace("T", " ")[:19]
        fact = kb.facts.get(row["fact"]) if row["fact"] else None
        changeable = fact is not None and fact.id in answered and fact.type != "text"
        row["options"] = options(fact, lang) if changeable and fact is not None else None
        out.append(row)
    return _latest_only(out)


STORED_AS = {
    "answer": ("answer",),
    "change": ("change",),
    "skip": ("skip",),
    "fix": ("fix_result",),
    "start_fixing": ("start_fixing",),
    "resume_asking": ("resume_asking",),
    "escalated": ("escalate", "fix_result", "start_fixing"),
}


def _actors(
    events: Sequence[Mapping[str, Any]], stored: Sequence[Mapping[str, Any]]
) -> dict[int, Mapping[str, Any]]:
    """For each session event (by index), the stored event that wrote it: the k-th last
    event of a kind and fact is the k-th last stored one (undone ones were the latest)."""
    by_key: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for se in stored:
        key = (str(se.get("kind")), str(se.get("fact") or se.get("step") or ""))
        by_key.setdefault(key, []).append(se)
    out: dict[int, Mapping[str, Any]] = {}
    for i in range(len(events) - 1, -1, -1):
        e = events[i]
        for kind in STORED_AS.get(e["kind"], ()):
            key = (kind, str(e.get("fact") or e.get("step") or ""))
            if kind != e["kind"] and e["kind"] == "escalated":
                key = (kind, "")
            if by_key.get(key):
                out[i] = by_key[key].pop()
                break
    return out


def _row(session: Session, e: Mapping[str, Any], lang: str) -> dict[str, Any] | None:
    """One event as a timeline row, or None for an event the agent does not need to see."""
    kb = session.doctor.kb
    kind = e["kind"]
    if kind in ("given", "answer", "change", "skip"):
        fact = kb.facts.get(e["fact"])
        text = fact.question(lang) if fact is not None else e["fact"]
        value = e.get("value")
        answer = say("escalation.skipped", lang) if kind == "skip" else shown(fact, value, lang)
        if kind == "change":
            answer += f" ({say('escalation.revised', lang)})"
        return {"kind": kind, "fact": e["fact"], "question": text, "shown": answer, "value": value}
    if kind == "fix" and e.get("step") in kb.steps:
        title = kb.steps[e["step"]].title(lang)
        result = say("desk.fix_result", lang, step=title, result=result_name(e["result"], lang))
        return {"kind": kind, "fact": None, "question": say("ask.try", lang), "shown": result}
    if kind == "start_fixing":
        return _note(kind, say("desk.started_fixing", lang))
    if kind == "resume_asking":
        return _note(kind, say("desk.resumed", lang))
    if kind == "escalated":
        team = e.get("team") or ""
        name = kb.teams[team].name(lang) if team in kb.teams else team or "—"
        return _note(kind, say("desk.escalated_event", lang, team=name))
    return None


def _note(kind: str, text: str) -> dict[str, Any]:
    """A timeline row that is not an answer (a phase change)."""
    return {"kind": kind, "fact": None, "question": "", "shown": text, "value": None}


def _latest_only(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Offer "change" on the latest row of each fact only (older ones are history)."""
    seen: set[str] = set()
    for row in reversed(rows):
        if row["fact"] in seen:
            row["options"] = None
        elif row["fact"]:
            seen.add(row["fact"])
    return rows


def why_view(kb: Any, w: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """Why the current question (the service's why): what it separates, where each answer
    would lead, the rules that read it."""
    fact = kb.facts[w["fact"]]
    doubts = w.get("doubts")
    return {
        "fact": w["fact"],
        "gain_bits": w["gain_bits"],
        "minutes": w["minutes"],
        "doubts": say("ask.doubts", lang, q=kb.facts[doubts].question(lang))
        if doubts in kb.facts
        else None,
        "separates": [
            {"title": kb.causes[s["cause"]].title(lang), "probability": s["probability"]}
            for s in w["separates"]
            if s["cause"] in kb.causes
        ],
        "answers": [
            {
                "shown": shown(fact, a["answer"], lang),
                "probability": a["probability"],
                "top": kb.causes[a["top_cause"]].title(lang)
                if a["top_cause"] in kb.causes
                else say("ask.another", lang),
            }
            for a in w["answers"]
        ],
        "rules": w["rules"],
    }


def how_view(kb: Any, how: Sequence[Mapping[str, Any]], lang: str) -> list[dict[str, Any]]:
    """How the ranking was reached (the service's how): each best cause with its rules."""
    return [
        {
            "title": kb.causes[c["id"]].title(lang) if c["id"] in kb.causes else c["id"],
            "probability": c["probability"],
            "evidence": [_evidence(e, lang) for e in c["evidence"]],
            "failed": [],
        }
        for c in how
    ]


def _evidence(e: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """One piece of evidence as a line: sign, the rule's reason, the rule and its facts."""
    effect = e.get("effect", "")
    return {
        "sign": EFFECTS.get(effect, "·"),
        "effect_label": say(EFFECT_KEYS[effect], lang) if effect in EFFECT_KEYS else "",
        "text": e.get("because") or e["rule"],
        "rule": e["rule"],
        "given": ", ".join(f"{k}={v}" for k, v in (e.get("given_facts") or {}).items()),
    }


def outcome(session: Session, lang: str, team: str | None) -> str:
    """What the card says when nothing is asked or proposed: resolved (by which step),
    escalated (to whom: ``team``, the call's queue now), or time to go to the fixes."""
    kb = session.doctor.kb
    resolved = session.resolved
    if resolved is not None:
        step = resolved["step"]
        title = kb.steps[step].title(lang) if step in kb.steps else step
        return say("desk.outcome_resolved", lang, step=title)
    if session.phase == "escalated":
        name = kb.teams[team].name(lang) if team and team in kb.teams else team or "—"
        return say("desk.outcome_escalated", lang, team=name)
    if session.phase == "asking":
        cannot_tell = session.stop_reason() == "caller_cannot_tell"
        return say("ask.stop_cannot_tell" if cannot_tell else "ask.stop_worth", lang)
    return say("desk.outcome_none", lang)
