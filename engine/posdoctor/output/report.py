"""Plain-data forms of results (JSON-ready dicts), in one language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..kb.model import KnowledgeBase, Step
from ..messages import say

if TYPE_CHECKING:
    from ..ask.session import Session
    from ..reasoning.diagnosis import Diagnosis, Doctor, Evidence, FixStep, RankedCause
    from ..reasoning.voi import Question

SCHEMA_VERSION = 1


def diagnosis_json(
    doctor: Doctor, diagnosis: Diagnosis, lang: str = "en", top: int | None = None
) -> dict[str, Any]:
    """What `posdoctor diagnose --format json` prints for ``diagnosis`` (the schema is
    docs/diagnosis.schema.json): its causes (the best ``top``), evidence, fixes and the next
    checks, in ``lang``. Exported as ``posdoctor.diagnosis_json``."""
    from ..reasoning.voi import rank_questions

    return diagnosis_dict(doctor.kb, diagnosis, rank_questions(doctor, diagnosis), lang, top)


def escalation_json(session: Session, lang: str = "en") -> dict[str, Any]:
    """What `posdoctor report ID --format json` prints: the escalation report of a session.
    Exported as ``posdoctor.escalation_json``."""
    return escalation_dict(session, lang)


def diagnosis_dict(
    kb: KnowledgeBase,
    d: Diagnosis,
    next_checks: Sequence[Question],
    lang: str = "en",
    top: int | None = None,
) -> dict[str, Any]:
    """The documented JSON object of a diagnosis (docs/diagnosis.schema.json); ``next_checks``
    are the questions worth asking next (``voi.rank_questions(doctor, d)``)."""
    causes = d.causes if top is None else d.causes[:top]
    return {
        "schema_version": SCHEMA_VERSION,
        "lang": lang,
        "causes": [cause_dict(kb, rc, lang) for rc in causes],
        "unexplained": round(d.unexplained, 6),
        "ruled_out": [
            {
                "id": c.id,
                "category": c.category,
                "title": c.title(lang),
                "evidence": [evidence_dict(kb, e, lang)],
            }
            for c, e in d.ruled_out
        ],
        "facts": {f: v for f, v in sorted(d.facts.items())},
        "derived": {
            f: {"value": d.derived_facts[f], "rule": e.rule.id}
            for f, e in sorted(d.derived.items())
        },
        "next_checks": [question_dict(q, lang) for q in next_checks],
        "warnings": list(d.warnings),
    }


def cause_dict(kb: KnowledgeBase, rc: RankedCause, lang: str) -> dict[str, Any]:
    c = rc.cause
    return {
        "id": c.id,
        "category": c.category,
        "score": round(rc.probability, 6),
        "title": c.title(lang),
        "description": c.description(lang),
        "evidence": [evidence_dict(kb, e, lang) for e in rc.evidence],
        "fixes": [fix_dict(f, lang) for f in rc.fixes],
        "escalate_to": {"id": c.escalate_to, "name": kb.teams[c.escalate_to].name(lang)},
        "sources": [source_dict(kb, s.ref, s.section, lang) for s in c.source],
    }


def evidence_dict(kb: KnowledgeBase, e: Evidence, lang: str) -> dict[str, Any]:
    """How a conclusion was reached, down to the facts a person or a log gave."""
    return {
        "rule": e.rule.id,
        "effect": e.effect,
        "strength": e.strength,
        "ratio": round(e.ratio, 6),
        "because": e.rule.because(lang) if e.rule.because else "",
        "facts": [
            {
                "fact": u.fact,
                "label": kb.facts[u.fact].label(lang),
                "value": u.value,
                "shown": kb.facts[u.fact].value_label(u.value, lang),
                **({"derived_by": evidence_dict(kb, u.derived_by, lang)} if u.derived_by else {}),
            }
            for u in e.facts
        ],
        "given_facts": e.given_facts(),
        "where": str(e.rule.origin),
    }


def fix_dict(f: FixStep, lang: str) -> dict[str, Any]:
    return {**step_dict(f.step, lang), "success": round(f.success, 6)}


def step_dict(s: Step, lang: str) -> dict[str, Any]:
    return {
        "step": s.id,
        "title": s.title(lang),
        "instructions": [t(lang) for t in s.do],
        "minutes": s.minutes,
        "risky": s.risky,
        "warning": s.warning(lang) if s.warning else "",
        "verify": s.verify(lang),
        "requires": list(s.requires),
    }


def question_dict(q: Question, lang: str) -> dict[str, Any]:
    f = q.fact
    return {
        "fact": f.id,
        "question": f.question(lang),
        "how_to_check": [t(lang) for t in f.check],
        "cost_minutes": f.minutes,  # the older name, kept: JSON keys are a contract
        "minutes": f.minutes,
        "gain_bits": round(q.gain, 6),
        "value_per_minute": round(q.value, 6),
        "separates": list(q.separates),
        "answers": [
            {
                "answer": a,
                "shown": f.value_label(a, lang),
                "probability": round(p, 6),
                "top_cause": top or None,
            }
            for a, p, top in q.answers
        ],
    }


def source_dict(kb: KnowledgeBase, ref: str, section: str, lang: str) -> dict[str, Any]:
    src = kb.sources[ref]
    return {"ref": ref, "title": src.title(lang), "section": section, "url": src.url}


def escalation_dict(session: Any, lang: str = "en") -> dict[str, Any]:
    """Everything second-line support needs: the terminal's details, every answer, log
    evidence, causes ruled out and why, fixes tried and their results, what remains, and who
    should take it next (the source document: give detailed error information and the steps
    already taken)."""
    import time

    kb = session.doctor.kb
    d = session.diagnosis()
    remaining = [cause_dict(kb, rc, lang) for rc in d.causes[:5]]
    for item, rc in zip(remaining, d.causes[:5], strict=False):
        item["failed_fixes"] = [s for s, _ in rc.tried]
    phase = session.phase
    events = session.events
    handed = (  # the escalation in force, if any
        next(e for e in reversed(events) if e["kind"] == "escalated")
        if phase == "escalated"
        else None
    )
    owner = d.causes[0].cause.escalate_to if d.causes else "help_desk_l2"
    if handed and handed.get("team"):
        owner = handed["team"]  # the team the agent escalated to
    log = session.log.to_dict() if hasattr(session.log, "to_dict") else session.log
    return {
        "session": session.id,
        "status": session.status(),
        "phase": phase,
        "note": (handed or {}).get("note") or "",
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "meta": session.meta,
        "facts": [_fact_row(kb, f, v, lang) for f, v in sorted(session.facts.items())],
        "answers": [
            {
                **_fact_row(kb, e["fact"], e.get("value"), lang),
                "kind": e["kind"],
                "at": e.get("at", ""),
                "doubts": e.get("doubts"),  # asked as a second opinion on this fact's answer
            }
            for e in events
            if e["kind"] in ("answer", "change", "skip")
        ],
        "log": log,
        "ruled_out": [
            {
                "id": c.id,
                "title": c.title(lang),
                "rule": e.rule.id,
                "because": e.rule.because(lang) if e.rule.because else "",
                "facts": e.given_facts(),
            }
            for c, e in d.ruled_out
        ],
        "fixes_tried": [
            {
                "cause": e["cause"],
                "cause_title": kb.causes[e["cause"]].title(lang),
                "step": e["step"],
                "title": kb.steps[e["step"]].title(lang),
                "result": e["result"],
                "at": e.get("at", ""),
            }
            for e in session.fixes_tried
            if e["cause"] in kb.causes and e["step"] in kb.steps
        ],
        "remaining": remaining,
        "unexplained": round(d.unexplained, 6),
        "recommended_owner": {
            "id": owner,
            "name": kb.teams[owner].name(lang) if owner in kb.teams else owner,
        },
    }


def _fact_row(kb: KnowledgeBase, fact_id: str, value: Any, lang: str) -> dict[str, Any]:
    fact = kb.facts.get(fact_id)
    if fact is None:
        return {"fact": fact_id, "value": value, "shown": str(value)}
    return {
        "fact": fact_id,
        "label": fact.label(lang),
        "question": fact.question(lang),
        "value": value,
        "shown": fact.value_label(value, lang)
        if value is not None
        else say("answer.unknown", lang),
    }


def attach_log(data: dict[str, Any], ev: Any, lang: str) -> None:
    """Add what a log told to a diagnosis dict, and name in every piece of evidence the log
    lines its facts came from (so the agent sees why)."""
    data["log"] = ev.to_dict()
    data["warnings"].extend(zh if lang == "zh" else en for en, zh in ev.notes)
    data["warnings"].extend(ev.warnings[:20])
    if not ev.recognised:
        data["warnings"].insert(0, say("report.nothing_recognised", lang))
    lines: dict[str, list[dict[str, Any]]] = {}
    for m in ev.matches:
        for fact in m.sets:
            lines.setdefault(fact, []).append({"line": m.line, "text": m.text})

    def walk(evidence: list[dict[str, Any]]) -> None:
        for e in evidence:
            for used in e["facts"]:
                if "derived_by" in used:
                    walk([used["derived_by"]])
                elif used["fact"] in lines and ev.facts.get(used["fact"]) == used["value"]:
                    used["log_lines"] = lines[used["fact"]][:3]

    for item in data["causes"] + data["ruled_out"]:
        walk(item["evidence"])
