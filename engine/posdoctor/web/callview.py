"""What the call screen shows, as plain dicts for the templates: built from a Session (the
diagnosis) and the call's record in the store (ticket, owner, seq, who did what).

Nothing here does I/O or decides anything: the session decides, the service stores, this
module only puts the session's questions, fixes, causes and events into the agent's language
(and the merchant's, for what is read out to the merchant).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..ask.session import FixProposal, Session
from ..kb.model import Fact
from ..messages import say
from ..reasoning.voi import Question

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


def question_view(session: Session, q: Question, lang: str, merchant_lang: str) -> dict[str, Any]:
    """The question card: text, how to check it, answers, and the merchant's wording."""
    f = q.fact
    doubts = None
    if q.doubts and q.doubts in session.doctor.kb.facts:
        doubts = say("ask.doubts", lang, q=session.doctor.kb.facts[q.doubts].question(lang))
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
        "doubts": doubts,
    }


def fix_view(p: FixProposal, lang: str, merchant_lang: str, confirmed: bool) -> dict[str, Any]:
    """The fix card: the step, its instructions and check, and whether it is confirmed."""
    s = p.step
    return {
        "step": s.id,
        "cause": p.cause.id,
        "cause_title": p.cause.cause.title(lang),
        "probability": p.cause.probability,
        "title": s.title(lang),
        "instructions": [t(lang) for t in s.do],
        "merchant_instructions": [t(merchant_lang) for t in s.do] if merchant_lang != lang else [],
        "minutes": s.minutes,
        "verify": s.verify(lang),
        "risky": s.risky,
        "warning": s.warning(lang) if s.warning else "",
        "confirmed": confirmed or not s.risky,
    }


def causes_view(session: Session, lang: str) -> list[dict[str, Any]]:
    """The ranked causes with their probabilities, best first."""
    return [
        {"id": rc.id, "title": rc.cause.title(lang), "probability": rc.probability}
        for rc in session.diagnosis().causes[:SHOWN_CAUSES]
    ]


def timeline(
    session: Session, lang: str, actors: Sequence[Mapping[str, Any]] = ()
) -> list[dict[str, Any]]:
    """Every answer, change, skip and fix result so far, oldest first, with who did it.
    ``actors`` are the store's events in the same order (their ``actor`` and ``at``)."""
    kb = session.doctor.kb
    out = []
    answered = {e["fact"] for e in session.events if e["kind"] in ("answer", "change")}
    for i, e in enumerate(session.events):
        row = _row(session, e, lang)
        if row is None:
            continue
        who = actors[i] if i < len(actors) else {}
        row["actor"] = who.get("actor") or ""
        row["at"] = str(who.get("at") or e.get("at") or "").replace("T", " ")[:19]
        fact = kb.facts.get(row["fact"]) if row["fact"] else None
        changeable = fact is not None and fact.id in answered and e["kind"] != "given"
        row["options"] = options(fact, lang) if changeable and fact is not None else None
        out.append(row)
    return _latest_only(out)


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


def why_view(session: Session, lang: str) -> dict[str, Any]:
    """Why the current question: what it separates and where each answer would lead."""
    kb = session.doctor.kb
    w = session.why()
    fact = kb.facts[w["fact"]]
    doubts = w["doubts"]
    return {
        "fact": w["fact"],
        "gain_bits": w["gain_bits"],
        "minutes": w["minutes"],
        "doubts": say("ask.doubts", lang, q=kb.facts[doubts].question(lang)) if doubts else None,
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


def how_view(session: Session, lang: str) -> list[dict[str, Any]]:
    """How the ranking was reached: the three best causes with the rules behind them."""
    out = []
    for rc in session.how():
        evidence = [
            {
                "sign": EFFECTS.get(e.effect, "·"),
                "effect_label": say(EFFECT_KEYS[e.effect], lang) if e.effect in EFFECT_KEYS else "",
                "text": e.rule.because(lang) if e.rule.because else e.rule.id,
                "rule": e.rule.id,
                "given": ", ".join(f"{k}={v}" for k, v in e.given_facts().items()),
            }
            for e in rc.evidence
        ]
        out.append(
            {
                "title": rc.cause.title(lang),
                "probability": rc.probability,
                "evidence": evidence,
                "failed": [
                    session.doctor.kb.steps[s].title(lang)
                    if s in session.doctor.kb.steps
                    else s
                    for s, _ in rc.tried
                ],
            }
        )
    return out


def outcome(session: Session, lang: str) -> str:
    """What the card says when nothing is asked or proposed: resolved, escalated, or stuck."""
    kb = session.doctor.kb
    if session.phase == "resolved" and session.resolved:
        step = session.resolved["step"]
        title = kb.steps[step].title(lang) if step in kb.steps else step
        return say("desk.outcome_resolved", lang, step=title)
    if session.phase == "escalated":
        team = next(
            (e.get("team") for e in reversed(session.events) if e["kind"] == "escalated"), None
        )
        team = team or (session.diagnosis().causes[0].cause.escalate_to if session.diagnosis().causes else "")
        name = kb.teams[team].name(lang) if team in kb.teams else team or "—"
        return say("desk.outcome_escalated", lang, team=name)
    return say("desk.outcome_none", lang)
