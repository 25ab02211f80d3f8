"""A cluster -> facts -> the rule engine -> the likely cause, its fixes and whom to call.

The facts are the cluster's properties (named to KB facts by ``facts.yaml``) plus whatever the
KB's log signatures read out of the cluster's most frequent error texts.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..logs.logscan import LogScanner
from ..reasoning.diagnosis import Doctor

MIN_ERROR_SHARE = 0.1  # an error text read into facts must be this common among the failures
KIND_ORDER = ("provider", "connection", "server", "package", "os", "device", "app", "site")


@lru_cache(maxsize=1)
def fact_names() -> dict[str, str]:
    """Cluster property -> KB fact id."""
    text = resources.files(__package__).joinpath("facts.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


def common_kind(kinds: list[str]) -> str:
    """One kind for a predicate: its only kind, the network one among site ones, else mixed."""
    known = {k for k in kinds if k in KIND_ORDER}
    if len(known) > 1 and known - {"site"} and len(known - {"site"}) == 1:
        known -= {"site"}
    if known == {"provider", "connection"}:
        return "provider"
    return known.pop() if len(known) == 1 else "mixed"


class Diagnoser:
    """Diagnoses clusters with one knowledge base."""

    def __init__(self, kb: Any):
        self.kb = kb
        self.doctor = Doctor(kb)
        self.scanner = LogScanner(kb)

    def facts(self, cluster: dict[str, Any]) -> dict[str, Any]:
        """The facts a cluster gives, for the KB facts that exist and accept the value."""
        names = fact_names()
        props = {
            "kind": common_kind(cluster["kinds"]),
            "risk_ratio": round(min(cluster["risk_ratio"], 1e6), 3),
            "terminals_failed": cluster["terminals_failed"],
            "onset": cluster.get("onset"),
            "stage": cluster["stages"][0]["stage"] if cluster["stages"] else None,
        }
        facts = {}
        for prop, value in props.items():
            fact = self.kb.facts.get(names.get(prop, ""))
            if fact is not None and value is not None and accepts(fact, value):
                facts[fact.id] = value
        texts = [e["error"] for e in cluster["top_errors"] if e["share"] >= MIN_ERROR_SHARE]
        facts.update(self.scanner.scan_lines(texts, source="cluster").facts)
        return facts

    def diagnose(self, cluster: dict[str, Any], lang: str) -> dict[str, Any] | None:
        """The top cause of a cluster with its fixes and escalation (None: nothing concluded)."""
        facts = self.facts(cluster)
        result = self.doctor.diagnose(facts)
        if not result.causes:
            return None
        top = result.causes[0]
        team = top.cause.escalate_to
        return {
            "cause_id": top.id,
            "category": top.category,
            "title": top.cause.title(lang),
            "probability": round(top.probability, 6),
            "fixes": [{"step": f.step.id, "title": f.step.title(lang)} for f in top.fixes],
            "escalate_to": {"id": team, "name": self.kb.teams[team].name(lang)},
            "others": [
                {"cause_id": c.id, "probability": round(c.probability, 6)}
                for c in result.causes[1:3]
            ],
            "facts": facts,
        }


def accepts(fact: Any, value: Any) -> bool:
    """Does the fact take this value (a choice among its values, a number, text)?"""
    if fact.type == "choice":
        return value in {v.id for v in fact.values}
    if fact.type == "number":
        return isinstance(value, int | float)
    return True
