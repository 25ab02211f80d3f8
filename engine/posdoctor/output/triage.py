"""The handbook's "start here" page: the questions worth asking from nothing known, and the
flowchart they start (ask the best question, branch on its answers, end at a likely cause)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..kb.model import Atom
from ..messages import say
from ..reasoning.probes import rule_cuts
from ..reasoning.voi import rank_questions
from .diagram import Edge, Graph, Node
from .phrases import range_phrase

if TYPE_CHECKING:  # only for types: `posdoctor --help` does not load the rule engine
    from ..reasoning.diagnosis import Diagnosis, Doctor

TRIAGE_DEPTH = 2  # questions on a path of the flowchart
LIKELY = 0.5  # a branch of the flowchart ends when one cause is at least this likely


def answer_groups(doctor: Doctor, facts: dict[str, Any], q: Any, lang: str) -> list[dict[str, Any]]:
    """A question's answers with the cause then on top; neighbouring numbers after which the
    same rules fire are merged into one range ("< 50MB"), since they lead to the same place."""
    fact = q.fact
    groups: list[dict[str, Any]] = []
    for value, p, _top in q.answers:
        fired = {f.rule for f in doctor.matcher.evaluate({**facts, fact.id: value}).fired}
        if groups and fact.type == "number" and groups[-1]["fired"] == fired:
            groups[-1]["values"].append(value)
            groups[-1]["probability"] += p
        else:
            groups.append({"fired": fired, "values": [value], "probability": p})
    cuts = sorted(rule_cuts(doctor.kb, fact.id))
    out = []
    for g in groups:
        d = doctor.diagnose({**facts, fact.id: g["values"][0]}, checked=True)
        out.append(
            {
                "shown": _span(fact, g["values"], cuts, lang),
                "value": g["values"][0],
                "probability": g["probability"],
                "top": top_cause(d),
                "diagnosis": d,  # where this answer leads, for the flowchart to go on from
            }
        )
    return out


def top_cause(d: Any) -> Any:
    """The cause on top of a diagnosis, or None when "another cause" is more likely."""
    top = d.causes[0] if d.causes else None
    return top if top is not None and top.probability >= d.unexplained else None


def _span(fact: Any, values: list[Any], cuts: list[float], lang: str) -> str:
    """The answers ``values`` in words: a value, or the range between the cuts around them."""
    if fact.type != "number" or (len(values) == 1 and values[0] in cuts):
        return fact.value_label(values[0], lang)
    first, last = values[0], values[-1]
    lo = first if first in cuts else max((c for c in cuts if c < first), default=None)
    hi = last if last in cuts else min((c for c in cuts if c > last), default=None)
    span = Atom(fact.id, "range", (lo, first in cuts, hi, last in cuts))
    return range_phrase(span, lambda v: fact.value_label(v, lang), lang) or "*"


def question_item(doctor: Doctor, q: Any, lang: str) -> dict[str, Any]:
    """A triage question: how to check it and where each answer points."""
    f = q.fact
    return {
        "fact": f.id,
        "label": f.label(lang),
        "question": f.question(lang),
        "check": [t(lang) for t in f.check],
        "minutes": f.minutes,
        "gain": q.gain,
        "answers": [
            {
                "shown": a["shown"],
                "probability": a["probability"],
                "cause": {
                    "id": a["top"].id,
                    "title": a["top"].cause.title(lang),
                    "probability": a["top"].probability,
                }
                if a["top"]
                else None,
            }
            for a in answer_groups(doctor, {}, q, lang)
        ],
    }


def branching(doctor: Doctor, d: Any, limit: int) -> list[Any]:
    """The best questions that have answers to branch on (not free text)."""
    found = rank_questions(doctor, d, limit=limit + len(doctor.kb.facts))
    return [q for q in found if len(q.answers) > 1][:limit]


def triage(
    doctor: Doctor, lang: str, linked: set[str], depth: int = TRIAGE_DEPTH, limit: int = 10
) -> dict[str, Any]:
    """The questions to ask from nothing known, best first, and the flowchart they start."""
    start = doctor.diagnose({})
    first = branching(doctor, start, limit)
    return {
        "questions": [question_item(doctor, q, lang) for q in first],
        "flow": flow_graph(doctor, lang, linked, depth, start),
    }


def flow_graph(
    doctor: Doctor, lang: str, linked: set[str], depth: int, start: Diagnosis | None = None
) -> Graph:
    """Ask the best question, branch on its answers; a branch ends at the cause then on top
    when it is likely enough or the path is ``depth`` questions long."""
    nodes: list[Node] = []
    edges: list[Edge] = []

    def grow(facts: dict[str, Any], d: Diagnosis, parent: str, answer: str, level: int) -> None:
        best = branching(doctor, d, 1) if level < depth else []
        top = top_cause(d)
        nid = f"n{len(nodes)}"
        if parent:
            edges.append(Edge(parent, nid, answer))
        if best and not (level and top and top.probability >= LIKELY):
            fact = best[0].fact
            nodes.append(Node(nid, fact.label(lang), "question", note=fact.question(lang)))
            for a in answer_groups(doctor, facts, best[0], lang):
                grow({**facts, fact.id: a["value"]}, a["diagnosis"], nid, a["shown"], level + 1)
        elif top is None:
            nodes.append(Node(nid, say("triage.open", lang), "other"))
        else:
            link = top.id if top.id in linked else ""
            title = top.cause.title(lang)
            nodes.append(Node(nid, f"{title} · {top.probability:.0%}", "cause", link, title))

    grow({}, start or doctor.diagnose({}), "", "", 0)
    return Graph("triage", "n0", tuple(nodes), tuple(edges), title=say("handbook.title", lang))
