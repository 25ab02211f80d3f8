"""What a knowledge base holds, as rows for `posdoctor kb list`."""

from __future__ import annotations

from typing import Any

from .conditions import facts_of
from .model import KnowledgeBase


def kb_listing(kb: KnowledgeBase, what: str, lang: str) -> list[dict[str, Any]]:
    """Rows describing the causes, facts, rules, steps or signatures of ``kb``."""
    return {
        "causes": _causes,
        "facts": _facts,
        "rules": _rules,
        "steps": _steps,
        "signatures": _signatures,
    }[what](kb, lang)


def _causes(kb: KnowledgeBase, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "category": c.category,
            "title": c.title(lang),
            "prior": c.prior,
            "fixes": [f.step_id for f in c.fixes],
            "escalate_to": c.escalate_to,
            "where": str(c.origin),
        }
        for c in kb.causes.values()
    ]


def _facts(kb: KnowledgeBase, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": f.id,
            "type": f.type,
            "label": f.label(lang),
            "question": f.question(lang),
            "values": [v.id for v in f.values] if f.values else None,
            "unit": f.unit(lang) if f.unit else None,
            "cost_minutes": f.minutes,
            "minutes": f.minutes,
            "derived_from": list(f.derived_from),
            "ask": f.ask,
            "where": str(f.origin),
        }
        for f in kb.facts.values()
    ]


def _rules(kb: KnowledgeBase, lang: str) -> list[dict[str, Any]]:
    out = []
    for r in kb.rules:
        out.append(
            {
                "id": r.id,
                "facts": sorted(facts_of(r.when)),
                "then": [
                    {
                        "effect": c.kind,
                        "target": c.target,
                        **({"strength": c.strength} if c.strength else {}),
                        **({"value": c.value} if c.kind == "set" else {}),
                    }
                    for c in r.then
                ],
                "because": r.because(lang) if r.because else "",
                "where": str(r.origin),
            }
        )
    return out


def _steps(kb: KnowledgeBase, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "title": s.title(lang),
            "minutes": s.minutes,
            "risky": s.risky,
            "where": str(s.origin),
        }
        for s in kb.steps.values()
    ]


def _signatures(kb: KnowledgeBase, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": s.id,
            "pattern": s.pattern,
            "sets": {
                k: (v if not hasattr(v, "group") else f"<{v.group}>") for k, v in s.sets.items()
            },
            "where": str(s.origin),
        }
        for s in kb.signatures
    ]
